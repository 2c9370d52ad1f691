"""Style and arrangement: the backends (offline rules, LLMs), moods, style spells, arrangements."""
