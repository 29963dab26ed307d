"""Clicks as a person makes them, timed in Chromium: from the click until the next view has
finished and drawn, with where that time went.

Each click starts from its page drawn (opened by its address, or reached by the click before
it). It is timed by the page's own clock (performance.now) from the click until the view was
first complete. The server's answer is timed twice: as its bytes left the server (the first
and the last websocket chunk after the click, seen by a relay on the wire: benchmarks.wire),
and as the page took its first and last message (Playwright's frame events, which Chromium
reports when the page's renderer takes a message: late when it is busy drawing the one
before). Between the click and the drawn view, Chrome's own counters (Performance.getMetrics)
say how long the page's main thread ran script, style and layout: what is left is time the
page waited (the server, deck.gl's WebGL in the GPU process, Streamlit's own timers).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from benchmarks.browser import DECK_CANVAS, hover_choropleth, hover_tile
from rcnet_data.presentation.filters import METRICS
from rcnet_data.presentation.i18n import t
from rcnet_data.presentation.pages import PAGES

LANG = "ru"  # the dashboard's default language: what a coordinator sees
SEARCH_QUERY = "Пенза"
SEARCH_REGION = "RU-PNZ"
NAV_LINK = '[data-testid="stSidebarNavLink"]'
CHROME_COUNTERS = {"ScriptDuration": "script", "LayoutDuration": "layout", "RecalcStyleDuration": "style"}


@dataclass
class Timing:
    """One click, in seconds from the click: `drawn` by the page's clock, the messages by the
    benchmark's (perf_counter, as the frames arrived)."""

    drawn: float | None = None  # the next view finished and drawn
    sent_first: float | None = None  # the server's first bytes of the answer, on the wire
    sent_last: float | None = None  # its last bytes: the script has finished and all is sent
    first_message: float | None = None  # the page took the answer's first message
    last_message: float | None = None  # the page took its last
    bytes: int = 0
    main_thread: dict = field(default_factory=dict)  # script, style, layout: seconds on the main thread
    error: str = ""


@dataclass
class Click:
    """What a person does: on `start` (a page key and query, or "" to go on from where the
    click before left the browser), `act`; done when the `target` page's charts and maps
    have drawn and `expect` (a JavaScript expression) holds."""

    name: str
    start: tuple[str, str] | None
    target: str
    act: Callable
    expect: str
    start_counts: tuple[int, int] | None = None  # charts and maps of the start page, when not the page table's
    watch: str = ""  # an address parameter whose value at the click `expect` compares with
    target_counts: tuple[int, int] | None = None  # charts and maps once done, when not the target page's
    # What the reader does next to leave the page as the other clicks expect it: a map she
    # opened stays open for the session, and would be drawn in every later click on its page.
    after: Callable | None = None


def _param_is(name: str, value: str) -> str:
    return f"new URLSearchParams(location.search).get({name!r}) === {value!r}"


def _filter_change(name: str, page: str, act: Callable, param: str) -> Click:
    """A filter changed on `page`: done when the address's `param` differs from its value at the click."""
    expect = f"new URLSearchParams(location.search).get({param!r}) !== window.__rcnetBefore"
    return Click(name, (page, ""), page, act, expect, watch=param)


def _on_path(path: str) -> str:
    return f"location.pathname.replace(/\\/$/, '') === {('/' + path).rstrip('/')!r}"


def _search_hit(tab) -> Callable:
    box = tab.get_by_label(t("search_places", LANG))
    box.fill(SEARCH_QUERY)
    box.press("Enter")
    hit = tab.locator(".st-key-search_hit_0 button")
    hit.wait_for(timeout=60_000)
    return hit.click


def _choropleth_region(tab) -> Callable:
    _, x, y = hover_choropleth(tab)
    return lambda: tab.mouse.click(x, y)


def _tile(tab) -> Callable:
    x, y = hover_tile(tab)
    return lambda: tab.mouse.click(x, y)


def _select(name: str, option: int) -> Callable:
    """Open the filter's select (its widget key is w_<name>) from the keyboard; the click is
    on its option number `option`."""

    def prepare(tab) -> Callable:
        box = tab.locator(f".st-key-w_{name} input")
        box.click()
        box.press("ArrowDown")
        choice = tab.locator('[role="option"]').nth(option)
        choice.wait_for(timeout=30_000)
        return choice.click

    return prepare


def _slider_step(name: str, key: str = "ArrowRight") -> Callable:
    """The filter's slider moved one step with the keyboard (`key`: the way it can move)."""

    def prepare(tab) -> Callable:
        tab.locator(f'.st-key-w_{name} input[type="range"]').first.focus()
        return lambda: tab.keyboard.press(key)

    return prepare


def _next_slide(tab) -> Callable:
    tab.mouse.click(5, 300)  # the slide has the focus, as a presenter's click gives it
    return lambda: tab.keyboard.press("ArrowRight")


def _map_expander(key: str) -> Callable:
    """Open (or close again) a map drawn on demand: a click on its expander."""

    def prepare(tab) -> Callable:
        return tab.locator(f".st-key-open_{key} summary").first.click  # its own; the table's is inside

    return prepare


def _map_drawn(key: str) -> str:
    return f"document.querySelector('.st-key-open_{key} {DECK_CANVAS}') !== null"


def _sidebar_link(path: str) -> Callable:
    def prepare(tab) -> Callable:
        return tab.locator(f'{NAV_LINK}[href$="/{path}"]').first.click

    return prepare


def clicks() -> list[Click]:
    """Every click the results file times."""
    paths = {page.key: page.url_path for page in PAGES}
    found = [
        Click("search «Пенза» → Region", ("overview", ""), "region", _search_hit, _param_is("region", SEARCH_REGION)),
        Click("choropleth region → Region", ("domestic", ""), "region", _choropleth_region, _on_path(paths["region"])),
        Click(
            "tile grid region → Region",
            ("domestic", "coverage_view=tiles"),
            "region",
            _tile,
            _on_path(paths["region"]),
        ),
        Click(
            "Domestic: metric (select)",
            ("domestic", ""),
            "domestic",
            _select("metric", 1),
            _param_is("metric", METRICS[1]),
        ),
        _filter_change("Domestic: threshold (slider)", "domestic", _slider_step("threshold"), "threshold"),
        Click(
            "Domestic: open the centers map",
            ("domestic", ""),
            "domestic",
            _map_expander("domestic_map"),
            _map_drawn("domestic_map"),
            target_counts=(1, 1),
            after=_map_expander("domestic_map"),
        ),
        _filter_change("Growth: distance (slider)", "growth", _slider_step("km"), "km"),
        _filter_change("Growth: network on a date (slider)", "growth", _slider_step("on", "ArrowLeft"), "on"),
        _filter_change("Events: event type (select)", "events", _select("types", 0), "types"),
        Click(
            "next slide (6 → 7, the time-lapse)",
            ("slides", "presenter=1&slide=6"),
            "slides",  # the benchmark's slideshow page is the time-lapse
            _next_slide,
            _param_is("slide", "7"),
            start_counts=(0, 0),  # the events slide: drawn when finished and quiet
        ),
    ]
    # The sidebar: from the overview through every page that has a link, each click from the
    # page the one before opened (Region and Compare ask for regions first, the slideshow has
    # no link), and back.
    previous = ("overview", "")
    linked = [page for page in PAGES if page.key not in ("region", "compare")] + [PAGES[0]]
    for page in linked[1:]:
        found.append(
            Click(f"sidebar → {page.key}", previous, page.key, _sidebar_link(page.url_path), _on_path(page.url_path))
        )
        previous = None
    return found


def _counters(cdp) -> dict:
    values = {item["name"]: item["value"] for item in cdp.send("Performance.getMetrics")["metrics"]}
    return {name: values.get(key, 0.0) for key, name in CHROME_COUNTERS.items()}


def time_click(tab, cdp, frames: list, click: Click, counts: dict, wait_drawn, relay=None) -> Timing:
    """`click` once: prepare it (whatever comes before the click itself), then click and wait.
    `frames` fills with (perf_counter, bytes) for each websocket message the page takes;
    `relay` (a benchmarks.wire.WireRelay the page is connected through) has the server's
    bytes as they were sent; `wait_drawn(tab, started, charts, maps, expect, on_complete)` is
    the benchmark's own wait."""
    do = click.act(tab)
    if click.watch:
        tab.evaluate("name => { window.__rcnetBefore = new URLSearchParams(location.search).get(name); }", click.watch)
    before = _counters(cdp)
    snapshot = {}

    def on_complete() -> None:  # the first poll that sees the view complete: Chrome's counters then
        snapshot.update(_counters(cdp))

    clicked = tab.evaluate("performance.now()")
    frames.clear()
    clicked_here = time.perf_counter()
    do()
    expected = dict(zip(("charts", "maps"), click.target_counts)) if click.target_counts else counts[click.target]
    visit = wait_drawn(tab, clicked, expected["charts"], expected["maps"], click.expect, on_complete)
    timing = Timing(error=visit.error)
    if visit.drawn is not None:
        timing.drawn = visit.drawn
        answer = [(at, size) for at, size in frames if at - clicked_here <= visit.drawn]
        if answer:
            timing.first_message = answer[0][0] - clicked_here
            timing.last_message = answer[-1][0] - clicked_here
        timing.bytes = sum(size for _, size in answer)
        sent = relay.sent_since(clicked_here, clicked_here + visit.drawn) if relay is not None else []
        if sent:
            timing.sent_first = sent[0][0] - clicked_here
            timing.sent_last = sent[-1][0] - clicked_here
        timing.main_thread = {key: snapshot.get(key, 0.0) - before[key] for key in before}
    return timing


def median_timing(timings: list[Timing]) -> dict:
    """The median of each figure over the repeats (a click that failed once counts as failed)."""
    failed = [timing for timing in timings if timing.drawn is None]
    if failed:
        return asdict(failed[0])

    def middle(values):
        values = [value for value in values if value is not None]
        return statistics.median(values) if values else None

    return {
        "drawn": middle([x.drawn for x in timings]),
        "sent_first": middle([x.sent_first for x in timings]),
        "sent_last": middle([x.sent_last for x in timings]),
        "first_message": middle([x.first_message for x in timings]),
        "last_message": middle([x.last_message for x in timings]),
        "bytes": int(middle([x.bytes for x in timings])),
        "main_thread": {key: middle([x.main_thread[key] for x in timings]) for key in timings[0].main_thread},
        "runs": [x.drawn for x in timings],
        "error": "",
    }
