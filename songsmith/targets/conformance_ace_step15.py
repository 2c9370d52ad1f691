"""ACE-Step 1.5: ``ace-step-1.5.json`` as the Python API and the REST server read it.

Re-stated from ace-step/ACE-Step-1.5 (commit below):

* ``acestep/inference.py`` ``GenerationParams`` (a dataclass: an unknown key is a ``TypeError``)
  declares ``caption: str``, ``lyrics: str``, ``instrumental: bool``, ``vocal_language: str``,
  ``bpm: Optional[int]``, ``keyscale: str``, ``timesignature: str``, ``duration: float``. With
  the language model on, ``generate_music`` calls ``timesignature.strip()``: an int crashes.
* ``acestep/constants.py``: ``VALID_LANGUAGES`` (50 codes and ``unknown``), ``BPM_MIN/MAX``
  30–300, ``DURATION_MIN/MAX`` 10–600, ``VALID_TIME_SIGNATURES`` 2, 3, 4, 6, and the key scales
  (A–G, optional # or b, then major or minor).
* ``acestep/api_server.py``: ``RequestParser`` takes each field under its aliases (``caption`` for
  ``prompt``, ``duration`` for ``audio_duration``, ``timesignature``, ``keyscale``) and converts
  with ``str()``/``int()``/``float()``; it has no ``instrumental`` field, so an instrumental is
  the lyrics ``[Instrumental]``.
"""

from __future__ import annotations

import json
import re
from typing import Any

from songsmith.targets.conformance import Upstream, Violation
from songsmith.targets.conformance_commands import variant_groups

TARGET = "ace-step-1.5"
UPSTREAM = Upstream("ace-step/ACE-Step-1.5", "f30aee4c186c33b7b8a6ea59a4b7fc36f795b49f", "2026-12",
                    ("acestep/inference.py", "acestep/constants.py", "acestep/api_server.py"))
RULES = {
    "fields": "every key is a GenerationParams field",
    "types": "each value has GenerationParams' type (timesignature and keyscale are strings)",
    "ranges": "vocal_language, bpm, duration, timesignature and keyscale are values constants.py allows",
    "instrumental": "an instrumental also sends the lyrics [Instrumental] (the REST server has no flag)",
    "letters": "Esperanto sent as Polish ('pl') is in Polish spelling (no ĉ ĝ ĥ ĵ ŝ ŭ)",
}
FILES = ("ace-step-1.5.json",)
TYPES: dict[str, tuple[type, ...]] = {
    "caption": (str,), "lyrics": (str,), "instrumental": (bool,), "vocal_language": (str,),
    "bpm": (int, type(None)), "keyscale": (str,), "timesignature": (str,), "duration": (int, float),
}
OTHER_FIELDS = frozenset({"task_type", "instruction", "reference_audio", "src_audio", "audio_codes", "inference_steps",
                          "seed", "guidance_scale", "use_adg", "cfg_interval_start", "cfg_interval_end", "shift",
                          "infer_method", "timesteps", "repainting_start", "repainting_end", "audio_cover_strength",
                          "thinking", "lm_temperature", "lm_cfg_scale", "lm_top_k", "lm_top_p", "lm_negative_prompt",
                          "use_cot_metas", "use_cot_caption", "use_cot_lyrics", "use_cot_language"})
LANGUAGES = frozenset(
    "ar az bg bn ca cs da de el en es fa fi fr he hi hr ht hu id is it ja ko la lt ms ne nl no pa pl pt "
    "ro ru sa sk sr sv sw ta te th tl tr uk ur vi yue zh unknown".split())
TIME_SIGNATURES = frozenset({"2", "3", "4", "6"})
KEYSCALE = re.compile(r"^[A-G](#|b|♯|♭)? (major|minor)$")
ESPERANTO = frozenset("ĉĝĥĵŝŭĈĜĤĴŜŬ")


def check(files: dict[str, str]) -> list[Violation]:
    out: list[Violation] = []
    for group in variant_groups(files, FILES):
        name, text = group[FILES[0]]

        def bad(rule: str, message: str) -> None:
            out.append(Violation(TARGET, name, rule, message))

        try:
            data: Any = json.loads(text)
        except ValueError:
            bad("types", "not JSON")
            continue
        if not isinstance(data, dict):
            bad("types", "not a JSON object")
            continue
        unknown = sorted(set(data) - set(TYPES) - OTHER_FIELDS)
        if unknown:
            bad("fields", f"GenerationParams has no field {', '.join(unknown)}")
        for key, kinds in TYPES.items():
            if key in data and (not isinstance(data[key], kinds) or (bool not in kinds and isinstance(data[key], bool))):
                bad("types", f"{key} is {type(data[key]).__name__}; GenerationParams declares "
                             f"{' or '.join(k.__name__ for k in kinds)}")
        if data.get("vocal_language", "unknown") not in LANGUAGES:
            bad("ranges", f"vocal_language {data.get('vocal_language')!r} is not one of constants.VALID_LANGUAGES")
        bpm = data.get("bpm")
        if isinstance(bpm, int) and not 30 <= bpm <= 300:
            bad("ranges", f"bpm {bpm} is not within 30-300")
        duration = data.get("duration")
        if isinstance(duration, (int, float)) and not 10 <= duration <= 600:
            bad("ranges", f"duration {duration} is not within 10-600")
        signature = data.get("timesignature")
        if signature not in (None, "") and str(signature) not in TIME_SIGNATURES:
            bad("ranges", f"timesignature {signature!r} is not 2, 3, 4 or 6")
        key = data.get("keyscale")
        if key not in (None, "") and not KEYSCALE.match(str(key)):
            bad("ranges", f"keyscale {key!r} is not a constants.py key scale")
        lyrics = str(data.get("lyrics", ""))
        if data.get("instrumental") is True and lyrics.strip().lower() not in ("[instrumental]", "[inst]"):
            bad("instrumental", "instrumental without the lyrics [Instrumental]: the REST server would sing")
        if ESPERANTO & set(lyrics) and data.get("vocal_language") == "pl":
            bad("letters", "Esperanto letters under vocal_language 'pl': a Polish reading needs Polish spelling")
    return out
