"""`sto serve` (the HTTP API and web pages) and `sto tokens` (who may use them)."""
from __future__ import annotations

import argparse
import os
import socket
import sys

from ..rulebook import messages as msg
from .settings import DEFAULT_TOKEN_FILE, ENV_NAMES


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    s = subparsers.add_parser(
        "serve", help="start de HTTP-API en de webpagina's (uvicorn)",
        description="Start de HTTP-API (/v1, OpenAPI op /docs) en de webpagina's (/zelfcheck, /overzicht). "
                    "De regels worden in rekenprocessen uitgevoerd; een rekenproces dat vastloopt kost één verzoek, "
                    "niet de server. Instellingen komen uit de opties, anders uit de omgeving (STO_DATABASE_URL, "
                    "STO_TOKEN_FILE, STO_TOKENS, STO_MAX_BODY_BYTES, STO_WORKERS, STO_JOB_TIMEOUT, "
                    "STO_SESSION_IDLE_TIMEOUT, STO_SESSION_LIFETIME). Zie docs/api.md.")
    s.add_argument("--host", default="127.0.0.1", metavar="ADRES",
                   help="adres waarop de server luistert (standaard 127.0.0.1: alleen deze computer)")
    s.add_argument("--port", type=int, default=8000, metavar="POORT", help="poort (standaard 8000)")
    s.add_argument("--workers", type=int, default=None, metavar="N",
                   help="aantal rekenprocessen (standaard: het aantal processorkernen)")
    s.add_argument("--database", metavar="URL", default=None,
                   help="auditopslag (standaard: STO_DATABASE_URL, anders sqlite:///./sto-toets.sqlite)")
    s.add_argument("--token-file", metavar="BESTAND", default=None,
                   help=f"tokenbestand (standaard: STO_TOKEN_FILE, anders ./{DEFAULT_TOKEN_FILE})")
    s.add_argument("--max-body-bytes", type=int, default=None, metavar="N",
                   help="weiger verzoeken groter dan N bytes met 413 (standaard 2.000.000)")
    s.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"],
                   help="hoeveel de server logt (standaard info; debug logt ook elk verzoek)")
    s.set_defaults(func=cmd_serve)

    t = subparsers.add_parser(
        "tokens", help="beheer API-tokens: `add` (toont een nieuw token eenmalig), `list`, `remove`, `hash`",
        description="Een token geeft toegang tot de API en de webpagina's met een rol: `committee` (alles), "
                    "`auditor` (alles lezen, niets wijzigen) of `region:<naam>` (zelfchecks van de eigen regio; "
                    "<naam> precies zoals region.name in het plan). Van elk token wordt alleen de SHA-256 bewaard.")
    t.add_argument("action", choices=["add", "list", "remove", "hash"],
                   help="`add`: nieuw token; `list`: alle tokens; `remove`: token intrekken; "
                        "`hash`: SHA-256 van een token")
    t.add_argument("name", nargs="?", help="naam van het token (`add`, `remove`) of het token zelf (`hash`)")
    t.add_argument("--role", metavar="ROL", help="`committee`, `auditor` of `region:<naam>` (bij `add`)")
    t.add_argument("--file", default=None, metavar="BESTAND",
                   help=f"tokenbestand (standaard: STO_TOKEN_FILE, anders ./{DEFAULT_TOKEN_FILE})")
    t.set_defaults(func=cmd_tokens)


def _token_file(explicit: str | None) -> str:
    return explicit or os.environ.get(ENV_NAMES["token_file"]) or DEFAULT_TOKEN_FILE


def cmd_tokens(args: argparse.Namespace) -> int:
    from ..errors import StoError
    from ..i18n import both
    from .auth import add_token, hash_token, read_token_file, remove_token

    path = _token_file(args.file)
    if args.action == "add":
        if not args.name or not args.role:
            raise StoError.said(both("tokens.add_needs"))
        token = add_token(path, args.name, args.role)
        print(token)
        print(f"Token '{args.name}' toegevoegd aan {path}. Dit is de enige keer dat het token wordt getoond; "
              f"geef het veilig door. Alleen de SHA-256 ervan is bewaard.", file=sys.stderr)
        return 0
    if args.action == "remove":
        if not args.name:
            raise StoError.said(both("tokens.remove_needs"))
        remove_token(path, args.name)
        print(f"Token '{args.name}' verwijderd uit {path}; een draaiende `sto serve` met dit tokenbestand weigert het "
              f"vanaf het volgende verzoek, en wie ermee is ingelogd op de webpagina's is uitgelogd.", file=sys.stderr)
        return 0
    if args.action == "hash":
        if not args.name:
            raise StoError.said(both("tokens.hash_needs"))
        print(hash_token(args.name))
        return 0
    entries = read_token_file(path) if os.path.exists(path) else []
    if not entries:
        print(f"Geen tokens in {path}. Voeg er een toe met: sto tokens add NAAM --role committee", file=sys.stderr)
        return 0
    print(f"{'naam':<24} {'rol':<36} {'sha256':<18} aangemaakt")
    for e in entries:
        print(f"{e.name:<24} {e.role:<36} {e.sha256[:16]}… {e.created or '—'}")
    return 0


def bind(host: str, port: int) -> socket.socket:
    """The listening socket, bound before anything is announced: a port in use or an address that is
    not this computer's is the user's to fix (exit 2), not uvicorn's startup failure (its exit 3).
    Handed to uvicorn as it is, so no other program can take the port in between."""
    import errno

    from ..errors import StoError
    from ..i18n import both

    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror:
        raise StoError.said(both("serve.not_this_computer", host=host)) from None
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does: a restart need not wait
    try:
        sock.bind(address)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise StoError.said(both("serve.port_in_use", port=port, host=host,
                                     other=port + 1 if port < 65535 else 8000)) from None
        if exc.errno in (errno.EACCES, errno.EPERM):
            raise StoError.said(both("serve.no_permission", port=port)) from None
        if exc.errno == errno.EADDRNOTAVAIL:
            raise StoError.said(both("serve.not_this_computer", host=host)) from None
        raise StoError.said(both("serve.cannot_listen", address=f"{host}:{port}", reason=exc.strerror or exc)) \
            from None
    sock.set_inheritable(True)
    return sock


def cmd_serve(args: argparse.Namespace) -> int:
    import logging

    import uvicorn

    from ..errors import StoError
    from ..i18n import both
    from ..store import open_store
    from .app import create_app
    from .auth import TokenRegistry
    from .protocol import RedactSecrets, with_read_timeout
    from .settings import ServiceSettings

    settings = ServiceSettings.from_env(workers=args.workers, database_url=args.database,
                                        token_file=args.token_file, max_body_bytes=args.max_body_bytes,
                                        rulebooks_dir=getattr(args, "rulebooks", None))
    if not 0 < args.port < 65536:
        raise StoError.said(both("serve.not_a_port", port=args.port))
    # Checked before the server starts, so that a bad database URL or token file is a clear message (exit 2).
    tokens = TokenRegistry.load(settings.token_file, settings.tokens)
    sock = bind(args.host, args.port)
    try:
        store = open_store(settings.database_url)
    except BaseException:
        sock.close()
        raise
    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("uvicorn.access").addFilter(RedactSecrets())
    if not len(tokens):
        print(f"Let op: er zijn geen tokens ({settings.token_file} bestaat niet of is leeg, STO_TOKENS niet gezet); "
              f"elk verzoek krijgt 401. Maak er een met: sto tokens add NAAM --role committee", file=sys.stderr)
    print(f"sto-toets luistert op http://{args.host}:{args.port}  (API: /v1, documentatie: /docs, "
          f"zelfcheck: /zelfcheck, rondeoverzicht: /overzicht); "
          + msg.render("{w, plural, one {# rekenproces} other {# rekenprocessen}}, {t, plural, one {# token} "
                       "other {# tokens}}, opslag {db}", "nl", w=settings.workers, t=len(tokens), db=store.dialect),
          file=sys.stderr)
    app = create_app(settings, store=store, tokens=tokens)
    server = uvicorn.Server(uvicorn.Config(app, host=args.host, port=args.port, log_level=args.log_level,
                                           access_log=args.log_level == "debug", timeout_graceful_shutdown=10,
                                           http=with_read_timeout(settings.read_timeout),
                                           # open connections; requests are capped lower, in the app
                                           # (RequestLimit), whose 503 says why in the user's language
                                           limit_concurrency=2 * settings.max_connections))
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
        store.close()
    return 0
