"""``songsmith render --jobs N``: worker processes write exactly what one process writes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from songsmith.cli import cli
from songsmith.pipeline import pool as render_pool
from songsmith.pipeline.pool import choose_jobs

POEMS = [
    ("行宮", "元稹", ["寥落古行宮，宮花寂寞紅。", "白頭宮女在，閒坐說玄宗。"]),
    ("登鸛雀樓", "王之渙", ["白日依山盡，黃河入海流。", "欲窮千里目，更上一層樓。"]),
    ("新嫁娘詞", "王建", ["三日入廚下，洗手作羹湯。", "未諳姑食性，先遣小姑嘗。"]),
    ("相思", "王維", ["紅豆生南國，春來發幾枝。", "願君多采擷，此物最相思。"]),
    ("雜詩", "王維", ["君自故鄉來，應知故鄉事。", "來日綺窗前，寒梅著花未？"]),
    ("鹿柴", "王維", ["空山不見人，但聞人語響。", "返景入深林，復照青苔上。"]),
    ("宮詞", "張祜", ["故國三千里，深宮二十年。", "一聲何滿子，雙淚落君前。"]),
    ("竹裏館", "王維", ["獨坐幽篁裏，彈琴復長嘯。", "深林人不知，明月來相照。"]),
    ("無題", "無名", []),  # no verse lines: this one fails, the others go on
    ("問劉十九", "白居易", ["綠蟻新醅酒，紅泥小火爐。", "晚來天欲雪，能飲一杯無？"]),
    ("哥舒歌", "西鄙人", ["北斗七星高，哥舒夜帶刀。", "至今窺牧馬，不敢過臨洮。"]),
    ("靜夜思", "李白", ["床前明月光，疑是地上霜。", "舉頭望明月，低頭思故鄉。"]),
    ("登樂遊原", "李商隱", ["向晚意不適，驅車登古原。", "夕陽無限好，只是近黃昏。"]),
    ("宮詞", "顧況", ["玉樓天半起笙歌，風送宮嬪笑語和。", "月殿影開聞夜漏，水晶簾卷近秋河。"]),
    ("聽箏", "李端", ["鳴箏金粟柱，素手玉房前。", "欲得周郎顧，時時誤拂弦。"]),
    ("渡漢江", "宋之問", ["嶺外音書斷，經冬復歷春。", "近鄉情更怯，不敢問來人。"]),
    ("八陣圖", "杜甫", ["功蓋三分國，名成八陣圖。", "江流石不轉，遺恨失吞吳。"]),
    ("宿建德江", "孟浩然", ["移舟泊煙渚，日暮客愁新。", "野曠天低樹，江清月近人。"]),
    ("春曉", "孟浩然", ["春眠不覺曉，處處聞啼鳥。", "夜來風雨聲，花落知多少。"]),
    ("江雪", "柳宗元", ["千山鳥飛絕，萬徑人蹤滅。", "孤舟蓑笠翁，獨釣寒江雪。"]),
]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    path = tmp_path / "poems.json"
    path.write_text(json.dumps([{"title": t, "author": a, "paragraphs": p} for t, a, p in POEMS],
                               ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def pooled(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times worker processes were started (each entry: the number of workers)."""
    calls: list[int] = []
    real = render_pool._pooled

    def spy(renderer, plan, jobs, after):  # type: ignore[no-untyped-def]
        calls.append(jobs)
        return real(renderer, plan, jobs, after)

    monkeypatch.setattr(render_pool, "_pooled", spy)
    return calls


def tree(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): p.read_text(encoding="utf-8") for p in sorted(root.rglob("*")) if p.is_file()}


def render_in(directory: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> Result:
    """``render ... -o out`` run from ``directory``: the output names the same paths for every run."""
    directory.mkdir()
    monkeypatch.chdir(directory)
    # a song file the user broke: its poem fails while it is planned, the others go on
    broken = directory / "out" / "xiang-si" / "song.yaml"
    broken.parent.mkdir(parents=True)
    broken.write_text("title: [unclosed\n", encoding="utf-8")
    return CliRunner().invoke(cli, ["render", *args, "-o", "out"], catch_exceptions=False)


@pytest.mark.parametrize("options", [[], ["--target", "all"], ["--target", "suno,yue", "--candidates", "2", "--json"]],
                         ids=["songs", "all-targets", "json"])
def test_two_workers_write_what_one_process_writes(tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch,
                                                   pooled: list[int], options: list[str]) -> None:
    one = render_in(tmp_path / "one", monkeypatch, str(corpus), "--jobs", "1", *options)
    assert pooled == []
    two = render_in(tmp_path / "two", monkeypatch, str(corpus), "--jobs", "2", *options)
    assert pooled == [2]
    assert (two.exit_code, two.stdout, two.stderr, two.output) == (one.exit_code, one.stdout, one.stderr, one.output)
    assert tree(tmp_path / "two" / "out") == tree(tmp_path / "one" / "out")

    # the failures: one line each, in input order, exit 2; every other poem is written
    assert two.exit_code == 2
    if "--json" not in options:
        errors = [line for line in two.stderr.splitlines() if line.startswith(("out/", str(corpus)))]
        assert len(errors) == 2
        assert errors[0].startswith("out/xiang-si/song.yaml") and "cannot update the existing song file" in errors[0]
        assert errors[1].startswith(f"{corpus}#8: ") and "nothing to set to music" in errors[1]
    songs = sorted(p.parent.name for p in (tmp_path / "two" / "out").glob("*/song.yaml"))
    assert len(songs) == len(POEMS) - 1  # 18 rendered, and the broken file left as it was
    assert "gong-ci" in songs and "gong-ci-2" in songs  # two poems with one title: two folders
    if "--json" in options:
        report = json.loads(two.stdout)
        assert [entry.get("error", "").split(":")[0] for entry in report if "error" in entry] == [
            "out/xiang-si/song.yaml", str(corpus) + "#8"]
        assert all("package" in entry for entry in report if "error" not in entry)
    if "all" in options:
        assert (tmp_path / "two" / "out" / "jiang-xue" / "manifest.json").is_file()
        assert not list((tmp_path / "two" / "out").rglob(".*.tmp"))  # every staged file committed


def test_a_second_run_with_workers_changes_nothing(tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch,
                                                   pooled: list[int]) -> None:
    first = render_in(tmp_path / "run", monkeypatch, str(corpus), "--jobs", "2", "--target", "suno")
    written = tree(tmp_path / "run" / "out")
    again = CliRunner().invoke(cli, ["render", str(corpus), "-o", "out", "--jobs", "2", "--target", "suno"])
    assert pooled == [2, 2]
    assert again.exit_code == first.exit_code == 2
    assert tree(tmp_path / "run" / "out") == written
    assert again.stdout.count("unchanged out/") == len(POEMS) - 2


def test_the_automatic_choice_uses_workers_for_a_collection(tmp_path: Path, corpus: Path,
                                                            monkeypatch: pytest.MonkeyPatch, pooled: list[int]) -> None:
    monkeypatch.setattr(render_pool, "fork_available", lambda: True)
    monkeypatch.setattr(render_pool.os, "cpu_count", lambda: 2)
    result = render_in(tmp_path / "auto", monkeypatch, str(corpus))  # 19 poems to render: more than 16
    assert result.exit_code == 2
    assert pooled == [2]
    few = tmp_path / "few.json"
    few.write_text(json.dumps([{"title": t, "author": a, "paragraphs": p} for t, a, p in POEMS[:5]],
                              ensure_ascii=False), encoding="utf-8")
    result = CliRunner().invoke(cli, ["render", str(few), "-o", "few"])
    assert result.exit_code == 0, result.output
    assert pooled == [2]  # five poems: rendered in this process
    assert len(list((tmp_path / "auto" / "few").glob("*/song.yaml"))) == 5


def test_an_llm_backend_never_uses_workers(tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch,
                                           pooled: list[int]) -> None:
    from songsmith.style.backends import BACKENDS
    from songsmith.style.offline import OfflineBackend

    class FakeModel(OfflineBackend):
        name = "fake-llm"

    monkeypatch.setitem(BACKENDS, "fake-llm", lambda config: FakeModel())
    result = CliRunner().invoke(cli, ["render", str(corpus), "-o", str(tmp_path / "out"), "--backend",
                                      "fake-llm", "--jobs", "4", "--candidates", "2", "--json"])
    assert result.exit_code == 2
    assert pooled == []
    report = [entry for entry in json.loads(result.stdout) if "error" not in entry]
    assert len(report) == len(POEMS) - 1
    assert {c["backend"] for entry in report for c in entry["candidates"]} == {"fake-llm"}


@pytest.mark.parametrize(
    ("requested", "backend", "poems", "cpus", "fork", "expected"),
    [
        (None, "offline", 320, 2, True, 2),  # a collection: one worker per CPU
        (None, "offline", 320, 8, True, 4),  # at most four by default
        (None, "offline", 17, 2, True, 2),
        (None, "offline", 16, 2, True, 1),  # a few poems: not worth starting workers
        (None, "offline", 1, 8, True, 1),
        (None, "offline", 320, 1, True, 1),  # one CPU
        (None, "offline", 320, None, True, 1),  # unknown CPU count
        (None, "offline", 320, 2, False, 1),  # no fork (Windows)
        (None, "anthropic", 320, 8, True, 1),  # LLM backends: concurrency lives in the backend
        (None, "openai", 320, 8, True, 1),
        (3, "offline", 2, 8, True, 3),  # --jobs N is N, whatever the count
        (1, "offline", 320, 8, True, 1),
        (8, "openai", 320, 8, True, 1),
        (8, "offline", 320, 8, False, 1),
    ],
)
def test_choose_jobs(requested: int | None, backend: str, poems: int, cpus: int | None, fork: bool,
                     expected: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render_pool.os, "cpu_count", lambda: cpus)
    assert choose_jobs(requested, backend, poems, cpus=cpus, fork=fork) == expected


def test_help_does_not_import_multiprocessing() -> None:
    import subprocess
    import sys

    code = ("import sys\nfrom songsmith.cli import cli\n"
            "try:\n    cli(['render', '--help'], standalone_mode=False)\nexcept SystemExit:\n    pass\n"
            "print(sorted({'multiprocessing', 'concurrent'} & {m.split('.')[0] for m in sys.modules}))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip().splitlines()[-1] == "[]"
