"""``songsmith analyze`` for Esperanto: the text report (:func:`songsmith.cli.analyze.analyze`
decides which poems are Esperanto)."""

from __future__ import annotations

from songsmith.esperanto.analysis import EoAnalysis


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
