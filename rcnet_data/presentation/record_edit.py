"""One record corrected in the app, as a one-row import.

The form shows a stored center or event field by field (choices for coded values, regions
and countries; DD.MM.YYYY dates); what the editor changes goes back through the importer
as a one-row file, so it meets exactly the checks of an import (the region's
boundary, dates, look-alike ids, the editor's regions) and is logged and undoable like
one. Closing a center is the same change with only its closing date and note.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import pandas as pd

from rcnet_data.core import columns

DATES = {column for table in columns.DATE_COLUMNS.values() for column in table}
LOG_NAME = "правка в приложении: {id}"  # the import log's "file" of an edit (the id says which record)
CLOSING_NOTE_SEPARATOR = " · "


def stored_record(frame: pd.DataFrame, table: str, record_id: str) -> pd.Series | None:
    """The stored row with this id (None when there is none)."""
    rows = frame[frame[columns.ID_COLUMN[table]] == record_id]
    return None if rows.empty else rows.iloc[0]


def form_values(record: pd.Series, table: str) -> dict[str, str]:
    """The record's fields as the form holds them, by canonical column: codes for coded
    values, regions and countries (the form's choices name them), dates as DD.MM.YYYY,
    numbers in full, missing values as empty text."""
    values = {}
    for column in columns.COLUMNS[table]:
        value = record.get(column)
        if column in DATES:
            value = "" if pd.isna(value) else pd.Timestamp(value).strftime("%d.%m.%Y")
        elif value is None or (not isinstance(value, str) and pd.isna(value)):
            value = ""
        elif isinstance(value, float):
            value = repr(float(value))  # every digit kept; numpy 2 writes np.float64(…) itself
        values[column] = str(value)
    return values


def row_file(values: dict[str, str], table: str) -> bytes:
    """The form's values as a one-row CSV with the canonical headers: what the importer reads."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    header = columns.COLUMNS[table]
    writer.writerow(header)
    writer.writerow([values.get(column, "") for column in header])
    return buffer.getvalue().encode("utf-8")


def closing_values(record: pd.Series, closed_on: str, note: str) -> dict[str, str]:
    """A center closed on a date, with why: its other fields as stored, the note added to
    the one it had."""
    values = form_values(record, columns.TABLE_CENTERS)
    values[columns.CLOSED_ON] = closed_on
    if note.strip():
        kept = values[columns.NOTE].strip()
        values[columns.NOTE] = f"{kept}{CLOSING_NOTE_SEPARATOR}{note.strip()}" if kept else note.strip()
    return values


@dataclass(frozen=True)
class Change:
    column: str
    before: object
    after: object


def changes(stored: pd.Series, written: dict, table: str) -> list[Change]:
    """The fields the edit changes, stored value beside the new one (values as stored)."""
    found = []
    for column in columns.COLUMNS[table]:
        before, after = stored.get(column), written.get(column)
        if _plain(before) != _plain(after):
            found.append(Change(column, _plain(before), _plain(after)))
    return found


def _plain(value):
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, float):
        return round(value, 9)
    return value or None
