"""YAML's parse errors as our messages: the kind from the parser's problem, the position from its
mark, the words from the catalogue in Dutch and English; with libyaml and with PyYAML's own parser."""
from __future__ import annotations

import pytest
import yaml

from engine import yaml_messages

LOADERS = [yaml.SafeLoader] + ([yaml.CSafeLoader] if hasattr(yaml, "CSafeLoader") else [])

BROKEN = {
    "a: b: c\n": ("yaml.colon_out_of_place", 1),
    "a: *x\n": ("yaml.undefined_alias", 1),
    "a:\n  b: c\n d: e\n": ("yaml.indentation", 3),
    "a: [b, c\n": ("yaml.missing_comma_bracket", 2),
    "a: {b: c\n": ("yaml.missing_comma_brace", 2),
    "- a\nb\n": ("yaml.not_key_value", 3),
    'a: "b\n': ("yaml.unexpected_end", 2),
    "a: @b\n": ("yaml.cannot_start_token", 1),
    'a: "\\q"\n': ("yaml.unknown_escape", 1),
    "a: !x!y b\n": ("yaml.undefined_tag_handle", 1),
    "a: &\n": ("yaml.anchor_without_name", 1),
    "%YAML 1.1\n%YAML 1.1\n---\na\n": ("yaml.duplicate_directive", 2),
    "{a: b}}\n": ("yaml.text_after_document", 1),
}


def _error(text: str, loader) -> yaml.YAMLError:
    with pytest.raises(yaml.YAMLError) as exc:
        yaml.compose(text, Loader=loader)
    return exc.value


@pytest.mark.parametrize("loader", LOADERS, ids=lambda loader: loader.__name__)
@pytest.mark.parametrize("text", list(BROKEN))
def test_each_parse_error_has_its_kind_and_line(text, loader):
    error = _error(text, loader)
    msgid, line = BROKEN[text]
    assert yaml_messages.kind(error) == msgid
    assert yaml_messages.position(error)[0] == line
    said = yaml_messages.messages(error)
    assert said["nl"].startswith("geen geldige YAML: ") and said["en"].startswith("not valid YAML: ")
    assert yaml_messages.problem_text(error) not in said["nl"]  # Dutch words, not the parser's English


def test_a_tab_is_named_by_either_parser():
    for loader in LOADERS:
        said = yaml_messages.messages(_error("a:\n\tb: c\n", loader))
        assert said["nl"].startswith("geen geldige YAML: een ") and "Engels" not in said["nl"]


def test_a_kind_not_listed_keeps_the_parsers_words_under_a_dutch_lead_in():
    error = yaml.YAMLError()
    error.problem = "something libyaml may say one day"  # type: ignore[attr-defined]
    assert yaml_messages.kind(error) is None
    assert yaml_messages.messages(error) == {"nl": "geen geldige YAML: something libyaml may say one day",
                                             "en": "not valid YAML: something libyaml may say one day"}
