"""What the pages show, built once per data version and filter set.

Every click reruns a page, so a page must not rebuild its figures, maps and tables each
time. The functions here take the registry and plain filter values and return finished
things (a figure, a map, a table for people); `memo` keeps each result for the registry's
data version and those values, so a filter set the page has seen before is served from
memory, and an import (a new data version) is seen on the next click.

Figures and maps come back frozen: `FrozenFigure` and `FrozenDeck` hand Streamlit the
figure's dict and the deck's compact JSON made once, instead of copying and serialising
them on every run (pydeck writes its JSON indented, twice the bytes, and slowly).

No Streamlit here: the functions are tested, and benchmarked, without it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import date
from functools import wraps

import orjson
import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from rcnet_data.core import analytics as A
from rcnet_data.core import columns as C
from rcnet_data.core import comparison as comparison_core
from rcnet_data.core import coverage as cov
from rcnet_data.core import quality, search
from rcnet_data.core import reference as ref
from rcnet_data.presentation import figures, i18n, maps, tables
from rcnet_data.presentation.filters import GROWTH_START
from rcnet_data.presentation.i18n import t

MEMO_ENTRIES = 64  # per view: the filter sets kept for the current data version
_STORES: list[OrderedDict] = []


def forget_all() -> None:
    """Empty every view's memory (the benchmark's "first run after a new data version")."""
    for store in _STORES:
        store.clear()


def memo(function: Callable) -> Callable:
    """Keep a view's results by (registry data version, arguments); least recently used out."""
    store: OrderedDict = OrderedDict()
    _STORES.append(store)
    lock = threading.Lock()

    @wraps(function)
    def cached(reg, *args):
        key = (reg.signature, args)
        with lock:
            if key in store:
                store.move_to_end(key)
                return store[key]
        result = function(reg, *args)
        with lock:
            store[key] = result
            while len(store) > MEMO_ENTRIES:
                store.popitem(last=False)
        return result

    cached.cache_clear = store.clear
    return cached


class FrozenFigure(go.Figure):
    """A plotly figure whose dict is made once: Streamlit asks for it on every run."""

    def __init__(self, figure: go.Figure):
        super().__init__()
        self._frozen = figure.to_dict()

    def to_dict(self) -> dict:
        return self._frozen

    def to_plotly_json(self) -> dict:
        return self._frozen

    @classmethod
    def from_dict(cls, figure: dict) -> FrozenFigure:
        """A figure already made as a dict (the time-lapse's frames are written as plain dicts)."""
        frozen = cls(go.Figure())
        frozen._frozen = figure
        return frozen


class FrozenDeck(pdk.Deck):
    """A pydeck deck whose JSON is made once, compact; its layers stay readable for tests."""

    def __init__(self, deck: pdk.Deck):
        self.__dict__.update(deck.__dict__)
        # pydeck's own serialiser (its default for layers and views) through orjson: the same
        # JSON as Deck.to_json, compact, several times faster on large decks.
        self._json = orjson.dumps(deck, default=default_serialize, option=orjson.OPT_SERIALIZE_NUMPY).decode()

    def to_json(self) -> str:
        return self._json


# --- data shared by several views ------------------------------------------------------------
@memo
def growth(reg, end: date, freq: str = "MS") -> pd.DataFrame:
    return A.growth_series(reg.centers, GROWTH_START, end, freq)


@memo
def milestones(reg) -> pd.DataFrame:
    return A.milestone_check(reg.centers, ref.published_milestones())


@memo
def reach(reg, km: int) -> cov.Reach:
    return cov.reach(reg.centers, km)


@memo
def coverage(reg, as_of: date, start: date, end: date, km: int) -> pd.DataFrame:
    return cov.regions_table(reg.centers, reg.events, reach(reg, km), as_of, start, end)


@memo
def open_domestic(reg, as_of: date, district: str, region: str) -> pd.DataFrame:
    return A.open_centers(A.filter_centers(reg.centers, C.DOMESTIC, district or None, region or None), as_of)


@memo
def found_events(reg, start: date, end: date, region: str, country: str, types: tuple, q: str, district: str):
    return A.search_events(reg.events, start, end, region or None, country or None, list(types), q,
                           district=district or None)  # fmt: skip


# --- overview --------------------------------------------------------------------------------
@memo
def growth_chart(reg, as_of: date, lang: str, presenter: bool) -> tuple[FrozenFigure, str]:
    curve = growth(reg, as_of)
    check = milestones(reg)
    shown = check[check["date"] <= as_of.isoformat()]
    return FrozenFigure(figures.growth_figure(curve, shown, lang, presenter)), figures.growth_alt_text(curve, lang)


@memo
def latest_events_table(reg, as_of: date, lang: str, limit: int = 10) -> pd.DataFrame:
    return tables.events_table(A.with_hosts(A.latest_events(reg.events, as_of, limit), reg.centers), lang)


@memo
def milestones_table(reg, lang: str) -> pd.DataFrame:
    return tables.milestones_table(milestones(reg), lang)


# --- domestic --------------------------------------------------------------------------------
@memo
def regions_chart(reg, as_of: date, start: date, end: date, km: int, metric: str, view: str, lang: str, region: str,
                  district: str, threshold: float, presenter: bool) -> tuple[FrozenFigure, str]:  # fmt: skip
    table = coverage(reg, as_of, start, end, km)
    highlight = set(A.regions_of_district(table, district).index) if district else None
    if view == "choropleth":
        fig = figures.choropleth_figure(table, metric, lang, km, region or None, highlight, presenter)
        alt = figures.tiles_alt_text(table, metric, lang, "alt_choropleth", km)
    else:
        fig = figures.tile_grid_figure(table, metric, lang, threshold, region or None, highlight, presenter, km)
        alt = figures.tiles_alt_text(table, metric, lang, km=km)
    return FrozenFigure(fig), alt


@memo
def centers_map(reg, as_of: date, district: str, region: str, view: str, lang: str, basemap: bool) -> tuple[FrozenDeck, list]:
    shown = open_domestic(reg, as_of, district, region)
    deck = maps.centers_deck(shown, lang, view, region or None, basemap)
    return FrozenDeck(deck), maps.legend_items(lang, view, centers=shown)


@memo
def coverage_display(reg, as_of: date, start: date, end: date, km: int, district: str, lang: str) -> pd.DataFrame:
    return tables.coverage_table(A.regions_of_district(coverage(reg, as_of, start, end, km), district), lang)


# --- foreign ---------------------------------------------------------------------------------
@memo
def foreign_map(reg, as_of: date, lang: str, presenter: bool) -> FrozenFigure:
    return FrozenFigure(figures.foreign_map_figure(A.foreign_by_city(reg.centers, as_of), lang, presenter))


@memo
def foreign_display(reg, as_of: date, lang: str) -> pd.DataFrame:
    return tables.foreign_table(A.foreign_by_country(reg.centers, as_of), lang)


@memo
def countries_chart(reg, as_of: date, lang: str, presenter: bool) -> FrozenFigure:
    return FrozenFigure(figures.countries_over_time_figure(growth(reg, as_of), lang, presenter))


# --- growth ----------------------------------------------------------------------------------
@memo
def openings_chart(reg, as_of: date, freq: str, by: str, lang: str, presenter: bool) -> FrozenFigure:
    centers = reg.centers if by == C.NETWORK else A.filter_centers(reg.centers, C.DOMESTIC)
    openings = A.openings_by_period(centers, freq, by, end=as_of)
    title = t("chart_openings" if by == C.NETWORK else "chart_by_district", lang)
    return FrozenFigure(figures.openings_figure(openings, lang, freq, by, presenter, title=title))


@memo
def domestic_vs_foreign_chart(reg, as_of: date, lang: str, presenter: bool) -> FrozenFigure:
    return FrozenFigure(figures.domestic_vs_foreign_figure(growth(reg, as_of), lang, presenter))


@memo
def network_on_date_map(reg, on: date, lang: str, basemap: bool) -> tuple[FrozenDeck, int]:
    on_date = open_domestic(reg, on, "", "")
    return FrozenDeck(maps.centers_deck(on_date, lang, "points", online_basemap=basemap)), len(on_date)


@memo
def timelapse(reg, as_of: date, lang: str, presenter: bool) -> FrozenFigure:
    monthly = A.open_by_region_monthly(reg.centers, GROWTH_START, as_of)
    check = milestones(reg)
    return FrozenFigure.from_dict(figures.timelapse_figure(monthly, check[check["date"] <= as_of.isoformat()], lang,
                                                           presenter))  # fmt: skip


@memo
def coverage_series(reg, end: date, km: int) -> pd.DataFrame:
    return cov.coverage_over_time(reach(reg, km), A.sample_days(GROWTH_START, end, "YS"))


@memo
def coverage_chart(reg, end: date, km: int, lang: str, presenter: bool) -> FrozenFigure:
    return FrozenFigure(figures.coverage_over_time_figure(coverage_series(reg, end, km), lang, km, presenter))


@memo
def projection(reg, as_of: date, target: int):
    return A.project_target(growth(reg, as_of), target)


@memo
def projection_chart(reg, as_of: date, target: int, lang: str, presenter: bool) -> FrozenFigure:
    return FrozenFigure(figures.projection_figure(growth(reg, as_of), projection(reg, as_of, target), lang, presenter))


# --- events ----------------------------------------------------------------------------------
@memo
def events_display(reg, found_key: tuple, lang: str, limit: int | None) -> pd.DataFrame:
    found = found_events(reg, *found_key)
    return tables.events_table(A.with_hosts(found if limit is None else found.head(limit), reg.centers), lang)


@memo
def events_by_place_chart(reg, found_key: tuple, by: str, lang: str, presenter: bool) -> FrozenFigure | None:
    found = found_events(reg, *found_key)
    start, end = found_key[0], found_key[1]
    counts = A.events_by_region(found, start, end) if by == C.REGION_CODE else A.events_by_country(found, start, end)
    if not counts.sum():
        return None
    title = t("events_per_region" if by == C.REGION_CODE else "events_per_country", lang)
    return FrozenFigure(figures.events_by_place_figure(counts, lang, by, presenter=presenter, title=title))


# --- compare regions -------------------------------------------------------------------------
@memo
def comparison(reg, codes: tuple[str, ...], as_of: date, km: int) -> pd.DataFrame:
    return comparison_core.compare_regions(reg.centers, reach(reg, km), list(codes), A.sample_days(GROWTH_START, as_of, "YS"))


@memo
def comparison_chart(reg, codes: tuple[str, ...], as_of: date, km: int, metric: str, lang: str,
                     presenter: bool) -> FrozenFigure:  # fmt: skip
    return FrozenFigure(figures.comparison_figure(comparison(reg, codes, as_of, km), metric, lang, km, presenter))


@memo
def comparison_table(reg, codes: tuple[str, ...], as_of: date, km: int, lang: str) -> pd.DataFrame:
    table = comparison(reg, codes, as_of, km)
    return tables.comparison_table(table[table["date"] == table["date"].max()], lang, km)


# --- search ----------------------------------------------------------------------------------
@memo
def search_index(reg) -> search.SearchIndex:
    return search.SearchIndex.build(reg.centers)


@memo
def search_hits(reg, query: str, lang: str) -> pd.DataFrame:
    """Search results as the sidebar lists them: a label in the reader's language, the region
    to open and the center to highlight."""
    hits = search_index(reg).find(query)
    labels = []
    for kind, code, city, text in zip(hits["kind"], hits["region_code"], hits["city"], hits["text"]):
        region = i18n.region_name(code, lang)
        town = i18n.town_name(code, city, lang)
        label = {"region": region, "town": f"{town} — {region}"}.get(kind, f"{text} — {town}")
        labels.append(f"{t('search_kind_' + kind, lang)}: {label}")
    return pd.DataFrame({"label": labels, "kind": hits["kind"], "region_code": hits["region_code"],
                         "center_id": hits["center_id"].where(hits["kind"].isin(["center", "host"]), "")})  # fmt: skip


# --- region ----------------------------------------------------------------------------------
@memo
def gaps(reg, code: str, km: int, as_of: date) -> pd.DataFrame:
    return cov.coverage_gaps(reg.centers, code, km, as_of)


@memo
def plan(reg, code: str, km: int, count: int, as_of: date) -> pd.DataFrame:
    return cov.plan_sites(reg.centers, code, km, count, as_of)


@memo
def region_map(reg, code: str, km: int, count: int, as_of: date, lang: str, basemap: bool,
               center: str = "") -> FrozenDeck:  # fmt: skip
    centers = open_domestic(reg, as_of, "", code)
    return FrozenDeck(maps.region_deck(centers, code, gaps(reg, code, km, as_of), lang, basemap,
                                       plan(reg, code, km, count, as_of), highlight=center or None))  # fmt: skip


def highlighted_center(reg, code: str, center: str) -> pd.Series | None:
    """The center a search opened the region page for, when it is in that region."""
    if not center:
        return None
    chosen = reg.centers[(reg.centers[C.CENTER_ID] == center) & (reg.centers[C.REGION_CODE] == code)]
    return None if chosen.empty else chosen.iloc[0]


@memo
def region_openings_chart(reg, code: str, as_of: date, lang: str, presenter: bool) -> FrozenFigure | None:
    from rcnet_data.presentation.filters import FIRST_DAY

    openings = A.openings_by_period(A.filter_centers(reg.centers, C.DOMESTIC, region=code), "YS", None, start=FIRST_DAY,
                                    end=as_of)  # fmt: skip
    if openings.empty:
        return None
    title = t("chart_region_openings", lang)
    return FrozenFigure(figures.openings_figure(openings, lang, "YS", None, presenter, title=title))


@memo
def region_events_table(reg, code: str, start: date, end: date, lang: str) -> pd.DataFrame:
    recent = A.search_events(reg.events, start, end, region=code).head(50)
    return tables.events_table(A.with_hosts(recent, reg.centers), lang)


# --- data quality ----------------------------------------------------------------------------
@memo
def point_checks(reg) -> pd.DataFrame:
    return quality.point_checks(reg.centers)


@memo
def quality_table(reg, start: date, end: date) -> pd.DataFrame:
    return quality.quality_by_region(reg.centers, reg.events, start, end, checks=point_checks(reg))


@memo
def quality_display(reg, start: date, end: date, lang: str) -> pd.DataFrame:
    return tables.quality_table(quality_table(reg, start, end), lang)


@memo
def suspicious(reg) -> pd.DataFrame:
    return quality.suspicious_centers(reg.centers, checks=point_checks(reg))


@memo
def suspicious_display(reg, lang: str) -> pd.DataFrame:
    return tables.suspicious_table(suspicious(reg), lang)
