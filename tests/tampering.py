"""The tampering set: what someone with the database owner's login, but without the checkpoint key,
can do to the audit chain. Used by tests/test_tampering.py and benchmarks/tamper.py.

Each attack works on the database directly (SQL, as the owner: it may disable or drop the
append-only triggers) and recomputes whatever hashes it can, so that only the signed checkpoints
(in the database and in the file outside it) can give it away.
"""
from __future__ import annotations

import uuid
from contextlib import contextmanager

from sqlalchemy import create_engine, text

from engine.store import GENESIS, record_hash

PROTECTED = ("assessments", "committee_records", "checkpoints", "chain_head")
_SQLITE_TRIGGERS = ("assessments_no_update", "assessments_no_delete", "committee_records_no_update",
                    "committee_records_no_delete", "checkpoints_no_update", "checkpoints_no_delete",
                    "chain_head_advance_only", "chain_head_no_delete", "chain_head_no_insert")


@contextmanager
def owner(url: str, disable_triggers: bool = True):
    """A connection with the owner's rights; the append-only triggers off when asked (PostgreSQL:
    ALTER TABLE ... DISABLE TRIGGER USER, as an owner may; SQLite has no such switch: dropped)."""
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            if disable_triggers:
                if engine.dialect.name == "postgresql":
                    for table in PROTECTED:
                        conn.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER USER"))
                else:
                    for name in _SQLITE_TRIGGERS:
                        conn.execute(text(f"DROP TRIGGER IF EXISTS {name}"))
            yield conn
    finally:
        engine.dispose()


def _row(conn, seq: int) -> dict:
    return dict(conn.execute(text("SELECT * FROM assessments WHERE seq = :s"), {"s": seq}).one()._mapping)


def _last(conn) -> int:
    return int(conn.execute(text("SELECT seq FROM chain_head WHERE id = 1")).scalar_one())


def _set_head(conn, row: dict) -> None:
    conn.execute(text("UPDATE chain_head SET seq = :s, record_hash = :h, created_at = :c WHERE id = 1"),
                 {"s": row["seq"], "h": row["record_hash"], "c": row["created_at"]})


def delete_one(url: str, seq: int) -> str:
    """Disable the triggers and delete one record from the middle of the chain."""
    with owner(url) as conn:
        conn.execute(text("DELETE FROM assessments WHERE seq = :s"), {"s": seq})
    return f"triggers uit, record {seq} verwijderd"


def truncate_tail(url: str, keep: int) -> str:
    """Delete every record after `keep`, and their checkpoints in the database, and move the head back:
    the chain in the database is consistent again, only shorter."""
    with owner(url) as conn:
        last = _last(conn)
        conn.execute(text("DELETE FROM assessments WHERE seq > :k"), {"k": keep})
        conn.execute(text("DELETE FROM checkpoints WHERE seq > :k"), {"k": keep})
        _set_head(conn, _row(conn, keep))
    return f"records {keep + 1} t/m {last} en hun controlepunten in de database verwijderd, kop teruggezet"


def forged_tail(url: str, count: int) -> str:
    """Append records with correctly computed hashes, and move the head along, without the key. No
    trigger needs to be disabled: this is what an INSERT and the head's own advance allow."""
    with owner(url, disable_triggers=False) as conn:
        last = _row(conn, _last(conn))
        for _ in range(count):
            row = {**last, "seq": last["seq"] + 1, "id": uuid.uuid4().hex, "prev_hash": last["record_hash"],
                   "actor": "vervalser"}
            row["record_hash"] = record_hash(row)
            conn.execute(text(f"INSERT INTO assessments ({', '.join(row)}) VALUES ({', '.join(':' + k for k in row)})"),
                         row)
            _set_head(conn, row)
            last = row
    return f"{count} records met correct berekende hashes achteraan toegevoegd, kop meebewogen"


def rewrite_from(url: str, seq: int, drop_signatures: bool = True) -> str:
    """Change record `seq` and recompute every hash from it on, and the head. drop_signatures: also
    delete the database's checkpoints from `seq` on (they no longer match and cannot be re-signed)."""
    with owner(url) as conn:
        last = _last(conn)
        previous = _row(conn, seq - 1)["record_hash"] if seq > 1 else GENESIS
        for n in range(seq, last + 1):
            row = _row(conn, n)
            if n == seq:
                row["actor"] = "iemand anders"
            row["prev_hash"] = previous
            row["record_hash"] = record_hash(row)
            # out of the way of the unique columns first, then the new values
            conn.execute(text("UPDATE assessments SET prev_hash = :p, record_hash = :h WHERE seq = :s"),
                         {"p": f"{n:064x}", "h": f"{n + 10**6:064x}", "s": n})
            conn.execute(text("UPDATE assessments SET actor = :a, prev_hash = :p, record_hash = :h WHERE seq = :s"),
                         {"a": row["actor"], "p": row["prev_hash"], "h": row["record_hash"], "s": n})
            previous = row["record_hash"]
        if drop_signatures:
            conn.execute(text("DELETE FROM checkpoints WHERE seq >= :s"), {"s": seq})
        _set_head(conn, row)
    return (f"record {seq} gewijzigd, alle hashes vanaf {seq} en de kop opnieuw berekend"
            + (f", controlepunten vanaf {seq} in de database verwijderd" if drop_signatures else ""))


# name -> (attack, the first record verify must name); a store of 15 records
ATTACKS = {
    "trigger uit + record verwijderd": (lambda url: delete_one(url, 7), 7),
    "staart afgekapt": (lambda url: truncate_tail(url, 10), 11),
    "vervalste staart": (lambda url: forged_tail(url, 3), 16),
    "herschreven vanaf record 12": (lambda url: rewrite_from(url, 12), 12),
}
RECORDS = 15
