"""Web-page login sessions, kept in the memory of the server process.

Logging in on /inloggen with a token opens a session: the browser's cookie holds a random session
id (`secrets.token_urlsafe(32)`), never the token, so a copied cookie is not an API credential and
logging out ends the session on the server. The server keeps per session id only the token's
SHA-256, the principal's name and role, and when the session was made and last used.

A session holds while
  - it exists (it was not ended by /uitloggen, nor dropped to make room),
  - it was used within the idle timeout and is younger than its absolute lifetime, and
  - its token's SHA-256 is still in the token registry with the same name and role (so
    `sto tokens remove`, or a changed role, ends the token's sessions on their next request).
A session that does not hold is removed at once.

Sessions live only in memory: a restart of `sto serve` logs everyone out. The number of sessions
is bounded: making a new one first drops the expired ones, and when the store is still full the
oldest session is dropped. The service is one process answering asynchronously; a lock around the
dictionary is enough.
"""
from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass

from .auth import Principal, TokenRegistry
from .settings import DEFAULT_MAX_SESSIONS, DEFAULT_SESSION_IDLE_TIMEOUT, DEFAULT_SESSION_LIFETIME, ServiceSettings


def now() -> float:
    """The sessions' clock (seconds, monotonic); tests replace it."""
    return time.monotonic()


@dataclass
class Session:
    token_sha256: str
    name: str
    role: str
    created: float
    last_used: float


class SessionStore:
    """Session id -> Session, at most `max_sessions` of them."""

    def __init__(self, idle_timeout: float = DEFAULT_SESSION_IDLE_TIMEOUT, lifetime: float = DEFAULT_SESSION_LIFETIME,
                 max_sessions: int = DEFAULT_MAX_SESSIONS):
        self.idle_timeout, self.lifetime, self.max_sessions = idle_timeout, lifetime, max_sessions
        self._sessions: dict[str, Session] = {}  # insertion order = creation order: the first is the oldest
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._sessions)

    def _expired(self, s: Session, t: float) -> bool:
        return t - s.last_used > self.idle_timeout or t - s.created > self.lifetime

    def create(self, token_sha256: str, principal: Principal) -> str:
        """A new session for the holder of the token with this SHA-256; returns its id."""
        session_id = secrets.token_urlsafe(32)
        t = now()
        with self._lock:
            for sid in [sid for sid, s in self._sessions.items() if self._expired(s, t)]:
                del self._sessions[sid]
            while len(self._sessions) >= self.max_sessions:
                del self._sessions[next(iter(self._sessions))]
            self._sessions[session_id] = Session(token_sha256, principal.name, principal.role, t, t)
        return session_id

    @classmethod
    def from_settings(cls, settings: ServiceSettings) -> SessionStore:
        return cls(settings.session_idle_timeout, settings.session_lifetime, settings.max_sessions)

    def principal(self, session_id: str | None, tokens: TokenRegistry) -> Principal | None:
        """Who this session is, or None (and the session removed) when it does not hold."""
        if not session_id:
            return None
        t = now()
        with self._lock:
            s = self._sessions.get(session_id)
            if s is None:
                return None
            if self._expired(s, t):
                del self._sessions[session_id]
                return None
        entry = tokens.entry_for_digest(s.token_sha256)  # re-reads a changed token file: outside the lock
        with self._lock:
            if entry is None or entry.role != s.role or entry.name != s.name:
                self._sessions.pop(session_id, None)
                return None
            if session_id not in self._sessions:  # ended meanwhile (logout in another request)
                return None
            s.last_used = max(s.last_used, t)
        return Principal(s.name, s.role)

    def end(self, session_id: str | None) -> None:
        if session_id:
            with self._lock:
                self._sessions.pop(session_id, None)
