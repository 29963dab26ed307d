"""Going live: the whole registry out and back in unchanged, a file imported as the whole
table (or one region) removing exactly what it leaves out, the demo removed, and pages
that say so when the registry is empty. On SQLite and PostgreSQL."""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest
import streamlit as st

from rcnet_data.core import columns
from rcnet_data.core.readers import read_table
from rcnet_data.storage import db, importer
from tests.conftest import PROJECT_ROOT, run_cli, set_setting, write_csv
from tests.test_database import database, snapshot  # noqa: F401  (the fixture is shared)

HOSTILE = {  # what a spreadsheet would run as a formula, and text on several lines
    "Код": "HOSTILE-1",
    "Наименование": "=1+1 центр",
    "Тип": "ЦУД",
    "Сеть": "Россия",
    "Субъект РФ": "Пензенская область",
    "Населённый пункт": "Пенза",
    "Учреждение": "+7 (8412) 00-00-00",
    "Дата открытия": "01.02.2020",
    "Источник": "staff",
    "Примечание": "первая строка\n@SUM(1)\r\n-2 этаж",
}


def url_of(engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def add_hostile_center(engine, tmp_path) -> None:
    path = write_csv(tmp_path / "hostile.csv", list(HOSTILE), [list(HOSTILE.values())])
    prepared = importer.prepare_import(path, columns.TABLE_CENTERS, engine)
    assert prepared.rejected == 0, prepared.summary()["rejected_rows"]
    importer.write_import(prepared, engine, "staff")


@pytest.mark.parametrize("lang", ["ru", "en"])
@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_an_export_imported_back_changes_nothing(database, tmp_path, lang, file_format):  # noqa: F811
    add_hostile_center(database, tmp_path)
    before = snapshot(database)
    ran = run_cli(
        "export", "--database", url_of(database), "--out", tmp_path / "out", "--lang", lang, "--format", file_format
    )
    assert ran.returncode == 0, ran.stderr
    files = [tmp_path / "out" / f"{table}.{file_format}" for table in columns.TABLE_KINDS]
    assert ran.stdout.split() == [str(path) for path in files]
    # Counted apart from the exporter: the file holds every stored row.
    centers_file = read_table(files[0], columns.TABLE_CENTERS, size_limit=False)
    assert len(centers_file.frame) == len(before[0]) and len(
        read_table(files[1], columns.TABLE_EVENTS, size_limit=False).frame
    ) == len(before[1])
    if lang == "ru":
        assert list(centers_file.headers.values())[:3] == ["Код", "Наименование", "Тип"]
        assert "Субъект РФ" in centers_file.headers.values()
        row = centers_file.frame[centers_file.frame[columns.CENTER_ID] == "HOSTILE-1"].iloc[0]
        assert row[columns.REGION_CODE] == "Пензенская область" and row[columns.KIND] == "Центр удалённого доступа"
    if file_format == "xlsx":
        sheet = openpyxl.load_workbook(files[0]).active
        header = [cell.value for cell in sheet[1]]
        first = {name: cell for name, cell in zip(header, sheet[2], strict=True)}
        opened = first["Дата открытия" if lang == "ru" else columns.OPENED_ON]
        latitude = first["Широта" if lang == "ru" else columns.LAT]
        assert opened.is_date and isinstance(latitude.value, float)  # a real date, a real number
        assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)  # no formula anywhere
    for table, path in zip(columns.TABLE_KINDS, files, strict=True):
        prepared = importer.prepare_import(path, table, database, size_limit=False)
        summary = prepared.summary()
        assert (summary["added"], summary["updated"], summary["rejected"]) == (0, 0, 0), summary["rejected_rows"][:3]
        assert summary["unchanged"] == len(before[columns.TABLE_KINDS.index(table)])
        importer.write_import(prepared, database, "staff")
    after = snapshot(database)
    pd.testing.assert_frame_equal(after[0], before[0])
    pd.testing.assert_frame_equal(after[1], before[1])
    hostile = after[0].set_index(columns.CENTER_ID).loc["HOSTILE-1"]
    assert hostile[columns.NAME] == "=1+1 центр" and hostile[columns.NOTE] == HOSTILE["Примечание"]


def exported_centers(engine, tmp_path) -> pd.DataFrame:
    ran = run_cli("export", "--database", url_of(engine), "--out", tmp_path / "out", "--format", "csv")
    assert ran.returncode == 0, ran.stderr
    return pd.read_csv(
        tmp_path / "out" / "centers.csv", sep=";", dtype=str, keep_default_na=False, encoding="utf-8-sig"
    )


def test_replace_removes_exactly_the_rows_left_out_and_undo_restores_them(database, tmp_path):  # noqa: F811
    before = snapshot(database)
    sheet = exported_centers(database, tmp_path)
    left_out = ["PNZ-0001", "PNZ-0002", "TAM-0001", before[0][columns.CENTER_ID].iloc[-1]]
    assert set(left_out) <= set(before[0][columns.CENTER_ID])
    path = tmp_path / "whole.csv"
    sheet[~sheet["Код"].isin(left_out)].to_csv(path, sep=";", index=False, encoding="utf-8-sig")
    url = url_of(database)

    ran = run_cli("import", path, "--database", url, "--replace", "--json")  # no terminal, no --yes: nothing happens
    assert ran.returncode == 2 and "would be removed" not in ran.stdout
    assert '"written": false' in ran.stdout and "4 stored row(s) are not in the file" in ran.stderr
    pd.testing.assert_frame_equal(snapshot(database)[0], before[0])

    ran = run_cli("import", path, "--database", url, "--replace", "--yes", "--json")
    assert ran.returncode == 0, ran.stderr
    summary = pd.read_json(__import__("io").StringIO(ran.stdout), typ="series")
    assert summary["removed"] == 4 and sorted(summary["removed_ids"]) == sorted(left_out)
    assert (summary["added"], summary["updated"], summary["rejected"]) == (0, 0, 0)
    after = snapshot(database)[0]
    expected = before[0][~before[0][columns.CENTER_ID].isin(left_out)].reset_index(drop=True)
    pd.testing.assert_frame_equal(after, expected)
    assert db.import_history(database).iloc[0]["removed"] == 4

    assert run_cli("undo", "--database", url).returncode == 0
    pd.testing.assert_frame_equal(snapshot(database)[0], before[0])  # every column of every row, exactly


def test_replacing_one_region_touches_no_other(database, tmp_path):  # noqa: F811
    before = snapshot(database)[0]
    sheet = exported_centers(database, tmp_path)
    penza = sheet[sheet["Субъект РФ"] == "Пензенская область"]
    tambov = sheet[sheet["Субъект РФ"] == "Тамбовская область"]
    assert len(penza) > 3 and len(tambov) > 1
    # Penza without its first two centers, and one Tambov row that does not belong in it.
    path = tmp_path / "penza.csv"
    pd.concat([penza.iloc[2:], tambov.iloc[:1]]).to_csv(path, sep=";", index=False, encoding="utf-8-sig")
    ran = run_cli("import", path, "--database", url_of(database), "--replace", "--region", "Пенза", "--yes", "--json")
    assert ran.returncode == 1, ran.stderr  # written, one row rejected
    summary = pd.read_json(__import__("io").StringIO(ran.stdout), typ="series")
    assert summary["region"] == "RU-PNZ" and summary["removed_ids"] == list(penza["Код"].iloc[:2])
    assert summary["rejected"] == 1
    reasons = summary["rejected_rows"][0]["reasons"][0]
    assert "Tambov" in reasons and "Penza" in reasons
    after = snapshot(database)[0]
    expected = before[~before[columns.CENTER_ID].isin(list(penza["Код"].iloc[:2]))].reset_index(drop=True)
    pd.testing.assert_frame_equal(after, expected)  # the rest of Tambov and every other region as before


def test_a_row_the_file_holds_but_rejects_is_never_removed(database, tmp_path):  # noqa: F811
    before = snapshot(database)[0]
    sheet = exported_centers(database, tmp_path)
    broken = sheet.copy()
    broken.loc[broken["Код"] == "PNZ-0003", "Дата открытия"] = "31.02.2015"
    path = tmp_path / "whole.csv"
    broken.to_csv(path, sep=";", index=False, encoding="utf-8-sig")
    prepared = importer.prepare_import(path, columns.TABLE_CENTERS, database, replace=True)
    assert prepared.rejected == 1 and prepared.removed_ids == []
    importer.write_import(prepared, database, "staff")
    pd.testing.assert_frame_equal(snapshot(database)[0], before)


def test_remove_demo_leaves_the_published_rows_and_undo_brings_it_back(database, tmp_path):  # noqa: F811
    add_hostile_center(database, tmp_path)  # a row the staff added: it stays
    before = snapshot(database)
    url = url_of(database)
    ran = run_cli("remove-demo", "--database", url)
    assert ran.returncode == 2 and snapshot(database)[0].shape == before[0].shape  # not confirmed: nothing removed
    ran = run_cli("remove-demo", "--database", url, "--yes", "--json")
    assert ran.returncode == 0, ran.stderr
    centers, events = snapshot(database)
    # Counted from the bundled files themselves, not by the code that removed them.
    files = {
        table: pd.read_csv(PROJECT_ROOT / "data" / f"{table}.csv", dtype=str, keep_default_na=False)
        for table in columns.TABLE_KINDS
    }
    kept_centers = files["centers"][files["centers"]["source"] != "demo"]
    kept_events = files["events"][files["events"]["source"] != "demo"]
    assert sorted(centers[columns.CENTER_ID]) == sorted([*kept_centers["center_id"], "HOSTILE-1"])
    assert sorted(events[columns.EVENT_ID]) == sorted(kept_events["event_id"])
    assert f'"removed": {len(before[0]) + len(before[1]) - len(centers) - len(events)}' in ran.stdout
    history = db.import_history(database)
    assert history.iloc[0]["file_name"] == "remove-demo" and history.iloc[0]["table_name"] == "registry"
    assert run_cli("remove-demo", "--database", url, "--yes").returncode == 2  # nothing left to remove
    assert run_cli("undo", "--database", url).returncode == 0
    after = snapshot(database)
    pd.testing.assert_frame_equal(after[0], before[0])
    pd.testing.assert_frame_equal(after[1], before[1])


@pytest.fixture
def own_database(tmp_path, monkeypatch):
    """The dashboard's SQLite file, made for this test and seeded from the bundled data."""
    from rcnet_data.storage import startup

    path = tmp_path / "registry.sqlite3"
    set_setting(monkeypatch, "RCNET_SQLITE_PATH", str(path))
    st.cache_data.clear()
    return startup.open_database(f"sqlite:///{path}")


def test_without_demo_rows_the_notice_goes_and_an_empty_registry_is_said(own_database):
    from tests.test_pages import run_page

    assert any("демонстрационн" in caption.value.lower() for caption in run_page("overview", lang="ru").caption)
    importer.remove_rows(own_database, "staff", importer.demo_rows(own_database), "remove-demo")
    overview = run_page("overview", lang="ru")
    assert not any("демонстрационн" in caption.value.lower() for caption in overview.caption)
    assert not any("Реестр пуст" in info.value for info in overview.info)
    centers, events, _ = db.read_registry_tables(own_database)
    importer.remove_rows(
        own_database,
        "staff",
        {"centers": list(centers[columns.CENTER_ID]), "events": list(events[columns.EVENT_ID])},
        "all",
    )
    from rcnet_data.presentation import pages

    for page in pages.PAGES:
        if page.key in ("data", "slides"):
            continue
        app = run_page(page.key, lang="ru")
        assert any("Реестр пуст" in info.value for info in app.info), page.key
        assert not app.get("plotly_chart") and not app.get("deck_gl_json_chart"), page.key
    data = run_page("data", lang="ru")
    assert "История импорта" in [h.value for h in data.header]  # where the registry comes back in


def test_every_word_the_russian_export_writes_is_read_back_as_its_code():
    from rcnet_data.core.validation import parse_choice
    from rcnet_data.presentation.i18n import t

    for column, codes in columns.CHOICES.items():
        parse = parse_choice(column, codes)
        assert {code: parse(t(code, "ru")) for code in codes} == {code: code for code in codes}
    assert set(columns.EXPORT_HEADERS_RU[columns.TABLE_CENTERS]) == set(columns.CENTER_COLUMNS)
    assert set(columns.EXPORT_HEADERS_RU[columns.TABLE_EVENTS]) == set(columns.EVENT_COLUMNS)
