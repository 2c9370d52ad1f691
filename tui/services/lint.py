"""The editor's lint: ``songsmith check``'s findings on the song being edited, located in the editor.

The core's :func:`songsmith.document.lint.lint` runs on the song as it is now, its lyrics parsed
from the editor's text, so a line number is the editor's line (not a line of the YAML file, whose
lyrics block starts further down). Findings that are about no line of the lyrics (the style
prompt, a candidate) carry no number. On top of the core's findings, the configured targets'
limits (the counters of the style pane) are reported when the text goes over them.
"""

from __future__ import annotations

from songsmith.document.model import Song

#: (severity, text) as the style pane shows them.
Finding = tuple[str, str]


def lint_song(song: Song, lyrics_text: str, name: str, *, poem: bool = False,
              targets: list[str] | tuple[str, ...] = ()) -> list[Finding]:
    """Findings for ``song`` (its sections ignored) with ``lyrics_text`` as its lyrics."""
    from songsmith.document.lint import lint
    from songsmith.document.lyrics.text import parse_lyrics
    from songsmith.document.songfile import FileIssue, LoadedSong
    from songsmith.document.yamlio import Positions

    try:
        sections, lyric_issues = parse_lyrics(lyrics_text)
        current = song.model_copy(update={"sections": sections})
        # the lyrics block "starts" at line 1: the core's lyrics lines are then the editor's lines
        positions = Positions(block_start={("lyrics",): 1})
        shape = "poem" if poem and not sections else "song"
        loaded = LoadedSong(current, name, shape, positions)
        loaded.issues.extend(FileIssue(name, i.line, i.severity, i.code, i.message) for i in lyric_issues)
        issues = lint(loaded)
    except Exception as exc:  # noqa: BLE001 - shown inline, never fatal
        return [("error", str(exc))]
    found: list[Finding] = [(issue.severity, (f"line {issue.line}: " if issue.line else "") + issue.message)
                            for issue in issues if issue.code != "comment"]
    style_reported = any(issue.code == "style-length" and issue.message.startswith("style prompt")
                         for issue in issues)
    found.extend(limit_findings(song, lyrics_text, targets, style=not style_reported))
    return found


def limit_findings(song: Song, lyrics_text: str, targets: list[str] | tuple[str, ...], *,
                   style: bool = True) -> list[Finding]:
    """A warning for each configured target whose lyrics (or style, with ``style``) limit is exceeded."""
    from songsmith_tui.services.limits import counter, limits_for

    found: list[Finding] = []
    lyrics_chars = len(lyrics_text.strip())
    style_chars = len(song.style.prompt or "")
    for target in targets:
        limits = limits_for(target)
        if limits is None:
            continue
        if style and counter(style_chars, limits.style)[1] == "over":
            found.append(("warning", f"{target}: the style prompt is {style_chars} characters; "
                                     f"{target} takes {limits.style}"))
        if counter(lyrics_chars, limits.lyrics)[1] == "over":
            found.append(("warning", f"{target}: the lyrics are {lyrics_chars} characters; "
                                     f"{target} takes {limits.lyrics}"))
    return found
