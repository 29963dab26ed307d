"""Imports into the shared database that lose nothing: preview, per-row validation, one
atomic upsert, a log entry, and an exact undo.

- `prepare_import` reads and checks a file and compares it with the database: which rows
  are new, changed, unchanged or rejected (with reasons). Nothing is written.
- `write_import` writes all valid rows in one transaction, upserting by id, and records the
  import (when, who, file name, SHA-256, counts) with the previous version of every row it
  changed. Its first statement claims the registry version it was prepared against: if
  another import was written meanwhile, this one writes nothing and says so (one clear
  winner). A failure or a killed process rolls the whole transaction back.
- `undo_last_import` restores the state before the newest import exactly.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from rcnet_data.core import columns as C
from rcnet_data.core.messages import LocalisedError, msg
from rcnet_data.core.readers import RawTable, find_table, load_bytes, read_table
from rcnet_data.core.validation import ValidationReport, validate_centers, validate_events
from rcnet_data.storage import db

SEED_USER = "rcnet (first run)"  # shown in the import log; the seed itself is known by its flag
BATCH = 2000


class ImportConflict(LocalisedError):
    """Another import was written after this one was prepared: nothing was written."""


class NothingToUndo(LocalisedError):
    pass


@dataclass
class PreparedImport:
    table: str
    file_name: str
    sha256: str
    raw: RawTable
    report: ValidationReport
    base_version: int
    tuples: list[tuple] = field(default_factory=list, repr=False)  # the valid rows, in the table's column order
    new_ids: list[str] = field(default_factory=list)
    changed_ids: list[str] = field(default_factory=list)
    unchanged_ids: list[str] = field(default_factory=list)
    _summary: dict | None = field(default=None, repr=False, compare=False)

    @property
    def rows(self) -> pd.DataFrame:
        return self.report.valid

    @property
    def rejected(self) -> int:
        return len(self.report.rejected_rows)

    def rejected_rows_frame(self, lang: str = "en") -> pd.DataFrame:
        """The rejected rows as the user sent them (their own headers), with the reasons, to
        fix and upload again; the extra column is ignored on the next upload."""
        rows = sorted(self.report.rejected_rows)
        reasons: dict[int, list[str]] = {}
        for problem in self.report.errors:
            reasons.setdefault(problem.row, []).append(f"{problem.column}: {problem.text(lang)}")
        original = self.raw.frame.rename(columns={c: self.raw.header_of(c) for c in self.raw.frame.columns})
        original = original[[self.raw.header_of(c) for c in C.COLUMNS[self.table] if c in self.raw.headers]]
        selected = original.reindex([row - 2 for row in rows]).fillna("")  # a row the reader could not fit may have no values
        selected.insert(0, "row", rows)
        selected["errors"] = ["; ".join(reasons[row]) for row in rows]
        return selected.reset_index(drop=True)

    def summary(self) -> dict:
        """Counts and every rejected row with its reasons; built once (linear in the problems)."""
        if self._summary is None:
            reasons: dict[int, list[str]] = {}
            for problem in self.report.errors:
                reasons.setdefault(problem.row, []).append(f"{problem.column}: {problem.message}")
            self._summary = {
                "file": self.file_name,
                "table": self.table,
                "sha256": self.sha256,
                "rows": self.report.rows,
                "added": len(self.new_ids),
                "updated": len(self.changed_ids),
                "unchanged": len(self.unchanged_ids),
                "rejected": self.rejected,
                "rejected_rows": [{"row": row, "reasons": reasons[row]} for row in sorted(reasons)],
                "notes": self.report.notes("en"),
            }
        return self._summary


@dataclass
class ImportResult:
    import_id: int
    summary: dict


def table_columns(table: str) -> list[str]:
    return [column.name for column in db.TABLES[table].columns]


def _row_tuples(frame: pd.DataFrame, table: str) -> list[tuple]:
    """Rows as tuples of plain Python values in the table's column order (dates as date,
    missing values as None), column by column: no per-cell Python work."""
    columns = []
    for name in table_columns(table):
        series = frame[name]
        if pd.api.types.is_datetime64_any_dtype(series):
            values = series.dt.date.astype(object)
        else:
            values = series.astype(object)
        columns.append(values.where(series.notna(), None).tolist())
    return list(zip(*columns, strict=True))


def _jsonable(row: dict) -> dict:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in row.items()}


def _from_json(row: dict, table: str) -> dict:
    restored = dict(row)
    for column in db.TABLES[table].columns:
        if isinstance(column.type, sa.Date) and restored.get(column.name):
            restored[column.name] = date.fromisoformat(restored[column.name])
    return restored


def _existing_rows(connection, table: str, ids: list[str]) -> dict[str, dict]:
    """The stored rows among `ids`: the ids already in the table are listed once, and only
    those rows are fetched (a file of new rows costs one query)."""
    target = db.TABLES[table]
    key = target.primary_key.columns.values()[0]
    if not ids:
        return {}
    stored = set(connection.execute(sa.select(key)).scalars())
    wanted = [i for i in ids if i in stored]
    found: dict[str, dict] = {}
    for start in range(0, len(wanted), BATCH):
        chunk = wanted[start : start + BATCH]
        for row in connection.execute(sa.select(target).where(key.in_(chunk))).mappings():
            found[row[key.name]] = dict(row)
    return found


def _bulk_insert(connection, table: sa.Table, columns: list[str], rows: list[tuple]) -> None:
    """Many rows in one go: COPY on PostgreSQL, the driver's executemany on SQLite (SQLAlchemy's
    own insert of dicts costs several times the write itself)."""
    if not rows:
        return
    names = ", ".join(columns)
    if connection.dialect.name == "postgresql":
        cursor = connection.connection.driver_connection.cursor()
        with cursor, cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join("?" for _ in columns)
    connection.exec_driver_sql(f"INSERT INTO {table.name} ({names}) VALUES ({marks})", rows)


def _same(a: dict, b: dict) -> bool:
    for key, value in a.items():
        other = b.get(key)
        if isinstance(value, float) and isinstance(other, float):
            if abs(value - other) > 1e-9:
                return False
        elif (value or None) != (other or None):
            return False
    return True


def prepare_import(data: bytes | str | Path, table: str, engine: sa.Engine, name: str | None = None,
                   today: date | None = None, size_limit: bool = True, centers: pd.DataFrame | None = None,
                   tolerance_km: float | None = None) -> PreparedImport:  # fmt: skip
    """Read and check a file and compare it with the database; writes nothing.

    Events are checked against `centers` when given, else against the database's centers.
    The size limit guards uploads and imports; the first-run seed from a local folder has none.
    """
    data, name = load_bytes(data, name, size_limit)  # the size is checked before anything is read
    base_version = db.current_version(engine)
    raw = read_table(data, table, name, size_limit=False)
    if table == C.TABLE_CENTERS:
        report = validate_centers(raw, today, tolerance_km)
    else:
        if centers is None:
            centers, _ = db.read_registry_tables(engine, (C.TABLE_CENTERS,))
        report = validate_events(raw, centers)
    prepared = PreparedImport(table, name, hashlib.sha256(data).hexdigest(), raw, report, base_version)
    columns = table_columns(table)
    key = columns.index(C.ID_COLUMN[table])
    prepared.tuples = _row_tuples(report.valid, table)
    with engine.connect() as connection:
        existing = _existing_rows(connection, table, [row[key] for row in prepared.tuples])
    for row in prepared.tuples:
        if row[key] not in existing:
            prepared.new_ids.append(row[key])
        elif _same(dict(zip(columns, row, strict=True)), existing[row[key]]):
            prepared.unchanged_ids.append(row[key])
        else:
            prepared.changed_ids.append(row[key])
    return prepared


@contextlib.contextmanager
def _writing(engine: sa.Engine):
    """A write transaction; SQLite's "database is locked" (another writer holds the file
    past the wait) becomes the one sentence that says another import is being written."""
    try:
        with engine.begin() as connection:
            yield connection
    except sa.exc.OperationalError as exc:
        if "database is locked" in str(exc):
            raise ImportConflict(msg("import_busy")) from None
        raise


def _claim_version(connection, expected: int) -> None:
    """Bump the registry version if it is still `expected`; otherwise another import won.

    This UPDATE is the transaction's first statement: it takes SQLite's write lock or
    PostgreSQL's row lock, so two imports are serialised and the later one sees the change.
    """
    bumped = connection.execute(
        sa.update(db.registry_version)
        .where(db.registry_version.c.id == 1, db.registry_version.c.version == expected)
        .values(version=expected + 1, stamp=uuid.uuid4().hex)
    )
    if bumped.rowcount != 1:
        raise ImportConflict(msg("import_conflict"))


def write_import(prepared: PreparedImport, engine: sa.Engine, user: str, seed: bool = False) -> ImportResult:
    """Write the prepared rows in one transaction (all or nothing) and log the import;
    `seed` marks the first-run seed, which undo never takes back."""
    if not prepared.new_ids and not prepared.changed_ids and prepared.report.valid_rows == 0:
        raise ImportConflict(msg("no_valid_rows"))
    table = db.TABLES[prepared.table]
    key_name = C.ID_COLUMN[prepared.table]
    key = table.c[key_name]
    columns = table_columns(prepared.table)
    position = columns.index(key_name)
    by_id = {row[position]: row for row in prepared.tuples}
    # Tests stop here to kill an import mid-transaction: a marker file says it has started.
    pause = float(os.environ.get("RCNET_TEST_PAUSE_MID_IMPORT", "0"))
    marker = os.environ.get("RCNET_TEST_PAUSE_MARKER")
    with _writing(engine) as connection:
        _claim_version(connection, prepared.base_version)
        before = _existing_rows(connection, prepared.table, prepared.changed_ids)
        import_id = connection.execute(
            sa.insert(db.imports).values(
                started_at=datetime.now(UTC), user_name=user, file_name=prepared.file_name,
                sha256=prepared.sha256, table_name=prepared.table, added=len(prepared.new_ids),
                updated=len(prepared.changed_ids), unchanged=len(prepared.unchanged_ids), rejected=prepared.rejected,
                is_seed=seed,
            ).returning(db.imports.c.id)
        ).scalar_one()  # fmt: skip
        # What undo needs: each new row's id, each changed row as it was. The seed is never
        # undone, so it records nothing.
        if not seed:
            changes = [(import_id, prepared.table, row_id, "insert", None) for row_id in prepared.new_ids]
            changes += [(import_id, prepared.table, row_id, "update", json.dumps(_jsonable(before[row_id]), ensure_ascii=False))
                        for row_id in prepared.changed_ids]  # fmt: skip
            _bulk_insert(connection, db.import_changes, ["import_id", "table_name", "row_id", "action", "before"], changes)
        new_rows = [by_id[i] for i in prepared.new_ids]
        for start in range(0, len(new_rows), BATCH if pause else max(len(new_rows), 1)):
            _bulk_insert(connection, table, columns, new_rows[start : start + (BATCH if pause else len(new_rows))])
            if pause:
                if marker:
                    Path(marker).write_text(str(start + BATCH))
                time.sleep(pause)
        if prepared.changed_ids:
            others = [c for c in columns if c != key_name]
            statement = (
                sa.update(table)
                .where(key == sa.bindparam("_id"))
                .values({c: sa.bindparam(c) for c in others})
            )
            updates = [{"_id": i, **dict(zip(columns, by_id[i], strict=True))} for i in prepared.changed_ids]
            for update in updates:
                update.pop(key_name)
            for start in range(0, len(updates), BATCH):
                connection.execute(statement, updates[start : start + BATCH])
    return ImportResult(import_id, {**prepared.summary(), "import_id": import_id})


def undo_last_import(engine: sa.Engine, user: str) -> dict:
    """Restore the registry to the state before its newest import (the first-run seed stays)."""
    with _writing(engine) as connection:
        version = connection.execute(sa.select(db.registry_version.c.version)).scalar_one()
        _claim_version(connection, version)
        last = connection.execute(
            sa.select(db.imports).where(db.imports.c.undone_at.is_(None)).order_by(db.imports.c.id.desc()).limit(1)
        ).mappings().first()  # fmt: skip
        if last is None or last["is_seed"]:
            raise NothingToUndo(msg("nothing_to_undo"))
        changes = connection.execute(
            sa.select(db.import_changes).where(db.import_changes.c.import_id == last["id"])
            .order_by(db.import_changes.c.id.desc())
        ).mappings().all()  # fmt: skip
        inserted: dict[str, list[str]] = {}
        for change in changes:
            if change["action"] == "insert":
                inserted.setdefault(change["table_name"], []).append(change["row_id"])
        for table_name, ids in inserted.items():
            table = db.TABLES[table_name]
            key = table.c[C.ID_COLUMN[table_name]]
            for start in range(0, len(ids), BATCH):
                connection.execute(sa.delete(table).where(key.in_(ids[start : start + BATCH])))
        for change in changes:
            table = db.TABLES[change["table_name"]]
            key = table.c[C.ID_COLUMN[change["table_name"]]]
            if change["action"] == "insert":
                continue
            else:
                before = change["before"]
                before = json.loads(before) if isinstance(before, str) else before
                connection.execute(sa.update(table).where(key == change["row_id"])
                                   .values(_from_json(before, change["table_name"])))  # fmt: skip
        connection.execute(sa.update(db.imports).where(db.imports.c.id == last["id"])
                           .values(undone_at=datetime.now(UTC), undone_by=user))  # fmt: skip
    return {"undone_import": last["id"], "file": last["file_name"], "restored_rows": len(changes)}


def import_file(path: str | Path, table: str, engine: sa.Engine, user: str,
                tolerance_km: float | None = None) -> tuple[PreparedImport, ImportResult | None]:  # fmt: skip
    prepared = prepare_import(path, table, engine, tolerance_km=tolerance_km)
    if prepared.report.valid_rows == 0:
        return prepared, None
    return prepared, write_import(prepared, engine, user)


def seed_from_folder(engine: sa.Engine, folder: Path) -> None:
    """First run: fill an empty database from a registry folder (the bundled demo data).

    Both files are read and checked before anything is written, so a broken folder leaves
    the database empty (and the next start tries again) rather than half-seeded.
    """
    centers = prepare_import(find_table(folder, C.TABLE_CENTERS), C.TABLE_CENTERS, engine, size_limit=False)
    events = prepare_import(find_table(folder, C.TABLE_EVENTS), C.TABLE_EVENTS, engine, size_limit=False,
                            centers=centers.rows)  # fmt: skip
    for prepared in (centers, events):
        if prepared.report.valid_rows:
            if prepared is events:
                prepared.base_version = db.current_version(engine)
            write_import(prepared, engine, SEED_USER, seed=True)
