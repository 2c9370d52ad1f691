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
DENGGAO = ["风急天高猿啸哀，渚清沙白鸟飞回。", "无边落木萧萧下，不尽长江滚滚来。",
           "万里悲秋常作客，百年多病独登台。", "艰难苦恨繁霜鬓，潦倒新停浊酒杯。"]
BINGCHE = ["车辚辚，马萧萧，行人弓箭各在腰。", "耶娘妻子走相送，尘埃不见咸阳桥。", "牵衣顿足拦道哭，哭声直上干云霄。",
           "道旁过者问行人，行人但云点行频。", "或从十五北防河，便至四十西营田。"]
GUIYUAN = ["闺中少妇不知愁，春日凝妆上翠楼。", "忽见陌头杨柳色，悔教夫婿觅封侯。"]
LIANGZHOU = ["黄河远上白云间，一片孤城万仞山。", "羌笛何须怨杨柳，春风不度玉门关。"]
PIPA = ["浔阳江头夜送客，枫叶荻花秋瑟瑟。", "忽闻水上琵琶声，主人忘归客不发。"]


def work(paragraphs: list[str] = JING_YE_SI, title: str = "静夜思", author: str | None = "李白"):  # type: ignore[no-untyped-def]
    return work_from_poem(make_poem("t", title, paragraphs, author=author, dynasty="唐"), language="zh")


def test_same_poem_same_prompts() -> None:
    first = [c.style.prompt for c in compose(work(), 5)]
    second = [c.style.prompt for c in compose(work(), 5)]
    assert first == second
    assert first[0] == ("chinese traditional folk, moonlit, nostalgic, wistful, lyrical, ethereal, slow, 72 bpm, "
                        "warm male vocal, guzheng, xiao, Mandarin")


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


def test_children_get_a_moderate_tempo_a_child_friendly_voice_and_no_dark_words() -> None:
    from songsmith.document.lint import children_unsuitable, children_vocal

    base = work(BINGCHE, "兵车行", "杜甫")
    for mood in MOODS:
        base.mood = MoodResult(ranked=[(mood, 1.0)] + [(m, 0.0) for m in MOODS if m != mood], raw={mood: 1.0})
        for candidate in compose(base, 5, Hints(audience="children")):
            prompt = candidate.style.prompt or ""
            assert 80 <= (candidate.style.tempo_bpm or 0) <= 100
            assert "clear diction" in (candidate.style.vocal or "") and children_vocal(prompt), prompt
            assert children_unsuitable(prompt) == [], prompt
            assert "war drums" not in candidate.style.instruments


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


def test_the_speaker_decides_the_voice() -> None:
    from songsmith.style.reading import persona

    old_poet = compose(work(DENGGAO, "登高", "杜甫"), 5)
    assert all("female" not in (c.style.vocal or "") for c in old_poet)
    assert old_poet[0].style.vocal == "weathered male vocal" and "霜鬓/多病 → old" in old_poet[0].why
    assert all("female" not in (c.style.vocal or "") for c in compose(work(BINGCHE, "兵车行", "杜甫"), 5))
    wife = compose(work(GUIYUAN, "闺怨", "王昌龄"), 5)
    assert all("female" in (c.style.vocal or "") for c in wife)
    assert not any("powerful male vocal" in (c.style.prompt or "") or "war drums" in (c.style.prompt or "")
                   for c in wife)
    assert persona(work(GUIYUAN, "闺怨", "王昌龄"), ["闺怨"]).role == "wife"
    assert persona(work(JING_YE_SI, "静夜思", "李清照"), []).gender == "female"
    assert persona(work(JING_YE_SI, "静夜思", None), []).gender == "unknown"


def test_season_place_and_named_instruments_feed_the_prompt() -> None:
    first = compose(work(DENGGAO, "登高", "杜甫"), 1)[0].style.prompt or ""
    assert "autumn" in first and "river" in first
    frontier = compose(work(LIANGZHOU, "凉州词", "王之涣"), 3)
    assert "frontier" in (frontier[0].style.prompt or "") and frontier[0].lead == "dizi"  # 羌笛
    assert "moonlit" in (compose(work(), 1)[0].style.prompt or "")
    assert "autumn" not in (compose(work(), 1)[0].style.prompt or "")  # 疑是地上霜 is a comparison


def test_form_and_metre_feed_tempo_and_feel() -> None:
    regulated = compose(work(DENGGAO, "登高", "杜甫"), 1)[0]
    assert "measured" in (regulated.style.prompt or "") and f"{regulated.style.tempo_bpm} bpm" in regulated.style.prompt
    yuefu = compose(work(BINGCHE, "兵车行", "杜甫"), 1)[0]
    assert "storytelling" in (yuefu.style.prompt or "")


def test_different_poems_get_different_first_prompts() -> None:
    poems = [(JING_YE_SI, "静夜思", "李白"), (DENGGAO, "登高", "杜甫"), (BINGCHE, "兵车行", "杜甫"),
             (GUIYUAN, "闺怨", "王昌龄"), (LIANGZHOU, "凉州词", "王之涣"), (PIPA, "琵琶行", "白居易")]
    firsts = {compose(work(*poem), 1)[0].style.prompt for poem in poems}
    assert len(firsts) == len(poems)


def test_user_phrases_are_cleaned_into_the_targets_conventions() -> None:
    from songsmith.style.spell import clean_spell

    assert clean_spell("chinese folk. Inspired Pop Ballad. Clear Voice, Moderate tempo") == \
        "chinese folk, pop ballad, clear vocals, moderate tempo"
    assert clean_spell("manderin Chinese, Guzheng & erhu & Chinese flute & Cello") == "Mandarin, guzheng, erhu, dizi, cello"
    assert clean_spell("Waltz, 3/4, Esperanto Song") == "waltz, 3/4, Esperanto Song"
    vocab = vocabulary()
    assert "inspired pop ballad" not in vocab.genres
    for recipe in vocab.presets.values():
        assert clean_spell(recipe.genre) == recipe.genre and all(clean_spell(w) == w for w in recipe.words)


def test_a_spell_refuses_a_contradicting_word() -> None:
    from songsmith.style.spell import Spell

    spell = Spell(200, 60)
    assert spell.add("chinese folk", required=True) and spell.add("slow") and spell.add("melancholic")
    assert not spell.add("beat drop") and not spell.add("upbeat") and spell.refused == ["beat drop", "upbeat"]
    assert style_issues(spell.prompt(), tempo_bpm=60) == []
    children = Spell(200, 90, children=True)
    assert not children.add("war drums") and children.add("gentle")


def test_english_lyrics_get_english_styles_in_their_metre() -> None:
    from pathlib import Path

    from songsmith.document.songfile import load_song
    from songsmith.pipeline.sources import poem_of_song
    from songsmith.style.lyricstyle import english_metre

    songs = Path(__file__).resolve().parents[1] / "corpora" / "songs"
    star = load_song(songs / "the-star.yaml").song
    rose = load_song(songs / "the-last-rose-of-summer.yaml").song
    assert english_metre([line for s in star.sections for line in s.sung_lines])[0] == "binary"
    assert english_metre([line for s in rose.sections for line in s.sung_lines])[0] == "ternary"
    backend = get_backend("offline")
    for song, time in ((star, "4/4"), (rose, "3/4")):
        poem = poem_of_song(song, "x")
        w = work_from_poem(poem, source_text=song.source.text if song.source else None, language="en")
        for audience in (None, "children"):
            for candidate in backend.map_style(w, 5, Hints(audience=audience)):
                prompt = candidate.style.prompt or ""
                assert time in prompt and f"{candidate.style.tempo_bpm} bpm" in prompt
                assert not {"guzheng", "erhu", "pipa", "Mandarin"} & set(prompt.split(", "))
                assert style_issues(prompt, target="suno", tempo_bpm=candidate.style.tempo_bpm) == []
    assert "waltz" in (backend.map_style(work_from_poem(poem_of_song(rose, "x"), language="en"), 1, Hints())[0]
                       .style.prompt or "")
