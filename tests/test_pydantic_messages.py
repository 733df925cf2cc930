"""pydantic's errors as our messages: built from the error's type and ctx through the catalogue,
in Dutch and English, never from pydantic's English text."""
from __future__ import annotations

import datetime as dt
from typing import Literal

import pytest
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from engine import pydantic_messages
from engine.errors import InputError, Problem
from engine.errors_nl import UNKNOWN_PROBLEM, render_input_error


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1)
    code: str = Field(pattern=r"^\d\d[A-Z]{2}$")
    year: int = Field(ge=2019)
    share: float = Field(gt=0, le=1)
    kind: Literal["mbo", "vmbo", "po"]
    signed: bool
    on: dt.date
    tags: list[str] = Field(max_length=2)


def _errors(data: dict) -> dict[str, dict]:
    with pytest.raises(ValidationError) as exc:
        _Part.model_validate(data)
    return {str(e["loc"][0]) if e["loc"] else "": e for e in exc.value.errors(include_url=False)}


BAD = {"name": "", "code": "xx", "year": 1900, "share": 2, "kind": "roc", "signed": "misschien", "on": "gisteren",
       "tags": ["a", "b", "c"], "extra": 1}


def test_each_error_is_worded_from_its_type_and_ctx():
    nl = {loc: pydantic_messages.message(e, "nl") for loc, e in _errors(BAD).items()}
    assert nl == {
        "name": "de tekst mag niet leeg zijn",
        "code": "de waarde heeft niet de juiste vorm",
        "year": "de waarde moet minstens 2019 zijn",
        "share": "de waarde mag hoogstens 1 zijn",
        "kind": "de waarde moet een van deze zijn: 'mbo', 'vmbo' of 'po'",
        "signed": "hier hoort true of false te staan",
        "on": "hier hoort een datum te staan",
        "tags": "hier mogen hoogstens 2 items staan, niet 3",
        "extra": "dit veld hoort hier niet",
    }
    assert pydantic_messages.message(_errors({})["name"], "nl") == "dit verplichte veld ontbreekt"


def test_the_text_does_not_come_from_pydantics_english():
    error = {**_errors(BAD)["year"], "msg": "something pydantic may say one day"}
    assert pydantic_messages.messages(error) == {"nl": "de waarde moet minstens 2019 zijn",
                                                  "en": "Input should be greater than or equal to 2019"}


def test_the_english_joins_options_with_or():
    assert pydantic_messages.message(_errors(BAD)["kind"], "en") == "Input should be 'mbo', 'vmbo' or 'po'"


def test_an_error_type_without_a_message_keeps_pydantics_text():
    error = {"type": "value_error", "loc": ("on",), "msg": "Value error, our own words", "ctx": {"error": "x"}}
    assert pydantic_messages.messages(error) is None
    problem = Problem.from_pydantic(error)
    assert problem.message == "Value error, our own words" and problem.nl is None and problem.path == "/on"


@pytest.mark.parametrize("kind", sorted(pydantic_messages._BY_TYPE))
def test_every_known_type_has_both_texts(kind):
    ctx = {"expected": "'a' or 'b'", "ge": 1, "le": 1, "gt": 1, "lt": 1, "class_name": "X", "pattern": "^x$",
           "error": "input is too short"}
    texts = pydantic_messages.messages({"type": kind, "loc": (), "msg": "", "ctx": ctx})
    assert texts is not None and all(texts.values()) and texts["nl"] != texts["en"]


def test_a_problem_from_pydantic_renders_dutch_first():
    problem = Problem.from_pydantic(_errors(BAD)["year"])
    rendered = render_input_error(InputError("verdict.json", [problem]))
    assert "verdict.json: de waarde moet minstens 2019 zijn (English: Input should be greater than or equal to 2019)" \
        in rendered
    assert UNKNOWN_PROBLEM not in rendered
