"""Alembic environment of the audit store. `open_store` runs it programmatically on the connection
it passes in `config.attributes["connection"]`, so no alembic.ini is needed in the working folder.

For developers, a new revision: `alembic -c engine/store/alembic.ini revision -m "what changes"`.
"""
from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from engine.store.schema import metadata

config = context.config


def run_online(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run_online(connection)
elif context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=metadata,
                      literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    url = config.get_main_option("sqlalchemy.url")
    if not url:
        raise SystemExit(f"{config.config_file_name}: sqlalchemy.url is not set; name the database to migrate")
    engine = create_engine(url)
    with engine.begin() as conn:
        run_online(conn)
