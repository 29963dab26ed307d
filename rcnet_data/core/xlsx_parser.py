"""The one place rcnet leans on openpyxl's private API: its worksheet parser.

Why not the public API: in read-only mode `Worksheet.iter_rows` pads every row to the
dimension the sheet declares (a 5 KB file may declare 16,384 columns by a million rows),
makes a cell object per cell, and does not say which cells held formulas. openpyxl's
internal `WorkSheetParser.parse()` yields each stored row once, with its row number and
only the cells the file holds, and a subclass sees each cell's XML element (a formula is
an `<f>` child). One pass reads the values and counts the formulas.

What this relies on, each checked by tests/test_xlsx_parser.py, so an openpyxl upgrade
that changes it fails there, not in a user's import:
- `openpyxl.worksheet._reader.WorkSheetParser(source, shared_strings, data_only=, epoch=,
  date_formats=, timedelta_formats=)` and its `parse()` yielding `(row_number, cells)`,
  where each cell is a dict with "column" (1-based) and "value" (dates as datetime);
- `WorkSheetParser.parse_cell(element)` called once per cell element;
- a read-only worksheet's `_get_source()` and `_shared_strings`, and the workbook's
  `epoch`, `_date_formats` and `_timedelta_formats`.
"""

from __future__ import annotations

from collections.abc import Iterator

FORMULA_TAG = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}f"

Row = tuple[int, list[tuple[int, object]]]  # (row number, [(column, value), ...])


def sheet_rows(book, sheet_name: str) -> tuple[Iterator[Row], list[int]]:
    """A sheet's stored rows, each as its row number and its (column, value) cells, read once
    with cached values for formulas (the book must be opened with data_only=True); the
    number of formula cells is in the returned one-item list once the rows are consumed."""
    from openpyxl.worksheet._reader import WorkSheetParser

    formulas = [0]

    class CountingParser(WorkSheetParser):
        def parse_cell(self, element):
            if element.find(FORMULA_TAG) is not None:
                formulas[0] += 1
            return super().parse_cell(element)

    sheet = book[sheet_name]

    def rows() -> Iterator[Row]:
        with sheet._get_source() as source:
            parser = CountingParser(
                source,
                sheet._shared_strings,
                data_only=True,
                epoch=book.epoch,
                date_formats=book._date_formats,
                timedelta_formats=book._timedelta_formats,
            )
            for index, cells in parser.parse():
                yield index, [(cell["column"], cell["value"]) for cell in cells]

    return rows(), formulas
