"""Every page in a real browser: it renders, its charts and maps are drawn, nothing fails in
the console, nothing is fetched from outside, and links, languages and presenter mode work.
Screenshots land in artifacts/screenshots/."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image

from benchmarks.browser import DECK_CANVAS, PLOTLY_SVG, SCRIPT_DONE, hover_choropleth, hover_tile, start_server

pytestmark = pytest.mark.browser

DONE, PLOTLY = SCRIPT_DONE, PLOTLY_SVG
TABLE = '[data-testid="stDataFrame"]'

# page path, its heading in Russian and English, charts and maps it must draw, and the map
# it draws once the reader opens it (below the first screen, drawn on demand)
PAGES = [
    ("", "Обзор", "Overview", 1, 0),
    ("changes?meeting=year_start", "Что изменилось", "What changed", 1, 0),
    ("domestic", "Сеть в России", "Domestic network", 1, 0, "domestic_map"),
    ("foreign", "Зарубежная сеть", "Foreign network", 2, 0),
    ("growth", "Рост сети", "Growth", 6, 0, "growth_map"),
    ("events", "Мероприятия", "Events", 2, 0),
    ("region?region=RU-PNZ", "Регион", "Region", 1, 1),
    ("data", "Данные", "Data", 0, 0),
    ("quality", "Качество данных", "Data quality", 0, 0),
    ("compare?regions=RU-PNZ,RU-SVE", "Сравнение регионов", "Compare regions", 3, 0),
]
BORDER_GREY = (150, 156, 166)  # maps.regions_layer's line colour
INK = (27, 36, 48)  # style.INK: the chosen region's outline


def wait_idle(page, quiet_ms: int = 900) -> None:
    """Wait until the script has finished and no rerun starts for a moment (a widget may
    report its first value and trigger one more run)."""
    quiet = 0
    for _ in range(300):
        page.wait_for_selector(DONE, timeout=60_000)
        page.wait_for_timeout(150)
        quiet = quiet + 150 if page.locator(DONE).count() else 0
        if quiet >= quiet_ms:
            return
    raise AssertionError("the page kept rerunning")


def open_page(page, url: str, heading: str) -> None:
    page.goto(url)
    page.get_by_role("heading", name=heading, exact=True).first.wait_for(timeout=60_000)
    wait_idle(page)


def open_map(tab, key: str) -> None:
    """The reader opens a map drawn on demand (Domestic's centers, Growth's network on a
    date): none is on the page until she does, then its canvas draws."""
    assert tab.locator(f".st-key-open_{key} {DECK_CANVAS}").count() == 0, f"{key} drawn before it was opened"
    tab.locator(f".st-key-open_{key} summary").first.click()
    tab.locator(f".st-key-open_{key} {DECK_CANVAS}").first.wait_for(timeout=60_000)
    wait_idle(tab)


def coloured_pixels(png: bytes) -> int:
    """Pixels that are clearly coloured (not white, grey or black): drawn map content."""
    image = Image.open(io.BytesIO(png)).convert("RGB").resize((200, 120))
    return sum(1 for r, g, b in image.get_flattened_data() if max(r, g, b) - min(r, g, b) > 60)


def assert_drawn(page, charts: int, decks: int) -> None:
    page.wait_for_function(f"document.querySelectorAll('{PLOTLY}').length >= {charts}", timeout=30_000)
    for index in range(charts):
        svg = page.locator(PLOTLY).nth(index)
        assert svg.bounding_box()["height"] > 100
    plotted = page.locator('[data-testid="stPlotlyChart"] .js-plotly-plot').evaluate_all(
        "plots => plots.map(p => (p.data || []).length)"
    )
    assert all(count > 0 for count in plotted[:charts]), plotted
    for index in range(decks):
        canvas = page.locator(DECK_CANVAS).nth(index)
        canvas.wait_for(timeout=30_000)
        drawn = 0
        for _ in range(40):  # the canvas exists before deck.gl has drawn on it
            drawn = coloured_pixels(canvas.screenshot())
            if drawn > 30:
                break
            page.wait_for_timeout(500)
        assert drawn > 30, "the map canvas stayed blank"


def assert_clean(page) -> None:
    assert page.locator('[data-testid="stException"]').count() == 0, page.locator(
        '[data-testid="stException"]'
    ).first.inner_text()
    assert page.watch.external == [], page.watch.external
    assert page.watch.unexpected_errors() == [], page.watch.unexpected_errors()


def test_language_switch(server, page):
    open_page(page, f"{server.url}/", "Обзор")
    page.get_by_role("radio", name="English").click()
    page.get_by_role("heading", name="Overview", exact=True).wait_for(timeout=30_000)
    wait_idle(page)
    assert "lang=en" in page.url
    assert page.get_by_text("Centers abroad").first.is_visible()
    assert page.get_by_text("Demo data:").first.is_visible()
    # The choice follows the user to the next page.
    page.locator('[data-testid="stSidebarNavLink"]', has_text="Growth").click()
    page.get_by_role("heading", name="Growth", exact=True).wait_for(timeout=30_000)
    wait_idle(page)  # the page writes its filters into the address when its run ends
    assert "lang=en" in page.url
    assert_clean(page)


def test_presenter_mode(server, page):
    open_page(page, f"{server.url}/?lang=ru", "Обзор")
    page.get_by_text("Режим презентации").click()
    page.locator(".rcnet-slide-title", has_text="Сеть сегодня").wait_for(timeout=30_000)
    wait_idle(page)  # the overview's elements stay on screen until the slide's run has finished
    assert not page.locator('[data-testid="stSidebar"]').is_visible()
    assert page.locator(".stDownloadButton").count() == 0
    page.get_by_role("button", name="Выйти").click()
    page.locator('[data-testid="stSidebar"]').wait_for(state="visible", timeout=30_000)
    assert_clean(page)


def test_tile_click_opens_the_region(server, page):
    open_page(page, f"{server.url}/domestic?lang=en&coverage_view=tiles", "Domestic network")
    assert_drawn(page, 1, 0)
    # Clicking a tile selects its (invisible) marker; the region page opens for it.
    page.mouse.click(*hover_tile(page))
    page.get_by_role("heading", name="Region", exact=True).wait_for(timeout=30_000)
    wait_idle(page)
    assert re.search(r"region=RU-[A-Z]+", page.url)
    assert_clean(page)


def test_table_download_csv(server, page):
    open_page(page, f"{server.url}/foreign?lang=en", "Foreign network")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").first.click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("Country,Centers")
    assert len(text.splitlines()) == 36  # header and 35 countries
    assert_clean(page)


def test_map_click_opens_the_region(server, page):
    open_page(page, f"{server.url}/domestic?lang=en&region=RU-TYU", "Domestic network")
    open_map(page, "domestic_map")
    assert_drawn(page, 1, 1)
    canvas = page.locator(DECK_CANVAS).first
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    image = Image.open(io.BytesIO(canvas.screenshot())).convert("RGB")
    scale = image.width / box["width"]
    # The middle of a remote access center's dot: a pixel of its blue with blue all around.
    target = None
    for y in range(3, image.height - 3, 2):
        for x in range(3, image.width - 3, 2):
            if all(
                abs(c - e) < 30
                for dx, dy in ((0, 0), (2, 0), (-2, 0), (0, 2), (0, -2))
                for c, e in zip(image.getpixel((x + dx, y + dy)), (0, 114, 178))
            ):
                target = (x / scale, y / scale)
                break
        if target:
            break
    assert target, "no center dot found on the map"
    page.mouse.click(box["x"] + target[0], box["y"] + target[1])
    page.get_by_role("heading", name="Region", exact=True).wait_for(timeout=30_000)
    wait_idle(page)
    assert page.get_by_role("heading", name="Tyumen Oblast").is_visible()
    assert_clean(page)


def test_online_basemap_unreachable_blanks_nothing(server, page):
    """Asked for, the basemap is fetched from its host only; with no internet the map still draws."""
    open_page(page, f"{server.url}/domestic?lang=en&basemap=1", "Domestic network")
    open_map(page, "domestic_map")
    assert_drawn(page, 1, 1)
    assert page.watch.external, "the basemap was asked for"
    assert all("cartocdn.com" in url or "carto.com" in url for url in page.watch.external), page.watch.external
    assert page.locator('[data-testid="stException"]').count() == 0


def colour_pixels(png: bytes, colour: tuple[int, int, int], tolerance: int = 12) -> list[tuple[int, int]]:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    return [
        (x, y)
        for y in range(0, image.height, 2)
        for x in range(0, image.width, 2)
        if all(abs(c - e) <= tolerance for c, e in zip(image.getpixel((x, y)), colour))
    ]


def drawn_pixels(tab, colour, tolerance: int = 12, least: int = 150) -> tuple[list[tuple[int, int]], bytes]:
    """The pixels of `colour` on the page's first map once more than `least` are drawn (the
    canvas exists before deck.gl has drawn on it), and the map's picture."""
    canvas = tab.locator(DECK_CANVAS).first
    canvas.scroll_into_view_if_needed()
    found: list[tuple[int, int]] = []
    png = b""
    for _ in range(30):
        png = canvas.screenshot()
        found = colour_pixels(png, colour, tolerance)
        if len(found) > least:
            break
        tab.wait_for_timeout(500)
    return found, png


def assert_map_draws_region_borders(tab, path: str) -> None:
    """Every domestic map draws the regions' borders; the Region page its region's outline, in
    ink, touching no edge of the map: nothing is cut off."""
    if not path.startswith("region"):
        found, _ = drawn_pixels(tab, BORDER_GREY)
        assert len(found) > 150, f"{len(found)} border pixels"
        return
    outline, png = drawn_pixels(tab, INK, tolerance=20, least=200)
    from tests.browser.conftest import ARTIFACTS

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    code = path.rsplit("=", 1)[-1]
    (ARTIFACTS / f"region-map-{code}.png").write_bytes(png)
    image = Image.open(io.BytesIO(png))
    assert len(outline) > 200
    xs, ys = [x for x, _ in outline], [y for _, y in outline]
    assert min(xs) > 4 and max(xs) < image.width - 5 and min(ys) > 4 and max(ys) < image.height - 5, (
        min(xs),
        max(xs),
        min(ys),
        max(ys),
    )


# Maps checked here beyond those test_accessibility's page-by-page run checks (Domestic,
# Growth and Penza's Region page, each in the load that checks its page).
def test_the_density_view_draws_region_borders(server, page):
    open_page(page, f"{server.url}/domestic?view=density", "Сеть в России")
    open_map(page, "domestic_map")
    assert_map_draws_region_borders(page, "domestic?view=density")
    assert_clean(page)


@pytest.mark.parametrize("code", ["RU-KYA", "RU-SA", "RU-CHU"])
def test_region_map_shows_the_whole_region(server, page, code):
    open_page(page, f"{server.url}/region?region={code}", "Регион")
    assert_map_draws_region_borders(page, f"region?region={code}")
    assert_clean(page)


def test_choropleth_hover_names_the_region_and_a_click_opens_it(server, page):
    open_page(page, f"{server.url}/domestic", "Сеть в России")
    chart, x, y = hover_choropleth(page)
    hover = chart.locator(".hoverlayer .hovertext")
    text = hover.first.evaluate("e => Array.from(e.querySelectorAll('tspan.line')).map(t => t.textContent).join('\\n')")
    assert "нажмите, чтобы открыть регион" in text and ("край" in text or "Республика" in text or "область" in text), (
        text
    )
    name = text.splitlines()[0]
    page.mouse.click(x, y)
    page.get_by_role("heading", name="Регион", exact=True).wait_for(timeout=30_000)
    wait_idle(page)
    assert re.search(r"region=RU-[A-Z]+", page.url)
    assert page.get_by_role("heading", name=name).is_visible()
    assert_clean(page)


# The deep link a reader opens cold: in English, a region the other frames do not open.
ENGLISH_DEEP_LINK = ("region?region=RU-TYU&lang=en", "Region", "Tyumen Oblast")


@pytest.mark.slow
def test_every_page_opened_together_by_deep_link_on_a_fresh_server_and_database(page, tmp_path):
    """A crowd on a new install: every page at once by its address, on a server and a database
    no one has opened; once, most pages showed Alembic's KeyError: 'config' or "table already
    exists". The pages load in frames of one tab, all started by one script, so their first
    runs overlap. Each is a deep link on a fresh server: the entry script ran for it, so the
    navigation it builds from the page table is there, every page titled in the link's
    language (a page run without it would show file names); nothing fails, nothing is
    fetched from outside."""
    cold = start_server({"RCNET_SQLITE_PATH": str(tmp_path / "fresh.sqlite3")})
    page.set_viewport_size({"width": 1600, "height": 1200})
    opened = [(path, heading, False) for path, heading, *_ in PAGES] + [
        (ENGLISH_DEEP_LINK[0], ENGLISH_DEEP_LINK[1], True)
    ]
    try:
        page.goto(f"{cold.url}/_stcore/health")
        page.evaluate(
            """urls => { document.body.innerHTML = '';
            for (const url of urls) { const f = document.createElement('iframe'); f.src = url;
              f.style.width = '1280px'; f.style.height = '800px'; document.body.appendChild(f); } }""",
            [f"{cold.url}/{path}" for path, _, _ in opened],
        )
        for frame_index, (path, heading, english) in enumerate(opened):
            frame = page.frames[frame_index + 1]
            frame.get_by_role("heading", name=heading, exact=True).first.wait_for(timeout=180_000)
            frame.wait_for_selector(DONE, timeout=180_000)
            assert frame.locator('[data-testid="stException"]').count() == 0, (
                path,
                frame.locator('[data-testid="stException"]').first.inner_text(),
            )
            assert frame.locator('[data-testid="stAlert"]', has_text="Не удаётся прочитать").count() == 0, path
            links = frame.locator('[data-testid="stSidebarNavLink"]')
            assert links.count() == len(PAGES) == 10, path
            titles = [links.nth(i).inner_text().strip() for i in range(links.count())]
            assert titles == [p[2] if english else p[1] for p in PAGES], path
            if english:
                assert frame.get_by_role("heading", name=ENGLISH_DEEP_LINK[2]).is_visible()
        assert_clean(page)
    finally:
        cold.stop()
