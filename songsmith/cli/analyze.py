"""``songsmith analyze``: pinyin with classical readings, 平仄, rhyme and form of a poem.

Also the glue for ``songsmith import --from chinese-poetry`` (see :mod:`songsmith.poetry.importer`).
Heavy modules (pypinyin, OpenCC) load inside the functions, never at import time.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from songsmith.cli.output import echo_json
from songsmith.errors import FileFormatError, SongsmithError, UsageError

if TYPE_CHECKING:
    from songsmith.mood import MoodResult
    from songsmith.poetry.analysis import Analysis
    from songsmith.poetry.corpus import Poem


def _load(path: str) -> list[Poem]:
    from songsmith.poetry.corpus import load_text_file, load_yaml_file

    suffix = Path(path).suffix.lower()
    if Path(path).is_dir() or suffix == ".json":
        raise UsageError("analyze reads one poem or song file (.yaml or .txt); for a corpus, run "
                         "`songsmith import CORPUS --from chinese-poetry --select TITLE -o DIR` first", path=path)
    if suffix in (".yaml", ".yml"):
        return [load_yaml_file(path)]
    return load_text_file(path)


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

    PATH is a poem or song file (.yaml) or a text file (title on the first line). Readings use
    classical rules on top of pypinyin, the 格律 template and the rhyme group; 平仄 comes from
    平水韵; a regulated poem gets a 格律 report (平起/仄起, 粘对, 孤平, 三平尾, 拗救).
    Exit status: 0 on success, 2 when the file cannot be read or holds no Chinese verse.
    """
    from songsmith.esperanto.cli import analysis_for_path, format_analysis
    from songsmith.language import is_cjk
    from songsmith.poetry.analysis import analyse_poem

    try:
        esperanto = analysis_for_path(path)  # None unless `language: eo` or Esperanto-looking text
        if esperanto is not None:
            if as_json:
                echo_json(esperanto.to_json())
            else:
                click.echo(format_analysis(esperanto))
            return
        poems = _load(path)
        results = []
        for poem in poems:
            if not any(is_cjk(ch) for line in poem.lines for ch in line):
                raise FileFormatError("no Chinese text to analyse", path=path, line=poem.first_line)
            results.append(analyse_poem(poem, rhyme_system))
        if not results:
            raise FileFormatError("no poem found in the file", path=path)
    except SongsmithError as exc:
        exc.path = exc.path or path
        click.echo(str(exc), err=True)
        raise SystemExit(exc.exit_code) from None
    from songsmith.mood import mood_of_analysis

    moods = [mood_of_analysis(r) for r in results]
    if as_json:
        data = [dict(r.to_json(), mood=m.to_json()) for r, m in zip(results, moods)]
        echo_json(data[0] if len(data) == 1 else data)
        return
    click.echo("\n\n".join(f"{_format(r)}\n{_format_mood(m)}" for r, m in zip(results, moods)))


def _format_mood(mood: MoodResult) -> str:
    data = mood.to_json()
    ranked = ", ".join(f"{name} {score:.2f}" for name, score in data["ranked"][:3])
    lines = [f"mood: {data['primary']}  ({ranked})"]
    lines.extend(f"  {cue}" for cue in data["cues"][:4])
    return "\n".join(lines)


def import_poems(source: str, output: str | None, select: str | None, force: bool) -> None:
    """``songsmith import SOURCE --from chinese-poetry [--select …] -o DIR``."""
    from songsmith.poetry.importer import import_corpus

    if not output:
        raise UsageError("pass -o DIR: the directory to write one poem file per poem into", path=source)
    try:
        report = import_corpus(source, output, select=select, force=force)
    except SongsmithError as exc:
        click.echo(str(exc), err=True)
        raise SystemExit(exc.exit_code) from None
    for skipped in report.skipped:
        click.echo(f"warning: skipped {skipped}", err=True)
    shown = report.written[:10]
    for target in shown:
        click.echo(f"wrote {target}")
    if len(report.written) > len(shown):
        click.echo(f"… and {len(report.written) - len(shown)} more")
    click.echo(f"{len(report.written)} poem files in {output}")
