"""Signed checkpoints of the hash chain (docs/audit.md, "Signed checkpoints").

A checkpoint is an Ed25519 signature over one record's position and hash:

    message   = "sto-toets-checkpoint/1 {seq} {record_hash} {signed_at}"   (UTF-8)
    line      = "sto-toets-checkpoint/1 seq={seq} head={record_hash} at={signed_at} key={key_id} sig={hex}"

The service signs every record it appends, in the append's own transaction (table `checkpoints`),
and after the commit adds the line to an append-only checkpoint file outside the database. The
private key is a file outside the database too; whoever holds only the database login can neither
sign nor reach the file, so a rewritten, truncated or forged chain no longer matches what was signed.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from ..errors import StoError, Texts
from ..i18n import N_, both
from ..jsontypes import StrPath

KEY_ENV = "STO_CHECKPOINT_KEY"
FILE_ENV = "STO_CHECKPOINT_FILE"
PUBLIC_KEY_ENV = "STO_CHECKPOINT_PUBLIC_KEY"
TAG = "sto-toets-checkpoint/1"
LINE = re.compile(rf"^{re.escape(TAG)} seq=(?P<seq>\d+) head=(?P<head>[0-9a-f]{{64}}) at=(?P<at>\S+) "
                  r"key=(?P<key>[0-9a-f]{16}) sig=(?P<sig>[0-9a-f]{128})$")

log = logging.getLogger("sto.audit")

# The file is fsynced at most this often. An fsync per line costs as much as the append's own commit
# (~4 ms here, benchmarks/store.py); an unsynced line is already visible to every reader, and only a
# power failure within this second (or the kernel's own writeback delay) can lose it, which removes an
# anchor but never raises a false alarm: the database holds the same checkpoint, signed.
FSYNC_INTERVAL = 1.0


class CheckpointError(StoError):
    """A key or checkpoint file that cannot be used (missing, unreadable, not a key)."""


def message(seq: int, record_hash: str, signed_at: str) -> bytes:
    return f"{TAG} {seq} {record_hash} {signed_at}".encode()


def key_id(public: Ed25519PublicKey) -> str:
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    record_hash: str
    signed_at: str
    key_id: str
    signature: str  # hex

    def line(self) -> str:
        return (f"{TAG} seq={self.seq} head={self.record_hash} at={self.signed_at} key={self.key_id} "
                f"sig={self.signature}")

    def row(self) -> dict[str, int | str]:
        return {"seq": self.seq, "record_hash": self.record_hash, "signed_at": self.signed_at,
                "key_id": self.key_id, "signature": self.signature}


def parse_line(text: str) -> Checkpoint | None:
    m = LINE.match(text.strip())
    if m is None:
        return None
    return Checkpoint(int(m["seq"]), m["head"], m["at"], m["key"], m["sig"])


class PublicKeys:
    """The public keys a checkpoint may be signed with, by key id (an old key stays valid after a new one)."""

    def __init__(self, keys: list[Ed25519PublicKey]):
        self.by_id = {key_id(k): k for k in keys}

    def __bool__(self) -> bool:
        return bool(self.by_id)

    def holds(self, cp: Checkpoint) -> bool:
        public = self.by_id.get(cp.key_id)
        if public is None:
            return False
        try:
            public.verify(bytes.fromhex(cp.signature), message(cp.seq, cp.record_hash, cp.signed_at))
        except (InvalidSignature, ValueError):
            return False
        return True


def _read(path: StrPath, cannot_read: str) -> bytes:
    """The file's bytes; `cannot_read` is the id of the message that says which file could not be read."""
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise CheckpointError.said(both(cannot_read, path=path, reason=exc.strerror or exc)) from None


def load_private_key(path: StrPath) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(_read(path, N_("checkpoint.cannot_read_key")), password=None)
    except (ValueError, TypeError):
        key = None
    if not isinstance(key, Ed25519PrivateKey):
        raise CheckpointError.said(both("checkpoint.not_a_private_key", path=path))
    return key


def load_public_key(path: StrPath) -> Ed25519PublicKey:
    data = _read(path, N_("checkpoint.cannot_read_public_key"))
    try:
        key = serialization.load_pem_public_key(data)
    except (ValueError, TypeError):
        try:  # a private key file names its public key too
            key = load_private_key(path).public_key()
        except CheckpointError:
            key = None
    if not isinstance(key, Ed25519PublicKey):
        raise CheckpointError.said(both("checkpoint.not_a_public_key", path=path))
    return key


def generate(path: StrPath) -> tuple[Path, Path, str]:
    """Write a new private key to `path` (readable by its owner only) and its public key to `path`.pub."""
    path = Path(path)
    public_path = Path(f"{path}.pub")
    for p in (path, public_path):
        if p.exists():
            raise CheckpointError.said(both("checkpoint.key_exists", path=p))
    if not path.parent.is_dir():
        raise CheckpointError.said(both("checkpoint.no_such_folder", path=path.parent))
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(pem)
    public_path.write_bytes(key.public_key().public_bytes(serialization.Encoding.PEM,
                                                          serialization.PublicFormat.SubjectPublicKeyInfo))
    return path, public_path, key_id(key.public_key())


def default_file(key_path: StrPath) -> str:
    return f"{key_path}.checkpoints"


class Signer:
    """Signs appended records and keeps the checkpoint file; one per store that holds the key."""

    def __init__(self, key_path: StrPath, file_path: StrPath | None = None,
                 earlier_keys: list[str] | None = None):
        self._key = load_private_key(key_path)
        self.public = self._key.public_key()
        self.key_id = key_id(self.public)
        # after a change of key, the old public keys: the head and the older checkpoints were signed with them
        self.keys = PublicKeys([self.public] + [load_public_key(p) for p in earlier_keys or []])
        self.file = Path(file_path or default_file(key_path))
        if not self.file.parent.is_dir():
            raise CheckpointError.said(both("checkpoint.no_file_folder", path=self.file))
        self._synced = 0.0
        self._lock = threading.Lock()

    def sign(self, seq: int, record_hash: str) -> Checkpoint:
        signed_at = dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")
        signature = self._key.sign(message(seq, record_hash, signed_at)).hex()
        return Checkpoint(seq, record_hash, signed_at, self.key_id, signature)

    def publish(self, cp: Checkpoint) -> None:
        """Append the checkpoint's line to the file, after the record is committed (a line never names a
        record that is not stored). A line that cannot be written is logged, not raised: the record is
        stored, and the next checkpoint covers it through the chain."""
        try:
            fd = os.open(self.file, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                os.write(fd, (cp.line() + "\n").encode())  # one write of one line: concurrent appenders interleave whole lines
                with self._lock:
                    due = time.monotonic() - self._synced >= FSYNC_INTERVAL
                    if due:
                        self._synced = time.monotonic()
                if due:
                    os.fsync(fd)
            finally:
                os.close(fd)
        except OSError as exc:
            log.warning("checkpoint of record %s not written to %s: %s", cp.seq, self.file, exc)


@dataclass
class FileCheckpoints:
    """What a checkpoint file holds: the checkpoints whose signature holds, and the lines that do not."""

    path: str
    good: list[Checkpoint]
    bad: list[tuple[int, Texts]]  # (line number, why in Dutch and English)
    torn_last_line: bool = False

    @property
    def newest(self) -> Checkpoint | None:
        return max(self.good, key=lambda c: c.seq, default=None)


def read_file(path: StrPath, keys: PublicKeys) -> FileCheckpoints:
    data = _read(path, N_("checkpoint.cannot_read_file")).decode("utf-8", errors="replace")
    lines = data.split("\n")
    torn = lines[-1] != ""  # a writer stopped half-way through its line (no newline yet): not counted
    lines = lines[:-1]
    good: list[Checkpoint] = []
    bad: list[tuple[int, Texts]] = []
    for number, text in enumerate(lines, 1):
        if not text.strip():
            continue
        cp = parse_line(text)
        if cp is None:
            bad.append((number, both("checkpoint.not_a_checkpoint_line")))
        elif not keys.holds(cp):
            bad.append((number, both("checkpoint.signature_fails", seq=cp.seq)))
        else:
            good.append(cp)
    return FileCheckpoints(str(path), good, bad, torn)
