"""SongGeneration (LeVo): ``generate.py`` and its lyric conditioner as they read the JSONL.

Re-stated from tencent-ailab/SongGeneration (commit below):

* ``generate.py`` reads one JSON object per line and uses ``item["idx"]`` (the output name) and
  ``item["gt_lyric"]``; ``descriptions`` is optional, lower-cased, and an audio prompt
  (``prompt_audio_path``) replaces it.
* ``conf/vocab.yaml`` lists the 13 structure tokens, added to the tokenizer as special tokens.
* ``codeclm/modules/conditioners.py`` ``QwTokenizerConditioner``: ``max_len`` 300; longer lyrics
  are cut (a warning upstream, lost words for the user). The count is estimated
  (:func:`songsmith.targets.conformance_tokens.qwen_lyric_tokens`, calibrated, conservative).
* The README's format: sections joined by `` ; ``, intro/inst/outro tokens carry no text,
  verse/chorus/bridge carry text.
"""

from __future__ import annotations

import json
import re

from songsmith.targets.conformance import Upstream, Violation
from songsmith.targets.conformance_commands import variant_groups
from songsmith.targets.conformance_tokens import qwen_lyric_tokens

TARGET = "songgeneration"
UPSTREAM = Upstream("tencent-ailab/SongGeneration", "b1b03ec93a38ae4a566ad8a22010f51dd49cb803", "2026-12",
                    ("generate.py", "codeclm/modules/conditioners.py", "conf/vocab.yaml", "sample/lyrics.jsonl"))
RULES = {
    "jsonl": "every line is a JSON object with idx and gt_lyric (strings)",
    "prompt": "descriptions and prompt_audio_path are not both given",
    "tags": "every [..] in gt_lyric is a conf/vocab.yaml structure token",
    "text": "intro/inst/outro/silence tokens carry no text; verse/chorus/bridge carry text",
    "tokens": "gt_lyric fits the lyric conditioner's 300 tokens (conservative estimate)",
}
VOCAB = frozenset("[verse] [chorus] [bridge] [intro-short] [intro-medium] [intro-long] [outro-short] [outro-medium] "
                  "[outro-long] [inst-short] [inst-medium] [inst-long] [silence]".split())
VOCAL = frozenset({"[verse]", "[chorus]", "[bridge]"})
MAX_TOKENS = 300
FILES = ("songgeneration.jsonl",)
_TAG = re.compile(r"\[[^\]]*\]")


def check(files: dict[str, str]) -> list[Violation]:
    out: list[Violation] = []
    for group in variant_groups(files, FILES):
        name, text = group[FILES[0]]

        def bad(rule: str, message: str) -> None:
            out.append(Violation(TARGET, name, rule, message))

        for number, row in enumerate((r for r in text.split("\n") if r.strip()), 1):
            try:
                item = json.loads(row)
            except ValueError:
                bad("jsonl", f"line {number} is not JSON")
                continue
            if not isinstance(item, dict) or not isinstance(item.get("idx"), str) \
                    or not isinstance(item.get("gt_lyric"), str):
                bad("jsonl", f"line {number} needs idx and gt_lyric strings")
                continue
            if "descriptions" in item and "prompt_audio_path" in item:
                bad("prompt", f"line {number}: descriptions and prompt_audio_path together")
            lyric = item["gt_lyric"]
            for part in lyric.split(";"):
                tags = _TAG.findall(part)
                for tag in tags:
                    if tag not in VOCAB:
                        bad("tags", f"line {number}: {tag} is not a vocab.yaml token")
                if len(tags) == 1 and tags[0] in VOCAB:
                    body = part.strip()[len(tags[0]):].strip()
                    if tags[0] in VOCAL and not body:
                        bad("text", f"line {number}: {tags[0]} has no text")
                    if tags[0] not in VOCAL and body:
                        bad("text", f"line {number}: {tags[0]} carries text {body[:20]!r}")
            count = qwen_lyric_tokens(lyric, VOCAB)
            if count > MAX_TOKENS:
                bad("tokens", f"line {number}: about {count} lyric tokens; the conditioner keeps {MAX_TOKENS}")
    return out
