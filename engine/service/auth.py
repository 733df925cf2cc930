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

A running service notices when a token file changes (`sto tokens add` / `remove`, or an edit by
hand) and uses the new tokens from the next request on; see `TokenRegistry`.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import os
import re
import secrets
import tempfile
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..errors import StoError
from ..i18n import both, tr
from ..jsontypes import StrPath

COMMITTEE, AUDITOR, REGION_PREFIX = "committee", "auditor", "region:"
TOKEN_PREFIX = "sto_"
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
log = logging.getLogger("sto.service")


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
    # As the plan model reads region.name (NFC, no outer spaces), so a role matches the name the
    # store keeps and filters by.
    return unicodedata.normalize("NFC", a.strip()) == unicodedata.normalize("NFC", b.strip())


def check_role(role: str) -> str:
    role = role.strip()
    if role in (COMMITTEE, AUDITOR):
        return role
    if role.startswith(REGION_PREFIX) and role[len(REGION_PREFIX):].strip():
        return REGION_PREFIX + unicodedata.normalize("NFC", role[len(REGION_PREFIX):].strip())
    raise StoError.said(both("tokens.unknown_role", role=role))


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


# what identifies a version of a token file: st_dev, st_ino, st_size, st_mtime_ns, st_ctime_ns
_Signature = tuple[int, int, int, int, int]


@dataclass(frozen=True)
class _Watched:
    """One token file as last seen: its stat signature and the entries last read from it."""

    path: str
    signature: _Signature | str | None  # None: absent; str: why stat failed
    entries: tuple[TokenEntry, ...] = ()


def _signature(path: str) -> _Signature | str | None:
    """One `os.stat`: what identifies this version of the file (None when there is no file; why
    it cannot be read when stat fails)."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return str(exc.strerror or exc)
    # st_ino: `write_token_file` replaces the file by rename, so a new version is a new inode;
    # size and mtime: edits in place; ctime: a chmod that makes an unreadable file readable again.
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


class TokenRegistry:
    """The known token hashes; `authenticate` compares in constant time against every entry.

    `TokenRegistry(entries)` is a fixed set (tests, inline STO_TOKENS). `TokenRegistry.load` also
    watches its token files (the token file, and STO_TOKENS when it names a file): before
    each authentication one `os.stat` per file is compared with the file's last signature (inode,
    size, mtime, ctime), and only a changed file is read again. So `sto tokens add` and
    `sto tokens remove` take effect on the next request, for the API and for the web pages' login
    sessions alike (engine.service.sessions), without a restart. A token file that appears is read; a token file that is
    deleted gives no tokens any more (as it would after a restart).

    A token file that changes into something unusable (invalid YAML, a bad entry, unreadable:
    typically half-edited by hand) does not replace the last good entries: those stay in force,
    a warning naming the file and the problem is logged once for that change, and the file is
    tried again on its next change. Why: a typo in the file must neither lock out the committee
    (an empty set of tokens) nor open the door (no check at all), and it must not go unnoticed
    either. At startup (`load`) such a file is an error instead, so `sto serve` does not start
    half-configured. `write_token_file` replaces the file atomically, so `sto tokens` itself never
    leaves half a file.

    The service is one process answering asynchronously; a reload builds the new list completely
    and then assigns it, so an authentication sees the old or the new entries, never a mixture.
    """

    def __init__(self, entries: list[TokenEntry] | tuple[TokenEntry, ...] = (), *, watched: list[_Watched] | None = None):
        self._fixed = tuple(entries)
        self._watched: tuple[_Watched, ...] = tuple(watched or ())
        self._lock = threading.Lock()
        self.entries: list[TokenEntry] = self._combined()

    def _combined(self) -> list[TokenEntry]:
        return [e for w in self._watched for e in w.entries] + list(self._fixed)

    def __len__(self) -> int:
        self.refresh()
        return len(self.entries)

    @property
    def files(self) -> list[str]:
        """The token files being watched."""
        return [w.path for w in self._watched]

    def refresh(self) -> bool:
        """Re-read each watched token file whose signature changed; True when the entries changed."""
        if not self._watched:
            return False
        with self._lock:
            seen = tuple(_recheck(w) for w in self._watched)
            if all(new is old for new, old in zip(seen, self._watched)):
                return False
            changed = any(new.entries != old.entries for new, old in zip(seen, self._watched))
            self._watched = seen
            if changed:
                self.entries = self._combined()  # built whole, then assigned
            return changed

    def authenticate(self, token: str | None) -> Principal | None:
        if not token:
            return None
        found = self.entry_for_digest(hash_token(token))
        return Principal(found.name, found.role) if found else None

    def entry_for_digest(self, digest: str) -> TokenEntry | None:
        """The entry whose token has this SHA-256 (hex), after a refresh; None when there is none.
        The web pages' sessions keep only the digest and check it here on every request."""
        self.refresh()
        entries = self.entries
        found = None
        for e in entries:  # no early exit: the time taken does not say which entry matched
            if hmac.compare_digest(digest, e.sha256):
                found = e
        return found

    @classmethod
    def load(cls, token_file: StrPath | None, env_tokens: str | None) -> TokenRegistry:
        """The tokens of the token file and STO_TOKENS; token files are watched for changes.
        An unusable token file is a StoError here (a missing one gives no tokens)."""
        files: list[str] = []
        inline: list[TokenEntry] = []
        if token_file:
            files.append(os.path.abspath(token_file))
        if env_tokens and env_tokens.strip():
            value = env_tokens.strip()
            if Path(value).is_file():
                files.append(os.path.abspath(value))
            else:
                inline = parse_env_tokens(value)
        watched = []
        for path in files:
            signature = _signature(path)
            if isinstance(signature, str):
                raise StoError.said(both("tokens.cannot_read", path=path, reason=signature))
            watched.append(_Watched(path, signature, tuple(read_token_file(path)) if signature else ()))
        return cls(inline, watched=watched)


def _recheck(w: _Watched) -> _Watched:
    """The file as it is now: `w` itself when unchanged (no read), else re-read; the last good
    entries are kept when the changed file cannot be used."""
    signature = _signature(w.path)
    if signature == w.signature:
        return w
    if signature is None:
        log.warning("token file %s was removed: its %d token(s) no longer give access", w.path, len(w.entries))
        return _Watched(w.path, None, ())
    if isinstance(signature, str):
        problem = tr("tokens.cannot_read", "en", path=w.path, reason=signature)
    else:
        try:
            entries = tuple(read_token_file(w.path))
        except StoError as exc:
            problem = str(exc)
        except Exception as exc:  # whatever the file holds, authentication goes on with the last good entries
            problem = f"{w.path}: {type(exc).__name__}: {exc}"
        else:
            log.info("token file %s changed: %d token(s) now", w.path, len(entries))
            return _Watched(w.path, signature, entries)
    log.warning("token file changed but cannot be used, %s; the %d token(s) read from it before stay in force "
                "until the file is fixed", problem, len(w.entries))
    return _Watched(w.path, signature, w.entries)


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
            raise StoError.said(both("tokens.env_entry", n=i + 1, part=part[:20]))
        entries.append(TokenEntry(name.strip() or f"env-{digest[:8]}", check_role(role), digest))
    return entries


def read_token_file(path: StrPath) -> list[TokenEntry]:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except OSError as exc:
        raise StoError.said(both("tokens.cannot_read", path=path, reason=exc.strerror or exc)) from None
    except UnicodeDecodeError as exc:
        raise StoError.said(both("tokens.not_utf8", path=path, reason=exc)) from None
    except yaml.YAMLError as exc:
        raise StoError.said(both("tokens.not_yaml", path=path, reason=exc)) from None
    rows = data.get("tokens") if isinstance(data, dict) else None
    if not isinstance(rows, list):
        raise StoError.said(both("tokens.file_no_list", path=path))
    entries = []
    for i, row in enumerate(rows):
        where = f"{path}: tokens/{i}"
        if not isinstance(row, dict) or not {"name", "role", "sha256"} <= set(row):
            raise StoError.said(both("tokens.entry_incomplete", where=where))
        digest = str(row["sha256"]).lower()
        if not _HEX64.match(digest):
            raise StoError.said(both("tokens.entry_sha256", where=where, found=repr(row["sha256"])))
        try:
            role = check_role(str(row["role"]))
        except StoError as exc:
            raise StoError.said(both("tokens.entry_role", where=where, reason=exc.texts or str(exc))) from None
        entries.append(TokenEntry(str(row["name"]), role, digest, str(row.get("created") or "") or None))
    return entries


def write_token_file(path: StrPath, entries: list[TokenEntry]) -> None:
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


def add_token(path: StrPath, name: str, role: str) -> str:
    """Add a token to the file and return it (the only time it is ever shown)."""
    if not _NAME.match(name):
        raise StoError.said(both("tokens.bad_name", name=name))
    role = check_role(role)
    entries = read_token_file(path) if Path(path).exists() else []
    if any(e.name == name for e in entries):
        raise StoError.said(both("tokens.name_exists", path=path, name=name))
    token = new_token()
    created = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    write_token_file(path, entries + [TokenEntry(name, role, hash_token(token), created)])
    return token


def remove_token(path: StrPath, name: str) -> None:
    entries = read_token_file(path) if Path(path).exists() else []
    kept = [e for e in entries if e.name != name]
    if len(kept) == len(entries):
        raise StoError.said(both("tokens.no_such_token", path=path, name=name))
    write_token_file(path, kept)
