"""Settings of the HTTP service (pydantic-settings): from arguments, else the environment, else defaults.

    settings = ServiceSettings.from_env(workers=2)   # keyword arguments override the environment

| setting          | environment           | default                                  |
|------------------|-----------------------|------------------------------------------|
| database_url     | STO_DATABASE_URL      | the store's default (a SQLite file)      |
| token_file       | STO_TOKEN_FILE        | ./sto-tokens.yaml                        |
| tokens           | STO_TOKENS            | none (inline `[NAME=]SHA256:ROLE;...` or a path to a token file) |
| max_body_bytes   | STO_MAX_BODY_BYTES    | 2,000,000 (request bodies above it get 413) |
| workers          | STO_WORKERS           | the number of cores                      |
| job_timeout      | STO_JOB_TIMEOUT       | 60 seconds (a worker taking longer is killed and replaced) |
| rulebooks_dir    | STO_RULEBOOKS         | the project's rulebooks/                 |
| session_idle_timeout | STO_SESSION_IDLE_TIMEOUT | 28,800 seconds (8 hours): a web login session unused this long ends |
| session_lifetime | STO_SESSION_LIFETIME  | 86,400 seconds (24 hours): a web login session ends this long after login |
| max_sessions     |                       | 10,000 web login sessions (kept in memory; when full the oldest ends) |
| read_timeout     | STO_READ_TIMEOUT      | 20 seconds to send a request's headers, and again its body (slower: closed, or 408) |
| max_connections  | STO_MAX_CONNECTIONS   | 200 requests at once (more get 503 `busy`); open connections up to twice that |
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from contextvars import ContextVar
from typing import Any

from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, EnvSettingsSource, PydanticBaseSettingsSource, SettingsConfigDict

from ..errors import StoError
from ..i18n import both

DEFAULT_MAX_BODY_BYTES = 2_000_000
DEFAULT_TOKEN_FILE = "sto-tokens.yaml"
DEFAULT_SESSION_IDLE_TIMEOUT = 8 * 3600.0
DEFAULT_SESSION_LIFETIME = 24 * 3600.0
DEFAULT_MAX_SESSIONS = 10_000

ENV_NAMES = {
    "database_url": "STO_DATABASE_URL",
    "token_file": "STO_TOKEN_FILE",
    "tokens": "STO_TOKENS",
    "max_body_bytes": "STO_MAX_BODY_BYTES",
    "workers": "STO_WORKERS",
    "job_timeout": "STO_JOB_TIMEOUT",
    "rulebooks_dir": "STO_RULEBOOKS",
    "session_idle_timeout": "STO_SESSION_IDLE_TIMEOUT",
    "session_lifetime": "STO_SESSION_LIFETIME",
    "read_timeout": "STO_READ_TIMEOUT",
    "max_connections": "STO_MAX_CONNECTIONS",
}


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)


# The environment one from_env call reads (tests pass their own); a context variable, not a class
# attribute, so that settings built at once in two threads do not see each other's environment.
_ENVIRON: ContextVar[Mapping[str, str] | None] = ContextVar("sto_settings_environ", default=None)


class _StoEnvironment(EnvSettingsSource):
    """pydantic-settings' environment source, limited to the variables in ENV_NAMES.

    Only those are settings (max_sessions and the worker limits are not meant to be tuned from the
    environment), STO_RULEBOOKS names rulebooks_dir, and a blank variable counts as unset.
    """

    def __init__(self, settings_cls: type[BaseSettings], environ: Mapping[str, str]) -> None:
        self._environ = environ  # read by _load_env_vars, which the base __init__ calls
        super().__init__(settings_cls, case_sensitive=False, env_prefix="STO_")

    def _load_env_vars(self) -> Mapping[str, str | None]:
        return {f"sto_{name}": self._environ[var] for name, var in ENV_NAMES.items() if self._environ.get(var, "").strip()}


class ServiceSettings(BaseSettings):
    model_config = SettingsConfigDict(frozen=True, extra="forbid", env_prefix="STO_")

    database_url: str | None = None
    token_file: str = DEFAULT_TOKEN_FILE
    tokens: str | None = None
    max_body_bytes: int = Field(DEFAULT_MAX_BODY_BYTES, gt=0)
    workers: int = Field(default_factory=default_workers, ge=1, le=64)
    job_timeout: float = Field(60.0, gt=0)
    rulebooks_dir: str | None = None
    # A worker is recycled after this many jobs: durable-rules leaks a little per session (docs/design/durable-rules.md).
    max_jobs_per_worker: int = Field(5000, ge=1)
    # Jobs waiting for a worker beyond this are refused with 503 instead of queueing without bound.
    max_queued_jobs: int = Field(1000, ge=1)
    # Web login sessions (engine.service.sessions), in seconds; they live in memory only.
    session_idle_timeout: float = Field(DEFAULT_SESSION_IDLE_TIMEOUT, gt=0)
    session_lifetime: float = Field(DEFAULT_SESSION_LIFETIME, gt=0)
    # At most this many sessions are kept; when full, the oldest is dropped.
    max_sessions: int = Field(DEFAULT_MAX_SESSIONS, ge=1)
    # A client gets this long for a request's headers and again for its body: a slow trickle must
    # not hold a connection for ever.
    read_timeout: float = Field(20.0, gt=0)
    # Requests in flight at once (engine.service.app.RequestLimit); beyond it: 503 busy. Open
    # connections, idle ones included, are capped at twice this (uvicorn's limit_concurrency).
    max_connections: int = Field(200, ge=1)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # Keyword arguments first, then the environment; no .env file or secrets directory is read.
        environ = _ENVIRON.get()
        return init_settings, _StoEnvironment(settings_cls, os.environ if environ is None else environ)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: object) -> ServiceSettings:
        """Settings from the environment; keyword arguments that are not None win over it."""
        # Any, not object: these are unchecked input that pydantic validates against each field's type.
        given: dict[str, Any] = {k: v for k, v in overrides.items() if v is not None}
        token = _ENVIRON.set(environ)
        try:
            return cls(**given)
        except ValidationError as exc:
            lines = []
            for err in exc.errors():
                name = str(err["loc"][0]) if err["loc"] else "?"
                source = f"environment variable {ENV_NAMES[name]}" if name in ENV_NAMES and name not in given \
                    else f"setting {name}"
                lines.append(f"{source}: {err['msg']} (found {err.get('input')!r})")
            raise StoError.said(both("settings.invalid", lines="\n  ".join(lines))) from None
        finally:
            _ENVIRON.reset(token)
