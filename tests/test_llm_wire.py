"""Both real SDKs against the fake server: success, retries, timeouts, bad bodies, re-asks, refusals."""

from __future__ import annotations

import json
import time

import pytest
from llm_helpers import FAKE_KEY, HINTS, LLMEnv, fake_server, llm_env, poem_work  # noqa: F401 - fixtures

from songsmith.style.backends import get_backend
from songsmith.style.base import Hints
from songsmith.style.llm.backend import LLMStyleCandidate
from songsmith.style.llm.errors import FatalLLMError
from songsmith.style.llm.prompts import load_template
from fake_llm_server import FakeLLMServer, Reply

BACKENDS = ["openai", "anthropic"]


def _valid(n: int = 3) -> dict[str, object]:
    return {"candidates": [
        {"genre": g, "lead": lead, "prompt": f"{g}, {lead}, slow", "why": "because"}
        for g, lead in [("folk", "guzheng"), ("ballad", "erhu"), ("ambient", "dizi")][:n]
    ]}


@pytest.mark.parametrize("name", BACKENDS)
def test_success_and_request_shape(llm_env: LLMEnv, name: str) -> None:
    backend = get_backend(name)
    candidates = backend.map_style(poem_work(), 3, HINTS)
    assert [c.backend for c in candidates] == [name] * 3  # type: ignore[attr-defined]
    assert len({(c.genre, c.lead) for c in candidates}) == 3
    assert candidates[0].style.prompt and candidates[0].style.instruments[0] == candidates[0].lead
    assert llm_env.server.count == 1
    request = llm_env.server.requests[0]
    if name == "anthropic":
        assert request.path == "/v1/messages"
        # anthropic 2.x sends the key as a bearer token; older SDKs used x-api-key
        assert FAKE_KEY in (request.headers.get("x-api-key"), request.headers.get("authorization", "")[7:])
        assert "anthropic-version" in request.headers
        assert request.body["model"] == "claude-haiku-4-5" and request.body["max_tokens"] == 2000
        assert "music producer" in request.body["system"]
        # the schema as the input schema of a tool the model must call
        assert request.body["tools"] == [{"name": "answer", "description": "Give your answer.",
                                          "input_schema": load_template("map_style").schema}]
        assert request.body["tool_choice"] == {"type": "tool", "name": "answer"}
    else:
        assert request.path == "/v1/chat/completions"
        assert request.headers["authorization"] == f"Bearer {FAKE_KEY}"
        assert request.body["messages"][0]["role"] == "system"
        assert request.body["response_format"] == {"type": "json_schema", "json_schema": {
            "name": "map_style", "schema": load_template("map_style").schema, "strict": False}}
        assert request.body["max_tokens"] == 2000  # an OpenAI-compatible server (api.openai.com: max_completion_tokens)
    user = request.body["messages"][-1]["content"]
    assert "床前明月光" in user and '"n_candidates": 3' in user
    assert "at most 1000 characters (under 200 fits every version)" in user


@pytest.mark.parametrize("name", BACKENDS)
def test_429_with_retry_after_is_retried_after_waiting(llm_env: LLMEnv, name: str) -> None:
    llm_env.server.enqueue(Reply(status=429, headers={"retry-after": "1"}))
    candidates = get_backend(name).map_style(poem_work(), 2, HINTS)
    assert candidates[0].backend == name  # type: ignore[attr-defined]
    first, second = llm_env.server.requests
    assert second.at - first.at >= 0.9  # the SDK honoured Retry-After: 1


def test_retry_after_ms_is_honoured_too(llm_env: LLMEnv) -> None:
    llm_env.server.enqueue(Reply(status=429, headers={"retry-after-ms": "300"}))
    get_backend("openai").map_style(poem_work(), 2, HINTS)
    first, second = llm_env.server.requests
    assert 0.25 <= second.at - first.at < 2


@pytest.mark.parametrize("name", BACKENDS)
def test_500_then_success(llm_env: LLMEnv, name: str) -> None:
    llm_env.server.enqueue(Reply(status=500, headers={"retry-after-ms": "10"}))
    candidates = get_backend(name).map_style(poem_work(), 2, HINTS)
    assert llm_env.server.count == 2
    assert candidates[0].backend == name  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", BACKENDS)
def test_persistent_500_falls_back_to_offline(llm_env: LLMEnv, name: str) -> None:
    llm_env.set(SONGSMITH_MAX_RETRIES="1")
    llm_env.server.enqueue(*[Reply(status=500, headers={"retry-after-ms": "10"})] * 2)
    backend = get_backend(name)
    candidates = backend.map_style(poem_work(), 3, HINTS)
    assert llm_env.server.count == 2  # one try, one retry
    assert all(isinstance(c, LLMStyleCandidate) and c.backend == "offline" for c in candidates)
    assert "HTTP 500" in candidates[0].warnings[0] and "used the offline backend" in candidates[0].warnings[0]  # type: ignore[attr-defined]
    assert "[warning:" in candidates[0].why
    assert backend.warnings and len(candidates) == 3


@pytest.mark.parametrize("name", BACKENDS)
def test_timeout_falls_back(llm_env: LLMEnv, name: str) -> None:
    llm_env.set(SONGSMITH_TIMEOUT="0.3", SONGSMITH_MAX_RETRIES="0")
    llm_env.server.enqueue(Reply(delay=5))
    started = time.monotonic()
    backend = get_backend(name)
    arrangement = backend.arrange(poem_work(), HINTS)
    assert time.monotonic() - started < 3
    assert arrangement.notes[0].startswith("warning: ") and "no answer within 0.3 s" in arrangement.notes[0]
    assert arrangement.sections  # the offline arrangement


@pytest.mark.parametrize("name", BACKENDS)
def test_slow_answer_within_the_timeout_is_fine(llm_env: LLMEnv, name: str) -> None:
    llm_env.server.enqueue(Reply(delay=0.4))
    candidates = get_backend(name).map_style(poem_work(), 2, HINTS)
    assert candidates[0].backend == name  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", BACKENDS)
@pytest.mark.parametrize("body", [b'{"id": "msg_1", "conte', b"<html>502 Bad Gateway</html>", b"[]"])
def test_truncated_or_invalid_body_falls_back(llm_env: LLMEnv, name: str, body: bytes) -> None:
    llm_env.server.enqueue(Reply(body=body))
    backend = get_backend(name)
    candidates = backend.map_style(poem_work(), 2, HINTS)
    assert candidates[0].backend == "offline"  # type: ignore[attr-defined]
    assert any(word in backend.warnings[0] for word in ("unreadable", "malformed"))


@pytest.mark.parametrize("name", BACKENDS)
def test_schema_violation_is_reasked_then_falls_back(llm_env: LLMEnv, name: str) -> None:
    bad = Reply(answer={"candidates": [{"genre": "folk"}]})
    llm_env.server.enqueue(bad, bad)
    backend = get_backend(name)
    candidates = backend.map_style(poem_work(), 2, HINTS)
    assert llm_env.server.count == 2
    reask = llm_env.server.requests[1].body["messages"]
    assert reask[-2]["role"] == "assistant"
    assert "lead" in reask[-1]["content"] and "missing required key" in reask[-1]["content"]
    assert candidates[0].backend == "offline"  # type: ignore[attr-defined]
    assert "map_style failed" in candidates[0].warnings[0]  # type: ignore[attr-defined]


def test_invalid_json_content_is_reasked_and_the_second_answer_used(llm_env: LLMEnv) -> None:
    llm_env.server.enqueue(Reply(content='{"candidates": [{"genre": "folk", '), Reply(answer=_valid(2)))
    candidates = get_backend("openai").map_style(poem_work(), 2, HINTS)
    assert "not valid JSON" in llm_env.server.requests[1].body["messages"][-1]["content"]
    assert [c.genre for c in candidates] == ["folk", "ballad"]


def test_json_in_a_code_fence_is_accepted(llm_env: LLMEnv) -> None:
    llm_env.server.enqueue(Reply(content="Here you are:\n```json\n" + json.dumps(_valid(2)) + "\n```"))
    candidates = get_backend("anthropic").map_style(poem_work(), 2, HINTS)
    assert candidates[0].backend == "anthropic" and llm_env.server.count == 1  # type: ignore[attr-defined]


def test_target_rules_artist_names_and_length_are_reasked(llm_env: LLMEnv) -> None:
    artist = _valid(2)
    artist["candidates"][0]["prompt"] = "mandopop in the style of Jay Chou, guzheng"  # type: ignore[index]
    too_long = _valid(2)
    too_long["candidates"][1]["prompt"] = "slow, " * 200  # type: ignore[index]
    llm_env.server.enqueue(Reply(answer=artist), Reply(answer=too_long))
    backend = get_backend("openai")
    candidates = backend.map_style(poem_work(), 2, Hints(target="suno"))
    first_reask = llm_env.server.requests[1].body["messages"][-1]["content"]
    assert "names an artist (Jay Chou)" in first_reask
    assert "suno takes at most 1000" in backend.warnings[0]
    assert candidates[0].backend == "offline"  # type: ignore[attr-defined]


def test_duplicate_candidates_are_reasked(llm_env: LLMEnv) -> None:
    same = {"candidates": [{"genre": "folk", "lead": "guzheng", "prompt": "a"}] * 2}
    llm_env.server.enqueue(Reply(answer=same), Reply(answer=_valid(2)))
    candidates = get_backend("openai").map_style(poem_work(), 2, HINTS)
    assert "same genre and lead" in llm_env.server.requests[1].body["messages"][-1]["content"]
    assert candidates[1].lead == "erhu"


@pytest.mark.parametrize("name", BACKENDS)
def test_refusal_is_not_reasked_and_falls_back(llm_env: LLMEnv, name: str) -> None:
    llm_env.server.enqueue(Reply(refusal="I can't help with that."))
    backend = get_backend(name)
    candidates = backend.map_style(poem_work(), 2, HINTS)
    assert llm_env.server.count == 1
    assert candidates[0].backend == "offline"  # type: ignore[attr-defined]
    assert "refused" in backend.warnings[0]


def test_truncated_answer_says_so(llm_env: LLMEnv) -> None:
    cut = Reply(content='{"candidates": [', truncated=True)
    llm_env.server.enqueue(cut, cut)
    backend = get_backend("anthropic")
    backend.map_style(poem_work(), 2, HINTS)
    assert "cut off at the token limit" in backend.warnings[0]


@pytest.mark.parametrize("name", BACKENDS)
def test_rejected_key_is_fatal_and_never_shown(llm_env: LLMEnv, name: str, capsys: pytest.CaptureFixture[str]) -> None:
    wrong = "sk-wrong-key-0123456789abcdef"
    llm_env.set(OPENAI_API_KEY=wrong, ANTHROPIC_API_KEY=wrong)
    with pytest.raises(FatalLLMError) as caught:
        get_backend(name).map_style(poem_work(), 2, HINTS)
    message = str(caught.value)
    assert "rejected the API key (HTTP 401)" in message and "API_KEY" in message
    assert wrong not in message
    assert not llm_env.files_containing(wrong)
    out, err = capsys.readouterr()
    assert wrong not in out + err


def test_no_server_is_fatal(llm_env: LLMEnv) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    llm_env.set(OPENAI_BASE_URL=f"http://127.0.0.1:{port}/v1", SONGSMITH_MAX_RETRIES="0")
    with pytest.raises(FatalLLMError, match="could not reach http://127.0.0.1"):
        get_backend("openai").map_style(poem_work(), 2, HINTS)


@pytest.mark.parametrize("name", BACKENDS)
def test_arrangement_keeps_poem_lines_and_is_reasked_when_lines_are_rewritten(llm_env: LLMEnv, name: str) -> None:
    rewritten = {"sections": [{"kind": "verse", "number": 1, "lines": ["床 前 明 月 光", "疑是地上霜", "举头望明月", "低头思故乡"]}]}
    missing = {"sections": [{"kind": "verse", "number": 1, "lines": ["床前明月光", "疑是地上霜"]}]}
    llm_env.server.enqueue(Reply(answer=rewritten))
    arrangement = get_backend(name).arrange(poem_work(), HINTS)
    reask = llm_env.server.requests[1].body["messages"][-1]["content"]
    assert "spaces between characters" in reask
    assert arrangement.name == f"{name}:fake-verse-chorus" and arrangement.refrain == (2, 4)
    # the fake takes the offline reading's chorus and sings it where the poem has it
    assert [s.label for s in arrangement.sections] == ["Intro: guzheng", "Verse 1", "Chorus", "Outro"]
    assert arrangement.sections[1].lines == ["床前明月光", "疑是地上霜"]
    assert arrangement.sections[2].lines == ["举头望明月", "低头思故乡"]
    assert any(n.startswith("chorus: 举头望明月，低头思故乡 (lines 3–4): ") for n in arrangement.notes)

    llm_env.server.enqueue(Reply(answer=missing), Reply(answer=missing))
    fallback = get_backend(name).arrange(poem_work("春晓", ("春眠不觉晓，处处闻啼鸟。", "夜来风雨声，花落知多少。")), HINTS)
    assert "lines of the poem left out" in fallback.notes[0]


def test_concurrency_limit_is_kept(tmp_path, monkeypatch: pytest.MonkeyPatch, llm_env: LLMEnv) -> None:  # type: ignore[no-untyped-def]
    with FakeLLMServer(api_key=FAKE_KEY, latency=0.15) as server:
        llm_env.set(OPENAI_BASE_URL=server.openai_base_url, SONGSMITH_CONCURRENCY="3")
        backend = get_backend("openai")
        works = [poem_work(f"诗{i}") for i in range(9)]
        results = backend.map_style_many(works, 2, HINTS)
        assert server.count == 9 and server.max_in_flight <= 3
        assert [r[0].why.rpartition("; ")[2] for r in results] == [f"for 诗{i}: imagery and pace" for i in range(9)]


def test_a_style_over_200_characters_is_kept_with_a_note(llm_env: LLMEnv) -> None:
    answer = _valid(2)
    answer["candidates"][0]["prompt"] = "chinese folk, guzheng, " + "slow, " * 40  # type: ignore[index]
    llm_env.server.enqueue(Reply(answer=answer))
    candidates = get_backend("openai").map_style(poem_work(), 2, HINTS)
    assert candidates[0].backend == "openai"  # type: ignore[attr-defined]
    assert "over the 200 of suno" in candidates[0].warnings[0]  # type: ignore[attr-defined]
    assert candidates[1].warnings == []  # type: ignore[attr-defined]


JIANGJINJIU = ("君不见，黄河之水天上来，奔流到海不复回。", "君不见，高堂明镜悲白发，朝如青丝暮成雪。",
               "人生得意须尽欢，莫使金樽空对月。", "天生我材必有用，千金散尽还复来。")


@pytest.mark.parametrize("name", BACKENDS)
def test_the_prompts_ask_for_persona_chorus_and_reasons(llm_env: LLMEnv, name: str) -> None:
    backend = get_backend(name)
    candidates = backend.map_style(poem_work("登高", ("风急天高猿啸哀，渚清沙白鸟飞回。", "无边落木萧萧下，不尽长江滚滚来。",
                                                   "万里悲秋常作客，百年多病独登台。", "艰难苦恨繁霜鬓，潦倒新停浊酒杯。"),
                                             author="杜甫"), 2, HINTS)
    user = llm_env.server.requests[-1].body["messages"][-1]["content"]
    assert "`persona`" in user and '"speaker": {"gender": "male"' in user
    assert candidates[0].why.startswith("persona: the poem's male speaker; ")
    arrangement = backend.arrange(poem_work("将进酒", JIANGJINJIU, author="李白"), HINTS)
    user = llm_env.server.requests[-1].body["messages"][-1]["content"]
    assert "`chorus_reasons`" in user and '"units": [[0, 3], [3, 6]' in user and '"chorus_candidates"' in user
    chorus = next(n for n in arrangement.notes if n.startswith("chorus: "))
    assert chorus.startswith("chorus: 天生我材必有用，千金散尽还复来 (lines 9–10): ")


@pytest.mark.parametrize("name", BACKENDS)
def test_contradictory_or_unsuitable_spells_are_reasked_by_the_shared_rules(llm_env: LLMEnv, name: str) -> None:
    contradicting = _valid(2)
    contradicting["candidates"][0]["prompt"] = "chinese folk, guzheng, percussive, beat drop, sad, slow"  # type: ignore[index]
    llm_env.server.enqueue(Reply(answer=contradicting))
    candidates = get_backend(name).map_style(poem_work(), 2, HINTS)
    reask = llm_env.server.requests[1].body["messages"][-1]["content"]
    assert "candidate 1: 'beat drop' and 'slow' pull against each other" in reask
    assert candidates[0].backend == name  # type: ignore[attr-defined]

    children = Hints(audience="children")
    war = _valid(2)
    war["candidates"][1]["prompt"] = "folk, erhu, war drums, clear female vocal"  # type: ignore[index]
    llm_env.server.enqueue(Reply(answer=war), Reply(answer=war))
    fallback = get_backend(name).map_style(poem_work(), 2, children)
    reask = llm_env.server.requests[-1].body["messages"][-1]["content"]
    assert "candidate 2: a children's song never asks for war drums" in reask
    assert "candidate 1: ask for a child-friendly voice" in reask
    from songsmith.document.lint import children_unsuitable

    assert all(c.backend == "offline" and not children_unsuitable(c.style.prompt or "")  # type: ignore[attr-defined]
               for c in fallback)


@pytest.mark.parametrize("name", BACKENDS)
def test_arrangements_that_double_a_couplet_or_cut_a_sentence_are_reasked(llm_env: LLMEnv, name: str) -> None:
    lines = ["床前明月光", "疑是地上霜", "举头望明月", "低头思故乡"]
    doubled = {"sections": [{"kind": "verse", "number": 1, "lines": lines}, {"kind": "chorus", "lines": lines[2:]}],
               "refrain": [2, 4], "chorus_reasons": ["the turn"]}
    llm_env.server.enqueue(Reply(answer=doubled))
    get_backend(name).arrange(poem_work(), HINTS)
    reask = llm_env.server.requests[1].body["messages"][-1]["content"]
    assert "sings again the lines" in reask and "never sing the same lines twice in a row" in reask

    jjj = ["君不见", "黄河之水天上来", "奔流到海不复回", "君不见", "高堂明镜悲白发", "朝如青丝暮成雪",
           "人生得意须尽欢", "莫使金樽空对月", "天生我材必有用", "千金散尽还复来"]
    cut = {"sections": [{"kind": "verse", "number": 1, "lines": jjj[:4]}, {"kind": "verse", "number": 2, "lines": jjj[4:8]},
                        {"kind": "chorus", "lines": jjj[8:]}], "refrain": [8, 10]}
    llm_env.server.enqueue(Reply(answer=cut), Reply(answer=cut))
    fallback = get_backend(name).arrange(poem_work("将进酒", JIANGJINJIU, author="李白"), HINTS)
    reask = llm_env.server.requests[-1].body["messages"][-1]["content"]
    assert "section 1 (verse) cuts a couplet or sentence" in reask
    assert "say in chorus_reasons why" in reask
    assert fallback.notes[0].startswith("warning: ")
    assert all(s.sung_lines[-1] != "君不见" for s in fallback.sections if s.sung_lines)


@pytest.mark.parametrize("name", BACKENDS)
def test_a_long_poem_is_given_to_the_model_as_the_excerpt_the_length_rule_chose(llm_env: LLMEnv, name: str) -> None:
    tens, ones = "甲乙丙丁戊己庚辛壬癸", "一二三四五六七八九十"
    lines = [f"春江{tens[i // 10]}{ones[i % 10]}花月{'夜山'[i % 2]}" for i in range(96)]
    work = poem_work("长歌", tuple(f"{a}，{b}。" for a, b in zip(lines[::2], lines[1::2])), author="无名氏")
    arrangement = get_backend(name).arrange(work, HINTS)
    sent = json.loads(llm_env.server.requests[-1].body["messages"][-1]["content"].split("<input>")[1]
                      .split("</input>")[0])["work"]["lines"]
    assert 4 <= len(sent) < 96 and " ".join(sent) in " ".join(lines)
    assert arrangement.window is not None and arrangement.window[1] - arrangement.window[0] == len(sent)
    warning = next(n for n in arrangement.notes if n.startswith("warning: "))
    assert "excerpt" in warning and "part-" in warning
    sung = {line for s in arrangement.sections for line in s.sung_lines}
    assert sung == set(sent)
    part = get_backend(name).arrange(work, Hints(arrangement="part-2"))
    assert part.title is not None and part.title.startswith("长歌 (Part 2 of ")
