"""Alembic environment for the sitrep store.

``sitrep.store.open_store`` runs migrations programmatically and hands its open connection in
``config.attributes["connection"]``; the packaged ``alembic.ini`` (``alembic -c
src/sitrep/store/alembic.ini -x url=... upgrade head``) is for maintainers.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from sitrep.store.schema import metadata

config = context.config


def run_migrations_offline() -> None:
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option("sqlalchemy.url")
    context.configure(url=url, target_metadata=metadata, literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise SystemExit("give the database URL: alembic -x url=sqlite:///path/to/sitrep.sqlite3 ...")
    engine = create_engine(url)
    with engine.connect() as conn:
        # SQLite ALTER TABLE is limited; batch mode rebuilds tables when a revision needs it
        context.configure(connection=conn, target_metadata=metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
