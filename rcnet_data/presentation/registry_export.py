"""The whole registry out, in the staff's own format, and back in unchanged.

`registry_table` turns a stored table (typed, as the loader gives it) into the sheet a
member of staff keeps: Russian headers («Код», «Наименование», «Субъект РФ»…), regions and
countries by name and coded values in the pages' words in Russian; canonical names and codes in
English. Dates stay dates (real Excel dates; DD.MM.YYYY in a Russian CSV), numbers stay
numbers, and text a spreadsheet would run as a formula is neutralised (exports). The
importer reads every header and value written here, so importing an export adds, updates
and rejects nothing (tests/test_going_live.py proves it on both databases).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from rcnet_data.core import columns
from rcnet_data.core import reference as ref
from rcnet_data.presentation import exports
from rcnet_data.presentation.i18n import t

FORMATS = ("xlsx", "csv")


def registry_table(frame: pd.DataFrame, table: str, lang: str) -> pd.DataFrame:
    """One registry table as a staff file holds it, in the reader's language."""
    names = columns.COLUMNS[table]
    out = pd.DataFrame({column: frame[column] for column in names}).reset_index(drop=True)
    for column in (columns.LAT, columns.LON):
        if column in out:
            out[column] = out[column].astype(float)
    if lang != "ru":
        return out
    for column, codes in columns.CHOICES.items():  # the pages' words, which the importer reads back
        if column in out:
            words = {code: t(code, "ru") for code in codes}
            out[column] = out[column].map(lambda code, words=words: words.get(code, code))
    regions = ref.regions()["name_ru"].to_dict()
    countries = ref.countries()["name_ru"].to_dict()
    out[columns.REGION_CODE] = out[columns.REGION_CODE].map(
        lambda code: regions.get(code, code) if isinstance(code, str) else ""
    )
    out[columns.COUNTRY] = out[columns.COUNTRY].map(lambda code: countries.get(code, code))
    return out.rename(columns=columns.EXPORT_HEADERS_RU[table])


def file_bytes(frame: pd.DataFrame, table: str, lang: str, file_format: str) -> bytes:
    sheet = registry_table(frame, table, lang)
    if file_format == "csv":
        return exports.to_csv_bytes(sheet, lang)
    return exports.to_xlsx_bytes(sheet, table)


def file_name(table: str, file_format: str) -> str:
    """centers.xlsx, events.csv: the names a registry folder (RCNET_DATA_DIR) is read by."""
    return f"{table}.{file_format}"


def write_registry(
    centers: pd.DataFrame, events: pd.DataFrame, folder: Path, lang: str, file_format: str
) -> list[Path]:
    """Both tables into `folder`; returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table, frame in ((columns.TABLE_CENTERS, centers), (columns.TABLE_EVENTS, events)):
        path = folder / file_name(table, file_format)
        path.write_bytes(file_bytes(frame, table, lang, file_format))
        written.append(path)
    return written
