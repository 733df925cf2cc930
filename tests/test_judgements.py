"""The committee's judgements, advice and withdrawals: records of the same hash chain as
the pre-screens, on SQLite and PostgreSQL; what may be judged and advised; the computed picture, also
beside a replay; the CLI; the round figures.

PostgreSQL as in tests/test_store.py ($STO_TEST_PG_URL; the tests fail, not skip, without it).
"""
from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

import cli
from engine.assess import Assessor
from engine.judgement import JudgementError, picture
from engine.overview import build_overview, to_csv
from engine.plan import load_plan
from engine.rulebook import load_library
from engine.store import open_store
from engine.store.chain import committee_record_hash, sha256_hex
from engine.store.store import MIGRATIONS
from tests.plans import as_loaded, good_plan
from tests.test_store import db_url  # noqa: F401  (the SQLite / PostgreSQL fixture)

ROOT = Path(__file__).resolve().parents[1]
PLANS = ROOT / "examples" / "plans"


@pytest.fixture(scope="module")
def assessor() -> Assessor:
    return Assessor()


@pytest.fixture(scope="module")
def review_sample(assessor):
    """A plan where PART-05 (assessment, assumed basis) needs review: one core partner did not sign."""
    plan = good_plan()
    plan["partners"][1]["cooperation_agreement"]["signed"] = False
    loaded = as_loaded(plan)
    verdict = assessor.assess(loaded).verdict
    assert verdict.outcome == "committee_review"
    return loaded, verdict


@pytest.fixture(scope="module")
def failing_sample(assessor):
    """FIN-04 (assessment, verified) fails: co-financing 9.99% against a 10% minimum."""
    loaded = load_plan(PLANS / "cofinanciering-net-onder-10.yaml")
    return loaded, assessor.assess(loaded).verdict


@pytest.fixture(scope="module")
def knockout_sample(assessor):
    """PART-01 (knock-out, verified fact) fails."""
    loaded = load_plan(PLANS / "onvoldoende-partners.yaml")
    return loaded, assessor.assess(loaded).verdict


@pytest.fixture
def store(db_url):  # noqa: F811
    s = open_store(db_url)
    yield s
    s.close()


def _prescreen(store, sample, mode="pre-screen", region=None):
    loaded, verdict = sample
    return store.record(plan_bytes=loaded.raw, plan_source=loaded.source, verdict=verdict, actor="secretaris",
                        role="committee", mode=mode, region=region)


MOTIVATION = "De overeenkomst ligt ter ondertekening bij het bestuur; de commissie acht dat voldoende."


def _judged_and_advised(store, sample):
    rec = _prescreen(store, sample)
    j = store.judge(rec.id, rule_id="PART-05", holds="with-condition", condition="Getekende overeenkomst vóór 1 juli",
                    motivation=MOTIVATION, actor="lid-a")
    a = store.advise(rec.id, advice="positive-with-conditions", motivation="Een sterk plan.", actor="voorzitter")
    return rec, j, a


def _drop_committee_triggers(engine) -> None:
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.execute(text("DROP TRIGGER committee_records_no_update"))
            conn.execute(text("DROP TRIGGER committee_records_no_delete"))
        else:
            conn.execute(text("DROP TRIGGER committee_records_no_change ON committee_records"))


# ---------------------------------------------------------------- the chain


def test_judgement_and_advice_are_records_of_the_same_chain(store, review_sample):
    rec, j, a = _judged_and_advised(store, review_sample)
    after = _prescreen(store, review_sample)
    assert [rec.seq, j.seq, a.seq, after.seq] == [1, 2, 3, 4]
    assert j.prev_hash == rec.record_hash and a.prev_hash == j.record_hash and after.prev_hash == a.record_hash
    assert j.body["assessment_record_hash"] == rec.record_hash and j.assessment_id == rec.id
    assert j.actor == "lid-a" and j.role == "committee" and j.created_at >= rec.created_at
    assert a.body["judgements"] == [j.id] and a.body["conditions"] == ["Getekende overeenkomst vóór 1 juli"]
    report = store.verify()
    assert report.ok and report.checked == 4 and report.head_seq == 4
    stored = store.committee_records(rec.id)
    assert [r.id for r in stored] == [j.id, a.id] and stored[0].body == j.body


def test_committee_record_hash_can_be_recomputed_as_documented(store, review_sample, db_url):  # noqa: F811
    _, j, _ = _judged_and_advised(store, review_sample)
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            row = dict(conn.execute(text("SELECT * FROM committee_records WHERE seq = 2")).one()._mapping)
    finally:
        engine.dispose()
    assert sha256_hex(row["body_json"].encode()) == row["body_sha256"]
    doc = json.dumps({f: row[f] for f in ("seq", "id", "created_at", "kind", "assessment_id", "region", "actor",
                                           "role", "body_sha256", "prev_hash")},
                     sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert sha256_hex(doc.encode()) == row["record_hash"] == j.record_hash == committee_record_hash(row)


def test_the_database_refuses_update_and_delete_of_committee_records(db_url, store, review_sample):  # noqa: F811
    _judged_and_advised(store, review_sample)
    engine = create_engine(db_url)
    try:
        for sql in ("UPDATE committee_records SET actor = 'iemand anders' WHERE seq = 2",
                    "DELETE FROM committee_records WHERE seq = 3"):
            with pytest.raises(DBAPIError, match="append-only"):
                with engine.begin() as conn:
                    conn.execute(text(sql))
    finally:
        engine.dispose()
    assert len(store.committee_records(store.list()[0].id)) == 2 and store.verify().ok


@pytest.mark.parametrize("change, expected", [
    ("UPDATE committee_records SET body_json = replace(body_json, 'voldoende', 'ruim voldoende') WHERE seq = 2",
     "de inhoud van het oordeel is gewijzigd"),
    ("UPDATE committee_records SET body_json = replace(body_json, 'voldoende', 'onvoldoende'), "
     "body_sha256 = :sha WHERE seq = 2", "de velden van het oordeel zijn gewijzigd"),
    ("UPDATE committee_records SET actor = 'lid-b' WHERE seq = 2", "de velden van het oordeel zijn gewijzigd"),
    ("UPDATE committee_records SET body_json = replace(body_json, 'positive-with-conditions', 'negative') "
     "WHERE seq = 3", "de inhoud van het advies is gewijzigd"),
])
def test_a_tampered_judgement_or_advice_is_caught(db_url, store, review_sample, change, expected):  # noqa: F811
    rec, j, _ = _judged_and_advised(store, review_sample)
    engine = create_engine(db_url)
    try:
        _drop_committee_triggers(engine)
        with engine.begin() as conn:
            body = conn.execute(text("SELECT body_json FROM committee_records WHERE seq = 2")).scalar_one()
            forged = body.replace("voldoende", "onvoldoende")
            conn.execute(text(change), {"sha": sha256_hex(forged.encode())} if ":sha" in change else {})
    finally:
        engine.dispose()
    report = store.verify()
    assert not report.ok and report.kind == "altered" and report.checked == (1 if "seq = 2" in change else 2)
    assert expected in report.reason["nl"]


def test_a_removed_judgement_is_caught(db_url, store, review_sample):  # noqa: F811
    _judged_and_advised(store, review_sample)
    engine = create_engine(db_url)
    try:
        _drop_committee_triggers(engine)
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM committee_records WHERE seq = 2"))
    finally:
        engine.dispose()
    report = store.verify()
    assert not report.ok and report.kind == "removed" and report.first_bad_seq == 2


def test_a_judgement_moved_to_another_prescreen_is_caught(db_url, store, review_sample):  # noqa: F811
    first, j, _ = _judged_and_advised(store, review_sample)
    other = _prescreen(store, review_sample)
    engine = create_engine(db_url)
    try:
        _drop_committee_triggers(engine)
        # even with every hash of the record recomputed, its body still names the first pre-screen's hash
        with engine.begin() as conn:
            row = dict(conn.execute(text("SELECT * FROM committee_records WHERE seq = 2")).one()._mapping)
            row["assessment_id"] = other.id
            conn.execute(text("UPDATE committee_records SET assessment_id = :a, record_hash = :h WHERE seq = 2"),
                         {"a": other.id, "h": committee_record_hash(row)})
    finally:
        engine.dispose()
    report = store.verify()
    assert not report.ok and report.first_bad_seq == 2  # the link to seq 3 breaks, or the reference does


def test_an_existing_store_upgrades_and_keeps_its_chain(db_url, review_sample, monkeypatch):  # noqa: F811
    """A store made before the committee's records (revision 0001) is upgraded when it is opened."""
    engine = create_engine(db_url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001_audit_chain")
    from engine.store.store import AuditStore

    old = AuditStore(engine, db_url)
    with monkeypatch.context() as m:  # the code of revision 0001 knew no signed checkpoints (their table comes in 0004)
        m.setattr(AuditStore, "_check_head_signed", lambda self, conn, head: None)
        rec = _prescreen(old, review_sample)
    with engine.connect() as conn:
        assert "committee_records" not in {r[0] for r in conn.execute(text(
            "SELECT name FROM sqlite_master" if engine.dialect.name == "sqlite" else
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"))}
    engine.dispose()
    with open_store(db_url) as store:
        assert store.verify().ok and store.get(rec.id).record_hash == rec.record_hash
        j = store.judge(rec.id, rule_id="PART-05", holds="yes", motivation=MOTIVATION, actor="lid-a")
        assert j.seq == 2 and store.verify().ok


# ---------------------------------------------------------------- what may be recorded


def test_a_judgement_overrules_a_needs_review(store, review_sample):
    rec = _prescreen(store, review_sample)
    assert store.picture(rec.id)["open_rules"] == ["PART-05"]
    store.judge(rec.id, rule_id="part-05", holds="yes", motivation=MOTIVATION, actor="lid-a")
    pic = store.picture(rec.id)
    assert pic["open_rules"] == [] and pic["outcome"] == "ready"
    assert pic["effective"] == [{"rule_id": "PART-05", "severity": "assessment", "machine": "needs_review",
                                 "effective": "pass"}]
    store.advise(rec.id, advice="positive", motivation="Het plan is overtuigend.", actor="voorzitter")
    assert store.picture(rec.id)["outcome"] == "positive"


@pytest.mark.parametrize("motivation", ["", "   \n\t", None])
def test_an_advice_or_judgement_without_motivation_is_refused(store, review_sample, motivation):
    rec = _prescreen(store, review_sample)
    with pytest.raises(JudgementError) as exc:
        store.judge(rec.id, rule_id="PART-05", holds="yes", motivation=motivation, actor="lid-a")
    assert exc.value.code == "missing_motivation" and exc.value.path == "/motivation"
    store.judge(rec.id, rule_id="PART-05", holds="yes", motivation=MOTIVATION, actor="lid-a")
    with pytest.raises(JudgementError) as exc:
        store.advise(rec.id, advice="positive", motivation=motivation, actor="voorzitter")
    assert exc.value.code == "missing_motivation" and "motivering" in exc.value.nl
    assert len(store.committee_records(rec.id)) == 1 and store.head()[0] == 2


def test_an_advice_is_refused_while_judgements_are_open(store, review_sample):
    rec = _prescreen(store, review_sample)
    for advice in ("positive", "negative"):
        with pytest.raises(JudgementError) as exc:
            store.advise(rec.id, advice=advice, motivation="Te vroeg.", actor="voorzitter")
        assert exc.value.code == "judgements_open" and "PART-05" in exc.value.nl and exc.value.status == 409
    assert store.committee_records(rec.id) == []


def test_a_knockout_on_a_verified_fact_cannot_be_overruled(store, knockout_sample):
    rec = _prescreen(store, knockout_sample)
    with pytest.raises(JudgementError) as exc:
        store.judge(rec.id, rule_id="PART-01", holds="yes", motivation=MOTIVATION, actor="lid-a")
    assert exc.value.code == "not_judgeable" and "knock-out" in exc.value.nl
    # and a positive advice on an ineligible plan is refused; a negative one is not
    with pytest.raises(JudgementError, match="contradicts"):
        store.advise(rec.id, advice="positive", motivation="Toch doen.", actor="voorzitter")
    store.advise(rec.id, advice="negative", motivation="Te weinig partners.", actor="voorzitter")


def test_an_assessment_rule_may_be_overruled_and_the_advice_follows(store, failing_sample):
    rec = _prescreen(store, failing_sample)
    with pytest.raises(JudgementError, match="contradicts"):
        store.advise(rec.id, advice="positive", motivation="Goed.", actor="voorzitter")
    store.judge(rec.id, rule_id="FIN-04", holds="yes", motivation="9,99% is binnen de afronding; de commissie "
                                                                    "acht de cofinanciering voldoende.", actor="lid-a")
    store.advise(rec.id, advice="positive", motivation="Goed.", actor="voorzitter")
    pic = store.picture(rec.id)
    assert pic["outcome"] == "positive" and pic["machine_outcome"] == "negative_advice"


def test_conditions_and_the_kinds_of_advice(store, review_sample):
    rec = _prescreen(store, review_sample)
    with pytest.raises(JudgementError) as exc:
        store.judge(rec.id, rule_id="PART-05", holds="with-condition", motivation=MOTIVATION, actor="lid-a")
    assert exc.value.code == "missing_condition"
    with pytest.raises(JudgementError, match="condition"):
        store.judge(rec.id, rule_id="PART-05", holds="yes", condition="x", motivation=MOTIVATION, actor="lid-a")
    store.judge(rec.id, rule_id="PART-05", holds="yes", motivation=MOTIVATION, actor="lid-a")
    with pytest.raises(JudgementError) as exc:
        store.advise(rec.id, advice="positive-with-conditions", motivation="Goed.", actor="voorzitter")
    assert exc.value.code == "missing_condition"
    with pytest.raises(JudgementError) as exc:
        store.advise(rec.id, advice="positive", conditions=["Jaarlijks rapporteren"], motivation="Goed.", actor="v")
    assert exc.value.code == "conditions_need_advice"
    a = store.advise(rec.id, advice="positive-with-conditions", conditions=[" Jaarlijks rapporteren "],
                     motivation="Goed.", actor="voorzitter")
    assert a.body["conditions"] == ["Jaarlijks rapporteren"]


def test_a_later_judgement_replaces_an_earlier_and_makes_the_advice_stale(store, review_sample):
    rec, j, a = _judged_and_advised(store, review_sample)
    j2 = store.judge(rec.id, rule_id="PART-05", holds="no", motivation="Bij nader inzien ontbreekt de handtekening "
                                                                          "van een kernpartner.", actor="lid-b")
    pic = store.picture(rec.id)
    assert [(x["id"], x["current"]) for x in pic["judgements"]] == [(j.id, False), (j2.id, True)]
    assert pic["advice"]["id"] == a.id and pic["advice"]["stale"] and pic["outcome"] == "ready"
    with pytest.raises(JudgementError, match="contradicts"):
        store.advise(rec.id, advice="positive-with-conditions", conditions=["x"], motivation="Goed.", actor="v")
    a2 = store.advise(rec.id, advice="negative", motivation="Nog niet voldragen.", actor="voorzitter")
    pic = store.picture(rec.id)
    assert pic["advice"]["id"] == a2.id and pic["advice"]["earlier"] == [a.id] and pic["outcome"] == "negative"


def test_only_the_committee_judges_and_only_about_a_prescreen(store, review_sample):
    rec = _prescreen(store, review_sample)
    for role in ("region:Regio Testland", "auditor", "cli"):
        with pytest.raises(JudgementError) as exc:
            store.judge(rec.id, rule_id="PART-05", holds="yes", motivation=MOTIVATION, actor="x", role=role)
        assert exc.value.code == "forbidden" and exc.value.status == 403
    assert (exc.value.nl, str(exc.value)) == (
        "alleen de commissie legt oordelen en adviezen vast; rol 'cli' mag dat niet (een regio en een auditor kunnen "
        "niet oordelen)", "only the committee records judgements and advice; role 'cli' may not (a region or an "
        "auditor cannot judge)")
    with pytest.raises(JudgementError) as exc:
        store.judge(rec.id, rule_id="PART-05", holds="yes", motivation=MOTIVATION, actor=" ")
    assert (exc.value.code, exc.value.path, exc.value.nl, str(exc.value)) == (
        "missing_actor", "/actor", "wie het oordeel vastlegt (actor) is verplicht", "who records it (actor) is required")
    check = _prescreen(store, review_sample, mode="self-check")
    with pytest.raises(JudgementError) as exc:
        store.judge(check.id, rule_id="PART-05", holds="yes", motivation=MOTIVATION, actor="lid-a")
    assert exc.value.code == "not_a_prescreen" and exc.value.status == 409
    assert (exc.value.nl, str(exc.value)) == (
        f"'{check.id}' is een zelfcheck, geen voortoets; de commissie oordeelt alleen over een opgeslagen voortoets "
        "(`sto audit list --mode pre-screen` toont de ids)",
        f"'{check.id}' is a self-check; the committee judges stored pre-screens only")
    with pytest.raises(JudgementError) as exc:
        store.judge("0" * 32, rule_id="PART-05", holds="yes", motivation=MOTIVATION, actor="lid-a")
    assert exc.value.code == "not_found" and exc.value.status == 404
    assert (exc.value.nl, str(exc.value)) == (
        f"'{'0' * 32}' is geen beoordeling; de commissie oordeelt alleen over een opgeslagen voortoets "
        "(`sto audit list --mode pre-screen` toont de ids)",
        f"'{'0' * 32}' is no assessment; the committee judges stored pre-screens only")
    with pytest.raises(JudgementError) as exc:
        store.judge(rec.id, rule_id="XYZ-99", holds="yes", motivation=MOTIVATION, actor="lid-a")
    assert exc.value.code == "unknown_rule" and "PART-05" in exc.value.nl
    assert store.head()[0] == 2  # nothing was appended


def test_a_withdrawal_is_a_record_not_a_verdict(store, review_sample):
    rec = _prescreen(store, review_sample)
    store.withdraw(rec.id, motivation="Brief van de penvoerder van 3 juni: de regio trekt de aanvraag in.",
                   actor="secretaris")
    pic = store.picture(rec.id)
    assert pic["outcome"] == "withdrawn" and pic["advice"] is None and pic["machine_outcome"] == "committee_review"
    with pytest.raises(JudgementError) as exc:
        store.judge(rec.id, rule_id="PART-05", holds="yes", motivation=MOTIVATION, actor="lid-a")
    assert exc.value.code == "withdrawn"
    assert store.verify().ok


# ---------------------------------------------------------------- moot judgements, replay


def test_a_judgement_the_verdict_no_longer_supports_is_moot(review_sample):
    _, verdict = review_sample
    record = {"id": "a" * 32, "seq": 2, "created_at": "2026-12-04T10:00:00+00:00", "kind": "judgement",
              "actor": "lid-a", "role": "committee", "record_hash": "b" * 64,
              "body": {"rule_id": "PART-05", "holds": "no", "condition": None, "motivation": MOTIVATION,
                       "machine_status": "needs_review"}}
    assert picture(verdict, [record])["judgements"][0]["moot"] is None
    changed = verdict.replace(findings=[
        f.replace(status="pass") if f.rule_id == "PART-05" else f for f in verdict.findings])
    pic = picture(changed, [record])
    assert "nu 'voldoet'" in pic["judgements"][0]["moot"]["nl"] and pic["effective"] == []
    gone = verdict.replace(findings=[f for f in verdict.findings if f.rule_id != "PART-05"])
    assert "komt in deze beoordeling niet meer voor" in picture(gone, [record])["judgements"][0]["moot"]["nl"]


def test_replay_shows_the_human_part_unchanged_beside_the_machine(store, failing_sample, tmp_path, capsys):
    rec = _prescreen(store, failing_sample)
    j = store.judge(rec.id, rule_id="FIN-04", holds="yes", motivation="Binnen de afronding.", actor="lid-a")
    same = store.replay(rec.id)
    assert same.identical and same.committee["judgements"][0]["id"] == j.id
    assert same.committee["judgements"][0]["moot"] is None
    books = tmp_path / "rulebooks"
    shutil.copytree(ROOT / "rulebooks", books)
    base = books / "sto-2020-2023" / "2018-09-13.yaml"
    before = "  min_cofinancing_share:\n    type: percentage\n    value: 10\n"
    base.write_text(base.read_text(encoding="utf-8").replace(before, before.replace("value: 10", "value: 9")),
                    encoding="utf-8")
    changed = store.replay(rec.id, Assessor(load_library(books)))
    assert not changed.identical
    judgement = changed.committee["judgements"][0]
    assert judgement["id"] == j.id and judgement["motivation"] == "Binnen de afronding."  # unchanged
    assert judgement["moot"] and "nu 'voldoet'" in judgement["moot"]["nl"]
    assert store.verify().ok and store.committee_records(rec.id)[0].record_hash == j.record_hash


# ---------------------------------------------------------------- the command line


def _sto(argv, capsys):
    code = cli.main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_sto_judge_advise_show_list_replay(tmp_path, review_sample, capsys):
    url = f"sqlite:///{tmp_path / 'audit.sqlite'}"
    with open_store(url) as s:
        rec = _prescreen(s, review_sample)
    code, _, err = _sto(["advise", rec.id, "--database", url, "--advice", "positive", "--motivation", "Goed."], capsys)
    assert code == 2 and err.startswith("er staan nog oordelen open: regel PART-05 vraagt een oordeel") and "(English: " in err
    code, _, err = _sto(["judge", rec.id, "--database", url, "--rule", "PART-05", "--holds", "yes",
                         "--motivation", "  "], capsys)
    assert code == 2 and "De motivering ontbreekt" in err
    code, out, _ = _sto(["judge", rec.id, "--database", url, "--rule", "PART-05", "--holds", "with-condition",
                         "--condition", "Getekend vóór 1 juli", "--motivation", MOTIVATION, "--actor", "lid-a"], capsys)
    assert code == 0 and out.startswith("Oordeel vastgelegd: record 2") and "voldoet onder voorwaarde" in out
    code, out, _ = _sto(["advise", rec.id, "--database", url, "--advice", "positive-with-conditions",
                         "--motivation", "Een sterk plan.", "--condition", "Jaarlijks rapporteren", "--actor", "vz"],
                        capsys)
    assert code == 0 and "stand: positief onder voorwaarden" in out and "voorwaarde: Jaarlijks rapporteren" in out
    code, out, _ = _sto(["audit", "--database", url, "show", rec.id], capsys)
    assert code == 0 and "Het deel van de commissie" in out
    assert out.index("oordeel PART-05") < out.index("advies: positief advies onder voorwaarden")
    code, out, _ = _sto(["audit", "--database", url, "show", rec.id, "--committee", "--format", "json"], capsys)
    assert json.loads(out)["outcome"] == "positive-with-conditions"
    code, out, _ = _sto(["audit", "--database", url, "list", "--format", "json"], capsys)
    assert json.loads(out)["items"][0]["committee"] == {"open_rules": [], "outcome": "positive-with-conditions",
                                                        "advice": "positive-with-conditions"}
    code, out, _ = _sto(["audit", "--database", url, "list"], capsys)
    assert "positief onder voorwaarden" in out.splitlines()[1]
    code, out, _ = _sto(["audit", "--database", url, "replay", rec.id], capsys)
    assert code == 0 and "IDENTIEK" in out and "ongewijzigd zoals vastgelegd" in out and MOTIVATION in out
    code, out, _ = _sto(["audit", "--database", url, "verify"], capsys)
    assert code == 0 and "3 record" in out


def test_sto_judge_help_is_dutch(capsys):
    with pytest.raises(SystemExit):
        cli.main(["judge", "--help"])
    out = capsys.readouterr().out
    assert out.startswith("gebruik: sto judge") and "voldoet onder voorwaarde" in out


# ---------------------------------------------------------------- the round overview and its figures


def test_round_one_figures_can_be_represented(tmp_path, review_sample):
    """Round 1 of the sources: 78 regions; 45 approved, 29 not yet ('nog niet voldragen'), 4 withdrew."""
    loaded, verdict = review_sample
    with open_store(f"sqlite:///{tmp_path / 'ronde1.sqlite'}") as store:
        for i in range(78):
            region = f"Regio {i:02d}"
            rec = _prescreen(store, review_sample, region=region)
            if i >= 74:
                store.withdraw(rec.id, motivation="De regio trekt de aanvraag in.", actor="secretaris")
                continue
            holds = "yes" if i < 45 else "no"
            store.judge(rec.id, rule_id="PART-05", holds=holds if i % 9 else "with-condition",
                        condition=None if i % 9 else "Getekende overeenkomst", motivation=MOTIVATION, actor="lid")
            if i < 45:
                store.advise(rec.id, advice="positive" if i % 9 else "positive-with-conditions",
                             motivation="Voldragen plan.", actor="voorzitter")
            else:
                store.advise(rec.id, advice="negative", motivation="Nog niet voldragen.", actor="voorzitter")
        records = store.list(mode="pre-screen", limit=500)
        # each verdict names the same region; the overview rows take the region of the record
        items = [{"verdict": r.verdict.replace(plan=r.verdict.plan.replace(region=r.region)),
                  "assessment_id": r.id,
                  "mode": r.mode, "created_at": r.created_at} for r in records]
        overview = build_overview(items, round=1, committee=store.committee_records_for([r.id for r in records]))
        assert store.verify().ok
    counts = overview.process_counts
    assert len(overview.rows) == 78
    assert counts["positive"] + counts["positive-with-conditions"] == 45 and counts["positive-with-conditions"] == 5
    assert counts["negative"] == 29 and counts["withdrawn"] == 4 and counts["open"] == counts["ready"] == 0
    rows = list(csv.DictReader(io.StringIO(to_csv(overview))))
    by_label = {}
    for row in rows:
        by_label[row["stand_commissie"]] = by_label.get(row["stand_commissie"], 0) + 1
    assert by_label == {"positief": 40, "positief onder voorwaarden": 5, "negatief (nog niet voldragen)": 29,
                        "ingetrokken": 4}
    assert {row["voorwaarden"] for row in rows if row["stand_commissie"] == "positief onder voorwaarden"} == \
        {"Getekende overeenkomst"}


def test_prescreen_overview_shows_open_judgements(review_sample):
    _, verdict = review_sample
    row = build_overview([verdict]).rows[0]
    assert row.open_judgements == 1 and row.committee_outcome == "open" and row.committee_label["nl"] == "oordelen open"
    assert build_overview([{"verdict": verdict, "mode": "self-check"}]).rows[0].committee_outcome is None


def test_a_control_character_in_a_motivation_is_refused_not_a_database_error(store, review_sample):
    """PostgreSQL cannot store a NUL in text: the store refuses it with a located message first."""
    rec = _prescreen(store, review_sample)
    with pytest.raises(JudgementError) as exc:
        store.judge(rec.id, rule_id="PART-05", holds="yes", motivation="Goed\x00plan", actor="lid-a")
    assert exc.value.code == "invalid_text" and exc.value.path == "/motivation"
    with pytest.raises(JudgementError) as exc:
        store.judge(rec.id, rule_id="PART-05", holds="with-condition", condition="a\x00", motivation=MOTIVATION,
                    actor="lid-a")
    assert exc.value.path == "/condition"
    store.judge(rec.id, rule_id="PART-05", holds="yes", motivation="Regel één.\nRegel twee.\tEinde.", actor="lid-a")


def test_an_unknown_rule_on_a_pre_screen_with_nothing_to_judge_says_none_in_each_language():
    from engine.i18n import tr
    from engine.judgement.rules import check_judgement, judgeable

    verdict = Assessor().assess(load_plan("examples/plans/noord-veluwe-compleet.yaml")).verdict
    verdict = verdict.replace(findings=[f for f in verdict.findings if not judgeable(f)[0]])  # nothing to judge
    assert verdict.findings
    with pytest.raises(JudgementError) as caught:
        check_judgement(verdict, [], rule_id="PART-99", holds="yes", motivation=MOTIVATION)
    assert caught.value.nl.endswith(": " + tr("judgement.no_rules", "nl"))
    assert caught.value.en.endswith(": " + tr("judgement.no_rules", "en"))
    assert tr("judgement.no_rules", "nl") != tr("judgement.no_rules", "en")
