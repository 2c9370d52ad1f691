"""YuE's genre-tag vocabulary and the mapping of songsmith's style words onto it.

YuE's README recommends the tags of its ``top_200_tags.json`` as "more stable"; songsmith ships
them as ``prompts/targets/yue-tags.yaml`` (source and commit in that file) and maps its own
style words with ``prompts/targets/yue-tag-map.yaml``. ``Mandarin`` and ``Cantonese`` are the
README's language tags and always allowed.
"""

from __future__ import annotations

from functools import lru_cache

LANGUAGE_TAGS = ("Mandarin", "Cantonese")


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, str]:
    """Lower-cased, stripped tag -> its spelling in genre.txt (the first spelling upstream lists)."""
    from songsmith.resources import load_prompt_yaml

    out: dict[str, str] = {}
    for tags in load_prompt_yaml("targets/yue-tags.yaml").values():
        for tag in tags:
            clean = " ".join(str(tag).split())
            out.setdefault(clean.lower(), clean)
    for tag in LANGUAGE_TAGS:
        out.setdefault(tag.lower(), tag)
    return out


@lru_cache(maxsize=1)
def word_map() -> dict[str, str]:
    from songsmith.resources import load_prompt_yaml

    return {str(k).lower(): str(v) for k, v in load_prompt_yaml("targets/yue-tag-map.yaml").items()}


def _lookup(phrase: str) -> str | None:
    key = phrase.lower()
    if key in word_map():
        return vocabulary().get(word_map()[key].lower(), word_map()[key])
    return vocabulary().get(key)


def map_tag(tag: str) -> tuple[list[str], list[str]]:
    """A style tag as YuE tags, and the words of it that have none.

    The whole tag is looked up first (``chinese traditional`` -> ``中国传统音乐``), then runs of
    its words, longest first (``clear female vocal`` -> ``female``, ``vocal``; ``clear`` has none)."""
    whole = _lookup(" ".join(tag.split()))
    if whole:
        return [whole], []
    words = tag.replace(",", " ").split()
    found: list[str] = []
    missing: list[str] = []
    start = 0
    while start < len(words):
        for end in range(len(words), start, -1):
            hit = _lookup(" ".join(words[start:end]))
            if hit:
                found.append(hit)
                start = end
                break
        else:
            missing.append(words[start])
            start += 1
    return found, missing


def covered(words: list[str]) -> list[str]:
    """The words of a genre line that no vocabulary tag covers (longest match first)."""
    vocab = vocabulary()
    missing: list[str] = []
    start = 0
    while start < len(words):
        for end in range(len(words), start, -1):
            if " ".join(words[start:end]).lower() in vocab:
                start = end
                break
        else:
            missing.append(words[start])
            start += 1
    return missing
