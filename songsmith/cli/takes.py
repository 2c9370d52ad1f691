"""``songsmith take``: attach audio takes to a song and keep track of which is which.

Takes are recorded in the song file (``takes:``) with their duration, sample rate, loudness and
sha256. ``add`` copies the audio into ``takes/`` beside the song by default (``--link`` records
the file where it is). pydub, numpy and mutagen are imported only when a command runs.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import click

from songsmith.cli.output import echo_json
from songsmith.errors import UsageError

@click.group("take")
def take() -> None:
    """Attach audio takes to a song; list, rate and choose them."""


def _load(song_path: str) -> Any:
    from songsmith.document.songfile import load_song

    loaded = load_song(song_path)
    if loaded.shape != "song":
        raise UsageError("is a poem file; takes belong to a song file (make one with songsmith import or new)",
                         path=song_path)
    return loaded


def _find(song: Any, take_id: str, song_path: str) -> Any:
    for item in song.takes:
        if item.id == take_id:
            return item
    known = ", ".join(t.id for t in song.takes) or "none yet"
    raise UsageError(f"no take {take_id!r} (takes: {known})", path=song_path)


def take_audio_path(song_path: str, audio: str) -> Path:
    """Where a take's ``audio:`` points (see :func:`songsmith.audio.takes.take_audio_path`)."""
    from songsmith.audio.takes import take_audio_path as resolve

    return resolve(song_path, audio)


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "?"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes}:{rest:02d}"


@take.command("add")
@click.argument("song_path", metavar="SONG", type=click.Path(dir_okay=False))
@click.argument("audio", nargs=-1, type=click.Path())
@click.option("--candidate", default=None, help="Id of the candidate (style) the take came from (2 = c2).")
@click.option("--url", default=None, help="Where the take lives online (one take; may be given without AUDIO).")
@click.option("--copy", "mode", flag_value="copy", default=True,
              help="Copy the audio into takes/ beside the song (default).")
@click.option("--link", "mode", flag_value="link", help="Record the audio where it is, without copying.")
@click.option("--notes", default=None, help="A note to keep with the take.")
@click.option("--json", "as_json", is_flag=True, help="Print the new takes as JSON.")
def add(song_path: str, audio: tuple[str, ...], candidate: str | None, url: str | None, mode: str,
        notes: str | None, as_json: bool) -> None:
    """Attach AUDIO files (or a --url) as takes t1, t2, … of SONG."""
    from songsmith.audio.takes import make_takes
    from songsmith.document.songfile import save_song

    if not audio and not url:
        raise UsageError("give AUDIO files to add, or --url for a take that is only online", path=song_path)
    song = _load(song_path).song
    made = make_takes(song, song_path, audio, candidate=candidate, url=url, copy=mode == "copy", notes=notes)
    for warning in made.warnings:
        click.echo(f"warning: {warning}", err=True)
    try:
        if not made.takes:
            raise UsageError("nothing added: every file is already a take", path=song_path)
        song.takes = [*song.takes, *made.takes]
        save_song(song, song_path)
    except BaseException:
        made.discard()
        raise
    if as_json:
        echo_json([item.model_dump(exclude_defaults=True) for item in made.takes])
        return
    for item, info in zip(made.takes, made.infos):
        for warning in info.warnings if info else []:
            click.echo(f"warning: {warning}", err=True)
        where = item.audio or item.url
        loudness = f", {item.loudness_lufs:g} LUFS" if item.loudness_lufs is not None else ""
        rate = f", {item.sample_rate / 1000:g} kHz" if item.sample_rate else ""
        click.echo(f"added {item.id}: {where} ({_duration(item.duration_s)}{rate}{loudness})")


@take.command("list")
@click.argument("song_path", metavar="SONG", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the takes as JSON.")
def list_(song_path: str, as_json: bool) -> None:
    """List the takes of SONG: id, chosen, rating, length, loudness, file."""
    loaded = _load(song_path)
    takes = loaded.song.takes
    if as_json:
        rows = []
        for item in takes:
            row = item.model_dump()
            if item.audio:
                row["exists"] = take_audio_path(song_path, item.audio).is_file()
            rows.append(row)
        echo_json(rows)
        return
    if not takes:
        click.echo(f"{song_path}: no takes yet (add some with: songsmith take add {song_path} AUDIO...)")
        return
    for item in takes:
        chosen = "*" if item.chosen else " "
        stars = ("★" * item.rating + "☆" * (5 - item.rating)) if item.rating is not None else "-----"
        loudness = f"{item.loudness_lufs:6.1f} LUFS" if item.loudness_lufs is not None else "    ? LUFS"
        where = item.audio or item.url or "-"
        missing = ""
        if item.audio and not take_audio_path(song_path, item.audio).is_file():
            missing = "  (file missing)"
        candidate = f"  [{item.candidate}]" if item.candidate else ""
        click.echo(f"{chosen} {item.id:<4} {stars}  {_duration(item.duration_s):>6}  {loudness}  {where}"
                   f"{candidate}{missing}")


@take.command("rate", context_settings={"ignore_unknown_options": True})  # "-1" is a (bad) rating
@click.argument("song_path", metavar="SONG", type=click.Path(dir_okay=False))
@click.argument("take_id", metavar="ID")
@click.argument("rating", metavar="N")
def rate(song_path: str, take_id: str, rating: str) -> None:
    """Rate take ID of SONG from 0 to 5."""
    from songsmith.document.songfile import save_song

    if not re.fullmatch(r"\s*[0-5]\s*", rating):
        raise UsageError(f"rating must be a whole number from 0 to 5, got {rating!r}", path=song_path)
    value = int(rating)
    loaded = _load(song_path)
    item = _find(loaded.song, take_id, song_path)
    item.rating = value
    save_song(loaded.song, song_path)
    click.echo(f"{take_id}: rated {value}")


@take.command("choose")
@click.argument("song_path", metavar="SONG", type=click.Path(dir_okay=False))
@click.argument("take_id", metavar="ID")
@click.option("--unchoose", is_flag=True, help="Take the mark off instead.")
def choose(song_path: str, take_id: str, unchoose: bool) -> None:
    """Mark take ID of SONG as chosen (several may be); `songsmith audio SONG` uses the chosen one."""
    from songsmith.document.songfile import save_song

    loaded = _load(song_path)
    item = _find(loaded.song, take_id, song_path)
    item.chosen = not unchoose
    save_song(loaded.song, song_path)
    chosen = [t.id for t in loaded.song.takes if t.chosen]
    click.echo(f"{take_id}: {'not ' if unchoose else ''}chosen (chosen now: {', '.join(chosen) or 'none'})")
