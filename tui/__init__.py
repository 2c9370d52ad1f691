"""songsmith_tui: the Textual editor for song and poem files (``songsmith edit`` / ``songsmith tui``).

Layout: ``app.py`` (the App and the ``make_app`` factory), ``actions.py`` (the action registry:
stable binding ids, keys, palette and help entries), ``screens/`` (editor, library, dialogs,
help), ``widgets/`` (lyrics editor, panes), ``services/`` (no Textual: settings, the open
document, limits, library scan, backends and exports). The headless core ``songsmith`` never
imports this package.
"""
