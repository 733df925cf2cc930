"""Step 4 of the pipeline: firings -> findings, outcome, summary; the verdict format and its schema."""
from .build import build_findings, family_summaries, outcome_of, seal, verdict_digest
from .model import OUTCOME_LABELS, STATUS_LABELS, VERDICT_SCHEMA_VERSION, Outcome, Verdict, verdict_json_schema

__all__ = ["build_findings", "family_summaries", "outcome_of", "seal", "verdict_digest", "OUTCOME_LABELS",
           "STATUS_LABELS", "VERDICT_SCHEMA_VERSION", "Outcome", "Verdict", "verdict_json_schema"]
