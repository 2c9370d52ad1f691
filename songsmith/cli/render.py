"""``songsmith render``: arrange poems into songs and propose styles (offline by default)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from songsmith.cli import options
from songsmith.batch.progress import Heartbeat
from songsmith.cli.output import echo_json
from songsmith.errors import SongsmithError

if TYPE_CHECKING:
    from pathlib import Path

    from songsmith.document.model import Song
    from songsmith.package import Manifest, PreparedPackage
    from songsmith.pipeline.render import RenderResult, RenderTask


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@options.out_dir("Output directory: each song goes to OUT/<slug>/song.yaml (and its package beside it).")
@options.backend()
@options.candidates()
@click.option("--arrangement", default=None, metavar="NAME",
              help="Arrangement template (jueju, lushi, pailu, ci, shijing, guti, short, couplet; default: "
                   "chosen by form and length) and/or the portion of a long poem: excerpt (the default when it "
                   "is longer than the target takes), whole, part-N; e.g. part-2 or guti:whole.")
@options.audience()
@options.packaging(target_default=None,
                   target_help="Also package each song beside its song.yaml (target files, lyrics.md, sheet.html, "
                               "manifest.json), in the song's style (its chosen candidate's once you `songsmith "
                               "choose`); without --target no package is written. Targets")
@click.option("--restyle", is_flag=True, help="Replace an existing song's style and untouched offline candidates.")
@click.option("-j", "--jobs", default=None, type=click.IntRange(1, 256),
              help="Worker processes for the offline backend [default: up to 4 (one per CPU) for more than "
                   "16 poems, else 1]. LLM backends always render in this process.")
@options.json_output("Print what was rendered as JSON.")
def render(paths: tuple[str, ...], out: str, backend: str | None, model: str | None, base_url: str | None,
           n_candidates: int, arrangement: str | None, audience: str, targets: str | None, suno_model: str,
           minimax_model: str, package_candidates: str | None, homophones: bool, pinyin_hints: bool,
           strict: bool, restyle: bool, jobs: int | None, as_json: bool) -> None:
    """Arrange poems into songs and propose style prompts, offline by default.

    PATHS are poem or song files (.yaml), tagged lyrics or plain-text poems and lyrics (.txt),
    ChordPro files, chinese-poetry JSON collections, or folders of any of these. Chinese poems
    are arranged; a song that has lyrics (any language) keeps them and gets style candidates.
    An existing song keeps its lyrics and style unless --restyle; a second run changes nothing.
    Exit status: 0 on success, 2 when an input cannot be read or rendered, 1 when a package
    fails its validators (or a --strict warning).
    """
    from songsmith.config import load_config
    from songsmith.pipeline.render import Renderer
    from songsmith.style.arrange import check_arrangement
    from songsmith.style.backends import get_backend
    from songsmith.style.base import Hints

    hints = Hints(audience="children" if audience == "children" else None, arrangement=arrangement)
    packager = None
    from songsmith.config import MissingKey

    try:
        if targets:
            packager = _Packager(out, options.packaging_choice(targets, suno_model, minimax_model,
                                                               package_candidates, homophones, pinyin_hints, strict))
        if arrangement:
            check_arrangement(arrangement)  # unknown names fail before anything is written
        config = load_config(backend=backend, model=model, base_url=base_url)
        try:
            chosen_backend = get_backend(config.backend, config)
        except MissingKey as exc:
            raise exc.offline_advice() from None
        renderer = Renderer(out, backend=chosen_backend, candidates=n_candidates, hints=hints, restyle=restyle)
    except SongsmithError as exc:
        click.echo(f"songsmith render: {exc.message}" if exc.path is None else str(exc), err=True)
        raise SystemExit(2) from None
    from songsmith.pipeline.pool import render_all

    failed = package_failed = 0
    report: list[dict[str, object]] = []
    # in input order, whether worker processes did the work or not (songsmith.pipeline.pool)
    outcomes = render_all(renderer, paths, jobs=jobs, after=packager.pack if packager is not None else None)
    seen = [0]
    beat = Heartbeat(lambda: f"render: working, {seen[0]} input(s) done so far")
    try:
        with beat:
            for name, result, packed in outcomes:
                seen[0] += 1
                if isinstance(result, SongsmithError):
                    failed += 1
                    report.append({"input": name, "error": str(result)})
                    if not as_json:
                        click.echo(str(result), err=True)
                    continue
                entry = result.to_json()
                report.append(entry)
                if not as_json:
                    _echo_result(result)
                for warning in result.warnings:  # e.g. an LLM step fell back to the offline backend; --json too
                    click.echo(f"{result.input}: warning: {warning}", err=True)
                if packager is not None:
                    package_failed += packager.package(result, entry, quiet=as_json, packed=packed)
    except BaseException:
        outcomes.close()  # stops the workers
        if packager is not None:
            packager.writer.discard()  # interrupted: no package half-updated
        raise
    if packager is not None:
        packager.finish()  # one durable commit of every package
    if as_json:
        echo_json(report)
    if failed:
        raise SystemExit(2)
    if package_failed:
        raise SystemExit(1)


def _echo_result(result: RenderResult) -> None:
    mood = result.mood.primary if result.mood else "?"
    how = result.arrangement or "lyrics kept"
    click.echo(f"{result.action} {result.output} ({result.form or '?'}, {how}, {mood}, "
               f"{len(result.song.candidates)} candidates)")
    for note in result.notes:
        if "not applied" in note:
            click.echo(f"  note: {note}", err=True)


class _Packager:
    """``render --target``: package each rendered song in its own folder (songsmith.targets)."""

    def __init__(self, out: str, choice: options.PackagingChoice) -> None:
        from songsmith.document.writer import StagedWriter

        self.out, self.choice = out, choice
        self.names = choice.targets
        self.writer = StagedWriter()  # files are staged, then committed together by finish()

    def finish(self) -> None:
        self.writer.commit()

    def package(self, result: RenderResult, entry: dict[str, object], *, quiet: bool,
                packed: PreparedPackage | SongsmithError | None = None) -> int:
        """Write the package (``packed``: what :meth:`pack` made of it in a worker); 1 if it failed
        (reported), else 0."""
        try:
            if packed is None:  # rendered in this process: prepare it now
                packed = self._prepare(result.song, result.output, result.text)
            manifest = self._write(packed)
        except SongsmithError as exc:
            entry["package_error"] = str(exc)
            if not quiet:
                click.echo(str(exc), err=True)
            return 1
        entry["package"] = {"directory": str(manifest.directory), "targets": self.names,
                             "files": len(manifest.files), "warnings": manifest.warnings,
                             "problems": [str(p) for p in manifest.problems]}
        if not quiet:
            click.echo(f"  packaged {len(manifest.files)} files for {', '.join(self.names)}"
                       + (f" ({len(manifest.warnings)} warnings)" if manifest.warnings else ""))
            for warning in manifest.warnings[:10]:
                click.echo(f"  warning: {warning}", err=True)
            for problem in manifest.problems:
                click.echo(f"  {problem}", err=True)
        return 0 if manifest.ok else 1

    # write_package in two halves: prepare_package in a worker (it writes nothing), stage_package here.

    def pack(self, song: Song, task: RenderTask) -> tuple[PreparedPackage | SongsmithError, str | None]:
        """The package of a song, prepared (in a worker), or the error write_package would raise;
        and the song file's text, made once, for the renderer to write."""
        from songsmith.document.songfile import dump_song

        text = dump_song(song)
        return self._prepare(song, task.path, text), text

    def _prepare(self, song: Song, song_path: Path, text: str) -> PreparedPackage | SongsmithError:
        """The package beside ``song_path``; song.yaml itself is the renderer's to write (once)."""
        from songsmith.package import prepare_package

        choice = self.choice
        try:
            return prepare_package(song, self.out, self.names, candidates=choice.candidates, strict=choice.strict,
                                   options=choice.options, slug=song_path.parent.name, song_text=text,
                                   song_file=False)
        except SongsmithError as exc:
            return exc

    def _write(self, packed: PreparedPackage | SongsmithError) -> Manifest:
        """Stage a prepared package's files in the writer (or raise what write_package would have)."""
        from songsmith.package import stage_package

        if isinstance(packed, SongsmithError):
            raise packed
        return stage_package(packed, self.writer)
