"""`sto rulebooks-diff` is spelled `sto diff A B`; `sto impact A B PLAN_OR_DIR...`."""
from __future__ import annotations

import argparse
import dataclasses
import json


def cmd_diff(args: argparse.Namespace) -> int:
    from ..rulebook import load_library
    from . import diff_rulebooks, render_diff

    lib = load_library(args.rulebooks)
    d = diff_rulebooks(lib.get(args.a), lib.get(args.b))
    if args.format == "json":
        print(json.dumps(d, ensure_ascii=False, indent=2, default=str))
    else:
        print(render_diff(d, args.lang), end="")
    return 0


# Fewer plans than this a worker are assessed in this process: starting a worker (loading and
# compiling every rulebook version) costs about as much as assessing that many plans.
PLANS_PER_WORKER_MIN = 20


def cmd_impact(args: argparse.Namespace) -> int:
    import os

    from ..errors import StoError
    from ..i18n import both
    from ..progress import bar as progress_bar
    from . import PlanImpact, impact, impact_in_pool, plan_files, render_impact

    if args.workers is not None and args.workers < 1:
        raise StoError.said(both("impact.workers_at_least_one"))
    files = plan_files(args.plans)
    workers = min(args.workers or os.cpu_count() or 1, max(1, len(files) // PLANS_PER_WORKER_MIN))
    pool = None
    if workers > 1:
        from ..service.workers import WorkerPool

        # the workers start (and load the rulebooks) while this process loads them too
        pool = WorkerPool(workers, args.rulebooks).start(wait=False)
    try:
        from ..rulebook import load_library

        library = load_library(args.rulebooks)
        library.get(args.a), library.get(args.b)  # fail early on an unknown version
        with progress_bar(len(files), "impact", "plan", leave=False) as bar:
            if pool is None:
                from ..assess import Assessor

                assessor = Assessor(library)
                results: list[PlanImpact] = []
                for f in files:
                    results += impact(assessor, args.a, args.b, [f])
                    bar.update(1)
            else:
                results = impact_in_pool(pool.wait_ready(), args.a, args.b, files, on_done=bar.update)
    finally:
        if pool is not None:
            pool.close()
    if args.format == "json":
        print(json.dumps({"from": args.a, "to": args.b,
                          "summary": {"plans": len(results), "changed": sum(r.changed for r in results),
                                      "outcome_changed": sum(r.changed and r.outcome_from != r.outcome_to
                                                             for r in results),
                                      "errors": sum(r.error is not None for r in results),
                                      "skipped": sum(r.skipped is not None for r in results)},
                          "plans": [dataclasses.asdict(r) for r in results]}, ensure_ascii=False, indent=2))
    else:
        print(render_impact(results, args.a, args.b, args.lang), end="")
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    d = sub.add_parser("diff", help="wat er veranderd is tussen twee regelboekversies (ook: `sto rulebooks diff A B`)")
    d.add_argument("a", metavar="ID@VERSIE", help="de eerste versie (van)")
    d.add_argument("b", metavar="ID@VERSIE", help="de tweede versie (naar)")
    d.add_argument("--format", choices=["text", "json"], default="text", help="uitvoer: text (standaard) of json")
    d.add_argument("--lang", choices=["nl", "en"], default="nl", help="taal: nl (standaard) of en")
    d.set_defaults(func=cmd_diff)

    i = sub.add_parser("impact", help="welke plannen tussen twee versies een andere uitkomst of andere regeluitkomsten "
                                      "krijgen")
    i.add_argument("a", metavar="ID@VERSIE", help="de eerste versie (van)")
    i.add_argument("b", metavar="ID@VERSIE", help="de tweede versie (naar)")
    i.add_argument("plans", nargs="+", metavar="PLAN_OF_MAP", help="planbestanden, of mappen met planbestanden")
    i.add_argument("--format", choices=["text", "json"], default="text", help="uitvoer: text (standaard) of json")
    i.add_argument("--lang", choices=["nl", "en"], default="nl", help="taal: nl (standaard) of en")
    i.add_argument("--workers", type=int, default=None, metavar="N",
                   help="aantal werkprocessen (standaard: één per processorkern; bij weinig plannen minder)")
    i.set_defaults(func=cmd_impact)
