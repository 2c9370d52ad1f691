"""The offline style mapper and the backend interface: deterministic, distinct, from the vocabulary."""

from __future__ import annotations

import itertools

import pytest

from songsmith.document.lint import style_issues
from songsmith.errors import UsageError
from songsmith.pipeline.compose import work_from_poem
from songsmith.poetry.corpus import make_poem
from songsmith.style.backends import backend_names, get_backend, register_backend
from songsmith.style.base import Hints, StyleBackend
from songsmith.style.mood import MOODS, MoodResult
from songsmith.style.offline import OfflineBackend
from songsmith.style.stylemap import (
    PROMPT_LIMIT,
    compose,
    imagery_instruments,
    vocabulary,
)

JING_YE_SI = ["床前明月光，疑是地上霜。", "举头望明月，低头思故乡。"]
PIPA = ["浔阳江头夜送客，枫叶荻花秋瑟瑟。", "忽闻水上琵琶声，主人忘归客不发。"]


def work(paragraphs: list[str] = JING_YE_SI, title: str = "静夜思", author: str | None = "李白"):  # type: ignore[no-untyped-def]
    return work_from_poem(make_poem("t", title, paragraphs, author=author, dynasty="唐"), language="zh")


def test_same_poem_same_prompts() -> None:
    first = [c.style.prompt for c in compose(work(), 5)]
    second = [c.style.prompt for c in compose(work(), 5)]
    assert first == second
    assert first[0] == ("chinese traditional folk, nostalgic, ethereal, wistful, slow, angelic female voice, "
                        "guzheng, xiao, Mandarin")


@pytest.mark.parametrize("n", [1, 5, 12])
def test_candidates_differ_pairwise_in_genre_or_lead(n: int) -> None:
    candidates = compose(work(), n)
    assert len(candidates) == n
    for a, b in itertools.combinations(candidates, 2):
        assert a.genre != b.genre or a.lead != b.lead
        assert a.style.prompt != b.style.prompt


def test_five_candidates_for_every_mood_are_distinct_and_lint_clean() -> None:
    base = work()
    for mood in MOODS:
        base.mood = MoodResult(ranked=[(mood, 1.0)] + [(m, 0.0) for m in MOODS if m != mood],
                               raw={mood: 1.0})
        for audience in (None, "children"):
            candidates = compose(base, 5, Hints(audience=audience))
            assert len({(c.genre, c.lead) for c in candidates}) == 5
            for candidate in candidates:
                prompt = candidate.style.prompt or ""
                assert len(prompt) <= PROMPT_LIMIT
                assert style_issues(prompt, target="suno", tempo_bpm=candidate.style.tempo_bpm) == []
                assert candidate.style.mood[0] == mood


def test_every_word_comes_from_the_vocabulary() -> None:
    vocab = vocabulary()
    for candidate in compose(work(PIPA, "琵琶行", "白居易"), 12):
        assert all(g in vocab.genres for g in candidate.style.genre)
        assert all(i in vocab.instruments for i in candidate.style.instruments)
        assert candidate.style.vocal in vocab.vocals


def test_an_instrument_the_poem_names_leads_the_first_candidate() -> None:
    w = work(PIPA, "琵琶行", "白居易")
    assert imagery_instruments(w)[0] == ("pipa", "琵琶")
    first = compose(w, 3)[0]
    assert first.lead == "pipa" and "琵琶 → pipa" in first.why


def test_children_get_a_moderate_tempo_and_clear_diction() -> None:
    for candidate in compose(work(), 5, Hints(audience="children")):
        assert 80 <= (candidate.style.tempo_bpm or 0) <= 100
        assert "clear diction" in (candidate.style.vocal or "")
        assert "dark pop" not in candidate.style.genre and "cinematic rock" not in candidate.style.genre


def test_style_parts_are_filled() -> None:
    style = compose(work(), 1)[0].style
    assert style.genre and style.mood == ["nostalgic"] and len(style.instruments) == 2
    assert style.tempo_bpm and style.key and style.exclude and style.language_tag == "Mandarin"


def test_backend_registry_and_protocol() -> None:
    backend = get_backend("offline")
    assert isinstance(backend, OfflineBackend) and isinstance(backend, StyleBackend)
    assert "offline" in backend_names()
    with pytest.raises(UsageError, match="unknown backend 'nope'"):
        get_backend("nope")
    register_backend("test-offline", lambda config: OfflineBackend())
    try:
        assert get_backend("test-offline").name == "offline"
    finally:
        from songsmith.style.backends import BACKENDS

        BACKENDS.pop("test-offline")


def test_backend_arrange_uses_the_lead_instrument_of_the_style() -> None:
    backend = get_backend("offline")
    w = work()
    style = backend.map_style(w, 1, Hints())[0].style
    arrangement = backend.arrange(w, Hints(), style)
    assert arrangement.sections[0].label == f"Intro: {style.instruments[0]}"
