"""The offline style mapper: mood, form, era and audience → style prompts, deterministically.

Everything it writes comes from the vocabulary in ``prompts/styles/``. Candidate *i* is built on
the *i*-th preset of the poem's mood (then of its second mood, then every preset), takes a lead
instrument no earlier candidate led with when it can (the first candidate leads with an
instrument the poem itself names: 琵琶 → pipa), a vocal and a tempo from the mood's range.
No randomness and no set iteration: the same poem gives the same prompts, in the same order,
and no two candidates share both genre and lead instrument.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from songsmith.document.model import Style
from songsmith.style.base import Hints, StyleCandidate, Work

#: The shortest style limit of a current target (Suno v3.5/v4); prompts are trimmed to fit it.
PROMPT_LIMIT = 200


@dataclass(frozen=True)
class Recipe:
    name: str
    genre: str
    words: tuple[str, ...]
    leads: tuple[str, ...]
    vocal: str | None
    source: str | None

    @property
    def genres(self) -> list[str]:
        return [g.strip() for g in self.genre.split(",") if g.strip()]


@dataclass(frozen=True)
class MoodProfile:
    words: tuple[str, ...]
    tempo: tuple[int, int]
    key: str | None
    vocals: tuple[str, ...]
    support: tuple[str, ...]
    exclude: str | None
    presets: tuple[str, ...]


@dataclass(frozen=True)
class Vocabulary:
    genres: dict[str, dict[str, Any]]
    instruments: dict[str, tuple[str, ...]]  # name -> imagery cues
    vocals: tuple[str, ...]
    presets: dict[str, Recipe]
    moods: dict[str, MoodProfile]
    context: dict[str, Any]

    def child_safe(self, recipe: Recipe) -> bool:
        return all(self.genres.get(g, {}).get("children", True) for g in recipe.genres)


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """Load and cross-check ``prompts/styles/*.yaml`` (unknown names are errors, not surprises)."""
    from songsmith.resources import load_prompt_yaml
    from songsmith.style.mood import MOODS

    genres = {str(k): dict(v or {}) for k, v in load_prompt_yaml("styles/genres.yaml")["genres"].items()}
    instruments = {str(k): tuple(str(c) for c in (v or {}).get("cues") or ())
                   for k, v in load_prompt_yaml("styles/instruments.yaml")["instruments"].items()}
    vocals = tuple(load_prompt_yaml("styles/vocals.yaml")["vocals"])
    presets: dict[str, Recipe] = {}
    for name, raw in load_prompt_yaml("styles/presets.yaml")["presets"].items():
        recipe = Recipe(str(name), str(raw["genre"]), tuple(raw.get("words") or ()), tuple(raw["leads"]),
                        raw.get("vocal"), raw.get("source"))
        for genre in recipe.genres:
            if genre not in genres:
                raise ValueError(f"prompts/styles/presets.yaml: {name}: genre {genre!r} is not in genres.yaml")
        for lead in recipe.leads:
            if lead not in instruments:
                raise ValueError(f"prompts/styles/presets.yaml: {name}: {lead!r} is not in instruments.yaml")
        if recipe.vocal and recipe.vocal not in vocals:
            raise ValueError(f"prompts/styles/presets.yaml: {name}: vocal {recipe.vocal!r} is not in vocals.yaml")
        presets[recipe.name] = recipe
    moods: dict[str, MoodProfile] = {}
    raw_moods = load_prompt_yaml("styles/moods.yaml")["moods"]
    for mood in MOODS:
        raw = raw_moods[mood]
        profile = MoodProfile(tuple(raw["words"]), (int(raw["tempo"][0]), int(raw["tempo"][1])), raw.get("key"),
                              tuple(raw["vocals"]), tuple(raw["support"]), raw.get("exclude"),
                              tuple(raw["presets"]))
        for name in profile.presets:
            if name not in presets:
                raise ValueError(f"prompts/styles/moods.yaml: {mood}: unknown preset {name!r}")
        for item in profile.support:
            if item not in instruments:
                raise ValueError(f"prompts/styles/moods.yaml: {mood}: {item!r} is not in instruments.yaml")
        for vocal in profile.vocals:
            if vocal not in vocals:
                raise ValueError(f"prompts/styles/moods.yaml: {mood}: vocal {vocal!r} is not in vocals.yaml")
        moods[mood] = profile
    context = load_prompt_yaml("styles/context.yaml")
    return Vocabulary(genres, instruments, vocals, presets, moods, context)


def imagery_instruments(work: Work) -> list[tuple[str, str]]:
    """(instrument, cue) for each instrument the poem names, in order of first mention."""
    vocab = vocabulary()
    text = (work.title or "") + "\n" + "\n".join(work.simplified)
    cues = sorted(((cue, name) for name, names in vocab.instruments.items() for cue in names),
                  key=lambda item: (-len(item[0]), item[0]))
    taken = [False] * len(text)
    found: list[tuple[int, str, str]] = []
    for cue, name in cues:
        start = text.find(cue)
        while start != -1:
            end = start + len(cue)
            if not any(taken[start:end]):
                taken[start:end] = [True] * len(cue)
                found.append((start, name, cue))
            start = text.find(cue, start + 1)
    seen: list[tuple[str, str]] = []
    for _, name, cue in sorted(found):
        if name not in (n for n, _ in seen):
            seen.append((name, cue))
    return seen


def language_tag(language: str | None, lines: list[str]) -> str | None:
    if language in ("zh", "zh-Hans", "zh-Hant", "zh-CN", "zh-TW", "cmn") or (
        language is None and any("\u4e00" <= c <= "\u9fff" for line in lines for c in line)
    ):
        return "Mandarin"
    if language == "yue":
        return "Cantonese"
    if language == "eo":
        return "Esperanto Song"
    return None


def _context_words(table: dict[str, list[str]], value: str | None) -> list[str]:
    words: list[str] = []
    for key, extra in table.items():
        if value and key in value:
            words.extend(extra or [])
    return words


def _tempo_word(bpm: int, table: list[list[Any]]) -> str:
    for limit, word in table:
        if bpm <= int(limit):
            return str(word)
    return str(table[-1][1])


def _dedupe(words: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for word in words:
        if word and word.lower() not in seen:
            seen.add(word.lower())
            out.append(word)
    return out


#: Mood pairs whose words would contradict each other in one prompt (see prompts/lint/contradictions.yaml).
_CLASHING = ({"joyful", "melancholy"},)

_TEMPO_POSITIONS = (0.5, 0.2, 0.8, 0.35, 0.65, 0.0, 1.0)


def compose(work: Work, n_candidates: int, hints: Hints | None = None) -> list[StyleCandidate]:
    """``n_candidates`` style candidates for ``work``, best first."""
    hints = hints or Hints()
    vocab = vocabulary()
    children = hints.audience == "children"
    mood = work.mood.primary
    second = work.mood.secondary
    profile = vocab.moods[mood]
    names = list(profile.presets)
    if second:
        names += list(vocab.moods[second].presets)
    names += list(vocab.presets)
    order = [n for n in _dedupe(names) if not children or vocab.child_safe(vocab.presets[n])]
    imagery = imagery_instruments(work)
    form_words = _context_words(vocab.context.get("forms") or {}, work.form)
    era_words = _context_words(vocab.context.get("eras") or {}, work.dynasty)
    child = vocab.context.get("children") or {}
    low, high = profile.tempo
    if children:
        c_low, c_high = child.get("tempo", [80, 100])
        low, high = max(low, c_low), min(high, c_high)
        if low > high:
            low, high = (c_low, c_low + 8) if profile.tempo[1] < c_low else (c_high - 8, c_high)
    tag = language_tag(work.language, work.lines)
    mood_words = list(profile.words[:2])
    if second and {mood, second} not in _CLASHING:
        mood_words.append(vocab.moods[second].words[0])
    cue_text = "; ".join(work.mood.explain()[:2]) or "no imagery cues; mood from priors"

    candidates: list[StyleCandidate] = []
    used_pairs: set[tuple[str, str]] = set()
    used_leads: list[str] = []
    all_instruments = list(vocab.instruments)
    attempts = [(name, None) for name in order]
    # Past the presets, vary the lead over the mood's genres until n distinct candidates exist.
    attempts += [(name, lead) for name in order for lead in all_instruments]
    for name, forced_lead in attempts:
        if len(candidates) >= n_candidates:
            break
        recipe = vocab.presets[name]
        index = len(candidates)
        pool = _dedupe(([imagery[0][0]] if index == 0 and imagery else [])
                       + list(recipe.leads) + list(profile.support))
        if forced_lead is not None:
            pool = [forced_lead]
        fresh = [lead for lead in pool if lead not in used_leads and (recipe.genre, lead) not in used_pairs]
        open_pairs = [lead for lead in pool if (recipe.genre, lead) not in used_pairs]
        if not (fresh or open_pairs):
            continue
        lead = (fresh or open_pairs)[0]
        support = next((s for s in list(recipe.leads) + list(profile.support) if s != lead), None)
        bpm = round(low + (high - low) * _TEMPO_POSITIONS[index % len(_TEMPO_POSITIONS)])
        if children:
            vocals = list(child.get("vocals") or ["children's choir"])
            vocal = vocals[index % len(vocals)]
            suffix = child.get("vocal_suffix")
            vocal_text = f"{vocal}, {suffix}" if suffix else vocal
        else:
            vocal = recipe.vocal or profile.vocals[index % len(profile.vocals)]
            vocal_text = vocal
        extra_words = list(child.get("words") or []) if children else []
        tempo_word = _tempo_word(bpm, vocab.context.get("tempo_words") or [[400, "moderate tempo"]])
        instruments = [lead] + ([support] if support else [])
        optional = [*recipe.words, *mood_words[1:], *extra_words, *form_words, *era_words]
        tail = [tag] if tag else []
        while True:
            parts = _dedupe([recipe.genre, *mood_words[:1], *optional, tempo_word, vocal_text, *instruments, *tail])
            prompt = ", ".join(parts)
            if len(prompt) <= PROMPT_LIMIT or not optional:
                break
            optional.pop()
        exclude = child.get("exclude") if children else profile.exclude
        style = Style(
            prompt=prompt,
            genre=recipe.genres,
            mood=[mood] + ([second] if second else []),
            instruments=instruments,
            vocal=vocal_text,
            tempo_bpm=bpm,
            key=profile.key,
            exclude=exclude,
            language_tag=tag,
        )
        why = [f"mood {mood}" + (f" + {second}" if second else "") + f" ({cue_text})", f"preset {name}"]
        if index == 0 and imagery and lead == imagery[0][0]:
            why.append(f"{imagery[0][1]} → {lead}")
        if children:
            why.append("for children: moderate tempo, clear diction")
        candidates.append(StyleCandidate(style=style, genre=recipe.genre, lead=lead, recipe=name,
                                         why="; ".join(why)))
        used_pairs.add((recipe.genre, lead))
        used_leads.append(lead)
    return candidates
