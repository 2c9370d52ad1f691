"""Configuration: precedence (default < file < env < CLI), sources, masking, missing keys."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner
from llm_helpers import FAKE_KEY, LLMEnv, fake_server, llm_env  # noqa: F401 - fixtures

from songsmith.cli import cli
from songsmith.config import load_config
from songsmith.errors import FileFormatError, UsageError


def test_defaults_when_nothing_is_set(llm_env: LLMEnv) -> None:
    llm_env.unset("OPENAI_BASE_URL", "ANTHROPIC_BASE_URL", "SONGSMITH_TIMEOUT", "SONGSMITH_MAX_RETRIES")
    config = load_config()
    assert config.backend == "offline" and config.source("backend") == "default"
    assert config.get("concurrency") == 16 and config.get("timeout") == 60.0
    assert config.model_for("anthropic").value == "claude-haiku-4-5"
    assert config.base_url_for("openai").value is None
    assert not config.file_found


def test_file_then_env_then_cli(llm_env: LLMEnv) -> None:
    llm_env.config_file.write_text(
        "backend: anthropic\nconcurrency: 4\nopenai:\n  model: llama3.2\n  base_url: http://127.0.0.1:9/v1\n"
        "tui:\n  theme: dark\nkeymap:\n  save: ctrl+s\n", encoding="utf-8")
    llm_env.unset("OPENAI_BASE_URL")
    config = load_config()
    assert config.file_found
    assert (config.backend, config.source("backend")) == ("anthropic", f"file {llm_env.config_file}")
    assert config.get("concurrency") == 4
    assert config.model_for("openai").value == "llama3.2"
    assert config.base_url_for("openai").value == "http://127.0.0.1:9/v1"
    assert config.sections == {"tui": {"theme": "dark"}, "keymap": {"save": "ctrl+s"}}

    llm_env.set(SONGSMITH_BACKEND="openai", SONGSMITH_CONCURRENCY="7", OPENAI_BASE_URL="http://127.0.0.1:8/v1")
    config = load_config()
    assert (config.backend, config.source("backend")) == ("openai", "env SONGSMITH_BACKEND")
    assert (config.get("concurrency"), config.source("concurrency")) == (7, "env SONGSMITH_CONCURRENCY")
    assert config.base_url_for("openai") .source == "env OPENAI_BASE_URL"

    config = load_config(backend="anthropic", model="claude-sonnet-4-5")
    assert (config.backend, config.source("backend")) == ("anthropic", "option --backend")
    assert config.model_for("anthropic").value == "claude-sonnet-4-5"
    assert config.model_for("openai").value == "llama3.2"  # --model applies to the chosen backend
    assert load_config().backend == "openai"  # options belong to the one Config built with them


def test_base_url_option_selects_openai(llm_env: LLMEnv) -> None:
    config = load_config(base_url="http://127.0.0.1:7/v1")
    assert config.backend == "openai" and config.source("backend") == "option --base-url"
    assert config.base_url_for("openai").value == "http://127.0.0.1:7/v1"
    assert load_config().backend == "offline"  # no process-wide state


def test_songsmith_model_applies_to_the_chosen_backend(llm_env: LLMEnv) -> None:
    llm_env.set(SONGSMITH_BACKEND="openai", SONGSMITH_MODEL="qwen2.5:7b")
    config = load_config()
    assert config.model_for("openai").value == "qwen2.5:7b"
    assert config.model_for("anthropic").value == "claude-haiku-4-5"


@pytest.mark.parametrize("text, message", [
    ("colour: blue\n", "unknown key 'colour'"),
    ("openai:\n  api_key: sk-x\n", "keys are not read from files"),
    ("openai:\n  modle: x\n", "unknown key openai.modle"),
    ("generate:\n  mureka:\n    apikey: x\n", "unknown key generate.mureka.apikey"),
    ("generate:\n  mureka: fast\n", "generate.mureka: is a mapping"),
    ("- a list\n", "a mapping"),
    ("backend: [unclosed\n", "not valid YAML"),
])
def test_bad_config_files_are_one_line(llm_env: LLMEnv, text: str, message: str) -> None:
    llm_env.config_file.write_text(text, encoding="utf-8")
    with pytest.raises(FileFormatError) as caught:
        load_config()
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_bad_numbers_name_their_source(llm_env: LLMEnv) -> None:
    llm_env.set(SONGSMITH_TIMEOUT="soon")
    with pytest.raises(UsageError, match="timeout must be a number.*env SONGSMITH_TIMEOUT"):
        load_config()
    llm_env.set(SONGSMITH_TIMEOUT="5", SONGSMITH_CONCURRENCY="0")
    with pytest.raises(UsageError, match="concurrency must be at least 1"):
        load_config()


def test_missing_key_is_one_line_naming_the_variable(llm_env: LLMEnv) -> None:
    from songsmith.style.backends import get_backend

    llm_env.unset("ANTHROPIC_API_KEY")
    with pytest.raises(UsageError) as caught:
        get_backend("anthropic")
    assert "ANTHROPIC_API_KEY is not set" in str(caught.value)
    llm_env.unset("OPENAI_API_KEY", "OPENAI_BASE_URL")
    with pytest.raises(UsageError, match="OPENAI_API_KEY is not set"):
        get_backend("openai")


def test_local_server_needs_no_key(llm_env: LLMEnv) -> None:
    from songsmith.style.backends import get_backend

    llm_env.unset("OPENAI_API_KEY")
    backend = get_backend("openai")  # OPENAI_BASE_URL points at the fake server
    assert backend.name == "openai"


def test_missing_key_from_the_command_line(llm_env: LLMEnv, tmp_path) -> None:  # type: ignore[no-untyped-def]
    song = tmp_path / "song.yaml"
    song.write_text("songsmith: 1\ntitle: t\nlyrics: |\n  [Verse 1]\n  床前明月光\n", encoding="utf-8")
    env = {"ANTHROPIC_API_KEY": "", "SONGSMITH_CONFIG": str(llm_env.config_file)}
    result = subprocess.run([sys.executable, "-m", "songsmith", "translate", str(song), "--to", "en",
                             "--backend", "anthropic"], capture_output=True, text=True,
                            env={**_plain_env(), **env})
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "ANTHROPIC_API_KEY is not set" in result.stderr
    assert not (tmp_path / "song.en.yaml").exists()


def _plain_env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items()}


def test_config_command_masks_keys(llm_env: LLMEnv) -> None:
    llm_env.set(SONGSMITH_BACKEND="anthropic")
    result = CliRunner().invoke(cli, ["config"])
    assert result.exit_code == 0, result.output
    assert FAKE_KEY not in result.output
    assert "anthropic.api_key" in result.output and "set  (env ANTHROPIC_API_KEY)" in result.output
    assert "backend" in result.output and "(env SONGSMITH_BACKEND)" in result.output

    data = json.loads(CliRunner().invoke(cli, ["config", "--json"]).output)
    assert data["backend"] == {"value": "anthropic", "source": "env SONGSMITH_BACKEND"}
    assert data["openai.api_key"] == {"value": "set", "source": "env OPENAI_API_KEY"}
    assert FAKE_KEY not in json.dumps(data)
    llm_env.unset("OPENAI_API_KEY")
    data = json.loads(CliRunner().invoke(cli, ["config", "--json"]).output)
    assert data["openai.api_key"]["value"] == "not set"
    assert CliRunner().invoke(cli, ["config", "--path"]).output.strip() == str(llm_env.config_file)
