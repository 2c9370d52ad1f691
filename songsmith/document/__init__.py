"""Song files: the song model, YAML reading and writing, lint, lyrics and tags, other lyric
formats, and the one writer of files."""
