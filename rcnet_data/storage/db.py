"""The shared registry database: SQLAlchemy schema, engines and reading.

SQLite (a file, created from the bundled CSVs on first use) by default; a PostgreSQL URL
in RCNET_DATABASE_URL or in .streamlit/secrets.toml (`database_url = "..."`) switches to a
server that several dashboards share. The schema is versioned with Alembic
(rcnet_data/storage/migrations, applied by rcnet_data.storage.startup); both databases run
the same migrations and give the same results.

Every write bumps `registry_version.version` in the same transaction; readers cache by
(url, version), so a viewer sees an import on the next page run.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from functools import cache
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from rcnet_data import settings
from rcnet_data.core import columns
from rcnet_data.core.messages import LocalisedError, msg
from rcnet_data.core.validation import typed_centers, typed_events

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
LOG = logging.getLogger("rcnet.db")

metadata = sa.MetaData()

centers = sa.Table(
    "centers",
    metadata,
    sa.Column(columns.CENTER_ID, sa.String(columns.MAX_LENGTH[columns.CENTER_ID]), primary_key=True),
    sa.Column(columns.NAME, sa.Text, nullable=False),
    sa.Column(columns.KIND, sa.String(40), nullable=False),
    sa.Column(columns.NETWORK, sa.String(20), nullable=False),
    sa.Column(columns.COUNTRY, sa.String(2), nullable=False),
    sa.Column(columns.REGION_CODE, sa.String(10)),
    sa.Column(columns.CITY, sa.Text, nullable=False),
    sa.Column(columns.HOST, sa.Text, nullable=False, default=""),
    sa.Column(columns.HOST_TYPE, sa.String(60), nullable=False),
    sa.Column(columns.ADDRESS, sa.Text, nullable=False, default=""),
    sa.Column(columns.LAT, sa.Float),
    sa.Column(columns.LON, sa.Float),
    sa.Column(columns.OPENED_ON, sa.Date, nullable=False),
    sa.Column(columns.CLOSED_ON, sa.Date),
    sa.Column(columns.SOURCE, sa.Text, nullable=False),
    sa.Column(columns.NOTE, sa.Text, nullable=False, default=""),
)

events = sa.Table(
    "events",
    metadata,
    sa.Column(columns.EVENT_ID, sa.String(columns.MAX_LENGTH[columns.EVENT_ID]), primary_key=True),
    sa.Column(columns.DATE, sa.Date, nullable=False),
    sa.Column(columns.END_DATE, sa.Date),
    sa.Column(columns.TITLE, sa.Text, nullable=False),
    sa.Column(columns.EVENT_TYPE, sa.String(40), nullable=False),
    sa.Column(columns.CENTER_ID, sa.String(columns.MAX_LENGTH[columns.CENTER_ID]), nullable=False, default=""),
    sa.Column(columns.NETWORK, sa.String(20), nullable=False),
    sa.Column(columns.COUNTRY, sa.String(2), nullable=False),
    sa.Column(columns.REGION_CODE, sa.String(10)),
    sa.Column(columns.CITY, sa.Text, nullable=False, default=""),
    sa.Column(columns.PARTICIPANTS, sa.Integer),
    sa.Column(columns.URL, sa.Text, nullable=False, default=""),
    sa.Column(columns.SOURCE, sa.Text, nullable=False),
    sa.Column(columns.NOTE, sa.Text, nullable=False, default=""),
)

imports = sa.Table(
    "imports",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("user_name", sa.Text, nullable=False),
    sa.Column("file_name", sa.Text, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("table_name", sa.String(20), nullable=False),
    sa.Column("added", sa.Integer, nullable=False),
    sa.Column("updated", sa.Integer, nullable=False),
    sa.Column("unchanged", sa.Integer, nullable=False),
    sa.Column("rejected", sa.Integer, nullable=False),
    sa.Column("removed", sa.Integer, nullable=False, default=0, server_default="0"),
    sa.Column("undone_at", sa.DateTime(timezone=True)),
    sa.Column("undone_by", sa.Text),
    sa.Column("is_seed", sa.Boolean, nullable=False, default=False),  # the first-run seed: never undone
)

# Every sign-in attempt, for the audit and for the attempt limit (rcnet_data.storage.auth).
sign_in_attempts = sa.Table(
    "sign_in_attempts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("user_name", sa.String(100), nullable=False),
    sa.Column("session", sa.String(64), nullable=False),
    sa.Column("method", sa.String(20), nullable=False),  # password | oidc
    sa.Column("success", sa.Boolean, nullable=False),
)

# What an import changed, so that undo can restore the state before it exactly.
import_changes = sa.Table(
    "import_changes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("import_id", sa.Integer, sa.ForeignKey("imports.id"), nullable=False, index=True),
    sa.Column("table_name", sa.String(20), nullable=False),
    sa.Column("row_id", sa.String(100), nullable=False),
    sa.Column("action", sa.String(10), nullable=False),  # insert | update | delete
    sa.Column("before", sa.JSON),
)

registry_version = sa.Table(
    "registry_version",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("stamp", sa.String(32), nullable=False, default=""),  # random, renewed by every write
)

TABLES = {columns.TABLE_CENTERS: centers, columns.TABLE_EVENTS: events}


def database_url(explicit: str | None = None) -> str:
    """--database, then RCNET_DATABASE_URL, then secrets.toml, then the SQLite file."""
    url = explicit or settings.current().database_url or settings.secret_value("database_url")
    if url:
        return url
    path = settings.current().sqlite_path
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


@cache
def engine_for(url: str) -> sa.Engine:
    if url.startswith("sqlite"):
        return _sqlite_engine(url)
    return sa.create_engine(url, pool_pre_ping=True)


def _read_only_file(url: str) -> Path | None:
    """The SQLite file, when it exists in a folder this process cannot write (a read-only
    mount, or another user's folder): it is then opened read-only."""
    database = sa.engine.make_url(url).database
    if not database or database == ":memory:":
        return None
    path = Path(database)
    return path if path.exists() and not os.access(path.parent, os.W_OK) else None


def _sqlite_engine(url: str) -> sa.Engine:
    """SQLite with real transactions: Python's sqlite3 module does not open a transaction
    before DDL, so a migration interrupted halfway would leave half a schema. The driver is
    put in autocommit mode and SQLAlchemy emits BEGIN itself (the recipe in SQLAlchemy's
    SQLite notes), so every transaction, DDL included, is all or nothing. WAL lets viewers
    read while an import writes; a writer waits up to 30 s for another instead of failing.

    A file in a folder that cannot be written is opened read-only and immutable: WAL needs
    its shared-memory file beside the database, which cannot be made there, and nothing can
    change the file meanwhile. Viewers read it; a write is refused by SQLite."""
    read_only = _read_only_file(url)
    if read_only is not None:
        LOG.warning("the registry %s is in a folder that cannot be written: opened read-only", read_only)
        engine = sa.create_engine(
            url,
            creator=lambda: sqlite3.connect(
                f"file:{read_only}?mode=ro&immutable=1",
                uri=True,
                timeout=30,
                isolation_level=None,
                check_same_thread=False,
            ),
        )
    else:
        engine = sa.create_engine(url, connect_args={"timeout": 30, "isolation_level": None})

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        if read_only is None:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        # A write transaction takes the write lock at once (waiting for it): a deferred one
        # that reads first may find its snapshot stale when it comes to write, and fail.
        immediate = connection.get_execution_options().get("immediate")
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


# --- integrity ------------------------------------------------------------------------------
class DatabaseDamaged(LocalisedError):
    """The database failed its integrity check: no write is tried on it (reads may still work)."""


_damaged: dict[str, str] = {}  # database URL -> what the check found, for this process


def integrity_problem(engine: sa.Engine) -> str | None:
    """What SQLite's `PRAGMA quick_check` finds wrong with the file (None when it is sound,
    and always None for a server database, which keeps its own). A file too damaged to be
    asked is damaged too."""
    if engine.dialect.name != "sqlite":
        return None
    try:
        with engine.connect() as connection:
            found = [str(row[0]) for row in connection.exec_driver_sql("PRAGMA quick_check").fetchall()]
    except sa.exc.DatabaseError as exc:
        return str(getattr(exc, "orig", exc)) or exc.__class__.__name__
    return None if found == ["ok"] else "; ".join(found[:3])


def check_integrity(engine: sa.Engine) -> str | None:
    """Run the integrity check and remember a failure: writes are then refused."""
    problem = integrity_problem(engine)
    url = engine.url.render_as_string(hide_password=False)
    if problem is not None:
        LOG.error("the registry database %s fails its integrity check: %s", redacted(url), problem)
        _damaged[url] = problem
    return problem


def check_after_failure(engine: sa.Engine) -> None:
    """A write failed: if the file is damaged, say so (DatabaseDamaged) instead of the driver's error."""
    if engine.dialect.name == "sqlite" and check_integrity(engine) is not None:
        raise damaged_error(engine) from None


def damaged_error(engine: sa.Engine) -> DatabaseDamaged:
    url = engine.url.render_as_string(hide_password=False)
    return DatabaseDamaged(msg("database_damaged", database=redacted(url), detail=_damaged.get(url, "")))


def ensure_writable(engine: sa.Engine) -> None:
    """Refuse a write to a database found damaged in this process."""
    if engine.url.render_as_string(hide_password=False) in _damaged:
        raise damaged_error(engine)


SECRET_WORDS = ("pass", "secret", "token", "key", "auth")


def redacted(url: str) -> str:
    """A URL fit to show: the password hidden, and any query parameter that names a secret
    (password=, sslpassword=, token=, api_key=...) masked too."""
    try:
        parsed = sa.engine.make_url(url)
    except sa.exc.ArgumentError:
        return "***"
    query = {
        key: ("***" if any(word in key.lower() for word in SECRET_WORDS) else value)
        for key, value in parsed.query.items()
    }
    return parsed.set(query=query).render_as_string(hide_password=True).replace("%2A%2A%2A", "***")


def current_version(engine: sa.Engine) -> int:
    return data_version(engine)[0]


def data_version(engine: sa.Engine) -> tuple[int, str]:
    """(version, stamp): names the registry's contents; every write changes both."""
    with engine.connect() as connection:
        row = connection.execute(
            sa.select(registry_version.c.version, registry_version.c.stamp).where(registry_version.c.id == 1)
        ).first()
    return (int(row[0]), str(row[1])) if row else (0, "")


def is_empty(engine: sa.Engine) -> bool:
    with engine.connect() as connection:
        return not connection.execute(sa.select(sa.func.count()).select_from(imports)).scalar()


def _arrow_type(column: sa.Column):
    import pyarrow as pa

    if isinstance(column.type, sa.Float):
        return pa.float64()
    if isinstance(column.type, sa.Integer):
        return pa.int64()
    return pa.string()  # text, and dates (typed later, as for files)


def _select(table: sa.Table) -> str:
    order = ", ".join(column.name for column in table.primary_key.columns)
    return f"SELECT {', '.join(column.name for column in table.columns)} FROM {table.name} ORDER BY {order}"


def _read_sqlite(connection: sa.Connection, table: sa.Table) -> pd.DataFrame:
    """Rows straight from the driver into Arrow (the tuples read as one array of structs):
    SQLAlchemy's and pandas' per-row work costs more than the fetch itself at hundreds of
    thousands of rows."""
    import pyarrow as pa

    cursor = connection.connection.driver_connection.cursor()  # plain tuples, same transaction
    try:
        rows = cursor.execute(_select(table)).fetchall()
    finally:
        cursor.close()
    row_type = pa.struct([(column.name, _arrow_type(column)) for column in table.columns])
    return pa.Table.from_struct_array(pa.array(rows, type=row_type)).to_pandas()


def _read_postgresql(connection: sa.Connection, table: sa.Table) -> pd.DataFrame:
    """The server writes the table as CSV (COPY) and Arrow parses it: far faster than rows
    through the driver. In CSV, NULL is an empty unquoted field, an empty text a quoted one."""
    import pyarrow as pa
    import pyarrow.csv as pa_csv

    buffer = bytearray()
    with (
        connection.connection.driver_connection.cursor() as cursor,
        cursor.copy(f"COPY ({_select(table)}) TO STDOUT (FORMAT csv, HEADER)") as copy,
    ):
        for chunk in copy:
            buffer += chunk
    options = pa_csv.ConvertOptions(
        column_types={column.name: _arrow_type(column) for column in table.columns},
        strings_can_be_null=True,
        quoted_strings_can_be_null=False,
    )
    parse = pa_csv.ParseOptions(newlines_in_values=True)
    return pa_csv.read_csv(pa.BufferReader(bytes(buffer)), parse_options=parse, convert_options=options).to_pandas()


def read_registry_tables(engine: sa.Engine, tables: tuple[str, ...] = columns.TABLE_KINDS):
    """Centers and events as typed frames (the same shape the file loader gives), and the
    data version they are, read in one transaction so that the three agree (PostgreSQL:
    repeatable read; SQLite: one read transaction on the WAL). With `tables` = (centers,),
    only the centers come back, with the version."""
    postgresql = engine.url.get_backend_name() == "postgresql"
    read = _read_postgresql if postgresql else _read_sqlite
    options = {"isolation_level": "REPEATABLE READ"} if postgresql else {}
    with engine.connect().execution_options(**options) as connection, connection.begin():
        row = connection.execute(
            sa.select(registry_version.c.version, registry_version.c.stamp).where(registry_version.c.id == 1)
        ).first()
        frames = {name: read(connection, TABLES[name]) for name in tables}
    version = (int(row[0]), str(row[1])) if row else (0, "")
    typed = []
    if columns.TABLE_CENTERS in frames:
        centers_frame = frames[columns.TABLE_CENTERS]
        for column in (columns.HOST, columns.ADDRESS, columns.NOTE):
            centers_frame[column] = centers_frame[column].fillna("")
        typed.append(typed_centers(centers_frame))
    if columns.TABLE_EVENTS in frames:
        events_frame = frames[columns.TABLE_EVENTS]
        for column in (columns.CENTER_ID, columns.CITY, columns.URL, columns.NOTE):
            events_frame[column] = events_frame[column].fillna("")
        typed.append(typed_events(events_frame))
    return (*typed, version)


def import_history(engine: sa.Engine) -> pd.DataFrame:
    with engine.connect() as connection:
        return pd.read_sql(sa.select(imports).order_by(imports.c.id.desc()), connection)


def center_updates(engine: sa.Engine) -> pd.DataFrame:
    """Every change of a stored center still in effect (its import or edit not undone): the
    center, when (the import's start) and the row as it was before: what the changes page
    reads its moves and renames from."""
    query = (
        sa.select(import_changes.c.row_id, imports.c.started_at, import_changes.c.before)
        .join(imports, imports.c.id == import_changes.c.import_id)
        .where(
            import_changes.c.table_name == columns.TABLE_CENTERS,
            import_changes.c.action == "update",
            imports.c.undone_at.is_(None),
        )
        .order_by(imports.c.started_at, import_changes.c.id)
    )
    with engine.connect() as connection:
        rows = connection.execute(query).all()
    return pd.DataFrame(
        [
            (row_id, _naive_utc(at), json.loads(before) if isinstance(before, str) else before)
            for row_id, at, before in rows
        ],
        columns=[columns.CENTER_ID, "at", "before"],
    )


def _naive_utc(moment) -> pd.Timestamp:
    """A stored moment in UTC without its zone (PostgreSQL returns it with one, SQLite without)."""
    stamp = pd.Timestamp(moment)
    return stamp.tz_convert(None) if stamp.tzinfo is not None else stamp
