"""Architecture rules: a headless core, a light start-up, a complete wheel."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEAVY = {"textual", "anthropic", "openai", "pydub", "opencc", "pypinyin", "pydantic", "yaml", "httpx"}


def test_import_linter_contract_holds() -> None:
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(lint_imports), "--config", str(ROOT / "pyproject.toml")],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "The headless core never imports Textual KEPT" in result.stdout


def test_contract_forbids_textual_in_the_core() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    contract = config["contracts"][0]
    assert contract["type"] == "forbidden"
    assert contract["source_modules"] == ["songsmith"]
    assert "textual" in contract["forbidden_modules"]
    assert config["include_external_packages"] is True


def test_no_textual_import_statement_in_core() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "songsmith").rglob("*.py")
        if any(
            line.strip().startswith(("import textual", "from textual"))
            for line in path.read_text(encoding="utf-8").splitlines()
        )
    ]
    assert offenders == []


def test_help_imports_nothing_heavy() -> None:
    code = (
        "import sys\n"
        "from songsmith.cli import cli\n"
        "try:\n    cli(['--help'], standalone_mode=False)\nexcept SystemExit:\n    pass\n"
        f"print(sorted(set({sorted(HEAVY)!r}) & {{m.split('.')[0] for m in sys.modules}}))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip().splitlines()[-1] == "[]"


def _folders_with_files(top: Path, package: str) -> set[str]:
    return {
        ".".join((package, *path.parent.relative_to(top).parts))
        for path in top.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


def test_every_folder_is_listed_for_the_wheel() -> None:
    # code and data folders alike: setuptools warns about (and may leave out) any folder it
    # finds importable but not listed
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = (_folders_with_files(ROOT / "songsmith", "songsmith") | _folders_with_files(ROOT / "tui", "songsmith_tui")
             | _folders_with_files(ROOT / "prompts", "songsmith.prompts")
             | _folders_with_files(ROOT / "corpora", "songsmith.corpora"))
    assert found - listed == set(), "add to [tool.setuptools] packages in pyproject.toml"
    assert listed - found == set(), "listed in pyproject.toml but not in the tree"


def test_every_data_file_kind_ships() -> None:
    globs = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["*"]
    shipped = {pattern.removeprefix("*") for pattern in globs}
    suffixes = {path.suffix for top in ("prompts", "corpora", "tui") for path in (ROOT / top).rglob("*")
                if path.is_file() and path.suffix != ".py" and "__pycache__" not in path.parts}
    assert suffixes - shipped == set(), "add these suffixes to [tool.setuptools.package-data] in pyproject.toml"


def test_package_data_resolves() -> None:
    from songsmith.resources import corpora_dir, load_prompt_yaml

    assert "misspellings" in load_prompt_yaml("lint/style-words.yaml")
    assert (corpora_dir() / "poems" / "jing-ye-si.yaml").is_file()


#: Writes that are not the user's files, each with its reason.
_OTHER_WRITES = {
    "songsmith/batch/state.py": "the batch lock file (os.open O_CREAT; SQLite writes the job state itself)",
    "tui/screens/jobs.py": "a scratch file handed to $EDITOR for one section",
}
_WRITE = re.compile(r"os\.replace\(|os\.rename\(|\.write_text\(|\.write_bytes\(|open\([^)]*['\"][wax]b?\+?['\"]"
                    r"|os\.open\(|shutil\.copy|mkstemp|NamedTemporaryFile|os\.fdopen")


def test_every_file_is_written_through_the_one_writer() -> None:
    stray = []
    for top in ("songsmith", "tui"):
        for path in sorted((ROOT / top).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if relative == "songsmith/document/writer.py" or relative in _OTHER_WRITES:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if _WRITE.search(line) and not line.lstrip().startswith("#"):
                    stray.append(f"{relative}:{number}: {line.strip()}")
    assert stray == [], "write through songsmith.document.writer"


def _import_graph() -> dict[str, set[str]]:
    import grimp

    graph = grimp.build_graph("songsmith", "songsmith_tui")
    return {m: {d for d in graph.find_modules_directly_imported_by(m) if d in graph.modules} for m in graph.modules}


def test_no_import_cycles() -> None:
    # every import counts, at the top of a module or inside a function
    graph = _import_graph()
    cycles = []
    for start in sorted(graph):
        seen, stack = {start}, [(start, [start])]
        while stack:
            module, path = stack.pop()
            for imported in sorted(graph[module]):
                if imported == start:
                    cycles.append(" -> ".join(path + [start]))
                elif imported not in seen and imported > start:  # each cycle once, from its smallest module
                    seen.add(imported)
                    stack.append((imported, path + [imported]))
    assert cycles == []
