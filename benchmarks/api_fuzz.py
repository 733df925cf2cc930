"""schemathesis over the HTTP API of a real `sto serve`, once per role: how many operations and test
cases, what the server answered, and how many answers were server errors (5xx; the goal is none).

    python benchmarks/api_fuzz.py                       # a temporary SQLite store; committee and a region
    python benchmarks/api_fuzz.py --database postgresql+psycopg://postgres@127.0.0.1:5432/test
    python benchmarks/api_fuzz.py --examples 200 --roles committee,region,auditor --seed 7

schemathesis is one of the test tools: `pip install -r requirements-test.lock`. The run starts
`sto serve` on a free loopback port with a fresh store (a temporary SQLite file, or a new schema in
the PostgreSQL database given, dropped afterwards), stores a few real assessments (pre-screens and
self-checks of the example plans), and hands schemathesis their ids, every rulebook version and the
rules, so that about half of the generated requests name things that exist instead of meeting 404
or 422 at once. schemathesis then runs its phases (the examples of the OpenAPI document, boundary
values, random requests, and stateful sequences following the links between operations) with its
default checks. The server errors are counted twice, independently: from schemathesis's report and
from the server's own access log. schemathesis's other findings (for instance a request the schema
allows that the API refuses with 422 for a reason the schema cannot express) are listed, not
counted as errors. Exit code 0 when no answer was a 5xx.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from importlib.metadata import version
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.serving import ROOT, Server, scratch_store  # noqa: E402

try:
    import schemathesis  # noqa: F401
except ImportError:
    raise SystemExit("schemathesis is missing: it is one of the test tools. Install them with\n"
                     "    pip install -r requirements-test.lock\n"
                     "(or only it: pip install 'schemathesis>=4.32,<5').") from None
import httpx  # noqa: E402

from engine.service.auth import add_token  # noqa: E402

OWN_REGION = "Techniekregio IJsselvliet"  # examples/plans/cofinanciering-net-onder-10.yaml
ROLES = {"committee": "committee", "auditor": "auditor", "region": f"region:{OWN_REGION}"}
EXAMPLES = sorted((ROOT / "examples" / "plans").glob("*.yaml"))
# uvicorn's access line: 127.0.0.1:40112 - "GET /v1/assessments?limit=3 HTTP/1.1" 200
ACCESS = re.compile(r'"([A-Z]+) (\S*) HTTP/[\d.]+" (\d{3})')


def seed_store(base: str, tokens: dict[str, str]) -> dict:
    """Real records to point the generated requests at, and the names that exist."""
    ids = []
    with httpx.Client(base_url=base, timeout=120) as c:
        def post(role: str, plan: Path, mode: str) -> dict:
            r = c.post("/v1/assessments", content=plan.read_bytes(), params={"mode": mode},
                       headers={"Authorization": f"Bearer {tokens[role]}", "Content-Type": "application/yaml"})
            if r.status_code != 201:
                raise SystemExit(f"seeding the store failed: {plan.name} as {role}: {r.status_code} {r.text[:300]}")
            return r.json()

        for plan in EXAMPLES:
            ids.append(post("committee", plan, "pre-screen")["id"])
        own = ROOT / "examples" / "plans" / "cofinanciering-net-onder-10.yaml"
        last = post("region", own, "self-check")
        ids.append(last["id"])
        ids.append(post("committee", own, "self-check")["id"])
        books = c.get("/v1/rulebooks", headers={"Authorization": f"Bearer {tokens['auditor']}"}).json()["rulebooks"]
    refs = [b["ref"] for b in books]
    return {"ids": ids, "refs": refs, "rules": sorted({f["rule_id"] for f in last["verdict"]["findings"]})}


def config(known: dict) -> str:
    """schemathesis.toml: half of the values of these parameters come from what exists."""
    def values(xs) -> str:
        return json.dumps(sorted(set(xs)))

    books = [r.split("@")[0] for r in known["refs"]]
    versions = [r.split("@")[1] for r in known["refs"]]
    lines = [f"[dictionaries.{name}]\nvalues = {values(xs)}\n" for name, xs in
             (("ids", known["ids"]), ("refs", known["refs"]), ("books", books), ("versions", versions),
              ("rules", known["rules"]))]
    bindings = {"path.assessment_id": "ids", "path.rulebook_id": "books", "path.version": "versions",
                "query.from": "refs", "query.to": "refs", "query.rulebook": "refs", "query.rule": "rules",
                "body.from": "refs", "body.to": "refs", "body.assessment_ids[*]": "ids"}
    lines.append("[parameters]")
    lines += [f'"{key}" = {{ dictionary = "{name}", probability = 0.5 }}' for key, name in bindings.items()]
    return "\n".join(lines) + "\n"


def access_statuses(log: Path, start: int) -> Counter:
    text = log.read_bytes()[start:].decode(errors="replace")
    return Counter(int(m.group(3)) for m in ACCESS.finditer(text))


def run_role(role: str, token: str, server: Server, cfg: Path, tmp: Path, args) -> dict:
    report = tmp / f"{role}.json"
    start = server.log.stat().st_size
    cmd = [str(Path(sys.executable).parent / "schemathesis"), "--config-file", str(cfg), "--no-color", "run",
           f"{server.base}/v1/openapi.json", "-H", f"Authorization: Bearer {token}",
           "--max-examples", str(args.examples), "--seed", str(args.seed), "--workers", str(args.st_workers),
           "--generation-database", "none", "--request-timeout", "120",
           "--report", "json", "--report-json-path", str(report)]
    if not Path(cmd[0]).exists():
        cmd[0:1] = [sys.executable, "-c", "import sys; from schemathesis.cli import schemathesis; "
                                           "sys.exit(schemathesis())"]
    t0 = time.perf_counter()
    out = subprocess.run(cmd, cwd=tmp, capture_output=True, text=True)
    took = time.perf_counter() - t0
    time.sleep(0.5)  # the last access lines
    if not report.exists():
        raise SystemExit(f"schemathesis did not run (exit {out.returncode}):\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}")
    data = json.loads(report.read_text())
    (tmp / f"{role}.out").write_text(out.stdout + out.stderr)
    return {"data": data, "statuses": access_statuses(server.log, start), "seconds": took, "output": out.stdout}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--database", metavar="URL", default=None,
                    help="a PostgreSQL database to make a scratch schema in (default: a temporary SQLite file)")
    ap.add_argument("--roles", default="committee,region", help="comma-separated: committee, region, auditor")
    ap.add_argument("--examples", type=int, default=50, help="schemathesis's --max-examples per operation (default 50)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=1, help="worker processes of sto serve (default 1)")
    ap.add_argument("--st-workers", type=int, default=1, help="schemathesis's concurrent workers (default 1)")
    ap.add_argument("--show", action="store_true", help="print schemathesis's own output too")
    args = ap.parse_args()
    roles = [r.strip() for r in args.roles.split(",") if r.strip()]
    if unknown := [r for r in roles if r not in ROLES]:
        ap.error(f"unknown role(s) {unknown}; choose from {sorted(ROLES)}")

    with tempfile.TemporaryDirectory(prefix="sto-fuzz-") as tmp_name, scratch_store(args.database) as database:
        tmp = Path(tmp_name)
        tokens = {role: add_token(tmp / "tokens.yaml", role, ROLES[role]) for role in ROLES}
        # debug: uvicorn writes its access log only then; every status the server answered is in it
        server = Server(database, tmp / "tokens.yaml", tmp / "serve.log", workers=args.workers, log_level="debug")
        try:
            server.start()
            known = seed_store(server.base, tokens)
            cfg = tmp / "schemathesis.toml"
            cfg.write_text(config(known))
            dialect = "postgresql" if database.startswith("postgresql") else "sqlite"
            print(f"sto serve on {dialect}, {args.workers} worker(s); schemathesis {version('schemathesis')}"
                  f" --max-examples {args.examples} --seed {args.seed}; store seeded with {len(known['ids'])} "
                  f"assessments, {len(known['refs'])} rulebook versions")
            total_5xx = 0
            for role in roles:
                res = run_role(role, tokens[role], server, cfg, tmp, args)
                d, statuses = res["data"], res["statuses"]
                server_5xx = sum(n for s, n in statuses.items() if s >= 500)
                reported = sum(f["count"] for f in d["failures"] if f["type"] in ("ServerError", "ContentTypeServerError"))
                total_5xx += server_5xx + reported
                other = [f"{f['code']} {f['title']} x{f['count']} ({', '.join(f['operations'])})"
                         for f in d["failures"] if f["type"] not in ("ServerError", "ContentTypeServerError")]
                phases = ", ".join(f"{k} {v['status']}" for k, v in d["phases"].items())
                print(f"\n{role} ({ROLES[role]}): {d['operations']['tested']}/{d['operations']['total']} operations, "
                      f"{d['test_cases']['generated']} test cases in {res['seconds']:.0f} s; phases: {phases}")
                print(f"  server answered {sum(statuses.values())} requests: "
                      + ", ".join(f"{s}: {n}" for s, n in sorted(statuses.items())))
                print(f"  server errors (5xx): {server_5xx} in the access log, {reported} reported by schemathesis; "
                      f"schemathesis errors (could not run a case): {len(d['errors'])}")
                for line in other:
                    print(f"  other finding (not a server error): {line}")
                if d["warnings"].get("missing_test_data"):
                    print(f"  never past 404 (no fitting record): {', '.join(d['warnings']['missing_test_data'])}")
                if args.show or server_5xx or reported:
                    print(res["output"][-6000:])
            crashes = [ln for ln in server.log.read_text(errors="replace").splitlines()
                       if "Traceback" in ln or "Exception in ASGI" in ln]
            print(f"\ntotal server errors: {total_5xx}; tracebacks in the server log: {len(crashes)}")
            if crashes:
                print(server.tail(60))
        finally:
            server.stop()
    return 0 if total_5xx == 0 and not crashes else 1


if __name__ == "__main__":
    sys.exit(main())
