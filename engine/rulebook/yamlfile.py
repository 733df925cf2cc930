"""Read one YAML file of the rulebook folder (a version, or the bibliography) with located errors."""
from __future__ import annotations

from pathlib import Path

import yaml

from ..errors import RulebookError
from ..i18n import both


def read_yaml(path: Path) -> object:
    """The file's data; not YAML or not UTF-8 is a RulebookError naming the file, line and column."""
    name = str(path)
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise RulebookError.said_in(name, both("rulebook.not_yaml", where=where, problem=str(getattr(exc, "problem", exc)))) \
            from None
    except UnicodeDecodeError as exc:
        raise RulebookError.said_in(name, both("rulebook.not_utf8", byte=exc.start)) from None
