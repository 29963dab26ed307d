"""The benchmark: how fast rcnet is at the bundled size, 10× and 100×.

    python -m benchmarks [--scale 1 10 100] [--postgres URL] [--json FILE]
                         [--markdown FILE] [--sessions 10] [--no-browser] [--work DIR]

For each scale it writes the demo registry (`demo --scale N`), seeds a new database from it
and measures, next to a floor measured in the same run where one exists:

- demo generation (floor: writing the same tables to Parquet);
- the seed, on SQLite and, given a URL, on PostgreSQL, and a registry read in a new process,
  from the database and from its snapshot (floor: reading the same tables from Parquet
  with pyarrow in a new process);
- every page's first run after a new data version, its warm rerun, and a rerun with a
  filter set it has seen before (AppTest: the page script alone), next to an empty page;
- in Debian's Chromium, every page: from navigation until the script has finished and
  every chart and map has drawn, the bytes the server sent over the websocket, and the CPU
  seconds the server and each of Chromium's processes used meanwhile;
- the server's peak memory with one session, and with `--sessions` at once.

Each measurement runs in a process of its own (`python -m benchmarks.bench worker ...`), so
no cache of one carries into another. Targets (TARGETS, in the results file's table) are reported,
never asserted: these machines are shared, and a timed test would fail at random. The
PostgreSQL measurements work in a schema of their own (rcnet_bench), which they empty first;
nothing else in that database is touched.
"""

from __future__ import annotations

import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path

from benchmarks.wire import WireRelay
from rcnet_data import settings
from rcnet_data.presentation.i18n import fmt_int
from rcnet_data.presentation.pages import PAGES as PAGE_TABLE
from rcnet_data.settings import PROJECT_ROOT

SCALES = (1, 10, 100)
BENCH_SCHEMA = "rcnet_bench"
# What the benchmark opens: every page of the page table (key, address, query), then the
# slideshow's heaviest slide, the time-lapse.
PAGE_QUERIES = {"region": "region=RU-PNZ", "compare": "regions=RU-PNZ,RU-SVE,RU-TA"}
PAGES = [(page.key, page.url_path, PAGE_QUERIES.get(page.key, "")) for page in PAGE_TABLE] + [
    ("slides", "", "presenter=1&slide=7")
]
# The targets, seconds (or a ratio, or bytes), by what is measured and scale.
TARGETS = {
    "warm_rerun": {1: 0.15, 10: 0.15, 100: 0.5},
    "coverage_85": {1: 2.0},  # coverage of all 85 regions at the bundled size
    "import_rejected_heavy": 15.0,  # a 100,000-row file, half rejected, validated and imported
    "first_page": {10: 1.0, 100: 2.0},
    "read_ratio": 3.0,  # registry read / Parquet floor
    "seed_sqlite": {100: 20.0},
    "drawn": {1: 3.0, 100: 5.0},
    "click": {1: 1.5, 100: 2.5},  # from a click until the next view has finished and drawn
    "websocket_bytes": 2_000_000,
    "memory_ratio": 1.5,
}
CLICK_REPEATS = 3  # each click timed this many times (the median is reported)
PROFILED_CLICKS = 2  # the slowest clicks profiled on the server, and every other one over its target
MOST_PROFILED_CLICKS = 10  # ... up to this many (each costs two more rounds of that click)
# A snapshot read and its Parquet floor: each the fastest of this many new processes (the same
# statistic for both: a shared machine's other work, a database's autovacuum after a seed, only
# ever adds time, and one sample of 0.4-1.1 s was seen to swing by 2.5×).
READ_REPEATS = 3
RERUNS = 3  # each page's warm rerun and rerun with a filter set seen before: the median of this many
QUIET_S = 1.0  # a page is done when it has stayed finished and drawn this long
DRAW_TIMEOUT_S = 120
SHOT_TIMEOUT_MS = 10_000  # one look at a map canvas; the wait for the whole page is DRAW_TIMEOUT_S
EMPTY_PAGE = 'import streamlit as st\nst.set_page_config(layout="wide")\nst.title("empty")\n'


# --- workers: each runs in its own process and prints one JSON line ----------------------------
def _timed(function, *args, **kwargs) -> tuple[float, object]:
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - start, result


def worker_demo(scale: int, folder: str) -> dict:
    import pandas as pd

    from rcnet_data.core import columns
    from rcnet_data.core.demo import cell_text, write_demo

    seconds, (_, _, demo) = _timed(write_demo, Path(folder), scale)
    # The floor writes the same cells (as the CSV holds them) to Parquet.
    centers, events = (
        pd.DataFrame(
            [[cell_text(row.get(column, "")) for column in column_names] for row in rows], columns=column_names
        )
        for column_names, rows in ((columns.CENTER_COLUMNS, demo.centers), (columns.EVENT_COLUMNS, demo.events))
    )
    floor, _ = _timed(
        lambda: (
            centers.to_parquet(Path(folder) / "floor-centers.parquet"),
            events.to_parquet(Path(folder) / "floor-events.parquet"),
        )
    )
    return {"seconds": seconds, "floor": floor, "centers": len(demo.centers), "events": len(demo.events)}


# The steps of a seed and of a registry read, by the function that does each (the outermost
# call of each counts): a profile's time divided into what a reader of the results can act on.
SEED_STEPS = {
    "read_table": "reading the files (CSV)",
    "validate_centers": "checking the centers",
    "validate_events": "checking the events",
    "_bulk_insert": "inserting the rows",
    "do_commit": "committing",
}
READ_STEPS = {
    "data_version": "asking the database for its data version",
    "read_parquet": "reading the snapshot (Parquet)",
    "typed_centers": "typing the centers",
    "typed_events": "typing the events",
}


def _steps(session, steps: dict) -> dict:
    """Seconds spent in each of `steps` (function name: what it does) in a pyinstrument
    session, each function's outermost calls summed; "the rest" is what none of them covers."""
    found = dict.fromkeys(steps.values(), 0.0)

    def walk(frame) -> None:
        if frame.function in steps:
            found[steps[frame.function]] += frame.time
            return
        for child in frame.children:
            walk(child)

    root = session.root_frame()
    if root is not None:
        walk(root)
    found["the rest"] = max(session.duration - sum(found.values()), 0.0)
    return found


def _profiled(function, steps: dict, *args) -> dict:
    """`function(*args)` run once under pyinstrument: its time by step, and the call tree."""
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.001)
    profiler.start()
    function(*args)
    session = profiler.stop()
    return {
        "seconds": session.duration,
        "steps": _steps(session, steps),
        "text": profiler.output_text(unicode=False, color=False),
    }


def worker_seed(url: str, folder: str, profile_url: str = "") -> dict:
    """A seed into a new database; given `profile_url` (another new database), a second seed
    into it under the profiler: where a seed's time goes."""
    from rcnet_data.storage import startup

    seconds, _ = _timed(startup.open_database, url, Path(folder))
    result = {"seconds": seconds}
    if profile_url:
        result["profile"] = _profiled(startup.open_database, SEED_STEPS, profile_url, Path(folder))
    return result


def worker_read(url: str, floor_folder: str, profile: bool = False) -> dict:
    """A registry read in a new process. What a running server holds before any data version
    is done first: the imports, the database opened, the reference tables (typing a snapshot's
    rows names their regions from them). `profile`: the same read again, in memory no more,
    under the profiler (where a read's time goes)."""
    from rcnet_data.core import reference
    from rcnet_data.storage import registry, startup

    startup.open_database(url)
    reference.regions()
    seconds, reg = _timed(registry.load_registry_from_database, url)
    profiled = None
    if profile:
        registry._load_database.cache_clear()
        profiled = _profiled(registry.load_registry_from_database, READ_STEPS, url)
    # Write the floor tables once: the registry as the app holds it, as Parquet files.
    floor = Path(floor_folder)
    if not (floor / "centers.parquet").exists():
        floor.mkdir(parents=True, exist_ok=True)
        reg.centers.to_parquet(floor / "centers.parquet")
        reg.events.to_parquet(floor / "events.parquet")
    return {"seconds": seconds, "centers": len(reg.centers), "events": len(reg.events), "profile": profiled}


def worker_parquet_floor(floor_folder: str) -> dict:
    import pyarrow.parquet as pq

    def read() -> None:
        for name in ("centers", "events"):
            pq.read_table(Path(floor_folder) / f"{name}.parquet").to_pandas()

    seconds, _ = _timed(read)
    return {"seconds": seconds}


def _forget_everything() -> None:
    """What a new data version empties: the registry in memory and every view's results
    (the snapshot on disk stays, as after an import, which writes it). The server still
    knows which views its readers asked for (presentation.warmup)."""
    import streamlit as st

    from rcnet_data.presentation import views
    from rcnet_data.storage import registry

    registry._load_database.cache_clear()
    views.forget_all(keep_calls=True)
    st.cache_data.clear()


def _first_run(app) -> float:
    """An AppTest run, timed; a page that failed stops the measurement with its message."""
    seconds, _ = _timed(app.run)
    if app.exception:
        raise RuntimeError(f"the page failed: {app.exception[0].message}")
    return seconds


def _after_warmup(page_app, only: tuple) -> dict:
    """A new data version as a running server meets it: its watch (presentation.warmup) reads
    the registry and computes again the views the readers asked for (every page above, and
    the filter sets they tried), timed; then each page's first run after that."""
    from rcnet_data.presentation.warmup import VersionWatch
    from rcnet_data.storage.registry import load_registry_from_database

    _forget_everything()
    warmed = VersionWatch(load_registry_from_database, interval_s=0).check()
    firsts = {}
    for key, _, query in PAGES:
        if only and key not in only:
            continue
        firsts[key] = _first_run(page_app(key, query))
    return {"seconds": warmed.seconds, "views": warmed.views, "pages": firsts}


def worst_first_page(pages: dict) -> tuple[str, float, dict | None] | None:
    """The slowest first page after a new data version, as the run measured it: once the
    server's watch had computed its readers' views (with that measurement), else without it."""
    warmed = pages.get("after_warmup")
    if warmed and warmed["pages"]:
        after = warmed["pages"]
        worst = max(after, key=after.get)
        return worst, after[worst], warmed
    if pages.get("pages"):
        worst = max(pages["pages"], key=lambda key: pages["pages"][key]["first"])
        return worst, pages["pages"][worst]["first"], None
    return None


def _other_filter(app) -> tuple[str, object, object] | None:
    """A date filter of the page, its value, and a value a year earlier (None: no date)."""
    for key in ("w_as_of", "w_start"):
        try:
            widget = app.date_input(key=key)
        except KeyError:
            continue
        value = widget.value
        return key, value, value - timedelta(days=365)
    return None


def worker_pages(profile_folder: str = "", only: tuple = (), reruns: int = RERUNS) -> dict:
    """Every page in AppTest: first run after a new data version, warm rerun, and the rerun
    after a filter set seen before (each the median of `reruns`); an empty page's first and
    warm runs beside them."""
    from streamlit.testing.v1 import AppTest

    import rcnet_data.presentation.ui  # noqa: F401  (a running server has its modules imported)
    from rcnet_data.presentation.pages import BY_KEY, HOME

    # No watch for new data versions in this process: it would reload the registry the runs
    # below forget and race them for the cores; `_after_warmup` does its work when timed.
    os.environ["RCNET_WARM_INTERVAL_S"] = "0"
    settings.reload()

    def run_pair(app) -> tuple[float, float]:
        first = _first_run(app)
        warm, _ = _timed(app.run)
        return first, warm

    empty = AppTest.from_string(EMPTY_PAGE, default_timeout=600)
    run_pair(empty)  # Streamlit's own first-run costs, paid once as a server would
    empty = AppTest.from_string(EMPTY_PAGE, default_timeout=600)
    empty_first, empty_warm = run_pair(empty)
    results = {"empty": {"first": empty_first, "warm": empty_warm}, "pages": {}, "reruns": reruns}

    def page_app(key: str, query: str):
        app = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=600)
        for pair in filter(None, query.split("&")):
            name, value = pair.split("=", 1)
            app.query_params[name] = value
        if key in BY_KEY and key != HOME:  # the slideshow runs from the entry script
            app.switch_page(BY_KEY[key].script)
        return app

    # A running server has run every page before a new data version arrives: what does not
    # depend on the data (reference tables, region shapes, fonts) is made by then.
    for key, _, query in PAGES:
        page_app(key, query).run()
    for key, _, query in PAGES:
        if only and key not in only:
            continue
        _forget_everything()
        if profile_folder:
            os.environ["RCNET_PROFILE"] = profile_folder
            settings.reload()
        app = page_app(key, query)
        try:
            first = _first_run(app)
        finally:
            os.environ.pop("RCNET_PROFILE", None)  # the profile is of the first run
            settings.reload()
        # A rerun takes tens of milliseconds, where one garbage collection or a neighbour's
        # burst of work can triple it: each rerun is the median of RERUNS.
        warm = statistics.median(_timed(app.run)[0] for _ in range(reruns))
        revisit = None
        counts = len(app.get("plotly_chart")), len(app.get("deck_gl_json_chart"))
        other = _other_filter(app)
        if other:
            name, value, earlier = other
            revisits = []
            for _ in range(reruns):
                app.date_input(key=name).set_value(earlier).run()
                app.date_input(key=name).set_value(value)
                revisits.append(_timed(app.run)[0])
            revisit = statistics.median(revisits)
        results["pages"][key] = {
            "first": first,
            "warm": warm,
            "revisit": revisit,
            "charts": counts[0],
            "maps": counts[1],
        }
    results["after_warmup"] = _after_warmup(page_app, only)
    return results


def worker_coverage(url: str) -> dict:
    """Coverage of the population for all 85 regions, as the Domestic page first needs it
    after a new data version (target: under 2 s at the bundled size): every town's reach to
    the centers, then each region's share on today's date."""
    from datetime import date, timedelta

    from rcnet_data.presentation import views
    from rcnet_data.storage import registry

    reg = registry.load_registry_from_database(url)
    today = date.today()
    views.coverage(
        reg, today, today - timedelta(days=365), today, 50
    )  # reference tables and shapes loaded, as on a server
    views.forget_all()
    seconds, table = _timed(views.coverage, reg, today, today - timedelta(days=365), today, 50)
    return {"seconds": seconds, "regions": len(table)}


IMPORT_ROWS = 100_000


def worker_import(folder: str, rows: int = IMPORT_ROWS) -> dict:
    """A rejected-heavy file: `rows` centers, every second one with an unknown
    region, validated, prepared (compared with the database, summary made) and imported
    into a freshly seeded SQLite database. Seeding is not counted."""
    import pandas as pd

    from rcnet_data.core import columns, validation
    from rcnet_data.storage import importer, startup

    work = Path(folder)
    work.mkdir(parents=True, exist_ok=True)
    database = work / "import.sqlite3"
    database.unlink(missing_ok=True)
    engine = startup.open_database(f"sqlite:///{database}")
    source = pd.read_csv(PROJECT_ROOT / "data" / "centers.csv", dtype=str, keep_default_na=False)
    source = source[source[columns.NETWORK] == columns.DOMESTIC]
    table = source.sample(rows, replace=True, random_state=1).reset_index(drop=True)
    table[columns.CENTER_ID] = [f"BENCH-{i}" for i in range(rows)]
    table.loc[table.index % 2 == 1, columns.REGION_CODE] = "Нарния"
    path = work / "rejected-heavy.csv"
    table.to_csv(path, index=False)
    validate_s, report = _timed(validation.validate_file, path, columns.TABLE_CENTERS, None, None, None, None, False)

    def prepare_and_summarise():
        prepared = importer.prepare_import(path, columns.TABLE_CENTERS, engine, size_limit=False)
        prepared.summary()
        return prepared

    prepare_s, prepared = _timed(prepare_and_summarise)
    write_s, written = _timed(importer.write_import, prepared, engine, "bench")
    return {
        "rows": rows,
        "rejected": int(prepared.rejected),
        "added": written.summary["added"],
        "validate": validate_s,
        "prepare": prepare_s,
        "write": write_s,
        "import": prepare_s + write_s,
    }


WORKERS = {
    "demo": worker_demo,
    "seed": worker_seed,
    "read": worker_read,
    "parquet_floor": worker_parquet_floor,
    "pages": worker_pages,
    "coverage": worker_coverage,
    "import": worker_import,
}


def _worker_main(argv: list[str]) -> int:
    task, arguments = argv[0], json.loads(argv[1])
    result = WORKERS[task](**arguments)
    print(json.dumps(result))
    return 0


# --- the browser: drawn time, websocket bytes, server memory ----------------------------------
DRAWN_STATE = """(expect) => {
  const app = document.querySelector('[data-testid="stApp"]');
  const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
  return {
    done: !!app && app.getAttribute('data-test-script-state') === 'notRunning',
    heading: !!document.querySelector('h1, [role="heading"][aria-level="1"]'),
    charts: charts.length,
    chartsDrawn: charts.every(c => { const p = c.querySelector('.js-plotly-plot');
                                     return !!p && !!p.querySelector('.main-svg') && (p.data || []).length > 0; }),
    decks: document.querySelectorAll('[data-testid="stDeckGlJsonChart"]').length,
    canvases: document.querySelectorAll('[data-testid="stDeckGlJsonChart"] canvas').length,
    expected: !expect || !!(new Function('return (' + expect + ')'))(),
    now: performance.now(),
  };
}"""


def _deck_drawn(tab, count: int) -> bool:
    """Every map canvas shows drawn content: not one flat colour (the canvas exists, blank,
    before deck.gl has drawn on it)."""
    import io

    from PIL import Image
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    from benchmarks.browser import DECK_CANVAS

    for index in range(count):
        try:
            png = tab.locator(DECK_CANVAS).nth(index).screenshot(timeout=SHOT_TIMEOUT_MS)
        except PlaywrightTimeout:  # still moving (ten tabs drawing at once): not drawn yet, look again
            return False
        image = Image.open(io.BytesIO(png)).convert("RGB").resize((240, 140), Image.Resampling.NEAREST)
        pixels = list(image.getdata())
        background = max(set(pixels), key=pixels.count)
        differing = sum(1 for pixel in pixels if max(abs(a - b) for a, b in zip(pixel, background, strict=True)) > 30)
        if differing < len(pixels) * 0.005:
            return False
    return True


@dataclass
class Visit:
    drawn: float | None = None  # seconds from navigation until finished and drawn
    bytes: int = 0
    error: str = ""
    cpu: dict = field(default_factory=dict)  # CPU seconds while it drew, by process (CpuSeconds)


class CpuSeconds:
    """CPU seconds used by the dashboard's server and by Chromium's processes, by kind: the
    page's renderer (Streamlit's frontend, plotly and deck.gl's JavaScript), the GPU process
    (WebGL, which on these machines runs on the CPU in SwiftShader) and the browser's others.
    Where a page's time goes when its own script is quick: which process did the work."""

    KINDS = ("server", "renderer", "gpu", "browser")

    def __init__(self, server_pid: int):
        import psutil

        self.server = psutil.Process(server_pid)

    @staticmethod
    def _kind(cmdline: list[str]) -> str:
        flags = " ".join(cmdline)
        return "gpu" if "--type=gpu-process" in flags else "renderer" if "--type=renderer" in flags else "browser"

    def now(self) -> dict[tuple[str, int], float]:
        """CPU seconds so far of each process, keyed by (kind, pid)."""
        import psutil

        times = self.server.cpu_times()
        used = {("server", self.server.pid): times.user + times.system}
        for process in psutil.process_iter(["name", "cmdline"]):
            if "chrom" not in (process.info["name"] or ""):
                continue
            try:
                times = process.cpu_times()
            except psutil.Error:  # ended between the listing and the reading
                continue
            used[(self._kind(process.info["cmdline"] or []), process.pid)] = times.user + times.system
        return used

    @staticmethod
    def since(before: dict[tuple[str, int], float], after: dict[tuple[str, int], float]) -> dict[str, float]:
        """Seconds used in between, by kind. Counted per process: a navigation may swap the
        page's renderer for a new one, and the old one's lifetime total must not cancel the new
        one's work (a sum by kind did, and read 0 s for a page's renderer). A process that
        ended in between takes what it used in between with it."""
        used = dict.fromkeys(CpuSeconds.KINDS, 0.0)
        for (kind, pid), seconds in after.items():
            used[kind] += max(seconds - before.get((kind, pid), 0.0), 0.0)
        return {kind: round(seconds, 2) for kind, seconds in used.items()}


def _wait_drawn(
    tab, started: float, charts: int, maps: int, expect: str = "", on_complete=None, page_clock: bool = False
) -> Visit:
    """Poll until the script has finished, a heading shows, the page's `charts` have their
    plots and its `maps` have drawn (counts from the same page in AppTest: Streamlit mounts
    a chart only once its code has loaded), `expect` (JavaScript) holds, and that has held for
    QUIET_S (a widget's first value may start one more run); the time is when it first held.
    `started` is perf_counter seconds, or with `page_clock` the page's performance.now() (ms)
    at a click; `on_complete()` is called at each first poll that sees the view complete."""
    visit = Visit()
    since = None
    deadline = time.perf_counter() + DRAW_TIMEOUT_S
    while time.perf_counter() < deadline:
        state = tab.evaluate(DRAWN_STATE, expect)
        complete = (
            state["done"]
            and state["heading"]
            and state["expected"]
            and state["charts"] >= charts
            and state["chartsDrawn"]
            and state["canvases"] >= maps
            and (not maps or _deck_drawn(tab, maps))
        )
        now = state["now"] / 1000 if page_clock else time.perf_counter()
        if not complete:
            since = None
        elif since is None:
            since = now
            if on_complete:
                on_complete()
        elif now - since >= QUIET_S:
            visit.drawn = since - (started / 1000 if page_clock else started)
            return visit
        tab.wait_for_timeout(50)
    visit.error = f"not drawn within {DRAW_TIMEOUT_S} s"
    return visit


def _open_tab(browser, received: list[int]):
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    tab = context.new_page()

    def on_socket(socket) -> None:
        socket.on("framereceived", lambda payload: received.append(len(payload)))

    tab.on("websocket", on_socket)
    _offline(tab)
    return context, tab


def _offline(tab) -> None:
    """Offline, as the dashboard must work: anything off the machine is refused."""
    tab.route(
        "**/*",
        lambda route: (
            route.continue_() if route.request.url.startswith(("http://127.0.0.1", "data:", "blob:")) else route.abort()
        ),
    )


def _visit(tab, received: list[int], url: str, charts: int, maps: int, cpu: CpuSeconds | None = None) -> Visit:
    received.clear()
    before = cpu.now() if cpu else None
    started = time.perf_counter()
    tab.goto(url, wait_until="commit")
    visit = _wait_drawn(tab, started, charts, maps)
    visit.bytes = sum(received)
    if cpu:
        visit.cpu = CpuSeconds.since(before, cpu.now())
    return visit


class PeakMemory:
    """The peak resident memory of a process, sampled every 50 ms while in use."""

    def __init__(self, pid: int):
        import psutil

        self.process = psutil.Process(pid)
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.is_set():
            try:
                self.peak = max(self.peak, self.process.memory_info().rss)
            except Exception:  # the process ended
                return
            self._stop.wait(0.05)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def _click_tab(browser):
    """A tab that notes when each websocket message arrives (perf_counter, bytes: the list
    returned), with Chrome's counters on."""
    frames: list[tuple[float, int]] = []
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    tab = context.new_page()
    tab.on(
        "websocket",
        lambda socket: socket.on("framereceived", lambda payload: frames.append((time.perf_counter(), len(payload)))),
    )
    _offline(tab)
    cdp = context.new_cdp_session(tab)
    cdp.send("Performance.enable")
    return context, tab, cdp, frames


def _click_round(tab, cdp, frames: list, relay, counts: dict, chosen=None) -> dict:
    """Every click once, each from its page drawn, the page talking to the server through
    `relay` (benchmarks.wire); with `chosen`, those clicks only (and the clicks that lead to
    them: a sidebar click starts where the one before it left)."""
    from benchmarks.clicks import Timing, clicks, time_click

    def wait(tab, clicked, charts, maps, expect, on_complete):
        return _wait_drawn(tab, clicked, charts, maps, expect, on_complete, page_clock=True)

    chains: list[list] = []  # a click with its own start page, then the clicks that go on from it
    for click in clicks():
        if click.start is not None or not chains:
            chains.append([])
        chains[-1].append(click)
    addresses = {key: (path, query) for key, path, query in PAGES}
    timings = {}
    for chain in chains:
        if chosen is not None:
            wanted = [index for index, click in enumerate(chain) if click.name in chosen]
            if not wanted:
                continue
            chain = chain[: max(wanted) + 1]
        key, query = chain[0].start
        url = f"{relay.url}/{addresses[key][0]}" + (f"?{query}" if query else "")
        start = (
            _counts(counts, key)
            if chain[0].start_counts is None
            else dict(zip(("charts", "maps"), chain[0].start_counts))
        )
        broken = _visit(tab, [], url, **start).error
        for click in chain:
            if broken:  # where the click would start is not drawn: it is not timed
                timings[click.name] = Timing(error=f"its page was not drawn: {broken}")
                continue
            try:
                timings[click.name] = time_click(tab, cdp, frames, click, counts, wait, relay)
                if click.after is not None:
                    click.after(tab)()
                    _wait_drawn(tab, time.perf_counter(), **_counts(counts, click.target))
            except Exception as error:  # the click itself could not be made (a widget not found)
                timings[click.name] = Timing(error=f"{type(error).__name__}: {str(error).splitlines()[0]}")
            broken = timings[click.name].error
    return timings


def _counts(counts: dict, key: str) -> dict:
    return {"charts": counts[key]["charts"], "maps": counts[key]["maps"]}


def clicks_measure(browser, server_url: str, counts: dict, repeats: int) -> dict:
    """Every click `repeats` times in one session (each round after the one before: the
    server has computed these views for this data version by then, as for every visitor but
    the first); the median of each."""
    from benchmarks.clicks import median_timing

    relay = WireRelay(server_url)
    context, tab, cdp, frames = _click_tab(browser)
    try:
        rounds = [_click_round(tab, cdp, frames, relay, counts) for _ in range(repeats)]
    finally:
        context.close()
        relay.close()
    return {name: median_timing([one[name] for one in rounds]) for name in rounds[0]}


def empty_page_load(browser, repeats: int) -> float | None:
    """An empty Streamlit page (a title) opened by its address the same way: the floor."""
    from benchmarks.browser import start_server

    script = Path(tempfile.mkdtemp(prefix="rcnet-empty-")) / "empty.py"
    script.write_text(EMPTY_PAGE, encoding="utf-8")
    server = start_server(script=script)
    try:
        context, tab = _open_tab(browser, [])
        _visit(tab, [], server.url, 0, 0)  # the browser's first visit loads Streamlit's code
        times = [_visit(tab, [], server.url, 0, 0).drawn for _ in range(repeats)]
        context.close()
    finally:
        server.stop()
        shutil.rmtree(script.parent, ignore_errors=True)
    times = [value for value in times if value is not None]
    return statistics.median(times) if times else None


def profiled_clicks(timed: dict[str, float], target: float) -> list[str]:
    """The clicks to profile, slowest first: the PROFILED_CLICKS slowest, and every click over
    its target (each one the results file names as not met needs its profile)."""
    slowest = sorted(timed, key=timed.get, reverse=True)
    over = [name for name in slowest if timed[name] > target]
    return slowest[: max(PROFILED_CLICKS, min(len(over), MOST_PROFILED_CLICKS))]


def click_profiles(browser, env: dict, counts: dict, names: list[str], folder: Path) -> dict:
    """The slowest clicks again on a server that profiles every page run (pyinstrument), once
    to let the server compute them and once profiled: where the server's time went."""
    from benchmarks.browser import start_server
    from benchmarks.clicks import clicks

    targets = {click.name: click.target for click in clicks()}
    profiles = {}
    server = start_server({**env, "RCNET_PROFILE": str(folder)})
    relay = WireRelay(server.url)
    try:
        context, tab, cdp, frames = _click_tab(browser)
        for name in names:
            _click_round(tab, cdp, frames, relay, counts, chosen={name})
            shutil.rmtree(folder, ignore_errors=True)
            timing = _click_round(tab, cdp, frames, relay, counts, chosen={name}).get(name)
            written = folder / f"{targets[name]}.txt"
            profiles[name] = {
                "profiled_drawn": timing.drawn if timing else None,
                "server": written.read_text(encoding="utf-8") if written.exists() else "",
            }
        context.close()
    finally:
        relay.close()
        server.stop()
    return profiles


def browser_measure(env: dict, sessions: int, counts: dict, quick: bool = False, scale: int = 1) -> dict:
    """A server on the seeded database. One session (one browser profile, its cache kept, as a
    user's) opens every page twice: first while the server computes it for this data
    version, then again as any later visitor sees it; drawn time, websocket bytes, peak
    memory. At the scales with a click target, every click (benchmarks.clicks) three times, an
    empty page opened the same way beside them, and the slowest clicks again on a server that
    profiles. Then `sessions` sessions, each a new browser profile, open every page at once.
    `quick` (the test suite's smoke run): every page once, no moves inside the app, and the
    sessions open the home page only."""
    from playwright.sync_api import sync_playwright

    from benchmarks.browser import CHROMIUM_ARGS, chromium_path, start_server

    server = start_server(env)
    cpu = CpuSeconds(server.process.pid)
    urls = {key: f"{server.url}/{path}" + (f"?{query}" if query else "") for key, path, query in PAGES}
    result: dict = {"first_visit": {}, "pages": {}}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            with PeakMemory(server.process.pid) as one:
                received: list[int] = []
                context, tab = _open_tab(browser, received)
                for visits in (result["pages"],) if quick else (result["first_visit"], result["pages"]):
                    for key, url in urls.items():
                        visits[key] = asdict(_visit(tab, received, url, **_counts(counts, key), cpu=cpu))
                context.close()
            if not quick and scale in TARGETS["click"]:
                result["empty_page"] = empty_page_load(browser, CLICK_REPEATS)
                result["clicks"] = clicks_measure(browser, server.url, counts, CLICK_REPEATS)
                timed = {name: value["drawn"] for name, value in result["clicks"].items() if value.get("drawn")}
                slowest = profiled_clicks(timed, TARGETS["click"][scale])
                result["click_profiles"] = click_profiles(
                    browser, env, counts, slowest, Path(tempfile.mkdtemp(prefix="rcnet-click-profiles-"))
                )
            result["memory_one_session"] = one.peak
            with PeakMemory(server.process.pid) as many:
                tabs = [_open_tab(browser, []) for _ in range(sessions)]
                started = time.perf_counter()
                for key, url in list(urls.items())[:1] if quick else urls.items():
                    for _, tab in tabs:
                        tab.goto(url, wait_until="commit")
                    for _, tab in tabs:
                        _wait_drawn(tab, started, **_counts(counts, key))
                result["sessions_seconds"] = time.perf_counter() - started
                for context, _ in tabs:
                    context.close()
            result["memory_sessions"] = many.peak
            result["sessions"] = sessions
            browser.close()
    finally:
        server.stop()
    return result


# --- the run ---------------------------------------------------------------------------------
@dataclass
class ScaleResult:
    scale: int
    centers: int = 0
    events: int = 0
    demo: dict = field(default_factory=dict)
    seed: dict = field(default_factory=dict)
    read: dict = field(default_factory=dict)
    pages: dict = field(default_factory=dict)
    browser: dict = field(default_factory=dict)
    coverage: dict = field(default_factory=dict)


def _worker(task: str, env: dict | None = None, **arguments) -> dict:
    completed = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench", "worker", task, json.dumps(arguments)],
        cwd=PROJECT_ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"benchmark step {task} failed:\n{completed.stderr[-3000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def _postgres_schema_url(url: str, scale: int) -> str:
    """The bench's own schema in the given database, emptied: nothing else is touched."""
    import sqlalchemy as sa

    schema = f"{BENCH_SCHEMA}_{scale}"
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        connection.execute(sa.text(f"CREATE SCHEMA {schema}"))
    engine.dispose()
    return (
        sa.engine.make_url(url)
        .update_query_dict({"options": f"-csearch_path={schema}"})
        .render_as_string(hide_password=False)
    )


def _environment(work: Path, database_url: str) -> dict:
    """What the app processes of one measurement see: their database, their snapshot folder,
    no editors' secrets."""
    return {
        "RCNET_DATABASE_URL": database_url,
        "RCNET_CACHE_DIR": str(work / "cache"),
        "RCNET_SECRETS_FILE": str(work / "no-secrets.toml"),
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
    }


def measure_scale(
    scale: int, work: Path, postgres: str | None, browser: bool, sessions: int, profile: bool, quick: bool, say=print
) -> ScaleResult:
    folder = work / f"scale-{scale}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    result = ScaleResult(scale)
    say(f"[{scale}×] demo registry")
    result.demo = _worker("demo", scale=scale, folder=str(folder / "registry"))
    result.centers, result.events = result.demo["centers"], result.demo["events"]

    say(f"[{scale}×] seed (SQLite)")
    sqlite_url = f"sqlite:///{folder / 'registry.sqlite3'}"
    env = _environment(folder, sqlite_url)
    # Where a seed's time goes, at the scale profiled: a second seed, into a database of its own.
    profile_url = f"sqlite:///{folder / 'profiled-seed.sqlite3'}" if profile else ""
    seeded = _worker("seed", env, url=sqlite_url, folder=str(folder / "registry"), profile_url=profile_url)
    result.seed["sqlite"] = seeded["seconds"]
    if seeded.get("profile"):
        result.seed["sqlite_profile"] = seeded["profile"]
    (folder / "profiled-seed.sqlite3").unlink(missing_ok=True)
    databases = {"sqlite": sqlite_url}
    if postgres:
        say(f"[{scale}×] seed (PostgreSQL)")
        databases["postgresql"] = _postgres_schema_url(postgres, scale)
        result.seed["postgresql"] = _worker(
            "seed",
            _environment(folder, databases["postgresql"]),
            url=databases["postgresql"],
            folder=str(folder / "registry"),
        )["seconds"]

    say(f"[{scale}×] registry reads")
    floor_folder = folder / "floor"
    # The smoke run (quick) reads once: it proves the reads run, it reads no time.
    repeats = result.read["repeats"] = 1 if quick else READ_REPEATS
    for kind, url in databases.items():
        kind_env = _environment(folder, url)
        shutil.rmtree(folder / "cache", ignore_errors=True)  # no snapshot: the database is read
        result.read[f"{kind}_database"] = _worker("read", kind_env, url=url, floor_folder=str(floor_folder))["seconds"]
        snapshot = _worker("read", kind_env, url=url, floor_folder=str(floor_folder), profile=True)
        again = [
            _worker("read", kind_env, url=url, floor_folder=str(floor_folder))["seconds"] for _ in range(repeats - 1)
        ]
        result.read[f"{kind}_snapshot"] = min([snapshot["seconds"], *again])
        result.read[f"{kind}_snapshot_profile"] = snapshot["profile"]
    result.read["parquet_floor"] = min(
        _worker("parquet_floor", floor_folder=str(floor_folder))["seconds"] for _ in range(repeats)
    )
    result.seed["parquet_floor"] = result.read["parquet_floor"]

    say(f"[{scale}×] coverage of the 85 regions")
    result.coverage = _worker("coverage", env, url=sqlite_url)

    say(f"[{scale}×] pages in AppTest")
    profile_folder = str(folder / "profiles") if profile else ""
    # The smoke run (quick) times each rerun once: it proves the steps run, it reads no time.
    result.pages = _worker("pages", env, profile_folder=profile_folder, reruns=1 if quick else RERUNS)
    if profile:
        result.pages["profiles"] = {
            path.stem: path.read_text(encoding="utf-8") for path in sorted(Path(profile_folder).glob("*.txt"))
        }
    if browser:
        say(f"[{scale}×] pages in Chromium, {sessions} sessions")
        result.browser = browser_measure(env, sessions, result.pages["pages"], quick, scale)
    return result


def machine() -> dict:
    import psutil

    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {}
    for package in ("streamlit", "pandas", "pyarrow", "plotly", "pydeck", "sqlalchemy"):
        try:
            versions[package] = __import__(package).__version__
        except ImportError:
            versions[package] = "-"
    chromium = ""
    try:
        from benchmarks.browser import chromium_path

        chromium = subprocess.run(
            [chromium_path(), "--version"], capture_output=True, text=True, timeout=30
        ).stdout.strip()
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "system": platform.platform(),
        "python": platform.python_version(),
        "packages": versions,
        "chromium": chromium,
        "date": date.today().isoformat(),
    }


def run(
    scales=SCALES,
    postgres: str | None = None,
    browser: bool = True,
    sessions: int = 10,
    work: Path | None = None,
    quick: bool = False,
    profile: bool = True,
    say=print,
    done=None,
) -> dict:
    """Every scale in turn; `done(report)` is called after each, with what is measured so far
    (so a long run that fails late keeps its results)."""
    own = work is None
    work = Path(work or tempfile.mkdtemp(prefix="rcnet-bench-"))
    report = {"machine": machine(), "targets": TARGETS, "scales": []}
    try:
        say(f"rejected-heavy import, {fmt_int(IMPORT_ROWS, 'en')} rows")
        report["import"] = _worker(
            "import",
            _environment(work / "import", f"sqlite:///{work / 'import' / 'import.sqlite3'}"),
            folder=str(work / "import"),
        )
        for scale in scales:
            result = measure_scale(
                scale, work, postgres, browser, sessions, profile and scale == max(scales), quick, say
            )
            report["scales"].append(asdict(result))
            if done:
                done(report)
    finally:
        if own:
            shutil.rmtree(work, ignore_errors=True)
    return report


# --- reporting -------------------------------------------------------------------------------
def _s(value) -> str:
    return "—" if value is None else f"{value:.2f} s"


def _drawn(visit: dict) -> str:
    return _s(visit["drawn"]) if visit["drawn"] is not None else visit["error"]


def _ratio(value, floor) -> str:
    return "—" if value is None or not floor else f"{value / floor:.1f}×"


def _met(value, target) -> str:
    if value is None or target is None:
        return ""
    return "✅" if value <= target else "❌"


def checks(report: dict) -> list[tuple[str, int, str, str, bool]]:
    """(what, scale, measured, target, met) for every target the run covers."""
    rows = []
    heavy = report.get("import")
    if heavy:
        total = heavy["validate"] + heavy["import"]
        rows.append(
            (
                f"{fmt_int(heavy['rows'], 'en')} rows, half rejected: validate + import",
                1,
                _s(total),
                f"≤ {TARGETS['import_rejected_heavy']} s",
                total <= TARGETS["import_rejected_heavy"],
            )
        )
    for entry in report["scales"]:
        scale = entry["scale"]
        pages = entry["pages"].get("pages", {})
        coverage = entry.get("coverage") or {}
        if coverage and scale in TARGETS["coverage_85"]:
            rows.append(
                (
                    "coverage of the 85 regions, new data version",
                    scale,
                    _s(coverage["seconds"]),
                    f"≤ {TARGETS['coverage_85'][scale]} s",
                    coverage["seconds"] <= TARGETS["coverage_85"][scale],
                )
            )
        warm = TARGETS["warm_rerun"].get(scale)
        if warm and pages:
            worst = max(pages, key=lambda key: pages[key]["warm"])
            rows.append(
                (
                    "worst warm rerun",
                    scale,
                    f"{worst} {pages[worst]['warm']:.2f} s",
                    f"≤ {warm} s",
                    pages[worst]["warm"] <= warm,
                )
            )
            revisits = {key: value["revisit"] for key, value in pages.items() if value["revisit"] is not None}
            if revisits:
                slowest = max(revisits, key=revisits.get)
                rows.append(
                    (
                        "worst rerun, filter set seen before",
                        scale,
                        f"{slowest} {revisits[slowest]:.2f} s",
                        f"≤ {warm} s",
                        revisits[slowest] <= warm,
                    )
                )
        first = TARGETS["first_page"].get(scale)
        found = worst_first_page(entry["pages"])
        if first and found:
            worst, seconds, warmed = found
            # As a server meets a new data version: its watch computes the readers' views first.
            how = f", after the server's {warmed['seconds']:.1f} s computing {warmed['views']} views" if warmed else ""
            rows.append(
                (
                    "worst first page after a new data version",
                    scale,
                    f"{worst} {seconds:.2f} s{how}",
                    f"≤ {first} s",
                    seconds <= first,
                )
            )
        read = entry["read"]
        floor = read.get("parquet_floor")
        if floor:
            for kind in ("sqlite", "postgresql"):
                if f"{kind}_snapshot" in read:
                    ratio = read[f"{kind}_snapshot"] / floor
                    rows.append(
                        (
                            f"registry read, {kind} (snapshot) / Parquet floor",
                            scale,
                            f"{ratio:.1f}×",
                            f"≤ {TARGETS['read_ratio']}×",
                            ratio <= TARGETS["read_ratio"],
                        )
                    )
        seed = TARGETS["seed_sqlite"].get(scale)
        if seed:
            rows.append(
                ("seed, SQLite", scale, _s(entry["seed"]["sqlite"]), f"≤ {seed} s", entry["seed"]["sqlite"] <= seed)
            )
        browser = entry.get("browser") or {}
        drawn = TARGETS["drawn"].get(scale)
        if browser.get("pages"):
            visits = browser["pages"]
            if drawn:
                slow = max(visits, key=lambda key: visits[key]["drawn"] or float("inf"))
                value = visits[slow]["drawn"]
                rows.append(
                    (
                        "slowest page drawn in Chromium",
                        scale,
                        f"{slow} {_s(value)}",
                        f"≤ {drawn} s",
                        value is not None and value <= drawn,
                    )
                )
            firsts = browser["first_visit"] or visits  # a quick run visits each page once
            sent = {key: max(visits[key]["bytes"], firsts[key]["bytes"]) for key in visits}
            heavy = max(sent, key=sent.get)
            rows.append(
                (
                    "most websocket bytes for a page",
                    scale,
                    f"{heavy} {sent[heavy] / 1e6:.2f} MB",
                    "≤ 2 MB",
                    sent[heavy] <= TARGETS["websocket_bytes"],
                )
            )
            click_target = TARGETS["click"].get(scale)
            for name, timing in (browser.get("clicks") or {}).items():
                value = timing.get("drawn")
                rows.append(
                    (
                        f"click: {name}",
                        scale,
                        _s(value) if value is not None else timing["error"],
                        f"≤ {click_target} s",
                        value is not None and value <= click_target,
                    )
                )
            ratio = browser["memory_sessions"] / browser["memory_one_session"]
            rows.append(
                (
                    f"server memory, {browser['sessions']} sessions / 1",
                    scale,
                    f"{ratio:.2f}×",
                    f"≤ {TARGETS['memory_ratio']}×",
                    ratio <= TARGETS["memory_ratio"],
                )
            )
    return rows


def steps_reading(steps: dict[str, float], measured: float, allowed: float) -> str:
    """A profile's steps read against what the target allows: where the time goes, and which
    steps would have to give the excess between them (the largest first)."""
    ranked = sorted(steps.items(), key=lambda item: -item[1])
    out = "Where it goes (profiled): " + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in ranked) + "."
    over = measured - allowed
    if over <= 0:
        return out
    chosen, freed = [], 0.0
    for name, seconds in ranked:
        if name == "the rest" or freed >= over:
            continue
        chosen.append(name)
        freed += seconds
    if freed >= over:
        who = chosen[0] + " alone" if len(chosen) == 1 else " and ".join(chosen) + f" ({freed:.2f} s between them)"
        return out + f" What would meet it: {over:.2f} s less, which {who} would have to give."
    return out + (
        f" What would meet it: {over:.2f} s less, more than its named steps take ({freed:.2f} s): "
        "another way of doing it, not one faster step."
    )


FIRST_LEVEL = re.compile(r"^[|`]- ([0-9.]+) (\S+)\s+(\S+)")


def first_run_reading(profile_text: str, measured: float, target: float) -> str:
    """A page's first run after a new data version, read from its profile: how much of it is
    computing the page's views for the new version (the views' memo missing, `cached`), and
    what the page would take if they were ready before a reader asked."""
    total = _profiled_seconds(profile_text)
    parts = [FIRST_LEVEL.match(line) for line in profile_text.splitlines()]
    computing = sum(float(m.group(1)) for m in parts if m and m.group(2) == "cached" and "views.py" in m.group(3))
    if not total:
        return ""
    rest = measured * (total - computing) / total
    out = (
        f"Of its first run ({total:.2f} s profiled), {computing:.2f} s is computing the page's views for the new "
        f"data version (the views' memo missing); the rest, drawing the page and sending it, is "
        f"{total - computing:.2f} s. What would meet it: those views computed when a data version arrives, "
        f"before a reader opens a page; the first page would then take about {rest:.2f} s"
    )
    return out + (
        f", within {target} s." if rest <= target else f", still over {target} s: its drawing too must shrink."
    )


def why_not_met(report: dict) -> dict[tuple[str, int], str]:
    """For each target the run can read from a profile: (what, scale) as `checks` names it,
    and where the time goes and what would meet it."""
    readings = {}
    for entry in report["scales"]:
        scale, read = entry["scale"], entry["read"]
        seed_profile = entry["seed"].get("sqlite_profile")
        if seed_profile and scale in TARGETS["seed_sqlite"]:
            readings[("seed, SQLite", scale)] = steps_reading(
                seed_profile["steps"], entry["seed"]["sqlite"], TARGETS["seed_sqlite"][scale]
            )
        for kind in ("sqlite", "postgresql"):
            profiled = read.get(f"{kind}_snapshot_profile")
            if profiled and read.get("parquet_floor"):
                allowed = TARGETS["read_ratio"] * read["parquet_floor"]
                readings[(f"registry read, {kind} (snapshot) / Parquet floor", scale)] = (
                    f"{read[f'{kind}_snapshot']:.2f} s where {TARGETS['read_ratio']}× the floor allows "
                    f"{allowed:.2f} s. " + steps_reading(profiled["steps"], read[f"{kind}_snapshot"], allowed)
                )
        pages = entry["pages"]
        profiles = pages.get("profiles") or {}
        found = worst_first_page(pages) if scale in TARGETS["first_page"] else None
        if found and found[2]:
            worst, seconds, warmed = found
            readings[("worst first page after a new data version", scale)] = (
                f"The server's watch computed the {warmed['views']} views its readers had asked for in "
                f"{warmed['seconds']:.1f} s; {worst}'s first run after that took {seconds:.2f} s, against "
                f"{pages['pages'][worst]['first']:.2f} s without it: what remains is the page's own drawing and "
                f"sending, and the views no reader had asked for before (its profile, below the table of pages, "
                f"is of the first run without the watch)."
            )
        elif found and found[0] in profiles:
            worst, seconds, _ = found
            readings[("worst first page after a new data version", scale)] = first_run_reading(
                profiles[worst], seconds, TARGETS["first_page"][scale]
            )
        browser = entry.get("browser") or {}
        if browser.get("pages") and scale in TARGETS["drawn"]:
            maps = {key: counted["maps"] for key, counted in pages["pages"].items()}
            lines = page_load_reading(browser["pages"], TARGETS["drawn"][scale], maps)
            readings[("slowest page drawn in Chromium", scale)] = " ".join(line for line in lines if line)
        for name, profile in (browser.get("click_profiles") or {}).items():
            timing = browser["clicks"][name]
            if timing.get("drawn") is not None:
                readings[(f"click: {name}", scale)] = (
                    "; ".join(click_reading(timing, TARGETS["click"].get(scale), profile["server"])) + "."
                )
    return readings


def not_met_section(report: dict) -> list[str]:
    """Every target not met, each with where its time goes and what would meet it (or that
    this run holds no profile of it)."""
    readings = why_not_met(report)
    missed = [row for row in checks(report) if not row[4]]
    if not missed:
        return []
    out = ["", "## Not met: where the time goes and what would meet it", ""]
    for what, scale, measured, target, _ in missed:
        reading = readings.get((what, scale)) or "this run holds no profile of it."
        out.append(f"- **{what}, {scale}×** ({measured}; target {target}): {reading}")
    return out


def _profile_excerpt(text: str, lines: int = 40) -> str:
    """The top of a pyinstrument call tree: the frames that take the time."""
    kept = [line for line in text.splitlines() if line.strip()][:lines]
    return "\n".join(kept)


def markdown(report: dict) -> str:
    m = report["machine"]
    out = [
        "# rcnet benchmark",
        "",
        "Made by `python -m benchmarks` (see README). Times are wall-clock seconds on the machine below; "
        "where a floor exists the ratio to it, measured in the same run, is the figure to compare across machines. "
        "Nothing here is asserted by the tests (the CI runs the benchmark once at scale 1 as a smoke test).",
        "",
        f"**Machine:** {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB; {m['system']}; Python {m['python']}; "
        + ", ".join(f"{k} {v}" for k, v in m["packages"].items())
        + f"; {m['chromium']}. Run on {m['date']}.",
        "",
        "## Targets",
        "",
        "| what | scale | measured | target | met |",
        "|---|---|---|---|---|",
    ]
    for what, scale, measured, target, met in checks(report):
        out.append(f"| {what} | {scale}× | {measured} | {target} | {'✅' if met else '❌'} |")
    out += not_met_section(report)
    heavy = report.get("import")
    if heavy:
        out += [
            "",
            f"## A rejected-heavy import: {fmt_int(heavy['rows'], 'en')} rows, {fmt_int(heavy['rejected'], 'en')} "
            "rejected (unknown region)",
            "",
            "| step | time |",
            "|---|---|",
            f"| validate | {_s(heavy['validate'])} |",
            f"| prepare (read, check, compare with the database, summary) | {_s(heavy['prepare'])} |",
            f"| write ({fmt_int(heavy['added'], 'en')} rows, one transaction) | {_s(heavy['write'])} |",
        ]
    for entry in report["scales"]:
        scale, read, seed, demo = entry["scale"], entry["read"], entry["seed"], entry["demo"]
        floor = read["parquet_floor"]
        repeats = read.get("repeats", READ_REPEATS)
        out += [
            "",
            f"## {scale}×: {fmt_int(entry['centers'], 'en')} centers, {fmt_int(entry['events'], 'en')} events",
            "",
            "| step | time | floor | ratio |",
            "|---|---|---|---|",
            f"| demo generation | {_s(demo['seconds'])} | {_s(demo['floor'])} (write Parquet) | {_ratio(demo['seconds'], demo['floor'])} |",
        ]
        for kind in ("sqlite", "postgresql"):
            if kind in seed:
                out.append(
                    f"| seed, {kind} | {_s(seed[kind])} | {_s(floor)} (read Parquet) | {_ratio(seed[kind], floor)} |"
                )
        for kind in ("sqlite", "postgresql"):
            for how in ("database", "snapshot"):
                if f"{kind}_{how}" in read:
                    value = read[f"{kind}_{how}"]
                    how_read = (
                        f"the fastest of {repeats} from the snapshot" if how == "snapshot" else "from the database"
                    )
                    out.append(
                        f"| registry read in a new process, {kind}, {how_read} | {_s(value)} | {_s(floor)} | "
                        f"{_ratio(value, floor)} |"
                    )
        if entry.get("coverage"):
            out.append(
                f"| coverage of the 85 regions (every town's reach, each region's share) | "
                f"{_s(entry['coverage']['seconds'])} | — | — |"
            )
        out += [
            "",
            f"The floor of the seeds and reads (pyarrow reading the registry's Parquet into pandas) is the fastest "
            f"of {repeats} new processes, as each read from the snapshot is.",
        ]
        pages = entry["pages"]
        empty = pages["empty"]
        out += [
            "",
            f"Pages in AppTest (empty page: first {_s(empty['first'])}, warm {_s(empty['warm'])}); a page's warm "
            f"rerun and its rerun with a filter set seen before are each the median of {pages.get('reruns', RERUNS)}:",
            "",
            "| page | first run after a new data version | first run, once the server had computed its views "
            "| warm rerun | × empty | rerun, filters seen before |",
            "|---|---|---|---|---|---|",
        ]
        warmed = pages.get("after_warmup") or {"pages": {}}
        for key, value in pages["pages"].items():
            out.append(
                f"| {key} | {_s(value['first'])} | {_s(warmed['pages'].get(key))} | {_s(value['warm'])} | "
                f"{_ratio(value['warm'], empty['warm'])} | {_s(value['revisit'])} |"
            )
        if warmed["pages"]:
            out += [
                "",
                f"After a new data version each server's watch (presentation.warmup, every "
                f"{settings.DEFAULTS['RCNET_WARM_INTERVAL_S']} s) reads the registry and computes again the views its "
                f"readers had asked for: here {warmed['views']} views (every page above and the filter sets tried) "
                f"in {warmed['seconds']:.1f} s. A page opened in that time waits for the views it needs, up to its "
                f"first run without the watch (the second column).",
            ]
        browser = entry.get("browser") or {}
        if browser.get("pages"):
            out += [
                "",
                "In Chromium, 1920×1080, one session opening each page by its address (navigation until the "
                "script has finished and every chart and map has drawn). First visit: the server computes the "
                "page for this data version; visit: as every later visitor sees it.",
                "",
                "| page | charts | maps | first visit | visit | from the sidebar (a click) | websocket, first visit "
                "| websocket, visit | CPU in the visit: server / page / GPU process / browser |",
                "|---|---|---|---|---|---|---|---|---|",
            ]
            for key, visit in browser["pages"].items():
                first = browser["first_visit"].get(key, visit)
                in_app = (browser.get("clicks") or {}).get(f"sidebar → {key}")
                out.append(
                    f"| {key} | {pages['pages'][key]['charts']} | {pages['pages'][key]['maps']} | {_drawn(first)} | "
                    f"{_drawn(visit)} | {_drawn(in_app) if in_app else '—'} | {first['bytes'] / 1e6:.2f} MB | "
                    f"{visit['bytes'] / 1e6:.2f} MB | {_cpu(visit.get('cpu'))} |"
                )
            maps = {key: counted["maps"] for key, counted in pages["pages"].items()}
            out += page_load_reading(browser["pages"], TARGETS["drawn"].get(scale), maps)
            out += [
                "",
                f"Server peak memory: one session {browser['memory_one_session'] / 2**20:.0f} MiB; "
                f"{browser['sessions']} sessions at once {browser['memory_sessions'] / 2**20:.0f} MiB "
                f"({browser['memory_sessions'] / browser['memory_one_session']:.2f}×); "
                f"the {browser['sessions']} sessions opened all pages in {_s(browser['sessions_seconds'])}.",
            ]
        if browser.get("clicks"):
            out += click_section(browser, TARGETS["click"].get(scale))
        profiles = pages.get("profiles") or {}
        if profiles:
            slowest = max(pages["pages"], key=lambda key: pages["pages"][key]["first"])
            if slowest in profiles:
                out += [
                    "",
                    f"Where the time goes: the slowest first run at {scale}× ({slowest}), pyinstrument:",
                    "",
                    "```",
                    _profile_excerpt(profiles[slowest]),
                    "```",
                ]
    return "\n".join(out) + "\n"


def _cpu(used: dict | None) -> str:
    return " / ".join(f"{used[kind]:.2f}" for kind in CpuSeconds.KINDS) + " s" if used else "—"


# What each process measured while a page drew does.
PROCESS_WORK = {
    "server": "the server's Python (the page's script, Streamlit's messages)",
    "renderer": "the page's JavaScript (Streamlit's frontend, plotly, deck.gl) and its layout",
    "gpu": "Chromium's GPU process: WebGL (deck.gl's and MapLibre's maps), which runs on the CPU in "
    "SwiftShader on a machine without a graphics card, as this one is",
    "browser": "Chromium's own process",
}


def page_load_reading(visits: dict, target: float | None, maps: dict | None = None) -> list[str]:
    """Which process did the work while the slowest page drew, in a sentence: the figure that
    says why a page misses its target and what would meet it; then every page that misses it,
    and (given each page's `maps` on its first screen) how the pages with a map compare with
    those without, in the same run."""
    timed = {key: visit for key, visit in visits.items() if visit.get("drawn") and visit.get("cpu")}
    if not timed:
        return []
    key = max(timed, key=lambda name: timed[name]["drawn"])
    visit = timed[key]
    used = visit["cpu"]
    largest = max(CpuSeconds.KINDS, key=used.get)
    what = PROCESS_WORK[largest]
    out = [
        "",
        f"Where a page's time goes: {key} ({visit['drawn']:.2f} s) used {sum(used.values()):.2f} s of CPU on "
        f"the machine's cores while it drew, most of it in {what} ({used[largest]:.2f} s).",
    ]
    if target is not None and visit["drawn"] > target:
        if largest == "gpu":
            out[-1] += (
                f" It misses {target:.1f} s because that drawing shares the machine's cores with everything else; "
                "on a reader's computer a graphics card does it, so what would meet the target here is fewer "
                "WebGL maps on the page, or a machine with a GPU, not a faster server."
            )
        else:
            out[-1] += f" It misses {target:.1f} s: that part is what has to shrink."
        out += _pages_over_target(timed, target, maps or {})
    return out


def _pages_over_target(timed: dict, target: float, maps: dict) -> list[str]:
    """Every page that misses `target`, and whether a map on the first screen is what the
    slow pages share (the pages without one, in the same run, being the control)."""

    def listed(keys) -> str:
        return ", ".join(f"{key} {timed[key]['drawn']:.2f} s" for key in keys)

    over = sorted((key for key in timed if timed[key]["drawn"] > target), key=lambda key: -timed[key]["drawn"])
    out = ["", f"Pages drawn in more than {target:.1f} s: {listed(over)}."]
    with_map = [key for key in over if maps.get(key)]
    without = [key for key in timed if not maps.get(key)]
    if with_map and without:
        slowest = max(without, key=lambda key: timed[key]["drawn"])
        out[-1] += (
            f" With a deck.gl map on the first screen: {', '.join(with_map)}; the slowest page without one drew in "
            f"{timed[slowest]['drawn']:.2f} s ({slowest})."
        )
        if timed[slowest]["drawn"] <= target:
            out[-1] += (
                " So the map is what puts a page over: what would meet the target is that map drawn on demand, "
                "below the first screen (as Domestic's and Growth's are), or WebGL on a graphics card."
            )
    without_over = [key for key in over if key in maps and not maps[key]]  # known to have none
    if without_over:
        slowest = without_over[0]
        used = timed[slowest]["cpu"]
        largest = max(CpuSeconds.KINDS, key=used.get)
        out[-1] += (
            f" A map is not all of it: {slowest} ({timed[slowest]['drawn']:.2f} s, no map on its first screen) used "
            f"most of its CPU in {PROCESS_WORK[largest]} ({used[largest]:.2f} s); what would meet {target:.1f} s "
            f"is {timed[slowest]['drawn'] - target:.2f} s less of that work, or the same work on more or quieter "
            "cores than this run had."
        )
    return out


def _seconds(value) -> str:
    return "—" if value is None else f"{value:.2f}"


def click_section(browser: dict, target: float | None) -> list[str]:
    """The clicks' table (medians, and where the time went) and the profile of the slowest."""
    empty = browser.get("empty_page")
    out = [
        "",
        f"Clicks in Chromium, one session, each click {CLICK_REPEATS} times (median), from the click until the next "
        "view has finished and drawn; an empty Streamlit page opened by its address the same way: "
        f"{_s(empty)}. Where the time went, seconds from the click: the server's first and last bytes of the "
        "answer as they left it (a relay on the wire sees them: the last says the script has finished and all "
        "is sent); the page's first and last message as the page took them (Chromium reports a message when "
        "the page's renderer takes it, late while it is busy drawing the one before); then the browser alone "
        "after the server's last byte. Chrome's counters say how long the page's main thread ran script, style "
        "and layout in all (the rest is waiting: the server, WebGL in the GPU process, timers).",
        "",
        "| click | drawn | × empty page | runs | server sent: first / last | page took: first / last | browser "
        "after the server | main thread: script / style / layout | websocket |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, timing in browser["clicks"].items():
        if timing.get("drawn") is None:
            out.append(f"| {name} | {timing['error']} | | | | | | | |")
            continue
        thread = timing["main_thread"]
        sent_last = timing.get("sent_last")
        after = timing["drawn"] - sent_last if sent_last is not None else None
        out.append(
            f"| {name} | {_s(timing['drawn'])} {_met(timing['drawn'], target)} | {_ratio(timing['drawn'], empty)} | "
            f"{', '.join(_seconds(run) for run in timing['runs'])} | {_s(timing.get('sent_first'))} / "
            f"{_s(sent_last)} | {_s(timing['first_message'])} / {_s(timing['last_message'])} | {_s(after)} | "
            f"{_seconds(thread.get('script'))} / {_seconds(thread.get('style'))} / "
            f"{_seconds(thread.get('layout'))} | {timing['bytes'] / 1e6:.2f} MB |"
        )
    for name, profile in (browser.get("click_profiles") or {}).items():
        timing = browser["clicks"][name]
        out += ["", f"Where the time goes: «{name}» ({_s(timing['drawn'])})", ""]
        out += [f"- {line}" for line in click_reading(timing, target, profile["server"])]
        if profile["server"]:
            out += [
                "",
                f"The server's run of the page it opens, profiled (pyinstrument; that click took "
                f"{_s(profile['profiled_drawn'])} with the profiler on):",
                "",
                "```",
                _profile_excerpt(profile["server"]),
                "```",
            ]
    return out


def _profiled_seconds(profile_text: str) -> float | None:
    """The wall time pyinstrument recorded for the run ("Duration: 0.372")."""
    found = re.search(r"Duration: ([0-9.]+)", profile_text or "")
    return float(found.group(1)) if found else None


def click_reading(timing: dict, target: float | None, profile_text: str = "") -> list[str]:
    """The click's figures read: how its time divides between the server (until its last byte
    left it) and the browser (from then until drawn), and which part must shrink to meet the
    target."""
    drawn, sent_first, sent_last = timing["drawn"], timing.get("sent_first"), timing.get("sent_last")
    if sent_first is None or sent_last is None:
        return ["no byte from the server was seen on the wire after the click"]
    script = timing["main_thread"].get("script", 0.0)
    browser = drawn - sent_last
    lines = [
        f"the server: its first byte {sent_first:.2f} s after the click, its last {sent_last:.2f} s after "
        f"({timing['bytes'] / 1e6:.2f} MB); the browser: {browser:.2f} s more until drawn, its main thread "
        f"running script for {script:.2f} s in all",
    ]
    if timing.get("last_message") is not None and timing["last_message"] > sent_last:
        lines.append(
            f"the page took the server's last message {timing['last_message']:.2f} s after the click, "
            f"{timing['last_message'] - sent_last:.2f} s after it was sent: its renderer was busy drawing what "
            "had come before"
        )
    page_script = _profiled_seconds(profile_text)
    if page_script is not None:
        lines.append(
            f"of the server's {sent_last:.2f} s, the page's script ran {page_script:.2f} s (profile below; the "
            "rest is the request's way in, the entry script and the sending)"
        )
    if target is not None and drawn > target:
        parts = {"the server's answer": sent_last, "the browser's work after the server had sent all": browser}
        largest = max(parts, key=parts.get)
        lines.append(
            f"{drawn - target:.2f} s over the target of {target} s; the largest part is {largest} "
            f"({parts[largest]:.2f} s): that is what has to shrink to meet it"
        )
    return lines


def table(report: dict) -> str:
    """The targets as plain text, for the terminal."""
    rows = checks(report)
    width = max((len(row[0]) for row in rows), default=10)
    return "\n".join(
        f"{what:<{width}}  {scale:>4}×  {measured:<28} {target:<10} {'met' if met else 'NOT MET'}"
        for what, scale, measured, target, met in rows
    )


def main(args) -> int:
    """`python -m benchmarks` (arguments parsed in benchmarks/__main__.py)."""
    for path in (args.json, args.markdown):
        if path:  # a folder that is missing is made now, not after an hour of measuring
            Path(path).parent.mkdir(parents=True, exist_ok=True)

    def write(report: dict) -> None:
        if args.json:
            Path(args.json).write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
        if args.markdown:
            Path(args.markdown).write_text(markdown(report), encoding="utf-8")

    started = time.perf_counter()

    def say(text: str) -> None:  # each step with the time it started at, to see where a run spends it
        print(f"[{time.perf_counter() - started:7.1f} s] {text}", file=sys.stderr, flush=True)

    report = run(
        tuple(args.scale),
        args.postgres,
        not args.no_browser,
        args.sessions,
        args.work,
        args.quick,
        not args.no_profile,
        say=say,
        done=write,
    )
    print(table(report))
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["worker"]:
        sys.exit(_worker_main(sys.argv[2:]))
    sys.exit("usage: python -m benchmarks ...")
