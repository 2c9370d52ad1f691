"""Errors of the LLM layer, and scrubbing secrets out of any text that may reach the user."""

from __future__ import annotations

import re

from songsmith.errors import SongsmithError

# Things that look like API keys, in case a server echoes one we do not know of.
_KEY_LIKE = re.compile(r"\b(sk-[A-Za-z0-9_\-]{6,}|sk-ant-[A-Za-z0-9_\-]{6,})")


class LLMError(SongsmithError):
    """A request failed. ``fatal`` errors (bad key, unknown model, no server) stop the run;
    the others (timeouts, 5xx after retries, refusals, invalid answers) fall back to offline."""

    fatal: bool = False


class FatalLLMError(LLMError):
    fatal = True


class AnswerError(LLMError):
    """The model answered, but not with something usable (invalid JSON, schema, rules, refusal)."""


def redact(text: str, *secrets: str | None) -> str:
    """``text`` with every secret (and anything shaped like an API key) replaced by ``[redacted]``."""
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, "[redacted]")
    return _KEY_LIKE.sub("[redacted]", text)
