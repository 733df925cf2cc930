"""Signed checkpoints, the guarded chain head, least privilege on PostgreSQL, and the tampering set:
each attack by whoever holds the database login (but not the key) is caught by `sto audit verify`
alone, with checkpoints configured (docs/audit.md)."""
from __future__ import annotations

import json
import os
import stat
import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

import cli
from engine.store import open_store
from engine.store.checkpoint import KEY_ENV, PublicKeys, generate, load_public_key, parse_line
from engine.store.roles import roles_sql
from tests import tampering
from tests.test_store import PG_URL, _record, db_url, samples  # noqa: F401  (fixtures)


@pytest.fixture(scope="module")
def assessor():
    from engine.assess import Assessor

    return Assessor()


@pytest.fixture
def key(tmp_path):
    private, public, _ = generate(tmp_path / "checkpoint.key")
    return private


@pytest.fixture
def signed(db_url, key, samples, monkeypatch):  # noqa: F811
    """A store of 15 records, each signed; STO_CHECKPOINT_KEY set as on the service's machine."""
    monkeypatch.setenv(KEY_ENV, str(key))
    with open_store(db_url) as s:
        recs = [_record(s, samples[n % 3]) for n in range(tampering.RECORDS)]
    return db_url, recs


def _verify(url: str, capsys, *extra) -> tuple[int, str, dict]:
    code = cli.main(["audit", "--database", url, "verify", *extra])
    text_out = capsys.readouterr().out
    assert cli.main(["audit", "--database", url, "verify", "--format", "json", *extra]) == code
    return code, text_out, json.loads(capsys.readouterr().out)


# ---------------------------------------------------------------- signing


def test_every_append_is_signed_in_the_database_and_in_the_file(signed, key, capsys):
    url, recs = signed
    lines = (key.parent / "checkpoint.key.checkpoints").read_text().splitlines()
    keys = PublicKeys([load_public_key(f"{key}.pub")])
    parsed = [parse_line(line) for line in lines]
    assert [(c.seq, c.record_hash) for c in parsed] == [(r.seq, r.record_hash) for r in recs]
    assert all(keys.holds(c) for c in parsed)
    code, out, report = _verify(url, capsys)
    assert code == 0 and "sluit aan op het nieuwste ondertekende controlepunt: record 15" in out
    assert (report["signed_from"], report["newest_checkpoint"]) == (1, 15)


def test_the_key_file_is_private_and_never_overwritten(tmp_path, capsys):
    assert cli.main(["audit", "keygen", "--key", str(tmp_path / "k")]) == 0
    assert stat.S_IMODE(os.stat(tmp_path / "k").st_mode) == 0o600 and (tmp_path / "k.pub").exists()
    assert "k.pub" in capsys.readouterr().out
    before = (tmp_path / "k").read_bytes()
    assert cli.main(["audit", "keygen", "--key", str(tmp_path / "k")]) == 2
    assert "wordt nooit overschreven" in capsys.readouterr().err and (tmp_path / "k").read_bytes() == before


def test_sto_audit_checkpoint_prints_the_newest_for_publication(signed, key, capsys):
    url, recs = signed
    assert cli.main(["audit", "--database", url, "checkpoint"]) == 0
    out = capsys.readouterr()
    cp = parse_line(out.out.strip())
    assert (cp.seq, cp.record_hash) == (15, recs[-1].record_hash) and "Publiceer deze regel" in out.err
    assert PublicKeys([load_public_key(f"{key}.pub")]).holds(cp)


def test_a_published_checkpoint_and_the_public_key_suffice_to_verify(signed, key, tmp_path, capsys, monkeypatch):
    """An auditor without the private key: the published line and the .pub file."""
    url, _ = signed
    assert cli.main(["audit", "--database", url, "checkpoint"]) == 0
    published = tmp_path / "gepubliceerd.txt"
    published.write_text(capsys.readouterr().out)
    monkeypatch.delenv(KEY_ENV)
    tampering.truncate_tail(url, 10)
    code, out, report = _verify(url, capsys, "--public-key", f"{key}.pub", "--checkpoints", str(published))
    assert code == 1 and report["first_bad_seq"] == 11 and "record 15 is ondertekend vastgelegd" in out


def test_without_checkpoints_verify_says_what_it_cannot_see(tmp_path, samples, capsys):  # noqa: F811
    """The fresh-machine default: no key, nothing signed, everything works; verify says plainly what is missing."""
    url = f"sqlite:///{tmp_path / 'plain.sqlite'}"
    with open_store(url) as s:
        _record(s, samples[0])
    code, out, report = _verify(url, capsys)
    assert code == 0 and report["signed_from"] is None and not report["checkpoints_checked"]
    assert "Zonder controlepunten kan niet worden vastgesteld" in out and "ingekort" in out


def test_an_altered_checkpoint_file_is_reported(signed, key, capsys):
    url, _ = signed
    path = key.parent / "checkpoint.key.checkpoints"
    lines = path.read_text().splitlines()
    forged = parse_line(lines[-1])
    lines.append(forged.line().replace(f"seq={forged.seq} ", f"seq={forged.seq + 1} "))
    path.write_text("\n".join(lines) + "\n")
    code, out, report = _verify(url, capsys)
    assert code == 1 and report["kind"] == "checkpoint" and "regel 16" in out


# ---------------------------------------------------------------- the tampering set


@pytest.mark.parametrize("attack", list(tampering.ATTACKS))
def test_each_attack_is_caught_by_verify_alone(signed, attack, capsys, monkeypatch):
    url, recs = signed
    run, first_bad = tampering.ATTACKS[attack]
    run(url)
    code, out, report = _verify(url, capsys)
    assert code == 1 and "MANIPULATIE GEVONDEN" in out
    assert report["first_bad_seq"] == first_bad, report["reason"]
    assert f"record {first_bad}" in report["reason"]["nl"]
    # Without the checkpoints, only the deletion in the middle shows: the rest keeps the chain consistent.
    monkeypatch.delenv(KEY_ENV)
    code, out, _ = _verify(url, capsys)
    assert code == (1 if attack.startswith("trigger uit") else 0)


def test_a_rewrite_is_named_from_the_file_when_the_database_lost_every_checkpoint(signed, capsys):
    url, recs = signed
    tampering.rewrite_from(url, 12)
    with tampering.owner(url) as conn:
        conn.execute(text("DELETE FROM checkpoints"))
    code, out, report = _verify(url, capsys)
    assert (code, report["kind"], report["first_bad_seq"], report["first_bad_id"]) == (1, "checkpoint", 12, recs[11].id)
    assert "het eerste gewijzigde record is record 12" in out


def test_a_rewrite_that_keeps_the_old_signatures_is_named(signed, capsys):
    url, recs = signed
    tampering.rewrite_from(url, 12, drop_signatures=False)
    code, out, report = _verify(url, capsys)
    assert (code, report["kind"], report["first_bad_seq"]) == (1, "signature", 12)
    assert "gewijzigd nadat het is ondertekend" in out


def test_the_service_does_not_sign_over_a_forged_tail(signed, samples, capsys):  # noqa: F811
    url, _ = signed
    tampering.forged_tail(url, 2)
    with open_store(url) as s:
        with pytest.raises(Exception, match="is not signed") as exc:
            _record(s, samples[0])
        assert s.count() == 17  # nothing appended
    assert "sto audit verify" in str(exc.value)
    assert exc.value.texts["nl"] == ("de kop van de keten (record 17) is niet ondertekend: records zijn buiten de service "
                                     "om toegevoegd of gewijzigd; er is niets opgeslagen. Controleer met `sto audit verify`")


def test_an_append_without_the_key_is_refused_once_the_chain_is_signed(signed, samples, monkeypatch):  # noqa: F811
    url, _ = signed
    monkeypatch.delenv(KEY_ENV)
    with open_store(url) as s:
        with pytest.raises(Exception, match="no checkpoint key is set") as exc:
            _record(s, samples[0])
        assert s.count() == 15
    assert exc.value.texts == {
        "nl": "deze keten wordt ondertekend, maar er is geen sleutel ingesteld ($STO_CHECKPOINT_KEY); er is niets opgeslagen",
        "en": "this chain is signed, but no checkpoint key is set ($STO_CHECKPOINT_KEY); nothing was stored"}


def test_the_chain_head_only_advances_to_the_record_just_appended(db_url, samples):  # noqa: F811
    with open_store(db_url) as s:
        recs = [_record(s, samples[0]) for _ in range(3)]
    engine = create_engine(db_url)
    try:
        for sql in ("UPDATE chain_head SET seq = 2, record_hash = :h2", "DELETE FROM chain_head",
                    "UPDATE chain_head SET seq = 4, record_hash = :h2"):
            with pytest.raises(DBAPIError, match="chain_head only advances"):
                with engine.begin() as conn:
                    conn.execute(text(sql), {"h2": recs[1].record_hash})
    finally:
        engine.dispose()
    with open_store(db_url) as s:
        assert s.head() == (3, recs[2].record_hash) and s.verify().ok


# ---------------------------------------------------------------- sto audit list


def test_sto_audit_list_and_show_escape_control_characters(tmp_path, samples, capsys):  # noqa: F811
    """A region name from before names were cleaned, with a bell and a colour escape in it."""
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    with open_store(url) as s:
        rec = _record(s, samples[0], region="\x07\x1b[31mRegio\u202eOost", actor="jan\x1b[2J")
    assert cli.main(["audit", "--database", url, "list"]) == 0
    out = capsys.readouterr().out
    assert "\\x07\\x1b[31mRegio\\u202eOost" in out
    assert cli.main(["audit", "--database", url, "show", rec.id]) == 0
    out += capsys.readouterr().out
    assert "jan\\x1b[2J" in out
    assert not any(c in out for c in "\x07\x1b\u202e")


# ---------------------------------------------------------------- least privilege on PostgreSQL


@pytest.fixture
def pg_roles(capsys):
    """An owner and a service role of their own (unique names), and a schema the owner owns, made with the
    SQL `sto audit roles` prints; dropped after."""
    admin = create_engine(PG_URL)
    tag = uuid.uuid4().hex[:8]
    owner, service, schema = f"sto_owner_{tag}", f"sto_service_{tag}", f"sto_{tag}"
    assert cli.main(["audit", "roles", "--owner", owner, "--service", service, "--schema", schema]) == 0
    sql = capsys.readouterr().out
    assert sql == roles_sql(owner, service, schema)
    setup, _, _ = sql.partition("-- 2.")
    with admin.begin() as conn:
        for statement in setup.split(";"):
            body = "\n".join(line for line in statement.splitlines() if not line.startswith("--")).strip()
            if body:
                conn.execute(text(body))
    base = make_url(PG_URL)
    urls = {name: base.set(username=name).render_as_string(hide_password=False) for name in (owner, service)}
    try:
        yield owner, service, urls[owner], urls[service], sql
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
            for role in (service, owner):
                conn.execute(text(f"DROP OWNED BY {role}"))
                conn.execute(text(f"DROP ROLE {role}"))
        admin.dispose()


def test_the_service_role_can_append_but_not_disable_triggers_or_move_the_head(pg_roles, samples, capsys):  # noqa: F811
    owner, service, owner_url, service_url, sql = pg_roles
    assert f"GRANT SELECT, UPDATE ON sto_{owner.rsplit('_', 1)[1]}.chain_head TO {service}" in sql
    assert cli.main(["audit", "--database", owner_url, "migrate", "--service-role", service]) == 0
    assert f"Rol {service} mag nu lezen en toevoegen" in capsys.readouterr().out
    with open_store(service_url, create=False) as s:  # the service: appends work
        recs = [_record(s, samples[n]) for n in range(3)]
        assert s.count() == 3 and s.verify().ok
    engine = create_engine(service_url)
    refused = {}
    try:
        for what, statement in {
            "disable trigger": "ALTER TABLE assessments DISABLE TRIGGER USER",
            "disable head trigger": "ALTER TABLE chain_head DISABLE TRIGGER USER",
            "drop trigger": "DROP TRIGGER assessments_no_change ON assessments",
            "move head": "UPDATE chain_head SET seq = 1, record_hash = :h",
            "update record": "UPDATE assessments SET actor = 'x' WHERE seq = 2",
            "delete record": "DELETE FROM assessments WHERE seq = 3",
            "truncate": "TRUNCATE assessments CASCADE",
            "delete checkpoint": "DELETE FROM checkpoints",
        }.items():
            try:
                with engine.begin() as conn:
                    conn.execute(text(statement), {"h": recs[0].record_hash})
            except DBAPIError as exc:
                refused[what] = str(exc.orig).splitlines()[0]
    finally:
        engine.dispose()
    assert set(refused) == {"disable trigger", "disable head trigger", "drop trigger", "move head", "update record",
                            "delete record", "truncate", "delete checkpoint"}, refused
    assert "chain_head only advances" in refused["move head"]
    with open_store(service_url, create=False) as s:
        assert s.count() == 3 and s.verify().ok and s.head() == (3, recs[2].record_hash)


def test_with_the_public_key_only_a_truncation_is_noted_as_undetectable(signed, key, capsys, monkeypatch):
    """The database's own checkpoints catch rewrites and forged records; a cut-off tail needs the file."""
    url, _ = signed
    monkeypatch.delenv(KEY_ENV)
    code, out, report = _verify(url, capsys, "--public-key", f"{key}.pub")
    assert code == 0 and report["signed_from"] == 1 and report["checkpoint_file"] is None
    assert "geen controlepuntbestand opgegeven of gevonden" in out
    tampering.forged_tail(url, 1)
    code, out, report = _verify(url, capsys, "--public-key", f"{key}.pub")
    assert (code, report["kind"], report["first_bad_seq"]) == (1, "unsigned", 16)


def test_after_a_change_of_key_the_service_appends_and_verify_holds(signed, samples, tmp_path, key, monkeypatch, capsys):  # noqa: F811
    url, _ = signed
    new, _, _ = generate(tmp_path / "nieuw.key")
    monkeypatch.setenv(KEY_ENV, str(new))
    with open_store(url) as s:  # the head was signed with the old key, which it no longer knows
        with pytest.raises(Exception, match="is not signed"):
            _record(s, samples[0])
    monkeypatch.setenv("STO_CHECKPOINT_PUBLIC_KEY", f"{key}.pub")
    with open_store(url) as s:
        assert _record(s, samples[0]).seq == 16
    code, out, report = _verify(url, capsys)
    assert code == 0 and report["signed_from"] == 1


def test_sto_audit_checkpoint_and_roles_say_in_dutch_what_is_wrong(tmp_path, samples, capsys):  # noqa: F811
    url = f"sqlite:///{tmp_path / 'plain.sqlite'}"
    with open_store(url) as s:
        _record(s, samples[0])
    assert cli.main(["audit", "--database", url, "checkpoint"]) == 2
    assert "er is nog geen ondertekend controlepunt" in capsys.readouterr().err
    assert cli.main(["audit", "roles", "--service", "sto; DROP TABLE x"]) == 2
    assert "de rolnaam 'sto; DROP TABLE x' is niet toegestaan" in capsys.readouterr().err
    assert cli.main(["audit", "--database", url, "migrate", "--service-role", "sto_service"]) == 2
    assert "alleen voor PostgreSQL" in capsys.readouterr().err
