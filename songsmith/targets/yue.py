"""YuE: ``yue/genre.txt``, ``yue/lyrics.txt`` and ``yue/README.txt`` (the exact command).

Rules (see docs/targets.md for each rule's source): ``genre.txt`` one line of space-separated tags (genre,
instrument, mood, gender, timbre) plus ``Mandarin`` or ``Cantonese`` for Chinese; ``lyrics.txt``
only ``[verse]`` ``[chorus]`` ``[bridge]`` ``[outro]`` (``\\w+`` labels: anything else drops the
section), blank-line separated, no ``[`` inside text, nothing before the first tag, never
``[intro]`` first, about 30 s of words per section (longer sections are split); a throw-away
final ``[outro]`` and ``--run_n_segments`` = the number of real sections (YuE never generates the
last section it parses); the stage-1 checkpoint by language (en, zh, jp-kr); instrumental = labels
with blank bodies and no vocal tags in genre.txt. Genre words are mapped onto YuE's tag
vocabulary (``prompts/targets/yue-tags.yaml``); others are left out with a warning. The contract
with YuE's own code is :mod:`songsmith.targets.conformance_yue`.
"""

from __future__ import annotations

import math
import re

from songsmith import __version__
from songsmith.document.model import Song
from songsmith.language import guess_language
from songsmith.targets import base, timing
from songsmith.targets.ace_step import singable_blocks
from songsmith.targets.base import Block, Options, Problem, TargetOutput

NAME = "yue"
FILES = ("yue/genre.txt", "yue/lyrics.txt", "yue/README.txt")
LABELS = frozenset({"verse", "chorus", "bridge", "outro"})
SECTION_SECONDS = 30.0
YUE_SECTION = re.compile(r"\[(\w+)\](.*?)(?=\[|\Z)", re.DOTALL)  # inference/infer.py L133-151
VOCAL_WORDS = re.compile(r"\b(vocals?|voice|singer|singing|choir|male|female|man|woman|boy|girl|"
                         r"children'?s?|tenor|soprano|alto|baritone|bass voice|rap|rapper)\b", re.IGNORECASE)
CHECKPOINTS = {"en": "en", "zh": "zh", "yue": "zh", "ja": "jp-kr", "ko": "jp-kr"}


def genre_line(song: Song, options: Options, instrumental: bool, warnings: list[str] | None = None) -> str:
    """The style as YuE vocabulary tags (:mod:`songsmith.targets.yue_tags`); words with no tag are
    left out and named in ``warnings``."""
    from songsmith.targets.yue_tags import map_tag

    tags = base.style_tags(song, options)
    if instrumental:
        tags = [t for t in tags if not VOCAL_WORDS.search(t)]
    language = base.song_language(song)
    tags = [t for t in tags if t.lower() not in ("mandarin", "cantonese", "chinese mandarin")]
    chosen: list[str] = []
    unknown: list[str] = []
    for tag in tags:
        found, missing = map_tag(tag)
        chosen.extend(t for t in found if t.lower() not in {c.lower() for c in chosen})
        unknown.extend(missing)
    if language in ("zh", "yue"):
        chosen.append("Cantonese" if language == "yue" else "Mandarin")
    if unknown and warnings is not None:
        warnings.append("YuE genre words outside its tag vocabulary (top_200_tags.json) left out of genre.txt: "
                        + ", ".join(dict.fromkeys(unknown)))
    line = " ".join(" ".join(chosen).split())
    return line or ("instrumental" if instrumental else "pop")


def split_long(block: Block, bpm: int) -> list[Block]:
    """Sections of about 30 s: a long one is cut into equal runs of lines."""
    lines = [line for line in block.lines if line]
    seconds = sum(timing.line_seconds(line, bpm) for line in lines)
    parts = max(1, math.ceil(seconds / (SECTION_SECONDS * 1.2)))
    if parts == 1 or len(lines) < 2:
        return [Block(block.kind, block.number, block.descriptor, lines, block.tag)]
    size = math.ceil(len(lines) / parts)
    return [Block(block.kind, block.number, block.descriptor, lines[i:i + size], block.tag)
            for i in range(0, len(lines), size)]


def render(song: Song, options: Options | None = None) -> TargetOutput:
    options = options or Options()
    warnings: list[str] = []
    notes: list[str] = []
    language = base.song_language(song)
    bpm = base.tempo(song)
    blocks = singable_blocks(base.song_blocks(song, warnings))
    instrumental = base.is_instrumental(blocks)
    if instrumental:
        labels, fallback = base.tag_table(NAME)
        pairs = [(labels.get(b.kind) or fallback, b) for b in blocks] or [("verse", Block("verse", None, None, []))]
        pairs = base.merge_trailing_instrumentals(pairs)
        warnings.append("YuE instrumentals are inconsistent (YuE#172): sections with blank bodies")
    else:
        if language in ("zh", "yue") and options.homophones:
            from songsmith.targets.chinese import aid_blocks

            blocks = aid_blocks(blocks, "homophones", notes)
        pairs = []
        for label, block in base.merge_trailing_instrumentals(base.map_blocks(blocks, NAME, warnings)):
            pairs.extend((label, part) for part in split_long(block, bpm))
        if pairs and pairs[0][1].instrumental and len(pairs) > 1:
            pairs = pairs[1:]
    if language not in CHECKPOINTS:
        warnings.append(f"YuE sings English, Mandarin, Cantonese, Japanese and Korean; {language or 'this'} "
                        "lyrics go to the English checkpoint")
    real = len(pairs)
    sections = [f"[{label}]\n" + "\n".join(block.lines) for label, block in pairs]
    _warn_context(sections, warnings)
    sections.append("[outro]\n")  # thrown away: YuE never generates the last section it parses
    lyrics = "\n\n".join(s.rstrip("\n") for s in sections) + "\n"
    genre = genre_line(song, options, instrumental, warnings) + "\n"
    checkpoint = CHECKPOINTS.get(language or "en", "en")
    names = {f: base.variant_name(f, options.variant) for f in FILES}
    readme = _readme(names, real, checkpoint, bpm, pairs)
    files = {names["yue/genre.txt"]: genre, names["yue/lyrics.txt"]: lyrics, names["yue/README.txt"]: readme}
    return TargetOutput(files, warnings, notes)


def _warn_context(sections: list[str], warnings: list[str]) -> None:
    """Stage 1's first prompt (instruction, genre, every section, then the first section again)
    must fit YuE's 16384-token window less --max_new_tokens 3000; beyond it the genre line is cut.
    Checked with a hard upper bound of the token count (UTF-8 bytes)."""
    from songsmith.targets.conformance_tokens import utf8_token_bound

    text = "\n".join(sections) + (sections[0] if sections else "")
    bound = utf8_token_bound(text) + 200  # the instruction and the genre line
    if bound > 16384 - 3000 - 1:
        warnings.append(f"the lyrics may take up to {bound} tokens of YuE's first prompt, more than its "
                        "13383-token window: the genre line could be cut; shorten the song")


def _readme(names: dict[str, str], real: int, checkpoint: str, bpm: int,
            pairs: list[tuple[str, Block]]) -> str:
    genre = names["yue/genre.txt"].rpartition("/")[2]
    lyrics = names["yue/lyrics.txt"].rpartition("/")[2]
    seconds = timing.total_seconds([(b.kind, b.sung) for _, b in pairs], bpm)
    return f"""YuE (multimodal-art-projection/YuE), packaged by songsmith {__version__}.

Run from YuE's inference/ directory, with this folder's files (or their full paths):

python infer.py --cuda_idx 0 --stage1_model m-a-p/YuE-s1-7B-anneal-{checkpoint}-cot --stage2_model m-a-p/YuE-s2-1B-general --genre_txt {genre} --lyrics_txt {lyrics} --run_n_segments {real} --stage2_batch_size 4 --output_dir ./output --max_new_tokens 3000 --repetition_penalty 1.1

- {lyrics} has {real} real sections and a throw-away final [outro]: YuE never generates the
  last section it parses (YuE#85), so --run_n_segments is {real}.
- Only [verse] [chorus] [bridge] [outro] labels: YuE drops a section whose label is not one word.
- Each section is about 30 s of singing (--max_new_tokens 3000); the whole song is about
  {seconds:.0f} s at {bpm} bpm (estimate).
- Stage-1 checkpoint: YuE-s1-7B-anneal-{checkpoint}-cot (use the -icl one with an audio prompt).
"""


def validate(files: dict[str, str]) -> list[Problem]:
    problems: list[Problem] = []
    groups = base.split_variants(files, FILES)
    if not groups:
        return [Problem(NAME, FILES[1], "missing", "no yue/lyrics.txt")]
    for group in groups.values():
        missing = [f for f in FILES if f not in group]
        if missing:
            problems.extend(Problem(NAME, f, "missing", f"no {f}") for f in missing)
            continue
        (gname, genre), (lname, lyrics), (rname, readme) = (group[f] for f in FILES)

        def err(name: str, code: str, message: str, severity: str = "error") -> None:
            problems.append(Problem(NAME, name, code, message, severity))

        genre_lines = [line for line in genre.split("\n") if line.strip()]
        if len(genre_lines) != 1:
            err(gname, "genre-lines", "genre.txt must be one line of tags")
        if "," in genre:
            err(gname, "genre-commas", "genre tags are space-separated, without commas")
        found = YUE_SECTION.findall(lyrics)
        if lyrics.split("[", 1)[0].strip():
            err(lname, "before-tag", "text before the first tag is dropped")
        tag_lines = [line for line in lyrics.split("\n") if line.startswith("[")]
        if len(found) != len(tag_lines) or "[" in "".join(body for _, body in found).replace("\n", ""):
            err(lname, "dropped", "a section label YuE cannot read (not one \\w+ word) or a '[' inside the "
                                  "text: YuE would drop or cut a section")
        for number, line in enumerate(lyrics.split("\n"), 1):
            if ("[" in line or "]" in line) and not re.fullmatch(r"\[\w+\]", line):
                err(lname, "dropped", f"line {number}: {line!r}: YuE cuts a section at '[' and drops "
                                      "labels that are not one \\w+ word")
        for label, body in found:
            if label not in LABELS:
                err(lname, "label", f"[{label}] is not one of verse, chorus, bridge, outro")
        if len(found) < 2:
            err(lname, "sections", "needs at least one real section and the throw-away final [outro]")
            continue
        if found[-1][0] != "outro":
            err(lname, "throw-away", "the last section must be the throw-away [outro]")
        if found[0][0] == "intro":
            err(lname, "intro-first", "[intro] first is unstable")
        match = re.search(r"--run_n_segments (\d+)", readme)
        if not match or int(match.group(1)) != len(found) - 1:
            err(rname, "run-n-segments", f"--run_n_segments must be {len(found) - 1} (real sections)")
        if not re.search(r"--stage1_model m-a-p/YuE-s1-7B-anneal-(en|zh|jp-kr)-(cot|icl)", readme):
            err(rname, "checkpoint", "no stage-1 checkpoint for en, zh or jp-kr")
        for wanted in (gname, lname):
            if f" {wanted.rpartition('/')[2]} " not in readme:
                err(rname, "files", f"the command does not name {wanted.rpartition('/')[2]}")
        if guess_language("".join(body for _, body in found)) == "zh":
            if not re.search(r"\b(Mandarin|Cantonese)\b", genre, re.IGNORECASE):
                err(gname, "language", "Chinese lyrics want Mandarin or Cantonese in genre.txt", "warning")
        if all(not body.strip() for _, body in found) and VOCAL_WORDS.search(genre):
            err(gname, "vocal-tags", "an instrumental's genre.txt should have no vocal tags", "warning")
    return problems
