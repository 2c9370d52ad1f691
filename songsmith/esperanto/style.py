"""Moods and style hints for Esperanto lyrics (offline, deterministic).

What the offline backend (:mod:`songsmith.style.offline`) asks of it:

* :func:`esperanto_mood` ``(text, title=None) -> songsmith.document.moods.MoodResult`` — ranked moods
  over exactly :data:`songsmith.document.moods.MOODS`, scores summing to 1, with the words that produced
  each mood (``result.cues``, ``result.explain()``). Drop-in for ``Work.mood``.
* :func:`esperanto_style_hints` ``(text, title=None, *, metre=None, mood=None) -> StyleHints``
  — tags such as ``Medieval, Male Singer, Ars Antiqua, Storytelling, Bard, Lute, Italian
  style, Esperanto Song``, plus time signature and tempo from the metre. ``hints.to_style()``
  gives a :class:`songsmith.document.model.Style`; ``hints.prompt`` is the comma-joined tag string.

Data: ``prompts/esperanto/lexicon.yaml`` (roots → moods, mood → tags, metre → feel).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from songsmith.document.moods import MOODS
from songsmith.esperanto.orthography import WORD_RE, normalise, segment

if TYPE_CHECKING:
    from songsmith.document.model import Style
    from songsmith.document.moods import MoodResult

LANGUAGE_TAG = "Esperanto Song"


@dataclass(frozen=True)
class _Lexicon:
    roots: dict[str, dict[str, float]]
    styles: dict[str, list[str]]
    metres: dict[str, dict[str, Any]]
    longest: int
    children: dict[str, Any] = field(default_factory=dict)


@lru_cache(maxsize=1)
def lexicon() -> _Lexicon:
    from songsmith.resources import load_prompt_yaml

    data = load_prompt_yaml("esperanto/lexicon.yaml")
    if tuple(data["moods"]) != MOODS:
        raise ValueError("prompts/esperanto/lexicon.yaml: moods must be exactly " + ", ".join(MOODS))
    roots: dict[str, dict[str, float]] = {}
    for root, weights in data["roots"].items():
        unknown = set(weights) - set(MOODS)
        if unknown:
            raise ValueError(f"prompts/esperanto/lexicon.yaml: root {root!r}: unknown mood {sorted(unknown)}")
        roots[str(root)] = {m: float(w) for m, w in weights.items()}
    return _Lexicon(roots, {k: list(v) for k, v in data["styles"].items()}, dict(data["metres"]),
                    max(len(r) for r in roots), dict(data.get("children") or {}))


def _cues_in_word(word: str, lex: _Lexicon) -> list[str]:
    """Lexicon roots found in one word: spans of its morphemes (ending excluded), longest first
    (``mal``+``gaj`` → ``malgaj``, never ``gaj`` too); a word that does not split is matched
    by stripping a grammatical ending."""
    found = segment(word)
    if found is None:
        low = word.rstrip("'").lower()
        for end in ("ojn", "ajn", "oj", "aj", "on", "an", "en", "as", "is", "os", "us", "o", "a", "e", "i", "u"):
            if low.endswith(end) and low[: -len(end)] in lex.roots:
                return [low[: -len(end)]]
        return [low] if low in lex.roots else []
    pieces = list(found[1])
    if len(pieces) > 1:
        pieces = pieces[:-1]  # the ending
    cues: list[str] = []
    i = 0
    while i < len(pieces):
        for j in range(len(pieces), i, -1):
            span = "".join(pieces[i:j])
            if span in lex.roots:
                cues.append(span)
                i = j
                break
        else:
            i += 1
    return cues


def esperanto_mood(text: str, title: str | None = None) -> MoodResult:
    """Ranked moods of Esperanto lyrics (any spelling): each word's lexicon roots add their
    weights (title words count double). No cue at all gives ``serene`` first, evenly low."""
    from songsmith.document.moods import MoodResult

    lex = lexicon()
    raw = dict.fromkeys(MOODS, 0.0)
    cues: dict[str, list[str]] = {}
    for source, factor in ((title or "", 2.0), (text, 1.0)):
        for word in WORD_RE.findall(normalise(source).text):
            for cue in _cues_in_word(word, lex):
                for mood, weight in lex.roots[cue].items():
                    raw[mood] += weight * factor
                    seen = cues.setdefault(mood, [])
                    if cue not in seen:
                        seen.append(cue)
    return MoodResult.from_scores(raw, cues)


@dataclass
class StyleHints:
    """Style tags for an Esperanto song, and what they were built from."""

    tags: list[str]
    mood: str
    metre: str | None
    time_signature: int | None
    tempo_bpm: int | None
    genre: str
    lead: str
    why: list[str] = field(default_factory=list)
    language_tag: str = LANGUAGE_TAG

    @property
    def prompt(self) -> str:
        return ", ".join(self.tags)

    def to_style(self) -> Style:
        from songsmith.document.model import Style

        return Style(prompt=self.prompt, genre=[self.genre], mood=[self.mood], instruments=[self.lead],
                     tempo_bpm=self.tempo_bpm, language_tag=self.language_tag)


_INSTRUMENTS = {"lute", "harp", "accordion", "fiddle", "violin", "organ", "brass", "acoustic guitar",
                "recorder", "snare drum", "choir", "orchestral"}


def esperanto_style_hints(text: str, title: str | None = None, *, metre: str | None = None,
                          mood: MoodResult | None = None, primary: str | None = None,
                          audience: str | None = None) -> StyleHints:
    """Tags from the primary mood (``prompts/esperanto/lexicon.yaml`` ``styles``), the metre's
    time and feel (a ternary metre is a waltz in 3/4 or a 6/8 lilt, a trochee a 4/4 march), the
    tempo in bpm, and ``Esperanto Song`` last. ``metre`` defaults to the one
    :mod:`songsmith.esperanto.analysis` finds in ``text``; the tempo is the middle of the metre's
    range, shifted down for melancholy/serene/farewell and up for joyful/heroic. A tag that would
    contradict the others (``songsmith check``'s rules: Slow at 110 bpm, a Waltz in 4/4) is left
    out; ``audience="children"`` gives a child's voice and leaves out what a children's song must
    not ask for."""
    from songsmith.document.lint import children_unsuitable, contradicting_words

    lex = lexicon()
    if mood is None:
        mood = esperanto_mood(text, title)
    if metre is None:
        from songsmith.esperanto.analysis import analyse_text

        metre = analyse_text(text).metre
    # ``primary`` asks for another mood's colours (the offline backend's 2nd, 3rd… candidates)
    primary = primary or mood.primary
    children = audience == "children"
    wanted = list(lex.styles.get(primary, []))
    why = [f"mood {primary}" + (f" ({', '.join(mood.cues.get(primary, []))})" if mood.cues.get(primary) else "")]
    if children:
        wanted = [t for t in wanted if not _is_voice(t)] + list(lex.children.get("voice") or [])[:1] \
            + list(lex.children.get("words") or [])
    secondary = mood.secondary if primary == mood.primary else None
    if secondary and secondary != primary:
        extra = [t for t in lex.styles.get(secondary, [])[:2] if t not in wanted and not _is_voice(t)]
        wanted.extend(extra)
        if extra:
            why.append(f"second mood {secondary}: {', '.join(extra)}")
    time_signature = tempo = None
    if metre and metre in lex.metres:
        feel = lex.metres[metre]
        time_signature = int(feel["time_signature"])
        low, high = feel["tempo"]
        if children:
            c_low, c_high = lex.children.get("tempo", [80, 104])
            low, high = max(low, c_low), min(high, c_high)
        shift = {"melancholy": -0.3, "serene": -0.3, "farewell": -0.2, "joyful": 0.3, "heroic": 0.2}.get(primary, 0)
        tempo = int(round((low + high) / 2 + shift * (high - low)))
        word = feel.get("feel")
        if not word and primary in (feel.get("march_moods") or []):
            word = "march"
        # the metre decides the time: it comes first, and a mood's Waltz or March that clashes goes
        wanted = [str(feel["tag"])] + ([str(word).capitalize()] if word else []) + \
            [t for t in wanted if t.lower() not in ("waltz", "march", str(word or "").lower())]
        why.append(f"{metre} metre: {feel['tag']}{', ' + str(word) if word else ''}, about {tempo} bpm")
    tags: list[str] = []
    for tag in wanted:
        if children and children_unsuitable(tag):
            continue
        if not contradicting_words(", ".join([*tags, tag]), tempo):
            tags.append(tag)
    if tempo:
        tags.append(f"{tempo} bpm")
    tags.append(LANGUAGE_TAG)
    # the genre leads the prompt; the metre's tags follow it
    metre_tags = [t for t in tags[:2] if t in {str(m["tag"]) for m in lex.metres.values()} or
                  t.lower() in ("waltz", "march", "lilting")]
    rest = [t for t in tags if t not in metre_tags]
    tags = rest[:1] + metre_tags + rest[1:]
    genre = tags[0]
    lead = next((t for t in tags if t.lower() in _INSTRUMENTS), "voice")
    return StyleHints(tags, primary, metre, time_signature, tempo, genre, lead, why)


def _is_voice(tag: str) -> bool:
    low = tag.lower()
    return "singer" in low or "vocal" in low or "choir" in low
