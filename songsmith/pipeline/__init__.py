"""The pipeline: inputs read, songs composed, rendered (in worker processes), named and imported."""

#: How many style candidates a song gets by default, whichever command or the editor makes it.
DEFAULT_CANDIDATES = 5
