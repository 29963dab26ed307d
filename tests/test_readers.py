"""Reading files staff send: encodings, separators, formats, and files that are not tables."""

import pandas as pd
import pytest

from rcnet_data.core.readers import TableReadError, read_table
from tests.conftest import RUSSIAN_CENTER_HEADERS, write_csv, write_xlsx


@pytest.mark.parametrize(
    ("encoding", "sep"),
    [("utf-8", ","), ("utf-8-sig", ";"), ("cp1251", ";"), ("cp1251", ","), ("utf-8", "\t")],
)
def test_csv_encodings_and_separators(tmp_path, center_row, encoding, sep):
    path = write_csv(tmp_path / "c.csv", RUSSIAN_CENTER_HEADERS, [center_row()], encoding=encoding, sep=sep)
    raw = read_table(path, "centers")
    assert raw.frame.loc[0, "region_code"] == "Пензенская обл."
    assert raw.frame.loc[0, "name"] == "ЦУД при библиотеке"
    assert raw.headers["city"] == "Населённый пункт"


def test_xlsx_and_parquet(tmp_path, center_row):
    raw = read_table(write_xlsx(tmp_path / "c.xlsx", RUSSIAN_CENTER_HEADERS, [center_row()]), "centers")
    assert raw.frame.loc[0, "city"] == "Пенза" and raw.sheet == "Центры"
    frame = pd.DataFrame([center_row()], columns=RUSSIAN_CENTER_HEADERS)
    frame.to_parquet(tmp_path / "c.parquet")
    assert read_table(tmp_path / "c.parquet", "centers").frame.loc[0, "kind"] == "ЦУД"


def test_excel_date_cells_become_iso(tmp_path, center_row):
    from datetime import datetime

    row = center_row()
    row[RUSSIAN_CENTER_HEADERS.index("Дата открытия")] = datetime(2017, 3, 15)
    raw = read_table(write_xlsx(tmp_path / "c.xlsx", RUSSIAN_CENTER_HEADERS, [row]), "centers")
    assert raw.frame.loc[0, "opened_on"] == "2017-03-15"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        ("Код,Наименование,Тип\n".encode(), "no data rows"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        (b"alpha,beta\n1,2\n", "not a table of centers"),
        (b"PK\x03\x04garbage-not-a-zip", "not a readable XLSX"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Excel"),
    ],
)
def test_unreadable_files_get_one_clear_message(tmp_path, content, expected):
    path = tmp_path / "upload.csv"
    path.write_bytes(content)
    with pytest.raises(TableReadError) as caught:
        read_table(path, "centers")
    assert expected in str(caught.value)
    assert "upload.csv" in str(caught.value)


def test_missing_file(tmp_path):
    with pytest.raises(TableReadError, match="no such file"):
        read_table(tmp_path / "nope.csv", "centers")


def test_event_headers_in_russian(tmp_path):
    header = ["Код", "Дата", "Дата окончания", "Заголовок", "Тип мероприятия", "Субъект РФ", "Участники", "Ссылка"]
    path = write_csv(tmp_path / "e.csv", header, [["E1", "01.02.2024", "", "Квест", "квест", "Пенза", "20", ""]])
    raw = read_table(path, "events")
    assert raw.frame.loc[0, "event_id"] == "E1" and raw.frame.loc[0, "event_type"] == "квест"
