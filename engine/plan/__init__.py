"""Step 1 of the pipeline: the plan document — typed models, safe loading with located errors."""
from __future__ import annotations

from ..jsontypes import JSONObject
from .loader import DEFAULT_MAX_BYTES, LoadedPlan, load_plan, load_plan_text
from .model import PLAN_SCHEMA_VERSION, Plan
from .template import INIT_TEMPLATE


def plan_json_schema() -> JSONObject:
    """JSON Schema (draft 2020-12) of plan files, for editors and for `sto schema plan`."""
    schema = Plan.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://sto-toets.example/schemas/plan-v{PLAN_SCHEMA_VERSION}.json"
    schema["title"] = "Regionaal plan Sterk Techniekonderwijs"
    schema["description"] = ("A regional plan for the Sterk Techniekonderwijs subsidy, as read by sto-toets. "
                             "Money in euros (at most two decimals), dates as YYYY-MM-DD.")
    return schema


__all__ = ["DEFAULT_MAX_BYTES", "LoadedPlan", "load_plan", "load_plan_text", "Plan", "INIT_TEMPLATE",
           "plan_json_schema"]
