"""``songsmith audio``: post-process a take and deliver it (trim, loudness, fades, join, preview, tags).

Order of operations: join → trim silence → normalise → preview clip → fades → encode + tag.
The input audio is only ever read; the output is written atomically to exactly ``-o OUT``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from songsmith.cli import options
from songsmith.cli.output import echo_json
from songsmith.errors import UsageError

_SONG_SUFFIXES = (".yaml", ".yml")


@click.command("audio")
@click.argument("source", metavar="[SONG|AUDIO]", required=False, type=click.Path(dir_okay=False))
@options.out_file("File to write (required).")
@click.option("--take", "take_id", default=None, help="With a SONG: the take to use (default: the chosen one).")
@click.option("--join", nargs=2, default=None, metavar="A B",
              help="Join two takes (ids of SONG's takes) or audio files: A, then B.")
@click.option("--crossfade", type=int, default=0, show_default=True, metavar="MS",
              help="With --join: overlap A's end and B's start by MS milliseconds.")
@click.option("--trim-silence", is_flag=True, help="Cut leading and trailing silence.")
@click.option("--silence-threshold", type=float, default=-50.0, show_default=True, metavar="DBFS",
              help="What counts as silence for --trim-silence.")
@click.option("--normalize", "normalize_to", type=float, default=None, metavar="LUFS",
              help="Bring integrated loudness to LUFS (e.g. -14 for streaming), limiting peaks to --ceiling.")
@click.option("--ceiling", type=float, default=-1.0, show_default=True, metavar="DBFS",
              help="Highest sample level --normalize allows.")
@click.option("--fade-in", type=float, default=None, metavar="S", help="Fade in over S seconds.")
@click.option("--fade-out", type=float, default=None, metavar="S", help="Fade out over S seconds.")
@click.option("--preview", type=float, default=None, metavar="S",
              help="Keep only an S-second clip (default start: the loudest stretch; fades 0.5 s in, 2 s out).")
@click.option("--preview-start", type=float, default=None, metavar="S", help="Where the --preview clip starts.")
@click.option("--format", "fmt", type=click.Choice(["mp3", "ogg", "wav", "flac"]), default=None,
              help="Output format (default: from -o's extension).")
@click.option("--bitrate", default=None, help="mp3 bitrate (default 320k).")
@click.option("--lrc", "lrc_path", type=click.Path(dir_okay=False), default=None,
              help="LRC file with [mm:ss.xx] times: embedded as synced lyrics (SYLT).")
@click.option("--title", default=None, help="Title tag (default: the song's title).")
@click.option("--artist", default=None, help="Artist tag (default: the source poem's author).")
@click.option("--album", default=None, help="Album tag (default: the source's collection).")
@click.option("--year", default=None, help="Year tag.")
@click.option("--no-tags", is_flag=True, help="Write no tags.")
@click.option("--json", "as_json", is_flag=True, help="Print what was done as JSON.")
def audio(source: str | None, output: str | None, take_id: str | None, join: tuple[str, str] | None, crossfade: int,
          trim_silence: bool, silence_threshold: float, normalize_to: float | None, ceiling: float,
          fade_in: float | None, fade_out: float | None, preview: float | None, preview_start: float | None,
          fmt: str | None, bitrate: str | None, lrc_path: str | None, title: str | None, artist: str | None,
          album: str | None, year: str | None, no_tags: bool, as_json: bool) -> None:
    """Trim, normalise, fade, join or clip a take and write it as mp3/ogg/wav/flac with tags.

    SONG (a .yaml song file) uses its chosen take (or --take) and tags the output from the song;
    AUDIO is any file ffmpeg reads.
    """
    from songsmith.errors import SongsmithError

    try:
        _audio(source, output, take_id, join, crossfade, trim_silence, silence_threshold, normalize_to, ceiling,
               fade_in, fade_out, preview, preview_start, fmt, bitrate, lrc_path, title, artist, album, year,
               no_tags, as_json)
    except SongsmithError as exc:
        if exc.path is None:
            exc.path = "songsmith audio"
        raise


def _audio(source: str | None, output: str | None, take_id: str | None, join: tuple[str, str] | None, crossfade: int,
           trim_silence: bool, silence_threshold: float, normalize_to: float | None, ceiling: float,
           fade_in: float | None, fade_out: float | None, preview: float | None, preview_start: float | None,
           fmt: str | None, bitrate: str | None, lrc_path: str | None, title: str | None, artist: str | None,
           album: str | None, year: str | None, no_tags: bool, as_json: bool) -> None:
    from songsmith.audio import process
    from songsmith.audio.export import (
        check_output,
        export_audio,
        format_for,
        refuse_overwriting_inputs,
    )
    from songsmith.audio.probe import integrated_loudness, load_audio
    from songsmith.audio.tags import TagInfo, read_lrc, tag_info_from_song

    if output is None:
        raise UsageError("-o OUT is required: the file to write (mp3, ogg, wav or flac)")
    if source is None and join is None:
        raise UsageError("give a SONG or AUDIO file, or --join A B")
    if crossfade and join is None:
        raise UsageError("--crossfade goes with --join A B")
    if preview_start is not None and preview is None:
        raise UsageError("--preview-start goes with --preview S")
    song, song_path = None, None
    if source is not None and Path(source).suffix.lower() in _SONG_SUFFIXES:
        song_path = source
        song = _load_song(source)
    elif source is not None and (join is not None or take_id is not None):
        raise UsageError("--join and --take need a SONG; to join two audio files, leave out the AUDIO argument",
                         path=source)
    if join is not None and take_id is not None:
        raise UsageError("--take picks one take; --join names both parts")
    if no_tags and lrc_path:
        raise UsageError("--lrc embeds synced lyrics in the tags; it cannot go with --no-tags")

    fmt = format_for(output, fmt)
    if join is not None:
        inputs = [_resolve(song, song_path, part) for part in join]
    elif song is not None:
        inputs = [_resolve(song, song_path, take_id or _chosen(song, song_path))]
    else:
        inputs = [str(source)]
    refuse_overwriting_inputs(output, [*inputs, *([song_path] if song_path else [])])
    check_output(output)
    suffix = Path(output).suffix.lower().lstrip(".")
    early_warnings: list[str] = []
    if suffix and suffix != fmt and not (suffix == "oga" and fmt == "ogg"):
        early_warnings.append(f"writing {fmt} data to a file named .{suffix}")
    synced = read_lrc(lrc_path) if lrc_path else []

    warnings: list[str] = early_warnings
    parts = []
    for path in inputs:
        segment, decode_warnings = load_audio(path)
        parts.append(segment)
        warnings.extend(decode_warnings)
    steps: list[dict[str, Any]] = []
    segment = parts[0]
    if join is not None:
        segment = process.join(parts[0], parts[1], crossfade)
        steps.append({"step": "join", "a_ms": len(parts[0]), "b_ms": len(parts[1]), "crossfade_ms": crossfade,
                      "length_ms": len(segment)})
    if trim_silence:
        before = len(segment)
        segment = process.trim_silence(segment, silence_threshold)
        steps.append({"step": "trim", "removed_ms": before - len(segment), "length_ms": len(segment)})
    loudness_before = None
    if normalize_to is not None:
        result = process.normalize(segment, normalize_to, ceiling_dbfs=ceiling)
        segment = result.segment
        loudness_before = result.before_lufs
        steps.append({"step": "normalize", "target_lufs": normalize_to, "before_lufs": result.before_lufs,
                      "after_lufs": result.after_lufs, "gain_db": result.gain_db, "limited": result.limited,
                      "peak_dbfs": result.peak_dbfs})
        if result.limited and abs(result.after_lufs - normalize_to) > 0.5:
            warnings.append(f"reached {result.after_lufs:g} LUFS, not {normalize_to:g}: the peak limiter "
                            f"held the peaks at {ceiling:g} dBFS")
    if preview is not None:
        start = preview_start if preview_start is not None else process.loudest_start(segment, preview)
        segment = process.preview(segment, preview, start)
        steps.append({"step": "preview", "start_s": start, "length_ms": len(segment)})
        quarter = len(segment) / 4000  # default fades take at most a quarter of the clip each
        fade_in = min(0.5, quarter) if fade_in is None else fade_in
        fade_out = min(2.0, quarter) if fade_out is None else fade_out
    if fade_in or fade_out:
        segment = process.fade(segment, fade_in or 0.0, fade_out or 0.0)
        steps.append({"step": "fade", "in_s": fade_in or 0.0, "out_s": fade_out or 0.0})

    tags = None
    if not no_tags:
        overrides = {"title": title, "artist": artist, "album": album, "year": year}
        tags = tag_info_from_song(song, **overrides) if song is not None else TagInfo(**overrides)
        if artist is not None and song is None:
            tags.lyricist = None
        tags.synced = synced
        if not tags.fields():
            tags = None

    export_audio(segment, output, fmt, tags=tags, bitrate=bitrate)
    report = {
        "inputs": inputs,
        "output": output,
        "format": fmt,
        "duration_s": round(len(segment) / 1000, 3),
        "sample_rate": segment.frame_rate,
        "channels": segment.channels,
        "loudness_lufs": _loudness(segment, steps, integrated_loudness),
        "loudness_before_lufs": loudness_before,
        "steps": steps,
        "tags": tags.fields() if tags else [],
        "warnings": warnings,
    }
    if as_json:
        echo_json(report)
        return
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    loudness = report["loudness_lufs"]
    shown = f", {loudness:g} LUFS" if loudness is not None else ""
    tag_list = f"; tags: {', '.join(report['tags'])}" if report["tags"] else ""
    click.echo(f"wrote {output} ({fmt}, {_clock(len(segment) / 1000)}{shown}{tag_list})")


def _loudness(segment: Any, steps: list[dict[str, Any]], measure: Any) -> float | None:
    """The output's loudness: from normalisation when nothing changed it since, else measured."""
    if steps and steps[-1]["step"] == "normalize":
        return steps[-1]["after_lufs"]
    value = measure(segment)
    return None if value is None else round(value, 2)


def _clock(seconds: float) -> str:
    minutes, rest = divmod(seconds, 60)
    return f"{int(minutes)}:{rest:04.1f}"


def _load_song(path: str) -> Any:
    from songsmith.document.songfile import load_song

    return load_song(path).song


def _chosen(song: Any, song_path: str) -> str:
    chosen = [t for t in song.takes if t.chosen]
    if len(chosen) == 1:
        return str(chosen[0].id)
    if len(chosen) > 1:
        raise UsageError(f"{len(chosen)} takes are chosen ({', '.join(t.id for t in chosen)}); pass --take ID",
                         path=song_path)
    if len(song.takes) == 1:
        return str(song.takes[0].id)
    if not song.takes:
        raise UsageError("the song has no takes; add one with songsmith take add", path=song_path)
    raise UsageError("no take is chosen; run songsmith take choose SONG ID, or pass --take ID", path=song_path)


def _resolve(song: Any, song_path: str | None, name: str) -> str:
    """A take id of the song → its audio file; anything else is a path to an audio file."""
    if song is not None:
        from songsmith.cli.takes import take_audio_path

        for item in song.takes:
            if item.id == name:
                if not item.audio:
                    raise UsageError(f"take {name} has no audio file (only a URL); download it and run "
                                     "songsmith take add", path=song_path)
                return str(take_audio_path(str(song_path), item.audio))
        if not Path(name).exists():
            known = ", ".join(t.id for t in song.takes) or "none yet"
            raise UsageError(f"no take {name!r} (takes: {known})", path=song_path)
    return name
