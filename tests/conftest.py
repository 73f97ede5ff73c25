"""Database fixtures shared by every test folder: ``store_url`` (SQLite and PostgreSQL) and ``store``.

PostgreSQL tests use the server at ``SITREP_TEST_POSTGRES_URL`` (default
``postgresql+psycopg://postgres@127.0.0.1:5432/test``). They never touch that database's own
content: the session creates a throwaway database ``sitrep_test_<random>`` next to it, each test
gets a fresh schema in it (selected through the connection's ``search_path``), and the database
is dropped at the end. When the server cannot be reached the tests are skipped, saying why,
except under ``CI=true``, where a missing database is a failure.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import URL, make_url

from sitrep.store import Store, open_store

DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def _postgres_admin_url() -> URL:
    return make_url(os.environ.get("SITREP_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL))


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[URL]:
    """URL of a throwaway database created for this test session."""
    admin_url = _postgres_admin_url()
    name = f"sitrep_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')  # name is ours, not user input
    except Exception as exc:
        admin.dispose()
        reason = (
            f"PostgreSQL at {admin_url.render_as_string(hide_password=True)} not usable "
            f"({str(exc).splitlines()[0]}); set SITREP_TEST_POSTGRES_URL"
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason + " — required when CI=true")
        pytest.skip(reason)
    try:
        yield admin_url.set(database=name)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL of an empty database: a SQLite file, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'sitrep.sqlite3'}"
        return
    database: URL = request.getfixturevalue("postgres_database")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(database, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    url = database.update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with engine.connect() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        engine.dispose()


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    """An open store on an empty database (each test gets its own)."""
    with open_store(store_url) as opened:
        yield opened
