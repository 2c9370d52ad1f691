"""Deliberately broken packages: each contract rejects the mistake the model itself would reject,
misread or crash on (the same mistakes songsmith made before these contracts existed)."""

from __future__ import annotations

import json

from conformance_helpers import ESPERANTO, TRADITIONAL, rendered, rules, sample_songs

SPRING = sample_songs()["spring-dawn"]


def edit(files: dict[str, str], name: str, old: str, new: str) -> dict[str, str]:
    assert old in files[name], (old, files[name])
    return {**files, name: files[name].replace(old, new)}


def edit_json(files: dict[str, str], name: str, **change: object) -> dict[str, str]:
    data = json.loads(files[name])
    for key, value in change.items():
        if value is ...:
            data.pop(key)
        else:
            data[key] = value
    return {**files, name: json.dumps(data, ensure_ascii=False)}


# DiffRhythm v1 ---------------------------------------------------------------------------------

def test_diffrhythm_rejects_repo_id_and_bad_arguments() -> None:
    files = rendered("diffrhythm", SPRING)
    readme = "diffrhythm/README.txt"
    assert "command" in rules("diffrhythm", edit(files, readme, "--output-dir", "--repo-id ASLP-lab/DiffRhythm-1_2 --output-dir"))
    assert "command" in rules("diffrhythm", edit(files, readme, "--audio-length 95", "--audio-length 95.5"))
    assert "audio-length" in rules("diffrhythm", edit(files, readme, "--audio-length 95", "--audio-length 300"))
    assert "reference" in rules("diffrhythm", edit(files, readme, "--output-dir", "--ref-audio-path a.wav --output-dir"))
    assert "lrc-path" in rules("diffrhythm", edit(files, readme, "--lrc-path lyrics.lrc", "--lrc-path other.lrc"))


def test_diffrhythm_rejects_the_empty_dummy_line_and_unread_lines() -> None:
    files = rendered("diffrhythm", SPRING)
    lrc = "diffrhythm/lyrics.lrc"
    last = files[lrc].rstrip("\n").split("\n")[-1]
    assert "g2p" in rules("diffrhythm", edit(files, lrc, last, last[:10]))  # "[01:10.00]": g2p("") raises
    assert "last-line" in rules("diffrhythm", edit(files, lrc, last, last[:10] + "春"))
    assert "lrc-line" in rules("diffrhythm", edit(files, lrc, "[00:", "[0:"))
    assert "before-end" in rules("diffrhythm", edit(files, lrc, last, "[01:40.00]" + last[10:]))
    assert "letters" in rules("diffrhythm", edit(files, lrc, "花落知多少", "ĉiu paŝo"))


def test_diffrhythm_reads_esperanto_and_rare_characters_as_it_can() -> None:
    assert rules("diffrhythm", rendered("diffrhythm", ESPERANTO)) == set()
    lrc = rendered("diffrhythm", ESPERANTO)["diffrhythm/lyrics.lrc"]
    assert lrc.isascii() and "Jis la mateno" in lrc
    from songsmith.document.model import Song

    rare = Song.from_lyrics("x", "[Verse]\n疏影䝙橫斜水清淺\n暗香浮動月黃昏\n", language="zh")
    assert rules("diffrhythm", rendered("diffrhythm", rare)) == set()


# DiffRhythm 2 ----------------------------------------------------------------------------------

def test_diffrhythm2_rejects_a_final_newline_and_sung_tags() -> None:
    files = rendered("diffrhythm2", SPRING)
    lyrics = "diffrhythm2/lyrics.lrc"
    assert not files[lyrics].endswith("\n")
    assert "g2p" in rules("diffrhythm2", {**files, lyrics: files[lyrics] + "\n"})
    assert "g2p" in rules("diffrhythm2", edit(files, lyrics, "[chorus]", "\n[chorus]"))
    assert "structure" in rules("diffrhythm2", edit(files, lyrics, "[verse]", "[Verse]"))


def test_diffrhythm2_rejects_bad_commands_and_jsonl() -> None:
    files = rendered("diffrhythm2", SPRING)
    readme, jsonl = "diffrhythm2/README.txt", "diffrhythm2/songs.jsonl"
    assert "required" in rules("diffrhythm2", edit(files, readme, "--repo-id ASLP-lab/DiffRhythm2 ", ""))
    assert "command" in rules("diffrhythm2", edit(files, readme, "--max-secs", "--max-seconds"))
    assert "jsonl" in rules("diffrhythm2", {**files, jsonl: files[jsonl] + "\n\n"})
    assert "jsonl" in rules("diffrhythm2", edit_json(files, jsonl, style_prompt=...))
    assert "lyrics-path" in rules("diffrhythm2", edit_json(files, jsonl, lyrics="example/lrc/1.lrc"))


# ACE-Step v1 -----------------------------------------------------------------------------------

def test_ace_step_rejects_an_incomplete_api_body_and_infer_json() -> None:
    files = rendered("ace-step", SPRING)
    body, infer = "ace-step.json", "ace-step.input_params.json"
    assert "api-body" in rules("ace-step", edit_json(files, body, checkpoint_path=...))
    assert "api-body" in rules("ace-step", edit_json(files, body, actual_seeds="random"))
    assert "api-body" in rules("ace-step", edit_json(files, body, use_erg_tag=...))
    assert "infer-json" in rules("ace-step", edit_json(files, infer, oss_steps=...))
    old_package = {body: json.dumps({"prompt": "p", "lyrics": "[verse]\nla", "audio_duration": 60})}  # no infer file
    assert {"api-body", "infer-json"} <= rules("ace-step", old_package)
    assert "same-song" in rules("ace-step", edit_json(files, infer, lyrics="[verse]\nla"))


def test_ace_step_rejects_lines_its_segmenter_misreads() -> None:
    files = rendered("ace-step", TRADITIONAL)
    assert rules("ace-step", files) == set()
    lyrics = json.loads(files["ace-step.json"])["lyrics"]
    assert "处处闻啼鸟" in lyrics and "春眠不觉晓 处处闻啼鸟" in lyrics  # simplified, short lines joined
    broken = edit_json(files, "ace-step.json", lyrics="[verse]\n春眠不覺曉 處處聞啼鳥")
    assert "script" in rules("ace-step", broken)
    assert "short-line" in rules("ace-step", edit_json(files, "ace-step.json", lyrics="[verse]\n竟夕自悲秋"))
    assert "vocab" in rules("ace-step", edit_json(files, "ace-step.json", lyrics="[verse]\nĉiu paŝo"))


# ACE-Step 1.5 ----------------------------------------------------------------------------------

def test_ace_step15_rejects_python_api_types_and_values() -> None:
    files = rendered("ace-step-1.5", SPRING)
    name = "ace-step-1.5.json"
    assert json.loads(files[name])["timesignature"] == "4"
    assert "types" in rules("ace-step-1.5", edit_json(files, name, timesignature=4))
    assert "types" in rules("ace-step-1.5", edit_json(files, name, bpm="84"))
    assert "fields" in rules("ace-step-1.5", edit_json(files, name, audio_duration=90))
    assert "ranges" in rules("ace-step-1.5", edit_json(files, name, vocal_language="eo"))
    assert "ranges" in rules("ace-step-1.5", edit_json(files, name, timesignature="5"))
    assert "instrumental" in rules("ace-step-1.5", edit_json(files, name, instrumental=True))


def test_ace_step15_sends_esperanto_as_polish() -> None:
    files = rendered("ace-step-1.5", ESPERANTO)
    data = json.loads(files["ace-step-1.5.json"])
    assert data["vocal_language"] == "pl" and "Dżis la mateno" in data["lyrics"] and "ĉ" not in data["lyrics"]
    assert "letters" in rules("ace-step-1.5", edit_json(files, "ace-step-1.5.json", lyrics="[Verse]\nĜis"))


# YuE -------------------------------------------------------------------------------------------

def test_yue_rejects_dropped_sections_segments_and_tags() -> None:
    files = rendered("yue", SPRING)
    lyrics, readme, genre = "yue/lyrics.txt", "yue/README.txt", "yue/genre.txt"
    assert "sections" in rules("yue", edit(files, lyrics, "[chorus]", "[Chorus 1]"))
    assert "before-first" in rules("yue", {**files, lyrics: "intro words\n" + files[lyrics]})
    run = files[readme].split("--run_n_segments ")[1].split()[0]
    assert "segments" in rules("yue", edit(files, readme, f"--run_n_segments {run}", f"--run_n_segments {int(run) + 1}"))
    assert "command" in rules("yue", edit(files, readme, "--cuda_idx 0", "--cuda 0"))
    assert "tags" in rules("yue", {**files, genre: "guzheng melancholy Mandarin\n"})
    assert "context" in rules("yue", edit(files, lyrics, "[verse]\n", "[verse]\n" + "长" * 6000 + "\n"))


def test_yue_maps_genre_words_onto_its_vocabulary() -> None:
    from songsmith.targets import TARGETS
    from songsmith.targets.yue_tags import map_tag, vocabulary, word_map

    out = TARGETS["yue"].render(TRADITIONAL)
    genre = out.files["yue/genre.txt"].split()
    assert "古筝" in genre and "笛子" in genre and "melancholic" in genre and "Mandarin" in genre
    assert map_tag("modern female vocal") == (["female"], ["modern"])  # "female vocal" is mapped to "female"
    assert map_tag("clear female vocal") == (["clear vocal", "female"], [])  # a voice quality: a timbre tag
    assert all(tag.lower() in vocabulary() for tag in word_map().values())
    warned = [w for w in TARGETS["yue"].render(ESPERANTO).warnings if "vocabulary" in w]
    assert warned and "lute" in warned[0]


# SongGeneration --------------------------------------------------------------------------------

def test_songgeneration_rejects_over_long_lyrics_and_bad_sections() -> None:
    files = rendered("songgeneration", SPRING)
    name = "songgeneration.jsonl"
    lyric = json.loads(files[name])["gt_lyric"]
    assert "tokens" in rules("songgeneration", edit_json(files, name, gt_lyric=lyric + " ; [verse] " + "长" * 300))
    assert "tags" in rules("songgeneration", edit_json(files, name, gt_lyric="[intro] ; [verse] 春眠不觉晓"))
    assert "text" in rules("songgeneration", edit_json(files, name, gt_lyric="[intro-short] la ; [verse] a"))
    assert "text" in rules("songgeneration", edit_json(files, name, gt_lyric="[verse] ; [chorus] a"))
    assert "jsonl" in rules("songgeneration", edit_json(files, name, idx=...))
    assert "prompt" in rules("songgeneration", edit_json(files, name, prompt_audio_path="a.wav"))


def test_songgeneration_keeps_long_songs_within_300_tokens() -> None:
    from songsmith.targets import TARGETS

    out = TARGETS["songgeneration"].render(sample_songs()["long"])
    assert rules("songgeneration", out.files) == set()
    assert any("300" in w and "left out" in w for w in out.warnings)


def test_short_line_rule_is_conservative_without_the_identifier(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from songsmith.targets import conformance_ace_step as contract

    monkeypatch.setattr(contract, "_IDENTIFIER", [None])
    assert {rule for rule, _ in contract.line_problems("车辚辚 马萧萧")} == {"short-line"}
    assert contract.line_problems("车辚辚马萧萧行人弓箭各在腰") == []


def test_short_line_rule_asks_the_identifier_when_installed() -> None:
    import pytest

    pytest.importorskip("py3langid", reason="py3langid (the identifier ACE-Step v1's segmenter uses) not installed")
    from songsmith.targets import conformance_ace_step as contract

    if contract._identifier() is None:
        pytest.skip("py3langid's API is not the one ACE-Step pins (0.3.0)")
    assert "short-line" in {rule for rule, _ in contract.line_problems("竟夕自悲秋")}  # read as Japanese upstream
    assert contract.line_problems("车辚辚 马萧萧") == []  # read as Chinese upstream


def test_a_lone_short_line_is_warned_about() -> None:
    from songsmith.document.model import Song
    from songsmith.targets import TARGETS

    out = TARGETS["ace-step"].render(Song.from_lyrics("x", "[Verse]\n春眠\n", language="zh"))
    assert any("short Chinese lines" in w and "春眠" in w for w in out.warnings)


def test_yue_warns_when_the_first_prompt_may_overflow_its_window() -> None:
    from songsmith.document.model import Song
    from songsmith.targets import TARGETS

    huge = Song.from_lyrics("x", "\n\n".join(f"[Verse {i}]\n" + "长" * 40 for i in range(1, 160)), language="zh")
    out = TARGETS["yue"].render(huge)
    assert any("13383-token window" in w for w in out.warnings)
    assert not any("window" in w for w in TARGETS["yue"].render(SPRING).warnings)
