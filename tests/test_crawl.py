"""Every path through the pages is clean: each page over a grid of filter values, in both
languages, with and without presenter mode, and the paths that once crashed."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from rcnet_data.presentation import pages
from rcnet_data.presentation.filters import COVERAGE_VIEWS, MAP_VIEWS, METRICS
from tests.conftest import assert_ran, run_app

TODAY = date.today().isoformat()
# Dimensions of the grid. Dates: before any center (2008-01-01), between the first
# (Komi, 2008) and the library's opening, published days, and today.
GRID = {
    "as_of": ["2008-01-01", "2008-06-01", "2009-06-01", "2011-09-20", "2016-03-01", "2020-01-01", TODAY],
    "district": ["", "CFD", "NWFD", "SFD", "NCFD", "VFD", "UFD", "SibFD", "FEFD"],
    "region": ["", "RU-PNZ", "RU-KYA", "RU-SA", "RU-CHU", "RU-MOW", "RU-SEV", "RU-NEN", "RU-KGD"],
    "lang": ["ru", "en"],
    "presenter": ["0", "1"],
    "view": list(MAP_VIEWS),
    "metric": list(METRICS),
    "coverage_view": list(COVERAGE_VIEWS),
    "q": ["", "нет таких слов нигде"],  # an empty search result
    "period": [None, ("2008-01-01", "2008-12-31"), ("2024-01-01", "2024-12-31"), ("2026-01-01", TODAY)],
    "km": ["5", "50", "300"],
    "freq": ["YS", "MS"],
}
ROWS = max(len(values) for values in GRID.values()) + 3  # every value of every dimension at least once


def grid_rows() -> list[dict[str, str]]:
    """Rows that between them take every value of every dimension, in changing company."""
    rows = []
    for i in range(ROWS):
        params = {}
        for k, (name, values) in enumerate(GRID.items()):
            value = values[(i + k) % len(values)]
            if name == "period":
                if value:
                    params["start"], params["end"] = value
            elif value != "":
                params[name] = value
        rows.append(params)
    return rows


def run(page: str, params: dict[str, str]) -> AppTest:
    return run_app(page, timeout=120, check=False, query=params)


def assert_clean(app: AppTest, where) -> None:
    assert not app.exception, (where, [e.message for e in app.exception])
    assert_ran(app)


@pytest.mark.parametrize("page", list([p.key for p in pages.PAGES]))
def test_every_page_over_the_grid(page):
    for params in grid_rows():
        assert_clean(run(page, params), (page, params))


def test_grid_covers_every_value():
    rows = grid_rows()
    for name, values in GRID.items():
        if name == "period":
            continue
        seen = {row.get(name, "") for row in rows}
        assert set(values) <= seen, name


@pytest.mark.parametrize(("first", "then"), list(itertools.permutations([p.key for p in pages.PAGES], 2))[::5])
def test_navigation_keeps_a_clean_state(first, then):
    """A session that moves from page to page with a date far back (once a raw
    StreamlitValueAboveMaxError on Growth)."""
    app = run(first, {"as_of": "2010-01-01", "region": "RU-PNZ"})
    assert_clean(app, first)
    app.switch_page(pages.page(then).script).run()
    assert_clean(app, (first, then))


def test_overview_at_2020_then_growth_agrees_on_one_date():
    """Bug: Overview at 2020-01-01, then «Рост сети»: a traceback, and three dates that
    disagreed (header, slider, «Сеть на дату»)."""
    app = run("overview", {})
    app.date_input(key="w_as_of").set_value(date(2020, 1, 1)).run()
    app.switch_page(pages.page("growth").script).run()
    assert_clean(app, "growth after overview")
    assert app.caption[0].value.endswith("1 января 2020")
    assert app.slider(key="w_on").value == date(2020, 1, 1)
    assert any(h.value.endswith("1 января 2020") for h in app.header)


def test_growth_link_with_an_early_date():
    app = run("growth", {"as_of": "2020-01-01"})
    assert_clean(app, "growth?as_of=2020-01-01")
    assert app.slider(key="w_on").value == date(2020, 1, 1)


def test_a_date_moved_below_a_stored_widget_value_is_clamped():
    app = run("growth", {"on": "2024-05-16"})
    assert app.slider(key="w_on").value == date(2024, 5, 16)
    app.date_input(key="w_as_of").set_value(date(2012, 1, 1)).run()
    assert_clean(app, "as_of below on")
    assert app.slider(key="w_on").value == date(2012, 1, 1)


def test_language_switch_keeps_its_selection_after_navigation():
    app = run("overview", {})
    app.button_group(key="w_lang").set_value("en").run()
    for page in ("domestic", "events", "overview"):
        app.switch_page(pages.page(page).script).run()
        assert app.button_group(key="w_lang").value == "en", page
        assert app.title[0].value in ("Domestic network", "Events", "Overview")


def test_region_page_period_ends_on_the_as_of_date():
    """Bug: at 2012-01-01 Penza showed 0 centers but «Место 16 из 85», and events from 2026."""
    app = run("region", {"region": "RU-PNZ", "as_of": "2012-01-01"})
    assert_clean(app, "region 2012")
    shown = {m.label: m.value for m in app.metric}
    assert shown["Центры"] == "0" and shown["Место"] == "—"
    assert any("Период сдвинут так, чтобы он заканчивался датой «на дату»" in c.value for c in app.caption)
    for frame in app.dataframe:
        for column in frame.value.columns:
            if column == "Дата":
                assert (frame.value[column].astype(str) <= "2012-01-01").all()


def test_events_page_has_no_as_of_control():
    app = run("events", {})
    assert not [d for d in app.date_input if d.key == "w_as_of"]
    assert {d.key for d in app.date_input} == {"w_start", "w_end"}
