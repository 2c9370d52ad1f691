"""``songsmith choose SONG ID``: make one style candidate the song's style."""

from __future__ import annotations

import click

from songsmith.cli.output import echo_json
from songsmith.errors import UsageError


@click.command()
@click.argument("song_path", metavar="SONG", type=click.Path(dir_okay=False))
@click.argument("ref", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help="Print the chosen candidate and the new style as JSON.")
def choose(song_path: str, ref: str, as_json: bool) -> None:
    """Choose candidate ID (an id such as offline-3, or its number in `songsmith show`): it becomes
    the only chosen candidate and its whole style (prompt, genre, instruments, vocal, tempo, key,
    exclude) replaces the song's style: block. `package` and `render --target` then use it.

    SONG is saved atomically; a file with YAML comments is refused (saving would drop them).
    """
    from songsmith.document.songfile import load_song, save_over
    from songsmith.pipeline.sources import refuse_rewrite

    refuse_rewrite(song_path)
    loaded = load_song(song_path)
    song = loaded.song
    if not song.candidates:
        raise UsageError("the song has no style candidates yet: `songsmith render` proposes them", path=song_path)
    try:
        chosen = song.choose(ref)
    except KeyError as exc:
        raise UsageError(str(exc.args[0]), path=song_path) from None
    candidate = chosen.chosen_candidate()
    assert candidate is not None
    save_over(loaded, chosen)
    if as_json:
        echo_json({"path": song_path, "chosen": candidate.id,
                   "style": chosen.style.model_dump(mode="json", exclude_defaults=True)})
        return
    click.echo(f"{song_path}: chose {candidate.id}: {candidate.style or '(no prompt)'}")
    if not candidate.has_parts():
        click.echo(f"{song_path}: note: {candidate.id} holds only a prompt, so the style's genre, "
                   "instruments, vocal and tempo were cleared", err=True)
