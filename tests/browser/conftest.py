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


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1280, "height": 720}, accept_downloads=True)
    tab = context.new_page()
    watch = Watch()
    tab.on("console", lambda message: watch.console_errors.append(message.text) if message.type == "error" else None)
    tab.on("pageerror", lambda error: watch.console_errors.append(f"page error: {error}"))
    tab.on("response", lambda response: watch.not_found.append(response.url) if response.status == 404 else None)

    def guard(route):
        if route.request.url.startswith(LOCAL):
            route.continue_()
        else:
            watch.external.append(route.request.url)
            route.abort()

    tab.route("**/*", guard)
    tab.watch = watch
    yield tab
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9_-]+", "_", request.node.name).strip("_")
    try:
        tab.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    finally:
        context.close()
