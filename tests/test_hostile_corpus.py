"""chinese-poetry JSON with values of the wrong kind, absurd nesting or size: one line per bad
poem (``file: poem #N: what is wrong``), exit 2, never an internal error; the other poems read
on, and a batch records each bad poem as one failed job and does the rest."""

from __future__ import annotations

import json
import os
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from batch_helpers import couplets, poem
from cli_helpers import entry

from songsmith.errors import FileFormatError
from songsmith.poetry.corpus import PoemProblem, read_chinese_poetry
from songsmith.poetry.jsonfile import MAX_JSON_BYTES, nesting, read_json

GOOD = {"id": "good-1", "title": "靜夜思", "author": "李白", "paragraphs": couplets(0)}


def _flat(**fields: Any) -> list[dict[str, Any]]:
    bad = {"id": "bad-1", "title": "春曉", "author": "孟浩然", "paragraphs": couplets(1)}
    bad.update(fields)
    return [GOOD, bad]


#: name -> (file contents, the words the message must hold)
SHAPES: dict[str, tuple[Any, str]] = {
    "int-title": (_flat(title=5), "poem #1: title is a number (5), not text"),
    "list-title": (_flat(title=["春曉"]), "poem #1: title is a list, not text"),
    "object-author": (_flat(author={"name": "x"}), "poem #1: author is an object, not text"),
    "bool-title": (_flat(title=True), "poem #1: title is true, not text"),
    "list-in-paragraphs": (_flat(paragraphs=[["春眠不覺曉"]]), "poem #1: paragraphs[0] is a list, not a line"),
    "object-in-paragraphs": (_flat(paragraphs=["春眠不覺曉，處處聞啼鳥。", {"a": 1}]),
                             "poem #1: paragraphs[1] is an object"),
    "null-in-paragraphs": (_flat(paragraphs=[None]), "poem #1: paragraphs[0] is null"),
    "number-in-paragraphs": (_flat(paragraphs=[1.5]), "poem #1: paragraphs[0] is a number (1.5)"),
    "number-paragraphs": (_flat(paragraphs=7), "poem #1: paragraphs is a number (7), not a list of lines"),
    "list-id": (_flat(id=[1]), "poem #1: id is a list"),
    "poem-is-a-string": ([GOOD, "春曉"], "poem #1: is text"),
    "songci-number-tune": ([{"rhythmic": "浣溪沙", "author": "晏殊", "paragraphs": ["一曲新詞酒一杯。"]},
                            {"rhythmic": 5, "author": "x", "paragraphs": ["一曲新詞酒一杯。"]}],
                           "poem #1: rhythmic is a number (5)"),
    "shijing-list-chapter": ([{"title": "關雎", "chapter": "國風", "section": "周南", "content": ["關關雎鳩，在河之洲。"]},
                              {"title": "葛覃", "chapter": ["x"], "section": "周南", "content": ["葛之覃兮"]}],
                             "poem #1: chapter is a list"),
    "tangshi-number-chapter": ({"title": "唐詩三百首", "content": [{"type": "五言絕句", "content": [
        {"chapter": "靜夜思", "author": "李白", "paragraphs": couplets(0)},
        {"chapter": 5, "author": "李白", "paragraphs": couplets(1)}]}]}, "poem #0.1: chapter is a number (5)"),
    "tangshi-number-section": ({"title": "唐詩三百首", "content": [
        {"type": "五言絕句", "content": [{"chapter": "靜夜思", "author": "李白", "paragraphs": couplets(0)}]}, 3]},
        "poem #1: section is a number (3)"),
}


def _write(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_a_poem_of_the_wrong_shape_is_one_failure_and_the_others_read(tmp_path: Path, name: str) -> None:
    data, words = SHAPES[name]
    path = _write(tmp_path / f"{name}.json", data)
    items = list(read_chinese_poetry(path))
    problems = [item for item in items if isinstance(item, PoemProblem)]
    assert len(problems) == 1 and words in str(problems[0]), items
    assert str(problems[0]).startswith(f"{path}: poem #")
    assert len(items) - len(problems) == 1  # the good poem still reads


def test_nan_is_named_as_such(tmp_path: Path) -> None:
    path = tmp_path / "nan.json"
    path.write_text('[{"id": "a", "title": NaN, "paragraphs": ["床前明月光，疑是地上霜。"]}]', encoding="utf-8")
    (problem,) = list(read_chinese_poetry(path))
    assert str(problem) == f"{path}: poem #0: title is NaN, not text"


@pytest.mark.parametrize("command", ["render", "check", "analyze", "import"])
def test_every_command_reports_the_bad_poem_in_one_line_and_exits_2(tmp_path: Path, command: str) -> None:
    path = _write(tmp_path / "mixed.json", SHAPES["list-in-paragraphs"][0])
    args = {"render": ["render", path, "-o", tmp_path / "out"], "check": ["check", path],
            "analyze": ["analyze", path],
            "import": ["import", path, "--from", "chinese-poetry", "-o", tmp_path / "poems"]}[command]
    ran = entry(*args)
    ran.assert_no_crash()
    assert ran.exit_code == 2
    lines = [line for line in ran.stderr.splitlines() if "poem #1" in line]
    assert lines == [f"{path}: poem #1: paragraphs[0] is a list, not a line of text"], ran.output
    if command == "render":
        assert (tmp_path / "out" / "jing-ye-si" / "song.yaml").is_file()  # the good poem is rendered
    if command == "import":
        assert len(list((tmp_path / "poems").glob("*.yaml"))) == 1


def test_deep_nesting_is_refused_before_decoding(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    with pytest.raises(FileFormatError, match="nested 200000 levels deep"):
        read_json(path)
    ran = entry("render", path, "-o", tmp_path / "out")
    ran.assert_no_crash()
    assert ran.exit_code == 2 and ran.stderr.startswith(f"{path}: arrays and objects nested")


def test_nesting_ignores_brackets_inside_strings() -> None:
    text = json.dumps([{"title": "[" * 100 + "{" * 100, "paragraphs": ["]]]", "\\\"[[["]}] * 50)
    assert nesting(text) == 3
    assert nesting('[[[["a"]]]]') == 4


def test_a_file_over_the_limit_is_refused_without_being_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    with open(path, "wb") as handle:  # sparse: no disk used
        handle.truncate(MAX_JSON_BYTES + 8 * 1024 * 1024)
    tracemalloc.start()
    try:
        with pytest.raises(FileFormatError, match=r"file is 40\.0 MB; songsmith reads JSON collections up to 32 MB"):
            read_json(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1024 * 1024
    ran = entry("check", path)
    assert ran.exit_code == 2 and "file is 40.0 MB" in ran.stderr


def test_a_batch_over_a_folder_with_bad_poems_and_bad_files_does_all_the_rest(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    items: list[Any] = [poem(i, f"詩{i}") for i in range(12)]
    items[5]["title"] = 5
    items[8]["paragraphs"] = [["x"], None]
    items[10] = None
    _write(corpus / "poet.tang.0.json", items)
    (corpus / "poet.tang.1000.json").write_text("[" * 100_000, encoding="utf-8")
    _write(corpus / "poet.tang.2000.json", [poem(100 + i, f"歌{i}") for i in range(3)])
    out = tmp_path / "out"
    ran = entry("batch", corpus, "-o", out, "--target", "suno", "-j", "1", "--json")
    ran.assert_no_crash()
    assert ran.exit_code == 1
    finish = json.loads(ran.stdout.splitlines()[-1])
    assert (finish["done"], finish["failed"]) == (9 + 3, 4)
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    errors = {song["key"]: song.get("error") for song in index["songs"] if song["status"] == "failed"}
    first = str(corpus / "poet.tang.0.json")
    assert errors == {
        f"file:{first}#5": "poem #5: title is a number (5), not text",
        f"file:{first}#8": "poem #8: paragraphs[0] is a list, not a line of text",
        f"file:{first}#10": "poem #10: is null, not a poem (an object with its paragraphs)",
        f"file:{corpus / 'poet.tang.1000.json'}": "arrays and objects nested 100000 levels deep; "
                                                  "a poem collection needs at most 32",
    }
    status = entry("batch", "status", out)
    assert status.exit_code == 0 and "poem #5: title is a number" in status.stdout


def test_the_batch_count_includes_bad_entries(tmp_path: Path) -> None:
    from songsmith.batch.sources import count_poems

    path = _write(tmp_path / "poems.json", [GOOD, None, 5, GOOD])
    tangshi = _write(tmp_path / "tangshi.json", {"title": "t", "content": [{"type": "x", "content": [GOOD, GOOD]},
                                                                           3, {"type": "y", "content": 4}]})
    assert count_poems([str(path)]) == 4
    assert count_poems([str(tangshi)]) == 4
    assert os.path.getsize(path) < 1000


def _json_values() -> Any:
    from hypothesis import strategies as st

    scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12)
    return st.recursive(scalars, lambda inner: st.lists(inner, max_size=3)
                        | st.dictionaries(st.text(max_size=5), inner, max_size=3), max_leaves=8)


def test_any_values_in_any_field_read_as_poems_or_problems(tmp_path: Path) -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from songsmith.batch.sources import digest, poem_input
    from songsmith.poetry.corpus import Poem

    fields = st.fixed_dictionaries({}, optional={name: _json_values() for name in (
        "id", "title", "author", "paragraphs", "rhythmic", "content", "chapter", "section")})
    path = tmp_path / "fuzz.json"

    @settings(max_examples=150)
    @given(st.lists(fields | _json_values(), min_size=1, max_size=4))
    def check(items: list[Any]) -> None:
        path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
        try:
            found = list(read_chinese_poetry(path))
        except FileFormatError:
            return  # not a poem file at all: one line
        for item in found:
            assert isinstance(item, (Poem, PoemProblem))
            if isinstance(item, Poem):
                digest(poem_input(item))  # what a batch does first with a poem

    check()
