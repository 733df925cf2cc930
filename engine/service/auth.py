"""Bearer tokens -> roles. Only the SHA-256 of each token is ever stored.

Roles:
    committee        everything: submit self-checks and pre-screens for any region, read everything
    region:<name>    submit self-checks for its own region; read only its own region's self-checks
    auditor          read everything, write nothing

Token sources (all are merged):
    the token file (YAML, written by `sto tokens add`):
        tokens:
        - {name: commissie, role: committee, sha256: 9f86d0...}
    the environment variable STO_TOKENS: either the path of such a file, or inline entries
        `[NAME=]SHA256:ROLE` separated by `;`, e.g. `ci=9f86d0...:auditor;5e88...:region:Noord-Veluwe`
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
import re
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..errors import StoError

COMMITTEE, AUDITOR, REGION_PREFIX = "committee", "auditor", "region:"
TOKEN_PREFIX = "sto_"
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")


@dataclass(frozen=True)
class Principal:
    """Who is asking: the token's name and its role."""

    name: str
    role: str

    @property
    def region(self) -> str | None:
        return self.role[len(REGION_PREFIX):] if self.role.startswith(REGION_PREFIX) else None

    @property
    def can_write(self) -> bool:
        return self.role != AUDITOR

    def may_pre_screen(self) -> bool:
        return self.role == COMMITTEE

    def may_submit_for(self, region: str) -> bool:
        return self.role == COMMITTEE or (self.region is not None and same_region(self.region, region))

    def may_read(self, region: str | None, mode: str | None) -> bool:
        """A region reads the self-checks of its own region only: the committee's pre-screens are
        its own working material until it decides, and reach the region as a letter."""
        if self.role in (COMMITTEE, AUDITOR):
            return True
        return (self.region is not None and region is not None and same_region(self.region, region)
                and mode == "self-check")


def same_region(a: str, b: str) -> bool:
    # Exact, like the store's region filter: a role names the region as written in the plan's region.name.
    return a.strip() == b.strip()


def check_role(role: str) -> str:
    role = role.strip()
    if role in (COMMITTEE, AUDITOR):
        return role
    if role.startswith(REGION_PREFIX) and role[len(REGION_PREFIX):].strip():
        return REGION_PREFIX + role[len(REGION_PREFIX):].strip()
    raise StoError(f"unknown role '{role}'; use committee, auditor or region:<name of the region as in the plan>, "
                   f"e.g. region:Noord-Veluwe")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


@dataclass(frozen=True)
class TokenEntry:
    name: str
    role: str
    sha256: str
    created: str | None = None


class TokenRegistry:
    """The known token hashes; `authenticate` compares in constant time against every entry."""

    def __init__(self, entries: list[TokenEntry]):
        self.entries = list(entries)

    def __len__(self) -> int:
        return len(self.entries)

    def authenticate(self, token: str | None) -> Principal | None:
        if not token:
            return None
        digest = hash_token(token)
        found = None
        for e in self.entries:  # no early exit: the time taken does not say which entry matched
            if hmac.compare_digest(digest, e.sha256):
                found = e
        return Principal(found.name, found.role) if found else None

    @classmethod
    def load(cls, token_file: str | os.PathLike | None, env_tokens: str | None) -> TokenRegistry:
        entries: list[TokenEntry] = []
        if token_file and Path(token_file).exists():
            entries += read_token_file(token_file)
        if env_tokens and env_tokens.strip():
            value = env_tokens.strip()
            entries += read_token_file(value) if Path(value).is_file() else parse_env_tokens(value)
        return cls(entries)


def parse_env_tokens(value: str) -> list[TokenEntry]:
    entries = []
    for i, part in enumerate(p.strip() for p in value.split(";")):
        if not part:
            continue
        name, eq, rest = part.partition("=")
        if not eq:
            name, rest = "", part
        digest, colon, role = rest.partition(":")
        digest = digest.strip().lower()
        if not colon or not _HEX64.match(digest):
            raise StoError(f"STO_TOKENS entry {i + 1} ('{part[:20]}...') is not [NAME=]SHA256:ROLE; "
                           f"SHA256 is the 64-hex-digit hash of the token (`sto tokens hash TOKEN` prints it)")
        entries.append(TokenEntry(name.strip() or f"env-{digest[:8]}", check_role(role), digest))
    return entries


def read_token_file(path: str | os.PathLike) -> list[TokenEntry]:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except OSError as exc:
        raise StoError(f"{path}: cannot read the token file: {exc.strerror or exc}") from None
    except yaml.YAMLError as exc:
        raise StoError(f"{path}: the token file is not valid YAML: {exc}") from None
    rows = data.get("tokens") if isinstance(data, dict) else None
    if not isinstance(rows, list):
        raise StoError(f"{path}: a token file holds a list under 'tokens:'; write it with `sto tokens add NAME --role ROLE`")
    entries = []
    for i, row in enumerate(rows):
        where = f"{path}: tokens/{i}"
        if not isinstance(row, dict) or not {"name", "role", "sha256"} <= set(row):
            raise StoError(f"{where}: each token needs name, role and sha256")
        digest = str(row["sha256"]).lower()
        if not _HEX64.match(digest):
            raise StoError(f"{where}/sha256: expected the 64-hex-digit SHA-256 of the token, found {row['sha256']!r}")
        try:
            role = check_role(str(row["role"]))
        except StoError as exc:
            raise StoError(f"{where}/role: {exc}") from None
        entries.append(TokenEntry(str(row["name"]), role, digest, str(row.get("created") or "") or None))
    return entries


def write_token_file(path: str | os.PathLike, entries: list[TokenEntry]) -> None:
    """Write atomically (temporary file, then rename) so a crash never leaves half a token file."""
    target = Path(path)
    body = {"tokens": [{k: v for k, v in e.__dict__.items() if v is not None} for e in entries]}
    text = ("# sto-toets API tokens. Only SHA-256 hashes are stored; the tokens themselves were shown once.\n"
            "# Manage with: sto tokens add NAME --role committee|auditor|region:<name> ; sto tokens list ; "
            "sto tokens remove NAME\n" + yaml.safe_dump(body, allow_unicode=True, sort_keys=False))
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tokens-", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def add_token(path: str | os.PathLike, name: str, role: str) -> str:
    """Add a token to the file and return it (the only time it is ever shown)."""
    if not _NAME.match(name):
        raise StoError(f"token name '{name}' is not allowed; use letters, digits, '.', '_', '@' or '-' (at most 64)")
    role = check_role(role)
    entries = read_token_file(path) if Path(path).exists() else []
    if any(e.name == name for e in entries):
        raise StoError(f"{path}: a token named '{name}' exists; remove it first (`sto tokens remove {name}`) "
                       f"or choose another name")
    token = new_token()
    created = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    write_token_file(path, entries + [TokenEntry(name, role, hash_token(token), created)])
    return token


def remove_token(path: str | os.PathLike, name: str) -> None:
    entries = read_token_file(path) if Path(path).exists() else []
    kept = [e for e in entries if e.name != name]
    if len(kept) == len(entries):
        raise StoError(f"{path}: no token named '{name}'; `sto tokens list` shows the names")
    write_token_file(path, kept)
