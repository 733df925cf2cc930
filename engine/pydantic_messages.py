"""pydantic's validation errors as our own messages, Dutch and English, from the catalogue.

pydantic describes each error with a stable `type` ("missing", "int_parsing", ...) and its
parameters in `ctx` ({"ge": 2019}); its English `msg` is wording that may change with any release.
The message is built here from `type` and `ctx` alone, through the catalogue (engine/i18n.py); the
English texts are worded as pydantic 2 words them, so the English a user sees stays the same.

An error whose type has no message here (and "value_error": the text of our own validators, which
the caller keeps) gives None: the caller uses pydantic's text.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .i18n import LANGUAGES, N_, tr, tr_n

# type -> message id, for types whose message takes no count.
_BY_TYPE = {
    "missing": N_("pydantic.missing"),
    "extra_forbidden": N_("pydantic.extra_forbidden"),
    # a dataclass's (the verdict's parts) words for extra_forbidden and model_type
    "unexpected_keyword_argument": N_("pydantic.extra_forbidden"),
    "dataclass_type": N_("pydantic.model_type"),
    "string_type": N_("pydantic.string_type"),
    "int_type": N_("pydantic.int_type"),
    "int_parsing": N_("pydantic.int_parsing"),
    "int_from_float": N_("pydantic.int_from_float"),
    "float_type": N_("pydantic.float_type"),
    "float_parsing": N_("pydantic.float_parsing"),
    "finite_number": N_("pydantic.finite_number"),
    "bool_type": N_("pydantic.bool_type"),
    "bool_parsing": N_("pydantic.bool_parsing"),
    "list_type": N_("pydantic.list_type"),
    "tuple_type": N_("pydantic.tuple_type"),
    "set_type": N_("pydantic.set_type"),
    "dict_type": N_("pydantic.dict_type"),
    "model_type": N_("pydantic.model_type"),
    "model_attributes_type": N_("pydantic.model_attributes_type"),
    "date_type": N_("pydantic.date_type"),
    "date_parsing": N_("pydantic.date_parsing"),
    "date_from_datetime_parsing": N_("pydantic.date_from_datetime_parsing"),
    "date_from_datetime_inexact": N_("pydantic.date_from_datetime_inexact"),
    "enum": N_("pydantic.one_of"),
    "literal_error": N_("pydantic.one_of"),
    "greater_than_equal": N_("pydantic.greater_than_equal"),
    "less_than_equal": N_("pydantic.less_than_equal"),
    "greater_than": N_("pydantic.greater_than"),
    "less_than": N_("pydantic.less_than"),
    "string_pattern_mismatch": N_("pydantic.string_pattern_mismatch"),
    "invalid_key": N_("pydantic.invalid_key"),
}


def _number(value: object) -> str:
    """A bound as pydantic writes it: 0.0 as 0."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _options(expected: str, lang: str) -> str:
    """pydantic's list of allowed values ("'a', 'b' or 'c'") joined in `lang`."""
    options = re.findall(r"'[^']*'", expected)
    if len(options) < 2:
        return expected
    return tr("list.or", lang, rest=", ".join(options[:-1]), last=options[-1])


def message(error: Mapping[str, Any], lang: str) -> str | None:
    """One pydantic error (an item of `ValidationError.errors()`) in `lang`, or None (see above)."""
    kind, ctx = error.get("type"), error.get("ctx") or {}
    if kind == "string_too_short":
        n = int(ctx["min_length"])
        return tr_n("pydantic.string_too_short", "pydantic.string_too_short.plural", n, lang)
    if kind == "string_too_long":
        n = int(ctx["max_length"])
        return tr_n("pydantic.string_too_long", "pydantic.string_too_long.plural", n, lang)
    if kind in ("too_long", "too_short"):
        n, actual = int(ctx["max_length" if kind == "too_long" else "min_length"]), ctx.get("actual_length")
        field_type = str(ctx.get("field_type", "Value"))
        if kind == "too_long":
            return tr_n("pydantic.too_long", "pydantic.too_long.plural", n, lang, actual=actual, field_type=field_type)
        return tr_n("pydantic.too_short", "pydantic.too_short.plural", n, lang, actual=actual, field_type=field_type)
    msgid = _BY_TYPE.get(str(kind))
    if msgid is None:
        return None
    values: dict[str, object] = {k: _number(v) for k, v in ctx.items() if k in ("ge", "le", "gt", "lt")}
    if "expected" in ctx:
        values["expected"] = _options(str(ctx["expected"]), lang)
    for key in ("class_name", "pattern", "error"):
        if key in ctx:
            values[key] = ctx[key]
    return tr(msgid, lang, **values)


def messages(error: Mapping[str, Any]) -> dict[str, str] | None:
    """{"nl": ..., "en": ...} for one pydantic error, or None."""
    texts = {lang: message(error, lang) for lang in LANGUAGES}
    return {lang: text for lang, text in texts.items() if text is not None} if all(texts.values()) else None
