"""Browser fixtures: a real dashboard server and Debian's Chromium driven by Playwright.

Every request that leaves the machine is aborted and recorded, so a test fails if a page
tries to reach the internet (CDNs, fonts, map styles, usage statistics).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.conftest import PROJECT_ROOT

ARTIFACTS = PROJECT_ROOT / "artifacts" / "screenshots"
LOCAL = ("http://127.0.0.1", "http://localhost", "data:", "blob:", "about:")
# Chromium flags that work headless as root on these machines (field notes); SwiftShader
# lets deck.gl draw WebGL without a GPU.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--enable-unsafe-swiftshader",
]  # fmt: skip
# While a deep link finds its base path Streamlit asks /<page>/_stcore/health and
# /<page>/_stcore/host-config once each and gets 404: expected, harmless (field notes).
HARMLESS_404 = ("/_stcore/health", "/_stcore/host-config")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    url: str
    process: subprocess.Popen

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start_server(env: dict | None = None) -> Server:
    """A fresh `streamlit run dashboard.py` on a free loopback port, stopped by its PID."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=PROJECT_ROOT, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return Server(url, process)
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError("the dashboard did not start within 60 s")


@pytest.fixture(scope="session")
def server():
    """One dashboard for the whole browser session (tests that need a cold one start their own)."""
    running = start_server()
    yield running
    running.stop()


@pytest.fixture(scope="session")
def browser():
    executable = shutil.which("chromium") or "/usr/bin/chromium"
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
