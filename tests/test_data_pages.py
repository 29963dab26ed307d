"""The Data and Data quality pages in AppTest: sign-in rules and what viewers see."""

from __future__ import annotations

import pytest
import streamlit as st

from rcnet_data.storage import auth
from tests.conftest import set_setting
from tests.test_pages import metrics, run_page


@pytest.fixture(autouse=True)
def fresh_caches():
    st.cache_data.clear()


@pytest.fixture
def editor_secrets(tmp_path, monkeypatch):
    """One editor, anna, configured the way an administrator does it."""
    path = tmp_path / "secrets.toml"
    path.write_text(f'[editors]\nanna = "{auth.hash_password("s3cret", iterations=1000)}"\n')
    set_setting(monkeypatch, "RCNET_SECRETS_FILE", str(path))


def test_without_editors_editing_is_off_and_says_so():
    app = run_page("data", lang="en")
    assert any("Editing is off" in info.value for info in app.info)
    assert not app.get("file_uploader")
    assert "Import history" in [h.value for h in app.header]  # a section: h2 under the page's h1
    history = app.dataframe[0].value
    assert list(history["Who"]) == ["rcnet (first run)"] * 2
    russian = run_page("data", lang="ru").dataframe[0].value
    assert list(russian["Кто"]) == ["rcnet (первый запуск)"] * 2  # the system's name in the reader's language


def test_sign_in_is_checked_and_stays_in_its_session(editor_secrets):
    app = run_page("data", lang="en")
    assert not app.get("file_uploader")
    app.text_input(key="sign_in_user").set_value("anna")
    app.text_input(key="sign_in_password").set_value("wrong")
    app.button[0].click().run()
    assert any("Wrong user name or password" in e.value for e in app.error)
    app.text_input(key="sign_in_password").set_value("s3cret")
    app.button[0].click().run()
    assert any("Signed in as anna" in s.value for s in app.success)
    assert app.get("file_uploader")
    # Another browser session (another AppTest) is not signed in.
    other = run_page("data", lang="en")
    assert not other.get("file_uploader") and not any("Signed in" in s.value for s in other.success)


def test_quality_page_counts_per_region():
    app = run_page("quality", lang="en", start="2026-10-01", end="2026-10-31")
    shown = metrics(app)
    assert shown["Without coordinates"] == "0" and shown["Outside the region"] == "0"
    table = app.dataframe[0].value
    assert len(table) == 85
    silent = (table["Events in the period"] == 0).sum()
    from rcnet_data.presentation import i18n

    sentence = i18n.t("regions_without_events", "en", n=silent)
    assert any(m.value.startswith(sentence) for m in app.markdown)


def test_every_viewer_sees_an_import_from_elsewhere(tmp_path, center_row):
    """A script imports through the CLI while a dashboard session is open: its next run shows it."""
    import os
    import subprocess
    import sys

    from tests.conftest import PROJECT_ROOT, RUSSIAN_CENTER_HEADERS, write_csv

    app = run_page(lang="en")
    region = run_page("region", lang="en", region="RU-PNZ")  # views memoised per data version
    before = int(metrics(app)["Centers in Russia"].replace(",", ""))
    before_region = int(metrics(region)["Centers"])
    path = write_csv(
        tmp_path / "centers.csv", RUSSIAN_CENTER_HEADERS, [center_row(Код="VIEW-1"), center_row(Код="VIEW-2")]
    )
    url = f"sqlite:///{os.environ['RCNET_SQLITE_PATH']}"
    for command in (["import", str(path)], ["undo"]):
        result = subprocess.run(
            [sys.executable, "-m", "rcnet_data", *command, "--database", url],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        app.run()
        region.run()
        added = 2 if command[0] == "import" else 0
        assert metrics(app)["Centers in Russia"] == f"{before + added:,}"
        assert metrics(region)["Centers"] == str(before_region + added)


def test_an_editor_removed_from_the_secrets_file_loses_rights_at_once(editor_secrets, tmp_path, monkeypatch):
    app = run_page("data", lang="en")
    app.text_input(key="sign_in_user").set_value("anna")
    app.text_input(key="sign_in_password").set_value("s3cret")
    app.button[0].click().run()
    assert app.get("file_uploader")
    emptied = tmp_path / "no-editors.toml"
    emptied.write_text(f'[editors]\nboris = "{auth.hash_password("x", iterations=1000)}"\n')
    set_setting(monkeypatch, "RCNET_SECRETS_FILE", str(emptied))
    app.run()
    assert not app.get("file_uploader") and not any("Signed in" in s.value for s in app.success)


def test_storage_details_only_for_editors_and_never_a_password(editor_secrets, monkeypatch):
    from rcnet_data.storage import db

    assert (
        db.redacted("postgresql+psycopg://rcnet:hunter2@db.example/rcnet?sslpassword=p4ss&application_name=x")
        == "postgresql+psycopg://rcnet:***@db.example/rcnet?application_name=x&sslpassword=***"
    )
    app = run_page("data", lang="en")
    assert not any("Database:" in c.value for c in app.caption)  # a viewer sees no storage details
    app.text_input(key="sign_in_user").set_value("anna")
    app.text_input(key="sign_in_password").set_value("s3cret")
    app.button[0].click().run()
    assert any("Database:" in c.value for c in app.caption)


def test_a_malformed_hash_is_reported_on_the_data_page(tmp_path, monkeypatch):
    path = tmp_path / "secrets.toml"
    path.write_text('[editors]\nboris = "not-a-hash"\n')
    set_setting(monkeypatch, "RCNET_SECRETS_FILE", str(path))
    app = run_page("data", lang="en")
    assert any("password hash of editor boris" in e.value for e in app.error)


def test_user_text_is_shown_as_text_not_markup():
    from rcnet_data.presentation.ui import plain

    shown = plain("![x](http://evil.example/p.png) <img src=x> **bold**")
    assert "](" not in shown.replace("\\](", "") and "\\!" in shown and "\\<img" in shown and "\\*\\*" in shown
