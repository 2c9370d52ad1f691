"""Commands on song files: new, check, fmt, show."""

from __future__ import annotations

from pathlib import Path

import click

from songsmith.cli.output import echo_json
from songsmith.errors import SongsmithError, UsageError


@click.command()
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--title", help="Song title (default: from the file name).")
@click.option("--language", default=None, help="Language code: zh, en, eo, …")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def new(path: str, title: str | None, language: str | None, force: bool) -> None:
    """Create a song file from a template."""
    from songsmith.document.songfile import save_song
    from songsmith.document.template import new_song

    target = Path(path)
    if target.exists() and not force:
        raise UsageError("file exists; pass --force to overwrite it", path=path)
    song = new_song(target, title=title, language=language)
    save_song(song, target)
    click.echo(f"wrote {path}")


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
def check(paths: tuple[str, ...], as_json: bool, strict: bool) -> None:
    """Validate and lint song or poem files.

    PATHS are song or poem files (.yaml), tagged lyrics or plain text (.txt), ChordPro files,
    chinese-poetry collections (.json: every poem must read) or folders of any of these.
    Exit status: 0 when clean or only warnings, 1 when a file has lint errors (or warnings
    with --strict), 2 when a file cannot be read at all.
    """
    from songsmith.document.lint import lint
    from songsmith.pipeline.sources import CORPUS_SUFFIXES, input_files, load_one

    worst = 0
    report: list[dict[str, object]] = []

    def unreadable(path: str, message: str) -> None:
        nonlocal worst
        worst = max(worst, 2)
        report.append({"path": path, "ok": False, "error": message, "issues": []})
        if not as_json:
            click.echo(message, err=True)

    for given in paths:
        root = Path(given)
        files = input_files(root) if root.is_dir() else [root]
        if root.is_dir() and not files:
            unreadable(given, f"{given}: no song, poem or collection files in this folder")
        for file in files:
            path = str(file)
            if file.suffix.lower() in CORPUS_SUFFIXES:
                entry = _check_collection(path)
                report.append(entry)
                if not entry["ok"]:
                    worst = max(worst, 2)
                if not as_json:
                    for problem in entry["problems"]:  # type: ignore[attr-defined]
                        click.echo(problem, err=True)
                    click.echo(f"{path}: {'ok' if entry['ok'] else 'unreadable poems'} "
                               f"(chinese-poetry collection, {entry['poems']} poems)")
                continue
            try:
                loaded = load_one(path)
            except SongsmithError as exc:
                unreadable(path, str(exc))
                continue
            issues = lint(loaded)
            failing = [i for i in issues if i.severity == "error" or (strict and i.severity == "warning")]
            if failing:
                worst = max(worst, 1)
            report.append({
                "path": path,
                "ok": not failing,
                "shape": loaded.shape,
                "issues": [
                    {"line": i.line, "severity": i.severity, "code": i.code, "message": i.message}
                    for i in issues
                ],
            })
            if not as_json:
                for issue in issues:
                    click.echo(str(issue))
                if not failing:
                    warnings = sum(1 for i in issues if i.severity == "warning")
                    plural = "" if warnings == 1 else "s"
                    click.echo(f"{path}: ok ({loaded.shape} file, {len(loaded.song.sections)} sections"
                               f"{f', {warnings} warning{plural}' if warnings else ''})")
    if as_json:
        echo_json(report)
    raise SystemExit(worst)


def _check_collection(path: str) -> dict[str, object]:
    """A chinese-poetry file: does every poem read? (Rendering it is `songsmith render`'s job.)"""
    from songsmith.poetry.corpus import PoemProblem, read_chinese_poetry

    problems: list[str] = []
    count = bad = 0
    try:
        for poem in read_chinese_poetry(path):
            count += 1
            if isinstance(poem, PoemProblem):
                bad += 1
                problems.append(str(poem))
            elif not poem.lines:
                problems.append(f"{path}#{poem.id.rpartition('#')[2]}: warning: {poem.title}: no verse lines")
    except SongsmithError as exc:
        return {"path": path, "ok": False, "error": str(exc), "poems": count, "problems": [*problems, str(exc)]}
    return {"path": path, "ok": not bad, "shape": "collection", "poems": count, "problems": problems}


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--check", "check_only", is_flag=True, help="Only report files that would change (exit 1).")
@click.option("--canonical-tags", is_flag=True, help="Rewrite tags in canonical form ([verse 1] → [Verse 1]).")
@click.option("--drop-comments", is_flag=True, help="Rewrite files even though their YAML comments are lost.")
@click.option("--json", "as_json", is_flag=True, help="Print each file's status as JSON.")
def fmt(paths: tuple[str, ...], check_only: bool, canonical_tags: bool, drop_comments: bool,
        as_json: bool) -> None:
    """Rewrite song files in canonical form (--check to only report).

    Formatting twice gives the same file as formatting once. Files are replaced atomically.
    """
    from songsmith.document.formatting import format_loaded
    from songsmith.document.songfile import load_song
    from songsmith.document.writer import write_text_atomic
    from songsmith.document.yamlio import read_text
    from songsmith.pipeline.sources import refuse_rewrite

    statuses: list[dict[str, str]] = []
    for path in paths:
        try:
            refuse_rewrite(path)
            loaded = load_song(path)
            original = read_text(path)
            if loaded.positions.comments and not drop_comments and not check_only:
                line = loaded.positions.comments[0][0]
                raise UsageError(
                    "has YAML comments that formatting would drop; move them into notes: "
                    "or pass --drop-comments", path=path, line=line,
                )
            formatted = format_loaded(loaded, canonical_tags=canonical_tags)
        except SongsmithError as exc:
            statuses.append({"path": path, "status": "error", "error": str(exc)})
            if not as_json:
                click.echo(str(exc), err=True)
            continue
        if formatted == original:
            statuses.append({"path": path, "status": "unchanged"})
            continue
        if check_only:
            statuses.append({"path": path, "status": "would-reformat"})
        else:
            write_text_atomic(path, formatted)
            statuses.append({"path": path, "status": "reformatted"})
        if not as_json:
            click.echo(f"{path}: {statuses[-1]['status'].replace('-', ' ')}")
    if as_json:
        echo_json(statuses)
    if any(s["status"] == "error" for s in statuses):
        raise SystemExit(2)
    if any(s["status"] == "would-reformat" for s in statuses):
        raise SystemExit(1)


@click.command()
@click.argument("path", type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="Print the whole song as JSON.")
def show(path: str, as_json: bool) -> None:
    """Summarise a song or poem file: source, style, sections, every candidate and take.

    PATH is a song or poem file, tagged lyrics, plain text or ChordPro.
    """
    from songsmith.document.summary import song_summary
    from songsmith.pipeline.sources import load_one

    loaded = load_one(path)
    if as_json:
        data = loaded.song.model_dump(mode="json")
        data["lyrics"] = loaded.song.lyrics
        data["shape"] = loaded.shape
        echo_json(data)
        return
    click.echo(song_summary(loaded.song, shape=loaded.shape))
