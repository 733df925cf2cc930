"""The committee's judgement per rule and its advice, recorded in the audit chain (docs/process.md).

The rules of what may be recorded and the computed final picture are pure functions (rules.py);
the store appends the records (engine/store); `sto judge`, `sto advise`, `sto withdraw` (cli.py)
and the API (engine/service/judgements.py) are the ways in.
"""
from .rules import (
    ADVICE,
    ADVICE_LABELS,
    HOLDS,
    HOLDS_LABELS,
    KINDS,
    PROCESS_OUTCOMES,
    JudgementError,
    check_advice,
    check_judgement,
    check_withdrawal,
    open_rules,
    picture,
)

__all__ = ["ADVICE", "ADVICE_LABELS", "HOLDS", "HOLDS_LABELS", "KINDS", "PROCESS_OUTCOMES", "JudgementError",
           "check_advice", "check_judgement", "check_withdrawal", "open_rules", "picture"]
