"""songsmith_tui: the Textual editor (songsmith edit / songsmith tui). Not yet built."""
