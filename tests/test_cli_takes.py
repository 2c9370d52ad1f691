"""``songsmith take`` and ``songsmith audio`` end to end: the song file round trip and error lines."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from audio_helpers import noise, silence, song_file, tone, write
from mutagen.id3 import ID3

from songsmith.audio.probe import integrated_loudness, load_audio
from songsmith.cli import main
from songsmith.document.songfile import load_song

SONGSMITH = Path(sys.executable).parent / "songsmith"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        main([str(arg) for arg in args])
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code, out, err = run(capsys, *args)
    assert code == 2, (out, err)
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


@pytest.fixture()
def song(tmp_path: Path) -> Path:
    return song_file(tmp_path)


def test_add_copies_and_records_takes(capsys: pytest.CaptureFixture[str], song: Path, tmp_path: Path) -> None:
    a = write(tone(2000, channels=2), tmp_path / "a.mp3")
    b = write(noise(1500, volume=-25), tmp_path / "b.wav")
    code, out, err = run(capsys, "take", "add", song, a, b, "--candidate", "1")
    assert code == 0, err
    assert out.splitlines()[0].startswith("added t1: takes/song-t1-a.mp3")
    takes = load_song(song).song.takes
    assert [t.id for t in takes] == ["t1", "t2"]
    first = takes[0]
    assert first.audio == "takes/song-t1-a.mp3" and first.candidate == "c1" and first.target == "suno"
    assert first.sample_rate == 44100 and abs(first.duration_s - 2.0) < 0.1
    assert first.loudness_lufs is not None and first.sha256 and len(first.sha256) == 64
    assert (tmp_path / "takes" / "song-t1-a.mp3").read_bytes() == a.read_bytes()
    assert a.exists()  # copied, not moved


def test_add_link_url_and_duplicates(capsys: pytest.CaptureFixture[str], song: Path, tmp_path: Path) -> None:
    (tmp_path / "clips").mkdir()
    clip = write(tone(1000), tmp_path / "clips" / "x.wav")
    assert run(capsys, "take", "add", song, clip, "--link")[0] == 0
    assert load_song(song).song.takes[0].audio == "clips/x.wav"
    assert not (tmp_path / "takes").exists()
    code, _, err = run(capsys, "take", "add", song, clip)
    assert code == 2 and "already take t1" in err
    assert run(capsys, "take", "add", song, "--url", "https://suno.com/song/abc")[0] == 0
    takes = load_song(song).song.takes
    assert [(t.id, t.url) for t in takes] == [("t1", None), ("t2", "https://suno.com/song/abc")]


def test_list_rate_choose_round_trip(capsys: pytest.CaptureFixture[str], song: Path, tmp_path: Path) -> None:
    run(capsys, "take", "add", song, write(tone(1000), tmp_path / "a.wav"), write(tone(900), tmp_path / "b.wav"))
    assert run(capsys, "take", "rate", song, "t2", "4")[0] == 0
    assert run(capsys, "take", "choose", song, "t2")[0] == 0
    code, out, _ = run(capsys, "take", "list", song, "--json")
    rows = json.loads(out)
    assert [(r["id"], r["rating"], r["chosen"], r["exists"]) for r in rows] == [
        ("t1", None, False, True), ("t2", 4, True, True)]
    code, out, _ = run(capsys, "take", "list", song)
    assert out.splitlines()[1].startswith("* t2   ★★★★☆")
    assert run(capsys, "take", "choose", song, "t2", "--unchoose")[0] == 0
    assert not load_song(song).song.takes[1].chosen
    assert load_song(song).song.takes[1].rating == 4


@pytest.mark.parametrize("rating", ["6", "-1", "x", "2.5"])
def test_bad_rating(capsys: pytest.CaptureFixture[str], song: Path, tmp_path: Path, rating: str) -> None:
    run(capsys, "take", "add", song, write(tone(500), tmp_path / "a.wav"))
    before = song.read_text()
    line = one_line_error(capsys, "take", "rate", song, "t1", rating)
    assert "rating must be a whole number from 0 to 5" in line
    assert song.read_text() == before


def test_unknown_take_and_missing_candidate(capsys: pytest.CaptureFixture[str], song: Path, tmp_path: Path) -> None:
    clip = write(tone(500), tmp_path / "a.wav")
    before = song.read_text()
    assert "no candidate 'c9' (candidates: c1)" in one_line_error(capsys, "take", "add", song, clip,
                                                                   "--candidate", "c9")
    assert song.read_text() == before and not (tmp_path / "takes").exists()
    assert "no take 't7'" in one_line_error(capsys, "take", "choose", song, "t7")


@pytest.mark.parametrize("name, content, message", [
    ("empty.mp3", b"", "empty file"),
    ("notes.txt", "春眠不觉晓\n".encode(), "not readable audio"),
])
def test_bad_audio_is_refused_and_nothing_changes(capsys: pytest.CaptureFixture[str], song: Path, tmp_path: Path,
                                                  name: str, content: bytes, message: str) -> None:
    good = write(tone(500), tmp_path / "good.wav")
    bad = tmp_path / name
    bad.write_bytes(content)
    before = song.read_text()
    line = one_line_error(capsys, "take", "add", song, good, bad)
    assert line.startswith(f"{bad}: {message}")
    assert song.read_text() == before and bad.read_bytes() == content
    assert not (tmp_path / "takes").exists()


def test_truncated_mp3_take(capsys: pytest.CaptureFixture[str], song: Path, tmp_path: Path) -> None:
    data = write(tone(3000), tmp_path / "whole.mp3").read_bytes()
    cut = tmp_path / "cut.mp3"
    cut.write_bytes(data[: len(data) // 2])
    assert "truncated" in one_line_error(capsys, "take", "add", song, cut)


def test_audio_from_song_uses_the_chosen_take(capsys: pytest.CaptureFixture[str], song: Path,
                                              tmp_path: Path) -> None:
    take = write(silence(700, 2) + noise(2500, volume=-30, channels=2) + silence(800, 2), tmp_path / "take.wav")
    run(capsys, "take", "add", song, take, write(tone(800), tmp_path / "other.wav"))
    run(capsys, "take", "choose", song, "t1")
    out = tmp_path / "release" / "spring.mp3"
    out.parent.mkdir()
    code, stdout, err = run(capsys, "audio", song, "--trim-silence", "--normalize", "-14", "--fade-out", "0.5",
                            "--year", "2026", "-o", out, "--json")
    assert code == 0, err
    report = json.loads(stdout)
    assert [s["step"] for s in report["steps"]] == ["trim", "normalize", "fade"]
    assert abs(report["steps"][1]["after_lufs"] + 14) <= 0.5
    segment, _ = load_audio(out)
    assert abs(len(segment) - 2500) <= 60  # the mp3 encoder pads a few ms
    tags = ID3(out)
    assert str(tags["TIT2"]) == "春晓" and str(tags["TPE1"]) == "孟浩然" and str(tags["TDRC"]) == "2026"
    assert tags.getall("USLT")[0].text.startswith("春眠不觉晓")
    assert take.read_bytes() == (tmp_path / "takes" / "song-t1-take.wav").read_bytes()


def test_audio_joins_takes_with_a_crossfade(capsys: pytest.CaptureFixture[str], song: Path, tmp_path: Path) -> None:
    run(capsys, "take", "add", song, write(tone(2000), tmp_path / "a.wav"), write(tone(1500, freq=330),
                                                                                 tmp_path / "b.wav"))
    out = tmp_path / "joined.wav"
    code, stdout, err = run(capsys, "audio", song, "--join", "t1", "t2", "--crossfade", "400", "-o", out)
    assert code == 0, err
    assert stdout.startswith(f"wrote {out} (wav, 0:03.1")
    segment, _ = load_audio(out)
    assert len(segment) == 2000 + 1500 - 400


def test_audio_file_preview_and_formats(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    take = write(tone(3000, volume=-40) + tone(2000, volume=-10) + tone(3000, volume=-40), tmp_path / "t.flac")
    out = tmp_path / "preview.ogg"
    code, stdout, err = run(capsys, "audio", take, "--preview", "2", "--title", "Preview", "-o", out, "--json")
    assert code == 0, err
    report = json.loads(stdout)
    assert report["format"] == "ogg" and abs(report["steps"][0]["start_s"] - 3.0) <= 0.1
    assert report["tags"] == ["title"]
    segment, _ = load_audio(out)
    assert abs(len(segment) - 2000) <= 30
    assert integrated_loudness(segment) is not None


def test_audio_errors_are_one_line_and_leave_no_output(capsys: pytest.CaptureFixture[str], song: Path,
                                                       tmp_path: Path) -> None:
    take = write(tone(1000), tmp_path / "take.wav")
    original = take.read_bytes()
    assert "never overwrites the original" in one_line_error(capsys, "audio", take, "-o", take)
    assert "-o OUT is required" in one_line_error(capsys, "audio", take)
    assert "longer than the audio" in one_line_error(capsys, "audio", take, "--fade-in", "2", "-o",
                                                     tmp_path / "x.mp3")
    assert "no such directory" in one_line_error(capsys, "audio", take, "-o", tmp_path / "nowhere" / "x.mp3")
    text = tmp_path / "words.txt"
    text.write_text("not audio\n")
    assert "not readable audio" in one_line_error(capsys, "audio", text, "-o", tmp_path / "y.mp3")
    assert "the song has no takes" in one_line_error(capsys, "audio", song, "-o", tmp_path / "z.mp3")
    song_before = song.read_text(encoding="utf-8")
    run(capsys, "take", "add", song, take, "--link")
    assert "never overwrites" in one_line_error(capsys, "audio", song, "--format", "mp3", "-o", song)
    assert load_song(song).song.takes[0].audio == "take.wav" and song_before != song.read_text(encoding="utf-8")
    assert "--join and --take need a SONG" in one_line_error(capsys, "audio", take, "--take", "t1", "-o",
                                                             tmp_path / "w.mp3")
    assert take.read_bytes() == original
    leftovers = sorted(p.name for p in tmp_path.iterdir())
    assert leftovers == ["song.yaml", "take.wav", "words.txt"]


def test_console_script_error_line(song: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.wav"
    empty.write_bytes(b"")
    result = subprocess.run([str(SONGSMITH), "take", "add", str(song), str(empty)], capture_output=True,
                            text=True)
    assert result.returncode == 2
    assert result.stderr.strip() == f"{empty}: empty file (0 bytes): not audio"


@pytest.mark.parametrize("argv", [["--help"], ["take", "--help"], ["audio", "--help"]])
def test_help_imports_no_audio_library(argv: list[str]) -> None:
    code = (
        "import sys\n"
        "from songsmith.cli import cli\n"
        f"try:\n    cli({argv!r}, standalone_mode=False)\nexcept SystemExit:\n    pass\n"
        "heavy = {'pydub', 'numpy', 'scipy', 'mutagen', 'pyloudnorm', 'imageio_ffmpeg'}\n"
        "print(sorted(heavy & {m.split('.')[0] for m in sys.modules}))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_takes_need_a_song_file_not_a_poem(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    poem = tmp_path / "poem.yaml"
    poem.write_text("title: 静夜思\nauthor: 李白\ntext: |\n  床前明月光，疑是地上霜。\n", encoding="utf-8")
    before = poem.read_text(encoding="utf-8")
    assert "is a poem file" in one_line_error(capsys, "take", "add", poem, write(tone(500), tmp_path / "a.wav"))
    assert poem.read_text(encoding="utf-8") == before
