"""Esperanto prosody: syllables, stress, metre and rhyme.

Rules (Fundamento rules 10 and 16):

* every vowel ``a e i o u`` is a syllable; ``j`` and ``ŭ`` are glides, so ``aj oj uj ej aŭ
  eŭ`` belong to one syllable (``hieraŭ`` = hi-e-raŭ, ``familio`` = fa-mi-li-o);
* stress falls on the penultimate syllable;
* an elided word (``kor'``, ``mond'``, ``Di'``) keeps its stress, which is now on its last
  syllable; ``l'`` (the article) has no vowel and no syllable.

Monosyllables that are not elided carry no lexical stress of their own: a verse line may put
them on a beat or off it. The metre of a line is the foot pattern (trochaic, iambic,
amphibrach, dactylic, anapaestic) whose beats hold the most stressed syllables and the fewest
off-beat stresses. Functions here expect Unicode text: run
:func:`songsmith.esperanto.orthography.normalise` on x- or h-system text first (the h-system
writes ``aŭ`` as ``au``, which would count two syllables).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from songsmith.esperanto.orthography import WORD_RE, nfc

VOWELS = frozenset("aeiouAEIOU")

#: name → (period, first beat) of each foot pattern; beats are 1-based syllable positions.
METRES: dict[str, tuple[int, int]] = {
    "trochaic": (2, 1),
    "iambic": (2, 2),
    "dactylic": (3, 1),
    "amphibrach": (3, 2),
    "anapaestic": (3, 3),
}
#: Accepted spellings of a metre name (SOURCES.md writes "amphibrachs").
METRE_ALIASES = {
    "trochee": "trochaic", "trochees": "trochaic", "trochaic": "trochaic",
    "iamb": "iambic", "iambs": "iambic", "iambic": "iambic",
    "amphibrach": "amphibrach", "amphibrachs": "amphibrach", "amphibrachic": "amphibrach",
    "dactyl": "dactylic", "dactyls": "dactylic", "dactylic": "dactylic",
    "anapaest": "anapaestic", "anapaests": "anapaestic", "anapaestic": "anapaestic",
    "anapest": "anapaestic", "anapestic": "anapaestic",
}


@dataclass(frozen=True)
class Word:
    """One word of a line: its text, syllable count and stressed syllable (1-based, or None)."""

    text: str
    syllables: int
    stress: int | None
    elided: bool


def syllable_count(word: str) -> int:
    """Vowels of the word (``aŭ`` and ``oj`` count one: ŭ and j are not vowels)."""
    return sum(1 for ch in nfc(word) if ch in VOWELS)


def word_stress(word: str) -> int | None:
    """1-based stressed syllable of a word: the penultimate, the last for an elided word,
    None for a monosyllable that is not elided (and for a word with no vowel, ``l'``)."""
    count = syllable_count(word)
    if count == 0:
        return None
    if word.endswith("'"):
        return count
    if count == 1:
        return None
    return count - 1


def words_of(line: str) -> list[Word]:
    out = []
    for token in WORD_RE.findall(nfc(line)):
        count = syllable_count(token)
        out.append(Word(token, count, word_stress(token), token.endswith("'")))
    return out


def syllabify(word: str) -> list[str]:
    """Split a word into syllables for display: each vowel with the consonants before it;
    a single consonant between vowels opens the next syllable, clusters split before their
    last consonant (``kan-to``, ``mal-lu-mo``, ``ho-di-aŭ``). Glides stay with their vowel."""
    word = nfc(word)
    letters = word.rstrip("'")
    tail = word[len(letters):]
    nuclei = [i for i, ch in enumerate(letters) if ch in VOWELS]
    if len(nuclei) <= 1:
        return [word] if word else []
    cuts = []
    for left, right in zip(nuclei, nuclei[1:]):
        start = left + 1
        # glides j / ŭ after a vowel close its syllable
        while start < right and letters[start].lower() in "jŭ" and start == left + 1:
            start += 1
        cluster = right - start
        if cluster <= 1:
            cuts.append(start)
        elif letters[right - 1].lower() in "lr" and letters[right - 2].lower() in "bcĉdfgĝkptv":
            cuts.append(right - 2)  # a-gro, ma-kro: stop + liquid opens the next syllable
        else:
            cuts.append(right - 1)
    pieces, last = [], 0
    for cut in cuts:
        pieces.append(letters[last:cut])
        last = cut
    pieces.append(letters[last:] + tail)
    return pieces


@dataclass
class LineProsody:
    text: str
    words: list[Word]
    syllables: int
    stress: list[int]  # 1-based positions of lexically stressed syllables
    free: list[int]  # 1-based positions of monosyllables (may take a beat or not)
    metre: str | None
    metre_scores: dict[str, float] = field(default_factory=dict)
    rhyme: str | None = None
    ending: str | None = None  # "feminine" (stress on the penultimate) or "masculine"

    @property
    def pattern(self) -> str:
        """One mark per syllable: ``—`` stressed, ``◡`` unstressed, ``·`` a free monosyllable."""
        marks = []
        for pos in range(1, self.syllables + 1):
            marks.append("—" if pos in self.stress else "·" if pos in self.free else "◡")
        return "".join(marks)


def beats(metre: str, length: int) -> list[int]:
    period, first = METRES[metre]
    return list(range(first, length + 1, period))


def metre_score(metre: str, syllables: int, stress: list[int], free: list[int]) -> float:
    """Stresses on beats, minus off-beat stresses, minus half a point per beat that falls on an
    unstressed syllable of a longer word (ternary metres tolerate that less: a full point)."""
    if not stress:
        return 0.0
    period = METRES[metre][0]
    on = set(beats(metre, syllables))
    stressed = set(stress)
    hits = len(stressed & on)
    misses = len(stressed - on)
    last_stress = max(stressed)
    empty = sum(1 for b in on if b <= last_stress and b not in stressed and b not in free)
    return hits - 1.5 * misses - (0.5 if period == 2 else 1.0) * empty


def guess_metre(syllables: int, stress: list[int], free: list[int]) -> tuple[str | None, dict[str, float]]:
    scores = {name: metre_score(name, syllables, stress, free) for name in METRES}
    if not stress:
        return None, scores
    best = max(METRES, key=lambda name: scores[name])  # ties: first in METRES order
    if scores[best] <= 0:
        return None, scores
    return best, scores


def rhyme_of(words: list[Word]) -> tuple[str | None, str | None]:
    """The rhyme (from the last stressed vowel to the end, lower case, letters only) and the
    ending type, from the last word that has a vowel."""
    for word in reversed(words):
        if word.syllables == 0:
            continue
        letters = word.text.rstrip("'").lower()
        target = word.stress or word.syllables  # a monosyllable rhymes on its only vowel
        seen = 0
        for i, ch in enumerate(letters):
            if ch in VOWELS:
                seen += 1
                if seen == target:
                    ending = "feminine" if word.syllables - target == 1 else (
                        "masculine" if target == word.syllables else "dactylic")
                    return letters[i:], ending
    return None, None


def analyse_line(line: str) -> LineProsody:
    """Syllables, stress positions, metre guess and rhyme of one (Unicode) lyric line."""
    words = words_of(line)
    stress: list[int] = []
    free: list[int] = []
    offset = 0
    for word in words:
        if word.stress is not None:
            stress.append(offset + word.stress)
        elif word.syllables == 1:
            free.append(offset + 1)
        offset += word.syllables
    metre, scores = guess_metre(offset, stress, free)
    rhyme, ending = rhyme_of(words)
    return LineProsody(line, words, offset, stress, free, metre, scores, rhyme, ending)


def song_metre(lines: list[LineProsody]) -> tuple[str | None, int]:
    """The metre of a poem: the pattern with the best total score over its lines, and the
    number of lines whose own best guess it is."""
    totals: Counter[str] = Counter()
    for line in lines:
        for name, score in line.metre_scores.items():
            totals[name] += score
    if not totals or max(totals.values()) <= 0:
        return None, 0
    best = max(METRES, key=lambda name: totals[name])
    return best, sum(1 for line in lines if line.metre == best)


def rhyme_scheme(rhymes: list[str | None]) -> str:
    """``ABAB``-style letters for a stanza; ``x`` for a line with no rhyme partner."""
    counts = Counter(r for r in rhymes if r)
    letters: dict[str, str] = {}
    out = []
    for rhyme in rhymes:
        if not rhyme or counts[rhyme] < 2:
            out.append("x")
            continue
        if rhyme not in letters:
            letters[rhyme] = chr(ord("A") + len(letters)) if len(letters) < 26 else "?"
        out.append(letters[rhyme])
    return "".join(out)
