"""The offline style mapper: a poem's speaker, scene, form and mood → style prompts, deterministically.

Everything it writes comes from the vocabulary in ``prompts/styles/``. The poem is read first
(:mod:`songsmith.style.reading`): the speaker decides the voice (杜甫 on his terrace is a
weathered male voice, a palace lady's lament a delicate female one), the season, hour and place
give scene words and the instruments the tradition sets there, the form and metre a feel and a
tempo shift. Candidate *i* is built on the *i*-th preset of the poem's mood (then of its second
mood, then every preset), with a lead instrument no earlier candidate led with when it can (the
first candidate leads with an instrument the poem names: 琵琶 → pipa, else one of its scene).
Words are added by priority through :class:`songsmith.style.spell.Spell`, which refuses any that
would contradict the prompt by ``songsmith check``'s rules or that a children's song must not
ask for. No randomness and no set iteration: the same poem gives the same prompts, in the same
order, and no two candidates share both genre and lead instrument.
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
    support: tuple[str, ...]
    exclude: str | None
    presets: tuple[str, ...]
    children: tuple[str, ...]


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
    from songsmith.style.reading import all_vocals

    genres = {str(k): dict(v or {}) for k, v in load_prompt_yaml("styles/genres.yaml")["genres"].items()}
    instruments = {str(k): tuple(str(c) for c in (v or {}).get("cues") or ())
                   for k, v in load_prompt_yaml("styles/instruments.yaml")["instruments"].items()}
    vocals = tuple(load_prompt_yaml("styles/vocals.yaml")["vocals"])
    missing = sorted(all_vocals() - set(vocals))
    if missing:
        raise ValueError(f"prompts/styles/personas.yaml: voices not in vocals.yaml: {', '.join(missing)}")
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
        from songsmith.style.spell import clean_spell

        for word in (recipe.genre, *recipe.words):
            if clean_spell(word) != word:
                raise ValueError(f"prompts/styles/presets.yaml: {name}: {word!r} is not in the target's "
                                 f"conventions ({clean_spell(word)!r})")
        presets[recipe.name] = recipe
    moods: dict[str, MoodProfile] = {}
    raw_moods = load_prompt_yaml("styles/moods.yaml")["moods"]
    for mood in MOODS:
        raw = raw_moods[mood]
        profile = MoodProfile(tuple(raw["words"]), (int(raw["tempo"][0]), int(raw["tempo"][1])), raw.get("key"),
                              tuple(raw["support"]), raw.get("exclude"), tuple(raw["presets"]),
                              tuple(raw.get("children") or raw["words"]))
        for name in profile.presets:
            if name not in presets:
                raise ValueError(f"prompts/styles/moods.yaml: {mood}: unknown preset {name!r}")
        for item in profile.support:
            if item not in instruments:
                raise ValueError(f"prompts/styles/moods.yaml: {mood}: {item!r} is not in instruments.yaml")
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


_TEMPO_POSITIONS = (0.5, 0.2, 0.8, 0.35, 0.65, 0.0, 1.0)
#: Mood words for a prompt whose voice or genre refused all of its mood's own.
_MOOD_FALLBACK = ("heartfelt", "expressive", "wistful")


def _tempo_range(profile: MoodProfile, shift: int, children: dict[str, Any] | None) -> tuple[int, int]:
    low, high = profile.tempo[0] + shift, profile.tempo[1] + shift
    if children is not None:
        c_low, c_high = (int(x) for x in children.get("tempo", [80, 100]))
        low, high = max(low, c_low), min(high, c_high)
        if low > high:
            low, high = (c_low, c_low + 8) if profile.tempo[1] + shift < c_low else (c_high - 8, c_high)
    return low, high


def compose(work: Work, n_candidates: int, hints: Hints | None = None) -> list[StyleCandidate]:
    """``n_candidates`` style candidates for ``work``, best first."""
    from songsmith.poetry.script import to_simplified
    from songsmith.style.reading import read, vocals_for
    from songsmith.style.spell import Spell
    from songsmith.style.subjects import subject_moods

    hints = hints or Hints()
    vocab = vocabulary()
    children = hints.audience == "children"
    child = dict(vocab.context.get("children") or {}) if children else None
    mood, second = work.mood.primary, work.mood.secondary
    profile = vocab.moods[mood]
    subjects = [f.subject for f in subject_moods(list(work.simplified), to_simplified(work.title or ""))]
    reading = read(work, subjects)
    scene_recipes = [Recipe(f"scene-{g}", g, (), tuple(reading.instruments) or ("guzheng",), None, None)
                     for g in reading.genres if g in vocab.genres]
    names = list(profile.presets[:1]) + [r.name for r in scene_recipes] + list(profile.presets[1:])
    if second:
        names += list(vocab.moods[second].presets)
    names += list(vocab.presets)
    recipes = {**vocab.presets, **{r.name: r for r in scene_recipes}}
    order = [n for n in _dedupe(names) if not children or vocab.child_safe(recipes[n])]
    named = [name for name, _ in imagery_instruments(work)]
    banned = {"war drums"} if children else set()
    low, high = _tempo_range(profile, reading.tempo_shift - (4 if reading.persona.age == "old" else 0), child)
    tag = language_tag(work.language, work.lines)
    mood_words = list((profile.children if children else profile.words)[:2])
    if second:
        mood_words.append((vocab.moods[second].children if children else vocab.moods[second].words)[0])
    voices = vocals_for(reading.persona, mood, children)
    era_words = _context_words(vocab.context.get("eras") or {}, work.dynasty)
    cue_text = "; ".join(work.mood.explain()[:2]) or "no imagery cues; mood from priors"

    candidates: list[StyleCandidate] = []
    used_pairs: set[tuple[str, str]] = set()
    used_leads: list[str] = []
    attempts: list[tuple[str, str | None]] = [(name, None) for name in order]
    # past the presets, vary the lead over every instrument until n distinct candidates exist
    attempts += [(name, lead) for name in order for lead in vocab.instruments]
    for name, forced_lead in attempts:
        if len(candidates) >= n_candidates:
            break
        recipe = recipes[name]
        index = len(candidates)
        own = named + reading.instruments if index == 0 else reading.instruments if index == 1 else []
        pool = [i for i in _dedupe(own + list(recipe.leads) + list(profile.support)) if i not in banned]
        if forced_lead is not None:
            pool = [forced_lead] if forced_lead not in banned else []
        fresh = [lead for lead in pool if lead not in used_leads and (recipe.genre, lead) not in used_pairs]
        open_pairs = [lead for lead in pool if (recipe.genre, lead) not in used_pairs]
        if not (fresh or open_pairs):
            continue
        lead = (fresh or open_pairs)[0]
        support = next((s for s in _dedupe(own + list(recipe.leads) + list(profile.support))
                        if s != lead and s not in banned), None)
        bpm = round(low + (high - low) * _TEMPO_POSITIONS[index % len(_TEMPO_POSITIONS)])
        vocal = voices[index % len(voices)]
        if child is not None and child.get("vocal_suffix"):
            vocal = f"{vocal}, {child['vocal_suffix']}"
        spell = Spell(PROMPT_LIMIT, bpm, children)
        tempo_word = _tempo_word(bpm, vocab.context.get("tempo_words") or [[400, "moderate tempo"]])
        if not all(spell.add(word, required=True) for word in (recipe.genre, vocal, lead, tempo_word)):
            continue
        # the mood's words that agree with the voice and the genre (a wife's tender voice is not "heroic")
        said = [word for word in mood_words if spell.add(word)]
        if not said:
            spell.add(next((w for w in _MOOD_FALLBACK if spell.fits(w)), None))
        for word in [*reading.scene[:2], *reading.feel[:1], *recipe.words,
                     *(child.get("words") or [] if child is not None else []), *era_words]:
            spell.add(word)
        spell.add(f"{bpm} bpm", required=True)
        spell.add(support, required=True)
        if tag:
            spell.add(tag, required=True)
        prompt = _ordered(spell, [recipe.genre, *reading.scene, *mood_words, *reading.feel, *recipe.words,
                                  *(child.get("words") or [] if child is not None else []), *era_words,
                                  tempo_word, f"{bpm} bpm", vocal, lead, support or "", tag or ""])
        instruments = [lead] + ([support] if support and support in spell.prompt() else [])
        style = Style(prompt=prompt, genre=recipe.genres, mood=[mood] + ([second] if second else []),
                      instruments=instruments, vocal=vocal, tempo_bpm=bpm, key=profile.key,
                      exclude=str(child.get("exclude")) if child is not None else profile.exclude,
                      language_tag=tag)
        why = [f"mood {mood}" + (f" + {second}" if second else "") + f" ({cue_text})",
               f"voice {vocal} ({'; '.join(reading.persona.why) or 'the poet'})", f"preset {name}"]
        if reading.why[len(reading.persona.why):]:
            why.append("scene and form: " + "; ".join(reading.why[len(reading.persona.why):]))
        if index == 0 and named and lead == named[0]:
            why.append(f"{imagery_instruments(work)[0][1]} → {lead}")
        if spell.refused:
            why.append("left out as contradictory" + (" or unsuitable for children" if children else "")
                       + ": " + ", ".join(spell.refused))
        if children:
            why.append("for children: moderate tempo, a child-friendly voice, clear diction")
        candidates.append(StyleCandidate(style=style, genre=recipe.genre, lead=lead, recipe=name,
                                         why="; ".join(why)))
        used_pairs.add((recipe.genre, lead))
        used_leads.append(lead)
    return candidates


def _ordered(spell: Any, order: list[str]) -> str:
    """The spell's words (those its length keeps) in the reading order of a prompt: genre,
    scene, mood, feel, tempo, voice, instruments, language — whatever order they were added in."""
    kept = spell.prompt()
    words = [w for w, _ in spell.words if w in kept.split(", ") or w in kept]
    rank = {word.lower(): i for i, word in reversed(list(enumerate(order))) if word}
    return ", ".join(sorted(words, key=lambda w: rank.get(w.lower(), len(order))))
