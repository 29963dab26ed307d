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

from rcnet_data.core import columns
from rcnet_data.core import reference as ref

DateLike = date | str | pd.Timestamp


def as_timestamp(value: DateLike | None) -> pd.Timestamp:
    return pd.Timestamp(value if value is not None else date.today()).normalize()


def open_mask(centers: pd.DataFrame, as_of: DateLike) -> pd.Series:
    """Which centers are open at the end of a day."""
    day = as_timestamp(as_of)
    closed = centers[columns.CLOSED_ON]
    return (centers[columns.OPENED_ON] <= day) & (closed.isna() | (closed > day))


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


def _distinct(codes: np.ndarray) -> int:
    """How many different values among factorized codes, missing ones (-1) not counted."""
    return int(np.count_nonzero(np.bincount(codes[codes >= 0]))) if codes.size else 0


class _Columns:
    """The columns the size of the network is counted from, as arrays taken once: counting
    on many dates (each published figure) then costs a few comparisons per date, not a
    filtered copy of the whole table each time. Text is compared once, here: comparing
    184,000 strings per date made the milestones' check 1.2 s at 100×."""

    def __init__(self, centers: pd.DataFrame):
        self.opened = centers[columns.OPENED_ON].to_numpy(dtype="datetime64[ns]")
        self.closed = centers[columns.CLOSED_ON].to_numpy(dtype="datetime64[ns]")
        network = centers[columns.NETWORK].to_numpy(dtype=object)
        self.domestic = network == columns.DOMESTIC
        self.foreign = network == columns.FOREIGN
        self.country = pd.factorize(centers[columns.COUNTRY])[0]
        self.region, self.region_names = pd.factorize(centers[columns.REGION_CODE])
        self.district, self.district_names = pd.factorize(centers[columns.FEDERAL_DISTRICT])

    def open_at(self, day: pd.Timestamp) -> np.ndarray:
        moment = day.to_datetime64()
        return (self.opened <= moment) & ~(self.closed <= moment)  # NaT (never closed) compares False

    def _code_of(self, value: str, names: pd.Index) -> int:
        return int(names.get_loc(value)) if value in names else -2  # -2: no row has it

    def in_region(self, code: str) -> np.ndarray:
        return self.region == self._code_of(code, self.region_names)

    def in_district(self, district: str) -> np.ndarray:
        return self.district == self._code_of(district, self.district_names)

    def size(self, day: pd.Timestamp) -> NetworkSize:
        current = self.open_at(day)
        domestic, foreign = current & self.domestic, current & self.foreign
        return NetworkSize(
            as_of=day,
            domestic_centers=int(domestic.sum()),
            foreign_centers=int(foreign.sum()),
            countries=_distinct(self.country[foreign]),
            regions_covered=_distinct(self.region[domestic]),
        )


def network_size(centers: pd.DataFrame, as_of: DateLike | None = None) -> NetworkSize:
    return _Columns(centers).size(as_timestamp(as_of))


def summary(centers: pd.DataFrame, events: pd.DataFrame, as_of: DateLike | None = None) -> dict:
    """The CLI's summary: network size at a date and the events held up to that date."""
    size = network_size(centers, as_of)
    result = size.as_dict()
    result["events"] = int((events[columns.DATE] <= size.as_of).sum())
    return result


# --- counts over time -------------------------------------------------------------------------
def _sorted_days(values: pd.Series) -> np.ndarray:
    return np.sort(values.dropna().to_numpy(dtype="datetime64[ns]"))


def _open_counts(frame: pd.DataFrame, days: np.ndarray) -> np.ndarray:
    opened = _sorted_days(frame[columns.OPENED_ON])
    closed = _sorted_days(frame[columns.CLOSED_ON])
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


def growth_series(
    centers: pd.DataFrame, start: DateLike = "2009-01-01", end: DateLike | None = None, freq: str = "MS"
) -> pd.DataFrame:
    """Network size at each sample date: domestic, foreign, countries, regions covered."""
    days = sample_days(start, end, freq)
    values = days.to_numpy(dtype="datetime64[ns]")
    domestic = centers[centers[columns.NETWORK] == columns.DOMESTIC]
    foreign = centers[centers[columns.NETWORK] == columns.FOREIGN]
    return pd.DataFrame(
        {
            "date": days,
            "domestic_centers": _open_counts(domestic, values),
            "foreign_centers": _open_counts(foreign, values),
            "countries": _groups_open(foreign, columns.COUNTRY, values),
            "regions_covered": _groups_open(domestic, columns.REGION_CODE, values),
        }
    )


def year_end_counts(centers: pd.DataFrame, first_year: int, as_of: DateLike) -> pd.DataFrame:
    """The network on 31 December of each year from `first_year` to the year before `as_of`,
    then on `as_of` itself: date, domestic centers, foreign centers, countries. What a
    chart "at the end of each year" must plot (a month-start series read at its last sample
    would give 1 December)."""
    day = as_timestamp(as_of)
    days = [pd.Timestamp(year, 12, 31) for year in range(first_year, day.year)] + [day]
    column_names = _Columns(centers)
    sizes = [column_names.size(d) for d in days]
    return pd.DataFrame(
        {
            "date": days,
            "domestic_centers": [s.domestic_centers for s in sizes],
            "foreign_centers": [s.foreign_centers for s in sizes],
            "countries": [s.countries for s in sizes],
        }
    )


def openings_by_period(
    centers: pd.DataFrame,
    freq: str = "YS",
    by: str | None = columns.NETWORK,
    start: DateLike | None = None,
    end: DateLike | None = None,
) -> pd.DataFrame:
    """Openings per year (YS) or month (MS), split by network, federal district or region.

    Returns long rows: period, group (or "all"), openings; periods with no opening are
    present with 0 so that bars and lines do not skip years.
    """
    frame = centers.dropna(subset=[columns.OPENED_ON])
    if start is not None:
        frame = frame[frame[columns.OPENED_ON] >= as_timestamp(start)]
    if end is not None:
        frame = frame[frame[columns.OPENED_ON] <= as_timestamp(end)]
    if frame.empty:
        return pd.DataFrame({"period": pd.DatetimeIndex([]), "group": [], "openings": []})
    period = frame[columns.OPENED_ON].dt.to_period("Y" if freq == "YS" else "M").dt.start_time
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
    return events[(events[columns.DATE] >= start) & (events[columns.DATE] <= end)]


def events_by_region(events: pd.DataFrame, start: DateLike, end: DateLike) -> pd.Series:
    """Number of domestic events per region code in a period (every region present)."""
    chosen = events_in_period(events, start, end)
    counts = chosen[chosen[columns.NETWORK] == columns.DOMESTIC].groupby(columns.REGION_CODE).size()
    return counts.reindex(ref.regions().index, fill_value=0).astype(int)


def coverage_by_region(
    centers: pd.DataFrame,
    events: pd.DataFrame,
    as_of: DateLike | None = None,
    period_start: DateLike | None = None,
    period_end: DateLike | None = None,
) -> pd.DataFrame:
    """One row per region: centers open at as_of, per 100,000 residents, towns with a center,
    openings and events in the period (default: the 12 months up to as_of), and rank."""
    day = as_timestamp(as_of)
    period_end = as_timestamp(period_end) if period_end is not None else day
    period_start = as_timestamp(period_start) if period_start is not None else period_end - pd.DateOffset(years=1)
    regions = ref.regions()
    domestic = centers[centers[columns.NETWORK] == columns.DOMESTIC]
    current = open_centers(domestic, day)
    opened = domestic[(domestic[columns.OPENED_ON] >= period_start) & (domestic[columns.OPENED_ON] <= period_end)]
    table = pd.DataFrame(index=regions.index)
    table.index.name = "code"
    table["centers"] = current.groupby(columns.REGION_CODE).size().reindex(regions.index, fill_value=0)
    table["towns_with_center"] = (
        current.groupby(columns.REGION_CODE)[columns.CITY].nunique().reindex(regions.index, fill_value=0)
    )
    table["per_100k"] = table["centers"] / regions["population"] * 100_000  # rounded only where shown
    table["openings_in_period"] = opened.groupby(columns.REGION_CODE).size().reindex(regions.index, fill_value=0)
    table["events_in_period"] = events_by_region(events, period_start, period_end)
    table = table.astype({"centers": int, "towns_with_center": int, "openings_in_period": int})
    column_names = [
        "name_en",
        "name_ru",
        "short_en",
        "short_ru",
        "federal_district",
        "population",
        "tile_row",
        "tile_col",
    ]
    table = regions[column_names].join(table)
    table["rank_centers"] = table["centers"].rank(ascending=False, method="min").astype(int)
    # A subject with no population data (regions_extra.csv) has no rate and no rank by it.
    table["rank_per_100k"] = whole_numbers(table["per_100k"].rank(ascending=False, method="min"))
    return table


def whole_numbers(values: pd.Series) -> pd.Series:
    """Counts as integers; as nullable integers where one is unknown (a region without
    population data), so that "unknown" never becomes 0."""
    return values.astype(int) if values.notna().all() else values.astype("Int64")


def network_by_district(centers: pd.DataFrame, as_of: DateLike | None = None) -> pd.DataFrame:
    """Open domestic centers and regions covered per federal district."""
    current = open_centers(centers[centers[columns.NETWORK] == columns.DOMESTIC], as_of)
    districts = ref.federal_districts()
    grouped = current.groupby(columns.FEDERAL_DISTRICT)
    regions_total = ref.regions().groupby("federal_district").size()
    return pd.DataFrame(
        {
            "centers": grouped.size().reindex(districts.index, fill_value=0),
            "regions_covered": grouped[columns.REGION_CODE].nunique().reindex(districts.index, fill_value=0),
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

    `scope` is domestic, foreign, region:NAME or district:CODE (a federal district); stated
    `countries` and `regions` must match exactly when given (regions: covered within the
    scope, so all six of a district's, or 85 of the country's).
    """
    rows = []
    column_names = _Columns(centers)
    for milestone in milestones.itertuples(index=False):
        day = as_timestamp(milestone.date)
        size = column_names.size(day)
        scope = str(milestone.scope)
        regions_covered = size.regions_covered
        if scope.startswith(("region:", "district:")):
            kind, name = scope.split(":", 1)
            chosen = column_names.open_at(day) & column_names.domestic
            if kind == "region":
                chosen &= column_names.in_region(ref.region_code(name))
            else:
                chosen &= column_names.in_district(name)
            registry = int(chosen.sum())
            regions_covered = _distinct(column_names.region[chosen])
        elif scope == columns.FOREIGN:
            registry = size.foreign_centers
        else:
            registry = size.domestic_centers
        holds = figure_holds(registry, int(milestone.value), milestone.bound)
        stated_countries = _optional_int(milestone.countries)
        stated_regions = _optional_int(milestone.regions)
        if stated_countries is not None:
            holds &= size.countries == stated_countries
        if stated_regions is not None:
            holds &= regions_covered == stated_regions
        rows.append(
            {
                "date": day.date().isoformat(),
                "scope": scope,
                "bound": milestone.bound,
                "published": int(milestone.value),
                "registry": registry,
                "published_countries": stated_countries,
                "registry_countries": size.countries if scope == columns.FOREIGN else None,
                "published_regions": stated_regions,
                "registry_regions": None if scope == columns.FOREIGN else regions_covered,
                "holds": bool(holds),
                "source": milestone.source,
                "note": milestone.note,
            }
        )
    # Counts are whole numbers or unknown (None), never floats, in every output.
    table = pd.DataFrame(rows)
    for column in ("published_countries", "registry_countries", "published_regions", "registry_regions"):
        table[column] = table[column].astype("Int64")
    return table.sort_values(["date", "scope"], kind="stable").reset_index(drop=True)


def _optional_int(value) -> int | None:
    if value is None or (isinstance(value, float) and np.isnan(value)) or str(value).strip() == "":
        return None
    return int(float(value))


# --- filters and listings for the pages -------------------------------------------------------
def filter_centers(
    centers: pd.DataFrame, network: str | None = None, district: str | None = None, region: str | None = None
) -> pd.DataFrame:
    """Centers of one network, federal district and/or region (None or "" means all)."""
    return centers[place_mask(centers, network, district, region)]


def place_mask(frame: pd.DataFrame, network: str | None, district: str | None, region: str | None) -> pd.Series:
    """Rows (centers or events) of a network, federal district and region; empty means all."""
    mask = pd.Series(True, index=frame.index)
    if network:
        mask &= frame[columns.NETWORK] == network
    if district:
        mask &= frame[columns.FEDERAL_DISTRICT] == district
    if region:
        mask &= frame[columns.REGION_CODE] == region
    return mask


def openings_comparison(centers: pd.DataFrame, as_of: DateLike | None = None) -> tuple[int, int]:
    """Openings in the 12 months up to as_of, and in the 12 months before those."""
    day = as_timestamp(as_of)
    year_ago, two_years_ago = day - pd.DateOffset(years=1), day - pd.DateOffset(years=2)
    opened = centers[columns.OPENED_ON]
    last = int(((opened > year_ago) & (opened <= day)).sum())
    previous = int(((opened > two_years_ago) & (opened <= year_ago)).sum())
    return last, previous


def latest_events(events: pd.DataFrame, as_of: DateLike | None = None, limit: int = 10) -> pd.DataFrame:
    chosen = events[events[columns.DATE] <= as_timestamp(as_of)]
    if len(chosen) > limit:
        # Only the rows of the latest days can be among the last `limit`: sorting those is
        # enough (a full sort of 800,000 events takes most of a second).
        cutoff = chosen[columns.DATE].nlargest(limit).min()
        chosen = chosen[chosen[columns.DATE] >= cutoff]
    return chosen.sort_values([columns.DATE, columns.EVENT_ID], ascending=[False, False]).head(limit)


def foreign_by_city(centers: pd.DataFrame, as_of: DateLike | None = None) -> pd.DataFrame:
    """Open foreign centers per city: count, position, hosts (one bubble per city on the map)."""
    current = open_centers(centers[centers[columns.NETWORK] == columns.FOREIGN], as_of)
    grouped = current.groupby([columns.COUNTRY, columns.CITY])
    return grouped.agg(
        centers=(columns.CENTER_ID, "size"),
        lat=(columns.LAT, "mean"),
        lon=(columns.LON, "mean"),
        hosts=(columns.HOST, lambda hosts: "; ".join(sorted(set(hosts)))),
        first_opened=(columns.OPENED_ON, "min"),
    ).reset_index()


def foreign_by_country(centers: pd.DataFrame, as_of: DateLike | None = None) -> pd.DataFrame:
    """One row per country with open foreign centers: counts, cities, hosts, opening dates."""
    current = open_centers(centers[centers[columns.NETWORK] == columns.FOREIGN], as_of)
    table = current.groupby(columns.COUNTRY).agg(
        centers=(columns.CENTER_ID, "size"),
        cities=(columns.CITY, lambda cities: ", ".join(sorted(set(cities)))),
        hosts=(columns.HOST, lambda hosts: "; ".join(sorted(set(hosts)))),
        first_opened=(columns.OPENED_ON, "min"),
        last_opened=(columns.OPENED_ON, "max"),
    )
    return table.sort_values(["centers", "first_opened"], ascending=[False, True]).reset_index()


def density_cells(centers: pd.DataFrame, cell_degrees: float = 0.5) -> pd.DataFrame:
    """Centers counted on a latitude/longitude grid: the server-side density view, so the
    browser receives a few hundred cells instead of every center."""
    located = centers.dropna(subset=[columns.LAT, columns.LON])
    if located.empty:
        return pd.DataFrame(columns=["lat", "lon", "centers"])
    lat_bin = np.floor(located[columns.LAT] / cell_degrees)
    lon_bin = np.floor(located[columns.LON] / (cell_degrees * 2))  # cells roughly square at 60°N
    cells = located.groupby([lat_bin, lon_bin]).agg(
        lat=(columns.LAT, "mean"), lon=(columns.LON, "mean"), centers=(columns.CENTER_ID, "size")
    )
    return cells.reset_index(drop=True).sort_values("centers", ascending=False)


def search_events(
    events: pd.DataFrame,
    start: DateLike | None = None,
    end: DateLike | None = None,
    region: str | None = None,
    country: str | None = None,
    types: list[str] | None = None,
    text: str = "",
    network: str | None = None,
    district: str | None = None,
) -> pd.DataFrame:
    """Events filtered by period, place, type and a case-insensitive text search, newest first."""
    mask = place_mask(events, network, district, region)
    if start is not None:
        mask &= events[columns.DATE] >= as_timestamp(start)
    if end is not None:
        mask &= events[columns.DATE] <= as_timestamp(end)
    if country:
        mask &= events[columns.COUNTRY] == country
    if types:
        mask &= events[columns.EVENT_TYPE].isin(types)
    if text.strip():
        mask &= events[columns.TITLE].str.contains(text.strip(), case=False, regex=False)
    return events[mask].sort_values([columns.DATE, columns.EVENT_ID], ascending=[False, False])


def events_by_country(events: pd.DataFrame, start: DateLike, end: DateLike) -> pd.Series:
    chosen = events_in_period(events, start, end)
    foreign = chosen[chosen[columns.NETWORK] == columns.FOREIGN]
    return foreign.groupby(columns.COUNTRY).size().sort_values(ascending=False).astype(int)


def with_hosts(events: pd.DataFrame, centers: pd.DataFrame) -> pd.DataFrame:
    """Events with the host institution of their center (empty when not linked)."""
    hosts = centers.set_index(columns.CENTER_ID)[columns.HOST]
    result = events.copy()
    result[columns.HOST] = result[columns.CENTER_ID].map(hosts).fillna("")
    return result


# --- projection -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Projection:
    target: int
    current: int
    reached_on: pd.Timestamp | None  # when the registry first reached the target, if it has
    rate_per_year: float
    expected: pd.Timestamp | None
    earliest: pd.Timestamp | None
    latest: pd.Timestamp | None
    window_years: int
    fitted: pd.DataFrame  # date, value: the fitted line extended to the expected date


def project_target(
    growth: pd.DataFrame, target: int, window_years: int = 3, column: str = "domestic_centers"
) -> Projection:
    """When the network reaches `target`, by a least-squares line through the monthly counts
    of the last `window_years`; the range uses the slowest and fastest 12-month gains there."""
    series = growth.set_index("date")[column].astype(float)
    last_day = series.index.max()
    current = int(series.iloc[-1])
    reached = series[series >= target]
    window = series[series.index >= last_day - pd.DateOffset(years=window_years)]
    years = (window.index - window.index[0]).days.to_numpy() / 365.25
    slope, intercept = np.polyfit(years, window.to_numpy(), 1) if len(window) > 2 else (0.0, float(current))
    gains = (window - window.shift(12)).dropna()
    slow, fast = (float(gains.min()), float(gains.max())) if len(gains) else (slope, slope)

    def eta(rate: float) -> pd.Timestamp | None:
        if rate <= 0:
            return None
        years_needed = (target - current) / rate
        return None if years_needed > 50 else last_day + pd.Timedelta(days=years_needed * 365.25)

    if len(reached):
        expected = earliest = latest = None
    else:
        expected, earliest, latest = eta(slope), eta(fast), eta(slow)
    end = expected or last_day
    line_days = pd.date_range(window.index[0], max(end, last_day), periods=24).normalize()
    line_years = (line_days - window.index[0]).days.to_numpy() / 365.25
    fitted = pd.DataFrame({"date": line_days, "value": intercept + slope * line_years})
    return Projection(
        target=target,
        current=current,
        reached_on=reached.index[0] if len(reached) else None,
        rate_per_year=float(slope),
        expected=expected,
        earliest=earliest,
        latest=latest,
        window_years=window_years,
        fitted=fitted,
    )


def coverage_gap_counts(coverage: pd.DataFrame, threshold: float = 0.0) -> tuple[int, int]:
    """Regions with no center, and regions below `threshold` centers per 100,000 residents."""
    none = int((coverage["centers"] == 0).sum())
    below = int((coverage["per_100k"] < threshold).sum()) if threshold > 0 else 0
    return none, below


def regions_of_district(coverage: pd.DataFrame, district: str | None) -> pd.DataFrame:
    return coverage[coverage["federal_district"] == district] if district else coverage


def share(table: pd.DataFrame, part: str, whole: str) -> float | None:
    """A column's total as a share of another's (None when there is nothing to divide by)."""
    total = table[whole].sum() if len(table) else 0
    return float(table[part].sum() / total) if total else None


def open_by_region_monthly(centers: pd.DataFrame, start: DateLike, end: DateLike) -> pd.DataFrame:
    """Open domestic centers per region at the start of every month from start to end (and
    on end itself): a wide table, one row per month, one column per region (all 85). What a
    time-lapse plays: a few thousand numbers, whatever the size of the registry."""
    months = sample_days(start, end, "MS")
    domestic = centers[centers[columns.NETWORK] == columns.DOMESTIC]
    codes = list(ref.regions().index)
    column = pd.Index(codes).get_indexer(domestic[columns.REGION_CODE])
    table = np.zeros((len(months) + 1, len(codes)), dtype=np.int64)
    stamps = months.to_numpy()
    # Each opening counts from the first sampled day on or after it, each closing likewise
    # takes one off; a running sum down the months gives the centers open on each day.
    for dates, sign in ((domestic[columns.OPENED_ON], 1), (domestic[columns.CLOSED_ON], -1)):
        known = dates.notna().to_numpy() & (column >= 0)
        rows = np.searchsorted(stamps, dates.to_numpy()[known], side="left")
        np.add.at(table, (rows, column[known]), sign)
    return pd.DataFrame(np.cumsum(table, axis=0)[:-1], index=months, columns=codes)
