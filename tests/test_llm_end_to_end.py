"""``get_backend("openai")`` from configuration alone renders a poem end to end; prompt files."""

from __future__ import annotations

from pathlib import Path

import pytest
from llm_helpers import LLMEnv, fake_server, llm_env  # noqa: F401 - fixtures

from songsmith.style.backends import BACKENDS, get_backend
from songsmith.style.base import StyleBackend
from songsmith.style.llm.answers import ANSWER_MODELS
from songsmith.style.llm.backend import TranslatingBackend
from songsmith.style.llm.prompts import TASKS, load_template

POEM = Path(__file__).resolve().parents[1] / "corpora" / "poems" / "jing-ye-si.yaml"


def test_backends_are_registered() -> None:
    assert BACKENDS["anthropic"] == "songsmith.style.llm.backend:make_anthropic"
    assert BACKENDS["openai"] == "songsmith.style.llm.backend:make_openai"


def test_openai_from_configuration_renders_a_poem(llm_env: LLMEnv, tmp_path: Path) -> None:
    from songsmith.document.songfile import load_song
    from songsmith.pipeline.render import Renderer

    backend = get_backend("openai")  # OPENAI_BASE_URL points at the fake server
    assert isinstance(backend, StyleBackend) and isinstance(backend, TranslatingBackend)
    [result] = list(Renderer(tmp_path / "out", backend=backend, candidates=3).render_path(str(POEM)))
    song = load_song(result.output).song
    assert [c.backend for c in song.candidates] == ["openai"] * 3
    assert song.style.prompt == "chinese traditional folk, guzheng, slow, gentle female vocal, clear diction"
    assert [s.label for s in song.sections] == ["Intro: guzheng", "Verse 1", "Chorus", "Outro"]
    assert song.sections[1].lines == ["床前明月光", "疑是地上霜"]
    assert song.sections[2].lines == ["举头望明月", "低头思故乡"]
    assert "chorus: 举头望明月，低头思故乡" in (song.notes or "")  # the model's reasons, in the song's notes
    assert llm_env.server.count == 2  # map_style, arrange

    [again] = list(Renderer(tmp_path / "out", backend=get_backend("openai"), candidates=3).render_path(str(POEM)))
    assert again.action == "unchanged" and llm_env.server.count == 2  # the cache answered


def test_options_choose_the_server(llm_env: LLMEnv) -> None:
    """What render's --backend/--model/--base-url do: a Config built with them, then get_backend."""
    from llm_helpers import poem_work

    from songsmith.config import load_config
    from songsmith.style.base import Hints

    llm_env.unset("OPENAI_BASE_URL")
    config = load_config(base_url=llm_env.server.openai_base_url, model="qwen2.5:7b")
    name = config.backend
    candidates = get_backend(name, config).map_style(poem_work(), 2, Hints())
    assert name == "openai" and candidates[0].backend == "openai"  # type: ignore[attr-defined]
    request = llm_env.server.requests[0]
    assert request.body["model"] == "qwen2.5:7b"


def _shape(schema: dict, defs: dict) -> object:  # type: ignore[type-arg]
    if "$ref" in schema:
        return _shape(defs[schema["$ref"].split("/")[-1]], defs)
    if "anyOf" in schema:
        schema = next(s for s in schema["anyOf"] if s.get("type") != "null")
    if schema.get("type") == "object" or "properties" in schema:
        return {"required": sorted(schema.get("required", [])),
                "properties": {k: _shape(v, defs) for k, v in sorted(schema["properties"].items())}}
    if schema.get("type") == "array" or (isinstance(schema.get("type"), list) and "array" in schema["type"]):
        return ["array", _shape(schema.get("items", {}), defs)]
    return "scalar"


@pytest.mark.parametrize("task", TASKS)
def test_prompt_schemas_match_the_answer_models(task: str) -> None:
    template = load_template(task)
    assert template.task == task and template.version >= 1
    assert "$input" in template.user and "$schema" in template.user and "$error" in template.reask
    generated = ANSWER_MODELS[task].model_json_schema()
    assert _shape(template.schema, {}) == _shape(generated, generated.get("$defs", {}))


def test_help_lists_the_new_commands() -> None:
    from click.testing import CliRunner

    from songsmith.cli import cli

    output = CliRunner().invoke(cli, ["--help"]).output
    assert "translate" in output and "config" in output


def test_render_command_with_the_openai_backend(llm_env: LLMEnv, tmp_path: Path) -> None:
    """``songsmith render poem.yaml --backend openai`` with OPENAI_BASE_URL at the fake server."""
    import json

    from click.testing import CliRunner

    from songsmith.cli import cli

    result = CliRunner().invoke(cli, ["render", str(POEM), "-o", str(tmp_path / "out"), "--backend", "openai",
                                      "--candidates", "2", "--json"])
    assert result.exit_code == 0, result.output
    [report] = json.loads(result.output)
    assert [c["backend"] for c in report["candidates"]] == ["openai", "openai"]
    assert report["arrangement"] == "openai:fake-verse-chorus"
    assert llm_env.server.count == 2


def test_render_with_base_url_option_uses_that_server_and_its_own_cache(llm_env: LLMEnv, tmp_path: Path) -> None:
    """The documented way to use a local model: ``render --base-url http://127.0.0.1:PORT/v1``."""
    import json

    from click.testing import CliRunner

    from songsmith.cli import cli

    base_url = llm_env.server.openai_base_url
    llm_env.unset("OPENAI_BASE_URL")
    args = ["render", str(POEM), "--base-url", base_url, "--candidates", "2", "--json"]
    first = CliRunner().invoke(cli, [*args, "-o", str(tmp_path / "a")])
    assert first.exit_code == 0, first.output
    assert [c["backend"] for c in json.loads(first.output)[0]["candidates"]] == ["openai", "openai"]
    assert llm_env.server.count == 2
    again = CliRunner().invoke(cli, [*args, "-o", str(tmp_path / "b")])
    assert again.exit_code == 0 and llm_env.server.count == 2  # same server: answered from the cache
    other = base_url.replace("127.0.0.1", "localhost")  # same model name, another address
    third = CliRunner().invoke(cli, ["render", str(POEM), "--base-url", other, "--candidates", "2",
                                     "-o", str(tmp_path / "c")])
    assert third.exit_code == 0, third.output
    assert llm_env.server.count == 4  # not served from the first server's cache entries
