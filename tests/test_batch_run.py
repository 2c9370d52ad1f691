"""songsmith batch: runs, safe names, resume, changed options, failures, lock, selection, CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from batch_helpers import corpus_of, small_corpus, tree_digest
from click.testing import CliRunner

from songsmith.batch.progress import JsonProgress
from songsmith.batch.runner import BatchRunner
from songsmith.batch.state import BatchLock, State
from songsmith.batch.work import BatchOptions
from songsmith.errors import SongsmithError, UsageError

ROOT = Path(__file__).resolve().parents[1]


def run(sources: list[Path], out: Path, **kw: object) -> object:
    options = kw.pop("options", BatchOptions(targets=("suno",), candidates=2))
    return BatchRunner([str(s) for s in sources], out, options, jobs=int(kw.pop("jobs", 1)), **kw).run()  # type: ignore[arg-type]


def rows(out: Path) -> dict[str, dict[str, object]]:
    state = State(out, readonly=True)
    try:
        return {row["key"]: dict(row) for row in state.rows()}
    finally:
        state.db.close()


def test_batch_writes_packages_with_safe_unique_names(tmp_path: Path) -> None:
    corpus = small_corpus(tmp_path / "poems.json")
    out = tmp_path / "out"
    summary = run([corpus], out)
    assert (summary.done, summary.failed, summary.skipped) == (5, 1, 0)
    names = sorted(p.name for p in (out / "songs").iterdir())
    assert len(names) == 5 and len(set(names)) == 5
    for name in names:
        assert all(c.isascii() and (c.isalnum() or c == "-") for c in name), name
        assert name == name.lower() and len(name) <= 90
        assert (out / "songs" / name / "manifest.json").is_file()
    assert any(n.startswith("jing-ye-si--") for n in names)
    assert sum(n.startswith("ju--") for n in names) == 2  # the two poems titled 句
    assert any(n.startswith("xin-le-fu-qi-de-wu--") for n in names)  # TAB and / never reach a path
    # nothing outside OUT/songs but the reports and the state
    top = sorted(p.name for p in out.iterdir())
    assert top == [".songsmith", "index.json", "report.md", "songbook.html", "songs"]
    for path in out.rglob("*"):
        assert out.resolve() in path.resolve().parents
    state = rows(out)
    empty = state["00000000-0000-4000-8000-000000000006"]
    assert empty["status"] == "failed" and "no verse" in str(empty["error"])
    done = state["00000000-0000-4000-8000-000000000001"]
    assert done["status"] == "done" and done["input_hash"] and done["options_hash"]
    assert "manifest.json" in json.loads(str(done["outputs"]))


def test_package_matches_write_package(tmp_path: Path) -> None:
    """The batch builds packages itself (to write them into a temp dir); they equal issue 5's."""
    from songsmith.document.songfile import load_song
    from songsmith.package import write_package

    corpus = small_corpus(tmp_path / "poems.json")
    out = tmp_path / "out"
    run([corpus], out, options=BatchOptions(targets=("suno", "yue", "udio"), candidates=2))
    for directory in sorted((out / "songs").iterdir())[:3]:
        song = load_song(directory / "song.yaml").song
        manifest = write_package(song, tmp_path / "ref", ["suno", "yue", "udio"], slug=directory.name)
        ours = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
        assert ours.pop("slug") == directory.name  # write_package would shorten our name to 60 characters
        assert ours == {k: v for k, v in manifest.data.items() if k != "slug"}
        for relative in ours["files"]:
            assert (directory / relative).read_bytes() == (manifest.directory / relative).read_bytes()


def test_resume_skips_done_and_changed_options_rerender(tmp_path: Path) -> None:
    corpus = corpus_of(tmp_path / "poems.json", 6)
    out = tmp_path / "out"
    first = run([corpus], out)
    assert first.done == 6
    before = tree_digest(out)
    mtimes = {p: p.stat().st_mtime_ns for p in (out / "songs").rglob("manifest.json")}
    second = run([corpus], out)
    assert (second.done, second.skipped) == (0, 6)
    assert {p: p.stat().st_mtime_ns for p in (out / "songs").rglob("manifest.json")} == mtimes
    assert tree_digest(out) == before
    # other options: every poem again, and the old target files are gone
    third = run([corpus], out, options=BatchOptions(targets=("yue",), candidates=2))
    assert third.done == 6 and third.skipped == 0
    some = next((out / "songs").iterdir())
    assert (some / "yue").is_dir() and not (some / "suno.json").exists()
    # a changed poem: only that one again
    data = json.loads(corpus.read_text(encoding="utf-8"))
    data[2]["paragraphs"] = ["千山鳥飛絕，萬徑人蹤滅。"]
    corpus.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    fourth = run([corpus], out, options=BatchOptions(targets=("yue",), candidates=2))
    assert (fourth.done, fourth.skipped) == (1, 5)
    # a package removed by hand is written again
    victim = next((out / "songs").iterdir())
    import shutil

    shutil.rmtree(victim)
    fifth = run([corpus], out, options=BatchOptions(targets=("yue",), candidates=2))
    assert (fifth.done, fifth.skipped) == (1, 5) and victim.is_dir()


def test_failure_is_recorded_and_retried(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import songsmith.batch.work as work

    corpus = corpus_of(tmp_path / "poems.json", 4)
    out = tmp_path / "out"
    real = work.compose_song

    def flaky(poem, *args, **kwargs):  # type: ignore[no-untyped-def]
        if poem.id.endswith("02"):
            raise SongsmithError("the style service is down")
        return real(poem, *args, **kwargs)

    monkeypatch.setattr(work, "compose_song", flaky)
    first = run([corpus], out)
    assert (first.done, first.failed) == (3, 1)
    row = rows(out)["00000000-0000-4000-8000-000000000002"]
    assert row["status"] == "failed" and row["error"] == "the style service is down"
    assert "the style service is down" in (out / "report.md").read_text(encoding="utf-8")
    monkeypatch.setattr(work, "compose_song", real)
    second = run([corpus], out)
    assert (second.done, second.failed, second.skipped) == (1, 0, 3)
    row = rows(out)["00000000-0000-4000-8000-000000000002"]
    assert row["status"] == "done" and row["error"] is None and row["attempts"] == 2


def test_a_second_batch_on_the_same_out_is_refused(tmp_path: Path) -> None:
    corpus = corpus_of(tmp_path / "poems.json", 2)
    out = tmp_path / "out"
    out.mkdir()
    # another process holds the lock
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from pathlib import Path; "
         "from songsmith.batch.state import BatchLock; BatchLock(Path(sys.argv[1])).acquire(); "
         "print('locked', flush=True); time.sleep(30)", str(out)],
        stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(UsageError, match="another batch is already running") as caught:
            run([corpus], out)
        assert str(holder.pid) in caught.value.message
        result = subprocess.run([sys.executable, "-m", "songsmith", "batch", str(corpus), "-o", str(out), "-q"],
                                capture_output=True, text=True, cwd=ROOT)
        assert result.returncode == 2 and "another batch is already running" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1  # one clear line, no traceback
    finally:
        holder.kill()
        holder.wait()
    assert run([corpus], out).done == 2  # the lock went with the process


def test_lock_in_the_same_process_is_exclusive(tmp_path: Path) -> None:
    with BatchLock(tmp_path):
        # flock locks belong to open file descriptions: a second open is refused too
        with pytest.raises(UsageError):
            BatchLock(tmp_path).acquire()
    BatchLock(tmp_path).acquire().release()


def test_select_and_limit(tmp_path: Path) -> None:
    corpus = corpus_of(tmp_path / "poems.json", 10)
    out = tmp_path / "out"
    summary = run([corpus], out, select=["title=句"])
    assert summary.done == 4
    assert all(r["title"] == "句" for r in rows(out).values())
    out2 = tmp_path / "out2"
    assert run([corpus], out2, limit=3).done == 3
    assert run([corpus], tmp_path / "out3", select=["title~春,lines<=2"]).done == 2
    with pytest.raises(UsageError, match="--select"):
        run([corpus], tmp_path / "out4", select=["colour=red"])


def test_sources_directory_text_and_yaml(tmp_path: Path) -> None:
    src = tmp_path / "src"
    (src / "sub").mkdir(parents=True)
    corpus_of(src / "sub" / "poems.json", 2)
    (src / "jys.txt").write_text("静夜思\n李白\n床前明月光，疑是地上霜。\n举头望明月，低头思故乡。\n", encoding="utf-8")
    (src / "bad.json").write_text("{not json", encoding="utf-8")
    (src / ".hidden").mkdir()
    (src / ".hidden" / "x.txt").write_text("隐\n床前明月光，疑是地上霜。\n", encoding="utf-8")
    out = tmp_path / "out"
    summary = run([src], out)
    assert (summary.done, summary.failed) == (3, 1)
    failed = [r for r in rows(out).values() if r["status"] == "failed"]
    assert failed[0]["key"].startswith("file:") and "JSON" in str(failed[0]["error"])


def test_json_events(tmp_path: Path) -> None:
    import io

    corpus = small_corpus(tmp_path / "poems.json")
    stream = io.StringIO()
    run([corpus], tmp_path / "out", progress=JsonProgress(stream))
    events = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert events[0]["event"] == "start" and events[0]["total"] == 6
    poems = [e for e in events if e["event"] == "poem"]
    assert len(poems) == 6 and {e["status"] for e in poems} == {"done", "failed"}
    assert events[-1]["event"] == "finish" and events[-1]["done"] == 5 and events[-1]["failed"] == 1


def _cli():  # type: ignore[no-untyped-def]
    from songsmith.cli import cli

    return cli


def test_cli_batch_and_status(tmp_path: Path) -> None:
    corpus = small_corpus(tmp_path / "poems.json")
    out = tmp_path / "out"
    result = CliRunner().invoke(_cli(), ["batch", str(corpus), "-o", str(out), "-j", "1", "--json"])
    assert result.exit_code == 1, result.output  # the empty poem failed
    assert json.loads(result.output.splitlines()[-1])["event"] == "finish"
    result = CliRunner().invoke(_cli(), ["batch", "status", str(out)])
    assert result.exit_code == 0
    assert "5 done" in result.output and "1 failed" in result.output and "no verse" in result.output
    result = CliRunner().invoke(_cli(), ["batch", "status", str(out), "--json"])
    assert json.loads(result.output)["counts"] == {"done": 5, "failed": 1}
    result = CliRunner().invoke(_cli(), ["batch", str(corpus)])
    assert isinstance(result.exception, UsageError) and "-o OUT" in result.exception.message


def test_parallel_jobs_give_the_same_tree(tmp_path: Path) -> None:
    corpus = corpus_of(tmp_path / "poems.json", 12)
    run([corpus], tmp_path / "a", jobs=1)
    run([corpus], tmp_path / "b", jobs=2)
    assert tree_digest(tmp_path / "a") == tree_digest(tmp_path / "b")


def test_help_lists_batch_quickly() -> None:
    result = subprocess.run([sys.executable, "-m", "songsmith", "--help"], capture_output=True, text=True,
                            cwd=ROOT, env={**os.environ})
    assert "batch" in result.stdout


def test_a_renamed_poem_moves_its_package(tmp_path: Path) -> None:
    corpus = corpus_of(tmp_path / "poems.json", 3)
    out = tmp_path / "out"
    run([corpus], out)
    data = json.loads(corpus.read_text(encoding="utf-8"))
    data[1]["title"] = "登鸛雀樓"
    corpus.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert run([corpus], out).done == 1
    names = sorted(p.name for p in (out / "songs").iterdir())
    assert len(names) == 3 and any(n.startswith("deng-guan-que-lou--") for n in names)


def test_a_missing_source_fails_before_out_is_created(tmp_path: Path) -> None:
    import subprocess
    import sys

    script = Path(sys.executable).parent / "songsmith"
    result = subprocess.run([str(script), "batch", str(tmp_path / "nope.json"), "-o", str(tmp_path / "out")],
                            capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.strip() == f"{tmp_path / 'nope.json'}: no such file or directory"
    assert not (tmp_path / "out").exists()


def test_a_disk_error_fails_that_poem_only_and_leaves_no_half_package(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import songsmith.document.writer as writer

    corpus = corpus_of(tmp_path / "poems.json", 3)
    out = tmp_path / "out"
    real_write = os.write
    calls = {"n": 0}

    def full_disk(fd: int, data: bytes) -> int:
        calls["n"] += 1
        if calls["n"] == 9:  # a file of the second poem's package
            raise OSError(28, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(writer.os, "write", full_disk)
    summary = run([corpus], out)
    assert (summary.done, summary.failed) == (2, 1)
    failed = [r for r in rows(out).values() if r["status"] == "failed"]
    assert "could not write the package" in failed[0]["error"] and "No space left" in failed[0]["error"]
    assert len(list((out / "songs").iterdir())) == 2  # the failed poem has no directory at all
    assert not any((out / ".songsmith" / "tmp").iterdir())
    monkeypatch.setattr(writer.os, "write", real_write)
    again = run([corpus], out)
    assert (again.done, again.skipped) == (1, 2)
    assert not any((out / ".songsmith" / "tmp").iterdir())


def test_write_directory_refuses_names_that_are_not_plain() -> None:
    from songsmith.batch.work import write_directory

    for name in ("../x", "a/b", ".hidden", "", "a\\b", "a:b"):
        with pytest.raises(SongsmithError, match="refusing"):
            write_directory(Path("/nonexistent"), name, {"a.txt": "x"}, {})
