"""The audit store, against SQLite and PostgreSQL: record/get/list, append-only, tamper detection by
`verify`, replay, and writers killed mid-write.

PostgreSQL: $STO_TEST_PG_URL, else postgresql+psycopg://postgres@127.0.0.1:5432/test (CI starts it in
.ci/run). Each test gets its own schema, dropped afterwards. If the server cannot be reached the
PostgreSQL tests FAIL (they do not skip): CI has it, and a silently skipped backend proves nothing.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

import cli
from engine.assess import Assessor, code_sha256
from engine.plan import load_plan
from engine.rulebook import load_library
from engine.store import GENESIS, StoreError, open_store, record_hash
from engine.store.chain import sha256_hex, verdict_text
from engine.verdict import Verdict, seal

ROOT = Path(__file__).resolve().parents[1]
PLANS = ROOT / "examples" / "plans"
PG_URL = os.environ.get("STO_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def assessor() -> Assessor:
    return Assessor()


@pytest.fixture(scope="module")
def samples(assessor):
    """(loaded plan, verdict) of three example plans with different outcomes and regions."""
    out = []
    for name in ("noord-veluwe-compleet.yaml", "cofinanciering-net-onder-10.yaml", "onvoldoende-partners.yaml"):
        loaded = load_plan(PLANS / name)
        out.append((loaded, assessor.assess(loaded).verdict))
    return out


def _pg_schema_url(schema: str) -> str:
    url = make_url(PG_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """A fresh, empty database URL for one test: a SQLite file, or a PostgreSQL schema of its own."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'audit.sqlite'}"
        return
    admin = create_engine(PG_URL)
    schema = f"sto_test_{uuid.uuid4().hex[:12]}"
    unreachable = None
    try:
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except DBAPIError as exc:
        unreachable = str(exc.orig).strip().splitlines()[0]
    if unreachable is not None:
        admin.dispose()
        pytest.fail(f"PostgreSQL at {make_url(PG_URL).render_as_string(hide_password=True)} is not reachable "
                    f"({unreachable}). The store tests run against PostgreSQL too; start it (.ci/run does) "
                    "or point STO_TEST_PG_URL at a server with trust auth.", pytrace=False)
    try:
        yield _pg_schema_url(schema)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def store(db_url):
    s = open_store(db_url)
    yield s
    s.close()


def _record(store, sample, **overrides):
    loaded, verdict = sample
    args = dict(plan_bytes=loaded.raw, plan_source=loaded.source, verdict=verdict, actor="tester",
                role="committee", mode="pre-screen")
    args.update(overrides)
    return store.record(**args)


@pytest.fixture
def three(store, samples):
    """A store holding three records: seq 1, 2, 3."""
    return [_record(store, samples[0]), _record(store, samples[1], mode="self-check", role="region:IJsselvliet"),
            _record(store, samples[2])]


class Tamperer:
    """Direct SQL on the store's database, as someone with the database owner's rights: first drops
    the append-only triggers that stop ordinary UPDATE and DELETE."""

    def __init__(self, url: str):
        self.engine = create_engine(url)
        with self.engine.begin() as conn:
            if self.engine.dialect.name == "sqlite":
                conn.execute(text("DROP TRIGGER assessments_no_update"))
                conn.execute(text("DROP TRIGGER assessments_no_delete"))
                conn.execute(text("DROP TRIGGER chain_head_advance_only"))
            else:
                conn.execute(text("DROP TRIGGER assessments_no_change ON assessments"))
                conn.execute(text("DROP TRIGGER chain_head_advance_only ON chain_head"))

    def run(self, sql: str, **params) -> None:
        with self.engine.begin() as conn:
            conn.execute(text(sql), params)

    def row(self, seq: int) -> dict:
        with self.engine.connect() as conn:
            return dict(conn.execute(text("SELECT * FROM assessments WHERE seq = :s"), {"s": seq}).one()._mapping)

    def close(self) -> None:
        self.engine.dispose()


@pytest.fixture
def tamper(db_url, three):
    t = Tamperer(db_url)
    yield t
    t.close()


# ---------------------------------------------------------------- recording and reading


def test_record_keeps_plan_bytes_verdict_and_who_asked(store, samples):
    verdict = samples[1][1]
    rec = _record(store, samples[1], actor="ambtenaar-7", role="region:IJsselvliet", mode="self-check")
    got = store.get(rec.id)
    assert got == rec
    assert got.plan_bytes == PLANS.joinpath("cofinanciering-net-onder-10.yaml").read_bytes()
    assert got.plan_sha256 == sha256_hex(got.plan_bytes) == verdict.receipt.plan_sha256
    assert got.verdict == verdict
    assert (got.actor, got.role, got.mode, got.region) == ("ambtenaar-7", "region:IJsselvliet", "self-check",
                                                         verdict.plan.region)
    assert got.outcome == "negative_advice"
    assert got.rulebook_ref == f"{verdict.receipt.rulebook.id}@{verdict.receipt.rulebook.version}"
    assert len(got.id) == 32 and int(got.id, 16) >= 0
    assert got.seq == 1 and got.prev_hash == GENESIS


def test_chain_links_each_record_to_the_previous(store, three):
    assert [r.seq for r in three] == [1, 2, 3]
    assert three[0].prev_hash == GENESIS
    assert three[1].prev_hash == three[0].record_hash and three[2].prev_hash == three[1].record_hash
    fields = three[2].model_dump()
    fields["verdict_sha256"] = sha256_hex(verdict_text(three[2].verdict.to_json()).encode())
    assert record_hash(fields) == three[2].record_hash
    assert three[0].created_at <= three[1].created_at <= three[2].created_at
    assert store.head() == (3, three[2].record_hash)


def test_list_is_newest_first_and_filters(store, three):
    assert [r.seq for r in store.list()] == [3, 2, 1]
    assert [r.seq for r in store.list(limit=2, offset=1)] == [2, 1]
    ijssel = three[1].region
    assert [r.id for r in store.list(region=ijssel)] == [three[1].id]
    assert [r.id for r in store.list(mode="pre-screen")] == [three[2].id, three[0].id]
    assert store.count() == 3 and store.count(region=ijssel) == 1 and store.count(mode="self-check") == 1
    assert store.list(region="Regio die niet bestaat") == [] and store.count(region="Regio die niet bestaat") == 0


def test_get_unknown_or_malformed_id_is_none(store, three):
    assert store.get(uuid.uuid4().hex) is None
    assert store.get("'; DROP TABLE assessments; --") is None
    assert store.count() == 3


def test_record_refuses_what_is_not_a_decision(store, samples):
    loaded = samples[0][0]
    with pytest.raises(StoreError, match="other plan bytes"):
        _record(store, samples[0], plan_bytes=loaded.raw + b"\n# changed after assessment\n")
    with pytest.raises(StoreError, match="mode"):
        _record(store, samples[0], mode="maybe")
    with pytest.raises(StoreError, match="role"):
        _record(store, samples[0], role="admin")
    assert store.count() == 0 and store.verify().ok


def test_the_record_arguments_are_refused_in_both_languages(store, samples, monkeypatch):
    """Each check of record()'s arguments says its message by id: the English as str(), the Dutch beside it."""
    import engine.store.store as store_module

    loaded = samples[0][0]
    cases = [
        (dict(plan_bytes="not bytes"), "plan_bytes moet het plan zijn, precies de bytes zoals het is ingediend",
         "plan_bytes must be the plan's bytes exactly as submitted"),
        (dict(mode="maybe"), "modus 'maybe' is onbekend; kies uit self-check, pre-screen",
         "mode 'maybe' is unknown; choose from self-check, pre-screen"),
        (dict(role="admin"), "rol 'admin' is onbekend; kies committee, auditor, cli of region:<naam>",
         "role 'admin' is unknown; choose committee, auditor, cli or region:<name>"),
        (dict(actor=""), "actor (wie de toets aanvroeg) is verplicht", "actor (who asked for the assessment) is required"),
        (dict(verdict={"outcome": "eligible"}), "verdict moet een Verdict zijn zoals engine.assess het maakt",
         "verdict must be a Verdict as built by engine.assess"),
        (dict(plan_bytes=loaded.raw + b"\n"), "het bewijs (receipt) van het oordeel noemt andere planbytes dan de gegeven: "
         "sla het plan op precies zoals het is getoetst", "the verdict's receipt names other plan bytes than the ones "
         "given: store the plan exactly as it was assessed"),
    ]
    for overrides, nl, en in cases:
        with pytest.raises(StoreError) as err:
            _record(store, samples[0], **overrides)
        assert (str(err.value), err.value.texts) == (en, {"nl": nl, "en": en})
    monkeypatch.setattr(store_module, "MAX_VERDICT_CHARS", 1234)
    with pytest.raises(StoreError) as err:
        _record(store, samples[0])
    size = len(store_module.verdict_text(samples[0][1].to_json()))
    assert size > 1000
    assert err.value.texts == {
        "nl": f"het oordeel is {size:,} tekens lang, meer dan de opslag bewaart (1.234); er is niets opgeslagen".replace(
            f"{size:,}", f"{size:,}".replace(",", ".")),
        "en": f"the verdict is {size:,} characters, more than the store keeps (1,234); nothing was stored"}
    with pytest.raises(StoreError) as err:
        store.list(limit=-1)
    assert err.value.texts == {"nl": "limit en offset kunnen niet negatief zijn", "en": "limit and offset cannot be negative"}
    assert store.count() == 0


def test_the_database_refuses_update_and_delete(db_url, store, three):
    engine = create_engine(db_url)
    try:
        for sql in ("UPDATE assessments SET outcome = 'positive_advice' WHERE seq = 2",
                    "DELETE FROM assessments WHERE seq = 3"):
            with pytest.raises(DBAPIError, match="append-only"):
                with engine.begin() as conn:
                    conn.execute(text(sql))
    finally:
        engine.dispose()
    assert store.get(three[1].id).outcome == "negative_advice" and store.count() == 3
    assert store.verify().ok


def test_reopening_runs_no_migration_twice(db_url, store, three):
    again = open_store(db_url)
    try:
        assert again.count() == 3 and again.verify().ok
        with again._engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == "0004_checkpoints"
    finally:
        again.close()


# ---------------------------------------------------------------- verify: tampering is found


def test_verify_passes_an_untouched_chain(store, three):
    report = store.verify()
    assert report.ok and report.checked == 3 and report.head_seq == 3 and report.first_bad_seq is None


def test_verify_names_a_record_whose_verdict_was_altered(store, three, tamper):
    stored = json.loads(tamper.row(2)["verdict_json"])
    stored["outcome"] = "positive_advice"
    tamper.run("UPDATE assessments SET verdict_json = :v WHERE seq = 2", v=verdict_text(stored))
    report = store.verify()
    assert not report.ok and report.kind == "altered"
    assert (report.first_bad_seq, report.first_bad_id, report.checked) == (2, three[1].id, 1)
    assert "oordeel is gewijzigd" in report.reason["nl"] and "verdict was altered" in report.reason["en"]


def test_verify_finds_altered_verdict_even_when_its_hash_column_is_updated_too(store, three, tamper):
    stored = json.loads(tamper.row(2)["verdict_json"])
    stored["outcome"] = "positive_advice"
    new_text = verdict_text(stored)
    tamper.run("UPDATE assessments SET verdict_json = :v, verdict_sha256 = :h, outcome = 'positive_advice' "
               "WHERE seq = 2", v=new_text, h=sha256_hex(new_text.encode()))
    report = store.verify()
    assert (report.ok, report.kind, report.first_bad_seq) == (False, "altered", 2)
    assert "record_hash" in report.reason["en"]


def test_verify_names_a_record_whose_plan_bytes_were_altered(store, three, tamper):
    tamper.run("UPDATE assessments SET plan_bytes = :b WHERE seq = 1", b=three[0].plan_bytes.replace(b"Noord", b"Zuid"))
    report = store.verify()
    assert (report.ok, report.kind, report.first_bad_seq, report.first_bad_id) == (False, "altered", 1, three[0].id)
    assert "plan" in report.reason["en"]


def test_verify_names_a_record_whose_metadata_was_altered(store, three, tamper):
    tamper.run("UPDATE assessments SET actor = 'iemand anders', role = 'auditor' WHERE seq = 3")
    report = store.verify()
    assert (report.ok, report.kind, report.first_bad_seq, report.first_bad_id) == (False, "altered", 3, three[2].id)


def test_verify_names_a_removed_record(store, three, tamper):
    tamper.run("DELETE FROM assessments WHERE seq = 2")
    report = store.verify()
    assert (report.ok, report.kind, report.first_bad_seq, report.first_bad_id) == (False, "removed", 2, None)
    assert "record 2 ontbreekt" in report.reason["nl"] and three[2].id in report.reason["nl"]


def test_verify_notices_that_the_newest_record_was_removed(store, three, tamper):
    tamper.run("DELETE FROM assessments WHERE seq = 3")
    report = store.verify()
    assert (report.ok, report.kind, report.first_bad_seq, report.checked) == (False, "removed", 3, 2)


def _forged(row: dict, **changes) -> dict:
    forged = dict(row, id=uuid.uuid4().hex, **changes)
    forged["record_hash"] = record_hash(forged)
    return forged


_INSERT = ("INSERT INTO assessments (seq, id, created_at, region, actor, role, mode, plan_source, plan_bytes, "
           "plan_sha256, verdict_json, verdict_sha256, outcome, rulebook_ref, prev_hash, record_hash) VALUES "
           "(:seq, :id, :created_at, :region, :actor, :role, :mode, :plan_source, :plan_bytes, :plan_sha256, "
           ":verdict_json, :verdict_sha256, :outcome, :rulebook_ref, :prev_hash, :record_hash)")


def test_verify_names_a_record_inserted_in_the_middle(store, three, tamper):
    # make room at seq 2, then slip in a self-consistent record that cannot link to record 1
    tamper.run("UPDATE assessments SET seq = seq + 100 WHERE seq >= 2")
    tamper.run("UPDATE assessments SET seq = seq - 99 WHERE seq >= 100")
    forged = _forged(tamper.row(1), seq=2, prev_hash="f" * 64, actor="indringer")
    tamper.run(_INSERT, **forged)
    report = store.verify()
    assert (report.ok, report.kind, report.first_bad_seq, report.first_bad_id) == (False, "inserted", 2, forged["id"])
    assert "sluit niet aan op record 1" in report.reason["nl"]


def test_verify_names_a_backdated_record_appended_behind_the_stores_back(store, three, tamper):
    last = tamper.row(3)
    forged = _forged(tamper.row(1), seq=4, prev_hash=last["record_hash"], created_at=three[0].created_at)
    tamper.run(_INSERT, **forged)
    tamper.run("UPDATE chain_head SET seq = 4, record_hash = :h", h=forged["record_hash"])
    report = store.verify()
    assert (report.ok, report.kind, report.first_bad_seq, report.first_bad_id) == (False, "inserted", 4, forged["id"])
    assert "buiten de volgorde" in report.reason["nl"]


def test_verify_notices_a_record_appended_without_moving_the_head(store, three, tamper):
    last = tamper.row(3)
    import datetime as dt

    later = dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")
    tamper.run(_INSERT, **_forged(tamper.row(1), seq=4, prev_hash=last["record_hash"], created_at=later))
    report = store.verify()
    assert (report.ok, report.kind) == (False, "head") and report.checked == 4


def test_record_hash_can_be_recomputed_by_hand_as_documented(store, three, db_url):
    """docs/audit.md: sha256 over json.dumps(sort_keys, ensure_ascii=False, compact) of the 13 named fields."""
    import hashlib

    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            rows = [dict(r._mapping) for r in conn.execute(text("SELECT * FROM assessments ORDER BY seq"))]
    finally:
        engine.dispose()
    previous = "0" * 64
    for row in rows:
        assert hashlib.sha256(bytes(row["plan_bytes"])).hexdigest() == row["plan_sha256"]
        assert hashlib.sha256(row["verdict_json"].encode("utf-8")).hexdigest() == row["verdict_sha256"]
        assert json.loads(row["verdict_json"]) == store.get(row["id"]).verdict.to_json()
        names = ["seq", "id", "created_at", "region", "actor", "role", "mode", "plan_source", "plan_sha256",
                 "verdict_sha256", "outcome", "rulebook_ref", "prev_hash"]
        document = json.dumps({n: row[n] for n in names}, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        assert hashlib.sha256(document.encode("utf-8")).hexdigest() == row["record_hash"]
        assert row["prev_hash"] == previous
        previous = row["record_hash"]


def test_verify_names_a_record_put_before_the_first(store, three, tamper):
    forged = _forged(tamper.row(1), seq=0, prev_hash="e" * 64)
    tamper.run(_INSERT, **forged)
    report = store.verify()
    assert (report.ok, report.kind, report.first_bad_seq, report.first_bad_id) == (False, "inserted", 0, forged["id"])


def _rehash_from(tamper, seq: int, last: int) -> None:
    """Recompute every hash from `seq` on, and the head: the rewrite an insider could do."""
    previous = tamper.row(seq - 1)["record_hash"] if seq > 1 else GENESIS
    for n in range(seq, last + 1):
        row = tamper.row(n)
        row["prev_hash"] = previous
        row["record_hash"] = record_hash(row)
        tamper.run("UPDATE assessments SET prev_hash = :p, record_hash = :h WHERE seq = :s",
                   p="0" * 63 + str(n), h="1" * 63 + str(n), s=n)  # move out of the way of the unique columns
        tamper.run("UPDATE assessments SET prev_hash = :p, record_hash = :h WHERE seq = :s",
                   p=row["prev_hash"], h=row["record_hash"], s=n)
        previous = row["record_hash"]
    tamper.run("UPDATE chain_head SET record_hash = :h", h=previous)


def test_a_rewritten_chain_is_caught_by_a_hash_noted_down_earlier(store, three, tamper):
    noted = {2: three[1].record_hash}
    tamper.run("UPDATE assessments SET actor = 'iemand anders' WHERE seq = 2")
    _rehash_from(tamper, 2, 3)
    assert store.verify().ok  # the chain alone cannot tell: it was recomputed consistently
    report = store.verify(anchors=noted)
    assert (report.ok, report.kind, report.first_bad_seq, report.first_bad_id) == (False, "anchor", 2, three[1].id)


def test_a_record_altered_and_rehashed_in_the_middle_is_named_not_its_successor(store, three, tamper):
    """Record 2's actor changed and its own hash recomputed: record 3 still names the old hash. The
    first record that differs is 2 (not 3 'inserted')."""
    row = tamper.row(2)
    row["actor"] = "iemand anders"
    tamper.run("UPDATE assessments SET actor = :a, record_hash = :h WHERE seq = 2", a=row["actor"],
               h=record_hash(row))
    report = store.verify()
    assert (report.ok, report.kind, report.first_bad_seq, report.first_bad_id) == (False, "altered", 2, three[1].id)
    assert "opnieuw berekend" in report.reason["nl"]


def test_a_rewrite_caught_by_a_later_anchor_names_the_span_it_began_in(store, three, tamper):
    """Rewritten from record 2 on, noted hashes of 1 (still right) and 3: the change began in 2..3,
    not 'from 3 on'."""
    noted = {1: three[0].record_hash, 3: three[2].record_hash}
    tamper.run("UPDATE assessments SET actor = 'iemand anders' WHERE seq = 2")
    _rehash_from(tamper, 2, 3)
    report = store.verify(anchors=noted)
    assert (report.ok, report.kind, report.first_bad_seq) == (False, "anchor", 3)
    assert "record 2 t/m 3" in report.reason["nl"] and "records 2 to 3" in report.reason["en"]


def test_an_emptied_chain_is_caught_by_a_hash_noted_down_earlier(store, three, tamper):
    tamper.run("DELETE FROM assessments")
    tamper.run("UPDATE chain_head SET seq = 0, record_hash = :g, created_at = ''", g=GENESIS)
    assert store.verify().ok and store.count() == 0
    report = store.verify(anchors={3: three[2].record_hash})
    assert (report.ok, report.kind, report.first_bad_seq) == (False, "removed", 3)


# ---------------------------------------------------------------- replay


def test_replay_gives_the_identical_verdict(store, three, assessor):
    for rec in three:
        report = store.replay(rec.id, assessor)
        assert report.identical, report.differences
        assert report.differences == [] and report.replayed_outcome == rec.outcome
        assert report.replayed_verdict.receipt.timestamp >= rec.verdict.receipt.timestamp


def test_replay_of_an_unknown_id_is_an_input_error(store):
    unknown = uuid.uuid4().hex
    with pytest.raises(StoreError, match="no assessment with id") as err:
        store.replay(unknown)
    assert err.value.texts == {"nl": f"geen beoordeling met id '{unknown}'; `sto audit list` toont de ids",
                               "en": f"no assessment with id '{unknown}'; `sto audit list` shows the ids"}


def test_replay_shows_what_a_changed_rulebook_changes(store, samples, tmp_path):
    rec = _record(store, samples[1])  # co-financing 9.99%: FIN-04 fails at the 10% minimum
    books = tmp_path / "rulebooks"
    shutil.copytree(ROOT / "rulebooks", books)
    base = books / "sto-2020-2023" / "2018-09-13.yaml"
    before = "  min_cofinancing_share:\n    type: percentage\n    value: 10\n"
    assert before in base.read_text(encoding="utf-8")
    base.write_text(base.read_text(encoding="utf-8").replace(before, before.replace("value: 10", "value: 9")),
                    encoding="utf-8")
    report = store.replay(rec.id, Assessor(load_library(books)))
    assert not report.identical
    assert report.replayed_outcome == "positive_advice" and report.stored_outcome == "negative_advice"
    text_ = "\n".join(report.differences)
    assert f"regelboek {rec.rulebook_ref}: de inhoud is gewijzigd" in report.differences[0]
    assert "uitkomst: Negatief advies -> Positief advies" in text_
    assert "regel FIN-04: voldoet niet -> voldoet" in text_
    assert "findings[FIN-04].parameters.0.value: 1000 -> 900" in text_


def _made_by_other_code(sample, **finding_changes):
    """The sample as if an earlier engine code had made it: another code_sha256, optionally a
    changed first finding, sealed as the engine seals."""
    loaded, verdict = sample
    v = verdict.to_json()
    v["receipt"]["code_sha256"] = "0" * 64
    v["findings"][0].update(finding_changes)
    return loaded, seal(Verdict.from_json(v))


def test_replay_says_the_code_changed_but_not_the_verdict(store, samples, assessor, capsys, db_url):
    loaded, verdict = samples[0]
    assert verdict.receipt.code_sha256 == code_sha256()
    same = store.replay(_record(store, samples[0]).id, assessor)
    assert same.identical and same.code_changed is False
    rec = _record(store, _made_by_other_code(samples[0]))
    # the code's hash is context, like the timestamp: the digest is that of the verdict as made now
    assert rec.verdict.receipt.verdict_sha256 == verdict.receipt.verdict_sha256
    report = store.replay(rec.id, assessor)
    assert report.identical and report.differences == [] and report.code_changed is True
    assert cli.main(["audit", "--database", db_url, "replay", rec.id]) == 0
    assert "IDENTIEK" in (out := capsys.readouterr().out)
    assert "De code van sto-toets is sinds de opslag gewijzigd; het oordeel niet." in out


def test_replay_names_changed_code_first_among_the_differences(store, samples, assessor):
    rec = _record(store, _made_by_other_code(samples[0], condition="iets anders"))
    report = store.replay(rec.id, assessor)
    assert not report.identical and report.code_changed is True
    assert report.differences[0].startswith("de code van sto-toets is gewijzigd sinds de opslag (code_sha256 0000")
    rule = rec.verdict.findings[0].rule_id
    assert any(d.startswith(f"findings[{rule}].condition: 'iets anders' -> ") for d in report.differences)
    assert not any("receipt.code_sha256" in d for d in report.differences)  # said once, in words


def test_replay_of_a_verdict_made_before_the_code_was_recorded(store, samples, assessor):
    loaded, verdict = samples[1]
    old = verdict.to_json()
    del old["receipt"]["code_sha256"]
    rec = _record(store, (loaded, seal(Verdict.from_json(old))))
    report = store.replay(rec.id, assessor)
    assert report.identical and report.code_changed is None


def test_replay_of_a_verdict_made_before_the_regulation_was_recorded(store, samples, assessor):
    loaded, verdict = samples[1]
    old = verdict.to_json()
    del old["receipt"]["regulation"]  # verdicts stored before receipts named the regulation do not have it
    rec = _record(store, (loaded, seal(Verdict.from_json(old))))
    report = store.replay(rec.id, assessor)
    assert report.identical, report.differences


def test_replay_says_when_the_stored_version_is_no_longer_in_the_library(store, samples, tmp_path):
    rec = _record(store, samples[0])
    assert rec.rulebook_ref == "sto-2020-2023@2019-02-27"
    books = tmp_path / "rulebooks"
    shutil.copytree(ROOT / "rulebooks", books)
    for name, old, new in (("2019-02-27.yaml", 'version: "2019-02-27"', 'version: "2019-02-26"'),
                           ("2020-03-16.yaml", 'extends: "2019-02-27"', 'extends: "2019-02-26"')):
        f = books / "sto-2020-2023" / name
        assert old in f.read_text(encoding="utf-8")
        f.write_text(f.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    (books / "sto-2020-2023" / "2019-02-27.yaml").rename(books / "sto-2020-2023" / "2019-02-26.yaml")
    report = store.replay(rec.id, Assessor(load_library(books)))
    assert not report.identical and report.replayed_outcome is None
    assert report.differences[0].startswith("opnieuw beoordelen lukt niet meer")
    assert f"unknown rulebook version '{rec.rulebook_ref}'" in report.differences[0]


# ---------------------------------------------------------------- opening


def test_open_store_says_clearly_what_is_wrong(tmp_path):
    """Each in English (str) and in Dutch (its texts), worded from the catalogue."""
    cases = [(f"sqlite:///{tmp_path / 'no-such-folder' / 'x.sqlite'}", "does not exist", "bestaat niet"),
             ("postgresql+psycopg://nobody@127.0.0.1:1/none", "cannot be opened", "niet bereikbaar"),
             ("dit is geen url", "is not a database URL", "geen database-URL"),
             ("mysql://localhost/x", "only SQLite and PostgreSQL", "alleen SQLite en PostgreSQL"),
             ("postgresql+nodriver://x/y", "the driver is missing: ", "het stuurprogramma ontbreekt: ")]
    for url, english, dutch in cases:
        with pytest.raises(StoreError, match=english) as err:
            open_store(url)
        assert err.value.texts is not None and dutch in err.value.texts["nl"]


def test_open_store_reads_the_environment(tmp_path, monkeypatch, samples):
    monkeypatch.setenv("STO_DATABASE_URL", f"sqlite:///{tmp_path / 'env.sqlite'}")
    with open_store() as s:
        _record(s, samples[0])
    assert (tmp_path / "env.sqlite").exists()
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("STO_DATABASE_URL")
    with open_store() as s:
        assert s.count() == 0
    assert (tmp_path / "sto-toets.sqlite").exists()


# ---------------------------------------------------------------- writers killed mid-write

_WRITER = textwrap.dedent("""
    import json, sys, time
    from engine.store import open_store
    from engine.store.store import AuditStore

    url, plan_file, verdict_file, mode = sys.argv[1:5]
    plan_bytes = open(plan_file, "rb").read()
    from engine.verdict import Verdict
    verdict = Verdict.from_json(json.load(open(verdict_file, encoding="utf-8")))
    store = open_store(url)
    if mode == "hang-in-transaction":
        original = AuditStore._advance_head
        def hang(conn, fields):
            original(conn, fields)
            print("IN-TRANSACTION", fields["seq"], flush=True)
            time.sleep(600)
        AuditStore._advance_head = staticmethod(hang)
    print("READY", flush=True)
    while True:
        store.record(plan_bytes=plan_bytes, plan_source=plan_file, verdict=verdict, actor="writer",
                     role="cli", mode="pre-screen")
""")


def _writer(tmp_path, db_url, sample, mode):
    loaded, verdict = sample
    plan_file, verdict_file = tmp_path / "plan.yaml", tmp_path / "verdict.json"
    plan_file.write_bytes(loaded.raw)
    verdict_file.write_text(json.dumps(verdict.to_json()), encoding="utf-8")
    return subprocess.Popen([sys.executable, "-c", _WRITER, db_url, str(plan_file), str(verdict_file), mode],
                            stdout=subprocess.PIPE, text=True, cwd=ROOT)


def _wait_for(predicate, seconds=60.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return False


def test_writer_killed_inside_its_transaction_leaves_no_trace(tmp_path, db_url, store, samples):
    _record(store, samples[0])
    proc = _writer(tmp_path, db_url, samples[1], "hang-in-transaction")
    try:
        assert proc.stdout.readline().strip() == "READY"
        # the record and the new head are written, the transaction is not committed: kill it now
        assert proc.stdout.readline().strip() == "IN-TRANSACTION 2"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
    assert proc.returncode == -signal.SIGKILL
    assert store.count() == 1 and store.head()[0] == 1
    assert store.verify().ok
    after = _record(store, samples[2])  # the killed writer's lock is gone
    assert after.seq == 2 and store.verify().ok


def test_writers_killed_while_appending_leave_whole_records_and_an_intact_chain(tmp_path, db_url, store, samples):
    writers = [_writer(tmp_path / str(i), db_url, samples[i], "loop") for i in range(2)
               if (tmp_path / str(i)).mkdir() is None]
    try:
        for w in writers:
            assert w.stdout.readline().strip() == "READY"
        regions = [samples[i][1].plan.region for i in range(2)]
        # both writers are appending at the same time before they are killed
        assert _wait_for(lambda: all(store.count(region=r) >= 15 for r in regions)), "the writers did not both write"
    finally:
        for w in writers:
            w.send_signal(signal.SIGKILL)
        for w in writers:
            w.wait(30)
    report = store.verify()
    assert report.ok, report.reason
    assert report.checked == store.count() == store.head()[0] >= 30
    for rec in store.list(limit=1000):
        assert rec.plan_sha256 == sha256_hex(rec.plan_bytes) and rec.verdict.receipt.plan_sha256 == rec.plan_sha256
    assert {r.region for r in store.list(limit=1000)} == set(regions)


# ---------------------------------------------------------------- sto audit


@pytest.fixture
def sqlite_three(tmp_path, samples):
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    with open_store(url) as s:
        recs = [_record(s, sample) for sample in samples]
    return url, recs


def test_sto_audit_verify_exit_codes(sqlite_three, capsys):
    url, _ = sqlite_three
    assert cli.main(["audit", "--database", url, "verify"]) == 0
    assert "Keten in orde: 3 records gecontroleerd" in capsys.readouterr().out
    t = Tamperer(url)
    t.run("DELETE FROM assessments WHERE seq = 2")
    t.close()
    assert cli.main(["audit", "--database", url, "verify"]) == 1
    out = capsys.readouterr().out
    assert "MANIPULATIE GEVONDEN" in out and "record 2 ontbreekt" in out
    assert cli.main(["audit", "--database", url, "verify", "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out)["first_bad_seq"] == 2


def test_sto_audit_replay_list_show(sqlite_three, capsys):
    url, recs = sqlite_three
    assert cli.main(["audit", "--database", url, "replay", recs[1].id]) == 0
    assert "IDENTIEK" in capsys.readouterr().out
    assert cli.main(["audit", "--database", url, "list"]) == 0
    out = capsys.readouterr().out
    assert out.index(recs[2].id) < out.index(recs[0].id) and "Niet subsidiabel" in out
    assert cli.main(["audit", "--database", url, "list", "--region", recs[1].region, "--format", "json"]) == 0
    assert [i["id"] for i in json.loads(capsys.readouterr().out)["items"]] == [recs[1].id]
    assert cli.main(["audit", "--database", url, "show", recs[0].id]) == 0
    out = capsys.readouterr().out
    assert f"record_hash: {recs[0].record_hash}" in out and "Uitkomst: POSITIEF ADVIES" in out
    assert cli.main(["audit", "--database", url, "show", recs[0].id, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == recs[0].verdict.to_json()


def test_sto_audit_input_errors_exit_2(sqlite_three, tmp_path, capsys):
    url, _ = sqlite_three
    assert cli.main(["audit", "--database", url, "show", "0" * 32]) == 2
    assert "geen beoordeling met id" in capsys.readouterr().err
    assert cli.main(["audit", "--database", url, "replay", "nope"]) == 2
    assert cli.main(["audit", "--database", f"sqlite:///{tmp_path}/missing/x.sqlite", "verify"]) == 2
    err = capsys.readouterr().err
    assert "bestaat niet" in err and "Traceback" not in err
    # a mistyped path is not answered with a new, empty and therefore "intact" chain
    assert cli.main(["audit", "--database", f"sqlite:///{tmp_path}/typo.sqlite", "verify"]) == 2
    assert "geen audit-store" in capsys.readouterr().err and not (tmp_path / "typo.sqlite").exists()


def test_sto_assess_store_keeps_an_advisory_self_check(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("STO_DATABASE_URL", f"sqlite:///{tmp_path / 'assess.sqlite'}")
    plan = PLANS / "onvoldoende-partners.yaml"
    assert cli.main(["assess", str(plan), "--store"]) == 1
    err = capsys.readouterr().err
    with open_store() as s:
        (rec,) = s.list()
    assert f"id {rec.id}, record 1" in err
    assert (rec.mode, rec.role, rec.outcome, rec.plan_bytes) == ("self-check", "cli", "ineligible", plan.read_bytes())


def test_sto_audit_head_and_verify_expect(sqlite_three, capsys):
    url, recs = sqlite_three
    assert cli.main(["audit", "--database", url, "head"]) == 0
    noted = capsys.readouterr().out.strip()
    assert noted == f"3:{recs[2].record_hash}"
    assert cli.main(["audit", "--database", url, "verify", "--expect", noted, "--expect", f"1:{recs[0].record_hash}"]) == 0
    capsys.readouterr()
    assert cli.main(["audit", "--database", url, "verify", "--expect", f"2:{recs[0].record_hash}"]) == 1
    assert "niet de record_hash die eerder is vastgelegd" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exc:
        cli.main(["audit", "--database", url, "verify", "--expect", "drie:abc"])
    assert exc.value.code == 2 and "is not SEQ:HASH" in capsys.readouterr().err


def test_grants_that_fail_say_so_in_both_languages(db_url):
    if not db_url.startswith("postgresql"):
        pytest.skip("roles and grants are for PostgreSQL")
    with open_store(db_url) as s, pytest.raises(StoreError) as err:
        s.grant_service("sto_msgs_no_such_role")
    assert err.value.texts is not None
    assert err.value.texts["nl"].startswith("de rechten voor rol 'sto_msgs_no_such_role' zijn niet gegeven: ")
    assert str(err.value).startswith("the grants for role 'sto_msgs_no_such_role' failed: ")
