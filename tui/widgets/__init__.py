"""Widgets of the editor screen: lyrics editor and outline, source, style and candidates panes."""
