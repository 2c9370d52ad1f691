"""Screens: the editor, the library, the help screen and small dialogs."""
