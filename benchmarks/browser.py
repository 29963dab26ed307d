"""A dashboard server on loopback and Debian's Chromium: what the benchmark measures with and
the browser tests drive (one definition for both).

Chromium runs headless with the flags that work as root on these machines (field notes);
SwiftShader lets deck.gl draw WebGL without a GPU.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from rcnet_data import settings
from rcnet_data.settings import PROJECT_ROOT

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-unsafe-swiftshader",
]
# Streamlit marks the app element with the script's state: a page has finished running when it
# says notRunning (and no rerun follows).
SCRIPT_DONE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
PLOTLY_SVG = '[data-testid="stPlotlyChart"] .js-plotly-plot .main-svg'
DECK_CANVAS = '[data-testid="stDeckGlJsonChart"] canvas'
START_TIMEOUT_S = 60
# Every server started in this process, (port, log): a failing test reports the logs of the
# servers it talked to.
STARTED: list[tuple[int, Path]] = []


def hover_choropleth(tab) -> tuple[object, float, float]:
    """Hover a point in the middle of Siberia on the page's map of regions (the largest regions
    are there, so any point hits one) until its label shows: the chart and the point."""
    chart = tab.locator('[data-testid="stPlotlyChart"]').first
    chart.scroll_into_view_if_needed()
    map_canvas = chart.locator("canvas").first
    map_canvas.wait_for(timeout=30_000)
    box = map_canvas.bounding_box()
    x, y = box["x"] + box["width"] * 0.55, box["y"] + box["height"] * 0.45
    tab.mouse.move(x, y)
    chart.locator(".hoverlayer .hovertext").first.wait_for(timeout=15_000)
    return chart, x, y


def hover_tile(tab) -> tuple[float, float]:
    """Hover the first tile of the page's tile grid (its invisible marker takes the click)."""
    tiles = tab.locator('[data-testid="stPlotlyChart"]').first
    tiles.scroll_into_view_if_needed()
    box = tiles.locator(".scatterlayer .point").nth(0).bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    tab.mouse.move(x, y)
    tab.wait_for_timeout(300)
    return x, y


def chromium_path() -> str:
    """Debian's chromium (Playwright's own browser download is not used)."""
    return shutil.which("chromium") or "/usr/bin/chromium"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log: Path  # the server's own log (Streamlit's errors, tracebacks): read it when a test fails

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.unlink(missing_ok=True)


# A server started here runs as deployed whatever the caller's process set for itself (the test
# process turns the watch for new data versions off for its in-process AppTest runs).
AS_DEPLOYED = {"RCNET_WARM_INTERVAL_S": settings.DEFAULTS["RCNET_WARM_INTERVAL_S"]}


def start_server(
    env: dict | None = None,
    script: Path = PROJECT_ROOT / "dashboard.py",
    host: str = "127.0.0.1",
    options: tuple[str, ...] = (),
) -> Server:
    """A fresh `streamlit run dashboard.py` on a free loopback port, ready when it answers
    its health check; stop it with `Server.stop`. `host` is how the browser names it (an
    OIDC redirect must come back to the same host name); `options` are more Streamlit flags."""
    port = free_port()
    log = Path(tempfile.mkstemp(prefix=f"rcnet-server-{port}-", suffix=".log")[1])
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(script),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            *options,
        ],
        cwd=PROJECT_ROOT,
        env={**os.environ, **AS_DEPLOYED, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=log.open("ab"),
    )
    STARTED.append((port, log))
    url = f"http://{host}:{port}"
    deadline = time.time() + START_TIMEOUT_S
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return Server(url, process, log)
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError(f"the dashboard did not start within {START_TIMEOUT_S} s")
