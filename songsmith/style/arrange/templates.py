"""Arrangement templates, kept as data in ``prompts/arrangements/*.yaml``.

A template is a list of steps, each a one-key mapping ``{kind: spec}``:

* an instrumental kind (intro, interlude, break, instrumental, solo, outro) with a descriptor
  template or null: ``intro: "{lead}"`` → ``[Intro: guzheng]``;
* a sung kind (verse, chorus, pre-chorus, hook, bridge) with a line spec: ``all``, ``3-4``,
  ``5``, ``first 2``, ``last 2``, ``but last 2`` or ``refrain``;
* ``stanzas: {split, max_lines, of, refrain_every, refrain_last}``: every stanza of the poem as
  a verse, with the refrain as a chorus after every ``refrain_every`` verses;
* ``song: {split, verse_lines, max_lines, refrain_every, pre_chorus, bridge, interlude}``: the
  poem read as a song (:mod:`songsmith.style.arrange.plan`): verses in its order, its core as
  the chorus where the poem has it, never a cut sentence, a length that fits the target.

``children:`` holds the steps used with ``--audience children``; ``refrain:`` is the line spec of
the refrain (``strongest`` = the couplet with the strongest imagery, the default).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from songsmith.document.lyrics.tags import CANONICAL_KINDS, INSTRUMENTAL_KINDS
from songsmith.errors import UsageError

SUNG_KINDS = frozenset({"verse", "chorus", "pre-chorus", "post-chorus", "hook", "bridge"})
SPLITS = ("auto", "que", "even")
SONG_OPTIONS = frozenset({"split", "verse_lines", "max_lines", "refrain_every", "pre_chorus", "bridge", "interlude"})
#: Data files of prompts/arrangements/ that are not templates.
DATA_FILES = frozenset({"core.yaml", "famous.yaml", "lengths.yaml"})
_SPEC = re.compile(r"^(all|refrain|strongest|(\d+)(?:-(\d+))?|(first|last|but last) (\d+))$")


@dataclass(frozen=True)
class Step:
    kind: str  # a canonical kind, or "stanzas"
    spec: str | None = None  # line spec (sung kinds) or descriptor template (instrumental kinds)
    options: tuple[tuple[str, Any], ...] = ()

    def option(self, name: str, default: Any = None) -> Any:
        return dict(self.options).get(name, default)


@dataclass(frozen=True)
class Rule:
    forms: tuple[str, ...]
    min_lines: int
    max_lines: int

    def fits(self, form: str | None, n_lines: int) -> bool:
        if not self.min_lines <= n_lines <= self.max_lines:
            return False
        return not self.forms or any(f in (form or "") for f in self.forms)


@dataclass(frozen=True)
class Template:
    name: str
    description: str
    order: int
    rules: tuple[Rule, ...]
    steps: tuple[Step, ...]
    children: tuple[Step, ...]
    refrain: str = "strongest"
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def steps_for(self, audience: str | None) -> tuple[Step, ...]:
        return self.children if audience == "children" and self.children else self.steps


def check_spec(spec: str, where: str) -> str:
    if not _SPEC.match(spec):
        raise ValueError(f"{where}: bad line spec {spec!r} (all, N, N-M, first N, last N, but last N, refrain)")
    return spec


def _steps(raw: Any, where: str) -> tuple[Step, ...]:
    if not isinstance(raw, list) or not raw:
        raise ValueError(f"{where}: expected a non-empty list of steps")
    steps = []
    for index, item in enumerate(raw):
        here = f"{where}[{index}]"
        if not isinstance(item, dict) or len(item) != 1:
            raise ValueError(f"{here}: a step is a one-key mapping such as 'verse: all'")
        ((kind, spec),) = item.items()
        if kind == "stanzas":
            options = dict(spec or {})
            unknown = set(options) - {"split", "max_lines", "of", "refrain_every", "refrain_last"}
            if unknown:
                raise ValueError(f"{here}: unknown stanza option(s) {', '.join(sorted(unknown))}")
            if options.get("split", "auto") not in SPLITS:
                raise ValueError(f"{here}: split must be one of {', '.join(SPLITS)}")
            if "of" in options:
                check_spec(str(options["of"]), here)
            steps.append(Step("stanzas", None, tuple(sorted(options.items()))))
        elif kind == "song":
            options = dict(spec or {})
            unknown = set(options) - SONG_OPTIONS
            if unknown:
                raise ValueError(f"{here}: unknown song option(s) {', '.join(sorted(unknown))}")
            if options.get("split", "auto") not in SPLITS:
                raise ValueError(f"{here}: split must be one of {', '.join(SPLITS)}")
            if not 2 <= int(options.get("verse_lines", 4)) <= int(options.get("max_lines", 8)) <= 10:
                raise ValueError(f"{here}: need 2 ≤ verse_lines ≤ max_lines ≤ 10")
            steps.append(Step("song", None, tuple(sorted(options.items()))))
        elif kind in INSTRUMENTAL_KINDS:
            steps.append(Step(kind, None if spec is None else str(spec)))
        elif kind in SUNG_KINDS:
            steps.append(Step(kind, check_spec(str(spec), here)))
        else:
            known = ", ".join(k for k in CANONICAL_KINDS)
            raise ValueError(f"{here}: unknown section kind {kind!r} (known: {known}, stanzas, song)")
    return tuple(steps)


def _template(data: dict[str, Any], where: str) -> Template:
    rules = []
    for rule in data.get("match") or []:
        low, high = rule.get("lines", [1, 10000])
        rules.append(Rule(tuple(rule.get("forms") or ()), int(low), int(high)))
    refrain = str(data.get("refrain", "strongest"))
    check_spec(refrain, f"{where}: refrain")
    return Template(
        name=str(data["name"]),
        description=str(data.get("description", "")),
        order=int(data.get("order", 100)),
        rules=tuple(rules),
        steps=_steps(data.get("sections"), f"{where}: sections"),
        children=_steps(data["children"], f"{where}: children") if data.get("children") else (),
        refrain=refrain,
    )


@lru_cache(maxsize=1)
def templates() -> tuple[Template, ...]:
    """All shipped templates, in ``order``."""
    from songsmith.resources import load_prompt_yaml, prompts_dir

    found = []
    for entry in sorted((prompts_dir() / "arrangements").iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".yaml") or entry.name in DATA_FILES:
            continue
        where = f"prompts/arrangements/{entry.name}"
        found.append(_template(load_prompt_yaml(f"arrangements/{entry.name}"), where))
    return tuple(sorted(found, key=lambda t: (t.order, t.name)))


def template_names() -> list[str]:
    return [t.name for t in templates()]


def get_template(name: str) -> Template:
    for template in templates():
        if template.name == name:
            return template
    raise UsageError(f"unknown arrangement {name!r}; known: {', '.join(template_names())}")


def choose_template(form: str | None, n_lines: int) -> Template:
    """The first template whose form rule fits, else the first whose line-count rule fits."""
    for with_forms in (True, False):
        for template in templates():
            if any(bool(rule.forms) == with_forms and rule.fits(form, n_lines) for rule in template.rules):
                return template
    return get_template("guti")
