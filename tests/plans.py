"""A compact plan that passes every rule of the 2020-2023 versions, as plain data, for tests that
change one thing. (The rich, realistic plans for people are in examples/plans/.)"""
from __future__ import annotations

import copy
import datetime as dt
import hashlib

import yaml

from engine.plan import INIT_TEMPLATE, LoadedPlan, load_plan_text

_BASE = {
    "region": {"name": "Regio Testland", "kind": "technical"},
    "lead_applicant": {"board": "Stichting Testscholen", "school_brin": "11AA00"},
    "submission": {"date": dt.date(2019, 3, 15), "round": 1},
    "partners": [
        {"id": "v1", "name": "Testcollege", "type": "vmbo", "brin": "11AA00", "board": "Stichting Testscholen",
         "role": "core", "profiles": [{"profile": "PIE", "students": {"bb": 60, "kb": 50, "gl": 20}}],
         "cooperation_agreement": {"signed": True, "signed_on": dt.date(2019, 2, 1)}},
        {"id": "v2", "name": "Techniekschool Oost", "type": "vmbo", "brin": "22BB00", "role": "core",
         "profiles": [{"profile": "BWI", "students": {"bb": 40, "kb": 30, "gl": 10}}],
         "cooperation_agreement": {"signed": True}},
        {"id": "m1", "name": "ROC Testland", "type": "mbo", "brin": "33CC", "role": "core",
         "cooperation_agreement": {"signed": True}},
        {"id": "b1", "name": "Installatiebedrijf De Vonk", "type": "business", "role": "supporting",
         "cooperation_agreement": {"signed": True}},
    ],
    "regional_vision": {
        "labour_market_analysis": {"text": "Tekort aan installateurs en bouwvakkers.", "sources": ["UWV 2018"]},
        "student_forecast": [{"year": 2019, "students": 900}, {"year": 2030, "students": 780}],
        "offer_decisions": [{"partner": "v2", "profile": "BWI", "decision": "keep", "small_offer": True,
                             "justification": "Enige BWI-opleiding binnen 30 km."}],
    },
    "activities": [
        {"id": "A1", "title": "Techniekhuis", "description": "Een gedeelde praktijkruimte.",
         "main_goals": ["lasting_quality"], "objectives": ["Moderne apparatuur"], "owner": "v1",
         "milestones": [{"description": "Ruimte open", "due": dt.date(2020, 9, 1), "indicator": "Opening"}]},
        {"id": "A2", "title": "Doorlopende leerlijn", "description": "Samen met het mbo.",
         "main_goals": ["covering_offer"], "objectives": ["Minder uitval"], "owner": "m1",
         "milestones": [{"description": "Leerlijn klaar", "due": dt.date(2021, 6, 30), "indicator": "Vastgesteld"}]},
    ],
    "budget": {
        "cost_lines": [
            {"id": "K1", "activity": "A1", "year": 2020, "category": "equipment", "quantity": 10,
             "unit_price": 20000, "amount": 200000, "explanation": "Machines"},
            {"id": "K2", "activity": "A2", "year": 2021, "category": "personnel", "quantity": 1000,
             "unit_price": 100, "amount": 100000, "explanation": "Uren docenten"},
        ],
        "requested_subsidy": [{"year": 2020, "amount": 150000}, {"year": 2021, "amount": 110000}],
        "cofinancing": [{"partner": "b1", "year": 2020, "kind": "in_kind", "amount": 30000,
                         "description": "Gastlessen en machines"}],
    },
    "organisation": {
        "project_leader": {"name": "J. Jansen", "partner": "v1", "hours_per_week": 16},
        "steering_group": [{"name": "A. de Vries", "partner": "v1", "role": "voorzitter"}],
        "decision_making": "De stuurgroep besluit bij meerderheid.",
        "monitoring": "Elk kwartaal een voortgangsoverzicht.",
        "reporting": "Jaarlijks verslag aan de partners.",
    },
}


def good_plan() -> dict:
    return copy.deepcopy(_BASE)


def as_loaded(data: dict, source: str = "test-plan.yaml") -> LoadedPlan:
    raw = yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode()
    return load_plan_text(raw, source)


def sha(data: dict) -> str:
    return hashlib.sha256(yaml.safe_dump(data).encode()).hexdigest()


# The `sto init` template as a region fills it in: its example names, BRINs and instruction texts
# replaced (engine/plan/template.py names them), everything else as the template has it.
_FILLED_IN = {
    "Installatiebedrijf Voorbeeld B.V.": "Installatiebedrijf Zandstad B.V.",
    "Techniekschool Voorbeeld-Oost": "Techniekschool Zandstad-Oost",
    "Stichting Voorbeeldscholen": "Stichting Zandstadscholen",
    "Voorbeeldcollege": "Zandstadcollege",
    "Regio Voorbeeld": "Regio Zandstad",
    "ROC Voorbeeld": "ROC Zandstad",
    "Naam Projectleider": "P. Jansen",
    "Naam Voorzitter": "A. de Vries",
    "Naam Lid": "B. Bakker",
    "99XX00": "12AB00",
    "99YY00": "34CD00",
    "99ZZ": "56EF",
    "Beschrijf hier de vraag naar technisch opgeleide vakmensen in de regio.":
        "Installateurs en bouwvakkers zijn in de regio moeilijk te vinden.",
}


def filled_template() -> str:
    text = INIT_TEMPLATE
    for example, own in _FILLED_IN.items():
        text = text.replace(example, own)
    return text


FILLED_TEMPLATE = filled_template()
