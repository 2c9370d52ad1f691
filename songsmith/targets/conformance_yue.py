"""YuE: ``inference/infer.py`` as it reads the README command, ``genre.txt`` and ``lyrics.txt``.

Re-stated from multimodal-art-projection/YuE (commit below):

* ``infer.py``'s argument parser: ``--stage1_model --stage2_model`` (str), ``--max_new_tokens``
  (int, 3000), ``--repetition_penalty`` (float), ``--run_n_segments`` (int), ``--stage2_batch_size``
  (int), ``--genre_txt --lyrics_txt`` (required), the audio-prompt options, ``--output_dir``,
  ``--keep_intermediate``, ``--disable_offload_model``, ``--cuda_idx`` (int), ``--seed`` (int),
  the codec paths and ``-r/--rescale``.
* ``split_lyrics`` finds sections with ``\\[(\\w+)\\](.*?)(?=\\[|\\Z)``: a label that is not one
  ``\\w+`` word is not a section, a ``[`` ends a section's text, text before the first label is
  lost. Stage 1 then runs ``min(run_n_segments + 1, sections + 1)`` prompts of which the first is
  the header, so the last section is never generated.
* The first stage-1 prompt is the header (instruction, ``[Genre]`` line, every section) plus the
  first section; it must fit the ``16384 - max_new_tokens - 1`` token window, or its start (the
  genre line) is cut. The README's tag advice: the tags of ``top_200_tags.json``
  (:mod:`songsmith.targets.yue_tags`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from songsmith.targets.conformance import Upstream, Violation
from songsmith.targets.conformance_commands import (
    CommandError,
    StrictParser,
    command_words,
    variant_groups,
)
from songsmith.targets.conformance_tokens import utf8_token_bound

TARGET = "yue"
UPSTREAM = Upstream("multimodal-art-projection/YuE", "9f1394bae1d8d218fea750c1413c2d9d731c7310", "2026-12",
                    ("inference/infer.py", "top_200_tags.json", "README.md"))
RULES = {
    "command": "README.txt runs infer.py with options its argument parser declares, --genre_txt and --lyrics_txt given",
    "files": "--genre_txt and --lyrics_txt name the package's files",
    "sections": "every label line starts a section infer.py finds (one \\w+ word, no '[' in the text)",
    "before-first": "no text before the first label",
    "segments": "--run_n_segments is the number of sections less the last, which is never generated",
    "tags": "every genre.txt word belongs to a top_200_tags.json tag (or Mandarin/Cantonese)",
    "context": "the first prompt (header and first section) fits 16384 - max_new_tokens - 1 tokens (upper bound)",
}
FILES = ("yue/genre.txt", "yue/lyrics.txt", "yue/README.txt")
SCRIPT = "infer.py"
SECTION = re.compile(r"\[(\w+)\](.*?)(?=\[|\Z)", re.DOTALL)
CONTEXT = 16384
HEADER = "Generate music from the given lyrics segment by segment.\n[Genre] {genre}\n{lyrics}"


@lru_cache(maxsize=1)
def infer_parser() -> StrictParser:
    parser = StrictParser(SCRIPT)
    for name in ("--stage1_model", "--stage2_model", "--audio_prompt_path", "--vocal_track_prompt_path",
                 "--instrumental_track_prompt_path", "--output_dir", "--basic_model_config", "--resume_path",
                 "--config_path", "--vocal_decoder_path", "--inst_decoder_path"):
        parser.add_argument(name, type=str)
    parser.add_argument("--genre_txt", type=str, required=True)
    parser.add_argument("--lyrics_txt", type=str, required=True)
    for name, default in (("--max_new_tokens", 3000), ("--run_n_segments", 2), ("--stage2_batch_size", 4),
                          ("--cuda_idx", 0), ("--seed", 42)):
        parser.add_argument(name, type=int, default=default)
    for name in ("--repetition_penalty", "--prompt_start_time", "--prompt_end_time"):
        parser.add_argument(name, type=float)
    for name in ("--use_audio_prompt", "--use_dual_tracks_prompt", "--keep_intermediate", "--disable_offload_model"):
        parser.add_argument(name, action="store_true")
    parser.add_argument("-r", "--rescale", action="store_true")
    return parser


def sections(lyrics: str) -> list[str]:
    """The section prompts ``split_lyrics`` makes."""
    return [f"[{label}]\n{body.strip()}\n\n" for label, body in SECTION.findall(lyrics)]


def check(files: dict[str, str]) -> list[Violation]:
    from songsmith.targets.yue_tags import covered

    out: list[Violation] = []
    for group in variant_groups(files, FILES):
        if any(name not in group for name in FILES):
            continue
        (genre_name, genre), (lyrics_name, lyrics), (readme_name, readme) = (group[f] for f in FILES)

        def bad(name: str, rule: str, message: str) -> None:
            out.append(Violation(TARGET, name, rule, message))

        words = command_words(readme, SCRIPT)
        args = None
        if words is None:
            bad(readme_name, "command", f"no {SCRIPT} command")
        else:
            try:
                args = infer_parser().parse_command(words)
            except CommandError as exc:
                bad(readme_name, "command", f"{SCRIPT} refuses the command: {exc}")
        found = sections(lyrics)
        labels = [line for line in lyrics.split("\n") if line.lstrip().startswith("[")]
        if len(found) != len(labels) or "[" in "".join(body for _, body in SECTION.findall(lyrics)):
            bad(lyrics_name, "sections", f"{len(labels)} label lines but infer.py finds {len(found)} sections")
        if lyrics.split("[", 1)[0].strip():
            bad(lyrics_name, "before-first", "text before the first label is lost")
        missing = covered(genre.split())
        if missing:
            bad(genre_name, "tags", f"not YuE vocabulary tags: {' '.join(missing)}")
        if args is None:
            continue
        for option, name in (("genre_txt", genre_name), ("lyrics_txt", lyrics_name)):
            if getattr(args, option) != name.rpartition("/")[2]:
                bad(readme_name, "files", f"--{option} is {getattr(args, option)!r}, not {name.rpartition('/')[2]!r}")
        if args.run_n_segments != len(found) - 1:
            bad(readme_name, "segments", f"--run_n_segments {args.run_n_segments}: {len(found)} sections, "
                                         f"of which {len(found) - 1} are generated")
        window = CONTEXT - args.max_new_tokens - 1
        first = HEADER.format(genre=genre.strip(), lyrics="\n".join(found)) + (found[0] if found else "")
        bound = utf8_token_bound(first)
        if bound > window:
            bad(lyrics_name, "context", f"the first prompt may take {bound} tokens; the window is {window}")
    return out
