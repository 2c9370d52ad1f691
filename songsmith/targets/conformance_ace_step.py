"""ACE-Step v1: the API server's request model, ``infer.py``'s JSON, and how the pipeline reads
each lyric line.

Re-stated from ace-step/ACE-Step (commit below):

* ``infer-api.py`` ``ACEStepInput`` (pydantic): required ``checkpoint_path`` (str),
  ``audio_duration`` (float), ``prompt``, ``lyrics``, ``scheduler_type``, ``cfg_type`` (str),
  ``infer_step`` (int), ``guidance_scale``, ``omega_scale``, ``guidance_interval``,
  ``guidance_interval_decay``, ``min_guidance_scale`` (float), ``actual_seeds``, ``oss_steps``
  (list of int), ``use_erg_tag``, ``use_erg_lyric``, ``use_erg_diffusion`` (bool); optional
  ``bf16``, ``torch_compile``, ``device_id``, ``output_path``, ``guidance_scale_text``,
  ``guidance_scale_lyric``. A body without a required field gets HTTP 422.
* ``infer.py`` ``sample_data`` reads a JSON of ``examples/default/input_params/`` (the
  ``DataSampler`` directory) with ``json_data[key]`` for the same fields but the server-only ones.
* ``pipeline_ace_step.py`` ``tokenize_lyrics``: per line, a ``[..]`` line is a structure token;
  the others get a language from ``LangSegment`` (py3langid over 97 languages), and anything
  outside its 17 languages is read as English. A Han-only line that the segmenter cleans down
  to five characters or fewer is decided by the identifier's score, and read as Japanese (cutlet
  romaji) below 0.89: with py3langid 0.3.0 that was 65 lines of 唐詩三百首's packages, 16 of them
  in simplified characters; none longer than five. Traditional characters lower the score.
* ``lyrics_utils/vocab.json``: Latin letters beyond ASCII are only the 60 below; any other
  becomes ``[UNK]``.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic import BaseModel, ValidationError

from songsmith.language import is_cjk
from songsmith.targets.conformance import Upstream, Violation
from songsmith.targets.conformance_commands import variant_groups

TARGET = "ace-step"
UPSTREAM = Upstream("ace-step/ACE-Step", "d612523f50e252c0e138e68ae75b06223f96e934", "2026-12",
                    ("infer-api.py", "infer.py", "acestep/data_sampler.py", "acestep/pipeline_ace_step.py",
                     "acestep/language_segmentation/LangSegment.py",
                     "acestep/models/lyrics_utils/lyric_tokenizer.py", "acestep/models/lyrics_utils/vocab.json"))
RULES = {
    "api-body": "ace-step.json validates against the API server's ACEStepInput (required fields, types)",
    "infer-json": "the infer.py file has every key sample_data reads",
    "same-song": "both files carry the same prompt, lyrics and audio_duration",
    "vocab": "no Latin letter outside the tokenizer's vocabulary (it would be [UNK])",
    "script": "Chinese is in simplified characters (the segmenter's Chinese score drops on traditional ones)",
    "short-line": "no Han-only line of five characters or fewer after the segmenter's cleaning that it may read "
                  "as Japanese (with py3langid installed: its Chinese score is at most 0.90; without: every one)",
}
FILES = ("ace-step.json", "ace-step.input_params.json")
VOCAB_LATIN = frozenset("ºßàáâãäæçèéêëìíîïðñòóôõöøùúûüýÿăąćčďđęěğħıŁłńňōőœřśşšţťůűźżž")
INFER_KEYS = ("audio_duration", "prompt", "lyrics", "infer_step", "guidance_scale", "scheduler_type", "cfg_type",
              "omega_scale", "actual_seeds", "guidance_interval", "guidance_interval_decay", "min_guidance_scale",
              "use_erg_tag", "use_erg_lyric", "use_erg_diffusion", "oss_steps")


class ApiInput(BaseModel):
    """``infer-api.py``'s ``ACEStepInput``, field for field."""

    checkpoint_path: str
    bf16: bool = True
    torch_compile: bool = False
    device_id: int = 0
    output_path: str | None = None
    audio_duration: float
    prompt: str
    lyrics: str
    infer_step: int
    guidance_scale: float
    scheduler_type: str
    cfg_type: str
    omega_scale: float
    actual_seeds: list[int]
    guidance_interval: float
    guidance_interval_decay: float
    min_guidance_scale: float
    use_erg_tag: bool
    use_erg_lyric: bool
    use_erg_diffusion: bool
    oss_steps: list[int]
    guidance_scale_text: float = 0.0
    guidance_scale_lyric: float = 0.0


def segmenter_text(line: str) -> str:
    """A line as LangSegment cleans it before scoring: punctuation runs become spaces, runs of one
    repeated character collapse to one, the ends are stripped."""
    text = re.sub(r"[^\w\s]+", " ", line)
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"(.)\1+", r"\1", text)
    return text.strip()


def line_problems(line: str) -> list[tuple[str, str]]:
    """(rule, message) for one lyric line."""
    found: list[tuple[str, str]] = []
    odd = sorted({c for c in line if c.isalpha() and not c.isascii() and not is_cjk(c)
                  and "LATIN" in _name(c) and c.lower() not in VOCAB_LATIN})
    if odd:
        found.append(("vocab", f"{line!r}: {''.join(odd)} are [UNK] in ACE-Step v1's vocabulary"))
    if any(is_cjk(c) for c in line):
        simple = _simplified(line)
        if simple is not None and simple != line:
            found.append(("script", f"{line!r} is in traditional characters ({simple!r} in simplified)"))
        cleaned = segmenter_text(line)
        if cleaned and all(is_cjk(c) for c in cleaned.replace(" ", "")) and len(cleaned) <= 5 \
                and not read_as_chinese(cleaned):
            found.append(("short-line", f"{line!r}: {len(cleaned)} Chinese characters; ACE-Step v1 may read "
                                        "the line as Japanese"))
    return found


def read_as_chinese(cleaned: str) -> bool:
    """Whether the segmenter keeps a short Han-only line Chinese. LangSegment asks py3langid;
    when it says Chinese with a score above 0.90 the line stays Chinese, when it says another
    language the line is forced to Chinese, and a Chinese score below 0.89 makes it Japanese.
    Without py3langid (not a songsmith dependency; upstream pins 0.3.0) every such line is
    counted as at risk."""
    identifier = _identifier()
    if identifier is None:
        return False
    language, score = identifier.classify(cleaned)
    return language != "zh" or float(score) > 0.90


_IDENTIFIER: list[Any] = []


def _identifier() -> Any:
    if not _IDENTIFIER:
        try:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            _IDENTIFIER.append(LanguageIdentifier.from_pickled_model(MODEL_FILE, norm_probs=True))
        except Exception:  # noqa: BLE001 - absent, or an API other than the one upstream pins
            _IDENTIFIER.append(None)
    return _IDENTIFIER[0]


def _name(char: str) -> str:
    import unicodedata

    return unicodedata.name(char, "")


def _simplified(line: str) -> str | None:
    try:
        from songsmith.poetry.script import to_simplified_aligned
    except Exception:  # noqa: BLE001 - no converter: the script rule cannot be checked
        return None
    return to_simplified_aligned(line)


def _sung_lines(lyrics: str) -> list[str]:
    return [line.strip() for line in lyrics.split("\n") if line.strip() and not re.match(r"^\[.*?\]", line.strip())]


def check(files: dict[str, str]) -> list[Violation]:
    out: list[Violation] = []
    for group in variant_groups(files, FILES):
        if "ace-step.json" not in group:
            continue
        name, text = group["ace-step.json"]

        def bad(file: str, rule: str, message: str) -> None:
            out.append(Violation(TARGET, file, rule, message))

        try:
            body: Any = json.loads(text)
        except ValueError:
            bad(name, "api-body", "not JSON")
            continue
        try:
            ApiInput.model_validate(body)
        except ValidationError as exc:
            fields = sorted({".".join(str(p) for p in error["loc"]) or "body" for error in exc.errors()})
            bad(name, "api-body", f"POST /generate answers 422: {', '.join(fields)}")
        infer_name, infer_text = group.get("ace-step.input_params.json", (name, text))
        try:
            infer: Any = json.loads(infer_text)
        except ValueError:
            infer = None
        missing = [key for key in INFER_KEYS if not isinstance(infer, dict) or key not in infer]
        if missing:
            bad(infer_name, "infer-json", f"infer.py reads {', '.join(missing)}, which {infer_name} lacks")
        elif isinstance(body, dict) and infer_name != name and any(
                body.get(k) != infer.get(k) for k in ("prompt", "lyrics", "audio_duration")):
            bad(infer_name, "same-song", "prompt, lyrics or audio_duration differ from ace-step.json")
        lyrics = body.get("lyrics", "") if isinstance(body, dict) else ""
        for line in _sung_lines(str(lyrics)):
            for rule, message in line_problems(line):
                bad(name, rule, message)
    return out
