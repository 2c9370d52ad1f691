"""write_package and `songsmith package`: layout, manifest, path safety, strict, candidates, CLI."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from songsmith.cli import COMMANDS, cli
from songsmith.document.model import Song, Source, Style
from songsmith.document.songfile import load_song
from songsmith.document.writer import UnsafePath, safe_join
from songsmith.package import PackageError, write_package
from songsmith.package.sheet import sheet_html
from songsmith.targets import TARGETS

ROOT = Path(__file__).resolve().parents[1]
SPRING = ROOT / "corpora" / "songs" / "spring-dawn.yaml"
ESPERANTO = ROOT / "corpora" / "songs" / "la-luno-kaj-la-rivero.yaml"


def simple(title: str = "春晓", **fields: object) -> Song:
    return Song.from_lyrics(title, "[Verse]\n春眠不觉晓\n处处闻啼鸟\n\n[Chorus]\n夜来风雨声\n花落知多少\n",
                            language="zh", style=Style(prompt="chinese folk, guzheng"), **fields)


def inside(root: Path, path: Path) -> bool:
    return root.resolve() in path.resolve().parents


def test_package_layout_and_manifest(tmp_path: Path) -> None:
    song = load_song(SPRING).song
    manifest = write_package(song, tmp_path, "all")
    directory = tmp_path / "chun-xiao-spring-dawn"
    assert manifest.directory == directory and manifest.ok
    data = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
    assert data["songsmith"] and data["source"]["author"] == "孟浩然"
    assert set(data["targets"]) == set(TARGETS)
    written = {str(p.relative_to(directory)) for p in directory.rglob("*") if p.is_file()}
    assert written == set(data["files"]) | {"manifest.json"}
    for relative, digest in data["files"].items():
        assert hashlib.sha256((directory / relative).read_bytes()).hexdigest() == digest
    for name, entry in data["targets"].items():
        assert entry["files"] and all(f in data["files"] for f in entry["files"]), name
        assert entry["problems"] == []
    assert load_song(directory / "song.yaml").song.lyrics == song.lyrics
    assert {"song.yaml", "lyrics.md", "sheet.html", "suno.json", "yue/lyrics.txt"} <= written


@pytest.mark.parametrize("title", ["../../x", "a/b", "CON", "con", "nul", ".", "..", "/etc/passwd", "C:\\x",
                                   "x" * 500, "🎵🎵", "\u0000\n\t", "春" * 200, "Ĉu vi?"])
def test_paths_never_escape(tmp_path: Path, title: str) -> None:
    out = tmp_path / "out"
    manifest = write_package(simple(title), out, ["suno", "yue"])
    assert inside(out, manifest.directory)
    assert manifest.directory.parent == out
    name = manifest.directory.name
    assert name and len(name) <= 60 and name.lower() not in {"con", "nul", ".", ".."}
    assert all(c.isascii() and (c.isalnum() or c == "-") for c in name)
    for path in out.rglob("*"):
        assert inside(out, path)
    assert not (tmp_path / "x").exists()


def test_slug_rules() -> None:
    from songsmith.poetry.slug import slugify

    assert slugify("静夜思") == "jing-ye-si"
    assert slugify("") == "untitled" and slugify(None) == "untitled"
    assert slugify("CON") == "con-untitled"
    assert slugify("../../x") == "x"
    for bad in ("../x", "/abs", "a\\b", "a:b", "a/../../b", ""):
        with pytest.raises(UnsafePath):
            safe_join(Path("/tmp/o"), bad)
    assert safe_join(Path("/tmp/o"), "yue/genre.txt") == Path("/tmp/o/yue/genre.txt")


def test_strict_fails_and_writes_nothing(tmp_path: Path) -> None:
    song = load_song(ESPERANTO).song  # Esperanto: YuE and SongGeneration warn
    with pytest.raises(PackageError) as info:
        write_package(song, tmp_path, "all", strict=True)
    assert info.value.exit_code == 1
    assert not any(tmp_path.iterdir())
    write_package(load_song(SPRING).song, tmp_path, ["suno", "diffrhythm"], strict=True)  # notes are not warnings


def test_over_limit_warns_with_numbers_and_still_packages(tmp_path: Path) -> None:
    long = Song.from_lyrics("long", "\n\n".join(f"[Verse {i}]\n" + "\n".join(["长夜漫漫路迢迢"] * 8) for i in range(90)))
    manifest = write_package(long, tmp_path, ["suno", "minimax"], options=None)
    warnings = manifest.data["targets"]["suno"]["warnings"]
    assert any("5000" in w for w in warnings)
    assert manifest.ok
    with pytest.raises(PackageError):
        write_package(long, tmp_path / "strict", ["suno"], strict=True)


def test_candidates_get_numbered_files(tmp_path: Path) -> None:
    song = load_song(SPRING).song
    manifest = write_package(song, tmp_path, ["suno", "yue"], candidates=True)
    files = manifest.files
    assert {"suno.1.json", "suno.2.json", "yue/genre.1.txt", "yue/genre.2.txt"} <= set(files)
    assert "suno.json" not in files
    directory = manifest.directory
    assert "guofeng pop" in json.loads((directory / "suno.2.json").read_text())["style"]
    assert [c["id"] for c in manifest.data["candidates"]] == ["c1", "c2"]
    again = write_package(song, tmp_path, ["suno"], candidates=["c2"])
    assert set(again.data["targets"]["suno"]["files"]) == {"suno.1.json", "suno.1.txt", "suno.api.1.json"}
    assert not (directory / "suno.2.json").exists()  # stale files of the earlier package are removed
    with pytest.raises(PackageError, match="no candidate"):
        write_package(song, tmp_path, ["suno"], candidates=["zz"])


def test_sheet_is_escaped_and_has_ruby() -> None:
    song = simple("<script>alert(1)</script>", source=Source(author="李白 & <b>", text="床前明月光，疑是地上霜。"))
    song.style.prompt = "folk <i>"
    page = sheet_html(song)
    assert "<script>alert" not in page and "&lt;script&gt;" in page and "&lt;b&gt;" in page
    assert "<ruby>春<rt>chūn</rt></ruby>" in page
    assert "<ruby>床<rt>chuáng</rt></ruby>" in page
    assert "folk &lt;i&gt;" in page


def test_secrets_never_reach_the_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = "sk-test-DO-NOT-LEAK-1234567890"
    monkeypatch.setenv("ANTHROPIC_API_KEY", secret)
    monkeypatch.setenv("SUNO_COOKIE", secret)
    manifest = write_package(simple(), tmp_path, "all")
    for path in manifest.directory.rglob("*"):
        if path.is_file():
            assert secret not in path.read_text(encoding="utf-8")


# CLI ------------------------------------------------------------------------------------------


def invoke(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_cli_is_registered() -> None:
    assert "package" in COMMANDS


def test_cli_package(tmp_path: Path) -> None:
    result = invoke("package", str(SPRING), str(ESPERANTO), "-o", str(tmp_path), "--target", "suno,yue",
                    "--suno-model", "v3.5")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "chun-xiao-spring-dawn" / "suno.json").is_file()
    assert json.loads((tmp_path / "chun-xiao-spring-dawn" / "suno.json").read_text())["model"] == "chirp-v3-5"
    assert (tmp_path / "la-luno-kaj-la-rivero" / "yue" / "lyrics.txt").is_file()


def test_cli_json_and_poem(tmp_path: Path) -> None:
    poem = ROOT / "corpora" / "poems" / "jing-ye-si.yaml"
    result = invoke("package", str(poem), "-o", str(tmp_path), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report[0]["ok"] and set(report[0]["targets"]) == set(TARGETS)
    assert report[0]["notes"]


def test_cli_strict_and_errors(tmp_path: Path) -> None:
    result = invoke("package", str(ESPERANTO), "-o", str(tmp_path), "--strict")
    assert result.exit_code == 1
    assert not (tmp_path / "la-luno-kaj-la-rivero").exists()
    bad = tmp_path / "bad.yaml"
    bad.write_text("- not a song\n", encoding="utf-8")
    assert invoke("package", str(bad), "-o", str(tmp_path)).exit_code == 2
    result = CliRunner().invoke(cli, ["package", str(SPRING), "-o", str(tmp_path), "--target", "napster"])
    assert result.exit_code != 0 and "unknown target" in (result.output + str(result.exception))


def test_cli_same_title_twice_gets_two_directories(tmp_path: Path) -> None:
    result = invoke("package", str(SPRING), str(SPRING), "-o", str(tmp_path), "-t", "suno")
    assert result.exit_code == 0
    assert (tmp_path / "chun-xiao-spring-dawn").is_dir() and (tmp_path / "chun-xiao-spring-dawn-2").is_dir()


def test_a_failed_write_leaves_nothing_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import songsmith.package as pkg

    calls = {"n": 0}
    real = pkg.StagedWriter.write

    def flaky(self, path, text):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 5:
            raise OSError("disk full")
        real(self, path, text)

    monkeypatch.setattr(pkg.StagedWriter, "write", flaky)
    with pytest.raises(OSError):
        write_package(simple(), tmp_path, "all")
    leftovers = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert leftovers == []


def test_repackaging_replaces_files_atomically(tmp_path: Path) -> None:
    first = write_package(simple(), tmp_path, ["suno"])
    song = simple()
    song.style.prompt = "guofeng pop, pipa"
    second = write_package(song, tmp_path, ["suno"])
    assert first.directory == second.directory
    assert "guofeng" in (second.directory / "suno.json").read_text(encoding="utf-8")
    assert not [p for p in second.directory.rglob(".*.tmp")]


def test_sheet_shows_the_readings_the_analysis_chose() -> None:
    """One reading per character for the poem, its sung lines and the analysis alike (还 huán)."""
    from songsmith.poetry.analysis import analyse_text
    from songsmith.targets.chinese import poem_readings

    text = "朝辭白帝彩雲間，千里江陵一日還。\n兩岸猿聲啼不住，輕舟已過萬重山。"
    analysis = analyse_text(text, title="早發白帝城")
    wanted = [p for line in analysis.lines for p in line.pinyin]
    original = text.splitlines()
    rows = poem_readings(original, ["千里江陵一日還", "輕舟已過", "一日還家"])
    got = [chosen for line in original for (chosen, _), char in zip(rows[line], line) if chosen]
    assert got == wanted and "huán" in got and "zhāo" in got
    assert [c for c, _ in rows["千里江陵一日還"]][-1] == "huán"  # a verse line: the poem's own reading
    assert [c for c, _ in rows["輕舟已過"]] == ["qīng", "zhōu", "yǐ", "guò"]  # a piece of a line
    assert len(rows["一日還家"]) == 4  # not in the poem: read on its own
    song = simple("早发白帝城", source=Source(text=text))
    assert "<ruby>還<rt>huán</rt></ruby>" in sheet_html(song)


def test_sung_lines_from_outside_the_poem_are_read_each_on_its_own() -> None:
    """Lines the user added share no rhyme with each other: 过 is guò, not the 歌-rhyme guō it
    would take if the three lines were read as one poem."""
    from songsmith.targets.chinese import poem_readings

    rows = poem_readings(["床前明月光，疑是地上霜。"], ["江上几人过", "山中白云多", "何处是烟波"])
    assert rows["江上几人过"][-1][0] == "guò"


def test_sheet_readings_without_chinese_or_readings() -> None:
    from songsmith.targets.chinese import poem_readings

    assert poem_readings(["Twinkle, twinkle"], ["little star"]) == {}
    page = sheet_html(Song.from_lyrics("Star", "[Verse]\nTwinkle <twinkle>\n", language="en"))
    assert "Twinkle &lt;twinkle&gt;" in page and "<ruby>" not in page


def test_package_files_get_the_umask_mode_and_no_temp_file_is_left(tmp_path: Path) -> None:
    import os

    old = os.umask(0o027)
    try:
        manifest = write_package(simple(), tmp_path, ["suno"])
    finally:
        os.umask(old)
    modes = {p.name: p.stat().st_mode & 0o777 for p in manifest.directory.iterdir() if p.is_file()}
    assert modes and set(modes.values()) == {0o640}, modes
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp")]


def test_safe_join_refuses_a_symbolic_link_out_of_the_folder_and_follows_one_inside(tmp_path: Path) -> None:
    root, outside = tmp_path / "out", tmp_path / "elsewhere"
    (root / "song" / "inside").mkdir(parents=True)
    outside.mkdir()
    (root / "song" / "away").symlink_to(outside)
    (root / "song" / "here").symlink_to(root / "song" / "inside")
    for relative in ("song/away/suno.txt", "song/away"):
        with pytest.raises(UnsafePath):
            safe_join(root, relative)
        with pytest.raises(UnsafePath):
            safe_join(root, relative, resolved_root=root.resolve())
    assert safe_join(root, "song/here/suno.txt") == root / "song" / "here" / "suno.txt"
    assert safe_join(root, "new/folder/file.txt") == root / "new" / "folder" / "file.txt"
