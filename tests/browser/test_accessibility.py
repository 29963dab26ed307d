"""Every page and slide as its readers meet it: in Russian with no English left, without a
serious or critical axe-core violation (WCAG 2.1 A and AA) in either language, by keyboard,
and on a phone held upright (390×844) with nothing wider than the screen and the map's
subject in view. Screenshots land in artifacts/screenshots/ (ru-<page>-<size>.png).

axe-core is vendored by scripts/setup.sh --dev (scripts/fetch_axe.sh), never fetched here."""

from __future__ import annotations

import contextlib
import io
import re

import pytest
from PIL import Image
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser.conftest import ARTIFACTS, PHONE
from tests.browser.test_browser import (
    BORDER_GREY,
    INK,
    PAGES,
    TABLE,
    assert_clean,
    assert_drawn,
    assert_map_draws_region_borders,
    drawn_pixels,
    open_map,
    open_page,
    wait_idle,
)
from tests.conftest import PROJECT_ROOT

pytestmark = pytest.mark.browser

AXE = next(iter(sorted((PROJECT_ROOT / "tests" / "browser" / "vendor").glob("axe-*.min.js"))), None)
# The pages whose map test_browser leaves to the load here: borders, or the region's outline.
BORDERED = {"domestic", "growth", "region?region=RU-PNZ"}
ON_DEMAND_MAP = {p[0]: p[5] for p in PAGES if len(p) > 5}  # page path: its map drawn once opened
PHONE_PAGES = {"", "domestic", "region?region=RU-PNZ", "events", "changes?meeting=year_start"}
# Latin words that may stand on a Russian screen: names with no Russian form, formats and credits.
ALLOWED_LATIN = {
    *("rcnet", "GeoNames", "CC", "BY", "Natural", "Earth", "CSV", "XLSX", "PPTX", "PDF", "PNG", "OIDC"),
    *("SHA", "English", "Plotly", "js", "ru", "en", "Esc"),
}  # "English" names the language switch; "Plotly.js" the chart library's credit; Esc a key


def latin_words(text: str) -> list[str]:
    """Latin words on a screen that are not links, file names, addresses, codes or allowed names."""
    words = []
    for token in text.split():
        if "/" in token or "." in token.strip(".,;:()«»") or "@" in token or re.search(r"\d", token):
            continue
        words += [w for w in re.findall(r"[A-Za-z]{2,}", token) if w not in ALLOWED_LATIN]
    return words


# Every visible text node of the page and its sidebar, each control's placeholder, and the
# chart toolbars' tooltips (plotly's data-title), less code spans (what an administrator types).
VISIBLE_TEXT = """() => {
    const parts = [];
    for (const id of ['stMain', 'stSidebar']) {
        const root = document.querySelector(`[data-testid="${id}"]`);
        if (!root) continue;
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const element = node.parentElement;
            // Material icons are font ligatures ("keyboard_arrow_down"), drawn as icons.
            if (!element || element.closest('code, [data-testid="stIconMaterial"]')) continue;
            const box = element.getBoundingClientRect(), style = getComputedStyle(element);
            if (box.width === 0 || box.height === 0 || style.visibility === 'hidden') continue;
            parts.push(node.textContent);
        }
        root.querySelectorAll('[placeholder]').forEach(e => parts.push(e.getAttribute('placeholder')));
        root.querySelectorAll('.modebar-btn[data-title]').forEach(e => parts.push(e.getAttribute('data-title')));
    }
    return parts.join('\\n');
}"""


def axe_violations(tab) -> list[tuple[str, str, int, str]]:
    """Serious and critical axe-core violations (WCAG 2.0/2.1 A and AA): id, impact, nodes, an example."""
    assert AXE is not None, "axe-core is not vendored: run bash scripts/setup.sh --dev"
    if not tab.evaluate("() => typeof window.axe !== 'undefined'"):
        tab.add_script_tag(path=str(AXE))
    found = tab.evaluate(
        """async () => (await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}))
            .violations.map(v => [v.id, v.impact, v.nodes.length, v.nodes[0].target.join(' ') + ' '
                                  + (v.nodes[0].failureSummary || '').slice(0, 200)])"""
    )
    return [tuple(v) for v in found if v[1] in ("serious", "critical")]


def shot(tab, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def page_id(path: str) -> str:
    return path.split("?")[0] or "overview"


@pytest.mark.parametrize(
    ("path", "heading_ru", "heading_en", "charts", "decks"),
    [(p[0], p[1], p[2], p[3], p[4] + (p[0] in ON_DEMAND_MAP)) for p in PAGES],  # its map, once opened
    ids=[page_id(p[0]) for p in PAGES],
)
def test_every_page_in_russian_at_1280_then_in_english(server, page, path, heading_ru, heading_en, charts, decks):
    """Every page, offline, at 1280×800 in Russian, in one load: its charts and maps drawn
    and its tables shown, the demo notice, nothing failing in the console and nothing
    fetched from outside; no English word and no `{placeholder}`; the page declares
    Russian; no serious or critical axe violation. Screenshot: ru-<page>-1280x800.png.
    Then the reader switches to English on the same page: it declares English and has no
    serious or critical axe violation either (a page opened in English by its address is
    the deep-link test's, in test_browser)."""
    page.set_viewport_size({"width": 1280, "height": 800})
    open_page(page, f"{server.url}/{path}", heading_ru)
    if key := ON_DEMAND_MAP.get(path):  # checked with its map open, as a reader who opened it sees it
        open_map(page, key)
    assert_drawn(page, charts, decks)
    if path in BORDERED:
        assert_map_draws_region_borders(page, path)
    assert page.locator(TABLE).count() >= (0 if path == "growth" else 1)
    if path != "data":
        assert page.get_by_text("Демонстрационные данные").first.is_visible()
    page.wait_for_timeout(600)
    shot(page, f"ru-{page_id(path)}-1280x800")
    assert_russian(page)
    assert axe_violations(page) == []
    page.get_by_role("radio", name="English").click()
    page.get_by_role("heading", name=heading_en, exact=True).first.wait_for(timeout=60_000)
    wait_idle(page)
    page.wait_for_function("() => document.documentElement.lang === 'en'", timeout=10_000)
    assert axe_violations(page) == []
    assert_clean(page)


def assert_russian(tab) -> None:
    text = tab.evaluate(VISIBLE_TEXT)
    assert "{" not in text, text[text.index("{") - 80 : text.index("{") + 80]
    assert latin_words(text) == [], sorted(set(latin_words(text)))[:20]
    # The page's script sets lang as its element mounts; once in several runs a phone page was
    # read a moment before that (an open race, in the closing note): wait for it, up to 5 s.
    with contextlib.suppress(PlaywrightTimeout):
        tab.wait_for_function("() => document.documentElement.lang === 'ru'", timeout=5_000)
    assert tab.evaluate("() => document.documentElement.lang") == "ru"


PHONE_CASES = [(path, heading) for path, heading, *_ in PAGES if path in PHONE_PAGES]


@pytest.mark.parametrize(("path", "heading_ru"), PHONE_CASES, ids=[page_id(p) for p, _ in PHONE_CASES])
def test_every_phone_page_in_russian(server, phone_tab, path, heading_ru):
    """The pages people open on a phone, at 390×844 as a phone's browser: Russian only, no
    serious axe violation, nothing wider than the screen."""
    tab = phone_tab
    open_page(tab, f"{server.url}/{path}", heading_ru)
    tab.wait_for_timeout(1200)  # maps and charts finish drawing
    shot(tab, f"ru-{page_id(path)}-390x844")
    assert_russian(tab)
    assert axe_violations(tab) == []
    widest = tab.evaluate("() => document.documentElement.scrollWidth")
    assert widest <= PHONE[0], f"the page is {widest} px wide on a {PHONE[0]} px screen"
    if path == "":
        assert_phone_chart_keeps_titles_and_axes_inside(tab)
    elif path == "domestic":
        assert_phone_domestic_maps_show_the_whole_country(tab)
    elif path.startswith("region"):
        assert_phone_map_shows_the_whole_region(tab, path.rsplit("=", 1)[-1])


def test_every_slide_passes_axe_and_the_keyboard_walks_the_deck_in_english(server, page):
    """Presenter mode in English from the first slide to the last by the arrow key alone: each
    slide drawn, without a serious axe violation (in Russian, the slideshow's walk at 1280×720
    in test_slideshow_browser checks each slide with axe and for English left on it)."""
    from rcnet_data.presentation import slides

    tab = page
    tab.set_viewport_size({"width": 1280, "height": 800})
    tab.goto(f"{server.url}/?presenter=true&slide=1&lang=en")
    for number in range(1, len(slides.SLIDES) + 1):
        tab.get_by_text(f"Slide {number} of {len(slides.SLIDES)}").wait_for(timeout=60_000)
        wait_idle(tab)
        tab.wait_for_timeout(800)
        shot(tab, f"en-slide-{number}")
        assert axe_violations(tab) == [], number
        tab.locator("body").press("ArrowRight")


def focus_ring(tab) -> dict:
    """The focused element, and whether a ring is drawn round it (outline width and style).
    A table's cell is drawn on the grid's canvas, which draws the focused cell's ring itself;
    the grid may hand DOM focus to that cell's twin in its off-screen table for screen readers
    (seen under load): that twin counts as the ring its canvas draws, and only inside a grid."""
    return tab.evaluate(
        """() => { const e = document.activeElement; const s = getComputedStyle(e);
            const gridCell = e.tagName === 'TD' && /^glide-cell-/.test(e.id || '')
                             && !!e.closest('[data-testid="stDataFrame"]');
            return {tag: e.tagName, id: e.getAttribute('data-testid') || e.className.toString().slice(0, 40),
                    text: (e.innerText || e.getAttribute('aria-label') || '').trim().slice(0, 60),
                    outline: gridCell || (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2)}; }"""
    )


def tab_until(tab, wanted, limit: int = 80) -> list[dict]:
    """Press Tab until the focused element matches `wanted`; every stop on the way had a visible ring."""
    stops = []
    for _ in range(limit):
        tab.keyboard.press("Tab")
        here = focus_ring(tab)
        stops.append(here)
        if wanted(here):
            return stops
    raise AssertionError(f"never reached by Tab: {[s['text'] for s in stops]}")


def test_the_keyboard_reaches_the_sidebar_filters_tables_and_downloads(server, page):
    """From the top of the Region page by Tab alone: a page link of the sidebar (and Enter
    opens it), the region picker, «Показать таблицей» behind the map, and a download
    button, each with a visible focus ring."""
    tab = page
    tab.set_viewport_size({"width": 1280, "height": 800})
    open_page(tab, f"{server.url}/region?region=RU-PNZ", "Регион")
    stops = tab_until(tab, lambda s: s["text"] == "Сеть в России")
    assert stops[0]["text"] == "Перейти к содержимому"  # Streamlit's skip link, in Russian
    unringed = [s for s in stops if not s["outline"]]
    assert unringed == [], unringed
    tab.keyboard.press("Enter")
    tab.get_by_role("heading", name="Сеть в России", exact=True).wait_for(timeout=60_000)
    wait_idle(tab)
    open_page(tab, f"{server.url}/region?region=RU-PNZ", "Регион")
    stops = tab_until(tab, lambda s: s["text"].endswith("Показать таблицей"), limit=120)
    assert [s for s in stops if not s["outline"]] == []
    tab.keyboard.press("Enter")  # the table behind the map opens
    tab.get_by_text("Скачать CSV").first.wait_for(timeout=60_000)
    wait_idle(tab)
    stops = tab_until(tab, lambda s: s["text"].startswith("Скачать"), limit=60)
    assert [s for s in stops if not s["outline"]] == []
    assert stops[-1]["outline"]


def test_a_map_behind_a_click_is_a_table_behind_show_as_table(server, page):
    """«Показать таблицей» under the centers map lists the centers it draws."""
    open_page(page, f"{server.url}/domestic?region=RU-PNZ", "Сеть в России")
    open_map(page, "domestic_map")
    page.locator(".st-key-as_table_domestic_map summary").click()
    grid = page.locator('.st-key-as_table_domestic_map [data-testid="stDataFrame"]')
    grid.wait_for(timeout=60_000)
    rows = int(grid.locator("[aria-rowcount]").first.get_attribute("aria-rowcount"))
    card = page.locator('[data-testid="stMetric"]').filter(has_text=DOMESTIC_CENTERS).first
    shown = int(re.sub(r"\D", "", card.locator('[data-testid="stMetricValue"]').inner_text()))
    assert rows - 1 == shown > 0  # the header row, then one row per center drawn


DOMESTIC_CENTERS = "Центров в России"


def test_typing_a_capital_or_a_misspelling_in_the_region_picker_opens_the_region(server, page):
    """A misspelt region, then a capital typed into the same picker: each opens its region."""
    open_page(page, f"{server.url}/region", "Регион")
    for typed, code, expected in [
        ("Пинза", "PNZ", "Пензенская область"),
        ("Красноярск", "KYA", "Красноярский край"),
    ]:
        picker = page.locator(".st-key-w_region input")
        picker.click()
        picker.fill(typed)
        picker.press("Enter")
        page.wait_for_url(re.compile(rf"region=RU-{code}"), timeout=60_000)
        wait_idle(page)
        assert page.get_by_role("heading", name=expected).is_visible(), typed


# --- a phone held upright ------------------------------------------------------------------
def inside(points: list[tuple[int, int]], image: Image.Image, margin: int = 3) -> bool:
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return min(xs) > margin and max(xs) < image.width - margin and min(ys) > margin and max(ys) < image.height - margin


def assert_phone_chart_keeps_titles_and_axes_inside(tab) -> None:
    """The overview's chart on a phone: its title, ticks and axis titles inside the chart, the
    title clear of the toolbar."""
    chart = tab.locator('[data-testid="stPlotlyChart"]').first
    chart.scroll_into_view_if_needed()
    tab.wait_for_timeout(1000)
    frame = chart.bounding_box()
    texts = chart.locator(".gtitle, .xtick text, .ytick text, .g-xtitle text, .g-ytitle text")
    for index in range(texts.count()):
        box = texts.nth(index).bounding_box()
        if box is None or box["width"] == 0:
            continue
        text = texts.nth(index).text_content()
        assert frame["x"] - 1 <= box["x"] and box["x"] + box["width"] <= frame["x"] + frame["width"] + 1, text
        assert frame["y"] - 1 <= box["y"], text
    title = chart.locator(".gtitle").first.bounding_box()
    assert title["x"] + title["width"] < frame["x"] + frame["width"] - 60  # clear of the toolbar at the top right
    shot(tab, "overview-phone-390")


def assert_phone_domestic_maps_show_the_whole_country(tab) -> None:
    open_map(tab, "domestic_map")
    assert_drawn(tab, 1, 1)
    # The choropleth (MapLibre): its visible bounds hold Russia from Kaliningrad to Chukotka.
    bounds = tab.evaluate(
        """() => { const b = document.querySelector('[data-testid="stPlotlyChart"] .js-plotly-plot')
            ._fullLayout.map._subplot.map.getBounds(); return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]; }"""
    )
    west, south, east, north = bounds
    assert west <= 19.5 and east >= 190 and south <= 42 and north >= 70, bounds
    # The centers map: the region borders are drawn and none is cut by the map's edges.
    borders, png = drawn_pixels(tab, BORDER_GREY)
    image = Image.open(io.BytesIO(png))
    assert len(borders) > 150 and inside(borders, image), (len(borders), image.size)
    assert tab.evaluate("() => document.documentElement.scrollWidth") <= PHONE[0]
    shot(tab, "phone-domestic-maps")


def assert_phone_map_shows_the_whole_region(tab, code: str) -> None:
    outline, png = drawn_pixels(tab, INK, tolerance=20, least=200)
    image = Image.open(io.BytesIO(png))
    assert len(outline) > 200 and inside(outline, image), (len(outline), image.size)
    shot(tab, f"phone-region-{code}")


def test_on_a_phone_the_region_map_shows_the_whole_region(server, phone_tab):
    """A region far to the east on a phone (Penza's is checked with its phone page above)."""
    tab = phone_tab
    open_page(tab, f"{server.url}/region?region=RU-CHU", "Регион")
    assert_phone_map_shows_the_whole_region(tab, "RU-CHU")
