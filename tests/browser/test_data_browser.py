"""An editor signs in, imports a file with bad rows, downloads the rejected rows, sees the new
data on the overview, and undoes the import: in Chromium, on a server of its own."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from benchmarks.browser import start_server
from rcnet_data.storage import auth
from tests.browser.test_browser import assert_clean, open_page, wait_idle
from tests.conftest import RUSSIAN_CENTER_HEADERS

pytestmark = pytest.mark.browser


@pytest.fixture
def editor_server(tmp_path):
    """A dashboard with its own registry database and one editor (anna)."""
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(f'[editors]\nanna = "{auth.hash_password("s3cret", iterations=1000)}"\n')
    running = start_server(
        {"RCNET_SQLITE_PATH": str(tmp_path / "registry.sqlite3"), "RCNET_SECRETS_FILE": str(secrets)}
    )
    yield running
    running.stop()


def upload_file(tmp_path) -> Path:
    rows = [
        [
            "UP-1",
            "ЦУД Пенза-1",
            "ЦУД",
            "Россия",
            "",
            "Пензенская обл.",
            "Пенза",
            "Библиотека",
            "",
            "",
            "53,2",
            "45,0",
            "01.02.2025",
            "",
            "import",
        ],
        [
            "UP-2",
            "ЦУД Кузнецк",
            "ЦУД",
            "Россия",
            "",
            "Пензенская обл.",
            "Кузнецк",
            "Школа",
            "",
            "",
            "",
            "",
            "02.02.2025",
            "",
            "import",
        ],
        [
            "UP-3",
            "ЦУД Заречный",
            "ЦУД",
            "Россия",
            "",
            "Пензенская обл.",
            "Заречный",
            "Музей",
            "",
            "",
            "",
            "",
            "03.02.2025",
            "",
            "import",
        ],
        [
            "UP-4",
            '=HYPERLINK("http://x")',
            "ЦУД",
            "Россия",
            "",
            "Нарния",
            "Пенза",
            "x",
            "",
            "",
            "",
            "",
            "01.02.2025",
            "",
            "import",
        ],
        [
            "UP-5",
            "Будущий",
            "ЦУД",
            "Россия",
            "",
            "Пензенская обл.",
            "Пенза",
            "x",
            "",
            "",
            "",
            "",
            "01.02.2099",
            "",
            "import",
        ],
    ]
    path = tmp_path / "coordinator.csv"
    with path.open("w", encoding="cp1251", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(RUSSIAN_CENTER_HEADERS)
        writer.writerows(rows)
    return path


def go(page, link: str, heading: str) -> None:
    """Follow a sidebar link: same browser session, so the sign-in stays."""
    page.locator('[data-testid="stSidebarNavLink"]', has_text=link).first.click()
    page.get_by_role("heading", name=heading, exact=True).first.wait_for(timeout=60_000)
    wait_idle(page)


def domestic_count(page) -> str:
    go(page, "Overview", "Overview")
    return (
        page.locator('[data-testid="stMetric"]', has_text="Centers in Russia")
        .locator('[data-testid="stMetricValue"]')
        .inner_text()
    )


@pytest.mark.slow
def test_editor_imports_downloads_rejected_rows_and_undoes(editor_server, page, tmp_path):
    open_page(page, f"{editor_server.url}/?lang=en", "Overview")
    from rcnet_data.core import analytics
    from rcnet_data.presentation import i18n
    from rcnet_data.storage.registry import load_registry

    before = domestic_count(page)
    expected = analytics.network_size(load_registry().centers).domestic_centers
    assert before == i18n.fmt_int(expected, "en")

    go(page, "Data", "Data")
    assert page.locator('[data-testid="stFileUploader"]').count() == 0  # viewers cannot import
    page.get_by_role("textbox", name="User name").fill("anna")
    page.get_by_role("textbox", name="Password").fill("s3cret")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text("Signed in as anna").wait_for(timeout=30_000)
    wait_idle(page)

    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(upload_file(tmp_path)))
    page.get_by_text("3 to add, 0 to update, 0 unchanged, 2 rejected").wait_for(timeout=60_000)
    wait_idle(page)
    assert page.get_by_text("read as Windows-1251 text").is_visible()

    with page.expect_download() as download:
        page.get_by_role("button", name="Download rejected rows (CSV)").click()
    rejected = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig"))))
    assert [r["row"] for r in rejected] == ["5", "6"]
    assert "unknown region 'Нарния'" in rejected[0]["errors"] and "in the future" in rejected[1]["errors"]
    assert rejected[0]["Наименование"].startswith("'=")  # never a live formula in a spreadsheet

    page.get_by_role("button", name="Import 3 rows").click()
    page.get_by_text("Import 3 written: 3 added, 0 updated, 2 rejected.").wait_for(timeout=60_000)
    wait_idle(page)
    assert domestic_count(page) == i18n.fmt_int(expected + 3, "en")  # the dashboard reads the new data at once

    go(page, "Data", "Data")
    page.get_by_text("Signed in as anna").wait_for(timeout=30_000)  # still this session's editor
    page.get_by_text("Restore the registry to its state before the last import").click()
    wait_idle(page)
    page.get_by_role("button", name="Undo the last import").click()
    page.get_by_text("undone: 3 rows restored").wait_for(timeout=60_000)
    wait_idle(page)
    assert domestic_count(page) == before

    # A second file: 600 rows rejected, an id that looks like a stored one, and a stored
    # center's host left empty. Counts per reason, the first 200 rows, the warning and the
    # blank, all before anything is written.
    go(page, "Data", "Data")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(second_file(tmp_path)))
    page.get_by_text("The first 200 of 600 rejected rows; the downloads hold them all.").wait_for(timeout=60_000)
    wait_idle(page)
    for text in (
        "Rejected rows by reason",
        "Check before importing",
        "Empty cells where the registry holds a value",
        "Учреждение: 1 stored value",
    ):
        assert page.get_by_text(text, exact=False).first.is_visible(), text
    assert page.get_by_text("looks like 'AD-0001', already in the registry", exact=False).first.is_visible()
    assert page.get_by_role("checkbox", name="Empty these stored values as well").count() == 1
    assert_clean(page)


def second_file(tmp_path) -> Path:
    """600 rows of an unknown kind, a new id that looks like AD-0001, and AD-0002 with its host left empty."""
    from rcnet_data.storage.registry import load_registry

    stored = load_registry().centers.set_index("center_id").loc["AD-0002"]
    rows = [
        [
            f"BAD-{i}",
            "ЦУД",
            "Библиобус",
            "Россия",
            "",
            "Адыгея",
            "Майкоп",
            "x",
            "",
            "",
            "",
            "",
            "01.02.2025",
            "",
            "import",
        ]
        for i in range(600)
    ]
    rows.append(
        ["ad-0001", "ЦУД", "ЦУД", "Россия", "", "Адыгея", "Майкоп", "x", "", "", "", "", "01.02.2025", "", "import"]
    )
    rows.append(
        [
            "AD-0002",
            stored["name"],
            "ЦУД",
            "Россия",
            "",
            "Адыгея",
            stored["city"],
            "",
            "",
            "",
            "",
            "",
            stored["opened_on"].strftime("%d.%m.%Y"),
            "",
            stored["source"],
        ]
    )
    path = tmp_path / "second.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(RUSSIAN_CENTER_HEADERS)
        writer.writerows(rows)
    return path


def test_a_new_browser_session_is_not_signed_in(editor_server, browser):
    """Rights are per session: anna's sign-in in one browser does not carry to another."""
    first = browser.new_context().new_page()
    open_page(first, f"{editor_server.url}/data?lang=en", "Data")
    first.get_by_role("textbox", name="User name").fill("anna")
    first.get_by_role("textbox", name="Password").fill("s3cret")
    first.get_by_role("button", name="Sign in").click()
    first.get_by_text("Signed in as anna").wait_for(timeout=30_000)
    second = browser.new_context().new_page()
    open_page(second, f"{editor_server.url}/data?lang=en", "Data")
    assert second.get_by_role("button", name="Sign in").is_visible()
    assert second.locator('[data-testid="stFileUploader"]').count() == 0
    first.context.close()
    second.context.close()


@pytest.fixture
def coordinator_server(tmp_path):
    """A dashboard whose editor olga may edit Penza only."""
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(
        f'[editors]\nolga = "{auth.hash_password("s3cret", iterations=1000)}"\n\n[editors.regions]\nolga = ["RU-PNZ"]\n'
    )
    running = start_server(
        {"RCNET_SQLITE_PATH": str(tmp_path / "registry.sqlite3"), "RCNET_SECRETS_FILE": str(secrets)}
    )
    yield running
    running.stop()


def test_a_coordinator_uploads_rows_of_two_regions_and_only_hers_are_written(
    coordinator_server, page, tmp_path, center_row
):
    penza = center_row(Код="OLGA-PNZ")
    tambov = center_row(
        **{
            "Код": "OLGA-TAM",
            "Субъект РФ": "Тамбовская область",
            "Населённый пункт": "Тамбов",
            "Широта": "",
            "Долгота": "",
        }
    )
    path = tmp_path / "two-regions.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(RUSSIAN_CENTER_HEADERS)
        writer.writerows([penza, tambov])
    open_page(page, f"{coordinator_server.url}/data?lang=ru", "Данные")
    page.get_by_role("textbox", name="Имя пользователя").fill("olga")
    page.get_by_role("textbox", name="Пароль").fill("s3cret")
    page.get_by_role("button", name="Войти").click()
    page.get_by_text("Вы редактируете только строки своих регионов: Пензенская область.").wait_for(timeout=30_000)
    wait_idle(page)
    # Her choices: no "whole table" replace, and only her region to replace.
    assert page.get_by_text("Файл — вся таблица", exact=False).count() == 0
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))
    page.get_by_text("Добавить: 1, обновить: 0, без изменений: 0, отклонено: 1").wait_for(timeout=60_000)
    wait_idle(page)
    # The file's size under its name in Russian units («1,2 КБ»), as Streamlit wrote "1.2KB".
    uploader = page.locator('[data-testid="stFileUploader"]').inner_text()
    assert re.search(r"\d(,\d)?\u00a0(Б|КБ)\b", uploader) and not re.search(r"\d(B|KB|MB)\b", uploader), uploader
    # The reasons table names her rights (the grid draws on a canvas; its accessible table holds the text).
    assert page.get_by_text("ваши права — только на: Пензенская область", exact=False).count() >= 1
    page.get_by_role("button", name="Импортировать 1 строку").click()
    page.get_by_text("добавлено 1, обновлено 0, отклонено 1", exact=False).wait_for(timeout=60_000)
    wait_idle(page)
    assert_clean(page)
    from rcnet_data.storage import db

    centers, _ = db.read_registry_tables(db.engine_for(f"sqlite:///{tmp_path / 'registry.sqlite3'}"), ("centers",))
    assert "OLGA-PNZ" in set(centers["center_id"]) and "OLGA-TAM" not in set(centers["center_id"])


@pytest.mark.slow
def test_an_editor_turns_the_librarys_news_into_events(editor_server, page):
    """The news step in Russian: a feed uploaded, its proposals shown in a table that axe finds
    nothing serious in, checked and imported through the ordinary import."""
    from tests.browser.test_accessibility import VISIBLE_TEXT, axe_violations, latin_words

    open_page(page, f"{editor_server.url}/data?lang=ru", "Данные")
    page.get_by_role("textbox", name="Имя пользователя").fill("anna")
    page.get_by_role("textbox", name="Пароль").fill("s3cret")
    page.get_by_role("button", name="Войти").click()
    wait_idle(page)
    page.get_by_text("Предложить мероприятия по новостям библиотеки").click()
    wait_idle(page)
    feed = Path(__file__).parents[1] / "fixtures" / "news" / "regional_ru.rss"
    page.get_by_role("region", name="Файлы новостей").locator(
        '[data-testid="stFileUploaderDropzoneInput"]'
    ).set_input_files(str(feed))
    page.get_by_text(
        "Прочитано 12 новостей: новых — 12, повторов — 0, похожих на другие — 0, уже в реестре — 0."
    ).wait_for(timeout=60_000)
    wait_idle(page)
    assert page.locator('[data-testid="stDataFrame"]').first.is_visible()
    assert axe_violations(page) == []
    # Russian but for the formats' names, the editor's own name and the demo rows' stored source.
    words = set(latin_words(page.evaluate(VISIBLE_TEXT)))
    assert words <= {"RSS", "Atom", "HTML", "Parquet", "anna", "demo"}, words
    page.get_by_role("button", name="Проверить отмеченные: 12").click()
    page.get_by_text("Добавить: 12, обновить: 0, без изменений: 0, отклонено: 0").wait_for(timeout=60_000)
    wait_idle(page)
    page.locator('[data-testid="stButton"] button[kind="primary"]', has_text="Импортировать").click()
    page.get_by_text("добавлено 12").first.wait_for(timeout=60_000)
    assert_clean(page)
