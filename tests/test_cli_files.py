"""The ``songsmith`` command line: new, check, fmt, show, import/export, --help, error lines.

Error paths run the real console script (``main()``) in a subprocess; the rest uses CliRunner.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from songsmith.cli import COMMANDS, cli

SONGSMITH = Path(sys.executable).parent / "songsmith"

SONG = """\
songsmith: 1
title: 春晓
language: zh
style:
  prompt: chinese traditional folk, slow, guzheng
lyrics: |
  [Verse 1]
  春眠不觉晓
  处处闻啼鸟

  [Chorus]
  夜来风雨声
  花落知多少
"""

POEM = """\
title: 静夜思
author: 李白
text: |
  床前明月光，疑是地上霜。
  举头望明月，低头思故乡。
"""


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    return subprocess.run([str(SONGSMITH), *args], capture_output=True, text=True, cwd=cwd, env=env,
                          timeout=60, check=False)


def invoke(*args: str) -> object:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_script_exists() -> None:
    assert SONGSMITH.exists()


# --- error lines from the real entry point ---------------------------------------------------


@pytest.mark.parametrize("command", ["show", "check", "fmt", "export"])
def test_malformed_yaml_is_one_line_exit_2(tmp_path: Path, command: str) -> None:
    bad = write(tmp_path / "bad.yaml", "title: [unclosed\nlyrics: x\n")
    args = [command, "bad.yaml"] + (["--to", "tagged"] if command == "export" else [])
    result = run(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == (
        "bad.yaml:2:7: YAML syntax: did not find expected ',' or ']' (while parsing a flow sequence)\n"
    )
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert bad.read_text(encoding="utf-8") == "title: [unclosed\nlyrics: x\n"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("title: x\ncolour: red\n", "s.yaml:2:1: unknown key 'colour'"),
        ("title: x\nstyle:\n  tempo_bpm: fast\n",
         "s.yaml:3:14: style.tempo_bpm: expected a whole number"),
        ("a: &a [1]\nb: *a\n", "s.yaml:1:4: anchors and aliases (&name / *name) are not allowed"),
        ("x: " + "[" * 5000 + "]" * 5000 + "\n", "s.yaml:1:67: nested more than 64 levels deep"),
    ],
    ids=["unknown-key", "wrong-type", "alias", "deep-nesting"],
)
def test_schema_errors_are_one_line(tmp_path: Path, content: str, expected: str) -> None:
    write(tmp_path / "s.yaml", content)
    result = run("show", "s.yaml", cwd=tmp_path)
    assert (result.returncode, result.stderr, result.stdout) == (2, expected + "\n", "")


def test_binary_and_missing_files(tmp_path: Path) -> None:
    (tmp_path / "b.yaml").write_bytes(b"\xff\xfet\x00")
    result = run("show", "b.yaml", "--json", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (2, "b.yaml:1:1: file is UTF-16; save it as UTF-8\n")
    result = run("show", "nope.yaml", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (2, "nope.yaml: no such file\n")


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    write(tmp_path / "bad.yaml", "title: [unclosed\n")
    result = run("--debug", "show", "bad.yaml", cwd=tmp_path)
    assert result.returncode != 0
    assert "Traceback (most recent call last)" in result.stderr
    assert "songsmith.errors.FileFormatError: bad.yaml:2:1: YAML syntax:" in result.stderr


# --- check -----------------------------------------------------------------------------------


def test_check_clean_song(tmp_path: Path) -> None:
    write(tmp_path / "s.yaml", SONG)
    result = run("check", "s.yaml", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, "s.yaml: ok (song file, 2 sections)\n", "")


def test_check_warnings_only_exit_0_and_strict_exit_1(tmp_path: Path) -> None:
    write(tmp_path / "w.yaml", SONG.replace("[Chorus]", "[Cello & Piano]").replace("guzheng", "guzheng, manderin"))
    result = run("check", "w.yaml", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout == (
        "w.yaml:5: warning: style prompt: 'manderin' looks like a misspelling of 'Mandarin'\n"
        "w.yaml:11: warning: unknown tag [Cello & Piano] kept as written\n"
        "w.yaml: ok (song file, 2 sections, 2 warnings)\n"
    )
    strict = run("check", "--strict", "w.yaml", cwd=tmp_path)
    assert strict.returncode == 1
    assert "ok (" not in strict.stdout


def test_check_lint_error_exit_1(tmp_path: Path) -> None:
    write(tmp_path / "e.yaml", "songsmith: 1\ntitle: nothing here\n")
    result = run("check", "e.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == "e.yaml:1: error: nothing to sing: no lyrics and no source text\n"


def test_check_unreadable_exit_2_and_worst_wins(tmp_path: Path) -> None:
    write(tmp_path / "s.yaml", SONG)
    write(tmp_path / "e.yaml", "title: x\n")
    write(tmp_path / "bad.yaml", "title: [\n")
    result = run("check", "s.yaml", "e.yaml", "bad.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == "bad.yaml:2:1: YAML syntax: did not find expected node content (while parsing a flow node)\n"
    assert "s.yaml: ok (song file, 2 sections)" in result.stdout


def test_check_poem_file(tmp_path: Path) -> None:
    write(tmp_path / "p.yaml", POEM)
    result = run("check", "p.yaml", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == (
        "p.yaml: info: poem file: no lyrics yet (`songsmith render` arranges it into a song)\n"
        "p.yaml: ok (poem file, 0 sections)\n"
    )


def test_check_json(tmp_path: Path) -> None:
    write(tmp_path / "s.yaml", SONG)
    write(tmp_path / "w.yaml", SONG.replace("[Chorus]", "[Cello & Piano]"))
    write(tmp_path / "bad.yaml", "- a\n")
    result = run("check", "--json", "s.yaml", "w.yaml", "bad.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == ""
    assert json.loads(result.stdout) == [
        {"path": "s.yaml", "ok": True, "shape": "song", "issues": []},
        {"path": "w.yaml", "ok": True, "shape": "song", "issues": [
            {"line": 11, "severity": "warning", "code": "unknown-tag",
             "message": "unknown tag [Cello & Piano] kept as written"},
        ]},
        {"path": "bad.yaml", "ok": False, "issues": [],
         "error": "bad.yaml:1:1: expected a mapping of keys (title:, lyrics: …) at the top level"},
    ]


# --- fmt -------------------------------------------------------------------------------------

MESSY = "title:   春晓\nlyrics: \"[verse 1]\\n\\n\\nla\\n\"\nsongsmith: 1\n"
TIDY = "songsmith: 1\ntitle: 春晓\nlyrics: |\n  [verse 1]\n  la\n"


def test_fmt_check_then_fmt(tmp_path: Path) -> None:
    path = write(tmp_path / "m.yaml", MESSY)
    check = run("fmt", "--check", "m.yaml", cwd=tmp_path)
    assert (check.returncode, check.stdout, check.stderr) == (1, "m.yaml: would reformat\n", "")
    assert path.read_text(encoding="utf-8") == MESSY
    done = run("fmt", "m.yaml", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (0, "m.yaml: reformatted\n")
    assert path.read_text(encoding="utf-8") == TIDY
    again = run("fmt", "--check", "m.yaml", cwd=tmp_path)
    assert (again.returncode, again.stdout) == (0, "")
    run("fmt", "m.yaml", cwd=tmp_path)
    assert path.read_text(encoding="utf-8") == TIDY  # twice == once
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.yaml"]


def test_fmt_canonical_tags(tmp_path: Path) -> None:
    path = write(tmp_path / "m.yaml", TIDY)
    result = invoke("fmt", "--canonical-tags", str(path))
    assert result.exit_code == 0  # type: ignore[attr-defined]
    assert path.read_text(encoding="utf-8") == TIDY.replace("[verse 1]", "[Verse 1]")


def test_fmt_refuses_comments_unless_dropped(tmp_path: Path) -> None:
    commented = "# keep me\n" + MESSY
    path = write(tmp_path / "c.yaml", commented)
    result = run("fmt", "c.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == (
        "c.yaml:1: has YAML comments that formatting would drop; move them into notes: or pass --drop-comments\n"
    )
    assert path.read_text(encoding="utf-8") == commented
    dropped = run("fmt", "--drop-comments", "c.yaml", cwd=tmp_path)
    assert dropped.returncode == 0
    assert path.read_text(encoding="utf-8") == TIDY


def test_fmt_keeps_a_poem_file_a_poem_file(tmp_path: Path) -> None:
    path = write(tmp_path / "p.yaml", "text: |\n  床前明月光\nauthor: 李白\ntitle: 静夜思\n")
    result = invoke("fmt", str(path))
    assert result.exit_code == 0  # type: ignore[attr-defined]
    assert path.read_text(encoding="utf-8") == "title: 静夜思\nauthor: 李白\ntext: |\n  床前明月光\n"
    assert invoke("fmt", "--check", str(path)).exit_code == 0  # type: ignore[attr-defined]
    write(tmp_path / "q.yaml", POEM)
    assert invoke("fmt", "--check", str(tmp_path / "q.yaml")).exit_code == 0  # type: ignore[attr-defined]


def test_fmt_with_a_tag_inline_tag(tmp_path: Path) -> None:
    # "[Chorus] [Female Vocal]" used to format into two tags, failing fmt's own read-back check
    text = "songsmith: 1\ntitle: x\nlyrics: |\n  [Chorus] [Female Vocal]\n  la\n"
    path = write(tmp_path / "t.yaml", text)
    result = invoke("fmt", "--check", str(path))
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]


# --- new -------------------------------------------------------------------------------------


def test_new_and_refuse_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "my_song.yaml"
    result = run("new", "my_song.yaml", "--language", "zh", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, "wrote my_song.yaml\n")
    created = path.read_text(encoding="utf-8")
    assert created.startswith("songsmith: 1\ntitle: my song\nlanguage: zh\n")
    assert "  [Verse 1]\n" in created
    write(path, "mine\n")
    again = run("new", "my_song.yaml", cwd=tmp_path)
    assert (again.returncode, again.stderr) == (2, "my_song.yaml: file exists; pass --force to overwrite it\n")
    assert path.read_text(encoding="utf-8") == "mine\n"
    forced = run("new", "my_song.yaml", "--force", "--title", "T", cwd=tmp_path)
    assert forced.returncode == 0
    assert path.read_text(encoding="utf-8").startswith("songsmith: 1\ntitle: T\n")
    assert run("check", "my_song.yaml", cwd=tmp_path).returncode == 0


# --- show ------------------------------------------------------------------------------------


def test_show(tmp_path: Path) -> None:
    path = write(tmp_path / "s.yaml", SONG)
    result = invoke("show", str(path))
    assert result.exit_code == 0  # type: ignore[attr-defined]
    lines = result.output.splitlines()  # type: ignore[attr-defined]
    assert lines[0] == "春晓  (language zh)"
    assert lines[1] == "style: chinese traditional folk, slow, guzheng  [39 chars]"
    assert lines[2].startswith("lyrics: 2 sections, 4 sung lines")
    assert lines[3].split() == ["[Verse", "1]", "verse", "2", "lines", "春眠不觉晓"]
    assert lines[4].split() == ["[Chorus]", "chorus", "2", "lines", "夜来风雨声"]


def test_show_poem(tmp_path: Path) -> None:
    path = write(tmp_path / "p.yaml", POEM)
    result = invoke("show", str(path))
    assert result.output.splitlines()[:2] == ["静夜思  (language zh, poem)", "source: 《静夜思》 李白"]  # type: ignore[attr-defined]


def test_show_json(tmp_path: Path) -> None:
    path = write(tmp_path / "s.yaml", SONG)
    result = invoke("show", "--json", str(path))
    data = json.loads(result.output)  # type: ignore[attr-defined]
    assert data["title"] == "春晓"
    assert data["shape"] == "song"
    assert data["language"] == "zh"
    assert data["songsmith"] == 1
    assert data["lyrics"] == "[Verse 1]\n春眠不觉晓\n处处闻啼鸟\n\n[Chorus]\n夜来风雨声\n花落知多少\n"
    assert [(s["kind"], s["number"], s["tag"]) for s in data["sections"]] == [
        ("verse", 1, "Verse 1"), ("chorus", None, "Chorus"),
    ]
    assert data["style"]["prompt"] == "chinese traditional folk, slow, guzheng"
    assert data["candidates"] == [] and data["takes"] == []


# --- import / export -------------------------------------------------------------------------

TAGGED = """\
Title: 静夜思
Style: chinese traditional folk, slow, guzheng

[Intro With Guzheng]

[Verse 1]
床前明月光
疑是地上霜
(地上霜)

[Chorus]
举头望明月
低头思故乡
"""


def test_import_tagged_then_export_gives_the_same_text(tmp_path: Path) -> None:
    write(tmp_path / "jys.txt", TAGGED)
    imported = run("import", "jys.txt", cwd=tmp_path)
    assert (imported.returncode, imported.stdout, imported.stderr) == (0, "wrote jys.yaml (3 sections)\n", "")
    written = (tmp_path / "jys.yaml").read_text(encoding="utf-8")
    assert written.startswith("songsmith: 1\ntitle: 静夜思\nlanguage: zh\nstyle:\n"
                              "  prompt: chinese traditional folk, slow, guzheng\nlyrics: |\n  [Intro With Guzheng]\n")
    exported = run("export", "jys.yaml", "--to", "tagged", cwd=tmp_path)
    assert (exported.returncode, exported.stderr) == (0, "")
    assert exported.stdout == TAGGED
    again = run("import", "jys.txt", cwd=tmp_path)
    assert again.returncode == 2
    assert again.stderr == "jys.yaml: output file exists; pass --force to overwrite it or -o to choose another\n"


def test_export_to_file(tmp_path: Path) -> None:
    write(tmp_path / "s.yaml", SONG)
    result = run("export", "s.yaml", "--to", "tagged", "-o", "out.txt", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "wrote out.txt\n")
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == (
        "Title: 春晓\nStyle: chinese traditional folk, slow, guzheng\n\n"
        "[Verse 1]\n春眠不觉晓\n处处闻啼鸟\n\n[Chorus]\n夜来风雨声\n花落知多少\n"
    )


# --- help ------------------------------------------------------------------------------------


def test_help_lists_every_command_with_its_help() -> None:
    result = run("--help")
    assert result.returncode == 0
    assert result.stderr == ""
    out = result.stdout
    assert "Commands:" in out
    commands = out.split("Commands:", 1)[1]
    flat = re.sub(r"\s+", " ", commands)
    for name, (_, help_text) in COMMANDS.items():
        assert f" {name} {help_text}" in flat, name
    for name in ("new", "check", "fmt", "show", "import", "export"):
        assert name in COMMANDS
        assert re.search(rf"^  {name} +\S", commands, re.MULTILINE), name


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_each_command_has_help(name: str) -> None:
    result = invoke(name, "--help")
    assert result.exit_code == 0  # type: ignore[attr-defined]
    assert f" {name} " in result.output.splitlines()[0] and len(result.output.splitlines()) > 3  # type: ignore[attr-defined]


def test_unknown_command_exit_2() -> None:
    result = run("frobnicate")
    assert result.returncode == 2
    assert "no command 'frobnicate'" in result.stderr
    assert "Traceback" not in result.stderr


PLAIN_POEM = "登鹳雀楼\n王之涣\n白日依山尽，黄河入海流。\n欲穷千里目，更上一层楼。\n"


def test_plain_text_poem_is_read_by_check_and_show(tmp_path: Path) -> None:
    poem = tmp_path / "poem.txt"
    poem.write_text(PLAIN_POEM, encoding="utf-8")
    checked = run("check", str(poem))
    assert checked.returncode == 0, checked.stderr
    assert f"{poem}: ok (poem file, 0 sections)" in checked.stdout
    shown = json.loads(run("show", "--json", str(poem)).stdout)
    assert shown["title"] == "登鹳雀楼" and shown["source"]["author"] == "王之涣"
    assert shown["source"]["text"] == "白日依山尽，黄河入海流。\n欲穷千里目，更上一层楼。\n"


def test_plain_text_poem_is_never_rewritten(tmp_path: Path) -> None:
    poem = tmp_path / "poem.txt"
    poem.write_text(PLAIN_POEM, encoding="utf-8")
    for args in (["fmt", str(poem)], ["edit", str(poem)]):
        result = run(*args)
        assert result.returncode == 2
        assert result.stderr.strip().startswith(f"{poem}: not a YAML song file, so it is read but never rewritten")
    assert poem.read_text(encoding="utf-8") == PLAIN_POEM


def test_a_text_file_with_two_poems_names_the_second(tmp_path: Path) -> None:
    poems = tmp_path / "two.txt"
    poems.write_text("静夜思\n床前明月光，疑是地上霜。\n\n春晓\n春眠不觉晓，处处闻啼鸟。\n", encoding="utf-8")
    result = run("show", str(poems))
    assert result.returncode == 2
    assert result.stderr.strip().startswith(f"{poems}:4: 2 poems in this text file")
