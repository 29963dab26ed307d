"""Browser fixtures: a real dashboard server and Debian's Chromium driven by Playwright.

Every request that leaves the machine is aborted and recorded, so a test fails if a page
tries to reach the internet (CDNs, fonts, map styles, usage statistics).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from benchmarks.browser import CHROMIUM_ARGS, STARTED, chromium_path, start_server
from tests.conftest import PROJECT_ROOT

ARTIFACTS = PROJECT_ROOT / "artifacts" / "screenshots"
LOCAL = ("http://127.0.0.1", "http://localhost", "data:", "blob:", "about:")
# While a deep link finds its base path Streamlit asks /<page>/_stcore/health and
# /<page>/_stcore/host-config once each and gets 404: expected, harmless (field notes).
HARMLESS_404 = ("/_stcore/health", "/_stcore/host-config")
PHONE = (390, 844)
PHONE_AGENT = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/140.0.0.0 Mobile Safari/537.36"
)


def log_sizes() -> dict[Path, int]:
    return {log: log.stat().st_size for _, log in STARTED if log.exists()}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failing browser test carries what its servers logged while it ran (a traceback in
    a download's callable or a script run shows only there, never in the browser)."""
    outcome = yield
    report = outcome.get_result()
    if report.failed and call.when in ("call", "setup"):
        before = getattr(item, "rcnet_log_sizes", {})
        for log in log_sizes():
            written = log.read_bytes()[before.get(log, 0) :].decode("utf-8", "replace")
            if written.strip():
                report.sections.append((f"server log {log.name}", written[-8000:]))


@pytest.fixture(autouse=True)
def remember_log_sizes(request):
    request.node.rcnet_log_sizes = log_sizes()


@pytest.fixture(scope="session")
def server():
    """One dashboard for the whole browser session (tests that need a cold one start their own)."""
    running = start_server()
    yield running
    running.stop()


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()
    assert Path(executable).exists(), "Debian's chromium is needed: apt-get install chromium"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@dataclass
class Watch:
    """What a page did that a user would not want: console errors, requests off the machine."""

    console_errors: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)
    not_found: list[str] = field(default_factory=list)

    def unexpected_errors(self) -> list[str]:
        harmless = [url for url in self.not_found if url.endswith(HARMLESS_404)]
        errors = list(self.console_errors)
        for _ in harmless:  # each harmless 404 shows up once as "Failed to load resource"
            for index, text in enumerate(errors):
                if text.startswith("Failed to load resource"):
                    errors.pop(index)
                    break
        return errors + [f"404 {url}" for url in self.not_found if url not in harmless]


class ReusedTabs:
    """One tab per kind of screen for a test worker's whole run, each test's page opened in it
    by its address as a reader opens a page in a tab she already has. A new tab per test cost
    Chromium a new page process that compiled Streamlit's and plotly's scripts again: the
    Overview took 11-12.5 s of CPU in a new tab and 3.7-4.6 s in a reused one (Domestic 12-17
    s and 9.6-10.4 s), measured on this 2-core machine. Tests of a new browser session (not
    signed in, a cold server, a phone's first visit) open their own."""

    def __init__(self, browser):
        self.browser = browser
        self.tabs: dict[str, object] = {}

    def get(self, kind: str, **options):
        tab = self.tabs.get(kind)
        if tab is not None:
            try:  # leave the last test's page: its late events must not count against this one
                tab.goto("about:blank", timeout=15_000)
            except Exception:  # a crashed or stuck tab is replaced, never reused
                tab.context.close()
                tab = None
        if tab is None:
            tab = self.open(options)
            self.tabs[kind] = tab
        tab.context.clear_cookies()
        tab.watch = Watch()
        return tab

    def open(self, options: dict):
        context = self.browser.new_context(**options)
        tab = context.new_page()
        # The handlers write to the tab's current Watch, replaced for every test.
        tab.on(
            "console",
            lambda message: tab.watch.console_errors.append(message.text) if message.type == "error" else None,
        )
        tab.on("pageerror", lambda error: tab.watch.console_errors.append(f"page error: {error}"))
        tab.on(
            "response", lambda response: tab.watch.not_found.append(response.url) if response.status == 404 else None
        )

        def guard(route):
            if route.request.url.startswith(LOCAL):
                route.continue_()
            else:
                tab.watch.external.append(route.request.url)
                route.abort()

        tab.route("**/*", guard)
        return tab

    def close(self) -> None:
        for tab in self.tabs.values():
            tab.context.close()


@pytest.fixture(scope="session")
def reused_tabs(browser):
    tabs = ReusedTabs(browser)
    yield tabs
    tabs.close()


def screenshot_after(tab, request) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9_-]+", "_", request.node.name).strip("_")
    tab.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.fixture
def page(reused_tabs, request):
    """The worker's desktop tab at 1280×720, cookies cleared, with a fresh record of what the
    page did (console errors, requests off the machine, 404s)."""
    tab = reused_tabs.get("desktop", viewport={"width": 1280, "height": 720}, accept_downloads=True)
    tab.set_viewport_size({"width": 1280, "height": 720})
    yield tab
    screenshot_after(tab, request)


@pytest.fixture
def phone_tab(reused_tabs, request):
    """The worker's phone tab: 390×844, touch, a phone browser's user agent."""
    options = {"is_mobile": True, "has_touch": True, "user_agent": PHONE_AGENT}
    tab = reused_tabs.get("phone", viewport={"width": PHONE[0], "height": PHONE[1]}, **options)
    yield tab
    screenshot_after(tab, request)
