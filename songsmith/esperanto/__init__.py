"""Esperanto lyrics: spelling systems, syllables and stress, metre and rhyme, moods and style
hints, and singable text per target. See docs/esperanto.md.

Never name a top-level module ``esperanto``: that PyPI name belongs to an unrelated library.
"""
