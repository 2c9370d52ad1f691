"""Options shared by the commands: one name, one meaning and one default for one idea.

* ``-o/--out DIR`` is where a command writes folders (render, package, batch); ``-o/--output
  FILE`` the file a command writes (import, export, translate, audio). Each accepts the other
  spelling too.
* ``--candidates N`` is how many style candidates to propose (5 unless given);
  ``--package-candidates [all|N|IDS]`` which candidates also get numbered package files.
* ``--target``, ``--suno-model``, ``--minimax-model``, ``--homophones``, ``--pinyin-hints`` and
  ``--strict`` decide packages wherever packages are written.
* ``--backend``, ``--model``, ``--base-url`` choose the style backend over the config file.

This module imports only click: ``songsmith --help`` stays fast.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import click

from songsmith.errors import UsageError
from songsmith.pipeline import DEFAULT_CANDIDATES

F = TypeVar("F", bound=Callable[..., Any])

TARGET_NAMES = ("suno, udio, ace-step, ace-step-1.5, yue, diffrhythm, diffrhythm2, songgeneration, minimax, "
                "mureka, elevenlabs")


def _stack(*decorators: Callable[[F], F]) -> Callable[[F], F]:
    def apply(function: F) -> F:
        for decorator in reversed(decorators):
            function = decorator(function)
        return function
    return apply


def out_dir(help_text: str, *, required: bool = True) -> Callable[[F], F]:
    return click.option("-o", "--out", "--output", "out", required=required, type=click.Path(file_okay=False),
                        metavar="DIR", help=help_text)


def out_file(help_text: str, *, required: bool = False) -> Callable[[F], F]:
    return click.option("-o", "--output", "--out", "output", required=required, type=click.Path(dir_okay=False),
                        metavar="FILE", help=help_text)


def candidates(help_text: str = "How many style candidates to propose (pairwise different in genre or lead "
                                "instrument).") -> Callable[[F], F]:
    return click.option("--candidates", "n_candidates", default=DEFAULT_CANDIDATES, show_default=True,
                        type=click.IntRange(1, 12), help=help_text)


def backend(*, llm_only: bool = False) -> Callable[[F], F]:
    choices = "anthropic or openai" if llm_only else "offline (no key), anthropic or openai"
    return _stack(
        click.option("--backend", default=None,
                     help=f"Style backend: {choices} [default: the config file's (SONGSMITH_BACKEND), "
                          f"else {'none' if llm_only else 'offline'}]."),
        click.option("--model", default=None, help="Model name for an LLM backend [default: from the config]."),
        click.option("--base-url", default=None, metavar="URL",
                     help="The server of the --backend: an OpenAI-compatible one (Ollama, vLLM, llama.cpp), e.g. "
                          "http://127.0.0.1:11434/v1, or an Anthropic proxy; without --backend it means openai."),
    )


def json_output(help_text: str) -> Callable[[F], F]:
    return click.option("--json", "as_json", is_flag=True, help=help_text)


def audience() -> Callable[[F], F]:
    return click.option("--audience", type=click.Choice(["general", "children"]), default="general",
                        show_default=True,
                        help="children: shorter arrangement, repeated refrain, moderate tempo, clear diction, "
                             "nothing aggressive or dark.")


def packaging(*, target_default: str | None = "all", target_help: str = "") -> Callable[[F], F]:
    """The options that decide packages: ``--target``, the models' limits, singing aids, the
    numbered candidate files and ``--strict``. Read them with :func:`packaging_choice`."""
    where = target_help or "Targets to package for"
    return _stack(
        click.option("-t", "--target", "targets", default=target_default, show_default=target_default is not None,
                     help=f"{where}: a comma list ({TARGET_NAMES}) or all."),
        click.option("--suno-model", default="v4.5", show_default=True,
                     help="v3, v3.5, v4, v4.5, v4.5+, v5, v5.5: decides Suno's length limits."),
        click.option("--minimax-model", default="music-2.6", show_default=True,
                     help="music-1.5, music-2.0, music-2.5, music-2.6, music-3.0: decides MiniMax's limits."),
        click.option("--package-candidates", "package_candidates", default=None, is_flag=False, flag_value="all",
                     metavar="[all|N|IDS]",
                     help="Also write numbered target files (suno.1.txt, yue/genre.1.txt …) for these style "
                          "candidates: all (the default when given alone), the first N, or comma-separated ids. "
                          "Without it the package holds the song's style (or its chosen candidate's) only."),
        click.option("--homophones", is_flag=True,
                     help="Replace polyphonic characters read classically by unambiguous homophones in targets "
                          "that read characters the modern way (the lyric sheet keeps the original)."),
        click.option("--pinyin-hints", is_flag=True, help="Suno: write such characters as tone-marked pinyin."),
        click.option("--strict", is_flag=True,
                     help="Fail (exit 1, that song's package not written) on any packaging warning or problem."),
    )


@dataclass(frozen=True)
class PackagingChoice:
    """What :func:`packaging` options asked for, checked."""

    targets: list[str]
    options: Any  # songsmith.targets.Options
    candidates: bool | int | list[str] | None
    strict: bool


def packaging_choice(targets: str, suno_model: str, minimax_model: str, package_candidates: str | None,
                     homophones: bool, pinyin_hints: bool, strict: bool) -> PackagingChoice:
    """The packaging options, read and checked (an unknown target or model is one line, exit 2)."""
    from songsmith.package import candidate_choice
    from songsmith.targets import Options, parse_targets
    from songsmith.targets.minimax import model_limits
    from songsmith.targets.suno import model_info

    try:
        names = parse_targets(targets)
        model_info(suno_model)
        model_limits(minimax_model)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    options = Options(suno_model=suno_model, minimax_model=minimax_model, homophones=homophones,
                      pinyin_hints=pinyin_hints)
    return PackagingChoice(names, options, candidate_choice(package_candidates), strict)
