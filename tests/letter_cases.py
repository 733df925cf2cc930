"""Letters need a stored pre-screen and the committee's records (except the zelfcheck): one way for
the letter tests to make them, through the real store (SQLite in a temporary folder)."""
from __future__ import annotations

import json
from pathlib import Path

from engine.letters import Dossier
from engine.plan import load_plan
from engine.verdict import Verdict

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "plans"
OWN = ROOT / "tests" / "data" / "letters"
NEGATIVE = EXAMPLES / "cofinanciering-net-onder-10.yaml"  # FIN-04 fails
INELIGIBLE = EXAMPLES / "onvoldoende-partners.yaml"  # PART-01, a verified knock-out
COMPLETE = EXAMPLES / "noord-veluwe-compleet.yaml"  # passes; a technical region
REVIEW = OWN / "commissie.yaml"  # PART-05 (an assumed rule) needs review
INCOMPLETE = OWN / "aanvulling.yaml"  # FIN-04 cannot be computed: no amounts


def prescreen(store, path: Path, assessor):
    loaded = load_plan(path)
    verdict = Verdict.from_json(json.loads(json.dumps(assessor.assess(loaded).verdict.to_json())))  # as read back
    return store.record(plan_bytes=loaded.raw, plan_source=loaded.source, verdict=verdict, actor="secretaris",
                        role="committee", mode="pre-screen")


def dossier(store, record_id: str) -> tuple[dict, Dossier]:
    stored = store.get(record_id)
    return stored.verdict, Dossier.from_store(stored, store.committee_records(record_id))


def decided(store, path: Path, assessor, advice: str | None, *, holds: str = "no", condition: str | None = None,
            motivation: str = "Nog niet voldragen.", conditions: tuple[str, ...] = ()) -> tuple[dict, Dossier]:
    """A pre-screen whose open rules the committee judged (`holds`), then advised on (None: no advice)."""
    rec = prescreen(store, path, assessor)
    for rule in store.picture(rec.id)["open_rules"]:
        store.judge(rec.id, rule_id=rule, holds=holds, condition=condition, actor="lid A",
                    motivation=f"Oordeel over {rule}: zo beoordeeld door de commissie.")
    if advice is not None:
        store.advise(rec.id, advice=advice, motivation=motivation, conditions=list(conditions), actor="voorzitter")
    return dossier(store, rec.id)
