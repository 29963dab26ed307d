"""Reading a registry file (CSV, XLSX, Parquet) into a table of strings.

Everything comes back as text so that validation sees exactly what the user typed and can
quote it in its messages. A file that is not a readable table raises `TableReadError` with
one sentence for the user; a problem with one row (a row wider than the header, a row in
another text encoding than the rest of the file) is kept as a row problem, so that
validation rejects that row and keeps the others. Nothing here ever lets a traceback
reach the user.

The formats are one list, `FORMATS`: each knows its file suffixes and how to recognise its
bytes, and either reads them or says in one sentence why it is not read (an old .xls, an
OpenDocument sheet). The uploader's accepted types, a registry folder's file names and the
"this is not a table" message all come from that list.

Limits come first, before anything is parsed: the file's size (checked before it is read,
and read no further than the limit, so a device or a pipe cannot fill the memory), its
rows and columns, a workbook's unpacked size and a Parquet file's declared size. The
dimension a workbook declares is never trusted (a 5 KB file may declare 16,384 columns by
a million rows). The header is looked for in the first rows, so a title line above it is
skipped.
"""

from __future__ import annotations

import csv
import io
import re
import stat
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

import pandas as pd

from rcnet_data import settings
from rcnet_data.core import columns, xlsx_parser
from rcnet_data.core.messages import LocalisedError, Message, msg

ZIP_MAGIC = b"PK\x03\x04"
PARQUET_MAGIC = b"PAR1"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy .xls
ODF_MIMETYPE = b"application/vnd.oasis.opendocument"  # stored first, uncompressed, in every ODF zip
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
SEPARATORS = (",", ";", "\t")

MAX_COLUMNS = 200
HEADER_SEARCH_ROWS = 30  # rows of a file looked at to find the one with our headers
# An XLSX is a zip: refuse one whose sheets unpack to far more than such files ever hold.
# The same limit holds for the data a Parquet file declares.
MAX_UNPACKED_MB = 1024
MAX_PACKING_RATIO = 100
# A text file with more NUL bytes than this share is binary (or UTF-16 without its mark).
NUL_SHARE = 0.01


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
    rows_above_header: int = 0  # a title or notes above the header row, skipped
    merged_headers: list[tuple[str, ...]] = field(default_factory=list)  # headers of one meaning, combined

    def header_of(self, column: str) -> str:
        return self.headers.get(column, column)

    @property
    def columns(self) -> set[str]:
        """The canonical columns the file has (the others are empty in `frame`)."""
        return set(self.headers)


@dataclass
class Parsed:
    """What a format's reader gives back, before headers are mapped."""

    frame: pd.DataFrame  # the file's own headers; the index is the row's position (row = index + 2)
    encoding: str = ""
    separator: str = ""
    sheet: str = ""
    sheets: list[str] = field(default_factory=list)
    formulas: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    trailing: int = 0
    skipped: int = 0
    headers: list[str] = field(default_factory=list)  # as written, one per column (names may repeat)


def _fold(header: str) -> str:
    return " ".join(str(header).replace("\ufeff", "").strip().lower().replace("ё", "е").split())


def canonical_header(header: str, table: str) -> str | None:
    """The canonical column a header stands for, or None when it is not one of ours."""
    folded = _fold(header)
    if table == columns.TABLE_EVENTS and folded in columns.EVENT_HEADER_OVERRIDES:
        return columns.EVENT_HEADER_OVERRIDES[folded]
    if folded in columns.COLUMNS[table]:
        return folded
    for canonical, aliases in columns.HEADER_ALIASES.items():
        if canonical in columns.COLUMNS[table] and folded in aliases:
            return canonical
    return None


# --- size ---------------------------------------------------------------------------------
def too_large(name: str, size: int) -> TableReadError:
    """A file over the size limit, said with enough precision to show why (a file of 50.0 MB
    over a limit of 50 MB is given in bytes)."""
    limit_mb = settings.current().max_upload_mb
    limit = settings.current().max_upload_bytes
    if size - limit > 0.05 * 1024 * 1024:
        return TableReadError(msg("too_large", name=name, size=round(size / 1024 / 1024, 1), limit=limit_mb))
    return TableReadError(msg("too_large_bytes", name=name, size=size, limit=limit_mb, limit_bytes=limit))


def load_bytes(source: str | Path | bytes, name: str | None = None, size_limit: bool = True) -> tuple[bytes, str]:
    """A file's bytes and its name for messages. With `size_limit`, the size is checked
    before reading, and reading stops one byte past the limit (a device such as /dev/zero,
    or a pipe, reports no size)."""
    limit = settings.current().max_upload_bytes
    if not isinstance(source, (str, Path)):
        data = bytes(source)
        name = name or "upload"
        if size_limit and len(data) > limit:
            raise too_large(name, len(data))
        return data, name
    path = Path(source)
    name = name or path.name
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


# --- rows: header search and shaping ---------------------------------------------------------
def _header_position(rows: list[list[str]], table: str) -> int:
    """Which of the first rows is the header: the first holding the most headers rcnet knows;
    failing that, the first row that is not empty (the caller then says no header is known)."""
    best, best_count = None, 0
    for position, row in enumerate(rows):
        count = sum(1 for cell in row if canonical_header(cell, table))
        if count > best_count:
            best, best_count = position, count
    if best is not None:
        return best
    return next((i for i, row in enumerate(rows) if any(str(cell).strip() for cell in row)), 0)


def _header_names(header: list[str]) -> list[str]:
    return [str(h).strip() if str(h).strip() else f"column {i + 1}" for i, h in enumerate(header)]


def _shape_rows(rows: Iterator[list[str]], name: str, table: str, max_rows: int | None):
    """Header and body rows fitted to the header's width. The header is found among the first
    rows (a title above it is skipped). A row wider than the header is a row problem, unless
    its extra fields are all empty (a trailing separator on every row, which spreadsheets
    write): then the extras are dropped. Returns header, body, problems, trailing, skipped."""
    first: list[list[str]] = []
    for row in rows:
        first.append([str(v) for v in row])
        if len(first) >= HEADER_SEARCH_ROWS:
            break
    if not any(any(cell.strip() for cell in row) for row in first):
        raise TableReadError(msg("empty", name=name))
    skipped = _header_position(first, table)
    header = first[skipped][:MAX_COLUMNS]
    while header and header[-1].strip() == "" and len(header) > 1:
        header.pop()  # a trailing separator on the header line
    width = len(header)
    body: list[list[str]] = []
    problems: list[RowProblem] = []
    trailing = 0

    def remaining() -> Iterator[list[str]]:
        yield from first[skipped + 1 :]
        for row in rows:
            yield [str(v) for v in row]

    for cells in remaining():
        if max_rows is not None and len(body) >= max_rows:
            raise TableReadError(msg("too_many_rows", name=name, limit=max_rows))
        if len(cells) > width:
            extra = cells[width:]
            if any(value.strip() for value in extra):
                position = next(i for i, value in enumerate(extra) if value.strip())
                problems.append(
                    RowProblem(
                        skipped + 2 + len(body),
                        f"column {width + position + 1}",
                        extra[position],
                        msg("row_too_wide", fields=len(cells), width=width),
                    )
                )
            else:
                trailing += 1
            cells = cells[:width]
        body.append(cells + [""] * (width - len(cells)))
    return _header_names(header), body, problems, trailing, skipped


def _frame(header: list[str], body: list[list[str]], skipped: int) -> pd.DataFrame:
    frame = pd.DataFrame(body, columns=_unique(header), dtype=str)
    frame.index = frame.index + skipped  # row numbers as the user's spreadsheet shows them
    return frame


def _unique(names: list[str]) -> list[str]:
    """Column names made unique (a header written twice keeps both)."""
    seen: dict[str, int] = {}
    unique = []
    for name in names:
        count = seen.get(name, 0)
        unique.append(name if count == 0 else f"{name} ({count + 1})")
        seen[name] = count + 1
    return unique


# --- text (CSV) ---------------------------------------------------------------------------
def _decode(data: bytes, name: str) -> tuple[str, str, bool]:
    """The text, its encoding, and whether some rows are in another encoding.

    The encoding is decided on the whole file. Valid UTF-8 is UTF-8, whatever control
    characters it holds (validation names the rows that hold them). A file that is UTF-8
    except for some lines (a row pasted from a Windows-1251 file) stays UTF-8: the bytes of
    those lines are kept as escapes and their rows rejected by number. Only a file with no
    UTF-8 in it is read as Windows-1251. Never is a file stored as mojibake.
    """
    if data.startswith(UTF16_BOMS):
        try:
            return data.decode("utf-16"), "utf-16", False
        except UnicodeDecodeError:
            raise TableReadError(msg("encoding", name=name)) from None
    nuls = data.count(b"\x00")
    if nuls > max(8, NUL_SHARE * len(data)):
        raise TableReadError(msg("binary", name=name, **format_names()))
    try:
        return data.decode("utf-8-sig"), "utf-8", False
    except UnicodeDecodeError:
        pass
    utf8_lines = other_lines = 0
    for line in data.split(b"\n"):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            utf8_lines += 1
        except UnicodeDecodeError:
            other_lines += 1
    if utf8_lines > other_lines:
        return data.decode("utf-8-sig", errors="surrogateescape"), "utf-8", True
    if b"\x00" in data[:4096]:
        raise TableReadError(msg("binary", name=name, **format_names()))
    try:
        text = data.decode("cp1251")
    except UnicodeDecodeError:
        raise TableReadError(msg("encoding", name=name)) from None
    # cp1251 decodes almost any byte string: a text full of control characters is binary data.
    controls = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\r\n\t")
    if controls > max(10, 0.01 * min(len(text), 20000)):
        raise TableReadError(msg("encoding", name=name))
    return text, "windows-1251", False


def _has_escapes(value: str) -> bool:
    return any("\udc80" <= ch <= "\udcff" for ch in value)


def _from_escapes(value: str) -> str:
    """A cell kept as escaped bytes, as it most likely reads (Windows-1251), for the message."""
    return value.encode("utf-8", "surrogateescape").decode("cp1251", errors="replace")


def _reject_escaped_rows(header: list[str], body: list[list[str]], skipped: int, problems: list[RowProblem]) -> None:
    """Rows holding bytes that are not UTF-8 in a UTF-8 file: each rejected, by number, saying
    it is in another encoding; its cells are shown as Windows-1251 would read them."""
    for position, name in enumerate(header):
        if _has_escapes(name):
            header[position] = _from_escapes(name)
    for offset, cells in enumerate(body):
        for position, value in enumerate(cells):
            if _has_escapes(value):
                cells[position] = _from_escapes(value)
                column = header[position] if position < len(header) else f"column {position + 1}"
                problems.append(RowProblem(skipped + 2 + offset, column, cells[position], msg("row_other_encoding")))


def _sniff_separator(text: str) -> str:
    """The separator that the first lines hold most of (a title line above the header may hold none)."""
    lines = text.lstrip("\ufeff").split("\n", HEADER_SEARCH_ROWS)[:HEADER_SEARCH_ROWS]
    counts = {sep: max(line.count(sep) for line in lines) for sep in SEPARATORS}
    best = max(counts, key=counts.get)
    return best if counts[best] > 0 else ","


def _fast_csv(text: str, separator: str, table: str, max_rows: int | None) -> pd.DataFrame | None:
    """A clean CSV whose first line is the header, parsed by Arrow's reader, in C: every value
    text, rows as in the file. None when any row does not fit the header (or a line is
    empty, or the header is further down): then the careful reader takes the file."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    header = next(csv.reader(io.StringIO(text.split("\n", 1)[0]), delimiter=separator), [])
    if not any(canonical_header(cell, table) for cell in header):
        return None
    width = len(header)
    misfits: list[object] = []

    def misfit(row) -> str:
        misfits.append(row)
        return "skip"

    try:
        table_read = pacsv.read_csv(
            io.BytesIO(text.encode("utf-8")),
            read_options=pacsv.ReadOptions(autogenerate_column_names=True, block_size=1 << 24),
            parse_options=pacsv.ParseOptions(
                delimiter=separator, newlines_in_values=True, ignore_empty_lines=False, invalid_row_handler=misfit
            ),
            convert_options=pacsv.ConvertOptions(
                column_types={f"f{i}": pa.string() for i in range(width)},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, ValueError):
        return None
    if misfits or table_read.num_columns != width or table_read.num_rows == 0:
        return None
    if max_rows is not None and table_read.num_rows - 1 > max_rows:
        return None  # the careful reader stops at the limit and says so
    frame = table_read.slice(1).to_pandas()
    frame.columns = _header_names([str(v) for v in table_read.slice(0, 1).to_pylist()[0].values()])
    return frame


def _read_text(data: bytes, name: str, table: str, max_rows: int | None) -> Parsed:
    text, encoding, escaped = _decode(data, name)
    if not text.strip():
        raise TableReadError(msg("empty", name=name))
    separator = _sniff_separator(text)
    text = text.lstrip("\ufeff")
    fast = None if escaped else _fast_csv(text, separator, table, max_rows)
    if fast is not None:
        headers = list(fast.columns)
        fast.columns = _unique(headers)
        return Parsed(fast, encoding=encoding, separator=separator, headers=headers)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    try:
        header, body, problems, trailing, skipped = _shape_rows(reader, name, table, max_rows)
    except csv.Error as exc:
        raise TableReadError(msg("unreadable_csv", name=name, detail=str(exc).strip())) from None
    if escaped:
        _reject_escaped_rows(header, body, skipped, problems)
    frame = _frame(header, body, skipped)
    return Parsed(
        frame,
        encoding=encoding,
        separator=separator,
        problems=problems,
        trailing=trailing,
        skipped=skipped,
        headers=header,
    )


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
    text = str(value)
    if "_x" in text:  # OOXML escapes a character XML cannot hold (a CR) as _x000D_; Excel shows the character
        text = OOXML_ESCAPE.sub(lambda found: chr(int(found.group(1), 16)), text)
    return text.strip()


OOXML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _sheet_rows(book, sheet_name: str) -> tuple[Iterator[list[str]], list[int]]:
    """A sheet's rows as lists of text, cells placed by their column and empty rows kept (so
    row numbers match Excel's); the count of formula cells is in the list once consumed."""
    stored, formulas = xlsx_parser.sheet_rows(book, sheet_name)

    def rows() -> Iterator[list[str]]:
        expected = 1
        for index, cells in stored:
            for _ in range(expected, index):
                yield []  # rows the file leaves out are empty rows
            expected = index + 1
            row: list[str] = []
            for column, value in cells:
                if column > MAX_COLUMNS:
                    continue
                row.extend([""] * (column - 1 - len(row)))
                row.append(_excel_cell_text(value))
            yield row

    return rows(), formulas


def _check_unpacked_size(data: bytes, name: str) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise TableReadError(msg("unreadable_xlsx", name=name, detail=str(exc))) from None
    _check_declared_size(unpacked, len(data), name)


def _check_declared_size(unpacked: int, packed: int, name: str, code: str = "xlsx_too_large") -> None:
    packed_like_a_bomb = unpacked > 200 * 1024 * 1024 and unpacked > MAX_PACKING_RATIO * packed
    if unpacked > MAX_UNPACKED_MB * 1024 * 1024 or packed_like_a_bomb:
        raise TableReadError(msg(code, name=name, size=round(unpacked / 1024 / 1024)))


def _read_xlsx(data: bytes, name: str, table: str, max_rows: int | None) -> Parsed:
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
        chosen, chosen_count = None, -1
        for sheet_name in sheets:
            rows, _ = _sheet_rows(book, sheet_name)
            first = [row for _, row in zip(range(HEADER_SEARCH_ROWS), rows)]
            if not any(any(cell.strip() for cell in row) for row in first):
                continue
            known = max(sum(1 for cell in row if canonical_header(cell, table)) for row in first)
            if known > chosen_count:
                chosen, chosen_count = sheet_name, known
        if chosen is None:
            raise TableReadError(msg("no_rows_any_sheet", name=name))
        rows, formulas = _sheet_rows(book, chosen)
        header, body, problems, _, skipped = _shape_rows(rows, name, table, max_rows)
    except TableReadError:
        raise
    except (KeyError, ValueError, TypeError, zipfile.BadZipFile, OSError) as exc:
        raise TableReadError(msg("unreadable_xlsx", name=name, detail=str(exc))) from None
    finally:
        book.close()
    return Parsed(
        _frame(header, body, skipped),
        sheet=chosen,
        sheets=sheets,
        formulas=formulas[0],
        problems=problems,
        skipped=skipped,
        headers=header,
    )


# --- Parquet ------------------------------------------------------------------------------
def _read_parquet(data: bytes, name: str, table: str, max_rows: int | None) -> Parsed:
    """A Parquet file, after its metadata: the rows and the uncompressed size it declares are
    checked against the limits before a byte of data is decompressed (2.6 MB of Parquet
    can hold gigabytes of text); row groups are then read one at a time, and reading stops
    as soon as what was read passes the limit, whatever the metadata said."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        handle = pq.ParquetFile(io.BytesIO(data))
        meta = handle.metadata
        declared = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
    except Exception as exc:  # pyarrow raises several unrelated types for a broken file
        raise TableReadError(msg("unreadable_parquet", name=name, detail=str(exc))) from None
    if max_rows is not None and meta.num_rows > max_rows:
        raise TableReadError(msg("too_many_rows", name=name, limit=max_rows))
    _check_declared_size(declared, len(data), name, "parquet_too_large")
    groups, read = [], 0
    try:
        for index in range(meta.num_row_groups):
            group = handle.read_row_group(index)
            read += group.nbytes
            _check_declared_size(read, len(data), name, "parquet_too_large")
            groups.append(group)
        frame = (pa.concat_tables(groups) if groups else handle.schema_arrow.empty_table()).to_pandas()
    except TableReadError:
        raise
    except Exception as exc:
        raise TableReadError(msg("unreadable_parquet", name=name, detail=str(exc))) from None
    for column in frame.columns:
        values = frame[column]
        if pd.api.types.is_datetime64_any_dtype(values):
            frame[column] = values.dt.strftime("%Y-%m-%d")
    frame.columns = [str(c) for c in frame.columns]
    return Parsed(frame.astype(object).where(frame.notna(), "").astype(str))


# --- the formats --------------------------------------------------------------------------
@dataclass(frozen=True)
class Format:
    """A kind of file: its suffixes, how its bytes are recognised, and its reader, or the
    message that says why it is not read."""

    label: str
    suffixes: tuple[str, ...]
    sniff: Callable[[bytes], bool]
    read: Callable[[bytes, str, str, int | None], Parsed] | None = None
    refusal: str | None = None  # message code, for a format that is recognised but not read


FORMATS: tuple[Format, ...] = (
    Format(
        "OpenDocument",
        (".ods",),
        lambda data: data.startswith(ZIP_MAGIC) and ODF_MIMETYPE in data[:200],
        refusal="opendocument",
    ),
    Format("XLSX", (".xlsx",), lambda data: data.startswith(ZIP_MAGIC), read=_read_xlsx),
    Format("Parquet", (".parquet",), lambda data: data.startswith(PARQUET_MAGIC), read=_read_parquet),
    Format("XLS", (".xls",), lambda data: data.startswith(OLE_MAGIC), refusal="old_excel"),
    Format("CSV", (".csv", ".txt", ".tsv"), lambda data: True, read=_read_text),  # text: the fallback
)
READ_FORMATS = tuple(f for f in FORMATS if f.read)
# A registry folder holds centers.<suffix> and events.<suffix>, one of these.
SUFFIXES = tuple(f.suffixes[0] for f in sorted(READ_FORMATS, key=lambda f: f.label != "CSV"))


def upload_types() -> list[str]:
    """The suffixes the uploader accepts (without the dot)."""
    return [suffix.lstrip(".") for f in READ_FORMATS for suffix in f.suffixes]


def format_names() -> dict[str, str]:
    """The formats that are read, for messages in both languages: "CSV, XLSX or Parquet"."""
    labels = sorted((f.label for f in READ_FORMATS), key=lambda label: label != "CSV")
    return {
        "formats": ", ".join(labels[:-1]) + " or " + labels[-1],
        "formats_ru": ", ".join(labels[:-1]) + " или " + labels[-1],
    }


def format_of(data: bytes) -> Format:
    return next(f for f in FORMATS if f.sniff(data))


# --- one reader for every format ------------------------------------------------------------
def _merge_same_meaning(frame: pd.DataFrame, found: list[str], written: dict[str, str], name: str) -> pd.Series:
    """Several columns meaning one thing (an empty «Наименование» beside a filled «Название»):
    each row takes the one value it has; two different values in one row refuse the file,
    naming both columns and the row."""
    merged = frame[found[0]].fillna("").astype(str).str.strip()
    for other in found[1:]:
        values = frame[other].fillna("").astype(str).str.strip()
        clash = (merged != "") & (values != "") & (merged != values)
        if clash.any():
            row = int(values.index[clash][0]) + 2
            raise TableReadError(
                msg("same_meaning_columns", name=name, first=written[found[0]], second=written[other], row=row)
            )
        merged = merged.mask(merged == "", values)
    return _without_text_marks(merged)


# A spreadsheet's "this is text" mark: the apostrophe that rcnet's own downloads (and Excel)
# put before text that would otherwise run as a formula, at its start or after a line break.
TEXT_MARK = re.compile(r"(^|\r\n|\r|\n)'(?=[=+\-@\t\r])")


def _without_text_marks(values: pd.Series) -> pd.Series:
    """Cells as their author wrote them: a spreadsheet shows «'=1+1» as «=1+1», and so the
    apostrophe an export added is not part of the value (an exported file imports unchanged)."""
    marked = values.str.contains("'", regex=False)
    if not marked.any():
        return values
    return values.mask(marked, values[marked].str.replace(TEXT_MARK, r"\1", regex=True))


def read_table(source: str | Path | bytes, table: str, name: str | None = None, size_limit: bool = True) -> RawTable:
    """Read a centers or events file of any supported format into a `RawTable`.

    `source` is a path or the file's bytes (an upload); `name` names it in messages. The
    size and row limits guard uploads and imports; the first-run seed from a local folder,
    and a registry folder the administrator points at, have none.
    """
    max_rows = settings.current().max_rows if size_limit else None
    if table not in columns.TABLE_KINDS:
        raise ValueError(f"table must be one of {columns.TABLE_KINDS}")
    data, name = load_bytes(source, name, size_limit)
    if not data.strip():
        raise TableReadError(msg("empty", name=name))
    kind = format_of(data)
    if kind.read is None:
        raise TableReadError(msg(kind.refusal, name=name))
    parsed = kind.read(data, name, table, max_rows)
    frame = parsed.frame

    by_canonical: dict[str, list[str]] = {}  # canonical name -> the frame's columns that mean it
    written: dict[str, str] = {}  # the frame's column -> its header as the file writes it
    ignored: list[str] = []
    for column, header in zip(frame.columns, parsed.headers or list(frame.columns), strict=True):
        written[column] = str(header).replace("\ufeff", "").strip()
        canonical = canonical_header(header, table)
        if canonical is None:
            ignored.append(written[column])
        else:
            by_canonical.setdefault(canonical, []).append(column)
    if not by_canonical:
        raise TableReadError(
            msg(
                "no_columns",
                name=name,
                table=table,
                found=", ".join(map(str, frame.columns[:8])),
                expected=", ".join(columns.COLUMNS[table]),
            )
        )
    column_names = {
        canonical: _merge_same_meaning(frame, found, written, name) for canonical, found in by_canonical.items()
    }
    merged = [tuple(written[c] for c in found) for found in by_canonical.values() if len(found) > 1]
    headers = {canonical: written[found[0]] for canonical, found in by_canonical.items()}
    frame = pd.DataFrame(column_names, index=frame.index)
    frame = frame[(frame != "").any(axis=1)]
    if frame.empty:
        raise TableReadError(msg("header_only", name=name))
    for column in columns.COLUMNS[table]:
        if column not in frame.columns:
            frame[column] = ""
    return RawTable(
        frame=frame[columns.COLUMNS[table]],
        source_name=name,
        headers=headers,
        ignored_headers=ignored,
        encoding=parsed.encoding,
        separator=parsed.separator,
        sheet=parsed.sheet,
        sheets=parsed.sheets,
        formulas=parsed.formulas,
        row_problems=parsed.problems,
        trailing_separators=parsed.trailing,
        rows_above_header=parsed.skipped,
        merged_headers=merged,
    )


def find_table(data_dir: Path, table: str) -> Path:
    """The centers or events file of a registry folder (CSV, XLSX or Parquet)."""
    for suffix in SUFFIXES:
        path = data_dir / f"{table}{suffix}"
        if path.exists():
            return path
    raise TableReadError(
        msg("no_table_file", folder=str(data_dir), table=table, names=", ".join(table + s for s in SUFFIXES))
    )
