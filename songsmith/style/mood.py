"""Offline mood analysis of a Chinese poem: imagery cues weighted by position, the poem's turn,
its subject, and priors.

The vocabulary is fixed (:data:`MOODS`). Cues and weights live in ``prompts/moods/lexicon.yaml``;
a cue adds its weight each time it occurs, times a factor for where it occurs (title, last
couplet, rhyme line, body), and more after the poem's turn (转: 但, 却, 只是, 可怜 … in its second
half), where the feeling is said. Longer cues are matched first and hide the shorter cues
inside them. A feeling said outright overrules the imagery of other moods (``overrules`` in
the lexicon: grief words mute a temple's calm, a lament's grief mutes its martial words unless
the speaker resolves to fight, the court set beside the poor is satire), unless the poem ends
in the mood a rule would mute (its last couplet holds more of it: grief, then 幽闲已得趣). A
line that frames its imagery as ending (``frames``: 落, 残, 暮, 尽 …) turns its joyful cues to
melancholy: in 轻风细雨落残花 the flowers are falling. Cues have classes (``classes``): a
feeling the speaker states (泪, 愁, 白发, 笑, 醉 …) counts more in the last couplet, scenery
(山, 泉, 花, 竹, 月 …) counts less, and its calm or gladness is muted when the last couplet
states another feeling. The poem's subject
(:mod:`songsmith.style.subjects`: 宫怨, 边塞, 咏史 …), the author and the form add their
priors once. Scores are normalised to sum to 1; ties go to the mood
listed first in :data:`MOODS`, so the result is deterministic. Every addition is evidence in
``MoodResult.cues``.

Text is matched in simplified characters: pass simplified lines (``LineResult.simplified``), or
use :func:`mood_of_analysis`, which converts the title too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from songsmith.document.moods import MOODS, MoodResult

if TYPE_CHECKING:
    from songsmith.poetry.analysis import Analysis

__all__ = ["MOODS", "MoodResult", "analyse_mood", "cue_weight", "mood_json", "mood_of_analysis"]

@dataclass(frozen=True)
class _Lexicon:
    cues: tuple[tuple[str, tuple[tuple[str, float], ...]], ...]  # longest first
    title_cues: tuple[tuple[str, tuple[tuple[str, float], ...]], ...]
    positions: dict[str, float]
    authors: dict[str, dict[str, float]]
    forms: dict[str, dict[str, float]]
    floor: float
    turns: tuple[str, ...] = ()
    turn_factor: float = 1.0
    weights: dict[str, tuple[tuple[str, float], ...]] = field(default_factory=dict)
    title_weights: dict[str, tuple[tuple[str, float], ...]] = field(default_factory=dict)
    index: dict[str, tuple[str, ...]] = field(default_factory=dict)
    title_index: dict[str, tuple[str, ...]] = field(default_factory=dict)
    categories: tuple[str, ...] = ()
    genre_words: frozenset[str] = frozenset()
    overrules: tuple[Overrule, ...] = ()
    negations: tuple[str, ...] = ()
    frames: tuple[str, ...] = ()
    framed: dict[str, str] = field(default_factory=dict)
    title_start_only: frozenset[str] = frozenset()
    stated: frozenset[str] = frozenset()
    stated_factor: float = 1.0
    stated_closing: float = 1.0
    hoped: tuple[str, ...] = ()
    scenery: frozenset[str] = frozenset()
    scenery_factor: float = 1.0
    scenery_moods: tuple[str, ...] = ()
    contradicted: float = 1.0
    contradiction: float = 0.0
    thin_below: float = 0.0
    thin_mood: str = ""
    thin_weight: float = 0.0
    thin_unless: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Overrule:
    """A feeling said outright that overrules the imagery of other moods: at least ``min_words``
    distinct ``words`` in the verse, none of ``unless`` and, when ``against`` is given, one of it
    too (a contrast: the court's gold beside the poor's hunger), scale the ``mutes`` moods (their
    imagery and their subjects' weight) and add ``weight`` to ``mood``."""

    name: str
    mood: str
    words: tuple[str, ...]
    min_words: int
    mutes: tuple[str, ...]
    unless: tuple[str, ...] = ()
    weight: float = 0.0
    against: tuple[str, ...] = ()

    def hits(self, text: str) -> list[str]:
        """The distinct words found (a word inside a longer one found is not counted again), or
        none when an ``unless`` word occurs or too few are found."""
        if any(word in text for word in self.unless):
            return []
        found = [w for w in self.words if w in text]
        found = [w for w in found if not any(w != other and w in other for other in found)]
        if len(found) < self.min_words:
            return []
        other = [w for w in self.against if w in text]
        if self.against and not other:
            return []
        return found + other[:1]


def _merge(table: dict[str, dict[str, float]]) -> tuple[tuple[str, tuple[tuple[str, float], ...]], ...]:
    """cue -> ((mood, weight), …), longest cue first, then by cue text (no set ordering)."""
    ordered = sorted(table, key=lambda cue: (-len(cue), cue))
    return tuple((cue, tuple((m, float(table[cue][m])) for m in MOODS if m in table[cue])) for cue in ordered)


@lru_cache(maxsize=1)
def lexicon() -> _Lexicon:
    from songsmith.resources import load_prompt_yaml

    data = load_prompt_yaml("moods/lexicon.yaml")
    if tuple(data["moods"]) != MOODS:
        raise ValueError("prompts/moods/lexicon.yaml: moods must be exactly " + ", ".join(MOODS))
    by_cue: dict[str, dict[str, float]] = {}
    for mood, cues in data["cues"].items():
        if mood not in MOODS:
            raise ValueError(f"prompts/moods/lexicon.yaml: unknown mood {mood!r}")
        for cue, weight in cues.items():
            by_cue.setdefault(str(cue), {})[mood] = float(weight)
    title = {str(cue): {m: float(w) for m, w in moods.items()} for cue, moods in data["title_cues"].items()}
    cues, title_cues = _merge(by_cue), _merge(title)
    return _Lexicon(
        cues=cues,
        title_cues=title_cues,
        positions={k: float(v) for k, v in data["positions"].items() if k != "after_turn"},
        authors={str(k): {m: float(w) for m, w in (v or {}).items()} for k, v in data["authors"].items()},
        forms={str(k): {m: float(w) for m, w in (v or {}).items()} for k, v in data["forms"].items()},
        floor=float(data.get("floor", 0.05)),
        turns=tuple(sorted(map(str, data.get("turns") or ()), key=len, reverse=True)),
        turn_factor=float(data["positions"].get("after_turn", 1.0)),
        weights=dict(cues),
        title_weights=dict(title_cues),
        index=_index(cues),
        title_index=_index(title_cues),
        categories=tuple(map(str, data.get("title_categories") or ())),
        genre_words=frozenset(map(str, data.get("title_genre_words") or ())),
        negations=tuple(map(str, data.get("negations") or ())),
        frames=tuple(map(str, (data.get("frames") or {}).get("words") or ())),
        framed={str(k): str(v) for k, v in ((data.get("frames") or {}).get("turn") or {}).items()},
        overrules=tuple(_overrule(str(name), raw) for name, raw in (data.get("overrules") or {}).items()),
        title_start_only=frozenset(map(str, data.get("title_start_only") or ())),
        **_classes(data.get("classes") or {}),
        **_thin(data.get("thin") or {}),
    )


def _thin(raw: dict[str, Any]) -> dict[str, Any]:
    """The minimum-evidence rule (see ``thin`` in the lexicon)."""
    mood = str(raw.get("default", ""))
    if mood and mood not in MOODS:
        raise ValueError(f"prompts/moods/lexicon.yaml: thin: unknown mood {mood!r}")
    return {"thin_below": float(raw.get("below", 0.0)), "thin_mood": mood, "thin_weight": float(raw.get("weight", 0.0)),
            "thin_unless": frozenset(map(str, raw.get("unless") or ()))}


def _classes(raw: dict[str, Any]) -> dict[str, Any]:
    """The cue classes: feelings the speaker states, and scenery (see ``classes`` in the lexicon)."""
    stated, scenery = raw.get("stated") or {}, raw.get("scenery") or {}
    moods = tuple(map(str, scenery.get("moods") or ()))
    if any(m not in MOODS for m in moods):
        raise ValueError("prompts/moods/lexicon.yaml: classes: scenery: unknown mood")
    return {"stated": frozenset(map(str, stated.get("words") or ())),
            "stated_factor": float(stated.get("factor", 1.0)),
            "stated_closing": float(stated.get("last_couplet", 1.0)),
            "hoped": tuple(map(str, stated.get("hoped") or ())),
            "scenery": frozenset(map(str, scenery.get("words") or ())),
            "scenery_factor": float(scenery.get("factor", 1.0)), "scenery_moods": moods,
            "contradicted": float(scenery.get("contradicted", 1.0)),
            "contradiction": float(scenery.get("contradiction", 0.0))}


def _overrule(name: str, raw: dict[str, Any]) -> Overrule:
    rule = Overrule(name, str(raw["mood"]), tuple(map(str, raw["words"])), int(raw.get("min", 2)),
                    tuple(map(str, raw.get("mutes") or ())), tuple(map(str, raw.get("unless") or ())),
                    float(raw.get("weight", 0.0)), tuple(map(str, raw.get("against") or ())))
    for mood in (rule.mood, *rule.mutes):
        if mood not in MOODS:
            raise ValueError(f"prompts/moods/lexicon.yaml: overrule {name}: unknown mood {mood!r}")
    return rule


def _index(table: tuple[tuple[str, tuple[tuple[str, float], ...]], ...]) -> dict[str, tuple[str, ...]]:
    """First character -> cues starting with it, longest first (the table is longest first)."""
    index: dict[str, list[str]] = {}
    for cue, _ in table:
        index.setdefault(cue[0], []).append(cue)
    return {char: tuple(cues) for char, cues in index.items()}


def _scan(text: str, index: dict[str, tuple[str, ...]]) -> list[tuple[int, str]]:
    """(position, cue) of each cue occurrence, left to right, the longest cue at each position
    winning and hiding the shorter cues inside it (故乡 is not also 乡)."""
    found: list[tuple[int, str]] = []
    position = 0
    while position < len(text):
        for cue in index.get(text[position], ()):
            if text.startswith(cue, position):
                found.append((position, cue))
                position += len(cue)
                break
        else:
            position += 1
    return found


def analyse_mood(lines: list[str], *, title: str | None = None, author: str | None = None,
                 form: str | None = None, learned: bool = True) -> MoodResult:
    """Mood of a poem from its simplified verse lines, title, author and form.

    The cue rules score it; with ``learned`` (and a packaged model), the model of
    :mod:`songsmith.style.mood_model` ranks the moods from those scores and the poem's characters.
    """
    result = _rule_reading(lines, title=title, author=author, form=form)
    if not learned:
        return result
    from songsmith.style.mood_model import features, load_model

    model = load_model()
    if model is None:
        return result
    found = features(own_title(title, lexicon().categories), lines)
    if not any(result.raw.values()) and not model.knows(found):
        return result  # no evidence at all: the model's priors alone would pick a mood
    probabilities = model.probabilities(found, result.raw)
    order = {m: i for i, m in enumerate(MOODS)}
    ranked = sorted(((m, round(p, 3)) for m, p in probabilities.items()),
                    key=lambda item: (-probabilities[item[0]], order[item[0]]))
    cues = {m: list(c) for m, c in result.cues.items()}
    strongest = model.strongest(found, ranked[0][0])
    if strongest:
        cues.setdefault(ranked[0][0], []).append("weighed by the labelled poems: " + ", ".join(strongest))
    return MoodResult(ranked=ranked, cues=cues, raw=result.raw)


def _rule_reading(lines: list[str], *, title: str | None, author: str | None, form: str | None) -> MoodResult:
    """The cue rules' reading: scores from the lexicon, the subjects, the priors."""
    lex = lexicon()
    weights = lex.weights
    title_weights = lex.title_weights
    raw = {m: 0.0 for m in MOODS}
    cues: dict[str, list[str]] = {m: [] for m in MOODS}

    def add(cue: str, moods: tuple[tuple[str, float], ...], factor: float, frame: str = "") -> None:
        for mood, weight in moods:
            if not weight:  # a word that only hides a shorter cue (郎中 is no 郎) is no evidence
                continue
            raw[mood] += weight * factor
            note = f"{cue} by {frame}" if frame and mood not in dict(weights[cue]) else cue  # 花 by 落
            if note not in cues[mood]:
                cues[mood].append(note)

    n = len(lines)
    title = own_title(title, lex.categories)
    titled: set[str] = set()  # the moods the title's occasion names
    if title:
        # the title names the occasion; in a long poem the verse says more of the feeling
        scale = (8 / n) ** 0.5 if n > 8 else 1.0
        for position, cue in _scan(title, lex.title_index):
            if position and cue in lex.title_start_only:  # 江行无题 is no 无题
                continue
            add(cue, title_weights[cue], lex.positions["title"] * scale)
            titled.update(m for m, w in title_weights[cue] if w)
        for _, cue in _scan(title, lex.index):
            if cue not in lex.genre_words:
                add(cue, weights[cue], lex.positions["title"] * 0.5 * scale)
                titled.update(m for m, w in weights[cue] if w)
    turn = _turn(lines, lex.turns)
    closing = {m: 0.0 for m in MOODS}  # the last couplet's own evidence: where the poem ends
    stated = {m: 0.0 for m in MOODS}  # what the speaker says he feels (泪, 愁, 笑 …)
    scenery = {m: 0.0 for m in MOODS}  # what the scenery alone says (山, 泉, 花 …)
    ending = {m: 0.0 for m in MOODS}  # the feeling stated in the last couplet
    said_moods: set[str] = set()  # the moods of a feeling stated anywhere in the verse
    for index, line in enumerate(lines):
        if n >= 4 and index >= n - 2:
            factor = lex.positions["last_couplet"]
        elif index % 2 == 1:
            factor = lex.positions["rhyme_line"]
        else:
            factor = lex.positions["body"]
        if turn is not None and index >= turn:
            factor *= lex.turn_factor
        framing = [word for word in lex.frames if word in line]
        last = n >= 4 and index >= n - 2
        couplet = line if index % 2 == 0 else lines[index - 1] + line
        hoped = any(word in couplet for word in lex.hoped)  # 何时…泪痕干: a feeling hoped for, not said
        for position, cue in _scan(line, lex.index):
            if not _negated(line, position, lex.negations):
                moods = weights[cue]
                if framing and cue not in lex.frames:  # 落残花, 余花虚自开: spring seen ending
                    moods = tuple((lex.framed.get(mood, mood), weight) for mood, weight in moods)
                if cue in lex.stated or cue in lex.thin_unless:  # a feeling said: the evidence is not thin
                    said_moods.update(m for m, w in moods if w)
                if cue in lex.stated:  # the speaker's own feeling outweighs the scenery
                    klass = lex.stated_factor * (lex.stated_closing if last and not hoped else 1.0)
                    for mood, weight in moods:
                        stated[mood] += weight * factor * klass
                        if last and not hoped:
                            ending[mood] += weight
                elif cue in lex.scenery:
                    klass = lex.scenery_factor
                    for mood, weight in moods:
                        if mood in lex.scenery_moods:
                            scenery[mood] += weight * factor * klass
                else:
                    klass = 1.0
                add(cue, moods, factor * klass, framing[0] if framing else "")
                if last:
                    for mood, weight in moods:
                        closing[mood] += weight
    # Scenery sets calm or gladness only when no stated feeling contradicts it: the poem that
    # ends in 泪 or 白发 among its springs and hills is grief.
    for mood in lex.scenery_moods:
        against = max((ending[m] for m in MOODS if m != mood and m not in lex.scenery_moods), default=0.0)
        if scenery[mood] and lex.contradiction and against >= lex.contradiction and against > ending[mood]:
            raw[mood] -= scenery[mood] * (1 - lex.contradicted)
            cues[mood].append("scenery muted (the last couplet states another feeling)")
    # Long poems: cue totals grow with length, priors do not; scale the text evidence so a
    # 120-line 古体 and a 4-line 绝句 weigh their priors alike.
    if n > 8:
        for mood in MOODS:
            raw[mood] *= 8 / n
    from songsmith.style.subjects import mute_factor, subject_moods

    subjects = subject_moods(lines, title)
    muted_by_subject = {m for found in subjects for m in found.mutes}
    for mood in muted_by_subject:
        raw[mood] *= mute_factor()
    said = "\n".join([title or "", *lines])  # the title says the feeling too (哭, 悼, 杜鹃)
    overruled: set[str] = set()
    gained: set[str] = set()
    for rule in lex.overrules:
        words = rule.hits(said)
        if not words:
            continue
        muted = [m for m in rule.mutes if raw[m] > 0 or any(m in found.moods for found in subjects)]
        if rule.mutes and not muted:
            continue
        if rule.mutes and not rule.against and any(closing[m] > closing[rule.mood] for m in rule.mutes):
            continue  # the poem ends in the feeling the rule would mute (幽闲已得趣): that one wins
        for mood in rule.mutes:
            if mood not in overruled and mood not in muted_by_subject:  # scaled down once
                raw[mood] *= mute_factor()
            overruled.add(mood)
        if rule.mood not in gained:  # one outright feeling, however many rules see it
            raw[rule.mood] += rule.weight * (8 / n if n > 8 else 1.0)
            gained.add(rule.mood)
        note = f"{'/'.join(words[:4])} overrule {'/'.join(muted)}" if muted else '/'.join(words[:4])
        cues[rule.mood].append(f"{note} ({rule.name})")
    for prior in (lex.authors.get(author or ""), lex.forms.get(form or "")):
        for mood, weight in (prior or {}).items():
            raw[mood] += weight
    for found in subjects:
        for mood, weight in found.moods.items():
            raw[mood] += weight * (mute_factor() if mood in overruled else 1.0)
            words = found.tone.get(mood)
            cues[mood].append(f"{found.evidence}, its tone {'/'.join(words)}" if words else found.evidence)
    # Thin evidence: a short poem whose strongest mood rests on a weak cue or two (故人, 玉, 月, 秋)
    # that neither its title's occasion, its subject nor a stated feeling backs is read as the
    # default (calm): the readers hear no feeling where none is said.
    if lex.thin_mood and lex.thin_weight:
        top = max(MOODS, key=lambda m: raw[m])
        if (top != lex.thin_mood and raw[top] < lex.thin_below and top not in titled and top not in said_moods
                and not any(top in found.moods for found in subjects)):
            raw[lex.thin_mood] += lex.thin_weight
            cues[lex.thin_mood].append(f"thin evidence for {top} (the default)")
    total = sum(raw.values()) + lex.floor * len(MOODS)
    scores = {m: round((raw[m] + lex.floor) / total, 3) for m in MOODS}
    order = {m: i for i, m in enumerate(MOODS)}
    ranked = sorted(scores.items(), key=lambda item: (-raw[item[0]], order[item[0]]))
    return MoodResult(ranked=ranked, cues={m: c for m, c in cues.items() if c}, raw=raw)


def _negated(line: str, position: int, negations: tuple[str, ...]) -> bool:
    """Whether a negation (莫, 休, 不作 …) stands at most four characters before ``position``:
    莫愁前路, 莫恨清光尽, 不作楚臣悲 say the feeling is not there."""
    before = line[max(0, position - 4):position]
    if not any(word[0] in before for word in negations):
        return False
    for saying in ("莫道", "休道", "莫言", "休言", "莫问", "莫说"):  # "do not say it is not …" affirms
        before = before.replace(saying, "")
    return any(word in before for word in negations)


def own_title(title: str | None, categories: tuple[str, ...]) -> str | None:
    """The poem's own title, without a collection's 乐府 category before it (相和歌辞 凤台曲 → 凤台曲)."""
    if not title:
        return title
    for category in categories:
        if title.startswith(category):
            return title[len(category):].strip() or title
    return title


def _turn(lines: list[str], markers: tuple[str, ...]) -> int | None:
    """The first line of the poem's second half that turns (opens with a turn marker)."""
    if len(lines) < 4:
        return None
    for index in range(len(lines) // 2, len(lines)):
        if any(lines[index].startswith(marker) for marker in markers):
            return index
    return None


def mood_of_analysis(analysis: Analysis, *, learned: bool = True) -> MoodResult:
    """Mood of an :class:`~songsmith.poetry.analysis.Analysis` (what ``analyse_poem`` returns)."""
    from songsmith.poetry.script import to_simplified

    title = to_simplified(analysis.title) if analysis.title else None
    return analyse_mood([line.simplified for line in analysis.lines], title=title,
                        author=analysis.author, form=analysis.form, learned=learned)


def mood_json(source: Analysis | MoodResult) -> dict[str, Any]:
    """``{"primary": …, "ranked": [[mood, score], …], "cues": ["月, 故乡 → nostalgic", …]}``.

    Meant for ``analyze --json``: ``data["mood"] = mood_json(analysis)``.
    """
    result = source if isinstance(source, MoodResult) else mood_of_analysis(source)
    return result.to_json()


def cue_weight(text: str, mood: str | None = None) -> float:
    """Imagery weight of a piece of text (simplified): cues for ``mood`` count fully, others a quarter."""
    lex = lexicon()
    weights = lex.weights
    total = 0.0
    for _, cue in _scan(text, lex.index):
        for cue_mood, weight in weights[cue]:
            total += weight if mood is None or cue_mood == mood else weight * 0.25
    return total
