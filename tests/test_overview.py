"""The round overview: rows per region x criterion family, most frequently failing rules, CSV and HTML."""
from __future__ import annotations

import copy
import csv
import io
import re
from pathlib import Path

import pytest

from engine.assess import Assessor
from engine.overview import build_overview, chart_bars, to_csv, to_html
from engine.plan import load_plan
from engine.rulebook.model import FAMILY_NAMES, Family
from engine.verdict import Verdict

PLANS = Path(__file__).resolve().parents[1] / "examples" / "plans"


def _typed(item):
    """The overview reads typed verdicts; these tests change their JSON form to make cases."""
    if isinstance(item, dict) and "receipt" in item:
        return Verdict.from_json(item)
    if isinstance(item, dict):
        return {**item, "verdict": Verdict.from_json(item["verdict"])}
    return item


def overview_of(items, **kw):
    return build_overview([_typed(i) for i in items], **kw)


@pytest.fixture(scope="module")
def verdicts() -> dict[str, dict]:
    assessor = Assessor()
    return {p.name: assessor.assess(load_plan(p)).verdict.to_json() for p in sorted(PLANS.glob("*.yaml"))}


def test_one_row_per_plan_with_the_verdicts_family_statuses(verdicts):
    overview = overview_of(verdicts.values())
    assert len(overview.rows) == len(verdicts)
    by_region = {v["plan"]["region"]: v for v in verdicts.values()}
    for row in overview.rows:
        v = by_region[row.region]
        assert row.outcome == v["outcome"]
        assert row.families == {f["family"]: f["status"] for f in v["families"]}
        assert row.failing_rules == [f["rule_id"] for f in v["findings"] if f["status"] == "fail"]
        assert row.review_rules == [f["rule_id"] for f in v["findings"] if f["status"] == "needs_review"]
        assert row.verdict_sha256 == v["receipt"]["verdict_sha256"]
    assert [c.family for c in overview.families] == [f.value for f in Family]


def test_rows_are_ordered_worst_outcome_first(verdicts):
    outcomes = [r.outcome for r in overview_of(verdicts.values()).rows]
    order = ["ineligible", "negative_advice", "committee_review", "positive_advice"]
    assert outcomes == sorted(outcomes, key=order.index)
    assert outcomes[0] == "ineligible" and outcomes[-1] == "positive_advice"


def test_most_frequent_failing_rules_are_counted_over_plans(verdicts):
    twice = verdicts["cofinanciering-net-onder-10.yaml"]
    overview = overview_of(list(verdicts.values()) + [twice])
    top = overview.top_failing
    assert top[0].rule_id == "FIN-04" and top[0].count == 2
    assert top[0].regions == [twice["plan"]["region"]]
    counts = {rc.rule_id: rc.count for rc in top}
    # FIN-01 (aantal x prijs) is a finding for the committee, not a failure
    assert counts == {"FIN-04": 2, "ACT-02": 1, "ACT-03": 1, "FIN-03": 1, "ORG-01": 1, "ORG-02": 1, "PART-01": 1}
    assert [rc.rule_id for rc in top[1:]] == sorted(rc.rule_id for rc in top[1:])  # ties by rule id
    assert overview.outcome_counts == {"ineligible": 1, "negative_advice": 5, "committee_review": 0,
                                       "positive_advice": 2}
    assert [rc.rule_id for rc in overview_of(verdicts.values(), top=3).top_failing] == ["ACT-02", "ACT-03", "FIN-03"]


def test_round_filter_and_latest_per_region(verdicts):
    base = verdicts["cofinanciering-net-onder-10.yaml"]
    later = copy.deepcopy(verdicts["noord-veluwe-compleet.yaml"])
    later["plan"]["region"] = base["plan"]["region"]
    round2 = copy.deepcopy(verdicts["onvoldoende-partners.yaml"])
    round2["plan"]["round"] = 2
    items = [{"verdict": base, "assessment_id": "a" * 32, "created_at": "2026-01-01T10:00:00+00:00"},
             {"verdict": later, "assessment_id": "b" * 32, "created_at": "2026-01-02T10:00:00+00:00"},
             {"verdict": round2, "assessment_id": "c" * 32, "created_at": "2026-01-03T10:00:00+00:00"}]
    assert [r.assessment_id for r in overview_of(items, round=2).rows] == ["c" * 32]
    assert overview_of(items, round=2).title == "Overzicht ronde 2"
    latest = overview_of(items, round=1, latest_per_region=True)
    assert [(r.region, r.assessment_id, r.outcome) for r in latest.rows] == [
        (base["plan"]["region"], "b" * 32, "positive_advice")]
    assert latest.top_failing == []
    assert len(overview_of(items, round=1).rows) == 2


def test_csv_rows_match_the_verdicts(verdicts):
    text = to_csv(overview_of(verdicts.values()))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == len(verdicts)
    by_region = {v["plan"]["region"]: v for v in verdicts.values()}
    labels = {"pass": "voldoet", "fail": "voldoet niet", "needs_review": "beoordeling nodig",
              "not_applicable": "niet van toepassing"}
    for row in rows:
        v = by_region[row["regio"]]
        assert row["uitkomst_code"] == v["outcome"] and row["uitkomst"] == v["outcome_label"]["nl"]
        for fam in v["families"]:
            assert row[FAMILY_NAMES[Family(fam["family"])]["nl"]] == labels[fam["status"]]
        assert row["regels_voldoen_niet"].split() == [f["rule_id"] for f in v["findings"] if f["status"] == "fail"]
        assert row["ronde"] == str(v["plan"]["round"]) and row["verdict_sha256"] == v["receipt"]["verdict_sha256"]


def test_html_is_self_contained_dutch_and_labels_every_colour(verdicts):
    html = to_html(overview_of(verdicts.values(), round=1))
    assert "<style>" in html and ".status-fail" in html  # the stylesheet is inlined
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)  # no external assets
    assert "<link" not in html and "<script" not in html
    assert '<html lang="nl">' in html and "Overzicht ronde 1" in html
    # every coloured status carries its word and symbol too
    for status, symbol in (("pass", "✔"), ("fail", "✘")):
        badges = re.findall(rf'<span class="status status-{status}">([^<]*)</span>', html)
        assert badges and all(re.fullmatch(rf"{symbol} \w[\w ]+", b) for b in badges)
    family_cells = re.findall(r'data-status="(\w+)"><span class="status status-\w+">. ([^<]*)</span>', html)
    assert len(family_cells) == 7 * 5
    assert {(s, w) for s, w in family_cells} == {("pass", "voldoet"), ("fail", "voldoet niet")}
    assert 'data-family="partner_composition" data-status="fail"' in html  # onvoldoende-partners


def test_html_chart_has_a_bar_per_failing_rule_scaled_to_the_counts(verdicts):
    twice = verdicts["cofinanciering-net-onder-10.yaml"]
    overview = overview_of(list(verdicts.values()) + [twice])
    html = to_html(overview)
    svg = html[html.index("<svg"):html.index("</svg>")]
    assert svg.count('class="bar"') == 7
    assert '<g data-rule="FIN-04">' in svg and "FIN-04 Het bedrijfsleven cofinanciert" in svg
    bars = {b["rule_id"]: b for b in chart_bars(overview)["bars"]}
    assert bars["FIN-04"]["width"] == 2 * bars["ACT-02"]["width"]
    assert f'width="{bars["FIN-04"]["width"]}"' in svg


def test_html_escapes_plan_text_and_links_to_the_service(verdicts):
    evil = copy.deepcopy(verdicts["noord-veluwe-compleet.yaml"])
    evil["plan"]["region"] = '<script>alert("x")</script>'
    html = to_html(overview_of([{"verdict": evil, "assessment_id": "d" * 32}]), link_base="/v1/")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert f'href="/v1/assessments/{"d" * 32}/trace"' in html
    assert "/letter" not in html  # the letters are on the assessment's page: which ones depends on the committee
    local = to_html(overview_of([{"verdict": evil, "verdict_href": "oordelen/x.yaml.json"}]))
    assert 'href="oordelen/x.yaml.json"' in local


def test_skipped_files_are_listed_under_the_table(verdicts):
    overview = overview_of(verdicts.values(), skipped=[("ronde-1/<kapot>.yaml", "niet te lezen: regel 3")])
    html = to_html(overview)
    assert "Overgeslagen bestanden (1)" in html and "ronde-1/&lt;kapot&gt;.yaml" in html
    assert "Overgeslagen" not in to_html(overview_of(verdicts.values()))
    assert "kapot" not in to_csv(overview)  # the CSV has a row per assessed plan only


def test_an_empty_overview_renders():
    overview = overview_of([])
    assert to_csv(overview).count("\n") == 1
    html = to_html(overview)
    assert "Nog geen plannen getoetst." in html and "Alle getoetste plannen voldoen" in html


def test_stored_assessments_give_rows_with_their_ids(verdicts, tmp_path):
    from engine.store import open_store

    with open_store(f"sqlite:///{tmp_path / 'audit.sqlite'}") as store:
        for name in ("cofinanciering-net-onder-10.yaml", "noord-veluwe-compleet.yaml"):
            store.record(plan_bytes=(PLANS / name).read_bytes(), plan_source=name, verdict=Verdict.from_json(verdicts[name]),
                         actor="t", role="committee", mode="pre-screen")
        records = store.list()
    overview = overview_of(records, round=1)
    assert {(r.assessment_id, r.mode, r.created_at) for r in overview.rows} == {
        (rec.id, "pre-screen", rec.created_at) for rec in records}
    html = to_html(overview, link_base="/v1")
    assert all(f'data-id="{rec.id}"' in html and f'href="/v1/assessments/{rec.id}"' in html for rec in records)
    assert [row["id"] for row in csv.DictReader(io.StringIO(to_csv(overview)))] == [
        r.assessment_id for r in overview.rows]


def test_chart_bars_are_a_share_of_the_plans_and_titles_are_whole(verdicts):
    overview = overview_of(verdicts.values())  # 7 plans; most failing rules fail in 1 of them
    chart = chart_bars(overview)
    assert chart["plans"] == len(verdicts) == 7
    for bar in chart["bars"]:
        assert bar["width"] == round(chart["span"] * bar["count"] / 7)  # 1 of 7 is a seventh of the track
        assert " ".join(bar["lines"]) == bar["full"] and "…" not in bar["full"]
    assert all(bar["width"] < chart["span"] / 2 for bar in chart["bars"])
    html = to_html(overview)
    svg = html[html.index("<svg"):html.index("</svg>")]
    for rc in overview.top_failing:
        assert f"{rc.rule_id} {rc.title['nl']}" in re.sub(r"</text><text[^>]*>", " ", svg)
    assert "…" not in svg and "1 van 7" in svg
    long_title = copy.deepcopy(verdicts["cofinanciering-net-onder-10.yaml"])
    fin04 = next(f for f in long_title["findings"] if f["rule_id"] == "FIN-04")
    fin04["title"]["nl"] = "Een heel lange titel " * 10
    bar = next(b for b in chart_bars(overview_of([long_title]))["bars"] if b["rule_id"] == "FIN-04")
    assert len(bar["lines"]) > 1 and " ".join(bar["lines"]) == bar["full"].strip()


@pytest.mark.parametrize("iso, shown", [("2026-01-15T10:05:00+00:00", "15 januari 2026, 11:05"),
                                        ("2026-07-01T23:30:00+00:00", "2 juli 2026, 01:30")])
def test_the_overview_says_when_it_was_made_in_dutch_time(verdicts, iso, shown):
    import datetime as dt

    html = to_html(overview_of(verdicts.values(), now=dt.datetime.fromisoformat(iso)))
    assert f"Gemaakt op {shown}." in html and "UTC" not in html


def test_a_skipped_file_lists_each_of_its_problems(verdicts):
    skipped = [("twee.yaml", "onleesbaar of onvolledig plan — 2 problemen:",
                ["regel 24, kolom 3: de waarde moet een van deze zijn", "regel 33, kolom 3: geen bestaande datum"]),
               ("leeg.yaml", "onleesbaar of onvolledig plan — het bestand bevat alleen commentaar")]
    html = to_html(overview_of(verdicts.values(), skipped=skipped))
    section = html[html.index('id="overgeslagen-bestanden"'):]
    assert "regel 24, kolom 3: de waarde" in section and "regel 33, kolom 3: geen bestaande datum" in section
    assert "problem(s)" not in section


def test_the_table_has_its_links_in_the_region_cell_and_one_rules_column(verdicts):
    html = to_html(overview_of([{"verdict": v, "assessment_id": f"{i:032x}"} for i, v in
                                   enumerate(verdicts.values())]), link_base="/web")
    head = re.findall(r'<th scope="col"[^>]*>([^<]*)</th>', html[html.index('id="overzicht"'):html.index("</thead>")])
    assert head == ["Regio", "Uitkomst"] + [FAMILY_NAMES[f]["nl"] for f in Family] + ["Regels"]
    first = re.search(r'<th scope="row" class="region">(.*?)</th>', html, re.S).group(1)
    assert re.findall(r">(oordeel|onderbouwing|brief)</a>", first) == ["oordeel", "onderbouwing"]


def test_the_prescreen_report_lists_every_problem_of_a_skipped_file(tmp_path):
    from engine.prescreen import run_prescreen
    from engine.service.workers import WorkerPool
    from engine.store import open_store

    folder = tmp_path / "ronde-1"
    folder.mkdir()
    good = (PLANS / "noord-veluwe-compleet.yaml").read_text(encoding="utf-8")
    (folder / "goed.yaml").write_text(good, encoding="utf-8")
    (folder / "twee.yaml").write_text(good.replace("kind: technical", "kind: foo", 1)
                                      .replace("date: 2019-03-22", "date: 2019-13-45", 1), encoding="utf-8")
    with WorkerPool(1).start() as pool, open_store(f"sqlite:///{tmp_path / 'audit.sqlite'}") as store:
        run_prescreen(folder, 1, tmp_path / "rapport", store=store, actor="test", pool=pool)
    html = (tmp_path / "rapport" / "overzicht.html").read_text(encoding="utf-8")
    section = html[html.index('id="overgeslagen-bestanden"'):html.index("</table>", html.index('id="overgeslagen'))]
    assert "2 problemen:" in section and "problem(s)" not in section
    problems = re.findall(r"<li>(.*?)</li>", section)
    assert len(problems) == 2 and problems[0].startswith("regel ")
    assert "technical" in problems[0] and "2019-13-45" in problems[1]
