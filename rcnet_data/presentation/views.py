"""What the pages show, built once per data version and filter set.

Every click reruns a page, so a page must not rebuild its figures, maps and tables each
time. The functions here take the registry and plain filter values and return finished
things (a figure, a map, a table for people); `memo` keeps each result for the registry's
data version and those values, in one memory of the newest data versions: a filter set
the page has seen before is served from it, and an import (a new data version) is seen on
the next click.

Figures and maps come back frozen: `FrozenFigure` and `FrozenDeck` hand Streamlit the
figure's dict and the deck's compact JSON made once, instead of copying and serialising
them on every run (pydeck writes its JSON indented, twice the bytes, and slowly).

No Streamlit here: the functions are tested, and benchmarked, without it.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import date
from functools import cache, wraps

import orjson
import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk
from cachetools import LRUCache
from pydeck.bindings.json_tools import default_serialize

from rcnet_data.core import analytics, columns, quality, search
from rcnet_data.core import changes as changes_core
from rcnet_data.core import comparison as comparison_core
from rcnet_data.core import coverage as cov
from rcnet_data.core import reference as ref
from rcnet_data.presentation import digest, figures, i18n, maps, tables
from rcnet_data.presentation.filters import GROWTH_START
from rcnet_data.presentation.i18n import t

# One memory for every view: its results by (data version, view, arguments), least recently
# used out, and only for the newest data versions (the current one, and the one a session
# may still be showing while the next click fetches the new): a view of an older version
# is dropped as soon as a third version is seen.
MEMO_ENTRIES = 4096
KEPT_VERSIONS = 2
# The view calls readers made most recently (view and arguments, of any data version): what a
# new data version computes again before a reader asks (`compute_again`).
RECENT_CALLS = 256
_results: LRUCache = LRUCache(maxsize=MEMO_ENTRIES)
_versions: list[tuple] = []  # signatures of the data versions kept, oldest first
_recent: OrderedDict[tuple, None] = OrderedDict()  # (view, arguments), the most recent last
_views: dict[str, Callable] = {}  # a view's name: its memoised function
_pending: dict[tuple, threading.Event] = {}  # results being computed: a second asker waits for it
_lock = threading.Lock()
_replaying = threading.local()  # set while compute_again runs: its calls are not a reader's
_MISSING = object()
LOG = logging.getLogger("rcnet.views")


def forget_all(keep_calls: bool = False) -> None:
    """Empty the memory (the benchmark's "first run after a new data version"); with
    `keep_calls`, remember which views readers asked for, as a server does across versions."""
    with _lock:
        _results.clear()
        _versions.clear()
        if not keep_calls:
            _recent.clear()


def held(signature: tuple) -> set[tuple]:
    """The (view, arguments) whose results the memory holds for a data version."""
    with _lock:
        return {(name, args) for version, name, args in list(_results) if version == signature}


def _keep_version(signature: tuple) -> None:
    """Note a data version as the newest; forget every result of versions past KEPT_VERSIONS."""
    if signature in _versions:
        return
    _versions.append(signature)
    while len(_versions) > KEPT_VERSIONS:
        old = _versions.pop(0)
        for key in [key for key in _results if key[0] == old]:
            _results.pop(key, None)


def _note_call(call: tuple) -> None:
    """Remember a reader's view call as the most recent (under the lock)."""
    if getattr(_replaying, "on", False):
        return
    _recent[call] = None
    _recent.move_to_end(call)
    while len(_recent) > RECENT_CALLS:
        _recent.popitem(last=False)


def memo(function: Callable) -> Callable:
    """Keep a view's results by (registry data version, arguments), in the one memory. A
    result being computed on another thread (a page, or `compute_again` after a new data
    version) is waited for, not computed twice."""
    name = f"{function.__module__}.{function.__qualname__}"

    @wraps(function)
    def cached(reg, *args):
        key = (reg.signature, name, args)
        while True:
            with _lock:
                _note_call((name, args))
                found = _results.get(key, _MISSING)
                if found is not _MISSING:
                    return found
                pending = _pending.get(key)
                mine = pending is None
                if mine:
                    pending = _pending[key] = threading.Event()
            if mine:
                break
            pending.wait()  # then its result, or, had it failed, this thread computes it
        try:
            result = function(reg, *args)
            with _lock:
                _keep_version(reg.signature)
                _results[key] = result
            return result
        finally:
            with _lock:
                _pending.pop(key, None)
            pending.set()

    _views[name] = cached
    return cached


def compute_again(reg, limit: int = RECENT_CALLS) -> int:
    """Compute for `reg`'s data version the views readers asked for most recently (on any
    version), the most recent first: run when the server sees a new data version, so that
    the first page a reader opens after an import finds its views made. A call that fails on
    the new data (a region it no longer has) is logged and skipped: the page will say why.
    Returns how many views it computed."""
    with _lock:
        calls = list(reversed(_recent))[:limit]
    made = 0
    _replaying.on = True
    try:
        for name, args in calls:
            with _lock:
                if (reg.signature, name, args) in _results:
                    continue
            try:
                _views[name](reg, *args)
            except Exception:  # noqa: BLE001  (one view's failure must not stop the others)
                LOG.warning("computing %s%r again for a new data version failed", name, args, exc_info=True)
                continue
            made += 1
    finally:
        _replaying.on = False
    return made


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
    return analytics.growth_series(reg.centers, GROWTH_START, end, freq)


@memo
def milestones(reg) -> pd.DataFrame:
    return analytics.milestone_check(reg.centers, ref.published_milestones())


@memo
def reach(reg, km: int) -> cov.Reach:
    return cov.reach(reg.centers, km)


@memo
def coverage(reg, as_of: date, start: date, end: date, km: int) -> pd.DataFrame:
    return cov.regions_table(reg.centers, reg.events, reach(reg, km), as_of, start, end)


@memo
def open_domestic(reg, as_of: date, district: str, region: str) -> pd.DataFrame:
    return analytics.open_centers(
        analytics.filter_centers(reg.centers, columns.DOMESTIC, district or None, region or None), as_of
    )


@memo
def found_events(reg, start: date, end: date, region: str, country: str, types: tuple, q: str, district: str):
    return analytics.search_events(
        reg.events, start, end, region or None, country or None, list(types), q, district=district or None
    )


# --- overview --------------------------------------------------------------------------------
@memo
def growth_chart(reg, as_of: date, lang: str, presenter: bool) -> tuple[FrozenFigure, str]:
    curve = growth(reg, as_of)
    check = milestones(reg)
    shown = check[check["date"] <= as_of.isoformat()]
    return FrozenFigure(figures.growth_figure(curve, shown, lang, presenter)), figures.growth_alt_text(curve, lang)


@memo
def latest_events_table(reg, as_of: date, lang: str, limit: int = 10) -> pd.DataFrame:
    return tables.events_table(
        analytics.with_hosts(analytics.latest_events(reg.events, as_of, limit), reg.centers), lang
    )


@memo
def milestones_table(reg, lang: str) -> pd.DataFrame:
    return tables.milestones_table(milestones(reg), lang)


# --- domestic --------------------------------------------------------------------------------
@memo
def regions_chart(
    reg,
    as_of: date,
    start: date,
    end: date,
    km: int,
    metric: str,
    view: str,
    lang: str,
    region: str,
    district: str,
    threshold: float,
    presenter: bool,
    phone: bool = False,
) -> tuple[FrozenFigure, str]:
    table = coverage(reg, as_of, start, end, km)
    highlight = set(analytics.regions_of_district(table, district).index) if district else None
    if view == "choropleth":
        fig = figures.choropleth_figure(table, metric, lang, km, region or None, highlight, presenter, phone)
        alt = figures.tiles_alt_text(table, metric, lang, "alt_choropleth", km)
    else:
        fig = figures.tile_grid_figure(table, metric, lang, threshold, region or None, highlight, presenter, km)
        alt = figures.tiles_alt_text(table, metric, lang, km=km)
    return FrozenFigure(fig), alt


@memo
def centers_map(
    reg, as_of: date, district: str, region: str, view: str, lang: str, basemap: bool, phone: bool = False
) -> tuple[FrozenDeck, list]:
    shown = open_domestic(reg, as_of, district, region)
    deck = maps.centers_deck(shown, lang, view, region or None, basemap, phone)
    return FrozenDeck(deck), maps.legend_items(lang, view, centers=shown)


@memo
def coverage_display(reg, as_of: date, start: date, end: date, km: int, district: str, lang: str) -> pd.DataFrame:
    return tables.coverage_table(analytics.regions_of_district(coverage(reg, as_of, start, end, km), district), lang)


# --- foreign ---------------------------------------------------------------------------------
@memo
def foreign_map(reg, as_of: date, lang: str, presenter: bool) -> FrozenFigure:
    return FrozenFigure(figures.foreign_map_figure(analytics.foreign_by_city(reg.centers, as_of), lang, presenter))


@memo
def foreign_display(reg, as_of: date, lang: str) -> pd.DataFrame:
    return tables.foreign_table(analytics.foreign_by_country(reg.centers, as_of), lang)


@memo
def countries_chart(reg, as_of: date, lang: str, presenter: bool) -> FrozenFigure:
    return FrozenFigure(figures.countries_over_time_figure(growth(reg, as_of), lang, presenter))


# --- growth ----------------------------------------------------------------------------------
@memo
def openings_chart(reg, as_of: date, freq: str, by: str, lang: str, presenter: bool) -> FrozenFigure:
    centers = reg.centers if by == columns.NETWORK else analytics.filter_centers(reg.centers, columns.DOMESTIC)
    openings = analytics.openings_by_period(centers, freq, by, end=as_of)
    title = t("chart_openings" if by == columns.NETWORK else "chart_by_district", lang)
    return FrozenFigure(figures.openings_figure(openings, lang, freq, by, presenter, title=title))


@memo
def domestic_vs_foreign_chart(reg, as_of: date, lang: str, presenter: bool) -> FrozenFigure:
    return FrozenFigure(figures.domestic_vs_foreign_figure(growth(reg, as_of), lang, presenter))


@memo
def network_on_date_map(reg, on: date, lang: str, basemap: bool) -> tuple[FrozenDeck, int]:
    on_date = open_domestic(reg, on, "", "")
    return FrozenDeck(maps.centers_deck(on_date, lang, "points", online_basemap=basemap)), len(on_date)


@memo
def network_on_date_legend(reg, on: date, lang: str) -> list:
    return maps.legend_items(lang, "points", centers=open_domestic(reg, on, "", ""))


@memo
def centers_display(reg, on: date, lang: str) -> pd.DataFrame:
    """The domestic centers open on a date, as the table behind their map."""
    return tables.centers_table(open_domestic(reg, on, "", ""), lang)


@memo
def timelapse(reg, as_of: date, lang: str, presenter: bool) -> FrozenFigure:
    monthly = analytics.open_by_region_monthly(reg.centers, GROWTH_START, as_of)
    check = milestones(reg)
    return FrozenFigure.from_dict(
        figures.timelapse_figure(monthly, check[check["date"] <= as_of.isoformat()], lang, presenter)
    )


@memo
def coverage_series(reg, end: date, km: int) -> pd.DataFrame:
    return cov.coverage_over_time(reach(reg, km), analytics.sample_days(GROWTH_START, end, "YS"))


@memo
def coverage_chart(reg, end: date, km: int, lang: str, presenter: bool) -> FrozenFigure:
    return FrozenFigure(figures.coverage_over_time_figure(coverage_series(reg, end, km), lang, km, presenter))


@memo
def projection(reg, as_of: date, target: int):
    return analytics.project_target(growth(reg, as_of), target)


@memo
def projection_chart(reg, as_of: date, target: int, lang: str, presenter: bool) -> FrozenFigure:
    return FrozenFigure(figures.projection_figure(growth(reg, as_of), projection(reg, as_of, target), lang, presenter))


# --- events ----------------------------------------------------------------------------------
@memo
def events_display(reg, found_key: tuple, lang: str, limit: int | None) -> pd.DataFrame:
    found = found_events(reg, *found_key)
    return tables.events_table(analytics.with_hosts(found if limit is None else found.head(limit), reg.centers), lang)


@memo
def events_by_place_chart(reg, found_key: tuple, by: str, lang: str, presenter: bool) -> FrozenFigure | None:
    found = found_events(reg, *found_key)
    start, end = found_key[0], found_key[1]
    counts = (
        analytics.events_by_region(found, start, end)
        if by == columns.REGION_CODE
        else analytics.events_by_country(found, start, end)
    )
    if not counts.sum():
        return None
    title = t("events_per_region" if by == columns.REGION_CODE else "events_per_country", lang)
    return FrozenFigure(figures.events_by_place_figure(counts, lang, by, presenter=presenter, title=title))


# --- compare regions -------------------------------------------------------------------------
@memo
def comparison(reg, codes: tuple[str, ...], as_of: date, km: int) -> pd.DataFrame:
    return comparison_core.compare_regions(
        reg.centers, reach(reg, km), list(codes), analytics.sample_days(GROWTH_START, as_of, "YS")
    )


@memo
def comparison_chart(
    reg, codes: tuple[str, ...], as_of: date, km: int, metric: str, lang: str, presenter: bool
) -> FrozenFigure:
    return FrozenFigure(figures.comparison_figure(comparison(reg, codes, as_of, km), metric, lang, km, presenter))


@memo
def comparison_table(reg, codes: tuple[str, ...], as_of: date, km: int, lang: str) -> pd.DataFrame:
    table = comparison(reg, codes, as_of, km)
    return tables.comparison_table(table[table["date"] == table["date"].max()], lang, km)


# --- what changed ----------------------------------------------------------------------------
@memo
def changes(reg, since: date, until: date, km: int, region: str = "") -> changes_core.Changes:
    """What changed between two days (moves and renames from the database's import log)."""
    return changes_core.changes_between(reg.centers, reg.events, reach(reg, km), since, until, region, reg.center_log)


@memo
def changes_map(reg, since: date, until: date, km: int, lang: str) -> tuple[FrozenFigure, str]:
    found = changes(reg, since, until, km)
    return FrozenFigure(digest.openings_map_figure(found, lang)), digest.openings_map_alt(found, lang)


@memo
def changes_tables(reg, since: date, until: date, km: int, lang: str) -> list[digest.Section]:
    return digest.sections(changes(reg, since, until, km), reg.centers, lang)


# --- search ----------------------------------------------------------------------------------
@memo
def search_index(reg) -> search.SearchIndex:
    return search.SearchIndex.build(reg.centers)


PAGE_MATCH = 85  # rapidfuzz partial ratio: «что изменил» and «изменилось» find «Что изменилось»


@cache
def _page_titles() -> list[tuple[str, str]]:
    """(page key, normalised title) in every language: a page is found by its name in either."""
    from rcnet_data.presentation.pages import PAGES

    return [(p.key, ref.normalise_name(t(p.title_key, lang))) for p in PAGES for lang in i18n.LANGS]


def page_hits(query: str) -> list[str]:
    """The pages whose name the query is (a part of, a letter or two wrong)."""
    from rapidfuzz import fuzz

    key = ref.normalise_name(query)
    if len(key) < 4:
        return []
    found = [page for page, title in _page_titles() if fuzz.partial_ratio(key, title) >= PAGE_MATCH]
    return list(dict.fromkeys(found))


@memo
def search_hits(reg, query: str, lang: str) -> pd.DataFrame:
    """Search results as the sidebar lists them: a label in the reader's language, the region
    to open and the center to highlight; a page found by its name comes first, to open it."""
    hits = search_index(reg).find(query)
    labels = []
    for kind, code, city, text in zip(hits["kind"], hits["region_code"], hits["city"], hits["text"]):
        region = i18n.region_name(code, lang)
        town = i18n.town_name(code, city, lang)
        label = {"region": region, "town": f"{town} — {region}"}.get(kind, f"{text} — {town}")
        labels.append(f"{t('search_kind_' + kind, lang)}: {label}")
    pages = page_hits(query)
    return pd.DataFrame(
        {
            "label": [f"{t('search_kind_page', lang)}: {t('page_' + key, lang)}" for key in pages] + labels,
            "kind": ["page"] * len(pages) + list(hits["kind"]),
            "region_code": [""] * len(pages) + list(hits["region_code"]),
            "center_id": [""] * len(pages) + list(hits["center_id"].where(hits["kind"].isin(["center", "host"]), "")),
            "page": pages + ["region"] * len(hits),
        }
    )


# --- region ----------------------------------------------------------------------------------
@memo
def gaps(reg, code: str, km: int, as_of: date) -> pd.DataFrame:
    return cov.coverage_gaps(reg.centers, code, km, as_of)


@memo
def plan(reg, code: str, km: int, count: int, as_of: date) -> pd.DataFrame:
    return cov.plan_sites(reg.centers, code, km, count, as_of)


@memo
def region_map(
    reg, code: str, km: int, count: int, as_of: date, lang: str, basemap: bool, center: str = "", phone: bool = False
) -> FrozenDeck:
    centers = open_domestic(reg, as_of, "", code)
    return FrozenDeck(
        maps.region_deck(
            centers,
            code,
            gaps(reg, code, km, as_of),
            lang,
            basemap,
            plan(reg, code, km, count, as_of),
            highlight=center or None,
            phone=phone,
        )
    )


def highlighted_center(reg, code: str, center: str) -> pd.Series | None:
    """The center a search opened the region page for, when it is in that region."""
    if not center:
        return None
    chosen = reg.centers[(reg.centers[columns.CENTER_ID] == center) & (reg.centers[columns.REGION_CODE] == code)]
    return None if chosen.empty else chosen.iloc[0]


@memo
def region_openings_chart(reg, code: str, as_of: date, lang: str, presenter: bool) -> FrozenFigure | None:
    from rcnet_data.presentation.filters import FIRST_DAY

    openings = analytics.openings_by_period(
        analytics.filter_centers(reg.centers, columns.DOMESTIC, region=code), "YS", None, start=FIRST_DAY, end=as_of
    )
    if openings.empty:
        return None
    title = t("chart_region_openings", lang)
    return FrozenFigure(figures.openings_figure(openings, lang, "YS", None, presenter, title=title))


@memo
def region_events_table(reg, code: str, start: date, end: date, lang: str) -> pd.DataFrame:
    recent = analytics.search_events(reg.events, start, end, region=code).head(50)
    return tables.events_table(analytics.with_hosts(recent, reg.centers), lang)


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
def centers_to_check(reg) -> pd.DataFrame:
    """The centers the Data quality page flags, for an editor to open: suspicious points
    first, then those missing coordinates, a host or an address."""
    flagged = pd.concat([suspicious(reg)[[columns.CENTER_ID, columns.NAME]], quality.incomplete_centers(reg.centers)])
    return flagged[[columns.CENTER_ID, columns.NAME]].drop_duplicates(columns.CENTER_ID)


@memo
def suspicious_display(reg, lang: str) -> pd.DataFrame:
    return tables.suspicious_table(suspicious(reg), lang)
