"""Shared fixtures: the bundled registry, and writers for the files staff send in."""

from __future__ import annotations

import csv
import os
import shutil
import tempfile
from pathlib import Path

import openpyxl
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from rcnet_data import settings
from rcnet_data.storage.registry import load_registry

PROJECT_ROOT = Path(__file__).resolve().parents[1]

# The app reads through the registry database: tests get their own SQLite file (seeded from
# the bundled data on first use) and no secrets, so nothing touches var/ or a real setup.
TEST_STATE = Path(tempfile.mkdtemp(prefix="rcnet-tests-"))
os.environ["RCNET_SQLITE_PATH"] = str(TEST_STATE / "registry.sqlite3")
os.environ["RCNET_SECRETS_FILE"] = str(TEST_STATE / "no-secrets.toml")
os.environ["RCNET_CACHE_DIR"] = str(TEST_STATE / "cache")
os.environ.pop("RCNET_DATABASE_URL", None)


settings.reload()


@pytest.fixture(autouse=True)
def _settings_from_the_environment():
    """Each test starts from the settings of the real environment (a test that changed a
    variable through monkeypatch has had it put back by then)."""
    settings.reload()
    yield


def set_setting(monkeypatch, name: str, value) -> None:
    """Change one RCNET_* variable for this test, and the settings read from it."""
    monkeypatch.setenv(name, str(value))
    settings.reload()


def pytest_sessionfinish(session, exitstatus):
    """The test state folder goes with the run: nothing is left in the system's temp folder."""
    shutil.rmtree(TEST_STATE, ignore_errors=True)

# The headers a coordinator's spreadsheet uses (Russian, as in the issue).
RUSSIAN_CENTER_HEADERS = [
    "Код", "Наименование", "Тип", "Сеть", "Страна", "Субъект РФ", "Населённый пункт",
    "Учреждение", "Тип учреждения", "Адрес", "Широта", "Долгота", "Дата открытия",
    "Дата закрытия", "Источник",
]  # fmt: skip


ENTRY = PROJECT_ROOT / "dashboard.py"


def run_app(page: str | None = None, /, timeout: int = 90, check: bool = True, query: dict | None = None,
            **params) -> AppTest:  # fmt: skip
    """A page in AppTest, opened from a link with these query parameters (the entry script
    runs first, as on a server); by default it must run without an exception box. `query`
    carries parameters of any name (a fuzzed link may hold "page" or "timeout")."""
    app = AppTest.from_file(str(ENTRY), default_timeout=timeout)
    for key, value in {**params, **(query or {})}.items():
        app.query_params[key] = value
    if page and page != "dashboard.py":
        app.switch_page(page)
    app.run()
    if check:
        assert not app.exception, [e.message for e in app.exception]
    return app


@pytest.fixture
def fresh_caches():
    """st.cache_data outlives one AppTest in the same process: each test starts clean."""
    st.cache_data.clear()
    yield


@pytest.fixture(scope="session")
def bundled():
    """The demo registry shipped in data/: what a new user sees first."""
    return load_registry()


def write_csv(path: Path, header: list[str], rows: list[list], encoding: str = "utf-8", sep: str = ",") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=sep)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, header: list[str], rows: list[list], sheets: dict | None = None) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Центры"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    for name, extra_rows in (sheets or {}).items():
        other = book.create_sheet(name)
        for row in extra_rows:
            other.append(row)
    book.save(path)
    return path


@pytest.fixture
def center_row():
    """A valid domestic center in Russian staff wording; tests spoil one cell at a time."""

    def make(**changes) -> list:
        row = {
            "Код": "T-1", "Наименование": "ЦУД при библиотеке", "Тип": "ЦУД", "Сеть": "Россия",
            "Страна": "", "Субъект РФ": "Пензенская обл.", "Населённый пункт": "Пенза",
            "Учреждение": "Центральная городская библиотека", "Тип учреждения": "муниципальная библиотека",
            "Адрес": "ул. Московская, 1", "Широта": "53,195", "Долгота": "45,018",
            "Дата открытия": "15.03.2017", "Дата закрытия": "", "Источник": "тест",
        }  # fmt: skip
        row.update(changes)
        return [row[h] for h in RUSSIAN_CENTER_HEADERS]

    return make
