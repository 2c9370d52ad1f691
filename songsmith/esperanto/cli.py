"""``songsmith analyze`` for Esperanto: which files go here, and the text report.

:func:`songsmith.cli.analyze.analyze` calls :func:`analysis_for_path` first; ``None`` means
"not Esperanto" and the Chinese analysis runs as before.
"""

from __future__ import annotations

from pathlib import Path

from songsmith.esperanto.analysis import EoAnalysis, analyse_song, analyse_text, parse_eo_text


def analysis_for_path(path: str) -> EoAnalysis | None:
    """The Esperanto analysis of a song/poem file, or None when the file is not Esperanto.

    A YAML file is Esperanto when its ``language`` is ``eo`` (or ``eo-…``), or when it has no
    language and its lyrics look Esperanto. A text file is Esperanto when it has no Chinese and
    looks Esperanto (accented letters, x-system, or mostly known words); it may start with a
    ``# title | author: … | …`` header line, as in the shared corpus. Files that cannot be
    read return None: the Chinese path reports the error as before. An Esperanto song file
    with no lyrics raises :class:`songsmith.errors.FileFormatError` (exit status 2).
    """
    from songsmith.esperanto.orthography import looks_esperanto

    p = Path(path)
    if p.is_dir() or not p.is_file():
        return None
    suffix = p.suffix.lower()
    if suffix in (".yaml", ".yml"):
        from songsmith.errors import SongsmithError
        from songsmith.songfile import load_song

        try:
            song = load_song(path).song
        except SongsmithError:
            return None
        language = (song.language or "").lower()
        if language and not (language == "eo" or language.startswith("eo-")):
            return None
        if not language:
            sample = song.lyrics or (song.source.text if song.source and song.source.text else "")
            if not looks_esperanto(sample):
                return None
        analysis = analyse_song(song)
        if not analysis.lines:
            from songsmith.errors import FileFormatError

            raise FileFormatError("no Esperanto lyrics to analyse (lyrics: and source text are empty)", path=path)
        return analysis
    if suffix == ".json":
        return None
    try:
        raw = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    parsed = parse_eo_text(raw, p.stem)
    if not looks_esperanto(parsed.text):
        return None
    return analyse_text(parsed.text, title=parsed.title, author=parsed.author)


def format_analysis(analysis: EoAnalysis) -> str:
    """The text report: header, then each line with count, stress pattern, rhyme and metre."""
    out = [(analysis.title or "") + (f" — {analysis.author}" if analysis.author else "")]
    pattern = "/".join(str(n) for n in analysis.pattern)
    out.append(f"language: eo ({analysis.system} spelling)    metre: {analysis.metre or '?'} "
               f"({analysis.metre_lines}/{len(analysis.lines)} lines)    stanza: {pattern}")
    width = max((len(line.text) for line in analysis.lines), default=0)
    current = None
    for stanza in analysis.stanzas:
        label = stanza.section or f"stanza {stanza.number}"
        if label != current:
            out.append(f"[{label}]  rhyme {stanza.scheme}")
            current = label
        else:
            out.append(f"  rhyme {stanza.scheme}")
        for line in stanza.lines:
            p = line.prosody
            out.append(f"{line.number:>3}  {line.text:<{width}}  {p.syllables:>2}  {p.pattern}  "
                       f"-{p.rhyme or ''}  {p.metre or ''}")
    if analysis.warnings:
        out.append("warnings:")
        out.extend(f"  {w}" for w in analysis.warnings)
    return "\n".join(out)
