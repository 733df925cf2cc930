"""The tampering set against a fresh audit store: per attack, is it caught by `sto audit verify` alone?

    python benchmarks/tamper.py [--pg postgresql+psycopg://root@127.0.0.1:5432/test]   (--pg '' : SQLite only)

For each attack (tests/tampering.py: what the database owner's login can do without the checkpoint
key) a fresh store of 15 signed records is made, the attack is run, and `sto audit verify` is run
twice: with the checkpoint key configured ($STO_CHECKPOINT_KEY, as on the service's machine) and
without any checkpoints. Prints what each says; asserts nothing.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import sys
import tempfile
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

import cli  # noqa: E402
from engine.assess import Assessor  # noqa: E402
from engine.plan import load_plan  # noqa: E402
from engine.store import open_store  # noqa: E402
from engine.store.checkpoint import KEY_ENV, generate  # noqa: E402
from tests import tampering  # noqa: E402

PLAN = ROOT / "examples" / "plans" / "noord-veluwe-compleet.yaml"


def verify(url: str) -> tuple[int, dict]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = cli.main(["audit", "--database", url, "verify", "--format", "json"])
    return code, json.loads(out.getvalue())


@contextlib.contextmanager
def fresh_database(kind: str, folder: Path, pg: str):
    if kind == "sqlite":
        yield f"sqlite:///{folder / f'{uuid.uuid4().hex}.sqlite'}"
        return
    schema = f"sto_tamper_{uuid.uuid4().hex[:10]}"
    admin = create_engine(pg)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield make_url(pg).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
            hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pg", default=os.environ.get("STO_TEST_PG_URL", "postgresql+psycopg://root@127.0.0.1:5432/test"))
    args = ap.parse_args()
    loaded = load_plan(PLAN)
    verdict = Assessor().assess(loaded).verdict
    kinds = ["sqlite"] + (["postgresql"] if args.pg else [])
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for kind in kinds:
            print(f"== {kind}")
            for name, (attack, expected) in tampering.ATTACKS.items():
                key = folder / f"{uuid.uuid4().hex}.key"
                generate(key)
                with fresh_database(kind, folder, args.pg) as url:
                    with open_store(url, checkpoint_key=str(key)) as store:
                        for _ in range(tampering.RECORDS):
                            store.record(plan_bytes=loaded.raw, plan_source=loaded.source, verdict=verdict,
                                         actor="bench", role="committee", mode="pre-screen")
                    what = attack(url)
                    os.environ[KEY_ENV] = str(key)
                    code, report = verify(url)
                    del os.environ[KEY_ENV]
                    plain_code, _ = verify(url)
                caught = code == 1 and report["first_bad_seq"] == expected
                print(f"- {name}: {what}\n    met controlepunten:    gevonden: {'ja' if caught else 'NEE'} "
                      f"(exit {code}, eerste slechte record {report['first_bad_seq']}, verwacht {expected})\n"
                      f"      {report['reason']['nl'] if report['reason'] else '(geen melding)'}\n"
                      f"    zonder controlepunten: gevonden: {'ja' if plain_code == 1 else 'nee'} (exit {plain_code})")


if __name__ == "__main__":
    main()
