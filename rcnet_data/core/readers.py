"""Reading a registry file (CSV, XLSX, Parquet) into a table of strings.

Everything comes back as text so that validation sees exactly what the user typed and can
quote it in its messages. A file that is not a readable table raises `TableReadError` with
one sentence for the user; nothing here ever lets a traceback reach them.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

import pandas as pd

from rcnet_data.core import columns as C
from rcnet_data.core.messages import LocalisedError, msg

ZIP_MAGIC = b"PK\x03\x04"
PARQUET_MAGIC = b"PAR1"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy .xls
SEPARATORS = (",", ";", "\t")
SUFFIXES = (".csv", ".xlsx", ".parquet")  # a registry folder holds centers.* and events.*


class TableReadError(LocalisedError, ValueError):
    """The file cannot be read as a table; the message says why, for the user (in English
    as str(), in either language through .text(lang))."""


@dataclass
class RawTable:
    """A file's rows as strings, its headers mapped to canonical names, and how it was read."""

    frame: pd.DataFrame  # canonical column names, all values str ("" when empty)
    source_name: str
    headers: dict[str, str]  # canonical name -> header as written in the file
    ignored_headers: list[str] = field(default_factory=list)
    encoding: str = ""
    separator: str = ""
    sheet: str = ""
    sheets: list[str] = field(default_factory=list)
    formulas: int = 0  # XLSX cells holding formulas, read as their computed values

    def header_of(self, column: str) -> str:
        return self.headers.get(column, column)


def _fold(header: str) -> str:
    return " ".join(str(header).replace("\ufeff", "").strip().lower().replace("ё", "е").split())


def canonical_header(header: str, table: str) -> str | None:
    """The canonical column a header stands for, or None when it is not one of ours."""
    folded = _fold(header)
    if table == C.TABLE_EVENTS and folded in C.EVENT_HEADER_OVERRIDES:
        return C.EVENT_HEADER_OVERRIDES[folded]
    if folded in C.COLUMNS[table]:
        return folded
    for canonical, aliases in C.HEADER_ALIASES.items():
        if canonical in C.COLUMNS[table] and folded in aliases:
            return canonical
    return None


def _decode(data: bytes, name: str) -> tuple[str, str]:
    if b"\x00" in data[:4096]:
        raise TableReadError(msg("binary", name=name))
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        # cp1251 decodes almost any byte string; refuse when it yields control characters.
        controls = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\r\n\t")
        if controls == 0:
            return text, "utf-8" if encoding == "utf-8-sig" else "windows-1251"
    raise TableReadError(msg("encoding", name=name))


def _sniff_separator(text: str) -> str:
    first_line = text.split("\n", 1)[0]
    counts = {sep: first_line.count(sep) for sep in SEPARATORS}
    best = max(counts, key=counts.get)
    return best if counts[best] > 0 else ","


def _read_text(data: bytes, name: str) -> tuple[pd.DataFrame, str, str]:
    text, encoding = _decode(data, name)
    if not text.strip():
        raise TableReadError(msg("empty", name=name))
    separator = _sniff_separator(text)
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            sep=separator,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,  # keep row numbers as the user's spreadsheet shows them
            quoting=csv.QUOTE_MINIMAL,
        )
    except (pd.errors.ParserError, csv.Error) as exc:
        raise TableReadError(msg("unreadable_csv", name=name, detail=str(exc).strip())) from None
    return frame, encoding, separator


def _excel_cell_text(value) -> str:
    """Excel cells as the text a user would read; dates as ISO so validation can parse them."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_xlsx(data: bytes, name: str, table: str) -> tuple[pd.DataFrame, str, list[str]]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        # data_only: a formula cell gives its last computed value, never the formula text.
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise TableReadError(msg("unreadable_xlsx", name=name, detail=str(exc))) from None
    sheets = book.sheetnames
    chosen = None
    for sheet_name in sheets:
        rows = [
            [_excel_cell_text(v) for v in row]
            for row in book[sheet_name].iter_rows(values_only=True)
        ]
        # Leading empty rows are skipped; empty rows inside the table keep their place so
        # that row numbers in messages match what the user sees in Excel.
        while rows and not any(cell != "" for cell in rows[0]):
            rows.pop(0)
        if not rows:
            continue
        header = rows[0]
        if chosen is None or any(canonical_header(h, table) for h in header):
            chosen = (sheet_name, header, rows[1:])
            if any(canonical_header(h, table) for h in header):
                break
    book.close()
    if chosen is None:
        raise TableReadError(msg("no_rows_any_sheet", name=name))
    sheet_name, header, body = chosen
    formulas = _count_formulas(data, sheet_name)
    width = len(header)
    body = [(row + [""] * width)[:width] for row in body]
    names = [h if h else f"column {i + 1}" for i, h in enumerate(header)]
    return pd.DataFrame(body, columns=names, dtype=str), sheet_name, sheets, formulas


def _count_formulas(data: bytes, sheet_name: str) -> int:
    """Cells of the sheet that hold a formula (read as their last computed value)."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        return sum(
            1
            for row in book[sheet_name].iter_rows(values_only=True)
            for value in row
            if isinstance(value, str) and value.startswith("=")
        )
    finally:
        book.close()


def _read_parquet(data: bytes, name: str) -> pd.DataFrame:
    try:
        frame = pd.read_parquet(io.BytesIO(data))
    except Exception as exc:  # pyarrow raises several unrelated types for a broken file
        raise TableReadError(msg("unreadable_parquet", name=name, detail=str(exc))) from None
    for column in frame.columns:
        values = frame[column]
        if pd.api.types.is_datetime64_any_dtype(values):
            frame[column] = values.dt.strftime("%Y-%m-%d")
    return frame.astype(object).where(frame.notna(), "").astype(str)


def read_table(source: str | Path | bytes, table: str, name: str | None = None) -> RawTable:
    """Read a centers or events file of any supported format into a `RawTable`.

    `source` is a path or the file's bytes (an upload); `name` names it in messages.
    """
    if table not in C.TABLE_KINDS:
        raise ValueError(f"table must be one of {C.TABLE_KINDS}")
    if isinstance(source, (str, Path)):
        path = Path(source)
        name = name or path.name
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise TableReadError(msg("no_such_file", name=name)) from None
        except IsADirectoryError:
            raise TableReadError(msg("is_folder", name=name)) from None
        except OSError as exc:
            raise TableReadError(msg("cannot_read", name=name, detail=exc.strerror)) from None
    else:
        data = bytes(source)
        name = name or "upload"
    if not data.strip():
        raise TableReadError(msg("empty", name=name))

    encoding = separator = sheet = ""
    sheets: list[str] = []
    formulas = 0
    if data.startswith(ZIP_MAGIC):
        frame, sheet, sheets, formulas = _read_xlsx(data, name, table)
    elif data.startswith(PARQUET_MAGIC):
        frame = _read_parquet(data, name)
    elif data.startswith(OLE_MAGIC):
        raise TableReadError(msg("old_excel", name=name))
    else:
        frame, encoding, separator = _read_text(data, name)

    headers: dict[str, str] = {}
    ignored: list[str] = []
    renames: dict[str, str] = {}
    for header in frame.columns:
        canonical = canonical_header(header, table)
        if canonical is None or canonical in headers:
            ignored.append(str(header))
        else:
            headers[canonical] = str(header).replace("\ufeff", "").strip()
            renames[header] = canonical
    if not headers:
        raise TableReadError(msg("no_columns", name=name, table=table, found=", ".join(map(str, frame.columns[:8])),
                                 expected=", ".join(C.COLUMNS[table])))  # fmt: skip
    frame = frame[list(renames)].rename(columns=renames)
    frame = frame.fillna("").astype(str).apply(lambda col: col.str.strip())
    frame = frame[(frame != "").any(axis=1)]
    if frame.empty:
        raise TableReadError(msg("header_only", name=name))
    for column in C.COLUMNS[table]:
        if column not in frame.columns:
            frame[column] = ""
    return RawTable(
        frame=frame[C.COLUMNS[table]],
        source_name=name,
        headers=headers,
        ignored_headers=ignored,
        encoding=encoding,
        separator=separator,
        sheet=sheet,
        sheets=sheets,
        formulas=formulas,
    )


def find_table(data_dir: Path, table: str) -> Path:
    for suffix in SUFFIXES:
        path = data_dir / f"{table}{suffix}"
        if path.exists():
            return path
    raise TableReadError(msg("no_table_file", folder=str(data_dir), table=table,
                             names=", ".join(table + s for s in SUFFIXES)))  # fmt: skip
