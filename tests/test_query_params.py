"""Any link opens a page: random and garbage query parameters fall back cleanly, on every
page, and never show an exception box (property-based, with Hypothesis)."""

from __future__ import annotations

from dataclasses import fields
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from rcnet_data.presentation import pages
from rcnet_data.presentation.filters import BOUNDS, Filters, date_bounds
from tests.conftest import assert_ran, run_app

NAMES = [item.name for item in fields(Filters)]
GARBAGE = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "",
            "nan",
            "inf",
            "-inf",
            "1e309",
            "-1",
            "0",
            "99999999999999999999",
            "2020-13-45",
            "0001-01-01",
            "9999-12-31",
            "2099-01-01",
            "2000-01-01",
            "<script>alert(1)</script>",
            "RU-PNZ",
            "Пенза",
            "ХМАО",
            "1,5",
            "true",
            "quest,,foo",
            "ru",
            "en",
            "density",
            "per_100k",
            "MS",
            "%00",
            "../../etc/passwd",
        ]
    ),
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).map(date.isoformat),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)
PARAMS = st.dictionaries(st.sampled_from(NAMES + ["unknown", "page"]), GARBAGE, max_size=8)


@given(params=PARAMS)
@settings(max_examples=300, deadline=None)
def test_filters_from_any_params_are_inside_every_bound(params):
    """The cleaner alone (fast): whatever the link says, every value lands in its control's bounds."""
    filters = Filters.from_params(params)
    for name in ("as_of", "start", "end", "on"):
        low, high = date_bounds(name, filters)
        assert low <= getattr(filters, name) <= high, name
    assert filters.start <= filters.end
    for name, bounds in BOUNDS.items():
        assert bounds.low <= getattr(filters, name) <= bounds.high, name
    assert Filters.from_params(filters.to_params()) == filters  # a link written from clean filters reads back the same


@pytest.mark.slow
@given(params=PARAMS, page=st.sampled_from(list([p.key for p in pages.PAGES])))
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_every_page_opens_from_any_link(params, page):
    app = run_app(page, timeout=120, check=False, query=params)
    assert not app.exception, (page, params, [e.message for e in app.exception])
    assert_ran(app)


# The links that once showed a StreamlitValueBelowMinError or AboveMaxError box.
REPORTED = [
    ("overview", {"as_of": "2000-01-01"}),
    ("overview", {"as_of": "2099-01-01"}),
    ("events", {"start": "1990-01-01"}),
    ("growth", {"on": "2000-01-01"}),
    ("growth", {"as_of": "2015-01-01"}),
    ("region", {"region": "RU-PNZ", "km": "400"}),
]
# Every bounded widget, with the page that shows it and its key.
WIDGETS = [
    ("overview", "as_of", "date_input"),
    ("events", "start", "date_input"),
    ("events", "end", "date_input"),
    ("growth", "on", "slider"),
    ("growth", "target", "number_input"),
    ("domestic", "threshold", "select_slider"),
    ("region", "km", "slider"),
]


def open_page(page: str, params: dict) -> AppTest:
    app = run_app(page, timeout=120, check=False, query=params)
    assert not app.exception, (page, params, [e.message for e in app.exception])
    assert_ran(app)
    return app


def test_reported_links_open_cleanly():
    for page, params in REPORTED:
        open_page(page, params)


def widget_value(app: AppTest, kind: str, name: str):
    return getattr(app, kind)(key=f"w_{name}").value


def test_every_widget_below_at_and_above_its_bounds():
    """Each bounded control, given a value below its low end, at each end and above its high
    end by a link, shows the value clamped into its bounds; none raises."""
    from datetime import timedelta

    for page, name, kind in WIDGETS:
        # The period's other end at its widest, so clamping is not mistaken for the swap of a reversed period.
        extra = {"region": "RU-PNZ", "start": "2008-01-01"} if name == "end" else {"region": "RU-PNZ"}
        if name in BOUNDS:
            bounds = BOUNDS[name]
            cases = [
                (bounds.low - 10 * bounds.step, bounds.low),
                (bounds.low, bounds.low),
                (bounds.high, bounds.high),
                (bounds.high + 10 * bounds.step, bounds.high),
            ]
        else:
            low, high = date_bounds(name, Filters())
            cases = [(low - timedelta(days=400), low), (low, low), (high, high), (high + timedelta(days=400), high)]
        for given_value, expected in cases:
            text = given_value.isoformat() if isinstance(given_value, date) else str(given_value)
            app = open_page(page, {name: text, **extra})
            shown = widget_value(app, kind, name)
            same = shown == expected if isinstance(expected, date) else float(shown) == float(expected)
            assert same, (page, name, text, shown, expected)
