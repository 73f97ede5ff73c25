"""Opening a database: engine settings per dialect, and migration to the current schema."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import URL, Engine, make_url

from sitrep.errors import StoreError

MIGRATIONS = Path(__file__).parent / "migrations"
# How long a SQLite writer waits for another writer's transaction before giving up.
SQLITE_BUSY_TIMEOUT_MS = 30_000
# Execution option that marks a connection as about to write (see _sqlite_events).
WRITE = "sitrep_write"


def masked(url: str | URL) -> str:
    """The URL as it may appear in a message: password replaced by ***."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return str(url)


def one_line(exc: BaseException) -> str:
    """The first line of a driver error, without SQLAlchemy's background-link trailer."""
    inner = getattr(exc, "orig", None) or exc
    text = str(inner).strip().splitlines()
    return text[0] if text else type(inner).__name__


def _sqlite_events(engine: Engine) -> None:
    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        # Let SQLAlchemy's "begin" event below issue BEGIN, instead of pysqlite's implicit one.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        # WAL: readers (web UI, CLI search) never block the ingesting writer and vice versa.
        cur.execute("PRAGMA journal_mode=WAL")
        # NORMAL is safe in WAL mode against process crashes (a killed ingest loses no committed
        # document); only an OS crash may drop the last commits. FULL would fsync every
        # document, which for a 100k-document ingest costs minutes.
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cur.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(conn):  # type: ignore[no-untyped-def]
        # A writer takes the write lock up front: a deferred transaction that reads first and
        # upgrades later fails at once with SQLITE_BUSY when another writer got there first.
        immediate = conn.get_execution_options().get(WRITE, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def create_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except Exception as exc:
        raise StoreError(f"cannot open store {url!r}: not a database URL ({one_line(exc)})") from None
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        database = parsed.database
        if not database or database == ":memory:":
            # every pooled connection would see its own empty in-memory database
            raise StoreError(f"cannot open store {masked(parsed)}: give a file path (sqlite:///path)")
        try:
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot open store {masked(parsed)}: {exc.strerror or exc}") from None
        engine = sa.create_engine(parsed)
        _sqlite_events(engine)
        return engine
    if backend == "postgresql":
        try:
            return sa.create_engine(parsed, pool_pre_ping=True)
        except Exception as exc:  # missing driver, bad options
            raise StoreError(f"cannot open store {masked(parsed)}: {one_line(exc)}") from None
    raise StoreError(f"cannot open store {masked(parsed)}: only sqlite and postgresql URLs are supported")


def _alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str | None:
    return ScriptDirectory.from_config(_alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision; a database already there is left untouched."""
    if current_revision(engine) == head_revision():
        return
    cfg = _alembic_config()
    with engine.connect() as conn:
        cfg.attributes["connection"] = conn.execution_options(**{WRITE: True})
        command.upgrade(cfg, "head")
        conn.commit()
