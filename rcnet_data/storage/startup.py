"""Opening the registry database on first use: migrate the schema and seed an empty
database, once, however many pages, threads or processes arrive at the same moment.

Several browser tabs opened together on a new server each run a page script on its own
thread, and several CLI commands may start together: the first one migrates and seeds
while the others wait, then every one of them finds the work done. Two locks make that
true: a lock per process (Alembic's command API keeps global state and is not
thread-safe) and a lock per machine or server (a file lock beside an SQLite file; a
PostgreSQL advisory lock, which covers every machine that shares the server).

A schema left half-made by an older release (tables without a recorded version) is
completed when it holds no data, and otherwise reported in one sentence that says how to
recover; it is never migrated over blindly.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from pathlib import Path

import sqlalchemy as sa
from filelock import FileLock

from rcnet_data import settings
from rcnet_data.storage import db
from rcnet_data.storage.importer import seed_from_folder

# An arbitrary 64-bit key that no other application on the server is likely to use.
ADVISORY_LOCK_KEY = 0x7263_6E65_7400_0001  # "rcnet", 1
LOCK_TIMEOUT_S = 600  # seeding a large folder may take minutes; waiting pages wait that long

_READY: set[str] = set()
_PROCESS_LOCK = threading.Lock()


class SchemaError(RuntimeError):
    """The database holds a schema rcnet cannot safely complete; the message says what to do."""


def _sqlite_path(url: sa.URL) -> Path | None:
    return (
        Path(url.database)
        if url.drivername.startswith("sqlite") and url.database not in (None, "", ":memory:")
        else None
    )


@contextlib.contextmanager
def machine_lock(engine: sa.Engine) -> Iterator[None]:
    """Held by one process at a time for this database: a file lock beside an SQLite file,
    an advisory lock on a PostgreSQL server."""
    path = _sqlite_path(engine.url)
    if path is not None:
        with FileLock(str(path) + ".lock", timeout=LOCK_TIMEOUT_S):
            yield
        return
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT pg_advisory_lock(:key)"), {"key": ADVISORY_LOCK_KEY})
            connection.commit()
            try:
                yield
            finally:
                connection.execute(sa.text("SELECT pg_advisory_unlock(:key)"), {"key": ADVISORY_LOCK_KEY})
                connection.commit()
        return
    yield  # an in-memory database belongs to one process


def _schema_state(engine: sa.Engine) -> tuple[set[str], bool]:
    """rcnet's tables present, and whether Alembic has recorded a version."""
    inspector = sa.inspect(engine)
    tables = set(inspector.get_table_names())
    versioned = False
    if "alembic_version" in tables:
        with engine.connect() as connection:
            versioned = connection.execute(sa.text("SELECT count(*) FROM alembic_version")).scalar() > 0
    return tables & set(db.metadata.tables), versioned


def _repair_half_made(engine: sa.Engine) -> None:
    """Tables without a recorded version: an older release was interrupted while creating
    them. With no rows anywhere they are dropped and made again; with rows, say how to recover."""
    present, versioned = _schema_state(engine)
    if versioned or not present:
        return
    with engine.connect() as connection:
        rows = sum(
            connection.execute(sa.select(sa.func.count()).select_from(db.metadata.tables[name])).scalar() or 0
            for name in present
        )
    if rows:
        raise SchemaError(
            f"The database {db.redacted(str(engine.url))} holds rcnet tables with {rows} rows but no schema version "
            "(an interrupted first start of an older release); move it aside and start again to create a new one "
            "from the bundled data, then import your own rows again."
        )
    with engine.begin() as connection:
        for table in reversed(db.metadata.sorted_tables):
            if table.name in present:
                table.drop(connection)
        connection.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))


def migrate(engine: sa.Engine) -> None:
    """Bring the schema to the newest Alembic revision in one transaction (all or nothing)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(db.MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def _head_revision() -> str:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(db.MIGRATIONS))
    return ScriptDirectory.from_config(config).get_current_head()


def _ready_already(engine: sa.Engine) -> bool:
    """The schema is at the newest revision and the seed is recorded: nothing to migrate or
    seed, so no lock is needed (a read-only data folder can still be read, where a lock file
    could not be made)."""
    try:
        with engine.connect() as connection:
            revision = connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
            if revision != _head_revision():
                return False
            return bool(connection.execute(sa.select(sa.func.count()).select_from(db.imports)).scalar())
    except sa.exc.SQLAlchemyError:
        return False


def open_database(url: str | None = None, seed_dir: Path | None = None) -> sa.Engine:
    """An engine with the schema migrated; a new, empty database is filled from the bundled
    CSVs (or `seed_dir`, or RCNET_DATA_DIR) in one recorded import, so the dashboard has data
    on first run. The work is done once per URL and process, under both locks; a database
    that needs none of it is not locked at all. An SQLite file is checked for damage once
    per process: a damaged one is refused for writes (db.DatabaseDamaged)."""
    resolved = db.database_url(url)
    engine = db.engine_for(resolved)
    if resolved in _READY:
        return engine
    with _PROCESS_LOCK:
        if resolved in _READY:
            return engine
        if db.check_integrity(engine) is None and not _ready_already(engine):
            with machine_lock(engine):
                _repair_half_made(engine)
                migrate(engine)
                if db.is_empty(engine):
                    seed_from_folder(engine, seed_dir or settings.current().data_dir)
        _READY.add(resolved)
    return engine


def forget(url: str) -> None:
    """Let the next open_database migrate and seed again (tests that recreate a database)."""
    _READY.discard(db.database_url(url))
