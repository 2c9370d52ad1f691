"""A style prompt ("spell") written in the target's conventions, and kept free of contradictions.

* :func:`clean_spell` rewrites what a user or a model wrote — ``"chinese folk. Inspired Pop
  Ballad. Clear Voice, Moderate tempo"`` — as comma tags in songsmith's vocabulary
  (``prompts/styles/phrases.yaml``, the misspellings of ``prompts/lint/style-words.yaml``);
* :func:`Spell` collects a prompt's words in priority order and refuses a word that would
  contradict one already in it, by the one rule set ``songsmith check`` uses
  (:func:`songsmith.document.lint.contradicting_words`), or that a children's song must not ask
  for, and keeps the prompt within the target's length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

_SEPARATORS = re.compile(r"\s*(?:[.,;，。；、&+/]|\s\band\b\s)\s*")


@lru_cache(maxsize=1)
def _phrases() -> dict[str, str]:
    from songsmith.resources import load_prompt_yaml

    phrases = {str(k).lower(): str(v) for k, v in load_prompt_yaml("styles/phrases.yaml")["phrases"].items()}
    for wrong, right in load_prompt_yaml("lint/style-words.yaml")["misspellings"].items():
        phrases.setdefault(str(wrong).lower(), str(right))
    return phrases


def clean_spell(text: str) -> str:
    """``text`` as comma-separated tags: fragments split at the separators users mix, known
    fragments and misspellings rewritten, case lowered (proper names such as Mandarin kept),
    repeats dropped. ``3/4`` and ``6/8`` stay whole."""
    phrases = _phrases()
    protected = re.sub(r"(\d)/(\d)", "\\1\u2044\\2", text)
    tags: list[str] = []
    for fragment in _SEPARATORS.split(protected):
        fragment = " ".join(fragment.split()).replace("\u2044", "/")
        if not fragment:
            continue
        key = fragment.lower()
        tag = phrases.get(key)
        if tag is None:
            words = [phrases.get(w.lower(), w) for w in fragment.split()]
            tag = " ".join(w if w[:1].isupper() and w in _PROPER else w.lower() for w in words)
        for part in (p.strip() for p in tag.split(",")):
            if part and part.lower() not in (t.lower() for t in tags):
                tags.append(part)
    return ", ".join(tags)


_PROPER = frozenset({"Mandarin", "Cantonese", "Hokkien", "Esperanto", "Esperanto Song", "Chinese", "English"})


@lru_cache(maxsize=4096)
def _named_by_rules(low: str) -> bool:
    """Whether the contradiction rules name a word inside ``low`` (a lower-case style word)."""
    from songsmith.document.lint import contradiction_vocabulary

    return any(rule_word in low for rule_word in contradiction_vocabulary())


@lru_cache(maxsize=4096)
def _unsuitable(word: str) -> bool:
    from songsmith.document.lint import children_unsuitable

    return bool(children_unsuitable(word))


@dataclass
class Spell:
    """A prompt built word by word: :meth:`add` keeps a word only if the prompt stays free of
    contradictions (and of words a children's song must not ask for); :meth:`prompt` joins
    them within ``limit`` characters, dropping optional words from the end first."""

    limit: int
    tempo_bpm: int | None = None
    children: bool = False
    words: list[tuple[str, bool]] = field(default_factory=list)  # (word, required)
    refused: list[str] = field(default_factory=list)

    def fits(self, word: str) -> bool:
        from songsmith.document.lint import contradicting_words

        low = word.lower()
        if not word or any(w.lower() == low for w, _ in self.words):
            return False
        if self.children and _unsuitable(word):
            return False
        if not _named_by_rules(low):
            return True  # a word the rules do not name cannot make a contradiction
        candidate = ", ".join([*(w for w, _ in self.words), word])
        return not contradicting_words(candidate, self.tempo_bpm)

    def add(self, word: str | None, *, required: bool = False) -> bool:
        if not word:
            return False
        if self.fits(word):
            self.words.append((word, required))
            return True
        if not any(w.lower() == word.lower() for w, _ in self.words):
            self.refused.append(word)
        return False

    def prompt(self) -> str:
        words = list(self.words)
        while len(", ".join(w for w, _ in words)) > self.limit:
            optional = [i for i, (_, required) in enumerate(words) if not required]
            if not optional:
                break
            del words[optional[-1]]
        return ", ".join(w for w, _ in words)
