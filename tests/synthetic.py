"""Synthetic regional plans: seeded, plausible, with defects placed on the rulebook's boundaries.

For tests (the differential test of engine against oracle, property tests) and benchmarks; it lives
with the tests because no `sto` command needs it.
NOT for production assessment and not a model of real regions: names, numbers and texts are made
up, and defects are injected on purpose.

    generate_plan(seed, defect_rate=0.15) -> dict      # plain data that Plan.model_validate accepts
    generate_plans(n, seed=0, defect_rate=0.15)        # n such plans, deterministic for (n, seed)

A plan is built good first (it passes every rule of the 2020-2023 rulebook in force on its
submission date), then, for each defect kind in DEFECT_KINDS independently with probability
`defect_rate`, one variant of that defect is injected. Variants sit on the boundaries of the
rules: co-financing of exactly 9.99% (against exactly 10.00% in good plans), one technical vmbo
school (against exactly two), requested totals of EUR 599,999.99 and 2,000,000.01 (against
600,000 and 2,000,000), milestones on 2019-12-31 and 2024-01-01 (against 2020-01-01 and
2023-12-31), submission on 2019-04-01 in round 1 and 2019-10-01 in round 2 (against 2019-03-01,
2019-03-31, 2019-04-01 and 2019-09-30 in the right round), a cost line EUR 1.01 off quantity x
price (against EUR 1.00), project leader hours 7.99 (against 8), and facts made absent (no
project leader hours, total costs of 0). Over a few hundred plans every rule both passes and fails.

Everything random comes from one `random.Random(seed)`; the global random state is never used.
Dates are ISO strings and amounts are int (whole euros) or float (with cents), so the output is
also valid JSON and YAML.
"""
from __future__ import annotations

import copy
import datetime as dt
import math
import random
from collections.abc import Iterator
from typing import Any

from engine.plan.template import PLACEHOLDER_BRINS

__all__ = ["DEFECT_KINDS", "generate_plan", "generate_plans"]

# Each kind is decided independently (in this order, so a seed always gives the same plan);
# the rules each kind makes fail are named for readers and for tests.
DEFECT_KINDS: dict[str, tuple[str, ...]] = {
    "submission_window": ("ELIG-01",),
    "no_decision_reference": ("ELIG-07",),
    "lead_school": ("ELIG-02", "ELIG-08"),
    "incomplete_plan": ("ELIG-03",),
    "no_agreement": ("ELIG-04", "PART-05"),
    "short_forecast": ("ELIG-05",),
    "no_analysis": ("ELIG-06",),
    "few_technical_vmbo": ("PART-01", "PART-08"),  # PART-08: one vmbo school in a low-technical region
    "no_mbo": ("PART-02",),
    "no_business": ("PART-03", "FIN-04"),
    "unknown_owner": ("PART-04",),
    "unsigned_partner": ("PART-05",),
    "no_core": ("PART-06",),
    "no_description": ("ACT-01",),
    "no_objectives": ("ACT-02",),
    "no_milestones": ("ACT-03",),
    "no_main_goal": ("ACT-04",),
    "milestone_outside": ("ACT-05",),
    "no_indicator": ("ACT-06",),
    "small_offer_unjustified": ("ACT-07",),
    "miscalculated": ("FIN-01",),
    "no_calculation": ("FIN-01",),
    "unknown_activity": ("FIN-02",),
    "no_explanation": ("FIN-03",),
    "cofinancing_short": ("FIN-04",),
    "over_maximum": ("FIN-05",),
    "low_technical_bounds": ("FIN-06",),
    "year_outside": ("FIN-07",),
    "overfunded": ("FIN-08",),
    "no_leader": ("ORG-01",),
    "no_steering": ("ORG-02",),
    "no_monitoring": ("ORG-03",),
    "leader_hours": ("ORG-04",),
    # a request for the 2024 extension year in a 2019 plan: the extra request overfunds the plan
    "extension_year": ("FIN-08",),
}

D = dt.date
ROUND1 = (D(2019, 3, 1), D(2019, 3, 31))
ROUND2 = (D(2019, 4, 1), D(2019, 9, 30))  # "voor 1 oktober 2019": the last day is 30 September
VSO_COUNTS_FROM = D(2019, 2, 27)  # rulebook 2019-02-27: vso students count for the regional maximum
SPENDING = (D(2020, 1, 1), D(2023, 12, 31))
YEARS = (2020, 2021, 2022, 2023)

HARD = ("PIE", "BWI", "M&T")
OTHER = ("MaT", "MVI")
NON_TECHNICAL = ("D&P", "Z&W", "E&O", "HBR", "Groen")
# cents per upper-year student for the four years together, the same for all five technical profiles
# (programme site, 20 December 2018): bb/kb € 15.895, gl € 7.947,50
RATE_BBKB, RATE_GL = 1_589_500, 794_750

PLACES = ("Aalsvoorde", "Beekendam", "Dijkhoven", "Eikenrode", "Grafveld", "Haverweerd", "Kolkwijk", "Lindewaard",
          "Moerdal", "Noordhove", "Oosterveld", "Rietmeer", "Schoonloo-Oost", "Terwolde-Noord", "Veenendonk",
          "Westerhaar", "Zandhoven", "Zuidbroek-West", "Heuvelkamp", "Ravensloot")
SCHOOL_FORMS = ("{p} College", "Vakcollege {p}", "Scholengemeenschap {p}", "Techniekcollege {p}",
                "Christelijk College {p}", "Het {p} Lyceum en Vmbo", "Vmbo {p}")
BUSINESS_FORMS = ("Installatiebedrijf {n}", "Bouwbedrijf {n} & Zonen", "Metaalbewerking {n} B.V.",
                  "Machinefabriek {n}", "Elektrotechniek {n}", "Autobedrijf {n}", "Scheepswerf {n}",
                  "Drukkerij {n}", "Loonbedrijf {n}", "Klimaattechniek {n} B.V.")
SURNAMES = ("De Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "Mulder", "Bos", "Vos", "Peters",
            "Hendriks", "Dekker", "Brouwer", "Dijkstra", "Kok", "Jacobs", "Veenstra", "Hoekstra", "Kuipers", "Postma")
FIRST_NAMES = ("Anna", "Bram", "Cor", "Daan", "Esther", "Fatima", "Gerrit", "Hanneke", "Ilse", "Joost", "Karin",
               "Lars", "Mohamed", "Nienke", "Olaf", "Petra", "Ruud", "Sanne", "Tom", "Yvonne")
ACTIVITY_TITLES = (
    "Gedeelde praktijkvoorziening", "Doorlopende leerlijn vmbo-mbo", "Hybride docenten", "Modernisering praktijklokalen",
    "Techniek in de onderbouw", "Techniekpromotie basisonderwijs", "Professionalisering docenten", "Stagebureau",
    "Loopbaanoriëntatie techniek", "Spreiding van het aanbod", "Leerlingenvervoer gedeelde lessen",
    "Energietransitie in het curriculum", "Gastlessen bedrijfsleven", "Techniekfestival", "Projectleiding en monitoring",
)
CATEGORIES = {  # unit price range in euros, plausible quantity unit
    "personnel": (45, 95), "equipment": (800, 60000), "materials": (20, 1500), "housing": (5000, 400000),
    "training": (300, 2500), "external": (500, 30000), "other": (10, 5000),
}


def generate_plans(n: int, seed: int = 0, defect_rate: float = 0.15) -> Iterator[dict]:
    """n plans; plan i has its own seed drawn from random.Random(seed), so the sequence is reproducible."""
    seeds = random.Random(seed)
    for _ in range(n):
        yield generate_plan(seeds.getrandbits(63), defect_rate)


def generate_plan(seed: int, defect_rate: float = 0.15) -> dict:
    """One plan as plain data (dicts, lists, str, int, float, bool, None)."""
    if not 0 <= defect_rate <= 1:
        raise ValueError(f"defect_rate must be between 0 and 1, found {defect_rate}")
    return _Generator(random.Random(seed), defect_rate).plan()


def _money(cents: int) -> int | float:
    # whole euros as int, otherwise a float whose repr is exactly the two-decimal amount
    return cents // 100 if cents % 100 == 0 else cents / 100


def _iso(d: dt.date) -> str:
    return d.isoformat()


class _Generator:
    def __init__(self, rng: random.Random, defect_rate: float):
        self.rng = rng
        # decide every kind up front, in a fixed order, so later choices never shift the decisions
        self.defects = {kind: rng.random() < defect_rate for kind in DEFECT_KINDS}
        self.used_brins: set[str] = set()
        self.used_ids: set[str] = set()

    # ---------------------------------------------------------------- small helpers
    def has(self, kind: str) -> bool:
        return self.defects[kind]

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def pick(self, seq):
        return seq[self.rng.randrange(len(seq))]

    def day_between(self, start: dt.date, end: dt.date) -> dt.date:
        return start + dt.timedelta(days=self.rng.randint(0, (end - start).days))

    def brin(self, location: bool = True) -> str:
        while True:
            code = (f"{self.rng.randint(10, 99)}{chr(65 + self.rng.randrange(26))}{chr(65 + self.rng.randrange(26))}"
                    + (f"{self.rng.randint(0, 3):02d}" if location else ""))
            if code not in self.used_brins and code not in PLACEHOLDER_BRINS:  # the template's examples are refused
                self.used_brins.add(code)
                return code

    def ident(self, prefix: str) -> str:
        n = 1
        while f"{prefix}{n}" in self.used_ids:
            n += 1
        self.used_ids.add(f"{prefix}{n}")
        return f"{prefix}{n}"

    def person(self) -> str:
        return f"{self.pick(FIRST_NAMES)} {self.pick(SURNAMES)}"

    # ---------------------------------------------------------------- the plan
    def plan(self) -> dict:
        rng = self.rng
        self.kind = "low_technical" if self.chance(0.3) else "technical"
        self.place = self.pick(PLACES)
        submission = self.submission()
        self.submitted = D.fromisoformat(submission["date"])
        partners = self.partners()
        lead_brin = self.lead_brin(partners)
        vision = self.vision(partners)
        activities = self.activities(partners)
        budget = self.budget(partners, activities)
        organisation = self.organisation(partners)

        plan: dict[str, Any] = {
            "schema_version": 1,
            "region": {"name": f"Techniekregio {self.place}", "kind": self.kind},
            "lead_applicant": {"board": self.lead_board, "school_brin": lead_brin},
            "submission": submission,
            "partners": partners,
            "regional_vision": vision,
            "activities": activities,
            "budget": budget,
            "organisation": organisation,
        }
        if self.has("incomplete_plan"):
            part = self.pick(("regional_vision", "activities", "cost_lines"))
            if part == "regional_vision":
                plan["regional_vision"] = None
            elif part == "activities":
                plan["activities"] = []  # cost lines then point at unknown activities (FIN-02 fails too)
            else:
                budget["cost_lines"] = []  # total costs 0: the co-financing share is absent
        if rng.random() < 0.5 and plan["regional_vision"] is None:
            del plan["regional_vision"]  # absent and null mean the same
        return plan

    # ---------------------------------------------------------------- submission
    def submission(self) -> dict:
        if self.chance(0.7):
            rnd = 1
            date = self.pick(ROUND1) if self.chance(0.3) else self.day_between(*ROUND1)
        else:
            rnd = 2
            date = self.pick(ROUND2) if self.chance(0.3) else self.day_between(*ROUND2)
        if self.has("submission_window"):
            rnd, date = self.pick((
                (1, D(2019, 2, 28)), (1, D(2019, 4, 1)), (2, D(2019, 10, 1)), (2, D(2019, 3, 31)),
                (1, D(2019, 2, 15)),  # before 2019-02-27: judged by the original rulebook version
                (2, D(2019, 11, 20)), (1, D(2019, 9, 1)),
            ))
        out: dict[str, Any] = {"date": _iso(date), "round": rnd}
        if rnd >= 2:
            out["answers_decision"] = f"OCW/STO/2019/{self.rng.randint(100, 9999):04d}"
        if self.has("no_decision_reference"):
            if rnd == 1:  # make it a resubmission that does not say what it answers
                out["round"] = 2
                if not self.has("submission_window"):
                    out["date"] = _iso(self.day_between(*ROUND2))
            out["answers_decision"] = self.pick((None, "", "   "))
            if out["answers_decision"] is None:
                del out["answers_decision"]
        return out

    # ---------------------------------------------------------------- partners
    def students(self, low: bool, vocational: bool = True) -> dict:
        top = 0.5 if low else 1.0
        bb = self.rng.randint(0, int(50 * top)) if vocational else 0
        kb = self.rng.randint(5, int(65 * top)) if vocational else 0
        gl = self.rng.randint(0, int(45 * top))
        return {"bb": bb, "kb": kb, "gl": gl}

    def school(self, kind: str, technical: bool, role: str = "core") -> dict:
        low = self.kind == "low_technical"
        pid = self.ident({"vmbo": "vmbo", "vso": "vso", "mbo": "mbo"}[kind])
        name = self.pick(SCHOOL_FORMS).format(p=self.pick(PLACES))
        p: dict[str, Any] = {"id": pid, "name": name if kind != "mbo" else f"ROC {self.pick(PLACES)}",
                             "type": kind, "brin": self.brin(location=kind != "mbo" or self.chance(0.5)),
                             "board": f"Stichting Onderwijs {self.pick(PLACES)}", "role": role}
        if kind != "mbo":
            profiles = []
            if technical:
                pool = list(HARD + OTHER)
                self.rng.shuffle(pool)
                profiles += [{"profile": pr, "students": self.students(low)} for pr in pool[:self.rng.randint(1, 3)]]
            pool = list(NON_TECHNICAL)
            self.rng.shuffle(pool)
            n_other = self.rng.randint(0 if technical else 1, 2)
            profiles += [{"profile": pr, "students": self.students(False)} for pr in pool[:n_other]]
            self.rng.shuffle(profiles)
            p["profiles"] = profiles
            if self.chance(0.7):
                p["students_counted_on"] = "2018-10-01"
        p["cooperation_agreement"] = self.agreement()
        return p

    def agreement(self) -> dict:
        out: dict[str, Any] = {"signed": True}
        if self.chance(0.6):
            out["signed_on"] = _iso(self.day_between(D(2018, 11, 1), D(2019, 2, 28)))
        return out

    def organisation_partner(self, kind: str, role: str) -> dict:
        prefix = {"business": "bedrijf", "government": "gemeente", "primary_school": "po", "other": "overig"}[kind]
        name = {
            "business": lambda: self.pick(BUSINESS_FORMS).format(n=self.pick(SURNAMES)),
            "government": lambda: f"Gemeente {self.pick(PLACES)}",
            "primary_school": lambda: f"Stichting Primair Onderwijs {self.pick(PLACES)}",
            "other": lambda: f"Techniekpact {self.pick(PLACES)}",
        }[kind]()
        return {"id": self.ident(prefix), "name": name, "type": kind, "role": role,
                "cooperation_agreement": self.agreement()}

    def partners(self) -> list[dict]:
        rng = self.rng
        n_tech = self.pick((2, 2, 2, 3, 3, 4, 5, 6))
        if self.has("few_technical_vmbo"):
            n_tech = 1
        n_nontech = self.pick((0, 0, 1, 1, 2))
        if self.has("few_technical_vmbo") and self.kind == "low_technical":
            n_nontech = 0  # a low-technical region needs two vmbo schools of any kind (PART-08)
        n_vso = 1 if self.chance(0.3) else 0
        n_mbo = 0 if self.has("no_mbo") else self.pick((1, 1, 1, 2))
        n_business = 0 if self.has("no_business") else rng.randint(1, 5)
        extra = [self.pick(("primary_school", "government", "other")) for _ in range(rng.randint(0, 3))]

        tech = [self.school("vmbo", True) for _ in range(n_tech)]
        # the lead school: vocational (bb/kb students) so that it qualifies in both kinds of region
        tech[0]["profiles"][0]["students"]["kb"] = max(tech[0]["profiles"][0]["students"]["kb"], 10)
        if self.has("few_technical_vmbo") and self.chance(0.5):
            # a second location listed with the same BRIN: still one school
            twin = copy.deepcopy(tech[0])
            twin.update(id=self.ident("vmbo"), name=tech[0]["name"] + ", tweede gebouw")
            tech.append(twin)
        nontech = [self.school("vmbo", False, self.pick(("core", "supporting"))) for _ in range(n_nontech)]
        vso = [self.school("vso", True, "supporting") for _ in range(n_vso)]
        mbo = [self.school("mbo", False) for _ in range(n_mbo)]
        business = [self.organisation_partner("business", self.pick(("core", "supporting")))
                    for _ in range(n_business)]
        others = [self.organisation_partner(k, "supporting") for k in extra]
        partners = tech + nontech + vso + mbo + business + others
        # at most 15 partners: drop from the end (the others first), never below 3
        while len(partners) > 15:
            partners.pop()
        while len(partners) < 3:
            partners.append(self.organisation_partner("government", "supporting"))
        self.tech_schools = tech
        self.lead = tech[0]
        self.lead_board = tech[0]["board"]

        if self.has("no_agreement"):
            for p in partners:
                p["cooperation_agreement"] = {"signed": False}
        elif self.has("unsigned_partner"):
            for p in rng.sample(partners, rng.randint(1, min(2, len(partners)))):
                p["cooperation_agreement"] = {"signed": False}
        if self.has("no_core"):
            for p in partners:
                p["role"] = "supporting"
        return partners

    def lead_brin(self, partners: list[dict]) -> str:
        if not self.has("lead_school"):
            return self.lead["brin"]
        variants = ["unknown_brin", "mbo_brin"]
        variants.append("non_technical_school" if self.kind == "technical" else "no_vocational_students")
        variant = self.pick(variants)
        if variant == "mbo_brin":
            mbo = [p for p in partners if p["type"] == "mbo"]
            if mbo and len(mbo[0]["brin"]) == 6:
                return mbo[0]["brin"]
            variant = "unknown_brin"
        if variant == "non_technical_school":
            nontech = [p for p in partners if p["type"] == "vmbo" and
                       not any(o["profile"] in HARD + OTHER for o in p.get("profiles", ()))]
            if nontech:
                return nontech[0]["brin"]
            variant = "unknown_brin"
        if variant == "no_vocational_students":
            # the lead school only has gl students: not a vocational vmbo school
            for p in partners:
                if p.get("brin") == self.lead["brin"]:
                    for o in p.get("profiles", ()):
                        o["students"]["bb"] = o["students"]["kb"] = 0
            return self.lead["brin"]
        return self.brin()  # a school that is not among the partners

    # ---------------------------------------------------------------- regional vision
    def vision(self, partners: list[dict]) -> dict:
        year = self.submitted.year
        horizon = self.pick((10, 10, 11, 12, 14, 15))
        if self.has("short_forecast"):
            horizon = self.pick((9, 9, 5, 0, None))
        forecast = []
        if horizon is not None:
            students = self.rng.randint(400, 1600)
            years = sorted({year - 1, year + horizon // 2, year + horizon})
            for y in years:
                forecast.append({"year": y, "students": students})
                students = max(0, students - self.rng.randint(0, 60))
        text = (f"De regio {self.place} verwacht tot 2025 een tekort van {self.rng.randint(200, 1500)} technici "
                f"op mbo-niveau; het aantal vmbo-leerlingen daalt tot {year + 12} met {self.rng.randint(5, 20)}%.")
        sources = [f"UWV, Regio in beeld {self.place} 2018", "DUO, leerlingen per vestiging, 1 oktober 2018"]
        sources = sources[:self.rng.randint(1, 2)]
        if self.has("no_analysis"):
            if self.chance(0.5):
                text = self.pick(("", "   "))
            else:
                sources = []
        schools = [p for p in partners if p["type"] in ("vmbo", "vso")]
        offer = [{"partner": p["id"], "profile": o["profile"],
                  "tracks": [t for t in ("bb", "kb", "gl") if o["students"][t] > 0]}
                 for p in schools for o in p.get("profiles", ()) if o["profile"] in HARD + OTHER]
        decisions = []
        for entry in offer[:self.rng.randint(0, 4)]:
            small = self.chance(0.4)
            d: dict[str, Any] = {"partner": entry["partner"], "profile": entry["profile"],
                                 "decision": self.pick(("keep", "keep", "merge", "start", "stop")),
                                 "small_offer": small}
            if small or self.chance(0.3):
                d["justification"] = "Enig aanbod binnen 30 km; gedeelde praktijklessen met een partnerschool."
            decisions.append(d)
        if self.has("small_offer_unjustified"):
            d = {"partner": self.lead["id"], "profile": self.lead["profiles"][0]["profile"], "decision": "keep",
                 "small_offer": True}
            blank = self.pick((None, "", "  "))
            if blank is not None:
                d["justification"] = blank
            decisions.insert(self.rng.randint(0, len(decisions)), d)
        out: dict[str, Any] = {"labour_market_analysis": {"text": text, "sources": sources},
                               "student_forecast": forecast}
        if offer:
            out["current_offer"] = offer
        if decisions:
            out["offer_decisions"] = decisions
        return out

    # ---------------------------------------------------------------- activities
    def activities(self, partners: list[dict]) -> list[dict]:
        rng = self.rng
        n = rng.randint(2, 15)
        owners = [p["id"] for p in partners]
        titles = list(ACTIVITY_TITLES)
        rng.shuffle(titles)
        out = []
        for i in range(n):
            goals = rng.sample(["covering_offer", "lasting_quality"], rng.randint(1, 2))
            milestones = []
            for _ in range(rng.randint(1, 4)):
                milestones.append({"description": "Mijlpaal bereikt en vastgesteld door de stuurgroep.",
                                   "due": _iso(self.day_between(*SPENDING)),
                                   "indicator": "Verslag met de gemeten waarde van de indicator."})
            out.append({
                "id": f"A{i + 1}",
                "title": titles[i % len(titles)],
                "description": f"Uitvoering van '{titles[i % len(titles)].lower()}' door de partners in de regio.",
                "main_goals": goals,
                "objectives": [f"Doel {j + 1}: meetbare verbetering in 2023." for j in range(rng.randint(1, 3))],
                "owner": self.pick(owners),
                "milestones": milestones,
            })
        # boundaries that pass: milestones on the first and the last day of the spending period
        if self.chance(0.25):
            self.pick(out)["milestones"][0]["due"] = _iso(SPENDING[0])
        if self.chance(0.25):
            self.pick(out)["milestones"][-1]["due"] = _iso(SPENDING[1])

        def some(k: int = 3) -> list[dict]:
            return rng.sample(out, rng.randint(1, min(k, len(out))))

        if self.has("no_description"):
            for a in some():
                a["description"] = self.pick(("", "  "))
                if a["description"] == "" and self.chance(0.5):
                    del a["description"]
        if self.has("no_objectives"):
            for a in some():
                a["objectives"] = self.pick(([], ["  "]))
        if self.has("no_milestones"):
            for a in some():
                a["milestones"] = []
        if self.has("no_main_goal"):
            for a in some(2):
                a["main_goals"] = []
        dated = [m for a in out for m in a["milestones"]]
        if self.has("milestone_outside") and dated:
            m = self.pick(dated)
            due = self.pick((D(2019, 12, 31), D(2024, 1, 1), None, D(2025, 6, 1)))
            if due is None:
                del m["due"]  # undated
            else:
                m["due"] = _iso(due)
        if self.has("no_indicator") and dated:
            m = self.pick(dated)
            blank = self.pick((None, "", " "))
            if blank is None:
                del m["indicator"]
            else:
                m["indicator"] = blank
        if self.has("unknown_owner"):
            for a in some(2):
                if self.chance(0.5):
                    a["owner"] = "onbekende-partner"
                else:
                    del a["owner"]
        return out

    # ---------------------------------------------------------------- budget
    def regional_maximum_cents(self, with_vso: bool) -> int:
        total = 0
        for p in self.all_partners:
            if p["type"] != "vmbo" and not (with_vso and p["type"] == "vso"):
                continue
            for o in p.get("profiles", ()):
                if o["profile"] in HARD + OTHER:
                    s = o["students"]
                    total += (s["bb"] + s["kb"]) * RATE_BBKB + s["gl"] * RATE_GL
        return total

    def split(self, total: int, parts: int, unit: int = 100) -> list[int]:
        """total cents in `parts` positive-ish shares, multiples of `unit` except the last."""
        weights = [self.rng.uniform(0.8, 1.2) for _ in range(parts)]
        out = [int(total * w / sum(weights)) // unit * unit for w in weights]
        out[-1] += total - sum(out)
        return out

    def budget(self, partners: list[dict], activities: list[dict]) -> dict:
        rng = self.rng
        self.all_partners = partners
        max_safe = self.regional_maximum_cents(with_vso=False)  # passes under every 2020-2023 version
        max_in_force = self.regional_maximum_cents(with_vso=self.submitted >= VSO_COUNTS_FROM)
        max_all = self.regional_maximum_cents(with_vso=True)
        years = list(YEARS)

        # 1. requested subsidy per year (cents)
        if self.kind == "low_technical":
            requested_total = rng.randint(650_000, 1_950_000) * 100
            if self.chance(0.2):
                requested_total = self.pick((600_000_00, 2_000_000_00))  # the boundaries, passing
            if self.has("low_technical_bounds"):
                requested_total = self.pick((599_999_99, 2_000_000_01, 450_000_00, 2_400_000_00))
            per_year = self.split(requested_total, 4)
        else:
            # the regional maximum is for the four years together (FIN-05 compares the 2020-2023 total)
            base = max_safe if max_safe > 0 else 400_000_00
            requested_total = int(base * rng.uniform(0.3, 0.7)) // 100000 * 100000 or 100_000_00
            per_year = self.split(requested_total, 4)
            if self.chance(0.1) and max_in_force > 0:
                per_year = self.split(max_in_force, 4)  # exactly on the maximum, passing
            if self.has("over_maximum"):
                per_year = self.split(max_all + self.pick((1, 1, 100_000_00, max(1, max_all // 4))), 4)
        requested = [{"year": y, "amount": _money(v)} for y, v in zip(years, per_year)]
        requested_total = sum(per_year)
        if self.has("extension_year"):
            quarter = requested_total // 4
            requested.append({"year": 2024, "amount": _money(self.pick((quarter, quarter + 1,
                                                                         requested_total * 2 // 5)))})

        # 2. total costs: the subsidy is 78-88% of them, in whole hundreds of euros (so 10% and 9.99% are exact)
        ratio = rng.uniform(0.78, 0.88)
        total = math.ceil(requested_total / ratio / 10000) * 10000

        # 3. business co-financing (cents)
        business = [p["id"] for p in partners if p["type"] == "business"]
        share = rng.uniform(0.10, 1 - ratio - 0.003)
        cofin = math.ceil(total * share)
        if self.chance(0.15):
            cofin = total // 10  # exactly 10.00%
        if self.has("cofinancing_short"):
            cofin = self.pick((total * 999 // 10000,  # exactly 9.99%
                               total // 10 - 1,  # one cent short
                               max(0, total // 10 - rng.randint(100, 900) * 100),  # a few hundred euros short
                               total // 20, 0))
        if self.chance(0.1) and not self.has("cofinancing_short"):
            cofin = total - requested_total  # subsidy + co-financing exactly the costs (FIN-08 boundary)
        if self.has("overfunded"):
            excess = self.pick((1, 1, rng.randint(1, 5000) * 100))
            if business and self.chance(0.5):
                cofin = total - requested_total + excess
            else:
                counted = cofin if business else 0  # only business co-financing counts
                extra = total - counted - requested_total + excess
                per_year[-1] += extra
                requested[len(years) - 1]["amount"] = _money(per_year[-1])  # 2023 (a 2024 entry may follow)

        # 4. cost lines adding up to exactly `total`
        lines = self.cost_lines(total, activities)
        if self.has("cofinancing_short") and self.chance(0.15):
            for line in lines:  # every line zero: total costs 0, so the co-financing share is absent
                line["quantity"], line["amount"] = 0, 0

        # 5. co-financing lines; sometimes a non-business partner adds money that does not count
        cofinancing = []
        if cofin > 0 and business:
            k = rng.randint(1, min(6, 2 * len(business)))
            for cents in self.split(cofin, k):
                cofinancing.append({"partner": self.pick(business), "year": self.pick(years),
                                    "kind": self.pick(("cash", "in_kind")), "amount": _money(cents),
                                    "description": "Bijdrage van het bedrijf aan de activiteiten."})
        elif cofin > 0:  # no business partner: the mbo or the municipality pays, which does not count
            payer = next((p["id"] for p in partners if p["type"] != "business"), None)
            if payer:
                cofinancing.append({"partner": payer, "year": 2020, "kind": "cash", "amount": _money(cofin)})
        if partners and self.chance(0.1) and len(cofinancing) < 6:
            payer = self.pick(partners)
            if payer["type"] != "business":
                cofinancing.append({"partner": payer["id"], "year": self.pick(years), "kind": "in_kind",
                                    "amount": rng.randint(1, 50) * 1000,
                                    "description": "Eigen bijdrage van een partner die geen bedrijf is."})
        rng.shuffle(cofinancing)
        return {"cost_lines": lines, "requested_subsidy": requested, "cofinancing": cofinancing}

    def cost_lines(self, total: int, activities: list[dict]) -> list[dict]:
        rng = self.rng
        n = rng.randint(5, 60)
        activity_ids = [a["id"] for a in activities] or ["A1"]
        weights = [rng.uniform(0.2, 1.0) for _ in range(n - 1)]
        budget = int(total * 0.9)
        lines = []
        for i, w in enumerate(weights):
            target = budget * w / sum(weights)  # cents
            category = self.pick(tuple(CATEGORIES))
            lo, hi = CATEGORIES[category]
            price = rng.randint(lo, hi) * 100
            if category == "personnel" and self.chance(0.3):
                price += 50  # EUR 62.50 an hour
            quantity = int(target // price)
            if quantity == 0:
                quantity, price = 1, max(1, int(target))
            half = category == "personnel" and quantity > 1 and price % 100 == 0 and self.chance(0.2)
            q_value: int | float = quantity - 0.5 if half else quantity
            amount = int(round(q_value * price))
            lines.append({"id": f"K{i + 1:02d}", "activity": self.pick(activity_ids), "year": self.pick(YEARS),
                          "category": category, "quantity": q_value, "unit_price": _money(price),
                          "amount": amount, "explanation": f"{category}: aantal x prijs volgens offerte."})

        # boundaries that pass: an amount exactly EUR 1.00 off quantity x price is tolerated
        if self.chance(0.15) and lines:
            line = self.pick(lines)
            line["amount"] += self.pick((100, -100)) if line["amount"] >= 100 else 100
        if self.has("miscalculated") and lines:
            line = self.pick(lines)
            delta = self.pick((101, -101, 25000, -(line["amount"] // 2)))  # cents; the tolerance is 100
            line["amount"] += delta if line["amount"] + delta >= 0 else 101
        if self.has("no_calculation") and lines:
            for line in rng.sample(lines, rng.randint(1, min(3, len(lines)))):
                for key in self.pick((("quantity", "unit_price"), ("quantity",), ("unit_price",))):
                    line.pop(key, None)
        if self.has("unknown_activity") and lines:
            for line in rng.sample(lines, rng.randint(1, min(3, len(lines)))):
                if self.chance(0.5):
                    line["activity"] = "A99"
                else:
                    del line["activity"]
        if self.has("no_explanation") and lines:
            for line in rng.sample(lines, rng.randint(1, min(3, len(lines)))):
                blank = self.pick((None, "", "   "))
                if blank is None:
                    del line["explanation"]
                else:
                    line["explanation"] = blank
        if self.has("year_outside") and lines:
            self.pick(lines)["year"] = self.pick((2019, 2024, 2025))

        # the last line takes the rest, so the lines add up to `total` exactly
        rest = total - sum(line["amount"] for line in lines)
        if rest < 0:  # a defect pushed the sum over: lower the largest line's quantity to make room
            biggest = max((ln for ln in lines if "quantity" in ln and "unit_price" in ln),
                          key=lambda ln: ln["amount"], default=None)
            if biggest is None:
                biggest = max(lines, key=lambda ln: ln["amount"])
                biggest["amount"] += rest
            else:
                biggest["quantity"], biggest["unit_price"], biggest["amount"] = 1, 0, 0
            rest = total - sum(line["amount"] for line in lines)
        for line in lines:
            line["amount"] = _money(line["amount"])
        lines.append({"id": f"K{len(lines) + 1:02d}", "activity": self.pick(activity_ids), "year": self.pick(YEARS),
                      "category": "other", "quantity": 1, "unit_price": _money(rest), "amount": _money(rest),
                      "explanation": "Overige projectkosten: 1 x restbedrag volgens de meerjarenbegroting."})
        return lines

    # ---------------------------------------------------------------- organisation
    def organisation(self, partners: list[dict]) -> dict:
        rng = self.rng
        schools = [p["id"] for p in partners if p["type"] in ("vmbo", "mbo")] or [partners[0]["id"]]
        hours: float | int | None = self.pick((8, 8, 12, 16, 20, 24, 10.5))
        leader: dict[str, Any] | None = {"name": self.person(), "partner": self.pick(schools), "hours_per_week": hours}
        if self.has("leader_hours"):
            hours = self.pick((7.99, 7.99, 4, None))
            if hours is None:
                del leader["hours_per_week"]  # the optional fact is then absent
            else:
                leader["hours_per_week"] = hours
        if self.has("no_leader"):
            if self.chance(0.5):
                leader = None
            else:
                leader["partner"] = "extern-bureau"
        members = [{"name": self.person(), "partner": self.pick([p["id"] for p in partners]),
                    "role": self.pick(("voorzitter", "lid", "namens het bedrijfsleven", "secretaris"))}
                   for _ in range(rng.randint(1, 6))]
        out: dict[str, Any] = {
            "project_leader": leader,
            "steering_group": members,
            "decision_making": "De stuurgroep besluit bij meerderheid over jaarplan en begroting.",
            "monitoring": "De projectleider volgt mijlpalen en indicatoren per kwartaal.",
            "reporting": "Elk kwartaal een voortgangsrapportage aan de stuurgroep; jaarlijks aan de besturen.",
        }
        if self.has("no_steering"):
            if self.chance(0.5):
                out["steering_group"] = []
            else:
                out["decision_making"] = self.pick(("", "  "))
        if self.has("no_monitoring"):
            out[self.pick(("monitoring", "reporting"))] = self.pick(("", " "))
        if leader is None:
            del out["project_leader"]
        return out
