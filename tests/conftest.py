"""Shared fixtures: the bundled registry, and writers for the files staff send in."""

from __future__ import annotations

import contextlib
import csv
import io
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from rcnet_data import settings
from rcnet_data.presentation import pages
from rcnet_data.storage.registry import load_registry

PROJECT_ROOT = Path(__file__).resolve().parents[1]

# The app reads through the registry database: tests get their own SQLite file (seeded from
# the bundled data on first use) and no secrets, so nothing touches var/ or a real setup.
TEST_STATE = Path(tempfile.mkdtemp(prefix="rcnet-tests-"))
os.environ["RCNET_SQLITE_PATH"] = str(TEST_STATE / "registry.sqlite3")
os.environ["RCNET_SECRETS_FILE"] = str(TEST_STATE / "no-secrets.toml")
os.environ["RCNET_CACHE_DIR"] = str(TEST_STATE / "cache")
os.environ.pop("RCNET_DATABASE_URL", None)
# AppTest runs every test's pages in this one process, each test on its own database: a server's
# watch for new data versions (presentation.warmup) would outlive its test and read the next
# one's. The dashboards the browser tests start run it, as a server does (tests/browser).
os.environ["RCNET_WARM_INTERVAL_S"] = "0"


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


@dataclass
class Ran:
    """What a command printed and returned, as subprocess.run reports it."""

    returncode: int
    stdout: str
    stderr: str


def run_cli(*args, env: dict | None = None, stdin: str | None = None) -> Ran:
    """`python -m rcnet_data ARGS` run in this process (rcnet_data.cli.main), its output
    captured: the same command a script runs, without the two seconds of a new Python.
    The few tests about processes themselves (exit codes seen by a shell, pipes, signals,
    two writers at once) still start one."""
    from rcnet_data import cli

    out, err = io.StringIO(), io.StringIO()
    saved = {name: os.environ.get(name) for name in (env or {})}
    os.environ.update({name: str(value) for name, value in (env or {}).items()})
    settings.reload()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), contextlib.ExitStack() as stack:
            if stdin is not None:
                stack.enter_context(_stdin(stdin))
            try:
                code = cli.main([str(a) for a in args])
            except SystemExit as exc:  # argparse's usage errors
                code = exc.code if isinstance(exc.code, int) else 2
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        settings.reload()
    return Ran(code, out.getvalue(), err.getvalue())


@contextlib.contextmanager
def _stdin(text: str):
    import sys

    saved, sys.stdin = sys.stdin, io.StringIO(text)
    try:
        yield
    finally:
        sys.stdin = saved


def pytest_sessionfinish(session, exitstatus):
    """The test state folder goes with the run: nothing is left in the system's temp folder."""
    shutil.rmtree(TEST_STATE, ignore_errors=True)


# The headers a coordinator's spreadsheet uses (Russian, as in the issue).
RUSSIAN_CENTER_HEADERS = [
    "Код",
    "Наименование",
    "Тип",
    "Сеть",
    "Страна",
    "Субъект РФ",
    "Населённый пункт",
    "Учреждение",
    "Тип учреждения",
    "Адрес",
    "Широта",
    "Долгота",
    "Дата открытия",
    "Дата закрытия",
    "Источник",
]


ENTRY = PROJECT_ROOT / "dashboard.py"


def run_app(
    page: str | None = None, /, timeout: int = 90, check: bool = True, query: dict | None = None, **params
) -> AppTest:
    """A page (its key in the page table, or its script) in AppTest, opened from a link with
    these query parameters (the entry script runs first, as on a server); by default it must
    run without an exception box. `query` carries parameters of any name (a fuzzed link may
    hold "page" or "timeout")."""
    app = AppTest.from_file(str(ENTRY), default_timeout=timeout)
    for key, value in {**params, **(query or {})}.items():
        app.query_params[key] = value
    script = pages.page(page).script if page in pages.BY_KEY else page
    if script and script != pages.page(pages.HOME).script:
        app.switch_page(script)
    app.run()
    if check:
        assert_ran(app)
    return app


def assert_ran(app: AppTest) -> None:
    """The page ran to its end: no exception box, and nothing caught by the page guard
    (ui.run shows one sentence and keeps the traceback in the session, shown here)."""
    assert not app.exception, [e.message for e in app.exception]
    caught = app.session_state["rcnet_page_error"] if "rcnet_page_error" in app.session_state else None  # noqa: SIM401 (no .get)
    assert caught is None, caught


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
            "Код": "T-1",
            "Наименование": "ЦУД при библиотеке",
            "Тип": "ЦУД",
            "Сеть": "Россия",
            "Страна": "",
            "Субъект РФ": "Пензенская обл.",
            "Населённый пункт": "Пенза",
            "Учреждение": "Центральная городская библиотека",
            "Тип учреждения": "муниципальная библиотека",
            "Адрес": "ул. Московская, 1",
            "Широта": "53,195",
            "Долгота": "45,018",
            "Дата открытия": "15.03.2017",
            "Дата закрытия": "",
            "Источник": "тест",
        }
        row.update(changes)
        return [row[h] for h in RUSSIAN_CENTER_HEADERS]

    return make
