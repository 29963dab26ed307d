"""Reading a registry file (CSV, XLSX, Parquet) into a table of strings.

Everything comes back as text so that validation sees exactly what the user typed and can
quote it in its messages. A file that is not a readable table raises `TableReadError` with
one sentence for the user; a problem with one row (a row wider than the header) is kept as
a row problem, so that validation rejects that row and keeps the others. Nothing here ever
lets a traceback reach the user.

Limits come first, before anything is parsed: the file's size (checked before it is read,
and read no further than the limit, so a device or a pipe cannot fill the memory), its
rows and columns, and for a workbook its sheets' uncompressed size. A workbook's sheet is
read once, row by row, in openpyxl's read-only parser, which also counts its formulas; the
dimension a sheet declares is never trusted (a 5 KB file may declare 16,384 columns by a
million rows).
"""

from __future__ import annotations

import csv
import io
import os
import stat
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

import pandas as pd

from rcnet_data.core import columns as C
from rcnet_data.core.messages import LocalisedError, Message, msg

ZIP_MAGIC = b"PK\x03\x04"
PARQUET_MAGIC = b"PAR1"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy .xls
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
SEPARATORS = (",", ";", "\t")
SUFFIXES = (".csv", ".xlsx", ".parquet")  # a registry folder holds centers.* and events.*

MAX_FILE_MB = float(os.environ.get("RCNET_MAX_UPLOAD_MB", "50"))
MAX_ROWS = int(os.environ.get("RCNET_MAX_ROWS", "500000"))
MAX_COLUMNS = 200
HEADER_SEARCH_ROWS = 30  # rows of each sheet looked at to find the one with our headers
# An XLSX is a zip: refuse one whose sheets unpack to far more than such files ever hold.
MAX_UNPACKED_MB = 1024
MAX_PACKING_RATIO = 100


class TableReadError(LocalisedError, ValueError):
    """The file cannot be read as a table; the message says why, for the user (in English
    as str(), in either language through .text(lang))."""


@dataclass
class RowProblem:
    """A problem the reader found in one row: rejected by validation, with its reason."""

    row: int  # spreadsheet row (header = 1)
    column: str
    value: str
    detail: Message


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
    row_problems: list[RowProblem] = field(default_factory=list)
    trailing_separators: int = 0  # rows that ended in an empty extra field (ignored)

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


# --- size ---------------------------------------------------------------------------------
def too_large(name: str, size: int) -> TableReadError:
    """A file over the size limit, said with enough precision to show why (a file of 50.0 MB
    over a limit of 50 MB is given in bytes)."""
    limit = int(MAX_FILE_MB * 1024 * 1024)
    if size - limit > 0.05 * 1024 * 1024:
        return TableReadError(msg("too_large", name=name, size=round(size / 1024 / 1024, 1), limit=MAX_FILE_MB))
    return TableReadError(msg("too_large_bytes", name=name, size=size, limit=MAX_FILE_MB, limit_bytes=limit))


def load_bytes(source: str | Path | bytes, name: str | None = None, size_limit: bool = True) -> tuple[bytes, str]:
    """A file's bytes and its name for messages. With `size_limit`, the size is checked
    before reading, and reading stops one byte past the limit (a device such as /dev/zero,
    or a pipe, reports no size)."""
    if not isinstance(source, (str, Path)):
        data = bytes(source)
        name = name or "upload"
        if size_limit and len(data) > MAX_FILE_MB * 1024 * 1024:
            raise too_large(name, len(data))
        return data, name
    path = Path(source)
    name = name or path.name
    limit = int(MAX_FILE_MB * 1024 * 1024)
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise TableReadError(msg("is_folder", name=name))
        if size_limit and stat.S_ISREG(info.st_mode) and info.st_size > limit:
            raise too_large(name, info.st_size)
        with path.open("rb") as handle:
            data = handle.read(limit + 1) if size_limit else handle.read()
    except FileNotFoundError:
        raise TableReadError(msg("no_such_file", name=name)) from None
    except IsADirectoryError:
        raise TableReadError(msg("is_folder", name=name)) from None
    except OSError as exc:
        raise TableReadError(msg("cannot_read", name=name, detail=exc.strerror or str(exc))) from None
    if size_limit and len(data) > limit:
        raise too_large(name, len(data))
    return data, name


# --- text (CSV) ---------------------------------------------------------------------------
def _decode(data: bytes, name: str) -> tuple[str, str]:
    if data.startswith(UTF16_BOMS):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise TableReadError(msg("encoding", name=name)) from None
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
    first_line = text.lstrip("\ufeff").split("\n", 1)[0]
    counts = {sep: first_line.count(sep) for sep in SEPARATORS}
    best = max(counts, key=counts.get)
    return best if counts[best] > 0 else ","


def _header_names(header: list[str]) -> list[str]:
    return [str(h).strip() if str(h).strip() else f"column {i + 1}" for i, h in enumerate(header)]


def _shape_rows(rows: Iterator[list[str]], name: str, max_rows: int | None, first_row: int = 2):
    """Header and body rows fitted to the header's width. A row wider than the header is
    a row problem, unless its extra fields are all empty (a trailing separator on every
    row, which spreadsheets write): then the extras are dropped."""
    header: list[str] | None = None
    body: list[list[str]] = []
    problems: list[RowProblem] = []
    trailing = 0
    for row in rows:
        if header is None:
            header = [str(v) for v in row][:MAX_COLUMNS]
            while header and header[-1].strip() == "" and len(header) > 1:
                header.pop()  # a trailing separator on the header line
            continue
        if max_rows is not None and len(body) >= max_rows:
            raise TableReadError(msg("too_many_rows", name=name, limit=max_rows))
        width = len(header)
        cells = [str(v) for v in row]
        if len(cells) > width:
            extra = cells[width:]
            if any(value.strip() for value in extra):
                position = next(i for i, value in enumerate(extra) if value.strip())
                problems.append(RowProblem(first_row + len(body), f"column {width + position + 1}", extra[position],
                                           msg("row_too_wide", fields=len(cells), width=width)))  # fmt: skip
            else:
                trailing += 1
            cells = cells[:width]
        body.append(cells + [""] * (width - len(cells)))
    if header is None:
        raise TableReadError(msg("empty", name=name))
    return _header_names(header), body, problems, trailing


def _fast_csv(text: str, separator: str, max_rows: int | None) -> pd.DataFrame | None:
    """A clean CSV parsed by Arrow's reader, in C: every value text, rows as in the file. None
    when any row does not fit the header (or a line is empty): then the careful reader below
    takes the file, and says which rows and why."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    header = next(csv.reader(io.StringIO(text.split("\n", 1)[0]), delimiter=separator), [])
    width = len(header)
    misfits: list[object] = []

    def misfit(row) -> str:
        misfits.append(row)
        return "skip"

    try:
        table = pacsv.read_csv(
            io.BytesIO(text.encode("utf-8")),
            read_options=pacsv.ReadOptions(autogenerate_column_names=True, block_size=1 << 24),
            parse_options=pacsv.ParseOptions(delimiter=separator, newlines_in_values=True, ignore_empty_lines=False,
                                             invalid_row_handler=misfit),
            convert_options=pacsv.ConvertOptions(column_types={f"f{i}": pa.string() for i in range(width)},
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False),
        )  # fmt: skip
    except (pa.ArrowInvalid, ValueError):
        return None
    if misfits or table.num_columns != width or table.num_rows == 0:
        return None
    if max_rows is not None and table.num_rows - 1 > max_rows:
        return None  # the careful reader stops at the limit and says so
    frame = table.slice(1).to_pandas()
    frame.columns = _unique(_header_names([str(v) for v in table.slice(0, 1).to_pylist()[0].values()]))
    return frame


def _read_text(data: bytes, name: str, max_rows: int | None) -> tuple[pd.DataFrame, str, str, list[RowProblem], int]:
    text, encoding = _decode(data, name)
    if not text.strip():
        raise TableReadError(msg("empty", name=name))
    separator = _sniff_separator(text)
    text = text.lstrip("\ufeff")
    fast = _fast_csv(text, separator, max_rows)
    if fast is not None:
        return fast, encoding, separator, [], 0
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    try:
        header, body, problems, trailing = _shape_rows(reader, name, max_rows)
    except csv.Error as exc:
        raise TableReadError(msg("unreadable_csv", name=name, detail=str(exc).strip())) from None
    frame = pd.DataFrame(body, columns=_unique(header), dtype=str)
    return frame, encoding, separator, problems, trailing


def _unique(names: list[str]) -> list[str]:
    """Column names made unique (a header written twice keeps both, the second ignored)."""
    seen: dict[str, int] = {}
    unique = []
    for name in names:
        count = seen.get(name, 0)
        unique.append(name if count == 0 else f"{name} ({count + 1})")
        seen[name] = count + 1
    return unique


# --- XLSX ---------------------------------------------------------------------------------
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


FORMULA_TAG = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}f"


def _sheet_rows(book, sheet_name: str, limit: int | None = None) -> tuple[Iterator[list[str]], list[int]]:
    """A sheet's rows as lists of text, cells placed by their column (empty rows kept, so
    row numbers match Excel's), read once by openpyxl's parser; the count of formula cells
    is in the returned list once the rows are consumed."""
    from openpyxl.worksheet._reader import WorkSheetParser

    formulas = [0]

    class CountingParser(WorkSheetParser):
        def parse_cell(self, element):
            if element.find(FORMULA_TAG) is not None:
                formulas[0] += 1
            return super().parse_cell(element)

    sheet = book[sheet_name]

    def rows() -> Iterator[list[str]]:
        expected = 1
        with sheet._get_source() as source:
            parser = CountingParser(source, sheet._shared_strings, data_only=True, epoch=book.epoch,
                                    date_formats=book._date_formats, timedelta_formats=book._timedelta_formats)  # fmt: skip
            for index, cells in parser.parse():
                if limit is not None and index > limit:
                    return
                for _ in range(expected, index):
                    yield []  # rows the file leaves out are empty rows
                expected = index + 1
                row: list[str] = []
                for cell in cells:
                    column = cell["column"]
                    if column > MAX_COLUMNS:
                        continue
                    row.extend([""] * (column - 1 - len(row)))
                    row.append(_excel_cell_text(cell["value"]))
                yield row

    return rows(), formulas


def _check_unpacked_size(data: bytes, name: str) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise TableReadError(msg("unreadable_xlsx", name=name, detail=str(exc))) from None
    packed_like_a_bomb = unpacked > 200 * 1024 * 1024 and unpacked > MAX_PACKING_RATIO * len(data)
    if unpacked > MAX_UNPACKED_MB * 1024 * 1024 or packed_like_a_bomb:
        raise TableReadError(msg("xlsx_too_large", name=name, size=round(unpacked / 1024 / 1024)))


def _read_xlsx(data: bytes, name: str, table: str, max_rows: int | None):
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    _check_unpacked_size(data, name)
    try:
        # data_only: a formula cell gives its last computed value, never the formula text.
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise TableReadError(msg("unreadable_xlsx", name=name, detail=str(exc))) from None
    try:
        sheets = list(book.sheetnames)
        chosen = None
        for sheet_name in sheets:
            rows, _ = _sheet_rows(book, sheet_name, HEADER_SEARCH_ROWS)
            first = next((row for row in rows if any(cell.strip() for cell in row)), None)
            if first is None:
                continue
            if chosen is None or any(canonical_header(h, table) for h in first):
                chosen = sheet_name
                if any(canonical_header(h, table) for h in first):
                    break
        if chosen is None:
            raise TableReadError(msg("no_rows_any_sheet", name=name))
        rows, formulas = _sheet_rows(book, chosen)
        skipped = 0

        def without_leading_blanks() -> Iterator[list[str]]:
            nonlocal skipped
            started = False
            for row in rows:
                if not started and not any(cell.strip() for cell in row):
                    skipped += 1  # empty rows above the header
                    continue
                started = True
                yield row

        header, body, problems, _ = _shape_rows(without_leading_blanks(), name, max_rows)
    except TableReadError:
        raise
    except (KeyError, ValueError, TypeError, zipfile.BadZipFile, OSError) as exc:
        raise TableReadError(msg("unreadable_xlsx", name=name, detail=str(exc))) from None
    finally:
        book.close()
    for problem in problems:
        problem.row += skipped
    frame = pd.DataFrame(body, columns=_unique(header), dtype=str)
    frame.index = frame.index + skipped  # row numbers as Excel shows them
    return frame, chosen, sheets, formulas[0], problems


def _read_parquet(data: bytes, name: str, max_rows: int | None) -> pd.DataFrame:
    try:
        frame = pd.read_parquet(io.BytesIO(data))
    except Exception as exc:  # pyarrow raises several unrelated types for a broken file
        raise TableReadError(msg("unreadable_parquet", name=name, detail=str(exc))) from None
    if max_rows is not None and len(frame) > max_rows:
        raise TableReadError(msg("too_many_rows", name=name, limit=max_rows))
    for column in frame.columns:
        values = frame[column]
        if pd.api.types.is_datetime64_any_dtype(values):
            frame[column] = values.dt.strftime("%Y-%m-%d")
    return frame.astype(object).where(frame.notna(), "").astype(str)


# --- one reader for every format ------------------------------------------------------------
def read_table(source: str | Path | bytes, table: str, name: str | None = None, size_limit: bool = True) -> RawTable:
    """Read a centers or events file of any supported format into a `RawTable`.

    `source` is a path or the file's bytes (an upload); `name` names it in messages. The
    size and row limits guard uploads and imports; the first-run seed from a local folder,
    and a registry folder the administrator points at, have none.
    """
    max_rows = MAX_ROWS if size_limit else None
    if table not in C.TABLE_KINDS:
        raise ValueError(f"table must be one of {C.TABLE_KINDS}")
    data, name = load_bytes(source, name, size_limit)
    if not data.strip():
        raise TableReadError(msg("empty", name=name))

    encoding = separator = sheet = ""
    sheets: list[str] = []
    formulas = trailing = 0
    problems: list[RowProblem] = []
    if data.startswith(ZIP_MAGIC):
        frame, sheet, sheets, formulas, problems = _read_xlsx(data, name, table, max_rows)
    elif data.startswith(PARQUET_MAGIC):
        frame = _read_parquet(data, name, max_rows)
    elif data.startswith(OLE_MAGIC):
        raise TableReadError(msg("old_excel", name=name))
    else:
        frame, encoding, separator, problems, trailing = _read_text(data, name, max_rows)

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
        row_problems=problems,
        trailing_separators=trailing,
    )


def find_table(data_dir: Path, table: str) -> Path:
    """The centers or events file of a registry folder (CSV, XLSX or Parquet)."""
    for suffix in SUFFIXES:
        path = data_dir / f"{table}{suffix}"
        if path.exists():
            return path
    raise TableReadError(msg("no_table_file", folder=str(data_dir), table=table,
                             names=", ".join(table + s for s in SUFFIXES)))  # fmt: skip
