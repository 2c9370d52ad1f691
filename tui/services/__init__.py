"""Plain-Python services for the TUI: nothing here imports Textual."""
