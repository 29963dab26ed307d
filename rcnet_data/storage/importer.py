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
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from rcnet_data.core import columns
from rcnet_data.core.messages import LocalisedError, msg
from rcnet_data.core.readers import RawTable, find_table, load_bytes, read_table
from rcnet_data.core.validation import (
    ERROR,
    WARNING,
    Problem,
    ValidationReport,
    comparable_ids,
    validate_centers,
    validate_events,
)
from rcnet_data.storage import db
from rcnet_data.storage.auth import FULL_RIGHTS, Rights

SEED_USER = "rcnet (first run)"  # the log shows it translated; the seed itself is known by its flag
BATCH = 2000
REJECTED_SHOWN = 200  # rejected rows listed on the Data page; the downloads carry them all
# Columns a file gives together: coordinates come as a pair (or are looked up from the town).
COLUMN_GROUPS = {columns.LAT: (columns.LAT, columns.LON), columns.LON: (columns.LAT, columns.LON)}


class ImportConflict(LocalisedError):
    """Another import was written after this one was prepared: nothing was written."""


class NothingToUndo(LocalisedError):
    pass


class NotAllowed(LocalisedError):
    """The editor's rights do not cover this write: nothing was written."""


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
    # Stored values the file would empty (or replace with a default): per column, how many;
    # written only with `allow_blanks`, otherwise the stored values are kept.
    would_empty: dict[str, int] = field(default_factory=dict)
    allow_blanks: bool = False
    # Replace mode: the file is the whole table (or, with `region`, the whole of one region);
    # stored rows it leaves out are removed when it is written (and restored by undo).
    replace: bool = False
    region: str | None = None
    removed_ids: list[str] = field(default_factory=list)
    _summary: dict | None = field(default=None, repr=False, compare=False)
    _frames: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def rows(self) -> pd.DataFrame:
        return self.report.valid

    @property
    def rejected(self) -> int:
        return len(self.report.rejected_rows)

    @property
    def warnings(self) -> list[Problem]:
        return self.report.warnings

    def rejected_rows_frame(self, lang: str = "en") -> pd.DataFrame:
        """The rejected rows as the user sent them (their own headers), with the reasons, to
        fix and upload again; the extra column is ignored on the next upload. Made once per
        language (200,000 rejected rows take seconds), then kept with the preparation."""
        if ("rejected", lang) not in self._frames:
            self._frames[("rejected", lang)] = self._rejected_rows_frame(lang)
        return self._frames[("rejected", lang)]

    def rejection_reasons(self, lang: str = "en") -> pd.DataFrame:
        """How many rows each kind of problem rejected, by column: what to fix first."""
        if ("reasons", lang) not in self._frames:
            counts: dict[tuple[str, str], set[int]] = {}
            for problem in self.report.errors:
                code = problem.detail.code if problem.detail else problem.message
                counts.setdefault((problem.column, code), set()).add(problem.row)
            examples = {(p.column, p.detail.code if p.detail else p.message): p for p in reversed(self.report.errors)}
            rows = [
                {"column": column, "reason": examples[(column, code)].text(lang), "rows": len(found)}
                for (column, code), found in counts.items()
            ]
            frame = pd.DataFrame(rows, columns=["column", "reason", "rows"])
            self._frames[("reasons", lang)] = frame.sort_values("rows", ascending=False, kind="stable").reset_index(
                drop=True
            )
        return self._frames[("reasons", lang)]

    def _rejected_rows_frame(self, lang: str) -> pd.DataFrame:
        rows = sorted(self.report.rejected_rows)
        reasons: dict[int, list[str]] = {}
        for problem in self.report.errors:
            reasons.setdefault(problem.row, []).append(f"{problem.column}: {problem.text(lang)}")
        original = self.raw.frame.rename(columns={c: self.raw.header_of(c) for c in self.raw.frame.columns})
        original = original[[self.raw.header_of(c) for c in columns.COLUMNS[self.table] if c in self.raw.headers]]
        selected = original.reindex([row - 2 for row in rows]).fillna(
            ""
        )  # a row the reader could not fit may have no values
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
                "removed": len(self.removed_ids),
                "removed_ids": list(self.removed_ids),
                "replace": self.replace,
                "region": self.region,
                "rejected_rows": [{"row": row, "reasons": reasons[row]} for row in sorted(reasons)],
                "warnings": [
                    {"row": p.row, "column": p.column, "value": p.value, "message": p.message}
                    for p in self.report.warnings
                ],
                "would_empty": dict(self.would_empty),
                "blanks_written": self.allow_blanks and any(self.would_empty.values()),
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
    column_names = []
    for name in table_columns(table):
        series = frame[name]
        if pd.api.types.is_datetime64_any_dtype(series):
            values = series.dt.date.astype(object)
        else:
            values = series.astype(object)
        column_names.append(values.where(series.notna(), None).tolist())
    return list(zip(*column_names, strict=True))


def _jsonable(row: dict) -> dict:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in row.items()}


def _from_json(row: dict, table: str) -> dict:
    restored = dict(row)
    for column in db.TABLES[table].columns:
        if isinstance(column.type, sa.Date) and restored.get(column.name):
            restored[column.name] = date.fromisoformat(restored[column.name])
    return restored


def _stored_ids(connection, table: str) -> list[str]:
    key = db.TABLES[table].primary_key.columns.values()[0]
    return list(connection.execute(sa.select(key)).scalars())


def _rows_by_id(connection, table: str, ids: list[str]) -> dict[str, dict]:
    """The stored rows with these ids, fetched in batches."""
    target = db.TABLES[table]
    key = target.primary_key.columns.values()[0]
    found: dict[str, dict] = {}
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        for row in connection.execute(sa.select(target).where(key.in_(chunk))).mappings():
            found[row[key.name]] = dict(row)
    return found


def _existing_rows(connection, table: str, ids: list[str]) -> dict[str, dict]:
    """The stored rows among `ids`: the ids already in the table are listed once, and only
    those rows are fetched (a file of new rows costs one query)."""
    if not ids:
        return {}
    stored = set(_stored_ids(connection, table))
    return _rows_by_id(connection, table, [i for i in ids if i in stored])


BULK_CACHE_ROWS = 10_000  # an SQLite insert of this many rows or more gets a larger page cache
BULK_CACHE_KIB = 256 * 1024  # ... of this size, for that insert only


def _bulk_insert(connection, table: sa.Table, column_names: list[str], rows: list[tuple]) -> None:
    """Many rows in one go: COPY on PostgreSQL, the driver's executemany on SQLite (SQLAlchemy's
    own insert of dicts costs several times the write itself)."""
    if not rows:
        return
    names = ", ".join(column_names)
    if connection.dialect.name == "postgresql":
        cursor = connection.connection.driver_connection.cursor()
        with cursor, cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join("?" for _ in column_names)
    # Each row also goes into the table's indexes, at scattered places: with SQLite's default
    # 2 MB page cache a large insert keeps evicting index pages it needs again (a 774,000-row
    # seed's insert took 7.7 s, 5.9 s with this cache). The connection's own setting is put back.
    before = connection.exec_driver_sql("PRAGMA cache_size").scalar() if len(rows) >= BULK_CACHE_ROWS else None
    if before is not None:
        connection.exec_driver_sql(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
    try:
        connection.exec_driver_sql(f"INSERT INTO {table.name} ({names}) VALUES ({marks})", rows)
    finally:
        if before is not None:
            connection.exec_driver_sql(f"PRAGMA cache_size = {int(before)}")


def _same(a: dict, b: dict) -> bool:
    for key, value in a.items():
        other = b.get(key)
        if isinstance(value, float) and isinstance(other, float):
            if abs(value - other) > 1e-9:
                return False
        elif (value or None) != (other or None):
            return False
    return True


def prepare_import(
    data: bytes | str | Path,
    table: str,
    engine: sa.Engine,
    name: str | None = None,
    today: date | None = None,
    size_limit: bool = True,
    centers: pd.DataFrame | None = None,
    tolerance_km: float | None = None,
    allow_blanks: bool = False,
    replace: bool = False,
    region: str | None = None,
    rights: Rights = FULL_RIGHTS,
) -> PreparedImport:
    """Read and check a file and compare it with the database; writes nothing.

    A row whose id is stored already changes only in the columns the file has: a column the
    file leaves out keeps its stored value (a file of the required columns never empties the
    hosts, moves the points or reopens the closed). An empty cell in a column the file has,
    where a value is stored, is counted in `would_empty` and keeps the stored value unless
    `allow_blanks`. New ids that differ from a stored one only in case or in look-alike
    letters are warned about, as validation warns within one file.

    Events are checked against `centers` when given, else against the database's centers.
    An editor limited to regions (`rights`) writes only their rows: a row of another region,
    or a stored row of another region that the file would move, is rejected with the
    reason; replacing needs one of her regions.

    With `replace`, the file is the whole table: stored rows whose id it does not hold are
    listed in `removed_ids` (a row the file holds but rejects is kept, never removed). With
    `region` as well, it is the whole of that region: only that region's rows can be
    removed, and the file's rows of other regions are rejected row by row.

    The size limit guards uploads and imports; the first-run seed from a local folder has none.
    """
    if rights.limited and replace and not (region and rights.allows(region)):
        raise NotAllowed(msg("replace_outside_rights", **_both("regions", rights.regions)))
    data, name = load_bytes(data, name, size_limit)  # the size is checked before anything is read
    base_version = db.current_version(engine)
    raw = read_table(data, table, name, size_limit=False)
    if table == columns.TABLE_CENTERS:
        report = validate_centers(raw, today, tolerance_km)
    else:
        if centers is None:
            centers, _ = db.read_registry_tables(engine, (columns.TABLE_CENTERS,))
        report = validate_events(raw, centers)
    prepared = PreparedImport(
        table,
        name,
        hashlib.sha256(data).hexdigest(),
        raw,
        report,
        base_version,
        allow_blanks=allow_blanks,
        replace=replace,
        region=region,
    )
    if region is not None:
        _reject_other_regions(prepared, region)
    if rights.limited:
        _reject_outside_rights(prepared, rights, engine)
    column_names = table_columns(table)
    key = column_names.index(columns.ID_COLUMN[table])
    tuples = _row_tuples(report.valid, table)
    with engine.connect() as connection:
        stored_ids = _stored_ids(connection, table)
        stored = set(stored_ids)
        existing = _rows_by_id(connection, table, [row[key] for row in tuples if row[key] in stored])
    if existing:
        tuples = _merge_with_stored(prepared, tuples, existing)
    prepared.tuples = tuples
    for row in tuples:
        if row[key] not in existing:
            prepared.new_ids.append(row[key])
        elif _same(dict(zip(column_names, row, strict=True)), existing[row[key]]):
            prepared.unchanged_ids.append(row[key])
        else:
            prepared.changed_ids.append(row[key])
    if prepared.new_ids and stored_ids:
        _warn_look_alike_ids(prepared, stored_ids)
    if replace:
        prepared.removed_ids = _left_out(engine, prepared, stored_ids)
    return prepared


def _reject_rows(report: ValidationReport, raw: RawTable, positions: list[int], problems: list) -> None:
    """Reject valid rows after validation (positions in `report.valid`), each with its
    (column, message): they join the file's other rejected rows, with their reasons."""
    for position, (column, detail) in zip(positions, problems, strict=True):
        row_number = int(report.source_rows[position]) + 2
        report.problems.append(Problem(row_number, raw.header_of(column), "", detail.text("en"), ERROR, detail))
    if positions:
        dropped = set(positions)
        keep = [i for i in range(len(report.valid)) if i not in dropped]
        report.valid = report.valid.iloc[keep].reset_index(drop=True)
        report.source_rows = report.source_rows[keep]
        report.problems.sort(key=lambda p: (p.row, p.severity != ERROR))


def _region_names(codes, lang: str) -> str:
    """Regions by name in a message ("none" when there is none)."""
    from rcnet_data.core import reference as ref

    names = ref.regions()[f"name_{lang}"].to_dict()
    listed = [
        names.get(code, code) if isinstance(code, str) else ("нет региона" if lang == "ru" else "no region")
        for code in codes
    ]
    return ", ".join(sorted(listed)) or ("нет" if lang == "ru" else "none")


def _both(name: str, codes) -> dict[str, str]:
    return {f"{name}_en": _region_names(codes, "en"), f"{name}_ru": _region_names(codes, "ru")}


def _reject_other_regions(prepared: PreparedImport, region: str) -> None:
    """A file that replaces one region holds only that region's rows."""
    regions = prepared.report.valid[columns.REGION_CODE]
    positions = [i for i, code in enumerate(regions) if code != region]
    problems = [
        (
            columns.REGION_CODE,
            msg("outside_replaced_region", **_both("found", [regions.iloc[i]]), **_both("region", [region])),
        )
        for i in positions
    ]
    _reject_rows(prepared.report, prepared.raw, positions, problems)


def _reject_outside_rights(prepared: PreparedImport, rights: Rights, engine: sa.Engine) -> None:
    """A limited editor's rows: each must be of one of her regions, and so must the stored
    row it would change (a center cannot be moved out of another coordinator's region)."""
    valid = prepared.report.valid
    ids = list(valid[columns.ID_COLUMN[prepared.table]])
    with engine.connect() as connection:
        stored = _rows_by_id(connection, prepared.table, ids)
    stored_regions = {row_id: row[columns.REGION_CODE] for row_id, row in stored.items()}
    allowed = _both("allowed", rights.regions)
    positions, problems = [], []
    for position, (row_id, region) in enumerate(zip(ids, valid[columns.REGION_CODE], strict=True)):
        for found in (region, stored_regions.get(row_id, region)):
            if not rights.allows(found):
                positions.append(position)
                problems.append((columns.REGION_CODE, msg("outside_rights", **_both("region", [found]), **allowed)))
                break
    _reject_rows(prepared.report, prepared.raw, positions, problems)


def _left_out(engine: sa.Engine, prepared: PreparedImport, stored_ids: list[str]) -> list[str]:
    """The stored ids (of the replaced region, or all) that the file does not hold."""
    in_file = set(prepared.raw.frame[columns.ID_COLUMN[prepared.table]])
    if prepared.region is None:
        scope = stored_ids
    else:
        target = db.TABLES[prepared.table]
        key = target.c[columns.ID_COLUMN[prepared.table]]
        with engine.connect() as connection:
            scope = list(
                connection.execute(sa.select(key).where(target.c[columns.REGION_CODE] == prepared.region)).scalars()
            )
    return sorted(i for i in scope if i not in in_file)


def _merge_with_stored(prepared: PreparedImport, tuples: list[tuple], existing: dict[str, dict]) -> list[tuple]:
    """The rows to write for ids already stored: the file's values in the file's columns,
    the stored values elsewhere, and the stored value where the file's cell is empty (unless
    blanks are allowed; each such cell is counted). A row that the merge makes contradictory
    (a kept closing date before the file's opening date) is rejected."""
    table, raw, report = prepared.table, prepared.raw, prepared.report
    column_names = table_columns(table)
    key = column_names.index(columns.ID_COLUMN[table])
    present = raw.columns
    given = {column: any(c in present for c in COLUMN_GROUPS.get(column, (column,))) for column in column_names}
    cells = raw.frame.loc[report.source_rows]
    empty = {column: _group_empty(cells, column).to_numpy() for column in column_names if given[column]}
    would_empty: dict[str, int] = {}
    merged: list[tuple] = []
    rejected: dict[int, tuple] = {}  # position -> (column, message)
    for position, row in enumerate(tuples):
        before = existing.get(row[key])
        if before is None:
            merged.append(row)
            continue
        values = list(row)
        for index, column in enumerate(column_names):
            if index == key:
                continue
            stored = before.get(column)
            if not given[column]:
                values[index] = stored
            elif empty[column][position] and _filled(stored) and not _same({column: values[index]}, {column: stored}):
                would_empty[column] = would_empty.get(column, 0) + 1
                if not prepared.allow_blanks:
                    values[index] = stored
        problem = _contradiction(table, dict(zip(column_names, values, strict=True)), before)
        if problem is not None:
            rejected[position] = problem
            continue
        merged.append(tuple(values))
    prepared.would_empty = would_empty
    _reject_rows(report, raw, list(rejected), list(rejected.values()))
    return merged


def _group_empty(cells: pd.DataFrame, column: str) -> pd.Series:
    """Whether the file's cell for `column` is empty in each row (coordinates as a pair)."""
    group = COLUMN_GROUPS.get(column, (column,))
    return (cells[list(group)] == "").all(axis=1)


def _filled(value) -> bool:
    return value is not None and value != "" and not (isinstance(value, float) and pd.isna(value))


def _contradiction(table: str, row: dict, stored: dict):
    """(column, message) when a merged row says something impossible, else None."""
    if table == columns.TABLE_CENTERS:
        opened, closed = row.get(columns.OPENED_ON), row.get(columns.CLOSED_ON)
        if opened and closed and closed < opened:
            return columns.OPENED_ON, msg("kept_closing_before_opening", closed=closed.isoformat())
    return None


def _warn_look_alike_ids(prepared: PreparedImport, stored_ids: list[str]) -> None:
    """A new id that differs from a stored one only in case, look-alike letters or invisible
    spaces (`ad-0001`, `АD-0001` beside `AD-0001`) is most often the same center typed
    again: a warning names the stored id, before anything is written."""
    stored = pd.Series(stored_ids, dtype=object)
    folded_stored = dict(zip(comparable_ids(stored), stored, strict=True))
    report = prepared.report
    column = columns.ID_COLUMN[prepared.table]
    new = set(prepared.new_ids)
    ids = report.valid[column]
    mask = ids.isin(new).to_numpy()
    if not mask.any():
        return
    folded_new = comparable_ids(ids[mask])
    header = prepared.raw.header_of(column)
    for position, (value, folded) in zip(ids.index[mask], zip(ids[mask], folded_new, strict=True), strict=True):
        other = folded_stored.get(folded)
        if other is not None and other != value:
            detail = msg("look_alike_registry_id", column=column, other=other)
            report.problems.append(
                Problem(int(report.source_rows[position]) + 2, header, value, detail.text("en"), WARNING, detail)
            )
    report.problems.sort(key=lambda p: (p.row, p.severity != ERROR))


@contextlib.contextmanager
def _writing(engine: sa.Engine):
    """A write transaction on a database that passed its integrity check. SQLite's "database
    is locked" (another writer holds the file past the wait) becomes the one sentence that
    says another import is being written; a write that fails on a damaged file marks the
    database damaged (db.DatabaseDamaged), so no later write is tried on it."""
    db.ensure_writable(engine)
    try:
        with engine.connect().execution_options(immediate=True) as connection, connection.begin():
            yield connection
    except sa.exc.OperationalError as exc:
        if "database is locked" in str(exc):
            raise ImportConflict(msg("import_busy")) from None
        db.check_after_failure(engine)
        raise
    except sa.exc.DatabaseError:
        db.check_after_failure(engine)
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


def write_import(
    prepared: PreparedImport,
    engine: sa.Engine,
    user: str,
    seed: bool = False,
    before_commit: Callable[[], None] | None = None,
) -> ImportResult:
    """Write the prepared rows in one transaction (all or nothing) and log the import;
    `seed` marks the first-run seed, which undo never takes back. `before_commit` runs once
    every row is written and the transaction is still open (tests stop a process there)."""
    if (
        not prepared.new_ids
        and not prepared.changed_ids
        and not prepared.removed_ids
        and prepared.report.valid_rows == 0
    ):
        raise ImportConflict(msg("no_valid_rows"))
    table = db.TABLES[prepared.table]
    key_name = columns.ID_COLUMN[prepared.table]
    key = table.c[key_name]
    column_names = table_columns(prepared.table)
    position = column_names.index(key_name)
    by_id = {row[position]: row for row in prepared.tuples}
    with _writing(engine) as connection:
        _claim_version(connection, prepared.base_version)
        before = _existing_rows(connection, prepared.table, prepared.changed_ids)
        import_id = connection.execute(
            sa.insert(db.imports)
            .values(
                started_at=datetime.now(UTC),
                user_name=user,
                file_name=prepared.file_name,
                sha256=prepared.sha256,
                table_name=prepared.table,
                added=len(prepared.new_ids),
                updated=len(prepared.changed_ids),
                unchanged=len(prepared.unchanged_ids),
                rejected=prepared.rejected,
                removed=len(prepared.removed_ids),
                is_seed=seed,
            )
            .returning(db.imports.c.id)
        ).scalar_one()
        # What undo needs: each new row's id, each changed row as it was. The seed is never
        # undone, so it records nothing.
        if not seed:
            changes = [(import_id, prepared.table, row_id, "insert", None) for row_id in prepared.new_ids]
            changes += [
                (import_id, prepared.table, row_id, "update", json.dumps(_jsonable(before[row_id]), ensure_ascii=False))
                for row_id in prepared.changed_ids
            ]
            _bulk_insert(
                connection, db.import_changes, ["import_id", "table_name", "row_id", "action", "before"], changes
            )
        if prepared.removed_ids:
            _remove(connection, import_id, {prepared.table: prepared.removed_ids})
        _bulk_insert(connection, table, column_names, [by_id[i] for i in prepared.new_ids])
        if prepared.changed_ids:
            others = [c for c in column_names if c != key_name]
            statement = sa.update(table).where(key == sa.bindparam("_id")).values({c: sa.bindparam(c) for c in others})
            updates = [{"_id": i, **dict(zip(column_names, by_id[i], strict=True))} for i in prepared.changed_ids]
            for update in updates:
                update.pop(key_name)
            for start in range(0, len(updates), BATCH):
                connection.execute(statement, updates[start : start + BATCH])
        if before_commit is not None:
            before_commit()
    return ImportResult(import_id, {**prepared.summary(), "import_id": import_id})


def _remove(connection, import_id: int, ids_by_table: dict[str, list[str]]) -> int:
    """Delete these rows, keeping each one's last version in the import's changes (undo puts
    them back). Returns how many rows were removed."""
    removed = 0
    for table_name, ids in ids_by_table.items():
        if not ids:
            continue
        before = _rows_by_id(connection, table_name, ids)
        _bulk_insert(
            connection,
            db.import_changes,
            ["import_id", "table_name", "row_id", "action", "before"],
            [
                (import_id, table_name, row_id, "delete", json.dumps(_jsonable(before[row_id]), ensure_ascii=False))
                for row_id in ids
                if row_id in before
            ],
        )
        table = db.TABLES[table_name]
        key = table.c[columns.ID_COLUMN[table_name]]
        for start in range(0, len(ids), BATCH):
            connection.execute(sa.delete(table).where(key.in_(ids[start : start + BATCH])))
        removed += len(before)
    return removed


REMOVAL_TABLE = "registry"  # the import log's table of a removal that spans centers and events


def demo_rows(engine: sa.Engine, rights: Rights = FULL_RIGHTS) -> dict[str, list[str]]:
    """The ids of every row whose source is the demo, per table (for a limited editor, of
    her regions only)."""
    found = {}
    with engine.connect() as connection:
        for table_name in columns.TABLE_KINDS:
            table = db.TABLES[table_name]
            key = table.c[columns.ID_COLUMN[table_name]]
            query = sa.select(key).where(table.c[columns.SOURCE] == columns.DEMO_SOURCE)
            if rights.limited:
                query = query.where(table.c[columns.REGION_CODE].in_(sorted(rights.regions)))
            found[table_name] = list(connection.execute(query).scalars())
    return found


def remove_rows(engine: sa.Engine, user: str, ids_by_table: dict[str, list[str]], name: str) -> dict:
    """Remove rows of both tables as one logged, undoable import named `name` (remove-demo)."""
    version = db.current_version(engine)
    if not any(ids_by_table.values()):
        raise NothingToUndo(msg("nothing_to_remove"))
    with _writing(engine) as connection:
        _claim_version(connection, version)
        import_id = connection.execute(
            sa.insert(db.imports)
            .values(
                started_at=datetime.now(UTC),
                user_name=user,
                file_name=name,
                sha256=hashlib.sha256(json.dumps(ids_by_table, sort_keys=True).encode()).hexdigest(),
                table_name=REMOVAL_TABLE,
                added=0,
                updated=0,
                unchanged=0,
                rejected=0,
                removed=sum(len(ids) for ids in ids_by_table.values()),
                is_seed=False,
            )
            .returning(db.imports.c.id)
        ).scalar_one()
        removed = _remove(connection, import_id, ids_by_table)
    return {
        "import_id": import_id,
        "removed": removed,
        **{f"removed_{table}": len(ids) for table, ids in ids_by_table.items()},
        "written": True,
    }


def undo_last_import(engine: sa.Engine, user: str, own_only: bool = False) -> dict:
    """Restore the registry to the state before its newest import (the first-run seed stays).
    With `own_only` (an editor limited to regions), only an import of `user`'s own."""
    # The version the user saw when asking: if a write lands while this one waits for the
    # lock, the undo is refused rather than taking back what the user has not seen.
    version = db.current_version(engine)
    with _writing(engine) as connection:
        try:
            _claim_version(connection, version)
        except ImportConflict:  # an import was being written (PostgreSQL waited for it): nothing undone
            raise ImportConflict(msg("undo_conflict")) from None
        last = (
            connection.execute(
                sa.select(db.imports).where(db.imports.c.undone_at.is_(None)).order_by(db.imports.c.id.desc()).limit(1)
            )
            .mappings()
            .first()
        )
        if last is None or last["is_seed"]:
            raise NothingToUndo(msg("nothing_to_undo"))
        if own_only and last["user_name"] != user:
            raise NotAllowed(msg("undo_not_yours", id=last["id"], who=last["user_name"]))
        changes = (
            connection.execute(
                sa.select(db.import_changes)
                .where(db.import_changes.c.import_id == last["id"])
                .order_by(db.import_changes.c.id.desc())
            )
            .mappings()
            .all()
        )
        inserted: dict[str, list[str]] = {}
        for change in changes:
            if change["action"] == "insert":
                inserted.setdefault(change["table_name"], []).append(change["row_id"])
        for table_name, ids in inserted.items():
            table = db.TABLES[table_name]
            key = table.c[columns.ID_COLUMN[table_name]]
            for start in range(0, len(ids), BATCH):
                connection.execute(sa.delete(table).where(key.in_(ids[start : start + BATCH])))
        restored: dict[str, list[dict]] = {}
        for change in changes:
            table = db.TABLES[change["table_name"]]
            key = table.c[columns.ID_COLUMN[change["table_name"]]]
            if change["action"] == "insert":
                continue
            before = change["before"]
            before = _from_json(json.loads(before) if isinstance(before, str) else before, change["table_name"])
            if change["action"] == "delete":
                restored.setdefault(change["table_name"], []).append(before)
            else:
                connection.execute(sa.update(table).where(key == change["row_id"]).values(before))
        for table_name, rows in restored.items():  # removed rows come back exactly as they were
            column_names = table_columns(table_name)
            _bulk_insert(
                connection, db.TABLES[table_name], column_names, [tuple(r[c] for c in column_names) for r in rows]
            )
        connection.execute(
            sa.update(db.imports)
            .where(db.imports.c.id == last["id"])
            .values(undone_at=datetime.now(UTC), undone_by=user)
        )
    return {"undone_import": last["id"], "file": last["file_name"], "restored_rows": len(changes)}


def import_file(
    path: str | Path, table: str, engine: sa.Engine, user: str, tolerance_km: float | None = None
) -> tuple[PreparedImport, ImportResult | None]:
    prepared = prepare_import(path, table, engine, tolerance_km=tolerance_km)
    if prepared.report.valid_rows == 0:
        return prepared, None
    return prepared, write_import(prepared, engine, user)


def seed_from_folder(engine: sa.Engine, folder: Path) -> None:
    """First run: fill an empty database from a registry folder (the bundled demo data).

    Both files are read and checked before anything is written, so a broken folder leaves
    the database empty (and the next start tries again) rather than half-seeded.
    """
    centers = prepare_import(find_table(folder, columns.TABLE_CENTERS), columns.TABLE_CENTERS, engine, size_limit=False)
    events = prepare_import(
        find_table(folder, columns.TABLE_EVENTS), columns.TABLE_EVENTS, engine, size_limit=False, centers=centers.rows
    )
    for prepared in (centers, events):
        if prepared.report.valid_rows:
            if prepared is events:
                prepared.base_version = db.current_version(engine)
            write_import(prepared, engine, SEED_USER, seed=True)
