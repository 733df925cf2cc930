"""Names for the types of data that reaches the engine as parsed JSON (or YAML) and stays that way.

A verdict, a stored record's body or an API request is a plain mapping when its shape is checked
elsewhere (a pydantic model, a JSON schema, the code that builds it); `JSONObject` says so where a
function takes or returns one, instead of a bare `dict`.
"""
from __future__ import annotations

import os
from typing import Any, TypeAlias

JSONObject: TypeAlias = dict[str, Any]
# a file name as the standard library takes it
StrPath: TypeAlias = str | os.PathLike[str]
