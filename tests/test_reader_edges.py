"""Files that once crashed the reader or got a wrong answer: a NUL or a vertical tab in valid
UTF-8, two columns of one meaning, a title row above an XLSX header, an OpenDocument sheet,
a Parquet file that decompresses to gigabytes, a damaged snapshot, and 200,000 rejected
rows. Each gets rows rejected by number or one sentence, and nothing else."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from rcnet_data.core import columns, readers
from rcnet_data.core.readers import TableReadError, read_table
from rcnet_data.core.validation import validate_file
from rcnet_data.storage import importer, registry, snapshots
from tests.conftest import RUSSIAN_CENTER_HEADERS, set_setting, write_csv, write_xlsx
from tests.test_database import database  # noqa: F401


@pytest.mark.parametrize(("character", "name"), [("\x00", "NUL"), ("\x0b", "vertical tab")])
def test_a_control_character_early_in_valid_utf8_names_its_row(tmp_path, center_row, character, name):
    rows = [center_row(Код=f"C-{i}") for i in range(3)]
    rows[0][RUSSIAN_CENTER_HEADERS.index("Адрес")] = f"ул. Ленина,{character} 1"
    report = validate_file(write_csv(tmp_path / "c.csv", RUSSIAN_CENTER_HEADERS, rows), columns.TABLE_CENTERS)
    assert [(p.row, p.column) for p in report.errors] == [(2, "Адрес")]
    assert f"control character ({name})" in report.errors[0].message
    assert "управляющий символ" in report.errors[0].text("ru")
    assert report.valid_rows == 2


def test_many_nul_bytes_are_still_a_binary_file(tmp_path):
    path = tmp_path / "c.csv"
    path.write_bytes("Код,Наименование\n".encode() + b"\x00" * 4000)
    with pytest.raises(TableReadError, match="binary file, not a CSV, XLSX or Parquet table"):
        read_table(path, columns.TABLE_CENTERS)


def test_two_columns_of_one_meaning_take_the_filled_one(tmp_path, center_row):
    header = [*RUSSIAN_CENTER_HEADERS, "Наименование"]
    rows = [[*center_row(Код=f"N-{i}", Наименование=""), f"Центр {i}"] for i in range(3)]
    report = validate_file(write_csv(tmp_path / "c.csv", header, rows), columns.TABLE_CENTERS)
    assert report.errors == [] and list(report.valid[columns.NAME]) == ["Центр 0", "Центр 1", "Центр 2"]
    assert any("mean the same thing" in note for note in report.notes("en"))


def test_two_columns_of_one_meaning_that_disagree_refuse_the_file(tmp_path, center_row):
    header = [*RUSSIAN_CENTER_HEADERS, "Название"]
    rows = [[*center_row(Код="N-1"), "ЦУД при библиотеке"], [*center_row(Код="N-2"), "Другой центр"]]
    with pytest.raises(TableReadError) as caught:
        read_table(write_csv(tmp_path / "c.csv", header, rows), columns.TABLE_CENTERS)
    assert "'Наименование' and 'Название'" in str(caught.value) and "(row 3)" in str(caught.value)
    assert "«Наименование» и «Название»" in caught.value.text("ru")


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_title_row_above_the_header_is_skipped(tmp_path, center_row, fmt):
    rows = [center_row(Код="T-1"), center_row(Код="T-2")]
    if fmt == "xlsx":
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(["Реестр центров удалённого доступа на 1 декабря 2026 г."])
        sheet.append([])
        sheet.append(RUSSIAN_CENTER_HEADERS)
        for row in rows:
            sheet.append(row)
        path = tmp_path / "c.xlsx"
        book.save(path)
    else:
        path = tmp_path / "c.csv"
        body = write_csv(tmp_path / "body.csv", RUSSIAN_CENTER_HEADERS, rows, sep=";").read_text(encoding="utf-8")
        path.write_text("Реестр центров на 1 декабря 2026 г.\n\n" + body, encoding="utf-8")
    report = validate_file(path, columns.TABLE_CENTERS)
    assert report.errors == [] and list(report.valid[columns.CENTER_ID]) == ["T-1", "T-2"]
    assert "the header is in row 3: the 2 row(s) above it were skipped" in report.notes("en")
    # Row numbers are the spreadsheet's: a bad cell in the first data row is row 4.
    rows[0][RUSSIAN_CENTER_HEADERS.index("Тип")] = "Библиобус"
    if fmt == "xlsx":
        sheet.cell(row=4, column=RUSSIAN_CENTER_HEADERS.index("Тип") + 1, value="Библиобус")
        book.save(path)
    else:
        path.write_text(path.read_text(encoding="utf-8").replace("ЦУД;Россия", "Библиобус;Россия", 1), encoding="utf-8")
    assert [p.row for p in validate_file(path, columns.TABLE_CENTERS).errors] == [4]


def test_an_opendocument_sheet_gets_one_sentence(tmp_path):
    buffer = io.BytesIO()
    with __import__("zipfile").ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    path = tmp_path / "реестр.ods"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(TableReadError) as caught:
        read_table(path, columns.TABLE_CENTERS)
    assert (
        str(caught.value)
        == "реестр.ods: OpenDocument spreadsheets (.ods) are not read; save it as XLSX (Excel 2007–365) or CSV."
    )


def test_a_parquet_bomb_is_refused_from_its_metadata_before_any_data_is_read(tmp_path, monkeypatch):
    """A column of one long text repeated compresses a hundredfold: the size Parquet declares
    is checked against the limit before a row group is decompressed."""
    values = pa.array(["Ц" * 5000] * 4000)  # 40,000,000 bytes of text
    path = tmp_path / "bomb.parquet"
    pq.write_table(pa.table({"Код": values}), path, compression="zstd", use_dictionary=False)
    assert path.stat().st_size < 1024 * 1024
    monkeypatch.setattr(readers, "MAX_UNPACKED_MB", 16)
    monkeypatch.setattr(readers, "MAX_PACKING_RATIO", 10)
    decompressed = []
    monkeypatch.setattr(pq.ParquetFile, "read_row_group", lambda *a, **k: decompressed.append(1))
    with pytest.raises(TableReadError, match="the Parquet file holds 38 MB of data once unpacked"):
        read_table(path, columns.TABLE_CENTERS)
    assert decompressed == []


def test_a_parquet_file_declaring_more_rows_than_the_limit_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "many.parquet"
    pq.write_table(pa.table({"Код": [f"R-{i}" for i in range(50)]}), path)
    set_setting(monkeypatch, "RCNET_MAX_ROWS", 20)
    with pytest.raises(TableReadError, match="more than 20 rows"):
        read_table(path, columns.TABLE_CENTERS)


def test_a_snapshot_with_the_wrong_columns_is_discarded_and_rebuilt(database, tmp_path, monkeypatch):  # noqa: F811
    set_setting(monkeypatch, "RCNET_CACHE_DIR", str(tmp_path / "cache"))
    registry._load_database.cache_clear()
    url = database.url.render_as_string(hide_password=False)
    first = registry.load_registry_from_database(url)
    written = sorted((tmp_path / "cache").rglob("*.centers.parquet"))
    assert len(written) == 1
    pd.DataFrame({"something": [1, 2]}).to_parquet(written[0])  # a damaged cache
    registry._load_database.cache_clear()
    again = registry.load_registry_from_database(url)
    pd.testing.assert_frame_equal(again.centers, first.centers)
    assert set(columns.CENTER_COLUMNS) <= set(pd.read_parquet(written[0]).columns)  # written anew
    registry._load_database.cache_clear()


def test_a_snapshot_of_the_right_columns_but_wrong_values_is_discarded(tmp_path, monkeypatch):
    set_setting(monkeypatch, "RCNET_CACHE_DIR", str(tmp_path / "cache"))
    version = (7, "abc")
    frame = pd.DataFrame({column: ["not a date"] for column in columns.CENTER_COLUMNS})
    events = pd.DataFrame({column: ["x"] for column in columns.EVENT_COLUMNS})
    snapshots.write("sqlite:///x", version, frame, events)
    assert snapshots.read("sqlite:///x", version) is None
    assert not list((tmp_path / "cache").rglob("*.parquet"))


def test_rejected_rows_are_made_once_per_preparation_and_counted_by_reason(database, tmp_path, center_row, monkeypatch):  # noqa: F811
    rows = [center_row(Код=f"B-{i}", Тип="Библиобус") for i in range(3000)]
    rows += [center_row(Код=f"D-{i}", **{"Дата открытия": "31.02.2020"}) for i in range(1000)]
    rows += [center_row(Код="OK-1")]
    prepared = importer.prepare_import(write_csv(tmp_path / "c.csv", RUSSIAN_CENTER_HEADERS, rows), "centers", database)
    built = []
    original = importer.PreparedImport._rejected_rows_frame
    monkeypatch.setattr(
        importer.PreparedImport, "_rejected_rows_frame", lambda self, lang: built.append(lang) or original(self, lang)
    )
    first = prepared.rejected_rows_frame("ru")
    assert prepared.rejected_rows_frame("ru") is first and built == ["ru"]
    assert len(first) == 4000
    reasons = prepared.rejection_reasons("en")
    assert list(zip(reasons["column"], reasons["rows"])) == [("Тип", 3000), ("Дата открытия", 1000)]
    assert reasons["reason"][0].startswith("unknown kind") and reasons["reason"][1].startswith("not a date")


def test_upload_types_and_messages_come_from_the_list_of_formats():
    assert readers.upload_types() == ["xlsx", "parquet", "csv", "txt", "tsv"]
    assert readers.SUFFIXES == (".csv", ".xlsx", ".parquet")
    labels = [f.label for f in readers.FORMATS]
    assert labels == ["OpenDocument", "XLSX", "Parquet", "XLS", "CSV"]
    assert readers.format_names()["formats"] == "CSV, XLSX or Parquet"


def test_xlsx_reads_a_sheet_written_by_pandas(tmp_path, center_row):
    path = write_xlsx(tmp_path / "c.xlsx", RUSSIAN_CENTER_HEADERS, [center_row(Код="X-1")])
    assert read_table(path, columns.TABLE_CENTERS).frame.loc[0, columns.CENTER_ID] == "X-1"
