"""The audit store: every assessment, append-only, in a hash chain (SQLite file or PostgreSQL).

    store = open_store()              # STO_DATABASE_URL, else sqlite:///./sto-toets.sqlite
    rec = store.record(plan_bytes=raw, plan_source="plan.yaml", verdict=verdict,
                       actor="jan", role="committee", mode="pre-screen")
    store.verify().ok                 # the chain is intact
    store.replay(rec.id).identical    # the stored plan still gives the stored verdict
    store.judge(rec.id, rule_id="PART-05", holds="yes", motivation="...", actor="jan")   # the committee's part
    store.advise(rec.id, advice="positive", motivation="...", actor="jan")
    store.picture(rec.id)             # machine findings + judgements -> advice, computed

Appends are serialised per database: SQLite takes its write lock with BEGIN IMMEDIATE, PostgreSQL
locks the one row of `chain_head` (SELECT ... FOR UPDATE). The record and the new head are written
in one transaction, so a writer killed half-way leaves the whole record or none of it. With a
checkpoint key ($STO_CHECKPOINT_KEY) the record's signed checkpoint is in that transaction too, and
its line goes to the checkpoint file after the commit (engine/store/checkpoint.py).
"""
from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import bindparam, create_engine, event, func, insert, select, text, update
from sqlalchemy.engine import URL, Connection, Engine, Row, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.pool import StaticPool

from ..errors import StoError
from ..i18n import both
from ..jsontypes import JSONObject, StrPath
from ..verdict import seal
from ..verdict.model import Verdict
from .chain import committee_record_hash, record_hash, sha256_hex, verdict_text
from .checkpoint import FILE_ENV, KEY_ENV, PUBLIC_KEY_ENV, Checkpoint, FileCheckpoints, PublicKeys, Signer
from .replay import code_changed, verdict_differences
from .schema import assessments, chain_head, checkpoints, committee_records, idempotency_keys

if TYPE_CHECKING:
    from sqlalchemy import Select

    from ..assess import Assessor

URL_ENV = "STO_DATABASE_URL"
DEFAULT_URL = "sqlite:///./sto-toets.sqlite"
MODES = ("self-check", "pre-screen")
ROLE_PATTERN = re.compile(r"^(committee|auditor|cli|region:.+)$")
ID_PATTERN = re.compile(r"^[0-9a-f]{32}$")
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_PG_MIGRATION_LOCK = 0x5707_0001  # advisory lock key: one migrating process per PostgreSQL database
_VERIFY_BATCH = 500


class IdempotencyConflict(StoError):
    """An idempotency key used again for another request."""

    def __init__(self, key: str):
        self.key = key
        super().__init__(f"idempotency key '{key}' was used before for another request")


class StoreError(StoError):
    """The store cannot be opened, or a request to it is invalid (unknown id, bad arguments)."""


class StoredAssessment(BaseModel):
    """One record of the chain, as stored."""

    model_config = ConfigDict(frozen=True)

    id: str
    seq: int
    created_at: str
    region: str
    actor: str
    role: str
    mode: str
    plan_source: str
    plan_bytes: bytes = Field(repr=False)
    plan_sha256: str
    verdict: Verdict = Field(repr=False)
    verdict_sha256: str
    outcome: str
    rulebook_ref: str
    prev_hash: str
    record_hash: str
    # True when a retried request got this record back instead of storing anew (not stored itself)
    replayed: bool = False


class CommitteeRecord(BaseModel):
    """One judgement, advice or withdrawal of the committee, as stored: a record of the same chain."""

    model_config = ConfigDict(frozen=True)

    id: str
    seq: int
    created_at: str
    kind: str  # judgement | advice | withdrawal
    assessment_id: str
    region: str
    actor: str
    role: str
    body: JSONObject
    body_sha256: str
    prev_hash: str
    record_hash: str


class ChainReport(BaseModel):
    """The result of walking the chain. When not ok, the first bad record and what is wrong with it."""

    ok: bool
    checked: int
    head_seq: int
    first_bad_seq: int | None = None
    first_bad_id: str | None = None
    kind: str | None = None  # altered | removed | inserted | head | anchor | checkpoint | unsigned | signature
    reason: dict[str, str] | None = None  # {"nl": ..., "en": ...}
    # signed checkpoints: None when no public key was given (then truncation and rewrites by the
    # database login cannot be detected)
    signed_from: int | None = None  # the first record with a signed checkpoint in the database
    checkpoint_file: str | None = None
    newest_checkpoint: int | None = None  # the newest signed checkpoint (file or database) the chain extends
    notes: list[dict[str, str]] = []  # remarks that are no tampering ({"nl": ..., "en": ...})


class ReplayReport(BaseModel):
    id: str
    rulebook_ref: str
    identical: bool
    differences: list[str]
    stored_outcome: str
    replayed_outcome: str | None = None
    code_changed: bool | None = None  # None: the stored verdict does not name its code (made before code_sha256)
    replayed_verdict: Verdict | None = Field(default=None, repr=False)
    # the committee's records, unchanged, with the picture they give beside the replayed verdict
    # (a judgement the replay makes moot is marked so); None when there are none
    committee: JSONObject | None = None


# ---------------------------------------------------------------- opening


def database_url(url: str | None = None) -> str:
    return url or os.environ.get(URL_ENV) or DEFAULT_URL


def safe_url(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<ongeldige URL>"


def _sqlite_engine(url: URL) -> Engine:
    database = url.database or ""
    memory = database in ("", ":memory:")
    if not memory:
        folder = Path(database).expanduser().resolve().parent
        if not folder.is_dir():
            raise StoreError.said(both("store.folder_missing", database=database, folder=folder, env=URL_ENV))
    kwargs: dict[str, Any] = {"connect_args": {"timeout": 30, "check_same_thread": False}}
    if memory:
        kwargs["poolclass"] = StaticPool
    engine = create_engine(url, **kwargs)

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        # pysqlite's own transaction handling is switched off, so that BEGIN is ours (see _begin)
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        if not memory:
            cursor.execute("PRAGMA journal_mode=WAL")  # readers do not wait for the writer
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        # a writer takes the database's write lock at BEGIN, before it reads the chain head
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("sto_write") else "BEGIN")

    return engine


def _engine_for(url_text: str) -> Engine:
    try:
        url = make_url(url_text)
    except ArgumentError:
        raise StoreError.said(both("store.not_a_url", env=URL_ENV, url=url_text)) from None
    try:
        if url.get_backend_name() == "sqlite":
            return _sqlite_engine(url)
        if url.get_backend_name() == "postgresql":
            if url.drivername == "postgresql":
                url = url.set(drivername="postgresql+psycopg")
            return create_engine(url, pool_pre_ping=True)
    except NoSuchModuleError as exc:
        raise StoreError.said(both("store.driver_missing", url=safe_url(url_text), reason=exc)) from None
    raise StoreError.said(both("store.unsupported_database", url=safe_url(url_text)))


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision; concurrent openers wait for each other."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.connect() as conn:
        conn.execution_options(sto_write=True)
        with conn.begin():
            if engine.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK})
            config.attributes["connection"] = conn
            command.upgrade(config, "head")


def _holds_a_store(engine: Engine) -> bool:
    from sqlalchemy import inspect

    if engine.dialect.name == "sqlite":
        database = engine.url.database
        if database not in (None, "", ":memory:") and not Path(database).exists():
            return False
    return inspect(engine).has_table("assessments")


def open_store(url: str | None = None, *, create: bool = True, checkpoint_key: str | None = None,
               checkpoint_file: str | None = None) -> AuditStore:
    """Open (and if needed create or upgrade) the store at `url`, else $STO_DATABASE_URL, else the
    SQLite file sto-toets.sqlite in the working folder. Raises StoreError with a clear message when
    the database cannot be reached. create=False: the store must exist already (for readers such as
    `sto audit`, so that a mistyped path is not answered with a new, empty, "intact" chain).

    checkpoint_key: the private key file that signs every append (else $STO_CHECKPOINT_KEY; "" for
    none); checkpoint_file: where the signed checkpoints are appended (else $STO_CHECKPOINT_FILE, else
    the key's path + ".checkpoints"). $STO_CHECKPOINT_PUBLIC_KEY: earlier public keys, still trusted."""
    key_path = os.environ.get(KEY_ENV) if checkpoint_key is None else checkpoint_key
    file_path = os.environ.get(FILE_ENV) if checkpoint_file is None else checkpoint_file
    earlier = [p for p in os.environ.get(PUBLIC_KEY_ENV, "").split(os.pathsep) if p]
    # before the database: a bad key fails first
    signer = Signer(key_path, file_path or None, earlier) if key_path else None
    url_text = database_url(url)
    engine = _engine_for(url_text)
    try:
        if not create and not _holds_a_store(engine):
            engine.dispose()
            raise StoreError.said(both("store.no_store_here", url=safe_url(url_text), env=URL_ENV))
        migrate(engine)
    except (DBAPIError, SQLAlchemyError) as exc:
        engine.dispose()
        detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise StoreError.said(both("store.cannot_open", url=safe_url(url_text), detail=detail, env=URL_ENV)) from None
    return AuditStore(engine, url_text, signer)


# ---------------------------------------------------------------- the store

# built once: SQLAlchemy then reuses their compiled form on every append
_LOCK_HEAD = select(chain_head).where(chain_head.c.id == 1).with_for_update()
_INSERT = insert(assessments)
_MOVE_HEAD = update(chain_head).where(chain_head.c.id == 1)
_INSERT_COMMITTEE = insert(committee_records)
_INSERT_CHECKPOINT = insert(checkpoints)
_CHECKPOINT_AT = select(checkpoints).where(checkpoints.c.seq == bindparam("seq"))
_ANY_CHECKPOINT = select(checkpoints.c.seq).limit(1)
COMMITTEE_ROLE = "committee"


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def _stored(row: Row[Any]) -> StoredAssessment:
    m = row._mapping
    return StoredAssessment(
        id=m["id"], seq=m["seq"], created_at=m["created_at"], region=m["region"], actor=m["actor"],
        role=m["role"], mode=m["mode"], plan_source=m["plan_source"], plan_bytes=bytes(m["plan_bytes"]),
        plan_sha256=m["plan_sha256"], verdict=Verdict.from_json(m["verdict_json"]),
        verdict_sha256=m["verdict_sha256"],
        outcome=m["outcome"], rulebook_ref=m["rulebook_ref"], prev_hash=m["prev_hash"], record_hash=m["record_hash"])


def _committee_stored(row: Row[Any]) -> CommitteeRecord:
    m = row._mapping
    return CommitteeRecord(
        id=m["id"], seq=m["seq"], created_at=m["created_at"], kind=m["kind"], assessment_id=m["assessment_id"],
        region=m["region"], actor=m["actor"], role=m["role"], body=orjson.loads(m["body_json"]),
        body_sha256=m["body_sha256"], prev_hash=m["prev_hash"], record_hash=m["record_hash"])


MAX_VERDICT_CHARS = 16_000_000


def _thousands(n: int) -> dict[str, str]:
    """A count as each language writes it: 16,000,000 / 16.000.000."""
    return {"en": f"{n:,}", "nl": f"{n:,}".replace(",", ".")}


def _check_record_args(plan_bytes: object, verdict: object, actor: str, role: str, mode: str) -> None:
    if not isinstance(plan_bytes, (bytes, bytearray)):
        raise StoreError.said(both("store.plan_bytes"))
    if mode not in MODES:
        raise StoreError.said(both("store.unknown_mode", mode=mode, modes=", ".join(MODES)))
    if not ROLE_PATTERN.match(role or ""):
        raise StoreError.said(both("store.unknown_record_role", role=role))
    if not actor:
        raise StoreError.said(both("store.actor_required"))
    if not isinstance(verdict, Verdict):
        raise StoreError.said(both("store.not_a_verdict"))
    if verdict.receipt.plan_sha256 != sha256_hex(bytes(plan_bytes)):
        raise StoreError.said(both("store.other_plan_bytes"))


class AuditStore:
    """Append-only access to the chain. No method updates or deletes a record."""

    def __init__(self, engine: Engine, url: str, signer: Signer | None = None):
        self._engine = engine
        self.url = url
        self.signer = signer

    @property
    def dialect(self) -> str:
        return self._engine.dialect.name

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> AuditStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -------------------------------------------------------- writing

    def record(self, *, plan_bytes: bytes, plan_source: str, verdict: Verdict, actor: str, role: str, mode: str,
               region: str | None = None, idempotency: tuple[str, str] | None = None) -> StoredAssessment:
        """Append one assessment to the chain, in one transaction.

        idempotency=(key, request_sha256): the client's key for this request and a hash of what it
        asked. When `actor` stored a record under that key before, nothing is appended: the same
        request gets that record back (its `replayed` is True), another request under the same key
        raises IdempotencyConflict. Checked under the chain's lock, so two tries racing each other
        store one record."""
        _check_record_args(plan_bytes, verdict, actor, role, mode)
        plan_bytes = bytes(plan_bytes)
        stored_text = verdict_text(verdict.to_json())
        if len(stored_text) > MAX_VERDICT_CHARS:
            # The plan model's list bounds keep every real verdict far below this (the largest plan
            # they allow gives ~4 MB); a record is kept for ever, so the store refuses rather than trusts.
            raise StoreError.said(both("store.verdict_too_large", size=_thousands(len(stored_text)),
                                       limit=_thousands(MAX_VERDICT_CHARS)))
        fields: dict[str, Any] = {
            "id": uuid.uuid4().hex,
            "region": region or verdict.plan.region,
            "actor": actor, "role": role, "mode": mode, "plan_source": plan_source,
            "plan_sha256": sha256_hex(plan_bytes),
            "verdict_sha256": sha256_hex(stored_text.encode("utf-8")),
            "outcome": verdict.outcome.value,
            "rulebook_ref": verdict.rulebook_ref,
        }
        with self._engine.connect() as conn:
            conn.execution_options(sto_write=True)
            with conn.begin():
                head = conn.execute(_LOCK_HEAD).one()
                if idempotency is not None:
                    earlier = self._by_key(conn, actor, *idempotency)
                    if earlier is not None:
                        return earlier
                self._check_head_signed(conn, head)
                # created_at never runs backwards along the chain, even if the clock does
                fields.update(seq=head.seq + 1, prev_hash=head.record_hash, created_at=max(_now(), head.created_at))
                fields["record_hash"] = record_hash(fields)
                conn.execute(_INSERT, {**fields, "plan_bytes": plan_bytes, "verdict_json": stored_text})
                if idempotency is not None:
                    conn.execute(insert(idempotency_keys), {"actor": actor, "key": idempotency[0],
                                                            "request_sha256": idempotency[1], "assessment_id": fields["id"]})
                self._advance_head(conn, fields)
                signed = self._sign(conn, fields)
        self._publish(signed)
        return StoredAssessment(**fields, plan_bytes=plan_bytes, verdict=verdict)

    def find_by_key(self, actor: str, key: str, request_sha256: str) -> StoredAssessment | None:
        """The record `actor` stored under this idempotency key, if any (see record)."""
        with self._engine.connect() as conn:
            return self._by_key(conn, actor, key, request_sha256)

    def _by_key(self, conn: Connection, actor: str, key: str, request_sha256: str) -> StoredAssessment | None:
        row = conn.execute(select(idempotency_keys).where(idempotency_keys.c.actor == actor,
                                                          idempotency_keys.c.key == key)).first()
        if row is None:
            return None
        if row.request_sha256 != request_sha256:
            raise IdempotencyConflict(key)
        # the key's foreign key keeps its assessment stored
        earlier = conn.execute(select(assessments).where(assessments.c.id == row.assessment_id)).one()
        return _stored(earlier).model_copy(update={"replayed": True})

    @staticmethod
    def _advance_head(conn: Connection, fields: JSONObject) -> None:
        conn.execute(_MOVE_HEAD, {"seq": fields["seq"], "record_hash": fields["record_hash"],
                                  "created_at": fields["created_at"]})

    def _check_head_signed(self, conn: Connection, head: Row[Any]) -> None:
        """Under the chain's lock, before appending: once the chain is signed, every append builds on a
        signed head. Else a record slipped in behind the store's back (by the database login, without
        the key) would be signed over by the next honest append; and an append without the key would
        leave a record verify must call forged."""
        if self.signer is None:
            if conn.execute(_ANY_CHECKPOINT).first() is not None:
                raise StoreError.said(both("store.signed_chain_no_key", env=KEY_ENV))
            return
        if head.seq == 0:
            return
        row = conn.execute(_CHECKPOINT_AT, {"seq": head.seq}).first()
        if row is None:
            if conn.execute(_ANY_CHECKPOINT).first() is None:
                return  # the first signed append: it covers the unsigned records before it through the chain
        elif self.signer.keys.holds(Checkpoint(**row._mapping)) and row.record_hash == head.record_hash:
            return
        raise StoreError.said(both("store.head_not_signed", seq=head.seq))

    def _sign(self, conn: Connection, fields: JSONObject) -> Checkpoint | None:
        if self.signer is None:
            return None
        signed = self.signer.sign(fields["seq"], fields["record_hash"])
        conn.execute(_INSERT_CHECKPOINT, signed.row())
        return signed

    def _publish(self, signed: Checkpoint | None) -> None:
        if signed is not None and self.signer is not None:  # only a signer signs
            self.signer.publish(signed)

    # -------------------------------------------------------- the committee's records

    def judge(self, assessment_id: str, *, rule_id: str, holds: str, motivation: str, actor: str,
              condition: str | None = None, role: str = COMMITTEE_ROLE) -> CommitteeRecord:
        """Append the committee's judgement on one rule of a stored pre-screen (engine/judgement)."""
        from ..judgement import check_judgement

        return self._append_committee(assessment_id, "judgement", actor, role, lambda verdict, records: check_judgement(
            verdict, records, rule_id=rule_id, holds=holds, motivation=motivation, condition=condition))

    def advise(self, assessment_id: str, *, advice: str, motivation: str, actor: str,
               conditions: list[str] | tuple[str, ...] = (), role: str = COMMITTEE_ROLE) -> CommitteeRecord:
        """Append the committee's advice to the minister on a stored pre-screen."""
        from ..judgement import check_advice

        return self._append_committee(assessment_id, "advice", actor, role, lambda verdict, records: check_advice(
            verdict, records, advice=advice, motivation=motivation, conditions=conditions))

    def withdraw(self, assessment_id: str, *, motivation: str, actor: str,
                 role: str = COMMITTEE_ROLE) -> CommitteeRecord:
        """Append that the region withdrew its plan: a record of the procedure, not a verdict."""
        from ..judgement import check_withdrawal

        return self._append_committee(assessment_id, "withdrawal", actor, role,
                                      lambda verdict, records: check_withdrawal(records, motivation=motivation))

    def _append_committee(self, assessment_id: str, kind: str, actor: str, role: str,
                          check: Callable[[Verdict, list[JSONObject]], JSONObject]) -> CommitteeRecord:
        from ..judgement import JudgementError

        if role != COMMITTEE_ROLE:
            raise JudgementError.of("forbidden", both("judgement.forbidden_role", role=role), status=403)
        if not (actor or "").strip():
            raise JudgementError.of("missing_actor", both("judgement.missing_actor"), "/actor")
        with self._engine.connect() as conn:
            conn.execution_options(sto_write=True)
            with conn.begin():
                head = conn.execute(_LOCK_HEAD).one()
                self._check_head_signed(conn, head)
                # read under the chain's lock: no other member's record can slip in between check and append
                about = self._assessment_row(conn, assessment_id)
                if about is None:
                    raise JudgementError.of("not_found", both("judgement.no_assessment", id=assessment_id), "/id", 404)
                if about.mode != "pre-screen":
                    raise JudgementError.of("not_a_prescreen", both("judgement.not_a_prescreen", id=assessment_id),
                                            "/id", 409)
                records = [r.model_dump() for r in self._committee_rows(conn, [assessment_id])]
                body = check(Verdict.from_json(about.verdict_json), records)
                body["assessment_record_hash"] = about.record_hash
                body_text = verdict_text(body)
                fields: dict[str, Any] = {
                    "id": uuid.uuid4().hex, "kind": kind, "assessment_id": assessment_id, "region": about.region,
                    "actor": actor.strip(), "role": role, "body_sha256": sha256_hex(body_text.encode("utf-8")),
                    "seq": head.seq + 1, "prev_hash": head.record_hash, "created_at": max(_now(), head.created_at)}
                fields["record_hash"] = committee_record_hash(fields)
                conn.execute(_INSERT_COMMITTEE, {**fields, "body_json": body_text})
                self._advance_head(conn, fields)
                signed = self._sign(conn, fields)
        self._publish(signed)
        return CommitteeRecord(**fields, body=orjson.loads(body_text))

    @staticmethod
    def _assessment_row(conn: Connection, assessment_id: str) -> Row[Any] | None:
        if not isinstance(assessment_id, str) or not ID_PATTERN.match(assessment_id):
            return None
        return conn.execute(select(assessments).where(assessments.c.id == assessment_id)).first()

    @staticmethod
    def _committee_rows(conn: Connection, assessment_ids: list[str]) -> list[CommitteeRecord]:
        rows = conn.execute(select(committee_records).where(committee_records.c.assessment_id.in_(assessment_ids))
                            .order_by(committee_records.c.seq)).all()
        return [_committee_stored(r) for r in rows]

    def committee_records(self, assessment_id: str) -> list[CommitteeRecord]:
        """The committee's records about one assessment, oldest first."""
        return self.committee_records_for([assessment_id]).get(assessment_id, [])

    def committee_records_for(self, assessment_ids: list[str]) -> dict[str, list[CommitteeRecord]]:
        """assessment id -> its committee records, oldest first (ids without records are left out)."""
        out: dict[str, list[CommitteeRecord]] = {}
        ids = [i for i in dict.fromkeys(assessment_ids) if isinstance(i, str) and ID_PATTERN.match(i)]
        with self._engine.connect() as conn:
            for start in range(0, len(ids), 500):
                for r in self._committee_rows(conn, ids[start:start + 500]):
                    out.setdefault(r.assessment_id, []).append(r)
        return out

    def picture(self, assessment_id: str, verdict: Verdict | None = None) -> JSONObject:
        """The final picture of a stored assessment: machine findings + judgements -> advice, computed.
        `verdict`: picture against another verdict (a replay) instead of the stored one."""
        from ..judgement import picture

        stored = self.get(assessment_id)
        if stored is None:
            raise StoreError.said(both("store.no_assessment", id=assessment_id))
        return picture(verdict or stored.verdict, [r.model_dump() for r in self.committee_records(assessment_id)])

    # -------------------------------------------------------- reading

    def get(self, assessment_id: str) -> StoredAssessment | None:
        if not isinstance(assessment_id, str) or not ID_PATTERN.match(assessment_id):
            return None
        with self._engine.connect() as conn:
            row = conn.execute(select(assessments).where(assessments.c.id == assessment_id)).first()
        return _stored(row) if row is not None else None

    @staticmethod
    def _filtered(query: Select[Any], region: str | None, mode: str | None) -> Select[Any]:
        if region is not None:
            query = query.where(assessments.c.region == region)
        if mode is not None:
            query = query.where(assessments.c.mode == mode)
        return query

    def list(self, *, region: str | None = None, mode: str | None = None, limit: int = 100,
             offset: int = 0) -> list[StoredAssessment]:
        """Newest first."""
        if limit < 0 or offset < 0:
            raise StoreError.said(both("store.negative_limit"))
        query = self._filtered(select(assessments), region, mode).order_by(assessments.c.seq.desc())
        with self._engine.connect() as conn:
            rows = conn.execute(query.limit(limit).offset(offset)).all()
        return [_stored(r) for r in rows]

    def count(self, *, region: str | None = None, mode: str | None = None) -> int:
        query = self._filtered(select(func.count()).select_from(assessments), region, mode)
        with self._engine.connect() as conn:
            return int(conn.execute(query).scalar_one())

    def head(self) -> tuple[int, str]:
        with self._engine.connect() as conn:
            row = conn.execute(select(chain_head).where(chain_head.c.id == 1)).one()
        return int(row.seq), row.record_hash

    def verify(self, progress: Callable[[int], object] | None = None, anchors: dict[int, str] | None = None,
               keys: PublicKeys | None = None, checkpoint_file: StrPath | None = None) -> ChainReport:
        """Walk the chain from the first record; stop at the first record that does not hold.

        anchors: {seq: record_hash} noted down earlier (`sto audit head`); each must still hold.
        keys: the public keys checkpoints are signed with (default: this store's signer's); then every
        record since the first signed one must carry a checkpoint in the database that holds, and every
        checkpoint in `checkpoint_file` (default: the signer's file, when it exists) must match the chain."""
        import heapq

        from .checkpoint import read_file
        from .verify import walk_chain

        if keys is None and self.signer is not None:
            keys = self.signer.keys
        if checkpoint_file is None and self.signer is not None and self.signer.file.exists():
            checkpoint_file = self.signer.file
        # The file first: a line is written after its record is committed, so every line read now names a
        # record that the walk below will see.
        in_file: FileCheckpoints | None = read_file(checkpoint_file, keys) if keys and checkpoint_file else None
        head_seq, head_hash = self.head()
        with self._engine.connect() as conn, conn.begin():  # one transaction: the tables seen at one moment
            conn = conn.execution_options(yield_per=_VERIFY_BATCH)
            first = conn.execute(select(assessments).order_by(assessments.c.seq))
            second = conn.execute(select(committee_records).order_by(committee_records.c.seq))
            signed = conn.execute(select(checkpoints).order_by(checkpoints.c.seq)) if keys else None
            rows = heapq.merge(first, second, key=lambda row: row.seq)
            return walk_chain(rows, head_seq, head_hash, progress, anchors, keys=keys or None,
                              signed=(Checkpoint(**r._mapping) for r in signed) if signed is not None else None,
                              in_file=in_file)

    def revision(self) -> str:
        """The Alembic revision the tables are at."""
        with self._engine.connect() as conn:
            return str(conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one())

    def grant_service(self, role: str) -> int:
        """PostgreSQL: give `role` what the service needs (read and append), as the tables' owner."""
        from .roles import grant_statements

        if self.dialect != "postgresql":
            raise StoreError.said(both("store.grants_need_postgresql", url=safe_url(self.url), dialect=self.dialect))
        statements = grant_statements(role)
        try:
            with self._engine.begin() as conn:
                for statement in statements:
                    conn.execute(text(statement))
        except DBAPIError as exc:
            detail = str(exc.orig).strip().splitlines()[0]
            raise StoreError.said(both("store.grants_failed", role=role, detail=detail)) from None
        return len(statements)

    def newest_checkpoint(self) -> Checkpoint | None:
        """The newest checkpoint stored in the database (its signature is not checked here)."""
        with self._engine.connect() as conn:
            row = conn.execute(select(checkpoints).order_by(checkpoints.c.seq.desc()).limit(1)).first()
        return Checkpoint(**row._mapping) if row is not None else None

    def replay(self, assessment_id: str, assessor: Assessor | None = None) -> ReplayReport:
        """Re-evaluate the stored plan with the stored rulebook version and compare the verdicts."""
        from ..assess import Assessor
        from ..plan import load_plan_text

        stored = self.get(assessment_id)
        if stored is None:
            raise StoreError.said(both("store.no_assessment", id=assessment_id))
        assessor = assessor or Assessor()
        receipt = stored.verdict.receipt
        try:
            loaded = load_plan_text(stored.plan_bytes, stored.plan_source)
            result = assessor.assess(loaded, rulebook=stored.rulebook_ref, as_of=dt.date.fromisoformat(receipt.as_of))
        except StoError as exc:
            # the human part stays as recorded; against no verdict, every judgement is moot
            return ReplayReport(id=stored.id, rulebook_ref=stored.rulebook_ref, stored_outcome=stored.outcome,
                                identical=False,
                                differences=[f"opnieuw beoordelen lukt niet meer (cannot re-evaluate): {exc}"],
                                committee=self._committee_beside(stored.id, None))
        # The version is now named explicitly; how it was first chosen is history, not a result.
        replayed_receipt = result.verdict.receipt.replace(selected_by=receipt.selected_by)
        if not receipt.has("regulation"):  # older verdicts did not name the regulation
            replayed_receipt = replayed_receipt.without("regulation")
        replayed = seal(result.verdict.replace(receipt=replayed_receipt))
        old, new = stored.verdict.to_json(), replayed.to_json()
        differences = verdict_differences(old, new)
        return ReplayReport(id=stored.id, rulebook_ref=stored.rulebook_ref, stored_outcome=stored.outcome,
                            identical=not differences, differences=differences,
                            replayed_outcome=replayed.outcome.value, code_changed=code_changed(old, new),
                            replayed_verdict=replayed, committee=self._committee_beside(stored.id, replayed))

    def _committee_beside(self, assessment_id: str, verdict: Verdict | None) -> JSONObject | None:
        from ..judgement import picture

        records = [r.model_dump() for r in self.committee_records(assessment_id)]
        return picture(verdict, records) if records else None
