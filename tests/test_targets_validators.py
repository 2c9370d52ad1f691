"""Each validator catches the mistakes its target punishes (music-targets.md §10)."""

from __future__ import annotations

import json

import pytest

from songsmith.document.model import Song, Style
from songsmith.targets import TARGETS, Options, get_target, parse_targets
from songsmith.targets.base import scrub_artists, title_case, variant_name

SONG = Song.from_lyrics(
    "春晓", "[Intro]\n\n[Verse 1]\n春眠不觉晓\n处处闻啼鸟\n\n[Chorus]\n夜来风雨声\n花落知多少\n(知多少)\n\n[Outro]\n",
    language="zh", style=Style(prompt="chinese folk, guzheng", tempo_bpm=84, key="D major", exclude="rap"))


def codes(target: str, files: dict[str, str]) -> set[str]:
    return {p.code for p in get_target(target).validate(files) if p.severity == "error"}


def rendered(target: str, song: Song = SONG, **options: object) -> dict[str, str]:
    return dict(get_target(target).render(song, Options(**options)).files)  # type: ignore[arg-type]


def edit_json(files: dict[str, str], name: str, change: dict[str, object], key: str | None = None) -> dict[str, str]:
    data = json.loads(files[name])
    (data[key] if key else data).update(change)
    return {**files, name: json.dumps(data, ensure_ascii=False)}


def test_registry() -> None:
    assert list(TARGETS) == ["suno", "udio", "ace-step", "ace-step-1.5", "yue", "diffrhythm", "diffrhythm2",
                             "songgeneration", "minimax", "mureka", "elevenlabs"]
    assert parse_targets("yue, suno") == ["suno", "yue"]
    assert parse_targets("all") == list(TARGETS)
    with pytest.raises(ValueError, match="unknown target"):
        get_target("napster")


def test_clean_output_validates() -> None:
    for name in TARGETS:
        assert codes(name, rendered(name)) == set(), name


def test_suno_limits_depend_on_the_model() -> None:
    files = rendered("suno")
    long = "[Verse]\n" + "啊" * 3500
    assert "lyrics-length" not in codes("suno", edit_json(files, "suno.json", {"lyrics": long}))
    assert "lyrics-length" in codes("suno", edit_json(files, "suno.json", {"lyrics": long, "model": "chirp-v4"}))
    assert "style-length" in codes("suno", edit_json(files, "suno.json", {"style": "x" * 201, "model": "chirp-v3-5"}))
    assert "style-length" not in codes("suno", edit_json(files, "suno.json", {"style": "x" * 999}))
    assert "title-length" in codes("suno", edit_json(files, "suno.json", {"title": "t" * 81}))


def test_suno_tags_notes_artists_and_instrumental() -> None:
    files = rendered("suno")
    assert "tag-case" in codes("suno", edit_json(files, "suno.json", {"lyrics": "[verse 1]\nla"}))
    assert "note-in-parens" in codes("suno", edit_json(files, "suno.json", {"lyrics": "[Verse]\nla\n(whispered)"}))
    assert "artist" in codes("suno", edit_json(files, "suno.json", {"style": "pop like Taylor Swift"}))
    assert "instrumental" in codes("suno", edit_json(files, "suno.json", {"instrumental": True}))
    assert "bracket" in codes("suno", edit_json(files, "suno.json", {"lyrics": "[Verse]\nla [x] la"}))


def test_suno_renders_title_case_descriptors_and_cue_lines() -> None:
    song = Song.from_lyrics("x", "[intro with guzheng]\n\n[verse 1 climb]\nla la\n(whispered)\n\n[chorus]\nla\n")
    lyrics = json.loads(rendered("suno", song)["suno.json"])["lyrics"]
    assert lyrics.startswith("[Intro With Guzheng]\n\n[Verse 1 Climb]\nla la\n[Whispered]")
    old = json.loads(rendered("suno", song, suno_model="v4")["suno.json"])["lyrics"]
    assert old.startswith("[Intro]\n\n[Verse 1]")
    assert title_case("fade out, piano build") == "Fade Out, Piano Build"


def test_suno_over_limit_is_trimmed_with_a_warning_never_silently() -> None:
    song = Song.from_lyrics("x", "\n\n".join(f"[Verse {i}]\n" + "长" * 300 for i in range(1, 20)))
    out = get_target("suno").render(song, Options(suno_model="v4"))
    assert len(json.loads(out.files["suno.json"])["lyrics"]) <= 3000
    assert any("3000" in w and "left out" in w for w in out.warnings)
    assert codes("suno", out.files) == set()


def test_artist_scrub() -> None:
    text, found = scrub_artists("chinese folk, in the style of Jay Chou, guzheng")
    assert "Jay Chou" not in text and found and "mandopop" in text
    line, found = scrub_artists("the queen of the night", lyrics=True)
    assert line == "the queen of the night" and not found
    style = Song.from_lyrics("x", "[Verse]\nla\n", style=Style(prompt="pop like Taylor Swift"))
    out = get_target("suno").render(style)
    assert "Taylor" not in out.files["suno.json"] and any("artist" in w for w in out.warnings)


def test_udio_rules() -> None:
    files = rendered("udio")
    assert "tag" in codes("udio", edit_json(files, "udio.json", {"lyrics": "[Pre-Chorus]\nla"}, "gen_params"))
    assert "instrumental" in codes("udio", edit_json(files, "udio.json", {"make_instrumental": True}, "gen_params"))
    inst = Song.from_lyrics("x", "[Intro]\n\n[Outro]\n")
    assert json.loads(rendered("udio", inst)["udio.json"])["gen_params"]["lyrics_type"] == "instrumental"


def test_ace_step_v1_rules() -> None:
    files = rendered("ace-step")
    assert "unk" in codes("ace-step", edit_json(files, "ace-step.json", {"lyrics": "[verse]\nĉiu"}))
    assert "tag" in codes("ace-step", edit_json(files, "ace-step.json", {"lyrics": "[zh]\n春眠"}))
    assert "duration" in codes("ace-step", edit_json(files, "ace-step.json", {"audio_duration": 300}))
    eo = Song.from_lyrics("x", "[Verse]\nĉiu paŝo\n", language="eo")
    assert "chiu pasho" in json.loads(rendered("ace-step", eo)["ace-step.json"])["lyrics"]
    inst = Song.from_lyrics("x", "[Intro]\n")
    assert json.loads(rendered("ace-step", inst)["ace-step.json"])["lyrics"] == "[instrumental]"


def test_ace_step_homophones_keep_the_sheet() -> None:
    song = Song.from_lyrics("早发白帝城", "[Verse]\n千里江陵一日还\n", language="zh")
    out = get_target("ace-step").render(song, Options(homophones=True))
    assert "一日环" in out.files["ace-step.json"]
    assert any("还 → 环" in n for n in out.notes)
    plain = get_target("ace-step").render(song)
    assert "一日还" in plain.files["ace-step.json"]


def test_ace_step_15_rules() -> None:
    files = rendered("ace-step-1.5")
    data = json.loads(files["ace-step-1.5.json"])
    assert data["vocal_language"] == "zh" and data["keyscale"] == "D major" and data["bpm"] == 84
    assert "caption-length" in codes("ace-step-1.5", edit_json(files, "ace-step-1.5.json", {"caption": "x" * 512}))
    assert "lyrics-length" in codes("ace-step-1.5", edit_json(files, "ace-step-1.5.json", {"lyrics": "x" * 4096}))
    assert "language" in codes("ace-step-1.5", edit_json(files, "ace-step-1.5.json", {"vocal_language": "eo"}))
    assert "timesignature" in codes("ace-step-1.5", edit_json(files, "ace-step-1.5.json", {"timesignature": 5}))
    assert "keyscale" in codes("ace-step-1.5", edit_json(files, "ace-step-1.5.json", {"keyscale": "H dur"}))
    yue = Song.from_lyrics("x", "[Verse]\n我哋喺度\n", language="zh-HK")
    assert json.loads(rendered("ace-step-1.5", yue)["ace-step-1.5.json"])["vocal_language"] == "yue"


def test_yue_rules() -> None:
    files = rendered("yue")
    lyrics = files["yue/lyrics.txt"]
    assert lyrics.startswith("[verse]") and lyrics.rstrip().endswith("[outro]")
    assert "--run_n_segments 3 " in files["yue/README.txt"]
    assert "Mandarin" in files["yue/genre.txt"] and "," not in files["yue/genre.txt"]
    assert "dropped" in codes("yue", {**files, "yue/lyrics.txt": "[Verse 1]\nla\n\n[chorus]\nla\n\n[outro]\n"})
    assert "dropped" in codes("yue", {**files, "yue/lyrics.txt": "[verse]\nla [ad-lib] la\n\n[chorus]\nla\n\n[outro]\n"})
    assert "run-n-segments" in codes("yue", {**files, "yue/README.txt": files["yue/README.txt"].replace(
        "--run_n_segments 3", "--run_n_segments 4")})
    assert "genre-commas" in codes("yue", {**files, "yue/genre.txt": "folk, pop\n"})
    cantonese = Song.from_lyrics("x", "[Verse]\n我哋喺度\n", language="yue")
    assert "Cantonese" in rendered("yue", cantonese)["yue/genre.txt"]


def test_diffrhythm_rules() -> None:
    files = rendered("diffrhythm")
    lrc = files["diffrhythm/lyrics.lrc"].splitlines()
    assert all(line[0] == "[" and line[9] == "]" for line in lrc)
    assert "--audio-length 95 " in files["diffrhythm/README.txt"] and "--repo-id" not in files["diffrhythm/README.txt"]
    assert lrc[-1][10:] == lrc[-2][10:]  # the 95 s model drops the last line: a repeat, never an empty one
    assert "APPROXIMATE" in files["diffrhythm/README.txt"]
    bad = {**files, "diffrhythm/lyrics.lrc": "[00:10.00]a\n[00:09.00]b\n[00:20.00]\n"}
    assert "order" in codes("diffrhythm", bad)
    assert "format" in codes("diffrhythm", {**files, "diffrhythm/lyrics.lrc": "[0:10.00]a\n[00:20.00]\n"})
    assert "format" in codes("diffrhythm", {**files, "diffrhythm/lyrics.lrc": "[verse]\n[00:10.00]a\n[00:20.00]\n"})
    assert "tight" in codes("diffrhythm", {**files, "diffrhythm/lyrics.lrc": "[00:10.00]春眠不觉晓处处闻啼鸟\n[00:10.50]b\n[00:20.00]\n"})
    assert "dummy" in codes("diffrhythm", {**files, "diffrhythm/lyrics.lrc": "[00:10.00]a\n[00:20.00]b\n"})
    assert "audio-length" in codes("diffrhythm", {**files, "diffrhythm/README.txt": files["diffrhythm/README.txt"]
                                                  .replace("--audio-length 95", "--audio-length 90")})


def test_diffrhythm_long_song_uses_the_full_model() -> None:
    song = Song.from_lyrics("x", "\n\n".join(f"[Verse {i}]\n" + "\n".join(["春眠不觉晓处处闻"] * 4) for i in range(8)))
    files = rendered("diffrhythm", song)
    assert "--audio-length 95 " not in files["diffrhythm/README.txt"]
    assert codes("diffrhythm", files) == set()


def test_diffrhythm2_rules() -> None:
    files = rendered("diffrhythm2")
    lines = files["diffrhythm2/lyrics.lrc"].splitlines()
    assert lines[0] == "[start]" and lines[-1] == "[end]"
    assert "tag" in codes("diffrhythm2", {**files, "diffrhythm2/lyrics.lrc": "[start]\n[Verse]\nla\n[end]\n"})
    assert "tag" in codes("diffrhythm2", {**files, "diffrhythm2/lyrics.lrc": "[start]\n[pre-chorus]\nla\n[end]\n"})
    assert "start" in codes("diffrhythm2", {**files, "diffrhythm2/lyrics.lrc": "[verse]\nla\n[end]\n"})


def test_songgeneration_rules() -> None:
    files = rendered("songgeneration")
    entry = json.loads(files["songgeneration.jsonl"])
    assert entry["gt_lyric"] == ("[intro-medium] ; [verse] 春眠不觉晓.处处闻啼鸟 ; [chorus] 夜来风雨声.花落知多少.知多少 ; "
                                 "[outro-medium]")
    assert entry["descriptions"].endswith(".") and entry["descriptions"] == entry["descriptions"].lower()

    def with_lyric(lyric: str) -> set[str]:
        return codes("songgeneration", {"songgeneration.jsonl": json.dumps({**entry, "gt_lyric": lyric})})

    assert "inst-text" in with_lyric("[intro-short] la ; [verse] a.b")
    assert "tag" in with_lyric("[intro] ; [verse] a.b.")
    assert "punctuation" in with_lyric("[verse] 春眠，不觉晓")
    assert "final-period" in with_lyric("[verse] 春眠.不觉晓.")
    assert "final-period" in with_lyric("[verse] one.two")
    assert "empty-vocal" in with_lyric("[verse] ; [chorus] a.b.")
    english = Song.from_lyrics("x", "[Verse]\nHello, world!\nWhy me?\n", language="en")
    assert json.loads(rendered("songgeneration", english)["songgeneration.jsonl"])["gt_lyric"] == \
        "[verse] Hello, world.Why me."


def test_minimax_rules() -> None:
    lyrics = json.loads(rendered("minimax", Song.from_lyrics("x", "[Pre-Chorus]\nla la la la la\n"))["minimax.json"])["lyrics"]
    assert lyrics.startswith("[Pre Chorus]")
    files = rendered("minimax", minimax_model="music-1.5")
    assert "lyrics-length" in codes("minimax", edit_json(files, "minimax.json", {"lyrics": "[Verse]\n" + "啊" * 600}))
    assert "lyrics-length" not in codes("minimax", edit_json(files, "minimax.json", {"lyrics": "[Verse]\n" + "啊" * 600,
                                                                                   "model": "music-2.5"}))
    assert "tag" in codes("minimax", edit_json(files, "minimax.json", {"lyrics": "[Pre-Chorus]\nla la la la"}))
    inst = json.loads(rendered("minimax", Song.from_lyrics("x", "[Intro]\n"))["minimax.json"])
    assert inst["is_instrumental"] is True and "lyrics" not in inst


def test_mureka_rules() -> None:
    files = rendered("mureka")
    assert "lyrics-length" in codes("mureka", edit_json(files, "mureka.json", {"lyrics": "x" * 3001}, "body"))
    assert "exclusive" in codes("mureka", edit_json(files, "mureka.json", {"reference_id": "r1"}, "body"))
    assert "n" in codes("mureka", edit_json(files, "mureka.json", {"n": 4}, "body"))
    inst = json.loads(rendered("mureka", Song.from_lyrics("x", "[Intro]\n"))["mureka.json"])
    assert inst["endpoint"].endswith("/v1/instrumental/generate") and "lyrics" not in inst["body"]


def test_elevenlabs_rules() -> None:
    data = json.loads(rendered("elevenlabs")["elevenlabs.json"])
    sections = data["composition_plan"]["sections"]
    assert all(3000 <= s["duration_ms"] <= 120000 for s in sections)
    long = Song.from_lyrics("x", "[Verse]\n" + "\n".join(["word " * 50] * 40))
    out = get_target("elevenlabs").render(long)
    plan = json.loads(out.files["elevenlabs.json"])["composition_plan"]
    assert all(len(s["lines"]) <= 30 and all(len(x) <= 200 for x in s["lines"]) for s in plan["sections"])
    assert codes("elevenlabs", out.files) == set()
    bad = json.loads(out.files["elevenlabs.json"])
    bad["composition_plan"]["sections"][0]["duration_ms"] = 200000
    assert "duration" in codes("elevenlabs", {"elevenlabs.json": json.dumps(bad)})
    inst = json.loads(rendered("elevenlabs", Song.from_lyrics("x", "[Intro]\n"))["elevenlabs.json"])
    assert inst["force_instrumental"] is True and "composition_plan" not in inst


def test_candidate_variants_are_numbered_and_validated() -> None:
    assert variant_name("yue/genre.txt", "2") == "yue/genre.2.txt"
    for name in TARGETS:
        out = get_target(name).render(SONG, Options(variant="3", style_prompt="guofeng pop, pipa"))
        assert all(".3." in f for f in out.files), out.files
        assert codes(name, out.files) == set(), name
    yue = get_target("yue").render(SONG, Options(variant="3")).files
    assert "--lyrics_txt lyrics.3.txt" in yue["yue/README.3.txt"]


def test_diffrhythm_spacing_survives_short_lines_at_a_fast_tempo() -> None:
    """Short lines are pushed apart; every later line moves with them (found by hypothesis)."""
    song = Song.from_lyrics("x", "[Intro]\nla\nla\nla\nla la la la la la la\n\n[Intro]\n(al la mar')\n\n[Intro]\n",
                            style=Style(tempo_bpm=193))
    assert codes("diffrhythm", rendered("diffrhythm", song)) == set()


def test_minimax_short_lyrics_are_padded_with_an_outro_tag() -> None:
    out = get_target("minimax").render(Song.from_lyrics("x", "[Verse]\na\n"), Options(minimax_model="music-1.5"))
    assert json.loads(out.files["minimax.json"])["lyrics"] == "[Verse]\na\n\n[Outro]"
    assert out.warnings and codes("minimax", out.files) == set()


def test_udio_sends_an_instrumental_when_only_an_artist_name_was_left_to_sing() -> None:
    # found by the property test: the only line was an artist name, in a section Udio has no tag for
    song = Song.from_lyrics("0", "[Intro]\nTaylor Swift\n")
    target = get_target("udio")
    out = target.render(song, Options())
    params = json.loads(out.files["udio.json"])["gen_params"]
    assert params["lyrics_type"] == "instrumental" and params["lyrics"] == ""
    assert any("sent as an instrumental" in w for w in out.warnings)
    assert [p for p in target.validate(out.files) if p.severity == "error"] == []
