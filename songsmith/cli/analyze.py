"""``songsmith analyze``: pinyin with classical readings, 平仄, rhyme and form of a poem.

Also the glue for ``songsmith import --from chinese-poetry`` (see :mod:`songsmith.pipeline.importer`).
Heavy modules (pypinyin, OpenCC) load inside the functions, never at import time.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import click

from songsmith.cli.output import echo_json
from songsmith.errors import FileFormatError, SongsmithError, UsageError

if TYPE_CHECKING:
    from songsmith.poetry.analysis import Analysis
    from songsmith.poetry.corpus import Poem
    from songsmith.style.mood import MoodResult


def _analyses(path: str, rhyme_system: str | None = None) -> Iterator[tuple[str, Any]]:
    """(kind, analysis) of every poem and song ``path`` holds (any input songsmith reads): kind is
    ``zh`` (:class:`Analysis`) or ``eo``; a poem that cannot be analysed is yielded as its error."""
    from songsmith.pipeline.sources import InputProblem, read_poems

    for item in read_poems([path]):
        if isinstance(item, InputProblem):
            yield "error", item.error()
            continue
        try:
            yield _analysis(item, path, rhyme_system)
        except SongsmithError as exc:
            exc.path = exc.path or item.label or path
            yield "error", exc


def _analysis(item: Poem, path: str, rhyme_system: str | None) -> tuple[str, Any]:
    from songsmith.esperanto.analysis import analyse_song, analyse_text
    from songsmith.esperanto.orthography import looks_esperanto
    from songsmith.language import guess_language, has_cjk
    from songsmith.poetry.analysis import analyse_poem

    song = item.song
    text = "\n".join(item.lines)
    language = (song.language if song else None) or guess_language(text)
    if any(has_cjk(line) for line in item.lines):
        return "zh", analyse_poem(item, rhyme_system)
    if language == "eo" or (language is None and looks_esperanto(text)):
        if song is not None and (song.sections or (song.source and song.source.text)):
            return "eo", analyse_song(song)
        return "eo", analyse_text(text, title=item.title, author=item.author)
    raise UsageError(f"analyze reads Chinese verse and Esperanto; these are {language or 'unknown-language'} "
                     "lyrics (render, package and batch take them all the same)", path=item.label or path)


def _format(analysis: Analysis) -> str:
    out = [analysis.title + (f" — {analysis.author}" if analysis.author else "")]
    rhyme = analysis.rhyme
    form = analysis.form + (f"（{analysis.tune}）" if analysis.tune else "")
    if rhyme.get("group"):
        rhyme_text = f"{rhyme['system']} {rhyme['group']} ({rhyme.get('tone') or '?'}), scheme {rhyme['scheme']}"
    else:
        rhyme_text = f"no common rhyme by {rhyme['system']}, scheme {rhyme['scheme']}"
    out.append(f"form: {form}    rhyme: {rhyme_text}")
    width = max((len(line.text) for line in analysis.lines), default=0)
    for number, line in enumerate(analysis.lines, 1):
        pad = "\u3000" * (width - len(line.text))
        out.append(f"{number:>3}  {line.text}{pad}  {line.tones}  {' '.join(line.pinyin)}")
    if rhyme.get("feet"):
        out.append("rhyme feet: " + ", ".join(
            f"{f['line']} {f['char']} {f['group']}" + ("" if f.get("relation", "本韵") == "本韵" else f" ({f['relation']})")
            for f in rhyme["feet"]))
    for foot in rhyme.get("off_group") or []:
        out.append(f"出韵: line {foot['line']} {foot['char']} ({'/'.join(foot['groups']) or 'no group known'})")
    if analysis.metre:
        from songsmith.poetry.metre import format_metre

        out.extend(format_metre(analysis.metre, [line.text for line in analysis.lines]))
    if analysis.rusheng:
        out.append("入声 (仄 by 平水韵, 平 in Mandarin): "
                   + ", ".join(f"{r['char']} {r['pinyin']}" for r in analysis.rusheng))
    decided = [c for c in analysis.readings if not c.ambiguous and c.reading != c.plain]
    if decided:
        out.append("classical readings:")
        out.extend(f"  line {c.line + 1}: {c.char} {c.reading} (not {c.plain}; rule {c.rule})"
                   + (f", also {', '.join(c.also)}" if c.also else "") for c in decided)
    if analysis.annotations:
        out.append("removed from the text:")
        out.extend(f"  {a}" for a in analysis.annotations)
    if analysis.warnings:
        out.append("warnings:")
        out.extend(f"  {w}" for w in analysis.warnings)
    return "\n".join(out)


@click.command()
@click.argument("path", type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="Print the analysis as JSON (see docs/analyze.md).")
@click.option("--rhyme", "rhyme_system", type=click.Choice(["pingshui", "cilin", "xin"]), default=None,
              help="Rhyme system: 平水韵 (default for 诗), 词林正韵 (default for 词) or 中华新韵.")
def analyze(path: str, as_json: bool, rhyme_system: str | None) -> None:
    """Pinyin, 平仄, rhyme and form of a Chinese poem or song; syllables, stress, metre and
    rhyme of an Esperanto one (``language: eo``, or Esperanto text; see docs/esperanto.md).

    PATH is anything songsmith reads: a poem or song file, plain text or tagged lyrics, ChordPro,
    a chinese-poetry collection or a folder (every poem is analysed; --json gives a list).
    Readings use classical rules on top of pypinyin, the 格律 template and the rhyme group; 平仄
    comes from 平水韵; a regulated poem gets a 格律 report (平起/仄起, 粘对, 孤平, 三平尾, 拗救).
    Exit status: 0 on success, 2 when a file cannot be read or a poem is neither
    Chinese nor Esperanto (the others are still printed).
    """
    from songsmith.esperanto.cli import format_analysis
    from songsmith.style.mood import mood_of_analysis

    texts: list[str] = []
    data: list[Any] = []
    failed = 0
    for kind, result in _analyses(path, rhyme_system):
        if kind == "error":
            failed += 1
            click.echo(str(result), err=True)
        elif kind == "eo":
            data.append(result.to_json())
            texts.append(format_analysis(result))
        else:
            mood = mood_of_analysis(result)
            data.append(dict(result.to_json(), mood=mood.to_json()))
            texts.append(f"{_format(result)}\n{_format_mood(mood)}")
    if not data and not failed:
        click.echo(str(FileFormatError("no poem found", path=path)), err=True)
        failed = 1
    if data:
        if as_json:
            echo_json(data[0] if len(data) == 1 else data)
        else:
            click.echo("\n\n".join(texts))
    if failed:
        raise SystemExit(2)


def _format_mood(mood: MoodResult) -> str:
    data = mood.to_json()
    ranked = ", ".join(f"{name} {score:.2f}" for name, score in data["ranked"][:3])
    lines = [f"mood: {data['primary']}  ({ranked})"]
    lines.extend(f"  {cue}" for cue in data["cues"][:4])
    return "\n".join(lines)


def import_poems(source: str, output: str | None, select: str | None, force: bool) -> None:
    """``songsmith import SOURCE --from chinese-poetry [--select …] -o DIR``."""
    from songsmith.pipeline.importer import import_corpus

    if not output:
        raise UsageError("pass -o DIR: the directory to write one poem file per poem into", path=source)
    try:
        report = import_corpus(source, output, select=select, force=force)
    except SongsmithError as exc:
        click.echo(str(exc), err=True)
        raise SystemExit(exc.exit_code) from None
    for skipped in report.skipped:
        click.echo(f"warning: skipped {skipped}", err=True)
    for problem in report.problems:
        click.echo(str(problem), err=True)
    shown = report.written[:10]
    for target in shown:
        click.echo(f"wrote {target}")
    if len(report.written) > len(shown):
        click.echo(f"… and {len(report.written) - len(shown)} more")
    click.echo(f"{len(report.written)} poem files in {output}")
    if report.problems:
        raise SystemExit(2)
