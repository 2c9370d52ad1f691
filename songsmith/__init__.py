"""songsmith: shape lyrics and classical Chinese poems into songs for AI music models.

The package is the headless core (song model, parsers, exporters, analysis) plus the CLI.
It never imports Textual; the editor lives in ``songsmith_tui`` (the ``tui/`` directory).
Keep this module free of imports: ``songsmith --help`` must start fast.
"""

__version__ = "0.1.0"
SCHEMA_VERSION = 1
