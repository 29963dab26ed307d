"""Imports that never silently erase or garble the registry: a file changes only the columns
it has, empty cells empty nothing unless the user says so, text is never stored as mojibake,
look-alike ids are warned about before the write, and a damaged database is refused for
writes with exit codes that tell the truth. On SQLite and PostgreSQL."""

from __future__ import annotations

import json
import math
import sqlite3
from datetime import date

import pandas as pd
import pytest
import sqlalchemy as sa

from rcnet_data import cli
from rcnet_data.core import columns
from rcnet_data.storage import db, importer, startup
from tests.conftest import write_csv
from tests.test_database import database, snapshot  # noqa: F401  (the fixture is shared)

REQUIRED_HEADERS = ["Код", "Наименование", "Тип", "Сеть", "Субъект РФ", "Населённый пункт", "Дата открытия"]
KIND_RU = {columns.KIND_RAC: "ЦУД", columns.KIND_REGIONAL: "Региональный центр", columns.KIND_BRANCH: "Филиал"}


def url_of(engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def run_cli(capsys, *argv) -> tuple[int, str, str]:
    status = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def chosen_centers(centers: pd.DataFrame) -> pd.DataFrame:
    """Stored domestic centers that have everything a short file could lose: a host, an
    address, coordinates, a published source, and closed ones too."""
    domestic = centers[(centers[columns.NETWORK] == columns.DOMESTIC) & (centers[columns.KIND].isin(list(KIND_RU)))]
    closed = domestic[domestic[columns.CLOSED_ON].notna() & (domestic[columns.ADDRESS] != "")].head(3)
    published = domestic[(domestic[columns.SOURCE] != columns.DEMO_SOURCE) & (domestic[columns.HOST] != "")].head(3)
    plain = domestic[(domestic[columns.ADDRESS] != "") & domestic[columns.CLOSED_ON].isna()].head(4)
    chosen = pd.concat([closed, published, plain])
    assert chosen[columns.CLOSED_ON].notna().sum() == 3 and (chosen[columns.SOURCE] != columns.DEMO_SOURCE).sum() >= 3
    return chosen


def required_rows(chosen: pd.DataFrame, **override) -> list[list]:
    """The chosen centers as a coordinator's short file writes them: the required columns."""
    from rcnet_data.core import reference as ref

    rows = []
    for center in chosen.itertuples():
        rows.append(
            [
                center.center_id,
                override.get("name", center.name),
                KIND_RU[center.kind],
                "Россия",
                ref.regions().loc[center.region_code, "name_ru"],
                center.city,
                center.opened_on.date().isoformat(),
            ]
        )
    return rows


def stored_rows(engine, ids) -> pd.DataFrame:
    centers, _ = snapshot(engine)
    return centers[centers[columns.CENTER_ID].isin(list(ids))].set_index(columns.CENTER_ID).sort_index()


def test_a_file_of_the_required_columns_changes_only_those(database, tmp_path, capsys):  # noqa: F811
    centers, _ = snapshot(database)
    chosen = chosen_centers(centers)
    before = stored_rows(database, chosen[columns.CENTER_ID])
    path = write_csv(tmp_path / "short.csv", REQUIRED_HEADERS, required_rows(chosen, name="Переименованный центр"))
    status, out, _ = run_cli(capsys, "import", path, "--database", url_of(database), "--json")
    summary = json.loads(out)
    assert status == 0 and summary["updated"] == len(chosen) and summary["would_empty"] == {}
    after = stored_rows(database, chosen[columns.CENTER_ID])
    assert (after[columns.NAME] == "Переименованный центр").all()
    # Every other column, compared value by value: hosts, addresses, points, sources and
    # closing dates are as they were.
    untouched = [c for c in columns.CENTER_COLUMNS if c not in (columns.CENTER_ID, columns.NAME)]
    pd.testing.assert_frame_equal(after[untouched], before[untouched])
    assert after[columns.CLOSED_ON].notna().sum() == 3


def test_empty_cells_keep_stored_values_unless_the_user_allows_blanks(database, tmp_path, capsys):  # noqa: F811
    centers, _ = snapshot(database)
    chosen = chosen_centers(centers)
    before = stored_rows(database, chosen[columns.CENTER_ID])
    headers = [*REQUIRED_HEADERS, "Учреждение", "Адрес", "Широта", "Долгота", "Дата закрытия", "Источник"]
    rows = [row + ["", "", "", "", "", ""] for row in required_rows(chosen)]
    path = write_csv(tmp_path / "blanks.csv", headers, rows)
    prepared = importer.prepare_import(path, "centers", database)
    # An independent count: the stored values these empty cells stand over.
    expected = {
        column: int((before[column].notna() & (before[column].astype(str) != "")).sum())
        for column in (columns.HOST, columns.ADDRESS, columns.LAT, columns.LON, columns.CLOSED_ON, columns.SOURCE)
    }
    assert expected[columns.CLOSED_ON] == 3 and expected[columns.HOST] == len(chosen)
    assert prepared.would_empty == expected
    assert prepared.changed_ids == [] and len(prepared.unchanged_ids) == len(chosen)  # nothing would change
    status, out, _ = run_cli(capsys, "import", path, "--database", url_of(database), "--json")
    assert json.loads(out)["would_empty"] == expected
    pd.testing.assert_frame_equal(stored_rows(database, chosen[columns.CENTER_ID]), before)

    status, out, _ = run_cli(capsys, "import", path, "--database", url_of(database), "--json", "--allow-blanks")
    summary = json.loads(out)
    assert status == 0 and summary["blanks_written"] and summary["updated"] == len(chosen)
    after = stored_rows(database, chosen[columns.CENTER_ID])
    assert (
        (after[columns.HOST] == "").all()
        and (after[columns.ADDRESS] == "").all()
        and after[columns.CLOSED_ON].isna().all()
    )
    assert (after[columns.HOST_TYPE] == before[columns.HOST_TYPE]).all()  # not in the file: kept
    assert (after[columns.SOURCE] == "import: blanks.csv").all()
    # Coordinates left empty are looked up from the town, as for a new row.
    assert after[columns.LAT].notna().all()


def test_a_utf8_file_with_one_windows_1251_row_stores_no_mojibake(database, tmp_path, capsys):  # noqa: F811
    header = ",".join(REQUIRED_HEADERS)
    good = [f"ENC-{i},Центр «Пенза-{i}»,ЦУД,Россия,Пензенская обл.,Пенза,2020-01-0{i}" for i in range(1, 5)]
    stray = "ENC-9,Центр в Тамбове,ЦУД,Россия,Тамбовская обл.,Тамбов,2020-01-09"
    data = (
        ("\n".join([header, *good[:2]]) + "\n").encode("utf-8")
        + (stray + "\n").encode("cp1251")
        + ("\n".join(good[2:]) + "\n").encode("utf-8")
    )
    path = tmp_path / "mixed.csv"
    path.write_bytes(data)
    status, out, _ = run_cli(capsys, "import", path, "--database", url_of(database), "--json")
    summary = json.loads(out)
    assert status == 1 and summary["added"] == 4 and summary["rejected"] == 1
    assert summary["rejected_rows"][0]["row"] == 4
    assert "not in UTF-8 like the rest of the file" in summary["rejected_rows"][0]["reasons"][0]
    centers, _ = snapshot(database)
    stored = centers[centers[columns.CENTER_ID].str.startswith("ENC-")]
    assert sorted(stored[columns.NAME]) == [f"Центр «Пенза-{i}»" for i in range(1, 5)]
    assert_no_mojibake(centers)


def assert_no_mojibake(frame: pd.DataFrame) -> None:
    """Every stored text decoded back: text that is UTF-8 read as Windows-1251 («Р¦РµРЅС‚СЂ»)
    turns into other, valid text when encoded as Windows-1251 and read as UTF-8."""
    for column in frame.columns:
        for value in frame[column].dropna():
            if not isinstance(value, str) or value.isascii():
                continue
            try:
                again = value.encode("cp1251").decode("utf-8")
            except (UnicodeEncodeError, UnicodeDecodeError):
                continue
            assert again == value, f"{column}: {value!r} is mojibake of {again!r}"


def test_ids_that_look_like_registry_ids_are_warned_about_before_the_write(database, tmp_path, capsys):  # noqa: F811
    rows = [
        ["ad-0001", "Центр", "ЦУД", "Россия", "Адыгея", "Майкоп", "2020-01-01"],
        ["АD-0002", "Центр", "ЦУД", "Россия", "Адыгея", "Майкоп", "2020-01-01"],
    ]  # Cyrillic А
    path = write_csv(tmp_path / "alike.csv", REQUIRED_HEADERS, rows)
    prepared = importer.prepare_import(path, "centers", database)
    warned = {w.value: w for w in prepared.warnings}
    assert set(warned) == {"ad-0001", "АD-0002"}
    assert "looks like 'AD-0001', already in the registry" in warned["ad-0001"].message
    assert "«AD-0002», который уже есть в реестре" in warned["АD-0002"].text("ru")
    status, out, _ = run_cli(capsys, "import", path, "--database", url_of(database))
    assert "warning: row 2, Код = 'ad-0001'" in out and "warning: row 3" in out
    status, out, _ = run_cli(capsys, "validate", path, "--json")  # a file alone: the same check within the file
    assert json.loads(out)["warnings"] == []


@pytest.fixture
def damaged(tmp_path):
    """An SQLite registry with garbage written over part of its file."""
    path = tmp_path / "damaged.sqlite3"
    url = f"sqlite:///{path}"
    startup.open_database(url)
    db.engine_for(url).dispose()
    startup.forget(url)
    size = path.stat().st_size
    with path.open("r+b") as handle:
        handle.seek(int(size * 0.6))
        handle.write(b"\xff" * 16384)
    return url, path


def test_a_damaged_sqlite_file_is_refused_for_writes_with_the_truth(damaged, tmp_path, capsys):
    url, path = damaged
    rows = [["DMG-1", "Центр", "ЦУД", "Россия", "Пензенская обл.", "Пенза", "2020-01-01"]]
    status, out, err = run_cli(
        capsys, "import", write_csv(tmp_path / "c.csv", REQUIRED_HEADERS, rows), "--database", url
    )
    assert status == 2 and "fails its integrity check" in err and "nothing is written" in err
    assert "Traceback" not in err and out == ""
    with sqlite3.connect(path) as connection:  # nothing was written (the page holding ids is readable)
        assert connection.execute("SELECT count(*) FROM imports WHERE file_name = 'c.csv'").fetchone()[0] == 0


def test_an_import_written_then_unreadable_says_written(database, tmp_path, capsys, monkeypatch):  # noqa: F811
    """Rows committed, then reading the registry back fails: the exit code still says written."""
    from rcnet_data.storage import registry

    def unreadable(*args, **kwargs):
        raise sa.exc.DatabaseError("SELECT", {}, Exception("database disk image is malformed"))

    monkeypatch.setattr(registry, "load_registry_from_database", unreadable)
    rows = [["AFTER-1", "Центр", "ЦУД", "Россия", "Пензенская обл.", "Пенза", "2020-01-01"]]
    status, out, err = run_cli(
        capsys,
        "import",
        write_csv(tmp_path / "c.csv", REQUIRED_HEADERS, rows),
        "--database",
        url_of(database),
        "--json",
    )
    assert status == 0 and json.loads(out)["written"] is True and "warning: database" in err
    assert "AFTER-1" in set(snapshot(database)[0][columns.CENTER_ID])


def test_a_kept_closing_date_before_a_new_opening_date_rejects_the_row(database, tmp_path):  # noqa: F811
    centers, _ = snapshot(database)
    long_ago = pd.Timestamp(date.today()) - pd.Timedelta(days=90)
    closed = centers[(centers[columns.CLOSED_ON] < long_ago) & centers[columns.KIND].isin(list(KIND_RU))].head(1)
    rows = required_rows(closed)
    rows[0][-1] = (
        (closed[columns.CLOSED_ON].iloc[0] + pd.Timedelta(days=30)).date().isoformat()
    )  # opens after it closed
    prepared = importer.prepare_import(write_csv(tmp_path / "c.csv", REQUIRED_HEADERS, rows), "centers", database)
    assert prepared.rejected == 1 and "keeps a closing date" in prepared.report.errors[0].message
    assert prepared.changed_ids == [] and prepared.rows.empty


def test_nul_late_in_a_file_rejects_that_row_on_both_databases(database, tmp_path, capsys):  # noqa: F811
    rows = [[f"NUL-{i}", "Центр", "ЦУД", "Россия", "Пензенская обл.", "Пенза", "2020-01-01"] for i in range(400)]
    rows[350][1] = "Центр\x00 с нулём"
    path = write_csv(tmp_path / "nul.csv", REQUIRED_HEADERS, rows)
    status, out, _ = run_cli(capsys, "validate", path, "--json")
    report = json.loads(out)
    assert status == 1 and [(e["row"], e["column"]) for e in report["errors"]] == [(352, "Наименование")]
    assert "control character (NUL)" in report["errors"][0]["message"]
    status, out, err = run_cli(capsys, "import", path, "--database", url_of(database), "--json")
    summary = json.loads(out)
    assert status == 1 and summary["added"] == 399 and summary["rejected_rows"][0]["row"] == 352, err
    centers, _ = snapshot(database)
    assert not centers[columns.NAME].str.contains("\x00").any()


def test_floats_in_comparisons_do_not_make_changes_up(database, tmp_path):  # noqa: F811
    """Re-importing the stored coordinates written with a decimal comma changes nothing."""
    centers, _ = snapshot(database)
    chosen = chosen_centers(centers).head(2)
    rows = [
        row + [f"{lat:.5f}".replace(".", ","), f"{lon:.5f}".replace(".", ",")]
        for row, lat, lon in zip(required_rows(chosen), chosen[columns.LAT], chosen[columns.LON], strict=True)
    ]
    prepared = importer.prepare_import(
        write_csv(tmp_path / "c.csv", [*REQUIRED_HEADERS, "Широта", "Долгота"], rows), "centers", database
    )
    assert all(not math.isnan(v) for v in chosen[columns.LAT])
    assert prepared.would_empty == {} and len(prepared.unchanged_ids) == 2
