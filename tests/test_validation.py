"""Schema errors are described in songsmith's words, whatever pydantic release is installed."""

from __future__ import annotations

from typing import Annotated, Literal

import pytest
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from songsmith.validation import describe_error


class _Inner(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str = "t"
    count: int = 0
    ratio: float = 0.0
    flag: bool = False
    rating: Annotated[int, Field(ge=0, le=5)] = 0
    tags: list[str] = []
    kind: Literal["a", "b"] = "a"
    short: Annotated[str, Field(max_length=3)] = ""
    inner: _Inner | None = None
    checked: str = ""

    @field_validator("checked")
    @classmethod
    def _not_x(cls, value: str) -> str:
        if value == "x":
            raise ValueError("x is not allowed here")
        return value


@pytest.mark.parametrize(("data", "expected"), [
    ({"title": [1]}, "title: expected text"),
    ({"count": "many"}, "count: expected a whole number"),
    ({"count": 1.5}, "count: expected a whole number, not a fraction"),
    ({"ratio": "half"}, "ratio: expected a number"),
    ({"flag": "perhaps"}, "flag: expected true or false"),
    ({"rating": 9}, "rating: must be at most 5"),
    ({"rating": -1}, "rating: must be at least 0"),
    ({"tags": "a"}, "tags: expected a list"),
    ({"short": "abcd"}, "short: takes at most 3 characters"),
    ({"inner": {"name": "n", "colour": 1}}, "unknown key 'colour' in inner"),
    ({"inner": {}}, "missing required key 'inner.name'"),
    ({"inner": 3}, "inner: expected a mapping of keys"),
    ({"colour": 1}, "unknown key 'colour'"),
    ({"checked": "x"}, "checked: x is not allowed here"),
])
def test_each_error_kind_has_our_wording(data: dict[str, object], expected: str) -> None:
    with pytest.raises(ValidationError) as caught:
        _Model.model_validate(data)
    assert describe_error(caught.value.errors(include_url=False)[0]) == expected


def test_a_literal_names_what_it_takes() -> None:
    with pytest.raises(ValidationError) as caught:
        _Model.model_validate({"kind": "c"})
    message = describe_error(caught.value.errors(include_url=False)[0])
    assert message.startswith("kind: expected one of ") and "'a'" in message and "'b'" in message


def test_an_unknown_kind_falls_back_to_a_message() -> None:
    assert describe_error({"type": "some_future_kind", "loc": ("a",), "msg": "odd"}) == "a: odd"
