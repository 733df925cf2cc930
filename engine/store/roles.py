"""Least privilege on PostgreSQL: an owner role that migrates, a service role that can only read and append.

The service role gets SELECT and INSERT on the chain's tables, and on `chain_head` also UPDATE: an
append locks that row (SELECT ... FOR UPDATE needs UPDATE) and moves it, and the trigger of migration
0004 lets it only advance to the record just appended. It owns nothing, so it cannot drop, alter or
disable a trigger (PostgreSQL allows that to a table's owner only), and it has no UPDATE, DELETE or
TRUNCATE on the records.
"""
from __future__ import annotations

import re

from ..errors import StoError
from ..i18n import both

ROLE_NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
APPEND_TABLES = ("assessments", "committee_records", "checkpoints", "idempotency_keys")


def check_name(name: str) -> str:
    if not ROLE_NAME.match(name or ""):
        raise StoError.said(both("store.bad_role_name", name=name))
    return name


def grant_statements(service: str, schema: str | None = None) -> list[str]:
    """What the owner grants the service role, after every migration (a new table needs its grant)."""
    check_name(service)
    q = f"{check_name(schema)}." if schema else ""
    return [f"GRANT SELECT, INSERT ON {', '.join(q + t for t in APPEND_TABLES)} TO {service}",
            f"GRANT SELECT, UPDATE ON {q}chain_head TO {service}",
            f"GRANT SELECT ON {q}alembic_version TO {service}"]


def roles_sql(owner: str, service: str, schema: str) -> str:
    for name in (owner, service, schema):
        check_name(name)
    grants = ";\n".join(grant_statements(service, schema))
    return f"""-- sto-toets: twee rollen voor de audit-store op PostgreSQL (docs/audit.md, "Least privilege on PostgreSQL").
-- 1. Als beheerder (superuser of een rol met CREATEROLE), eenmalig:
CREATE ROLE {owner} LOGIN;
CREATE ROLE {service} LOGIN;
-- geef beide een wachtwoord: ALTER ROLE {owner} PASSWORD '...'; ALTER ROLE {service} PASSWORD '...';
CREATE SCHEMA {schema} AUTHORIZATION {owner};
GRANT USAGE ON SCHEMA {schema} TO {service};
ALTER ROLE {owner} SET search_path = {schema};
ALTER ROLE {service} SET search_path = {schema};

-- 2. Als {owner}: maak de tabellen en triggers (en werk ze bij na elke nieuwe versie van sto-toets):
--    sto audit --database postgresql+psycopg://{owner}@HOST:5432/DB migrate --service-role {service}
--    (--service-role voert stap 3 meteen uit.)

-- 3. Als {owner}, na elke migratie: de service mag lezen en toevoegen, verder niets.
{grants};

-- De service draait daarna met STO_DATABASE_URL=postgresql+psycopg://{service}@HOST:5432/DB
"""
