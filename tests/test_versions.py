"""Each rulebook version changes what it says it changes: for each, a plan whose result differs
from the previous version for exactly that reason."""
from __future__ import annotations

import datetime as dt

import pytest

from engine.assess import Assessor
from engine.diff import diff_rulebooks, impact
from tests.plans import as_loaded, good_plan

V2018, VSO, R3, A2021, L2022, A2023, V2025 = (
    "sto-2020-2023@2018-09-13", "sto-2020-2023@2019-02-27", "sto-2020-2023@2020-03-16",
    "sto-2020-2023@2021-05-27", "sto-2020-2023@2022-07-07", "sto-2020-2023@2023-07-20", "sto-2025-2028@2024-04-03")


@pytest.fixture(scope="module")
def assessor() -> Assessor:
    return Assessor()


def status(assessor, data, ref) -> dict[str, str]:
    v = assessor.assess(as_loaded(data), rulebook=ref).verdict.to_json()
    return {f["rule_id"]: f["status"] for f in v["findings"]} | {"outcome": v["outcome"]}


def test_good_plan_passes_every_2020_2023_version(assessor):
    for ref in (V2018, VSO, R3, A2021, L2022, A2023):
        s = status(assessor, good_plan(), ref)
        not_passing = {k: v for k, v in s.items() if v not in ("pass", "not_applicable", "positive_advice")}
        assert not not_passing, (ref, not_passing)


def test_selection_by_submission_date(assessor):
    data = good_plan()
    for day, ref in ((dt.date(2019, 2, 26), V2018), (dt.date(2019, 2, 27), VSO), (dt.date(2020, 4, 1), R3),
                     (dt.date(2022, 7, 7), L2022), (dt.date(2024, 4, 2), A2023), (dt.date(2024, 4, 3), V2025)):
        data["submission"]["date"] = day
        v = assessor.assess(as_loaded(data)).verdict.to_json()
        assert f"{v['receipt']['rulebook']['id']}@{v['receipt']['rulebook']['version']}" == ref
        assert v["receipt"]["selected_by"] == "submission_date"
    v = assessor.assess(as_loaded(good_plan()), as_of=dt.date(2021, 9, 1)).verdict.to_json()
    assert v["receipt"]["rulebook"]["version"] == "2021-05-27" and v["receipt"]["selected_by"] == "as_of"


def test_vso_students_count_from_the_vso_version(assessor):
    data = good_plan()
    # vmbo only: 180 bb/kb x € 15.895 + 30 gl x € 7.947,50 = € 3.099.525 for the four years;
    # the request exceeds that but fits once the vso school's 100 bb students count (+ € 1.589.500)
    data["partners"].append({"id": "s1", "name": "VSO De Brug", "type": "vso", "brin": "44DD00", "role": "supporting",
                             "profiles": [{"profile": "PIE", "students": {"bb": 100, "kb": 0, "gl": 0}}],
                             "cooperation_agreement": {"signed": True}})
    data["budget"]["requested_subsidy"] = [{"year": 2020, "amount": 3500000}]
    data["budget"]["cost_lines"][0].update(quantity=200, amount=4000000)
    data["budget"]["cofinancing"][0]["amount"] = 420000
    before, after = status(assessor, data, V2018), status(assessor, data, VSO)
    assert before["FIN-05"] == "needs_review"  # programme-site amounts: never a hard fail
    assert after["FIN-05"] == "pass", after
    assert (before["outcome"], after["outcome"]) == ("committee_review", "positive_advice")


def test_regional_maximum_uses_the_published_four_year_amounts(assessor):
    data = good_plan()
    # exactly the maximum for the four years passes, one cent more is a finding for the committee
    data["budget"]["requested_subsidy"] = [{"year": 2020, "amount": 3099525}]
    data["budget"]["cost_lines"][0].update(quantity=200, amount=4000000)
    data["budget"]["cofinancing"][0]["amount"] = 420000
    assert status(assessor, data, VSO)["FIN-05"] == "pass"
    data["budget"]["requested_subsidy"] = [{"year": 2020, "amount": 3099525.01}]
    v = assessor.assess(as_loaded(data), rulebook=VSO).verdict.to_json()
    fin5 = next(f for f in v["findings"] if f["rule_id"] == "FIN-05")
    assert fin5["status"] == "needs_review" and v["outcome"] == "committee_review"
    assert fin5["remediation"]["message"]["nl"] .replace("\u00a0", " ") == (
        "Verlaag de gevraagde subsidie voor 2020-2023 samen met € 0,01: in de begroting onder gevraagde subsidie per "
        "jaar (budget.requested_subsidy).")


def test_third_round_window_exists_from_march_2020(assessor):
    data = good_plan()
    data["submission"] = {"date": dt.date(2020, 4, 15), "round": 3, "answers_decision": "OCW/STO/2019-123"}
    before, after = status(assessor, data, VSO), status(assessor, data, R3)
    assert before["ELIG-01"] == "fail" and before["outcome"] == "ineligible"
    assert after["ELIG-01"] == "pass" and after["outcome"] == "positive_advice"
    data["submission"]["date"] = dt.date(2020, 6, 1)  # the day after the window
    assert status(assessor, data, R3)["ELIG-01"] == "fail"


def test_spending_until_august_2024_after_the_2021_amendment(assessor):
    data = good_plan()
    data["activities"][0]["milestones"][0]["due"] = dt.date(2024, 5, 1)
    before, after = status(assessor, data, R3), status(assessor, data, A2021)
    assert before["ACT-05"] == "needs_review" and after["ACT-05"] == "pass"
    data["activities"][0]["milestones"][0]["due"] = dt.date(2024, 8, 1)  # "tot 1 augustus 2024"
    assert status(assessor, data, A2021)["ACT-05"] == "needs_review"


def test_the_2022_letter_changes_no_plan_rule(assessor):
    data = good_plan()
    data["budget"]["cofinancing"][0]["amount"] = 24000  # 8% of 300,000: the 7.5% is a realisation figure
    before, after = status(assessor, data, A2021), status(assessor, data, L2022)
    assert before["FIN-04"] == after["FIN-04"] == "fail"
    assert before["outcome"] == after["outcome"] == "negative_advice"


def test_a_supplement_filed_in_september_2023_is_never_ineligible_for_lack_of_a_window(assessor):
    data = good_plan()
    data["submission"] = {"date": dt.date(2023, 9, 15), "round": 2, "answers_decision": "OCW/STO/2019-123"}
    s = status(assessor, data, A2023)
    assert s["ELIG-01"] == "not_applicable" and s["ELIG-09"] == "needs_review", s
    assert s["outcome"] != "ineligible"  # (ELIG-05 counts the forecast from 2023: a separate finding)
    assert "FIN-09" not in s
    for day in (dt.date(2023, 7, 20), dt.date(2023, 10, 1)):  # both ends of the supplement period
        data["submission"]["date"] = day
        assert status(assessor, data, A2023)["ELIG-09"] == "needs_review"
    data["submission"]["date"] = dt.date(2023, 10, 2)  # no window of any kind
    s = status(assessor, data, A2023)
    assert s["ELIG-01"] == "fail" and s["ELIG-09"] == "pass"


def test_extension_year_2024_after_the_2023_amendment(assessor):
    data = good_plan()
    data["activities"][1]["milestones"][0]["due"] = dt.date(2024, 10, 1)
    before, after = status(assessor, data, L2022), status(assessor, data, A2023)
    assert before["ACT-05"] == "needs_review" and after["ACT-05"] == "pass"


def _plan_2025() -> dict:
    data = good_plan()
    data["submission"] = {"date": dt.date(2024, 9, 20), "round": 1}
    data["regional_vision"]["student_forecast"].append({"year": 2036, "students": 700})
    for i, a in enumerate(data["activities"]):
        a["milestones"][0]["due"] = dt.date(2025 + i, 6, 1)
    for line in data["budget"]["cost_lines"]:
        line["year"] += 5
    data["budget"]["requested_subsidy"] = [{"year": 2025, "amount": 150000}, {"year": 2026, "amount": 110000}]
    data["budget"]["regional_maximum"] = 1000000  # as the region reads it in bijlage 3
    return data


def test_primary_schools_required_from_2025(assessor):
    data = _plan_2025()
    s = status(assessor, data, V2025)
    # "het betrekken van het PO wordt verplicht gesteld", in a form not known: review, not rejection
    assert s["PART-07"] == "needs_review" and s["outcome"] == "committee_review"
    assert "PART-07" not in status(assessor, data, A2023)
    data["partners"].append({"id": "p1", "name": "Basisschool De Regenboog", "type": "primary_school",
                             "brin": "55EE00", "role": "supporting", "cooperation_agreement": {"signed": True}})
    s = status(assessor, data, V2025)
    assert s["PART-07"] == "pass" and s["outcome"] == "positive_advice", s


def test_techniekluwe_region_maximum_4_million_no_minimum_in_any_source(assessor):
    data = _plan_2025()
    data["partners"].append({"id": "p1", "name": "Basisschool", "type": "primary_school", "brin": "55EE00",
                             "role": "supporting", "cooperation_agreement": {"signed": True}})
    data["region"]["kind"] = "low_technical"
    s = status(assessor, data, V2025)  # 260,000: below 2020-2023's 600,000; no minimum found
    assert s["FIN-06"] == "pass"
    old = good_plan()
    old["region"]["kind"] = "low_technical"
    s = status(assessor, old, A2023)  # the old minimum was indicative: a finding, not ineligibility
    assert s["FIN-06"] == "needs_review" and s["outcome"] == "committee_review", s


def test_diff_names_each_change_once():
    from engine.diff import render_diff

    a = Assessor().library
    d = diff_rulebooks(a.get(A2021), a.get(L2022))
    assert not any(d["parameters"].values()) and not any(d["rules"].values())
    text = render_diff(d)
    assert "Geen wijziging in de toetsing van een plan" in text and "verantwoording achteraf" in text
    d = diff_rulebooks(a.get(A2023), a.get(V2025))
    assert "PART-07" in d["rules"]["added"] and "ELIG-09" in d["rules"]["removed"]
    assert d["rules"]["changed"]["FIN-05"]["condition"]["to"] == "requested_above_stated_maximum_cents <= 0"


def test_impact_lists_plans_whose_results_change(assessor, tmp_path):
    import yaml

    plain = good_plan()
    late = good_plan()
    late["submission"] = {"date": dt.date(2020, 4, 15), "round": 3, "answers_decision": "OCW/STO/2019-123"}
    (tmp_path / "a.yaml").write_text(yaml.safe_dump(plain, allow_unicode=True), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(yaml.safe_dump(late, allow_unicode=True), encoding="utf-8")
    (tmp_path / "kapot.yaml").write_text("region: [", encoding="utf-8")
    results = {r.file.split("/")[-1]: r for r in impact(assessor, VSO, R3, sorted(tmp_path.glob("*.yaml")))}
    assert not results["a.yaml"].changed
    assert results["b.yaml"].changed and results["b.yaml"].outcome_from == "ineligible"
    assert results["b.yaml"].changed_rules == [{"rule_id": "ELIG-01", "from": "fail", "to": "pass"}]
    assert results["kapot.yaml"].error


# ---------------------------------------------------------------- two regulations in force at once


def _ref(verdict: dict) -> str:
    return f"{verdict['receipt']['rulebook']['id']}@{verdict['receipt']['rulebook']['version']}"


def test_a_2020_2023_plan_is_judged_by_its_own_regulation_while_both_are_in_force(assessor):
    # 3 April - 31 December 2024 both regulations were in force; an old plan stays under 2020-2023
    v = assessor.assess(as_loaded(good_plan()), as_of=dt.date(2024, 6, 1)).verdict.to_json()
    assert _ref(v) == A2023 and v["outcome"] == "positive_advice"
    assert v["receipt"]["regulation"] == {"id": "sto-2020-2023", "chosen_by": "submission_date"}
    v = assessor.assess(as_loaded(good_plan()), as_of=dt.date(2024, 12, 31)).verdict.to_json()
    assert _ref(v) == A2023


def test_the_plan_names_its_regulation_and_the_version_follows_by_date(assessor):
    data = _plan_2025()  # submitted 20 September 2024: both regulations in force
    assert _ref(assessor.assess(as_loaded(data)).verdict.to_json()) == V2025  # no field: the newer one, open then
    data["submission"]["regulation"] = "sto-2020-2023"
    v = assessor.assess(as_loaded(data)).verdict.to_json()
    assert _ref(v) == A2023 and v["receipt"]["regulation"] == {"id": "sto-2020-2023", "chosen_by": "plan"}
    data["submission"]["regulation"] = "sto-2025-2028"
    v = assessor.assess(as_loaded(data)).verdict.to_json()
    assert _ref(v) == V2025 and v["receipt"]["regulation"]["chosen_by"] == "plan"


def test_a_date_outside_the_named_regulation_is_an_error_not_a_fallback(assessor):
    from engine.errors import VersionSelectionError

    data = good_plan()
    data["submission"]["regulation"] = "sto-2020-2023"
    with pytest.raises(VersionSelectionError, match=r"no version of sto-2020-2023 is in force on 2025-01-01"):
        assessor.assess(as_loaded(data), as_of=dt.date(2025, 1, 1))
    data = _plan_2025()
    data["submission"]["regulation"] = "sto-2025-2028"
    assert _ref(assessor.assess(as_loaded(data), as_of=dt.date(2029, 3, 29)).verdict.to_json()) == V2025
    with pytest.raises(VersionSelectionError, match=r"2024-04-03 \.\. 2029-03-29"):  # lapses on 30 March 2029
        assessor.assess(as_loaded(data), as_of=dt.date(2029, 3, 30))
    data["submission"]["regulation"] = "sto-2019"
    with pytest.raises(VersionSelectionError,
                       match=r"unknown regulation 'sto-2019' \(submission.regulation\); known regulations: sto-2020-2023"):
        assessor.assess(as_loaded(data))


def test_each_regulation_keeps_its_own_validity():
    lib = Assessor().library
    spans = {r.id: (r.valid_from, r.valid_to) for r in lib.regulations.values()}
    assert spans == {"sto-2020-2023": (dt.date(2018, 9, 13), dt.date(2024, 12, 31)),
                     "sto-2025-2028": (dt.date(2024, 4, 3), dt.date(2029, 3, 29))}
    assert lib.in_force(dt.date(2024, 6, 1), "sto-2020-2023").ref == A2023
    assert lib.in_force(dt.date(2024, 6, 1), "sto-2025-2028").ref == V2025
    assert lib.in_force(dt.date(2025, 1, 1)).ref == V2025  # one regulation in force: no choice needed
    from engine.errors import VersionSelectionError

    with pytest.raises(VersionSelectionError, match="lies in 2 regulations at once"):
        lib.in_force(dt.date(2024, 6, 1))


def test_diff_across_regulations_says_new_regulation_and_compares_like_with_like():
    from engine.diff import render_diff

    lib = Assessor().library
    d = diff_rulebooks(lib.get(A2023), lib.get(V2025))
    assert d["relation"] == "new_regulation"
    assert (d["from"]["regulation"], d["to"]["regulation"]) == ("sto-2020-2023", "sto-2025-2028")
    text = render_diff(d, "nl")
    assert "Nieuwe regeling: sto-2025-2028 (Stcrt. 2024, 11193) is geen wijziging van sto-2020-2023" in text
    assert f"[alleen in {V2025}] PART-07" in text and f"[alleen in {A2023}] ELIG-09" in text
    assert "wordt:" not in text and "(was " not in text  # no claim that 2020-2023 was amended
    back = render_diff(diff_rulebooks(lib.get(V2025), lib.get(A2023)), "nl")  # the other way round
    assert "Eerdere regeling: sto-2020-2023" in back and "Nieuwe regeling" not in back
    d = diff_rulebooks(lib.get(A2021), lib.get(L2022))
    assert d["relation"] == "same_regulation"
    assert "Nieuwe regeling" not in render_diff(d, "nl") and "[anders]" not in render_diff(d, "nl")


def test_impact_within_one_regulation_skips_plans_of_the_other(assessor, tmp_path):
    import yaml

    from engine.diff import render_impact

    (tmp_path / "oud.yaml").write_text(yaml.safe_dump(good_plan(), allow_unicode=True), encoding="utf-8")
    (tmp_path / "nieuw.yaml").write_text(yaml.safe_dump(_plan_2025(), allow_unicode=True), encoding="utf-8")
    files = sorted(tmp_path.glob("*.yaml"))
    results = {r.file.split("/")[-1]: r for r in impact(assessor, A2021, L2022, files)}
    assert results["nieuw.yaml"].skipped == "sto-2025-2028" and not results["nieuw.yaml"].changed
    assert results["oud.yaml"].skipped is None
    assert "nieuw.yaml: valt onder de regeling sto-2025-2028" in render_impact(
        list(results.values()), A2021, L2022)
    across = impact(assessor, A2023, V2025, files)  # across regulations: every plan under both
    assert all(r.skipped is None for r in across)
    assert "Andere regeling: sto-2025-2028@2024-04-03 is geen wijziging" in render_impact(across, A2023, V2025)


def test_rulebooks_list_groups_versions_by_regulation(capsys):
    import cli

    assert cli.main(["rulebooks", "list"]) == 0
    out = capsys.readouterr().out
    assert "regeling sto-2020-2023: geldig 2018-09-13 t/m 2024-12-31" in out
    assert "regeling sto-2025-2028: geldig 2024-04-03 t/m 2029-03-29" in out
    assert out.index("regeling sto-2025-2028") > out.index(A2023)  # 2025-2028 is not listed as a 2020-2023 version


# The sources that speak of the 2025-2028 regulation (rulebooks/bronnen.yaml ids). Anything else, in
# particular the 2018-2020 documents, cannot make a 2025 rule "verified".
SOURCES_2024 = {"stcrt-2024-11193", "dusi-sto-2025-2028", "ocw-nieuwsbrief-2024-04-18", "kst-30079-119",
                "sto-site-home-2024-06", "sto-site-regelingen", "sto-site-sto-gaat-door-2023-12-04",
                "sto-site-planning-2024-02-05", "nehem-2024-04-04", "vosabb-2024", "ptvt-2024-04"}


def test_the_2025_regulation_is_verified_only_where_a_2024_source_speaks():
    book = Assessor().library.get(V2025)
    assert len(book.files) == 1  # a file of its own: no 2020-2023 text or basis is inherited
    for spec in [r.spec for r in book.rules] + [p.spec for p in book.parameters.values()]:
        basis = spec.basis
        assert basis.source in SOURCES_2024 | {"eigen-lezing"}, (getattr(spec, "id", spec.description.nl), basis)
        if basis.source == "eigen-lezing" or basis.source in {"nehem-2024-04-04", "vosabb-2024", "ptvt-2024-04"}:
            assert basis.confidence.value == "assumed", basis
    verified = sorted(r.id for r in book.rules if not r.assumed)
    # what the 2024 sources actually say: window, penvoerder, parts, agreement, mbo, co-financing, EUR 4M
    assert verified == ["ELIG-01", "ELIG-02", "ELIG-03", "ELIG-04", "FIN-04", "FIN-06", "PART-02"]
    knockouts = {r.id for r in book.rules if r.spec.severity.value == "knockout" and not r.assumed}
    assert knockouts == {"ELIG-01", "ELIG-02", "ELIG-03", "ELIG-04", "PART-02"}
    assert "geen minimum meer" not in str(book.changes)  # no source names a minimum, nor says there is none


def test_2025_penvoerder_may_act_for_any_vmbo_school_and_dp_techniekluwe_is_not_knocked_out(assessor):
    data = _plan_2025()
    data["partners"].append({"id": "p1", "name": "Basisschool", "type": "primary_school", "brin": "55EE00",
                             "role": "supporting", "cooperation_agreement": {"signed": True}})
    data["partners"].append({"id": "v3", "name": "Zorgcollege", "type": "vmbo", "brin": "44DD00", "role": "core",
                             "board": "Stichting Testscholen",
                             "profiles": [{"profile": "Z&W", "students": {"bb": 40, "kb": 30, "gl": 0}}],
                             "cooperation_agreement": {"signed": True}})
    data["lead_applicant"]["school_brin"] = "44DD00"  # no technical profile
    s = status(assessor, data, V2025)
    assert s["ELIG-02"] == "pass" and s["outcome"] == "positive_advice", s
    data["region"]["kind"] = "low_technical"  # techniek within D&P: no technical profile anywhere
    for p in data["partners"]:
        if p["type"] == "vmbo":
            p["profiles"] = [{"profile": "D&P", "students": {"bb": 40, "kb": 30, "gl": 10}}]
    s = status(assessor, data, V2025)
    assert (s["PART-01"], s["PART-08"], s["outcome"]) == ("not_applicable", "pass", "positive_advice"), s
