"""Filters kept in the session and the URL, the sidebar widgets bound to them, and the
moves between pages that a click asks for (a region picked on a map, a search result)."""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable
from datetime import date
from functools import wraps

import streamlit as st

from rcnet_data.core import reference as ref
from rcnet_data.presentation import i18n
from rcnet_data.presentation.filters import BOUNDS, MEETINGS, Filters, clamp_number, date_bounds
from rcnet_data.presentation.i18n import t
from rcnet_data.presentation.pages import page

LOG = logging.getLogger("rcnet.ui")
STORE = "rcnet_filters"
CURRENT_PAGE = "rcnet_page"
GOTO_REGION = "rcnet_goto_region"
GOTO_PAGE = "rcnet_goto_page"  # a page a search result asked for
PINNED = "rcnet_pinned"  # the filters this page always writes to its address
DATE_FORMAT = i18n.PLOTLY_DATE_INPUT


def filters() -> Filters:
    """This session's filters: from the URL on a session's first page, then kept in the session."""
    if STORE not in st.session_state:
        st.session_state[STORE] = Filters.from_params({k: st.query_params.get(k) for k in st.query_params})
    return st.session_state[STORE]


def callback(function: Callable) -> Callable:
    """A widget's callback, guarded: Streamlit runs callbacks before the page script, outside
    the page's own guard, so a value it cannot take (a forged one, sent over the websocket)
    is logged and ignored; the filters stay as they were."""

    @wraps(function)
    def guarded(*args) -> None:
        saved = copy.copy(filters())
        try:
            function(*args)
        except Exception:
            LOG.exception("a widget's callback (%s) failed: the value is ignored", function.__name__)
            st.session_state[STORE] = saved

    return guarded


@callback
def _store(name: str) -> None:
    value = st.session_state.get(f"w_{name}")
    if value is None:  # a single-choice control clicked off: keep the last choice
        return
    setattr(filters(), name, tuple(value) if isinstance(value, list) else value)
    if name == "since":  # a day picked by hand is a meeting of its own, not a preset
        filters().meeting = "custom"
    if name == "presenter" and value:  # the slideshow opens on the slide of the page it was started from
        key = st.session_state.get(CURRENT_PAGE, "")
        filters().slide = (page(key).slide if key else None) or 1
    filters().cleaned()


def widget(factory, name: str, label: str, **kwargs):
    """A sidebar widget bound to a filter; its value is kept across pages and in the URL.

    Each run the widget is given the filter's value, clamped to the widget's bounds (from
    `filters.BOUNDS` and `filters.date_bounds`): Streamlit drops or keeps a widget's state
    as pages change, and a stored value outside new bounds must never raise. The filter
    changes only when the user changes the widget (on_change)."""
    current = filters()
    value = getattr(current, name)
    if isinstance(value, date):
        low, high = date_bounds(name, current)
        kwargs.setdefault("min_value", low)
        kwargs.setdefault("max_value", high)
        if factory is st.date_input:
            kwargs.setdefault("format", DATE_FORMAT)
    elif name in BOUNDS and factory is st.select_slider:
        # A decimal control as the steps of its bounds, written as the language writes
        # numbers («2,5»): Streamlit's number input and slider always print "2.50".
        bounds = BOUNDS[name]
        steps = round((bounds.high - bounds.low) / bounds.step)
        kwargs.setdefault("options", [bounds.low + i * bounds.step for i in range(steps + 1)])
        kwargs.setdefault("format_func", lambda v: i18n.fmt_float(v, current.lang))
        value = clamp_number(value, bounds)
        setattr(current, name, value)
    elif name in BOUNDS:
        bounds = BOUNDS[name]
        kind = type(value)
        kwargs.setdefault("min_value", kind(bounds.low))
        kwargs.setdefault("max_value", kind(bounds.high))
        kwargs.setdefault("step", kind(bounds.step))
    if "min_value" in kwargs and value is not None:
        value = min(max(value, kwargs["min_value"]), kwargs["max_value"])
        setattr(current, name, value)  # the clamped value is the filter: header, widget and figures agree
    if factory in (st.selectbox, st.multiselect):
        # Streamlit's own placeholder is English ("Choose options").
        kwargs.setdefault("placeholder", t("choose_placeholder", current.lang))
    key = f"w_{name}"
    st.session_state[key] = list(value) if isinstance(value, tuple) else value
    factory(label, key=key, on_change=_store, args=(name,), **kwargs)
    return getattr(current, name)


def phone() -> bool:
    """Whether the page is read on a phone: every phone browser says "Mobi" in its
    User-Agent (Mozilla's advice for telling phones apart). Maps are then fitted to a
    narrow screen; a tablet or a desktop gets the wide layout."""
    try:
        agent = st.context.headers.get("User-Agent", "") or ""
    except Exception:  # no browser behind this run (AppTest, a bare script)
        return False
    return "Mobi" in agent


def sync_url() -> None:
    params = filters().to_params(st.session_state.pop(PINNED, ()))
    if dict(st.query_params) != params:
        st.query_params.from_dict(params)


def place_filters(lang: str) -> None:
    """Federal district and region selectors (the region list follows the district)."""
    current = filters()
    with st.sidebar:
        districts = [""] + list(ref.federal_districts().index)
        widget(
            st.selectbox,
            "district",
            t("federal_district", lang),
            options=districts,
            format_func=lambda c: i18n.district_name(c, lang) if c else t("all_districts", lang),
        )
        regions = ref.regions()
        if current.district:
            regions = regions[regions["federal_district"] == current.district]
        codes = sorted(regions.index, key=lambda c: i18n.region_name(c, lang))
        if current.region and current.region not in codes:
            current.region = ""
        widget(
            st.selectbox,
            "region",
            t("region", lang),
            options=[""] + codes,
            format_func=lambda c: i18n.region_pick_label(c, lang) if c else t("all_regions", lang),
            # A region typed by its capital or misspelt («Пинза») is matched when chosen (filters.known_region).
            accept_new_options=True,
        )


def period_filters(lang: str, clip_to_as_of: bool = True) -> tuple[date, date]:
    """The period's two dates, one under the other so each shows in full; returns the
    period the page uses (ending no later than the as-of date where the page is dated)."""
    current = filters()
    with st.sidebar:
        st.caption(t("period", lang))
        widget(st.date_input, "start", t("period_from", lang))
        widget(st.date_input, "end", t("period_to", lang))
    return current.period() if clip_to_as_of else (current.start, current.end)


def period_caption(start: date, end: date, lang: str, clipped: bool = False) -> None:
    text = t("period_caption", lang, start=i18n.fmt_date(start, lang), end=i18n.fmt_date(end, lang))
    if clipped:
        text += " " + t("period_clipped", lang, end=i18n.fmt_date(end, lang))
    st.caption(text)


def _picked_region(state, kind: str) -> str:
    """The region code a click on a chart or map selected, or ""."""
    if kind == "plotly":
        points = state.selection.points if state else []
        if not points:
            return ""
        data = points[0].get("customdata", "")
        code = data[0] if isinstance(data, list | tuple) and data else data
        return str(code or points[0].get("location", ""))
    objects = (state.selection.objects or {}) if state else {}
    for layer in objects.values():
        if layer and layer[0].get("region_code"):
            return layer[0]["region_code"]
    return ""


def region_picker(key: str, kind: str):
    """An on_select callback: a click on a region (choropleth, tile or map point) opens the
    region page. It runs before the script, the one moment Streamlit lets the page change."""

    @callback
    def pick() -> None:
        code = _picked_region(st.session_state.get(key), kind)
        if code in ref.regions().index:
            filters().region = code
            st.session_state[GOTO_REGION] = True

    return pick


def follow_region_pick() -> None:
    """Open the page a click asked for (a region on a map, a search result)."""
    if st.session_state.pop(GOTO_REGION, False):
        st.switch_page(page("region").script, query_params=filters().to_params())
    wanted = st.session_state.pop(GOTO_PAGE, "")
    if wanted:
        st.switch_page(page(wanted).script, query_params=filters().to_params())


def meeting_filters(lang: str) -> None:
    """The changes page's "before": the previous meeting as a preset (a month ago, …) or any
    day (picking one makes the meeting "another day"); the "after" is the as-of date."""
    with st.sidebar:
        widget(
            st.selectbox,
            "meeting",
            t("changes_meeting", lang),
            options=list(MEETINGS),
            format_func=lambda key: t("meeting_" + key, lang),
        )
        widget(st.date_input, "since", t("changes_since", lang), help=t("changes_since_help", lang))


def pin_to_url(*names: str) -> None:
    """Write these filters to the page's address even at their defaults."""
    st.session_state[PINNED] = names
