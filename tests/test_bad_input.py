"""Bad inputs: each gets a clear message, and the database stays as it was."""

from __future__ import annotations

from datetime import datetime

import openpyxl
import pytest

from rcnet_data.core.readers import TableReadError
from rcnet_data.storage import db, importer
from tests.conftest import RUSSIAN_CENTER_HEADERS, set_setting, write_csv, write_xlsx
from tests.test_database import database, snapshot  # noqa: F401


def test_xlsx_with_several_sheets_says_which_is_read(database, tmp_path, center_row):  # noqa: F811
    path = write_xlsx(
        tmp_path / "c.xlsx",
        RUSSIAN_CENTER_HEADERS,
        [center_row(Код="S-1")],
        sheets={"Notes": [["just", "notes"]], "Old": [["x"]]},
    )
    prepared = importer.prepare_import(path, "centers", database)
    assert "read sheet 'Центры' of 3 (Центры, Notes, Old)" in prepared.report.notes("en")
    assert "прочитан лист «Центры» из 3 (Центры, Notes, Old)" in prepared.report.notes("ru")
    assert prepared.new_ids == ["S-1"]


def test_xlsx_with_formulas_reads_values_and_says_so(database, tmp_path, center_row):  # noqa: F811
    path = tmp_path / "f.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(RUSSIAN_CENTER_HEADERS)
    row = center_row(Код="F-1")
    sheet.append(row)
    sheet["B2"] = '=CONCATENATE("ЦУД ", "Пенза")'  # never calculated: no cached value
    book.save(path)
    prepared = importer.prepare_import(path, "centers", database)
    assert any("1 cells hold formulas" in note for note in prepared.report.notes("en"))
    assert prepared.report.errors[0].message == "missing required value"  # the empty value is named


def test_file_over_the_size_limit(database, tmp_path, monkeypatch):  # noqa: F811
    set_setting(monkeypatch, "RCNET_MAX_UPLOAD_MB", 0.001)
    path = tmp_path / "big.csv"
    path.write_text("Код,Наименование\n" + "X,Y\n" * 1000)
    with pytest.raises(TableReadError, match="the limit is 0.001 MB"):
        importer.prepare_import(path, "centers", database)


def test_windows_1251_semicolons_and_decimal_commas_are_read(database, tmp_path, center_row):  # noqa: F811
    path = write_csv(
        tmp_path / "c.csv",
        RUSSIAN_CENTER_HEADERS,
        [center_row(Код="W-1", Широта="53,2", Долгота="45,01")],
        encoding="cp1251",
        sep=";",
    )
    prepared = importer.prepare_import(path, "centers", database)
    assert prepared.report.errors == [] and prepared.rows.iloc[0]["lat"] == pytest.approx(53.2)


def test_mixed_date_formats_in_one_column(database, tmp_path, center_row):  # noqa: F811
    rows = [
        center_row(Код="D-1", **{"Дата открытия": "2017-03-15"}),
        center_row(Код="D-2", **{"Дата открытия": "15.03.2017"}),
        center_row(Код="D-3", **{"Дата открытия": "42809"}),  # Excel's serial for 2017-03-15
        center_row(Код="D-4", **{"Дата открытия": "03/04/2017"}),
    ]
    prepared = importer.prepare_import(write_csv(tmp_path / "c.csv", RUSSIAN_CENTER_HEADERS, rows), "centers", database)
    opened = prepared.rows.set_index("center_id")["opened_on"]
    assert {str(opened[i].date()) for i in ("D-1", "D-2", "D-3")} == {"2017-03-15"}
    (problem,) = prepared.report.errors
    assert (problem.row, problem.value) == (5, "03/04/2017") and "ambiguous" in problem.message


def test_duplicates_unknown_regions_swapped_coordinates(database, tmp_path, center_row):  # noqa: F811
    rows = [
        center_row(Код="X-1"),
        center_row(Код="X-1"),
        center_row(Код="X-2", **{"Субъект РФ": "Пензенская облость"}),
        center_row(Код="X-3", Широта="45,018", Долгота="53,195"),
    ]
    before = snapshot(database)
    prepared = importer.prepare_import(write_csv(tmp_path / "c.csv", RUSSIAN_CENTER_HEADERS, rows), "centers", database)
    messages = {p.row: p.message for p in prepared.report.errors}
    assert "duplicate center_id" in messages[3]
    assert "did you mean 'Пензенская область'" in messages[4]
    assert "swapped" in messages[5]
    assert prepared.new_ids == ["X-1"]
    rejected = prepared.rejected_rows_frame()
    assert list(rejected["row"]) == [3, 4, 5] and list(rejected.columns[:2]) == ["row", "Код"]
    assert snapshot(database)[0].equals(before[0])  # preparing writes nothing


@pytest.mark.parametrize("content", [b"", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "Код,Наименование\n".encode()])
def test_unreadable_files_change_nothing(database, tmp_path, content):  # noqa: F811
    version = db.current_version(database)
    path = tmp_path / "upload.csv"
    path.write_bytes(content)
    with pytest.raises(TableReadError):
        importer.prepare_import(path, "centers", database)
    assert db.current_version(database) == version


def test_excel_date_cells(database, tmp_path, center_row):  # noqa: F811
    row = center_row(Код="XD-1")
    row[RUSSIAN_CENTER_HEADERS.index("Дата открытия")] = datetime(2019, 5, 27)
    prepared = importer.prepare_import(
        write_xlsx(tmp_path / "c.xlsx", RUSSIAN_CENTER_HEADERS, [row]), "centers", database
    )
    assert str(prepared.rows.iloc[0]["opened_on"].date()) == "2019-05-27"
