"""The effective configuration: defaults < config file < environment < command-line options.

Every value remembers where it came from (``Setting.source``), so ``songsmith config`` can say
"openai (env SONGSMITH_BACKEND)". The file is YAML, under the platform config dir
(``platformdirs.user_config_dir("songsmith")/config.yaml``) unless ``SONGSMITH_CONFIG`` names
another one::

    backend: openai            # offline | anthropic | openai
    concurrency: 16
    timeout: 60                # seconds per request, connecting and every byte of the answer
    max_retries: 3             # per call, on 429, 5xx and connection errors
    retry_wait_max: 20         # the longest wait before a retry (a longer Retry-After: no retry)
    retry_budget: 120          # seconds all the retries of one run may take
    anthropic:
      model: claude-haiku-4-5
    openai:
      model: gpt-4o-mini
      base_url: http://127.0.0.1:11434/v1   # Ollama, vLLM, llama.cpp …
    cache_dir: ~/.cache/songsmith/style/llm
    usage_log: ~/.local/share/songsmith/usage.sqlite
    tui: {}                    # read by the TUI
    keymap: {}                 # read by the TUI
    generate:                  # songsmith generate, per music service
      mureka:
        api_key: …             # or MUREKA_API_KEY in the environment, which wins
        base_url: https://api.mureka.ai
        concurrency: 2
        rate: 1                # requests per second

The LLM backends' keys are read from the environment only (``ANTHROPIC_API_KEY``,
``OPENAI_API_KEY``), never from the file. A music service's key may also be in the file under
``generate:``. No key is ever printed: :func:`describe` shows "set (env ANTHROPIC_API_KEY)".

This module imports no SDK and no pydantic; YAML is imported only when a file exists.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from songsmith.errors import UsageError

#: Backends that talk to a model over the network.
LLM_BACKENDS = ("anthropic", "openai")
#: Default model per backend (the config file or SONGSMITH_MODEL overrides).
DEFAULT_MODELS = {"anthropic": "claude-haiku-4-5", "openai": "gpt-4o-mini"}
#: Environment variable holding each backend's API key.
KEY_VARIABLES = {"anthropic": "ANTHROPIC_API_KEY", "openai": "OPENAI_API_KEY"}
#: The largest config file read (it is checked before it is read).
MAX_CONFIG_BYTES = 1024 * 1024
#: Sections of the file kept for other parts of songsmith (the TUI); passed through untouched.
OPEN_SECTIONS = ("tui", "keymap")

_TOP_KEYS = {"backend", "model", "concurrency", "timeout", "max_retries", "retry_wait_max", "retry_budget", "cache",
             "cache_dir", "usage_log", "anthropic", "openai", "generate", *OPEN_SECTIONS}
#: Keys of a service under ``generate:`` (songsmith.generate.base.SERVICES names the services).
GENERATE_KEYS = {"api_key", "base_url", "concurrency", "rate"}
_BACKEND_KEYS = {"model", "base_url"}


@dataclass(frozen=True)
class Setting:
    """One value and where it came from: ``default``, ``file PATH``, ``env VAR`` or ``option --x``."""

    value: Any
    source: str


@dataclass
class Config:
    """The effective configuration. Read with :func:`load_config`."""

    settings: dict[str, Setting]
    path: Path
    file_found: bool
    sections: dict[str, Any]  # tui:, keymap: as written in the file

    def get(self, name: str) -> Any:
        return self.settings[name].value

    def source(self, name: str) -> str:
        return self.settings[name].source

    @property
    def backend(self) -> str:
        return str(self.get("backend"))

    def model_for(self, backend: str) -> Setting:
        """The model for ``backend``: SONGSMITH_MODEL / --model apply to the chosen backend only."""
        general = self.settings.get("model")
        if general is not None and general.value and backend == self.backend:
            return general
        return self.settings[f"{backend}.model"]

    def base_url_for(self, backend: str) -> Setting:
        return self.settings[f"{backend}.base_url"]

    def api_key(self, backend: str, *, required: bool = True) -> str | None:
        """The API key from the environment; a missing one is one clear line naming the variable."""
        variable = KEY_VARIABLES[backend]
        key = os.environ.get(variable, "").strip()
        if key:
            return key
        if backend == "openai" and self.base_url_for("openai").value:
            return None  # local OpenAI-compatible servers usually take no key
        if required:
            raise MissingKey(f"{variable} is not set: export it to use --backend {backend}", path="songsmith")
        return None


class MissingKey(UsageError):
    """An LLM backend's API key is not set. Commands with an offline backend say so themselves
    (``translate`` has none, so the advice differs from command to command)."""

    def offline_advice(self) -> MissingKey:
        self.message += " (or use --backend offline, which needs no key)"
        return self


def config_path() -> Path:
    """``$SONGSMITH_CONFIG``, else ``config.yaml`` in the platform config dir."""
    explicit = os.environ.get("SONGSMITH_CONFIG")
    if explicit:
        return Path(explicit).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("songsmith")) / "config.yaml"


def _default_cache_dir() -> str:
    from platformdirs import user_cache_dir

    return str(Path(user_cache_dir("songsmith")) / "llm")


def _default_usage_log() -> str:
    from platformdirs import user_data_dir

    return str(Path(user_data_dir("songsmith")) / "usage.sqlite")


def _read_file(path: Path) -> dict[str, Any]:
    from songsmith.errors import FileFormatError

    try:
        if path.stat().st_size > MAX_CONFIG_BYTES:
            raise FileFormatError(f"a config file is at most {MAX_CONFIG_BYTES // 1024} KB", path=str(path))
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise FileFormatError(f"cannot read: {getattr(exc, 'strerror', None) or exc}", path=str(path)) from None
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise FileFormatError(f"not valid YAML: {getattr(exc, 'problem', exc)}", path=str(path),
                              line=mark.line + 1 if mark else None) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise FileFormatError("a config file is a mapping (key: value lines)", path=str(path))
    unknown = sorted(set(map(str, data)) - _TOP_KEYS)
    if unknown:
        raise FileFormatError(f"unknown key {unknown[0]!r}; known: {', '.join(sorted(_TOP_KEYS))}", path=str(path))
    for name in ("anthropic", "openai"):
        section = data.get(name)
        if section is None:
            continue
        if not isinstance(section, dict):
            raise FileFormatError(f"{name}: is a mapping (model:, base_url:)", path=str(path))
        if "api_key" in section:
            raise FileFormatError(f"{name}.api_key: keys are not read from files; export {KEY_VARIABLES[name]}",
                                  path=str(path))
        _refuse_unknown_keys(name, section, _BACKEND_KEYS, path)
    _check_generate(data.get("generate"), path)
    return data


def _refuse_unknown_keys(where: str, section: dict[Any, Any], known: set[str], path: Path) -> None:
    from songsmith.errors import FileFormatError

    bad = sorted(set(map(str, section)) - known)
    if bad:
        raise FileFormatError(f"unknown key {where}.{bad[0]}; known: {', '.join(sorted(known))}", path=str(path))


def _check_generate(section: Any, path: Path) -> None:
    from songsmith.errors import FileFormatError

    if section is None:
        return
    if not isinstance(section, dict):
        raise FileFormatError("generate: is a mapping of services (minimax:, mureka:, …)", path=str(path))
    for service, values in section.items():
        if not isinstance(values, dict):
            raise FileFormatError(f"generate.{service}: is a mapping (api_key:, base_url:, concurrency:, rate:)",
                                  path=str(path))
        _refuse_unknown_keys(f"generate.{service}", values, GENERATE_KEYS, path)


def service_setting(config: Config, service: str, key: str) -> Any:
    """A music service's setting from the file's ``generate:`` section (None when not there)."""
    section = config.sections.get("generate") or {}
    values = section.get(service) or {}
    return values.get(key)


def _number(name: str, raw: Any, source: str, kind: type, minimum: float) -> Any:
    try:
        value = kind(raw)
    except (TypeError, ValueError):
        raise UsageError(f"{name} must be a number, got {raw!r} ({source})", path="songsmith") from None
    if value < minimum:
        raise UsageError(f"{name} must be at least {minimum}, got {raw!r} ({source})", path="songsmith")
    return value


def load_config(*, path: str | os.PathLike[str] | None = None, backend: str | None = None,
                model: str | None = None, base_url: str | None = None) -> Config:
    """The effective configuration: defaults < the file (``path``, else :func:`config_path`) <
    the environment < the command's options (``--backend``, ``--model``, ``--base-url``).

    ``base_url`` is the server of the backend ``backend`` names (Anthropic's or an
    OpenAI-compatible one); given without ``backend`` it selects the ``openai`` backend. Commands
    build one Config and pass it to what needs it.
    """
    path = Path(path).expanduser() if path is not None else config_path()
    data = _read_file(path)
    where = f"file {path}"
    settings: dict[str, Setting] = {
        "backend": Setting("offline", "default"),
        "model": Setting(None, "default"),
        "concurrency": Setting(16, "default"),
        "timeout": Setting(60.0, "default"),
        "max_retries": Setting(3, "default"),
        "retry_wait_max": Setting(20.0, "default"),
        "retry_budget": Setting(120.0, "default"),
        "cache": Setting(True, "default"),
        "cache_dir": Setting(_default_cache_dir(), "default"),
        "usage_log": Setting(_default_usage_log(), "default"),
    }
    for name in LLM_BACKENDS:
        settings[f"{name}.model"] = Setting(DEFAULT_MODELS[name], "default")
        settings[f"{name}.base_url"] = Setting(None, "default")

    for key in ("backend", "model", "concurrency", "timeout", "max_retries", "retry_wait_max", "retry_budget", "cache",
                "cache_dir", "usage_log"):
        if data.get(key) is not None:
            settings[key] = Setting(data[key], where)
    for name in LLM_BACKENDS:
        for key, value in (data.get(name) or {}).items():
            if value is not None:
                settings[f"{name}.{key}"] = Setting(value, where)

    env = {
        "backend": "SONGSMITH_BACKEND",
        "model": "SONGSMITH_MODEL",
        "concurrency": "SONGSMITH_CONCURRENCY",
        "timeout": "SONGSMITH_TIMEOUT",
        "max_retries": "SONGSMITH_MAX_RETRIES",
        "retry_wait_max": "SONGSMITH_RETRY_WAIT_MAX",
        "retry_budget": "SONGSMITH_RETRY_BUDGET",
        "cache": "SONGSMITH_CACHE",
        "cache_dir": "SONGSMITH_CACHE_DIR",
        "usage_log": "SONGSMITH_USAGE_LOG",
        "anthropic.model": "SONGSMITH_ANTHROPIC_MODEL",
        "openai.model": "SONGSMITH_OPENAI_MODEL",
        "anthropic.base_url": "ANTHROPIC_BASE_URL",
        "openai.base_url": "OPENAI_BASE_URL",
    }
    for key, variable in env.items():
        value = os.environ.get(variable)
        if value is not None and value.strip():
            settings[key] = Setting(value.strip(), f"env {variable}")
    if backend is not None:
        settings["backend"] = Setting(backend, "option --backend")
    if model is not None:
        settings["model"] = Setting(model, "option --model")
    if base_url is not None:  # the server of the backend asked for (--backend), else of openai's
        if backend is None:
            settings["backend"] = Setting("openai", "option --base-url")
        target = str(settings["backend"].value).strip().lower()
        settings[f"{target if target in LLM_BACKENDS else 'openai'}.base_url"] = Setting(base_url, "option --base-url")

    # Types and ranges, with the source in every message.
    for key, kind, minimum in (("concurrency", int, 1), ("timeout", float, 0.001), ("max_retries", int, 0),
                               ("retry_wait_max", float, 0), ("retry_budget", float, 0)):
        s = settings[key]
        settings[key] = Setting(_number(key, s.value, s.source, kind, minimum), s.source)
    cache = settings["cache"]
    if isinstance(cache.value, str):
        settings["cache"] = Setting(cache.value.lower() not in ("0", "false", "no", "off"), cache.source)
    for key in ("cache_dir", "usage_log"):
        s = settings[key]
        settings[key] = Setting(str(Path(str(s.value)).expanduser()), s.source)
    chosen = settings["backend"]
    settings["backend"] = Setting(str(chosen.value).strip().lower(), chosen.source)

    sections = {name: data.get(name) or {} for name in OPEN_SECTIONS}
    if data.get("generate"):
        sections["generate"] = data["generate"]
    return Config(settings=settings, path=path, file_found=path.is_file(), sections=sections)


def describe(config: Config) -> dict[str, Any]:
    """The configuration as ``{key: {"value": …, "source": …}}``; API keys masked, never shown."""
    rows: dict[str, Any] = {"config_file": {"value": str(config.path),
                                            "source": "found" if config.file_found else "not found"}}
    for name, setting in config.settings.items():
        rows[name] = {"value": setting.value, "source": setting.source}
    for backend, variable in KEY_VARIABLES.items():
        present = bool(os.environ.get(variable, "").strip())
        rows[f"{backend}.api_key"] = {"value": "set" if present else "not set", "source": f"env {variable}"}
    for service, values in (config.sections.get("generate") or {}).items():
        for key in sorted(values):  # keys masked: only whether one is there
            shown = ("set" if values[key] else "not set") if key == "api_key" else values[key]
            rows[f"generate.{service}.{key}"] = {"value": shown, "source": f"file {config.path}"}
    for name in OPEN_SECTIONS:
        if config.sections.get(name):
            rows[name] = {"value": f"{len(config.sections[name])} entries", "source": f"file {config.path}"}
    return rows
