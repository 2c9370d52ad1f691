"""The toolkit every target module uses, gathered in one namespace (``from songsmith.targets import base``).

A target is a pure function ``Song (+ Options) -> TargetOutput`` (files as text, keyed by a
relative path, plus warnings) and a validator ``files -> [Problem]`` that re-checks the files
against that target's rules (docs/targets.md). Renderers never truncate silently: whatever they
cut to fit a limit is named in a warning with the numbers. The rules all targets share:

* G1: render from the canonical section model (kind, number, descriptor), never the user's tag
  text (:mod:`.blocks`);
* G2: artist names are scrubbed for Suno, Udio and ElevenLabs (:mod:`.artists`);
* G3: lengths are ``len()`` code points of the serialised field, tags and newlines included
  (:mod:`.limits`);
* G4: newlines are ``\n``, lines are stripped, interior runs of spaces collapse, spaces between
  Chinese characters go (:mod:`.text`);
* G5: ``[`` and ``]`` never appear inside a lyric line (removed, with a warning; checked by
  :func:`check_tag_lines`).

Outputs and options live in :mod:`.outputs`, the style text in :mod:`.spell`.
"""

from __future__ import annotations

from songsmith.targets.artists import find_artists, scrub_artists, scrub_block_lines
from songsmith.targets.blocks import (
    TAG_LINE,
    Block,
    bracket_lyrics,
    check_tag_lines,
    is_instrumental,
    map_blocks,
    merge_trailing_instrumentals,
    song_blocks,
    tag_table,
)
from songsmith.targets.data import target_data
from songsmith.targets.limits import cut_text, fit, longest_fitting
from songsmith.targets.outputs import (
    Options,
    Problem,
    TargetOutput,
    dump_json,
    json_documents,
    load_json,
    split_variants,
    variant_name,
)
from songsmith.targets.spell import (
    language_tag,
    style_prompt,
    style_tags,
    tempo,
    with_language_tag,
)
from songsmith.targets.text import (
    clean_line,
    is_performance_note,
    is_title_case,
    performance_notes,
    song_language,
    title_case,
)

__all__ = [
    "Block",
    "Options",
    "Problem",
    "TAG_LINE",
    "TargetOutput",
    "bracket_lyrics",
    "check_tag_lines",
    "clean_line",
    "cut_text",
    "dump_json",
    "find_artists",
    "fit",
    "longest_fitting",
    "is_instrumental",
    "is_performance_note",
    "is_title_case",
    "json_documents",
    "language_tag",
    "load_json",
    "map_blocks",
    "merge_trailing_instrumentals",
    "performance_notes",
    "scrub_artists",
    "scrub_block_lines",
    "song_blocks",
    "song_language",
    "split_variants",
    "style_prompt",
    "style_tags",
    "tag_table",
    "target_data",
    "tempo",
    "title_case",
    "variant_name",
    "with_language_tag",
]
