"""The holes a hostile user once used: the sign-in limit bypassed by parallel attempts, a
formula smuggled after a line break into a CSV download, markup in registry text rendered
on a page, and internals (a host and port, a lock path, a traceback) shown to viewers when
the database is down, damaged or read-only."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from rcnet_data.core import columns
from rcnet_data.presentation import exports, i18n
from rcnet_data.storage import auth, importer, startup
from tests.conftest import ENTRY, PROJECT_ROOT, assert_ran, set_setting, write_csv
from tests.test_database import database  # noqa: F401


# --- sign-in under concurrency ----------------------------------------------------------------
def test_twenty_simultaneous_attempts_are_held_to_the_limit(database, monkeypatch):  # noqa: F811
    checked = []
    monkeypatch.setattr(auth, "check", lambda user, password: checked.append(user) or False)
    start = threading.Barrier(20)
    results: list[auth.SignIn] = []

    def attempt(number: int) -> None:
        start.wait()
        results.append(auth.sign_in(database, "anna", f"guess-{number}", f"browser-{number}"))

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(results) == 20
    assert len(checked) == auth.FREE_FAILURES  # only the free attempts reached the password check
    refused = [r for r in results if r.wait_seconds]
    assert len(refused) == 20 - auth.FREE_FAILURES and all(not r.ok for r in results)


def test_a_free_attempt_is_checked_even_when_the_one_before_it_was_timed_later(database, monkeypatch):  # noqa: F811
    """Two attempts at once: the one whose clock read later took the lock first. The second is
    still among the free attempts and is checked, not refused with a wait (once, in CI, 4 of
    20 simultaneous attempts were checked instead of 5)."""
    checked = []
    monkeypatch.setattr(auth, "check", lambda user, password: checked.append(password) or False)
    later = datetime(2026, 12, 7, 12, 0, 1, tzinfo=UTC)
    first = auth.sign_in(database, "anna", "guess-1", "browser-1", now=later)
    second = auth.sign_in(database, "anna", "guess-2", "browser-2", now=later - timedelta(milliseconds=300))
    assert checked == ["guess-1", "guess-2"]
    assert not first.ok and not second.ok and second.wait_seconds == 0


# --- downloads that spreadsheets cannot run ---------------------------------------------------
SMUGGLED = ["Лекция \r=1+1", "Квест\n+CMD|' /C calc'!A0", "Итоги\r\n@SUM(1,1)", "-2+3", "обычный текст"]


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_no_line_of_a_csv_download_starts_a_formula(lang):
    frame = pd.DataFrame({"Заголовок": SMUGGLED, "Число": range(len(SMUGGLED))})
    text = exports.to_csv_bytes(frame, lang).decode("utf-8-sig")
    # A spreadsheet that splits rows at a bare CR or LF sees these pieces; none may start a
    # formula, even after the quote that opens a field.
    for piece in re.split(r"\r\n|\r|\n", text):
        assert not piece.lstrip('"').startswith(("=", "+", "-", "@")), repr(piece)
    # Every field holding a line break is quoted, so a careful reader gets the values back.
    import csv
    import io

    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";" if lang == "ru" else ","))
    assert [row[0] for row in rows[1:]] == [exports.neutralise(v) for v in SMUGGLED]
    assert rows[1][0] == "Лекция \r'=1+1"


def test_xlsx_downloads_store_smuggled_formulas_as_text(tmp_path):
    import openpyxl

    path = tmp_path / "t.xlsx"
    path.write_bytes(exports.to_xlsx_bytes(pd.DataFrame({"Заголовок": SMUGGLED})))
    sheet = openpyxl.load_workbook(path).active
    assert all(cell.data_type == "s" for (cell,) in sheet.iter_rows(min_row=2))


# --- registry text is text everywhere -------------------------------------------------------
MARKUP_NAME = "![px](http://evil.example/px.png) **Центр** <img src=x onerror=alert(1)>"


@pytest.fixture
def marked_registry(tmp_path, monkeypatch):
    """A registry of its own holding a center whose name and host are markup."""
    set_setting(monkeypatch, "RCNET_SQLITE_PATH", str(tmp_path / "marked.sqlite3"))
    engine = startup.open_database()
    header = ["Код", "Наименование", "Тип", "Сеть", "Субъект РФ", "Населённый пункт", "Учреждение", "Дата открытия"]
    rows = [
        [
            "MARK-1",
            MARKUP_NAME,
            "ЦУД",
            "Россия",
            "Пензенская обл.",
            "Пенза",
            "[ссылка](javascript:alert(1))",
            "2020-01-01",
        ]
    ]
    importer.import_file(write_csv(tmp_path / "marked.csv", header, rows), columns.TABLE_CENTERS, engine, "test")
    yield engine


def rendered_texts(app: AppTest) -> list[str]:
    """What every markdown-rendering element of a page was given: markdown, captions,
    alerts, headings, button and metric labels."""
    texts = []
    for kind in ("markdown", "caption", "info", "success", "warning", "error", "title", "header", "subheader"):
        texts += [element.value for element in getattr(app, kind)]
    texts += [button.label for button in app.button] + [metric.label for metric in app.metric]
    return texts


def assert_only_escaped(texts: list[str]) -> None:
    """The markup may be in the texts only with its special characters escaped: once every
    escaped character is taken out, none of it is left to act."""
    for text in texts:
        active = re.sub(r"\\.", "", text)
        assert "![px](" not in active and "<img" not in active and "](javascript" not in active, text


def test_markup_in_registry_text_is_shown_as_text_in_search_and_on_the_region_page(marked_registry):
    app = AppTest.from_file(str(ENTRY), default_timeout=90)
    app.query_params["lang"] = "ru"
    app.run()
    app.text_input(key="rcnet_search").set_value("evil px Центр").run()
    hits = [b for b in app.button if b.key and b.key.startswith("search_hit_")]
    assert hits, "the center is found"
    assert any("\\!\\[px\\]\\(http://evil\\.example/px\\.png\\)" in b.label for b in hits)
    assert_only_escaped(rendered_texts(app))
    hit = next(b for b in hits if "px" in b.label)
    hit.click().run()  # opens the region page with the center named above its map
    assert_ran(app)
    texts = rendered_texts(app)
    assert any("evil\\.example" in text for text in texts)  # the name is there, as text
    assert_only_escaped(texts)


# --- viewers when the database is down, damaged or read-only -----------------------------------
def viewer_page(**env) -> AppTest:
    app = AppTest.from_file(str(ENTRY), default_timeout=90)
    app.query_params["lang"] = "ru"
    app.run()
    return app


def test_a_database_that_is_down_gets_one_sentence_and_no_host(monkeypatch):
    set_setting(monkeypatch, "RCNET_DATABASE_URL", "postgresql+psycopg://rcnet:secret@127.0.0.1:9/rcnet")
    app = viewer_page()
    assert_ran(app)
    errors = [e.value for e in app.error]
    assert errors == [i18n.t("registry_unavailable", "ru")]
    shown = " ".join(rendered_texts(app))
    assert "127.0.0.1" not in shown and ":9" not in shown and "psycopg" not in shown and "secret" not in shown


def test_a_damaged_database_gets_one_sentence(tmp_path, monkeypatch):
    path = tmp_path / "damaged.sqlite3"
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 8192)
    set_setting(monkeypatch, "RCNET_SQLITE_PATH", str(path))
    app = viewer_page()
    assert not app.exception and [e.value for e in app.error] == [i18n.t("registry_unavailable", "ru")]
    assert str(tmp_path) not in " ".join(rendered_texts(app))


@pytest.fixture
def read_only_folder(tmp_path):
    """A data folder holding a registry, mounted read-only (in a mount namespace of its own)."""
    if shutil.which("unshare") is None or subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode:
        pytest.skip("no mount namespaces here")
    source, mounted = tmp_path / "data", tmp_path / "ro"
    source.mkdir()
    mounted.mkdir()
    url = f"sqlite:///{source / 'registry.sqlite3'}"
    engine = startup.open_database(url)
    engine.dispose()
    return source, mounted


def test_a_read_only_data_folder_still_lets_viewers_read(read_only_folder, tmp_path, bundled):
    source, mounted = read_only_folder
    script = (
        "import json, sys\n"
        "from streamlit.testing.v1 import AppTest\n"
        f"app = AppTest.from_file({str(ENTRY)!r}, default_timeout=120)\n"
        "app.query_params['lang'] = 'en'\n"
        "app.query_params['as_of'] = '2024-05-16'\n"
        "app.run()\n"
        "print(json.dumps({'exception': [e.message for e in app.exception], 'errors': [e.value for e in app.error],"
        " 'metrics': {m.label: m.value for m in app.metric}}))\n"
    )
    env = {
        **os.environ,
        "RCNET_SQLITE_PATH": str(mounted / "registry.sqlite3"),
        "RCNET_CACHE_DIR": str(tmp_path / "cache"),
    }
    command = (
        f"mount --bind {source} {mounted} && mount -o remount,bind,ro {mounted} && touch {mounted}/x 2>/dev/null; "
        f'exec {sys.executable} -c "$SCRIPT"'
    )
    result = subprocess.run(
        ["unshare", "-m", "sh", "-c", command],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**env, "SCRIPT": script},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    import json

    shown = json.loads(result.stdout.strip().splitlines()[-1])
    assert shown["exception"] == [] and shown["errors"] == []
    from rcnet_data.core import analytics

    expected = analytics.network_size(bundled.centers, "2024-05-16").domestic_centers
    assert shown["metrics"]["Centers in Russia"] == i18n.fmt_int(expected, "en")
    assert not (source / "x").exists()  # the folder was read-only for the viewer
