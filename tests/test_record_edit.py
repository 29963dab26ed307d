"""One record corrected in the app: an editor opens a center from its region's page, changes
a field in the form, meets the importer's checks, saves, and the change is a logged,
undoable one-row import that every viewer sees; closing a center is one form."""

from __future__ import annotations

import pandas as pd
import pytest
import streamlit as st

from rcnet_data.core import columns
from rcnet_data.presentation import record_edit
from rcnet_data.presentation.ui.text import plain
from rcnet_data.storage import auth, db, importer, startup
from tests.conftest import set_setting
from tests.test_pages import metrics, run_page


@pytest.fixture
def editor_database(tmp_path, monkeypatch):
    """The dashboard's own SQLite file, seeded; anna edits everything, olga only Penza."""
    secrets = tmp_path / "secrets.toml"
    digest = auth.hash_password("s3cret", iterations=1000)
    secrets.write_text(f'[editors]\nanna = "{digest}"\nolga = "{digest}"\n\n[editors.regions]\nolga = ["RU-PNZ"]\n')
    set_setting(monkeypatch, "RCNET_SECRETS_FILE", str(secrets))
    path = tmp_path / "registry.sqlite3"
    set_setting(monkeypatch, "RCNET_SQLITE_PATH", str(path))
    st.cache_data.clear()
    return startup.open_database(f"sqlite:///{path}")


def signed_in(user: str = "anna", page: str = "data", **params):
    app = run_page("data", lang="ru", **params)
    app.text_input(key="sign_in_user").set_value(user)
    app.text_input(key="sign_in_password").set_value("s3cret")
    next(b for b in app.button if b.label == "Войти").click().run()
    if page != "data":
        app.switch_page(f"app_pages/{page}.py").run()
    return app


def button(app, label: str):
    return next(b for b in app.button if b.label == label)


def stored(engine, center_id: str) -> pd.Series:
    centers, _ = db.read_registry_tables(engine, (columns.TABLE_CENTERS,))
    return centers.set_index(columns.CENTER_ID).loc[center_id]


def test_an_editor_corrects_a_center_from_its_region_page_and_undoes_it(editor_database):
    before = stored(editor_database, "PNZ-0001")
    app = signed_in(page="region", region="RU-PNZ")
    assert app.selectbox(key="region_edit_pick").value == "PNZ-0001"
    button(app, "Открыть форму").click().run()
    assert app.text_input(key="edit_id").value == "PNZ-0001"  # the Data page, on that record, still signed in
    # AppTest reruns the page it was told to run, not the one the script switched to: tell it.
    app.switch_page("app_pages/data.py").run()
    name = app.text_input(key="edit_centers_PNZ-0001_name")
    assert name.value == before[columns.NAME]
    name.set_value("ЦУД имени Лермонтова")
    button(app, "Проверить изменения").click().run()
    changes = [m.value for m in app.markdown if m.value.startswith("- Наименование")]
    assert changes == [f"- {plain(f'Наименование: «{before[columns.NAME]}» → «ЦУД имени Лермонтова»')}"]
    button(app, "Сохранить правку").click().run()
    assert any("Правка записана" in s.value for s in app.success)
    after = stored(editor_database, "PNZ-0001")
    assert after[columns.NAME] == "ЦУД имени Лермонтова"
    pd.testing.assert_series_equal(after.drop(columns.NAME), before.drop(columns.NAME))  # nothing else changed
    log = db.import_history(editor_database).iloc[0]
    assert (log["user_name"], log["file_name"], log["updated"]) == ("anna", "правка в приложении: PNZ-0001", 1)
    viewer = run_page("region", lang="ru", region="RU-PNZ")  # another session sees it on its next run
    assert any("ЦУД имени Лермонтова" in set(frame.value.iloc[:, 0].astype(str)) for frame in viewer.dataframe)
    importer.undo_last_import(editor_database, "anna")
    pd.testing.assert_series_equal(stored(editor_database, "PNZ-0001"), before)


def test_the_form_meets_the_importers_checks(editor_database):
    app = signed_in()
    version = db.current_version(editor_database)
    app.text_input(key="edit_id").set_value("PNZ-0002").run()
    app.text_input(key="edit_centers_PNZ-0002_lat").set_value("55.75")  # Moscow's latitude in Penza
    app.text_input(key="edit_centers_PNZ-0002_lon").set_value("37.62")
    app.text_input(key="edit_centers_PNZ-0002_opened_on").set_value("31.02.2015")
    button(app, "Проверить изменения").click().run()
    assert any("нельзя сохранить" in e.value for e in app.error)
    problems = " ".join(m.value for m in app.markdown)
    assert "Пензенской" in problems or "Пензенская" in problems  # outside the region's boundary, said in Russian
    assert "это не дата" in problems
    assert not any(b.label == "Сохранить правку" for b in app.button)
    assert db.current_version(editor_database) == version and stored(editor_database, "PNZ-0002")[columns.LAT] != 55.75


def test_closing_a_center_is_one_form(editor_database):
    overview = run_page("overview", lang="en")
    open_before = int(metrics(overview)["Centers in Russia"].replace(",", ""))
    app = signed_in()
    app.text_input(key="edit_id").set_value("PNZ-0003").run()
    app.text_input(key="close_date_PNZ-0003").set_value("01.11.2026")
    app.text_input(key="close_note_PNZ-0003").set_value("библиотека на ремонте")
    button(app, "Проверить закрытие").click().run()
    listed = [m.value for m in app.markdown if "→" in m.value]
    assert len(listed) == 1 and listed[0].count("\n") == 1  # two changes, one line each
    assert listed[0].startswith("- Дата закрытия: «—» → «01\\.11\\.2026»") and "- Примечание:" in listed[0]
    button(app, "Сохранить правку").click().run()
    closed = stored(editor_database, "PNZ-0003")
    assert closed[columns.CLOSED_ON] == pd.Timestamp("2026-11-01") and "библиотека на ремонте" in closed[columns.NOTE]
    overview.run()
    assert int(metrics(overview)["Centers in Russia"].replace(",", "")) == open_before - 1


def test_a_coordinator_cannot_move_a_center_out_of_her_region(editor_database):
    app = signed_in("olga")
    assert any("только строки своих регионов: Пензенская область" in i.value for i in app.info)
    app.text_input(key="edit_id").set_value("PNZ-0001").run()
    app.selectbox(key="edit_centers_PNZ-0001_region_code").set_value("RU-TAM")
    app.text_input(key="edit_centers_PNZ-0001_lat").set_value("")
    app.text_input(key="edit_centers_PNZ-0001_lon").set_value("")
    app.text_input(key="edit_centers_PNZ-0001_city").set_value("Тамбов")
    button(app, "Проверить изменения").click().run()
    assert any("нельзя сохранить" in e.value for e in app.error)
    assert "ваши права — только на: Пензенская область" in " ".join(m.value for m in app.markdown)


def test_form_values_go_back_unchanged(bundled):
    """A record's form, sent back untouched, is the stored record: nothing is lost on the way."""
    for table, frame in ((columns.TABLE_CENTERS, bundled.centers), (columns.TABLE_EVENTS, bundled.events)):
        for _, record in frame.head(50).iterrows():
            values = record_edit.form_values(record, table)
            assert record_edit.row_file(values, table).decode().count("\r\n") == 2
            assert values[columns.ID_COLUMN[table]] == record[columns.ID_COLUMN[table]]


def test_replace_on_the_data_page_lists_what_goes_and_waits_for_the_editor(editor_database, tmp_path):
    from rcnet_data.presentation import registry_export

    centers, events, _ = db.read_registry_tables(editor_database)
    penza = centers[centers[columns.REGION_CODE] == "RU-PNZ"]
    kept = penza.iloc[1:]  # the file leaves out the region's first center
    app = signed_in()
    app.radio(key="import_mode").set_value("region").run()
    app.selectbox(key="replace_region").set_value("RU-PNZ").run()
    data = registry_export.file_bytes(kept, columns.TABLE_CENTERS, "ru", "csv")
    app.get("file_uploader")[0].upload("penza.csv", data, "text/csv").run()
    assert any(w.value == "1 строки реестра нет в файле: она будет удалена при импорте." for w in app.warning)
    listed = next(frame.value for frame in app.dataframe if "Код" in frame.value.columns and len(frame.value) == 1)
    assert list(listed["Код"]) == [penza.iloc[0][columns.CENTER_ID]]
    importing = next(b for b in app.button if b.label.startswith("Импортировать"))
    assert importing.label == "Импортировать: добавить 0, обновить 0, удалить 1"
    assert importing.disabled  # nothing happens until the editor confirms
    app.checkbox(key="remove_confirm").check().run()
    next(b for b in app.button if b.label.startswith("Импортировать")).click().run()
    assert any("Удалено строк: 1." in s.value for s in app.success)
    after, _ = db.read_registry_tables(editor_database, (columns.TABLE_CENTERS,))
    assert set(centers[columns.CENTER_ID]) - set(after[columns.CENTER_ID]) == {penza.iloc[0][columns.CENTER_ID]}
    assert len(events) == len(db.read_registry_tables(editor_database)[1])


def test_removing_the_demo_from_the_data_page(editor_database):
    app = signed_in()
    (caption,) = [c.value for c in app.caption if "из демонстрационного набора" in c.value]
    # The rows' source named as the tables name it, in Russian: «демо», not the stored "demo".
    assert "(источник «демо»)" in caption and "demo" not in caption
    assert next(b for b in app.button if b.label == "Убрать демонстрационные данные").disabled
    app.checkbox(key="remove_demo_confirm").check().run()
    next(b for b in app.button if b.label == "Убрать демонстрационные данные").click().run()
    assert any("убрано демонстрационных строк" in s.value for s in app.success)
    centers, events, _ = db.read_registry_tables(editor_database)
    assert (centers[columns.SOURCE] != columns.DEMO_SOURCE).all() and (
        events[columns.SOURCE] != columns.DEMO_SOURCE
    ).all()
    overview = run_page("overview", lang="ru")
    assert not any("демонстрационн" in c.value.lower() for c in overview.caption)


def test_a_center_found_by_search_or_flagged_by_quality_opens_its_form(editor_database):
    app = signed_in(page="region", region="RU-PNZ", center="PNZ-0004")  # where a search hit lands
    assert app.selectbox(key="region_edit_pick").value == "PNZ-0004"  # the found center first
    app.switch_page("app_pages/quality.py").run()
    flagged = app.selectbox(key="quality_edit_pick")
    assert flagged.options  # the suspicious centers, each one click from its form
    first = flagged.value
    button(app, "Открыть форму").click().run()
    app.switch_page("app_pages/data.py").run()  # AppTest follows the page it was told (see above)
    assert app.text_input(key="edit_id").value == first
    assert app.text_input(key=f"edit_centers_{first}_name").value
    viewer = run_page("quality", lang="ru")  # a viewer sees the list, not the picker
    with pytest.raises(KeyError):
        viewer.selectbox(key="quality_edit_pick")


def test_rejected_rows_are_headed_in_russian(editor_database):
    """The rejected rows keep the file's own headers between the file's row number and the
    reasons, and those two are rcnet's words: Russian on a Russian screen (they read "row"
    and "errors" before; the downloads to correct are made from the same table)."""
    from rcnet_data.presentation import registry_export

    centers, _, _ = db.read_registry_tables(editor_database)
    rows = centers.head(2).copy()
    rows.loc[rows.index[1], columns.REGION_CODE] = "RU-XXX"  # no such region: the second row is rejected
    data = registry_export.file_bytes(rows, columns.TABLE_CENTERS, "ru", "csv").replace(b"RU-XXX", "Нарния".encode())
    app = signed_in()
    app.get("file_uploader")[0].upload("two.csv", data, "text/csv").run()
    (shown,) = [frame.value for frame in app.dataframe if "Строка файла" in frame.value.columns]
    assert list(shown.columns[:2]) == ["Строка файла", "Код"] and shown.columns[-1] == "Ошибки"
    assert list(shown["Строка файла"]) == [3] and "Нарния" in shown["Ошибки"].iloc[0]
    assert not any(name in ("row", "errors") for frame in app.dataframe for name in frame.value.columns)
