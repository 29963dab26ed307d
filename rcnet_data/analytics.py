"""Analytics on typed registry tables: pure functions from DataFrames to DataFrames.

A center counts at a date when it opened on or before that date and had not closed by
then (closed_on empty or later). Counting uses sorted arrays and binary search, so a curve
over hundreds of dates costs little even for a registry a hundred times the demo's size.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from rcnet_data import columns as C
from rcnet_data import reference as ref

DateLike = date | str | pd.Timestamp


def as_timestamp(value: DateLike | None) -> pd.Timestamp:
    return pd.Timestamp(value if value is not None else date.today()).normalize()


def open_mask(centers: pd.DataFrame, as_of: DateLike) -> pd.Series:
    """Which centers are open at the end of a day."""
    day = as_timestamp(as_of)
    closed = centers[C.CLOSED_ON]
    return (centers[C.OPENED_ON] <= day) & (closed.isna() | (closed > day))


def open_centers(centers: pd.DataFrame, as_of: DateLike) -> pd.DataFrame:
    return centers[open_mask(centers, as_of)]


@dataclass(frozen=True)
class NetworkSize:
    as_of: pd.Timestamp
    domestic_centers: int
    foreign_centers: int
    countries: int
    regions_covered: int

    def as_dict(self) -> dict:
        return {
            "as_of": self.as_of.date().isoformat(),
            "domestic_centers": self.domestic_centers,
            "foreign_centers": self.foreign_centers,
            "countries": self.countries,
            "regions_covered": self.regions_covered,
        }


def network_size(centers: pd.DataFrame, as_of: DateLike | None = None) -> NetworkSize:
    day = as_timestamp(as_of)
    current = open_centers(centers, day)
    domestic = current[current[C.NETWORK] == C.DOMESTIC]
    foreign = current[current[C.NETWORK] == C.FOREIGN]
    return NetworkSize(
        as_of=day,
        domestic_centers=len(domestic),
        foreign_centers=len(foreign),
        countries=int(foreign[C.COUNTRY].nunique()),
        regions_covered=int(domestic[C.REGION_CODE].nunique()),
    )


def summary(centers: pd.DataFrame, events: pd.DataFrame, as_of: DateLike | None = None) -> dict:
    """The CLI's summary: network size at a date and the events held up to that date."""
    size = network_size(centers, as_of)
    result = size.as_dict()
    result["events"] = int((events[C.DATE] <= size.as_of).sum())
    return result


# --- counts over time -------------------------------------------------------------------------
def _sorted_days(values: pd.Series) -> np.ndarray:
    return np.sort(values.dropna().to_numpy(dtype="datetime64[ns]"))


def _open_counts(frame: pd.DataFrame, days: np.ndarray) -> np.ndarray:
    opened = _sorted_days(frame[C.OPENED_ON])
    closed = _sorted_days(frame[C.CLOSED_ON])
    return np.searchsorted(opened, days, side="right") - np.searchsorted(closed, days, side="right")


def _groups_open(frame: pd.DataFrame, key: str, days: np.ndarray) -> np.ndarray:
    covered = np.zeros(len(days), dtype=int)
    for _, group in frame.groupby(key):
        covered += _open_counts(group, days) > 0
    return covered


def sample_days(start: DateLike, end: DateLike, freq: str = "MS") -> pd.DatetimeIndex:
    """Sample dates from start to end inclusive: month starts (MS), year starts (YS) or days (D)."""
    start, end = as_timestamp(start), as_timestamp(end)
    days = pd.date_range(start, end, freq=freq)
    if len(days) == 0 or days[-1] != end:
        days = days.append(pd.DatetimeIndex([end]))
    if days[0] != start:
        days = pd.DatetimeIndex([start]).append(days)
    return days


def growth_series(centers: pd.DataFrame, start: DateLike = "2009-01-01", end: DateLike | None = None,
                  freq: str = "MS") -> pd.DataFrame:  # fmt: skip
    """Network size at each sample date: domestic, foreign, countries, regions covered."""
    days = sample_days(start, end, freq)
    values = days.to_numpy(dtype="datetime64[ns]")
    domestic = centers[centers[C.NETWORK] == C.DOMESTIC]
    foreign = centers[centers[C.NETWORK] == C.FOREIGN]
    return pd.DataFrame(
        {
            "date": days,
            "domestic_centers": _open_counts(domestic, values),
            "foreign_centers": _open_counts(foreign, values),
            "countries": _groups_open(foreign, C.COUNTRY, values),
            "regions_covered": _groups_open(domestic, C.REGION_CODE, values),
        }
    )


def openings_by_period(centers: pd.DataFrame, freq: str = "YS", by: str | None = C.NETWORK,
                       start: DateLike | None = None, end: DateLike | None = None) -> pd.DataFrame:  # fmt: skip
    """Openings per year (YS) or month (MS), split by network, federal district or region.

    Returns long rows: period, group (or "all"), openings; periods with no opening are
    present with 0 so that bars and lines do not skip years.
    """
    frame = centers.dropna(subset=[C.OPENED_ON])
    if start is not None:
        frame = frame[frame[C.OPENED_ON] >= as_timestamp(start)]
    if end is not None:
        frame = frame[frame[C.OPENED_ON] <= as_timestamp(end)]
    if frame.empty:
        return pd.DataFrame({"period": pd.DatetimeIndex([]), "group": [], "openings": []})
    period = frame[C.OPENED_ON].dt.to_period("Y" if freq == "YS" else "M").dt.start_time
    group = frame[by].fillna("unknown") if by else pd.Series("all", index=frame.index)
    counts = pd.crosstab(period, group)
    full = pd.date_range(counts.index.min(), counts.index.max(), freq=freq)
    counts = counts.reindex(full, fill_value=0)
    counts.index.name = "period"
    long = counts.stack().rename("openings").reset_index()
    long.columns = ["period", "group", "openings"]
    return long.astype({"openings": int})


# --- regions ---------------------------------------------------------------------------------
def events_in_period(events: pd.DataFrame, start: DateLike, end: DateLike) -> pd.DataFrame:
    start, end = as_timestamp(start), as_timestamp(end)
    return events[(events[C.DATE] >= start) & (events[C.DATE] <= end)]


def events_by_region(events: pd.DataFrame, start: DateLike, end: DateLike) -> pd.Series:
    """Number of domestic events per region code in a period (every region present)."""
    chosen = events_in_period(events, start, end)
    counts = chosen[chosen[C.NETWORK] == C.DOMESTIC].groupby(C.REGION_CODE).size()
    return counts.reindex(ref.regions().index, fill_value=0).astype(int)


def coverage_by_region(centers: pd.DataFrame, events: pd.DataFrame, as_of: DateLike | None = None,
                       period_start: DateLike | None = None,
                       period_end: DateLike | None = None) -> pd.DataFrame:  # fmt: skip
    """One row per region: centers open at as_of, per 100,000 residents, towns with a center,
    openings and events in the period (default: the 12 months up to as_of), and rank."""
    day = as_timestamp(as_of)
    period_end = as_timestamp(period_end) if period_end is not None else day
    period_start = as_timestamp(period_start) if period_start is not None else period_end - pd.DateOffset(years=1)
    regions = ref.regions()
    domestic = centers[centers[C.NETWORK] == C.DOMESTIC]
    current = open_centers(domestic, day)
    opened = domestic[(domestic[C.OPENED_ON] >= period_start) & (domestic[C.OPENED_ON] <= period_end)]
    table = pd.DataFrame(index=regions.index)
    table.index.name = "code"
    table["centers"] = current.groupby(C.REGION_CODE).size().reindex(regions.index, fill_value=0)
    table["towns_with_center"] = (
        current.groupby(C.REGION_CODE)[C.CITY].nunique().reindex(regions.index, fill_value=0)
    )
    table["per_100k"] = (table["centers"] / regions["population"] * 100_000).round(2)
    table["openings_in_period"] = opened.groupby(C.REGION_CODE).size().reindex(regions.index, fill_value=0)
    table["events_in_period"] = events_by_region(events, period_start, period_end)
    table = table.astype({"centers": int, "towns_with_center": int, "openings_in_period": int})
    columns = ["name_en", "name_ru", "short_en", "short_ru", "federal_district", "population", "tile_row", "tile_col"]
    table = regions[columns].join(table)
    table["rank_centers"] = table["centers"].rank(ascending=False, method="min").astype(int)
    table["rank_per_100k"] = table["per_100k"].rank(ascending=False, method="min").astype(int)
    return table


def network_by_district(centers: pd.DataFrame, as_of: DateLike | None = None) -> pd.DataFrame:
    """Open domestic centers and regions covered per federal district."""
    current = open_centers(centers[centers[C.NETWORK] == C.DOMESTIC], as_of)
    districts = ref.federal_districts()
    grouped = current.groupby(C.FEDERAL_DISTRICT)
    regions_total = ref.regions().groupby("federal_district").size()
    return pd.DataFrame(
        {
            "centers": grouped.size().reindex(districts.index, fill_value=0),
            "regions_covered": grouped[C.REGION_CODE].nunique().reindex(districts.index, fill_value=0),
            "regions_total": regions_total.reindex(districts.index),
        }
    ).astype(int)


# --- published milestones ----------------------------------------------------------------------
BOUND_TOLERANCE = 0.10  # "about N" holds within 10 %


def figure_holds(value: int, target: int, bound: str) -> bool:
    if bound == "more_than":
        return value > target
    if bound == "about":
        return abs(value - target) <= BOUND_TOLERANCE * target
    return value == target


def milestone_check(centers: pd.DataFrame, milestones: pd.DataFrame) -> pd.DataFrame:
    """Each published milestone beside the registry's figure on its date, and whether it holds.

    `scope` is domestic, foreign or region:NAME; stated `countries` and `regions` must match
    exactly when given.
    """
    rows = []
    for milestone in milestones.itertuples(index=False):
        day = as_timestamp(milestone.date)
        size = network_size(centers, day)
        scope = str(milestone.scope)
        if scope.startswith("region:"):
            code = ref.region_code(scope.split(":", 1)[1])
            current = open_centers(centers, day)
            registry = int(((current[C.NETWORK] == C.DOMESTIC) & (current[C.REGION_CODE] == code)).sum())
        elif scope == C.FOREIGN:
            registry = size.foreign_centers
        else:
            registry = size.domestic_centers
        holds = figure_holds(registry, int(milestone.value), milestone.bound)
        stated_countries = _optional_int(milestone.countries)
        stated_regions = _optional_int(milestone.regions)
        if stated_countries is not None:
            holds &= size.countries == stated_countries
        if stated_regions is not None:
            holds &= size.regions_covered == stated_regions
        rows.append(
            {
                "date": day.date().isoformat(),
                "scope": scope,
                "bound": milestone.bound,
                "published": int(milestone.value),
                "registry": registry,
                "published_countries": stated_countries,
                "registry_countries": size.countries if scope == C.FOREIGN else None,
                "published_regions": stated_regions,
                "registry_regions": size.regions_covered if scope == C.DOMESTIC else None,
                "holds": bool(holds),
                "source": milestone.source,
                "note": milestone.note,
            }
        )
    return pd.DataFrame(rows)


def _optional_int(value) -> int | None:
    if value is None or (isinstance(value, float) and np.isnan(value)) or str(value).strip() == "":
        return None
    return int(float(value))
