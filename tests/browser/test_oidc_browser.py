"""Editor sign-in through OpenID Connect, end to end: a real provider
(oidc-provider-mock) on loopback, Streamlit's st.login with Authlib, Debian's Chromium."""

from __future__ import annotations

import re
import secrets
import warnings
from pathlib import Path

import pytest
import sqlalchemy as sa

from benchmarks.browser import free_port, start_server
from rcnet_data.storage import auth, db
from tests.browser.test_browser import wait_idle
from tests.browser.test_data_browser import upload_file

pytestmark = pytest.mark.browser

with warnings.catch_warnings():  # the mock imports Authlib's deprecated jose module
    warnings.simplefilter("ignore")
    from oidc_provider_mock import run_server_in_thread

SIGN_IN = "Войти через учётную запись организации"


def write_secrets(path: Path, app_port: int, metadata_url: str) -> Path:
    """The secrets.toml an administrator writes: a provider, the editors' e-mails, and one
    password editor (both ways must work side by side)."""
    path.write_text(
        f"""
[editors]
boris = "{auth.hash_password("b0ris-pass", iterations=1000)}"

[auth]
redirect_uri = "http://localhost:{app_port}/oauth2callback"
cookie_secret = "{secrets.token_hex(16)}"
client_id = "rcnet"
client_secret = "rcnet-test-secret"
server_metadata_url = "{metadata_url}"
editors = ["anna@example.org", "eve@example.org"]
""",
        encoding="utf-8",
    )
    return path


def dashboard(tmp_path: Path, metadata_url: str | None = None):
    port = free_port()
    path = write_secrets(
        tmp_path / "secrets.toml",
        port,
        metadata_url or f"http://localhost:{free_port()}/.well-known/openid-configuration",
    )
    env = {"RCNET_SQLITE_PATH": str(tmp_path / "registry.sqlite3"), "RCNET_SECRETS_FILE": str(path)}
    import benchmarks.browser as browser_helpers

    chosen = browser_helpers.free_port
    browser_helpers.free_port = lambda: port  # the redirect URI names this port
    try:
        running = start_server(env, host="localhost", options=("--secrets.files", str(path)))
        running.database = tmp_path / "registry.sqlite3"
        return running
    finally:
        browser_helpers.free_port = chosen


@pytest.fixture(scope="module")
def provider():
    """The identity provider: any e-mail typed on its page signs in as that address. anna's
    address is verified by the provider; eve's, though on the editors' list, is not."""
    from oidc_provider_mock import User

    users = [
        User(sub="anna@example.org", claims={"email": "anna@example.org", "email_verified": True}),
        User(sub="eve@example.org", claims={"email": "eve@example.org", "email_verified": False}),
    ]
    with run_server_in_thread(port=0, user_claims=users) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture(scope="module")
def oidc_server(provider, tmp_path_factory):
    running = dashboard(tmp_path_factory.mktemp("oidc"), f"{provider}/.well-known/openid-configuration")
    yield running
    running.stop()


LOOPBACK = ("http://localhost:", "http://127.0.0.1:")


@pytest.fixture
def tab(browser):
    """A fresh browser session that may reach the dashboard and the provider on loopback,
    and nothing else (any other request fails the test)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    outside: list[str] = []

    def guard(route):
        if route.request.url.startswith(LOOPBACK):
            route.continue_()
            return
        route.abort()
        if "/oauth2/" not in route.request.frame.url:  # the mock provider's own page styles itself from a CDN
            outside.append(route.request.url)

    page.route("**/*", guard)
    yield page
    context.close()
    assert outside == [], outside


def data_page(page, url: str) -> None:
    page.goto(f"{url}/data")
    page.get_by_role("heading", name="Данные", exact=True).first.wait_for(timeout=60_000)
    wait_idle(page)


def sign_in_at_provider(page, url: str, email: str) -> None:
    """Press the sign-in button, authorise at the provider as `email`, come back, and open
    the Data page from the sidebar (Streamlit lands on the home page after a sign-in)."""
    data_page(page, url)
    page.get_by_role("button", name=SIGN_IN).click()
    page.locator("input[name=sub]").wait_for(timeout=30_000)  # the provider's own page
    assert "/oauth2/authorize" in page.url
    page.locator("input[name=sub]").fill(email)
    page.get_by_role("button", name="Authorize").click()
    page.get_by_role("heading", name="Обзор", exact=True).first.wait_for(timeout=60_000)
    wait_idle(page)
    page.locator('[data-testid="stSidebarNavLink"]', has_text="Данные").first.click()
    page.get_by_role("heading", name="Данные", exact=True).first.wait_for(timeout=60_000)
    wait_idle(page)


@pytest.mark.slow
def test_an_editor_signs_in_imports_under_her_email_and_signs_out(oidc_server, tab, tmp_path):
    page = tab
    data_page(page, oidc_server.url)
    # 1. A viewer is anonymous: no uploader, a sign-in button.
    assert page.locator('[data-testid="stFileUploader"]').count() == 0
    assert page.get_by_role("button", name=SIGN_IN).is_visible()
    # 2–4. Through the provider as anna, an editor: back on the Data page with the uploader.
    sign_in_at_provider(page, oidc_server.url, "anna@example.org")
    page.get_by_text("Вы вошли как anna@example.org").wait_for(timeout=30_000)
    page.locator('[data-testid="stFileUploader"]').wait_for(timeout=30_000)
    # Her import is logged under her e-mail.
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(upload_file(tmp_path)))
    page.get_by_role("button", name="Импортировать 3 строки").click()
    page.get_by_text(re.compile(r"Импорт \d+ записан: добавлено 3")).wait_for(timeout=60_000)
    wait_idle(page)
    engine = sa.create_engine(f"sqlite:///{oidc_server.database}")
    newest = db.import_history(engine).iloc[0]
    engine.dispose()
    assert newest["user_name"] == "anna@example.org" and newest["added"] == 3
    # 6. Sign out: anonymous again.
    page.get_by_role("button", name="Выйти").click()
    # Streamlit ends the session at the provider too (RP-initiated logout), which asks to confirm.
    page.get_by_role("button", name="End session").click(timeout=30_000)
    page.get_by_role("heading", name="Обзор", exact=True).first.wait_for(timeout=60_000)  # then lands home
    data_page(page, oidc_server.url)
    page.get_by_role("button", name=SIGN_IN).wait_for(timeout=60_000)
    assert page.locator('[data-testid="stFileUploader"]').count() == 0
    assert page.locator('[data-testid="stException"]').count() == 0


def test_a_viewer_signed_in_is_told_she_cannot_import(oidc_server, tab):
    sign_in_at_provider(tab, oidc_server.url, "olga@example.org")
    tab.get_by_text("olga@example.org может просматривать реестр, но не импортировать", exact=False).wait_for(
        timeout=30_000
    )
    assert tab.locator('[data-testid="stFileUploader"]').count() == 0


def test_an_unverified_address_on_the_editors_list_is_not_an_editor(oidc_server, tab):
    """eve@example.org is on the list, but the provider says her address is not verified
    (email_verified: false): anyone may register such an account, so she may only view."""
    sign_in_at_provider(tab, oidc_server.url, "eve@example.org")
    tab.get_by_text(
        "Адрес eve@example.org есть в списке редакторов, но сервер входа не подтвердил его", exact=False
    ).wait_for(timeout=30_000)
    assert tab.locator('[data-testid="stFileUploader"]').count() == 0
    assert tab.get_by_text("Вы вошли как").count() == 0


def test_a_password_editor_still_signs_in_beside_oidc(oidc_server, tab):
    data_page(tab, oidc_server.url)
    tab.get_by_role("textbox", name="Имя пользователя").fill("boris")
    tab.get_by_role("textbox", name="Пароль").fill("b0ris-pass")
    tab.get_by_role("button", name="Войти", exact=True).click()
    tab.get_by_text("Вы вошли как boris").wait_for(timeout=30_000)
    tab.locator('[data-testid="stFileUploader"]').wait_for(timeout=30_000)


def test_an_unreachable_provider_gets_one_sentence_and_viewing_works(tab, tmp_path):
    running = dashboard(tmp_path)  # its metadata URL names a port nobody listens on
    page = tab
    try:
        data_page(page, running.url)
        page.get_by_text(
            "Вход через учётную запись организации недоступен: сервер входа не отвечает.", exact=False
        ).wait_for(timeout=30_000)
        assert page.get_by_role("button", name=SIGN_IN).count() == 0
        assert page.locator('[data-testid="stException"]').count() == 0
        page.goto(f"{running.url}/")
        page.get_by_role("heading", name="Обзор", exact=True).first.wait_for(timeout=60_000)
        wait_idle(page)
        assert page.locator('[data-testid="stMetricValue"]').count() >= 4
        assert page.locator('[data-testid="stException"]').count() == 0
    finally:
        running.stop()
