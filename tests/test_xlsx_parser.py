"""What rcnet relies on in openpyxl's private worksheet parser (rcnet_data.core.xlsx_parser),
one test per behaviour, so that an openpyxl upgrade that changes one fails here first."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

import openpyxl

from rcnet_data.core import xlsx_parser


def workbook(build) -> openpyxl.Workbook:
    book = openpyxl.Workbook()
    build(book.active)
    buffer = io.BytesIO()
    book.save(buffer)
    return openpyxl.load_workbook(io.BytesIO(buffer.getvalue()), read_only=True, data_only=True)


def test_the_private_names_it_uses_exist():
    from openpyxl.worksheet import _reader

    assert hasattr(_reader, "WorkSheetParser") and hasattr(_reader.WorkSheetParser, "parse_cell")
    book = workbook(lambda sheet: sheet.append(["a"]))
    sheet = book[book.sheetnames[0]]
    assert hasattr(sheet, "_get_source") and hasattr(sheet, "_shared_strings")
    assert hasattr(book, "epoch") and hasattr(book, "_date_formats") and hasattr(book, "_timedelta_formats")


def test_rows_come_with_their_numbers_and_only_stored_cells():
    def build(sheet):
        sheet["A1"] = "Код"
        sheet["C1"] = "Город"
        sheet["A4"] = "T-1"  # rows 2 and 3 are not stored

    book = workbook(build)
    rows, _ = xlsx_parser.sheet_rows(book, book.sheetnames[0])
    assert list(rows) == [(1, [(1, "Код"), (3, "Город")]), (4, [(1, "T-1")])]


def test_a_declared_dimension_is_not_padded_out():
    book = openpyxl.Workbook()
    book.active["A1"] = "x"
    buffer = io.BytesIO()
    book.save(buffer)
    source, patched = zipfile.ZipFile(io.BytesIO(buffer.getvalue())), io.BytesIO()
    with zipfile.ZipFile(patched, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<dimension ref="A1:A1"/>', b'<dimension ref="A1:XFD1048576"/>')
                assert b"XFD1048576" in data
            target.writestr(item, data)
    opened = openpyxl.load_workbook(io.BytesIO(patched.getvalue()), read_only=True, data_only=True)
    rows, _ = xlsx_parser.sheet_rows(opened, opened.sheetnames[0])
    assert list(rows) == [(1, [(1, "x")])]


def test_dates_come_as_datetimes():
    book = workbook(lambda sheet: sheet.append([datetime(2017, 3, 15)]))
    rows, _ = xlsx_parser.sheet_rows(book, book.sheetnames[0])
    assert list(rows)[0][1][0][1] == datetime(2017, 3, 15)


def test_formulas_are_counted_and_read_as_their_cached_values():
    """A formula cell gives its last computed value (none when it was never computed), and
    each formula is counted once, in the same pass."""

    def build(sheet):
        sheet.append(["a", "b"])
        sheet["A2"] = "=1+1"
        sheet["B2"] = "=CONCATENATE(1, 2)"

    book = workbook(build)
    rows, formulas = xlsx_parser.sheet_rows(book, book.sheetnames[0])
    values = list(rows)
    assert formulas == [2]
    assert values[1] == (2, [(1, None), (2, None)])  # openpyxl never computes: no cached values here
