"""Files that once crashed the reader or filled the memory: each ends in row errors (exit 1)
or one sentence (exit 2), never a traceback, and within a memory cap.

The corpus: rows wider than their header (a trailing separator, an unquoted separator in a
value), dates outside what pandas holds, a year typed into a spreadsheet's date cell, a
workbook that declares a sheet of 16,384 × 1,048,576 cells, a zip bomb, a file of more rows
than the limit, a file over the size limit, /dev/zero, UTF-16, look-alike ids, ids longer
than the database stores. Each class in CSV and in XLSX where both exist.
"""

from __future__ import annotations

import io
import json
import os
import re
import resource
import subprocess
import sys
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import PROJECT_ROOT, RUSSIAN_CENTER_HEADERS, run_cli, write_csv, write_xlsx

MEMORY_CAP = 2 * 1024**3  # bytes of address space: Python, pandas and numpy start well under it


def validate(path: Path, *extra: str, env: dict | None = None, cap: int | None = None):
    """`python -m rcnet_data validate`: in this process; with `cap`, in its own process with
    its memory capped by setrlimit (the files built to fill the memory)."""
    if cap is None:
        result = run_cli("validate", str(path), "--kind", "centers", "--json", *extra, env=env)
        assert "Traceback" not in result.stderr, result.stderr
        return result

    def limit() -> None:
        if cap:
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    result = subprocess.run(
        [sys.executable, "-m", "rcnet_data", "validate", str(path), "--kind", "centers", "--json", *extra],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=limit,
        env={**os.environ, "OPENBLAS_NUM_THREADS": "1", **(env or {})},
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


def errors(result) -> dict[tuple[int, str], str]:
    return {(e["row"], e["column"]): e["message"] for e in json.loads(result.stdout)["errors"]}


def write(tmp_path: Path, fmt: str, rows: list[list], header=RUSSIAN_CENTER_HEADERS) -> Path:
    return (write_csv if fmt == "csv" else write_xlsx)(tmp_path / f"centers.{fmt}", header, rows)


@pytest.mark.parametrize("fmt", ["csv"])
def test_trailing_separator_on_every_row_is_read(tmp_path, center_row, fmt):
    """Spreadsheets that end every line with a separator: nothing is lost, nothing rejected."""
    path = tmp_path / "centers.csv"
    lines = [";".join(RUSSIAN_CENTER_HEADERS) + ";"] + [";".join(center_row(Код=f"T-{k}")) + ";" for k in range(3)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = validate(path)
    assert result.returncode == 0, result.stdout
    assert json.loads(result.stdout)["valid_rows"] == 3


def test_unquoted_separator_inside_a_value_rejects_that_row_only(tmp_path, center_row):
    path = tmp_path / "centers.csv"
    plain = {"Адрес": "ул. Московская 1", "Широта": "53.195", "Долгота": "45.018"}  # no comma but the separator's
    good = [",".join(center_row(Код=f"T-{k}", **plain)) for k in range(2)]
    bad = ",".join(center_row(Код="T-9", Наименование="ЦУД, при библиотеке", **plain))
    path.write_text("\n".join([",".join(RUSSIAN_CENTER_HEADERS), good[0], bad, good[1]]) + "\n", encoding="utf-8")
    result = validate(path)
    assert result.returncode == 1
    found = errors(result)
    row, column = next(iter(found))
    assert row == 3 and "16 fields but the header has 15" in found[(row, column)] and "quotes" in found[(row, column)]
    assert json.loads(result.stdout)["valid_rows"] == 2  # the neighbours are kept, and the first column is no index


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize(
    ("opened", "closed"), [("01.01.1600", ""), ("15.03.2017", "31.12.9999"), ("15.03.2017", "2262-04-12")]
)
def test_dates_outside_what_pandas_holds_are_row_errors(tmp_path, center_row, fmt, opened, closed):
    path = write(
        tmp_path,
        fmt,
        [center_row(Код="D-1"), center_row(Код="D-2", **{"Дата открытия": opened, "Дата закрытия": closed})],
    )
    result = validate(path)
    assert result.returncode == 1, result.stderr
    (message,) = errors(result).values()
    assert "date outside 2000–2100" in message
    assert json.loads(result.stdout)["valid_rows"] == 1


def test_a_year_typed_into_an_excel_date_cell_is_a_row_error(tmp_path, center_row):
    """Excel shows 2017 typed into a date-formatted cell as 09.07.1905: not taken for a date."""
    path = tmp_path / "centers.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(RUSSIAN_CENTER_HEADERS)
    sheet.append(center_row(Код="Y-1"))
    sheet.append(center_row(Код="Y-2"))
    column = RUSSIAN_CENTER_HEADERS.index("Дата открытия") + 1
    sheet.cell(3, column).value = 2017
    sheet.cell(3, column).number_format = "DD.MM.YYYY"
    book.save(path)
    result = validate(path)
    assert result.returncode == 1
    assert re.search(
        "date outside 2000–2100.*number typed into a spreadsheet's date cell", errors(result)[(3, "Дата открытия")]
    )
    csv_path = write_csv(tmp_path / "centers.csv", RUSSIAN_CENTER_HEADERS, [center_row(**{"Дата открытия": "2017"})])
    assert "a year, not a date" in next(iter(errors(validate(csv_path)).values()))


def xlsx_declaring(path: Path, dimension: str, rows: list[list]) -> Path:
    """A small workbook whose sheet claims to span `dimension` (a bomb for readers that trust it)."""
    write_xlsx(path, RUSSIAN_CENTER_HEADERS, rows)
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    parts["xl/worksheets/sheet1.xml"] = re.sub(
        r'<dimension ref="[^"]+"', f'<dimension ref="{dimension}"', sheet
    ).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return path


def test_a_sheet_declaring_a_million_rows_by_16384_columns_is_read_as_it_is(tmp_path, center_row):
    path = xlsx_declaring(tmp_path / "bomb.xlsx", "A1:XFD1048576", [center_row(Код="B-1"), center_row(Код="B-2")])
    assert path.stat().st_size < 10_000
    result = validate(path, cap=MEMORY_CAP)  # with 2 GB of address space; trusting the dimension needed more than 3 GB
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["valid_rows"] == 2


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path):
    path = tmp_path / "zip-bomb.xlsx"
    write_xlsx(path, RUSSIAN_CENTER_HEADERS, [])
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    row = b"<row><c t='inlineStr'><is><t>x</t></is></c></row>"
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"].replace(
        b"</sheetData>", row * 6_000_000 + b"</sheetData>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    assert path.stat().st_size < 2_000_000
    result = validate(path, cap=MEMORY_CAP)
    assert result.returncode == 2 and "unpacks to" in result.stderr


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_more_rows_than_the_limit_is_one_sentence(tmp_path, center_row, fmt):
    path = write(tmp_path, fmt, [center_row(Код=f"R-{k}") for k in range(30)])
    result = validate(path, env={"RCNET_MAX_ROWS": "20"})
    assert result.returncode == 2 and "more than 20 rows" in result.stderr and result.stderr.count("\n") == 1


def test_validate_checks_the_size_before_reading(tmp_path):
    path = tmp_path / "huge.csv"
    with path.open("wb") as handle:  # sparse: 60 MB on paper, nothing on disk
        handle.truncate(60 * 1024 * 1024)
    result = validate(path, cap=MEMORY_CAP)
    assert result.returncode == 2 and "the limit is 50 MB" in result.stderr


def test_import_of_dev_zero_reads_no_further_than_the_limit(tmp_path):
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))

    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "rcnet_data",
            "import",
            "/dev/zero",
            "--database",
            f"sqlite:///{tmp_path / 'r.sqlite3'}",
        ],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=limit,
        env={**os.environ, "OPENBLAS_NUM_THREADS": "1"},
    )
    assert result.returncode == 2 and "the limit is 50 MB" in result.stderr and "Traceback" not in result.stderr


def test_size_message_shows_why_a_file_just_over_the_limit_is_refused(tmp_path):
    path = tmp_path / "just-over.csv"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024 + 10)
    result = validate(path)
    assert "52,428,810 bytes" in result.stderr and "52,428,800 bytes" in result.stderr


def test_utf16_csv_is_read(tmp_path, center_row):
    path = tmp_path / "centers.csv"
    text = "\t".join(RUSSIAN_CENTER_HEADERS) + "\n" + "\t".join(center_row()) + "\n"
    path.write_bytes(text.encode("utf-16"))  # with its BOM, as Excel's "Unicode text" saves it
    result = validate(path)
    assert result.returncode == 0, result.stderr + result.stdout


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_look_alike_ids_are_warned_about_naming_the_other_row(tmp_path, center_row, fmt):
    """Latin and Cyrillic letters that look alike, case, NBSP and zero-width spaces."""
    ids = ["PNZ-001", "РNZ-001", "pnz-002", "PNZ-002", "PNZ 003", "PNZ\u00a0003", "PNZ-004", "PNZ-\u200b004"]
    path = write(tmp_path, fmt, [center_row(Код=code) for code in ids])
    result = validate(path)
    report = json.loads(result.stdout)
    assert report["valid_rows"] == 8 and result.returncode == 0  # warnings: nothing is rejected
    warnings = {w["row"]: w["message"] for w in report["warnings"]}
    assert "looks like center_id 'PNZ-001' in row 2" in warnings[3]
    assert "row 4" in warnings[5] and "row 6" in warnings[7] and "row 8" in warnings[9]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_values_longer_than_the_database_stores_are_row_errors(tmp_path, center_row, fmt):
    path = write(tmp_path, fmt, [center_row(Код="L" * 101), center_row(Код="L" * 100)])
    result = validate(path)
    assert result.returncode == 1
    assert errors(result) == {(2, "Код"): "longer than 100 characters, the most the registry stores"}


def test_a_text_file_is_not_a_table_in_plain_words():
    result = validate(PROJECT_ROOT / "README.md")
    assert result.returncode == 2
    assert "is not a table of centers" in result.stderr and "expected headers such as" in result.stderr
    assert "tokenizing" not in result.stderr and "C error" not in result.stderr


def test_a_workbook_with_a_million_declared_rows_and_few_real_ones_is_quick(tmp_path, center_row):
    """The declared dimension is never trusted, so the parse is as long as the real rows."""
    import time

    path = xlsx_declaring(tmp_path / "wide.xlsx", "A1:Z1048576", [center_row(Код=f"Q-{k}") for k in range(50)])
    started = time.perf_counter()
    result = validate(path, cap=MEMORY_CAP)
    assert result.returncode == 0 and json.loads(result.stdout)["valid_rows"] == 50
    assert time.perf_counter() - started < 60  # a generous bound: trusting the dimension took minutes


def workbook_bytes(rows) -> bytes:
    buffer = io.BytesIO()
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(buffer)
    return buffer.getvalue()


def test_reader_counts_formulas_in_the_one_parse(tmp_path, center_row):
    from rcnet_data.core.readers import read_table

    book = openpyxl.Workbook()
    book.active.append(RUSSIAN_CENTER_HEADERS)
    book.active.append(center_row())
    book.active["B2"] = "=1+1"
    book.active["C2"] = "=2+2"
    book.save(tmp_path / "f.xlsx")
    raw = read_table(tmp_path / "f.xlsx", "centers")
    assert raw.formulas == 2
    _ = datetime  # dates in workbooks are covered above
