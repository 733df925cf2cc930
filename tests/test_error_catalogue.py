"""The errors of rulebook version selection, `sto serve`, the token file and `sto tokens`, the audit
store's checkpoint keys, roles, database and ids, the service settings, `sto explain`'s unknown rule,
`sto prescreen`'s folders, `sto impact`'s and `sto coverage`'s options and `sto letter`'s source: each is
worded from the message catalogue where it is raised, and reaches the user through the real command
(Dutch first with the English in brackets; `--lang en` the English alone) exactly as written here.
"""
from __future__ import annotations

import datetime as dt
import errno
import json
import shutil
import socket
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

import cli
from engine.errors_nl import render_error
from tests.plans import good_plan


def _plan(tmp_path: Path, **submission: object) -> str:
    data = good_plan()
    data["submission"].update(submission)
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return str(path)


def _verdict(tmp_path: Path) -> str:
    plan = _plan(tmp_path)
    out = tmp_path / "verdict.json"
    assert cli.main(["assess", plan, "--format", "json", "-o", str(out)]) in (0, 1)
    return str(out)


def _key(tmp_path: Path) -> Path:
    key = tmp_path / "keys" / "checkpoint.key"
    key.parent.mkdir()
    assert cli.main(["audit", "keygen", "--key", str(key)]) == 0
    return key


def _db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path}/audit.sqlite"
    assert cli.main(["audit", "--database", url, "migrate"]) == 0
    return url


def _listening(port_holder: list[socket.socket]) -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen()
    port_holder.append(s)
    return int(s.getsockname()[1])


def _failing_bind(code: int, text: str) -> Callable[..., None]:
    def bind(self: socket.socket, address: object) -> None:
        raise OSError(code, text)
    return bind


# Each case: (name, setup(tmp_path, monkeypatch) -> the command line, the Dutch the CLI prints, its English).
# The texts are what the command printed before these messages moved into the catalogue.
Setup = Callable[[Path, pytest.MonkeyPatch], list[str]]
CASES: list[tuple[str, Setup, str, str]] = []


def case(name: str, nl: str, en: str) -> Callable[[Setup], Setup]:
    def add(setup: Setup) -> Setup:
        CASES.append((name, setup, nl, en))
        return setup
    return add


@case("unknown_version",
      "onbekende versie van het regelboek: 'sto-2020-2023@1999-01-01'; bekende versies: {known}\n  "
      "(English: unknown rulebook version 'sto-2020-2023@1999-01-01'; known versions: {known})",
      "unknown rulebook version 'sto-2020-2023@1999-01-01'; known versions: {known}")
def _unknown_version(tmp_path, monkeypatch):
    return ["assess", _plan(tmp_path), "--rulebook", "sto-2020-2023@1999-01-01"]


@case("none_in_force",
      "op 2010-01-01 geldt geen enkele versie van het regelboek (versies: {spans}); kies er zelf een met "
      "--rulebook ID@VERSIE\n  (English: no rulebook version is in force on 2010-01-01 (versions: "
      "{spans}); pass --rulebook ID@VERSION to choose one explicitly)",
      "no rulebook version is in force on 2010-01-01 (versions: {spans}); pass --rulebook ID@VERSION to "
      "choose one explicitly")
def _none_in_force(tmp_path, monkeypatch):
    return ["assess", _plan(tmp_path, date=dt.date(2010, 1, 1)), "--as-of", "2010-01-01"]


@case("regulation_not_in_force",
      "op 2025-01-01 geldt geen versie van sto-2020-2023: die regeling geldt 2018-09-13 .. 2024-12-31; "
      "kies zelf een versie met --rulebook ID@VERSIE\n  (English: no version of sto-2020-2023 is in force "
      "on 2025-01-01: the regulation is in force 2018-09-13 .. 2024-12-31; pass --rulebook ID@VERSION to "
      "choose one explicitly)",
      "no version of sto-2020-2023 is in force on 2025-01-01: the regulation is in force 2018-09-13 .. "
      "2024-12-31; pass --rulebook ID@VERSION to choose one explicitly")
def _regulation_not_in_force(tmp_path, monkeypatch):
    return ["assess", _plan(tmp_path, regulation="sto-2020-2023"), "--as-of", "2025-01-01"]


@case("two_regulations",
      "op 2024-06-01 gelden 2 regelingen tegelijk ({regulations}); zeg onder welke regeling het plan valt "
      "(submission.regulation)\n  (English: 2024-06-01 lies in 2 regulations at once ({regulations}); say "
      "which one the plan applies under (submission.regulation))",
      "2024-06-01 lies in 2 regulations at once ({regulations}); say which one the plan applies under "
      "(submission.regulation)")
def _two_regulations(tmp_path, monkeypatch):
    return ["assess", _plan(tmp_path, date=dt.date(2010, 1, 1)), "--as-of", "2024-06-01"]


@case("unknown_regulation",
      "onbekende regeling 'sto-2019' (submission.regulation); bekende regelingen: {regulations}; schrijf "
      "een van deze ids, of laat het veld weg\n  (English: unknown regulation 'sto-2019' "
      "(submission.regulation); known regulations: {regulations}; write one of these ids, or leave the "
      "field out)",
      "unknown regulation 'sto-2019' (submission.regulation); known regulations: {regulations}; write one "
      "of these ids, or leave the field out")
def _unknown_regulation(tmp_path, monkeypatch):
    return ["assess", _plan(tmp_path, regulation="sto-2019")]


@case("explain_unknown_rule",
      "regel NOPE-01 staat niet in dit oordeel; regels: {rules}\n  (English: rule NOPE-01 is not in this "
      "verdict; rules: {rules})",
      "rule NOPE-01 is not in this verdict; rules: {rules}")
def _explain_unknown_rule(tmp_path, monkeypatch):
    return ["explain", _verdict(tmp_path), "--rule", "NOPE-01"]


@case("serve_port",
      "--port 0 is geen poortnummer (1-65535) (English: --port 0 is not a port number (1-65535))",
      "--port 0 is not a port number (1-65535)")
def _serve_port(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return ["serve", "--port", "0"]


@case("serve_in_use",
      "poort {port} op 127.0.0.1 is al in gebruik (door een ander programma, of door een andere sto "
      "serve); kies een andere poort met --port, bijvoorbeeld --port {next}, of stop het programma dat de "
      "poort gebruikt\n  (English: port {port} on 127.0.0.1 is already in use (by another program, or "
      "another sto serve); choose another port with --port, e.g. --port {next}, or stop the program that "
      "uses it)",
      "port {port} on 127.0.0.1 is already in use (by another program, or another sto serve); choose "
      "another port with --port, e.g. --port {next}, or stop the program that uses it")
def _serve_in_use(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return ["serve", "--host", "127.0.0.1", "--port", "{port}"]


@case("serve_no_permission",
      "geen toestemming om op poort 80 te luisteren; poorten onder 1024 vragen beheerdersrechten: kies een "
      "poort vanaf 1024 met --port, bijvoorbeeld --port 8000\n  (English: no permission to listen on port "
      "80; ports below 1024 need administrator rights: choose a port from 1024 with --port, e.g. --port "
      "8000)",
      "no permission to listen on port 80; ports below 1024 need administrator rights: choose a port from "
      "1024 with --port, e.g. --port 8000")
def _serve_no_permission(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(socket.socket, "bind", _failing_bind(errno.EACCES, "Permission denied"))
    return ["serve", "--host", "127.0.0.1", "--port", "80"]


@case("serve_unknown_host",
      "--host no-such-host.invalid is geen adres van deze computer; gebruik --host 127.0.0.1 (alleen deze "
      "computer) of --host 0.0.0.0 (alle netwerken)\n  (English: --host no-such-host.invalid is not an "
      "address of this computer; use --host 127.0.0.1 (this computer only) or --host 0.0.0.0 (every "
      "network))",
      "--host no-such-host.invalid is not an address of this computer; use --host 127.0.0.1 (this computer "
      "only) or --host 0.0.0.0 (every network)")
def _serve_unknown_host(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return ["serve", "--host", "no-such-host.invalid", "--port", "8765"]


@case("serve_other_address",
      "--host 192.0.2.1 is geen adres van deze computer; gebruik --host 127.0.0.1 (alleen deze computer) "
      "of --host 0.0.0.0 (alle netwerken)\n  (English: --host 192.0.2.1 is not an address of this "
      "computer; use --host 127.0.0.1 (this computer only) or --host 0.0.0.0 (every network))",
      "--host 192.0.2.1 is not an address of this computer; use --host 127.0.0.1 (this computer only) or "
      "--host 0.0.0.0 (every network)")
def _serve_other_address(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return ["serve", "--host", "192.0.2.1", "--port", "8765"]


@case("serve_cannot_listen",
      "kan niet luisteren op 127.0.0.1:8765: Invalid argument; kies een andere --host of --port (English: "
      "cannot listen on 127.0.0.1:8765: Invalid argument; choose another --host or --port)",
      "cannot listen on 127.0.0.1:8765: Invalid argument; choose another --host or --port")
def _serve_cannot_listen(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(socket.socket, "bind", _failing_bind(errno.EINVAL, "Invalid argument"))
    return ["serve", "--host", "127.0.0.1", "--port", "8765"]


@case("settings",
      "ongeldige instellingen van de service (English: invalid service settings):\n  environment variable "
      "STO_JOB_TIMEOUT: Input should be a valid number, unable to parse string as a number (found 'lang')",
      "invalid service settings:\n  environment variable STO_JOB_TIMEOUT: Input should be a valid number, "
      "unable to parse string as a number (found 'lang')")
def _settings(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("STO_JOB_TIMEOUT", "lang")
    return ["serve", "--port", "8765"]


@case("unknown_role",
      "onbekende rol 'boss'; gebruik committee, auditor of region:<naam van de regio zoals in het plan>, "
      "bijv. region:Noord-Veluwe\n  (English: unknown role 'boss'; use committee, auditor or region:<name "
      "of the region as in the plan>, e.g. region:Noord-Veluwe)",
      "unknown role 'boss'; use committee, auditor or region:<name of the region as in the plan>, e.g. "
      "region:Noord-Veluwe")
def _unknown_role(tmp_path, monkeypatch):
    return ["tokens", "add", "alice", "--role", "boss", "--file", str(tmp_path / "tokens.yaml")]


@case("tokens_add_needs",
      "sto tokens add heeft een naam en een rol nodig, bijv. sto tokens add noord-veluwe --role "
      "'region:Regio Noord-Veluwe'\n  (English: sto tokens add needs a name and a role, e.g. sto tokens "
      "add noord-veluwe --role 'region:Regio Noord-Veluwe')",
      "sto tokens add needs a name and a role, e.g. sto tokens add noord-veluwe --role 'region:Regio "
      "Noord-Veluwe'")
def _tokens_add_needs(tmp_path, monkeypatch):
    return ["tokens", "add", "--file", str(tmp_path / "tokens.yaml")]


@case("tokens_remove_needs",
      "sto tokens remove heeft de naam van het token nodig; `sto tokens list` toont de namen (English: sto "
      "tokens remove needs the token's name; `sto tokens list` shows them)",
      "sto tokens remove needs the token's name; `sto tokens list` shows them")
def _tokens_remove_needs(tmp_path, monkeypatch):
    return ["tokens", "remove", "--file", str(tmp_path / "tokens.yaml")]


@case("tokens_hash_needs",
      "sto tokens hash heeft het token nodig, bijv. sto tokens hash sto_abc... (English: sto tokens hash "
      "needs the token, e.g. sto tokens hash sto_abc...)",
      "sto tokens hash needs the token, e.g. sto tokens hash sto_abc...")
def _tokens_hash_needs(tmp_path, monkeypatch):
    return ["tokens", "hash"]


@case("token_file_unreadable",
      "{tmp}/tokens: het tokenbestand kan niet worden gelezen: Is a directory (English: {tmp}/tokens: "
      "cannot read the token file: Is a directory)",
      "{tmp}/tokens: cannot read the token file: Is a directory")
def _token_file_unreadable(tmp_path, monkeypatch):
    (tmp_path / "tokens").mkdir()
    return ["tokens", "list", "--file", str(tmp_path / "tokens")]


def _list_token_file(tmp_path, content: str | bytes) -> list[str]:
    """`sto tokens list` of a token file with this content."""
    path = tmp_path / "tokens.yaml"
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return ["tokens", "list", "--file", str(path)]


@case("token_file_not_utf8",
      "{tmp}/tokens.yaml: het tokenbestand is geen UTF-8-tekst: 'utf-8' codec can't decode byte 0xe9 in "
      "position 19: invalid continuation byte\n  (English: {tmp}/tokens.yaml: the token file is not UTF-8 "
      "text: 'utf-8' codec can't decode byte 0xe9 in position 19: invalid continuation byte)",
      "{tmp}/tokens.yaml: the token file is not UTF-8 text: 'utf-8' codec can't decode byte 0xe9 in "
      "position 19: invalid continuation byte")
def _token_file_not_utf8(tmp_path, monkeypatch):
    return _list_token_file(tmp_path, b"tokens: [{name: caf\xe9}]\n")


@case("token_file_not_yaml",
      "{tmp}/tokens.yaml: het tokenbestand is geen geldige YAML: while parsing a flow sequence (English: "
      "{tmp}/tokens.yaml: the token file is not valid YAML: while parsing a flow sequence)\n  in \"<unicode "
      "string>\", line 1, column 9:\n    tokens: [a, b\n            ^\nexpected ',' or ']', but got "
      "'<stream end>'\n  in \"<unicode string>\", line 2, column 1:\n    \n    ^",
      "{tmp}/tokens.yaml: the token file is not valid YAML: while parsing a flow sequence\n  in \"<unicode "
      "string>\", line 1, column 9:\n    tokens: [a, b\n            ^\nexpected ',' or ']', but got "
      "'<stream end>'\n  in \"<unicode string>\", line 2, column 1:\n    \n    ^")
def _token_file_not_yaml(tmp_path, monkeypatch):
    return _list_token_file(tmp_path, "tokens: [a, b\n")


@case("no_token_named",
      "{tmp}/tokens.yaml: er is geen token met de naam 'bob'; `sto tokens list` toont de namen (English: "
      "{tmp}/tokens.yaml: no token named 'bob'; `sto tokens list` shows the names)",
      "{tmp}/tokens.yaml: no token named 'bob'; `sto tokens list` shows the names")
def _no_token_named(tmp_path, monkeypatch):
    assert cli.main(["tokens", "add", "alice", "--role", "committee", "--file", str(tmp_path / "tokens.yaml")]) == 0
    return ["tokens", "remove", "bob", "--file", str(tmp_path / "tokens.yaml")]


@case("token_name",
      "de tokennaam 'a b' is niet toegestaan; gebruik letters, cijfers, '.', '_', '@' of '-' (hoogstens "
      "64) (English: token name 'a b' is not allowed; use letters, digits, '.', '_', '@' or '-' (at most "
      "64))",
      "token name 'a b' is not allowed; use letters, digits, '.', '_', '@' or '-' (at most 64)")
def _token_name(tmp_path, monkeypatch):
    return ["tokens", "add", "a b", "--role", "committee", "--file", str(tmp_path / "tokens.yaml")]


@case("serve_token_file_unreadable",
      "{tmp}/tokens: het tokenbestand kan niet worden gelezen: Is a directory (English: {tmp}/tokens: "
      "cannot read the token file: Is a directory)",
      "{tmp}/tokens: cannot read the token file: Is a directory")
def _serve_token_file_unreadable(tmp_path, monkeypatch):
    (tmp_path / "tokens").mkdir()
    return ["serve", "--port", "8765", "--token-file", str(tmp_path / "tokens")]


@case("key_unreadable",
      "{tmp}/nope.key: de sleutel voor controlepunten kan niet worden gelezen: No such file or directory "
      "(English: {tmp}/nope.key: cannot read the checkpoint key: No such file or directory)",
      "{tmp}/nope.key: cannot read the checkpoint key: No such file or directory")
def _key_unreadable(tmp_path, monkeypatch):
    url = _db(tmp_path)
    monkeypatch.setenv("STO_CHECKPOINT_KEY", str(tmp_path / "nope.key"))
    return ["audit", "--database", url, "checkpoint"]


@case("public_key_unreadable",
      "{tmp}/nope.pub: de publieke sleutel kan niet worden gelezen: No such file or directory (English: "
      "{tmp}/nope.pub: cannot read the public key: No such file or directory)",
      "{tmp}/nope.pub: cannot read the public key: No such file or directory")
def _public_key_unreadable(tmp_path, monkeypatch):
    return ["audit", "--database", _db(tmp_path), "verify", "--public-key", str(tmp_path / "nope.pub")]


@case("checkpoint_file_unreadable",
      "{tmp}/cps: het controlepuntbestand kan niet worden gelezen: Is a directory (English: {tmp}/cps: "
      "cannot read the checkpoint file: Is a directory)",
      "{tmp}/cps: cannot read the checkpoint file: Is a directory")
def _checkpoint_file_unreadable(tmp_path, monkeypatch):
    key = _key(tmp_path)
    (tmp_path / "cps").mkdir()
    return ["audit", "--database", _db(tmp_path), "verify", "--public-key", f"{key}.pub",
            "--checkpoints", str(tmp_path / "cps")]


@case("not_a_private_key",
      "{tmp}/bad.key: dit is geen Ed25519-sleutel (maak er een met `sto audit keygen --key "
      "{tmp}/bad.key`)\n  (English: {tmp}/bad.key: not an Ed25519 private key (make one with `sto audit "
      "keygen --key {tmp}/bad.key`))",
      "{tmp}/bad.key: not an Ed25519 private key (make one with `sto audit keygen --key {tmp}/bad.key`)")
def _not_a_private_key(tmp_path, monkeypatch):
    url = _db(tmp_path)
    (tmp_path / "bad.key").write_text("not a key\n")
    monkeypatch.setenv("STO_CHECKPOINT_KEY", str(tmp_path / "bad.key"))
    return ["audit", "--database", url, "checkpoint"]


@case("not_a_public_key",
      "{tmp}/bad.pub: dit is geen publieke Ed25519-sleutel (het .pub-bestand dat `sto audit keygen` "
      "schreef)\n  (English: {tmp}/bad.pub: not an Ed25519 public key (the .pub file `sto audit keygen` "
      "wrote))",
      "{tmp}/bad.pub: not an Ed25519 public key (the .pub file `sto audit keygen` wrote)")
def _not_a_public_key(tmp_path, monkeypatch):
    (tmp_path / "bad.pub").write_text("not a key\n")
    return ["audit", "--database", _db(tmp_path), "verify", "--public-key", str(tmp_path / "bad.pub")]


@case("key_exists",
      "{tmp}/keys/checkpoint.key bestaat al; een sleutel voor controlepunten wordt nooit overschreven "
      "(kies een ander pad)\n  (English: {tmp}/keys/checkpoint.key already exists; a checkpoint key is "
      "never overwritten (choose another path))",
      "{tmp}/keys/checkpoint.key already exists; a checkpoint key is never overwritten (choose another "
      "path)")
def _key_exists(tmp_path, monkeypatch):
    return ["audit", "keygen", "--key", str(_key(tmp_path))]


@case("key_folder_missing",
      "{tmp}/nope: deze map bestaat niet (English: {tmp}/nope: no such folder)",
      "{tmp}/nope: no such folder")
def _key_folder_missing(tmp_path, monkeypatch):
    return ["audit", "keygen", "--key", str(tmp_path / "nope" / "checkpoint.key")]


@case("checkpoint_folder_missing",
      "{tmp}/nope/cps: de map van het controlepuntbestand bestaat niet (English: {tmp}/nope/cps: the "
      "folder of the checkpoint file does not exist)",
      "{tmp}/nope/cps: the folder of the checkpoint file does not exist")
def _checkpoint_folder_missing(tmp_path, monkeypatch):
    url = _db(tmp_path)
    monkeypatch.setenv("STO_CHECKPOINT_KEY", str(_key(tmp_path)))
    monkeypatch.setenv("STO_CHECKPOINT_FILE", str(tmp_path / "nope" / "cps"))
    return ["audit", "--database", url, "checkpoint"]


@case("key_needed",
      "er is een sleutel nodig: geef --key PAD of stel STO_CHECKPOINT_KEY in (English: a checkpoint key is "
      "needed: give --key PATH or set STO_CHECKPOINT_KEY)",
      "a checkpoint key is needed: give --key PATH or set STO_CHECKPOINT_KEY")
def _key_needed(tmp_path, monkeypatch):
    monkeypatch.delenv("STO_CHECKPOINT_KEY", raising=False)
    return ["audit", "keygen"]


@case("public_key_needed",
      "controlepunten controleren vraagt de publieke sleutel: geef --public-key BESTAND (het .pub-bestand "
      "van `sto audit keygen`) of stel STO_CHECKPOINT_PUBLIC_KEY in\n  (English: checking checkpoints "
      "needs the public key: give --public-key FILE (the .pub file of `sto audit keygen`) or set "
      "STO_CHECKPOINT_PUBLIC_KEY)",
      "checking checkpoints needs the public key: give --public-key FILE (the .pub file of `sto audit "
      "keygen`) or set STO_CHECKPOINT_PUBLIC_KEY")
def _public_key_needed(tmp_path, monkeypatch):
    for name in ("STO_CHECKPOINT_KEY", "STO_CHECKPOINT_PUBLIC_KEY", "STO_CHECKPOINT_FILE"):
        monkeypatch.delenv(name, raising=False)
    (tmp_path / "cps").write_text("")
    return ["audit", "--database", _db(tmp_path), "verify", "--checkpoints", str(tmp_path / "cps")]


@case("no_checkpoint_yet",
      "er is nog geen ondertekend controlepunt (niet in het bestand en niet in de database); elke "
      "toevoeging ondertekent er een zodra STO_CHECKPOINT_KEY is ingesteld\n  (English: there is no signed "
      "checkpoint yet (the checkpoint file and the database hold none); every append signs one once "
      "STO_CHECKPOINT_KEY is set)",
      "there is no signed checkpoint yet (the checkpoint file and the database hold none); every append "
      "signs one once STO_CHECKPOINT_KEY is set")
def _no_checkpoint_yet(tmp_path, monkeypatch):
    for name in ("STO_CHECKPOINT_KEY", "STO_CHECKPOINT_PUBLIC_KEY", "STO_CHECKPOINT_FILE"):
        monkeypatch.delenv(name, raising=False)
    return ["audit", "--database", _db(tmp_path), "checkpoint"]


@case("role_name",
      "de rolnaam 'Sto-Service' is niet toegestaan; gebruik kleine letters, cijfers en '_' (hoogstens 63, "
      "beginnend met een letter)\n  (English: role name 'Sto-Service' is not allowed; use lower-case "
      "letters, digits and '_' (at most 63, starting with a letter))",
      "role name 'Sto-Service' is not allowed; use lower-case letters, digits and '_' (at most 63, "
      "starting with a letter)")
def _role_name(tmp_path, monkeypatch):
    return ["audit", "roles", "--service", "Sto-Service"]


@case("grants_need_postgresql",
      "rollen en rechten zijn er alleen voor PostgreSQL; sqlite:///{tmp}/audit.sqlite is sqlite (English: "
      "roles and grants are for PostgreSQL; sqlite:///{tmp}/audit.sqlite is sqlite)",
      "roles and grants are for PostgreSQL; sqlite:///{tmp}/audit.sqlite is sqlite")
def _grants_need_postgresql(tmp_path, monkeypatch):
    return ["audit", "--database", _db(tmp_path), "migrate", "--service-role", "sto_service"]


# The messages below had no Dutch (English only, or Dutch only, or both in one string) before they moved
# into the catalogue: the Dutch is the catalogue's, the English as it was where it was English.
HEX = "0123456789abcdef0123456789abcdef"  # the form of an assessment id; no store holds it


@case("store_folder_missing",
      "database {tmp}/nope/audit.sqlite: de map {tmp}/nope bestaat niet; maak hem aan of kies een ander "
      "pad in STO_DATABASE_URL\n  (English: database {tmp}/nope/audit.sqlite: the folder {tmp}/nope does "
      "not exist; create it or choose another path in STO_DATABASE_URL)",
      "database {tmp}/nope/audit.sqlite: the folder {tmp}/nope does not exist; create it or choose another "
      "path in STO_DATABASE_URL")
def _store_folder_missing(tmp_path, monkeypatch):
    return ["audit", "--database", f"sqlite:///{tmp_path}/nope/audit.sqlite", "migrate"]


@case("store_not_a_url",
      "STO_DATABASE_URL: 'dit is geen url' is geen database-URL; voorbeelden: "
      "sqlite:///pad/naar/sto.sqlite of postgresql+psycopg://gebruiker@host:5432/db\n  (English: "
      "STO_DATABASE_URL: 'dit is geen url' is not a database URL; examples: sqlite:///path/to/sto.sqlite "
      "or postgresql+psycopg://user@host:5432/db)",
      "STO_DATABASE_URL: 'dit is geen url' is not a database URL; examples: sqlite:///path/to/sto.sqlite "
      "or postgresql+psycopg://user@host:5432/db")
def _store_not_a_url(tmp_path, monkeypatch):
    return ["audit", "--database", "dit is geen url", "list"]


@case("store_unsupported",
      "database mysql://localhost/x: alleen SQLite en PostgreSQL worden ondersteund (English: database "
      "mysql://localhost/x: only SQLite and PostgreSQL are supported)",
      "database mysql://localhost/x: only SQLite and PostgreSQL are supported")
def _store_unsupported(tmp_path, monkeypatch):
    return ["audit", "--database", "mysql://localhost/x", "list"]


@case("store_no_store_here",
      "database sqlite:///{tmp}/typo.sqlite: hier staat geen audit-store (English: database "
      "sqlite:///{tmp}/typo.sqlite: there is no audit store here)\n  oplossing: controleer het pad of de "
      "URL in --database of STO_DATABASE_URL",
      "database sqlite:///{tmp}/typo.sqlite: there is no audit store here\n  fix: check the path or the "
      "URL in --database or STO_DATABASE_URL")
def _store_no_store_here(tmp_path, monkeypatch):
    return ["audit", "--database", f"sqlite:///{tmp_path}/typo.sqlite", "list"]


@case("store_no_assessment",
      "geen beoordeling met id '0123456789abcdef0123456789abcdef'; `sto audit list` toont de ids (English: "
      "no assessment with id '0123456789abcdef0123456789abcdef'; `sto audit list` shows the ids)",
      "no assessment with id '0123456789abcdef0123456789abcdef'; `sto audit list` shows the ids")
def _store_no_assessment(tmp_path, monkeypatch):
    return ["audit", "--database", _db(tmp_path), "show", HEX]


@case("tokens_name_exists",
      "{tmp}/tokens.yaml: er is al een token met de naam 'alice'; verwijder het eerst (`sto tokens remove "
      "alice`) of kies een andere naam\n  (English: {tmp}/tokens.yaml: a token named 'alice' exists; "
      "remove it first (`sto tokens remove alice`) or choose another name)",
      "{tmp}/tokens.yaml: a token named 'alice' exists; remove it first (`sto tokens remove alice`) or "
      "choose another name")
def _tokens_name_exists(tmp_path, monkeypatch):
    assert cli.main(["tokens", "add", "alice", "--role", "committee", "--file", str(tmp_path / "tokens.yaml")]) == 0
    return ["tokens", "add", "alice", "--role", "auditor", "--file", str(tmp_path / "tokens.yaml")]


@case("tokens_file_no_list",
      "{tmp}/tokens.yaml: een tokenbestand heeft een lijst onder 'tokens:'; schrijf het met `sto tokens "
      "add NAAM --role ROL`\n  (English: {tmp}/tokens.yaml: a token file holds a list under 'tokens:'; "
      "write it with `sto tokens add NAME --role ROLE`)",
      "{tmp}/tokens.yaml: a token file holds a list under 'tokens:'; write it with `sto tokens add NAME "
      "--role ROLE`")
def _tokens_file_no_list(tmp_path, monkeypatch):
    return _list_token_file(tmp_path, "tokens: alice\n")


@case("tokens_entry_incomplete",
      "{tmp}/tokens.yaml: tokens/0: elk token heeft name, role en sha256 nodig (English: "
      "{tmp}/tokens.yaml: tokens/0: each token needs name, role and sha256)",
      "{tmp}/tokens.yaml: tokens/0: each token needs name, role and sha256")
def _tokens_entry_incomplete(tmp_path, monkeypatch):
    return _list_token_file(tmp_path, "tokens:\n- name: alice\n  role: committee\n")


@case("tokens_entry_sha256",
      "{tmp}/tokens.yaml: tokens/0/sha256: verwacht de SHA-256 van het token in 64 hexadecimale tekens, "
      "gevonden 'abc'\n  (English: {tmp}/tokens.yaml: tokens/0/sha256: expected the 64-hex-digit SHA-256 "
      "of the token, found 'abc')",
      "{tmp}/tokens.yaml: tokens/0/sha256: expected the 64-hex-digit SHA-256 of the token, found 'abc'")
def _tokens_entry_sha256(tmp_path, monkeypatch):
    return _list_token_file(tmp_path, "tokens:\n- {name: alice, role: committee, sha256: abc}\n")


@case("tokens_entry_role",
      "{tmp}/tokens.yaml: tokens/0/role: onbekende rol 'chair'; gebruik committee, auditor of region:<naam "
      "van de regio zoals in het plan>, bijv. region:Noord-Veluwe\n  (English: {tmp}/tokens.yaml: "
      "tokens/0/role: unknown role 'chair'; use committee, auditor or region:<name of the region as in the "
      "plan>, e.g. region:Noord-Veluwe)",
      "{tmp}/tokens.yaml: tokens/0/role: unknown role 'chair'; use committee, auditor or region:<name of "
      "the region as in the plan>, e.g. region:Noord-Veluwe")
def _tokens_entry_role(tmp_path, monkeypatch):
    return _list_token_file(tmp_path, "tokens:\n- {name: alice, role: chair, sha256: " + "a" * 64 + "}\n")


@case("tokens_env_entry",
      "STO_TOKENS: item 1 ('alice=abc:committee...') is niet van de vorm [NAAM=]SHA256:ROL; SHA256 is de "
      "hash van het token in 64 hexadecimale tekens (`sto tokens hash TOKEN` toont hem)\n  (English: "
      "STO_TOKENS entry 1 ('alice=abc:committee...') is not [NAME=]SHA256:ROLE; SHA256 is the 64-hex-digit "
      "hash of the token (`sto tokens hash TOKEN` prints it))",
      "STO_TOKENS entry 1 ('alice=abc:committee...') is not [NAME=]SHA256:ROLE; SHA256 is the 64-hex-digit "
      "hash of the token (`sto tokens hash TOKEN` prints it)")
def _tokens_env_entry(tmp_path, monkeypatch):
    monkeypatch.setenv("STO_TOKENS", "alice=abc:committee")
    return ["serve", "--port", "8765", "--token-file", str(tmp_path / "none.yaml")]


@case("prescreen_not_a_folder",
      "{tmp}/ronde: geen map; geef de map met de plannen van de ronde (English: {tmp}/ronde: not a folder; "
      "give the folder with the round's plans)",
      "{tmp}/ronde: not a folder; give the folder with the round's plans")
def _prescreen_not_a_folder(tmp_path, monkeypatch):
    return ["prescreen", str(tmp_path / "ronde"), "--round", "1", "-o", str(tmp_path / "rapport"),
            "--database", _db(tmp_path)]


@case("prescreen_no_plans",
      "{tmp}/ronde: geen planbestanden gevonden (geen *.yaml, *.yml of *.json) (English: {tmp}/ronde: no "
      "plan files found (no *.yaml, *.yml or *.json files))",
      "{tmp}/ronde: no plan files found (no *.yaml, *.yml or *.json files)")
def _prescreen_no_plans(tmp_path, monkeypatch):
    (tmp_path / "ronde").mkdir()
    return ["prescreen", str(tmp_path / "ronde"), "--round", "1", "-o", str(tmp_path / "rapport"),
            "--database", _db(tmp_path)]


@case("prescreen_cannot_create_report",
      "{tmp}/rapport: de rapportmap kan niet worden gemaakt: Not a directory (English: {tmp}/rapport: "
      "cannot create the report folder: Not a directory)",
      "{tmp}/rapport: cannot create the report folder: Not a directory")
def _prescreen_cannot_create_report(tmp_path, monkeypatch):
    (tmp_path / "ronde").mkdir()
    Path(_plan(tmp_path)).rename(tmp_path / "ronde" / "plan.yaml")
    (tmp_path / "rapport").write_text("a file, not a folder")
    return ["prescreen", str(tmp_path / "ronde"), "--round", "1", "-o", str(tmp_path / "rapport"),
            "--database", _db(tmp_path)]


@case("impact_workers",
      "--workers moet minstens 1 zijn (English: --workers must be at least 1)",
      "--workers must be at least 1")
def _impact_workers(tmp_path, monkeypatch):
    return ["impact", "sto-2020-2023@2018-09-13", "sto-2020-2023@2023-07-20", _plan(tmp_path), "--workers", "0"]


@case("letter_no_such_source",
      "'0123456789abcdef0123456789abcdef' is geen bestand en ook niet het id van een opgeslagen "
      "beoordeling; `sto audit list` toont de ids\n  (English: '0123456789abcdef0123456789abcdef' is "
      "neither a file nor the id of a stored assessment; `sto audit list` shows the ids)",
      "'0123456789abcdef0123456789abcdef' is neither a file nor the id of a stored assessment; `sto audit "
      "list` shows the ids")
def _letter_no_such_source(tmp_path, monkeypatch):
    return ["letter", HEX, "--database", _db(tmp_path)]


@case("coverage_no_features",
      "{tmp}/features: geen map met feature-bestanden; geef met --features de map met .feature-bestanden "
      "(standaard: features/ van het project)\n  (English: {tmp}/features: not a folder of feature files; "
      "give the folder with the .feature files with --features (default: the project's features/))",
      "{tmp}/features: not a folder of feature files; give the folder with the .feature files with "
      "--features (default: the project's features/)")
def _coverage_no_features(tmp_path, monkeypatch):
    return ["coverage", "--features", str(tmp_path / "features")]


@case("mutation_workers",
      "--werkers 0: geef een aantal van 1 of meer (English: --werkers 0: give a number of 1 or more)",
      "--werkers 0: give a number of 1 or more")
def _mutation_workers(tmp_path, monkeypatch):
    return ["coverage", "--mutanten", "--werkers", "0"]


@case("mutation_no_equivalents_file",
      "{tmp}/eq.yaml: bestand met equivalente mutanten niet gevonden (--equivalent) (English: "
      "{tmp}/eq.yaml: the file of equivalent mutants is not found (--equivalent))",
      "{tmp}/eq.yaml: the file of equivalent mutants is not found (--equivalent)")
def _mutation_no_equivalents_file(tmp_path, monkeypatch):
    return ["coverage", "--mutanten", "--equivalent", str(tmp_path / "eq.yaml")]


def _library_lists() -> dict[str, str]:
    """The versions and regulations the messages list, as the library has them."""
    from engine.assess import Assessor

    lib = Assessor().library
    return {"known": ", ".join(b.ref for b in lib.books),
            "spans": "; ".join(f"{b.ref}: {b.valid_from} .. {b.valid_to or 'open'}" for b in lib.books),
            "regulations": ", ".join(f"{r.id} ({r.span()})" for r in lib.regulations.values())}


def _filled(text: str, tmp_path: Path, values: dict[str, str]) -> str:
    for name, value in {"tmp": str(tmp_path), **values}.items():
        text = text.replace("{" + name + "}", value)
    return text


@pytest.fixture()
def tmp_path(tmp_path_factory):
    """A folder whose path has the same length on every machine: a long message puts its English on
    a line of its own, and the paths in these messages must not decide that."""
    path = Path(tempfile.mkdtemp(prefix="tmp", dir="/tmp"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.mark.parametrize("name,setup,nl,en", CASES, ids=[c[0] for c in CASES])
def test_the_command_prints_the_catalogue_text(name, setup, nl, en, tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("STO_LANG", raising=False)
    held: list[socket.socket] = []
    try:
        args = setup(tmp_path, monkeypatch)
        values = _library_lists()
        if "{port}" in args:
            port = _listening(held)
            values |= {"port": str(port), "next": str(port + 1)}
            args = [str(port) if a == "{port}" else a for a in args]
        if name == "explain_unknown_rule":
            verdict = json.loads(Path(args[1]).read_text(encoding="utf-8"))
            values["rules"] = ", ".join(f["rule_id"] for f in verdict["findings"])
        capsys.readouterr()
        assert cli.main(args) == 2
        assert capsys.readouterr().err == _filled(nl, tmp_path, values) + "\n"
        assert cli.main(["--lang", "en", *args]) == 2
        assert capsys.readouterr().err == _filled(en, tmp_path, values) + "\n"
    finally:
        for s in held:
            s.close()


def test_every_case_is_distinct():
    assert len({c[0] for c in CASES}) == len(CASES) == 55


def test_overlapping_versions_are_worded_from_the_catalogue():
    """Versions of one regulation that overlap are refused when the folder loads; a library built
    around that check still says so in both languages."""
    from engine.assess import Assessor
    from engine.errors import VersionSelectionError
    from engine.rulebook.loader import Library

    book = Assessor().library.get("sto-2025-2028@2024-04-03")
    overlapping = Library([book, book], Path("rulebooks"))  # the same version twice: both cover every date
    with pytest.raises(VersionSelectionError) as err:
        overlapping.in_force(dt.date(2025, 1, 1), "sto-2025-2028")
    refs = "sto-2025-2028@2024-04-03, sto-2025-2028@2024-04-03"
    assert str(err.value) == f"2025-01-01 is covered by 2 versions ({refs}); the rulebooks overlap"
    assert render_error(err.value) == (f"op 2025-01-01 gelden 2 versies ({refs}); de regelboeken overlappen\n"
                                       f"  (English: 2025-01-01 is covered by 2 versions ({refs}); the rulebooks overlap)")


def test_a_version_error_in_a_worker_keeps_its_dutch(tmp_path, monkeypatch, capsys):
    """`sto impact` over a worker pool: the error a worker raised reaches the command with its
    Dutch and English, as the same error raised in the command's own process does."""
    monkeypatch.delenv("STO_LANG", raising=False)
    plans = tmp_path / "plans"
    plans.mkdir()
    for i in range(40):
        data = good_plan()
        if i == 17:
            data["submission"]["regulation"] = "sto-2019"
        (plans / f"plan-{i:02d}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                                                   encoding="utf-8")
    [(_, _, nl, en)] = [c for c in CASES if c[0] == "unknown_regulation"]
    values = _library_lists()
    args = ["impact", "sto-2020-2023@2018-09-13", "sto-2020-2023@2023-07-20", str(plans), "--workers", "2"]
    capsys.readouterr()
    assert cli.main(args) == 2
    assert capsys.readouterr().err == _filled(nl, tmp_path, values) + "\n"
    assert cli.main(["--lang", "en", *args]) == 2
    assert capsys.readouterr().err == _filled(en, tmp_path, values) + "\n"
