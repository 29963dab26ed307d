"""What changed in the network between two days: the centers opened, closed, moved and
renamed, each region before and after, the events of the period, and the published figures
whose dates fell in it.

"Before" is the network at the end of `since` (as a meeting saw it that day) and "after" at
the end of `until`; the period is the days after `since` up to and including `until`. So,
region by region, before + opened − closed = after, and a center opened on the day of the
last meeting was already counted there.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from rcnet_data.core import analytics, columns
from rcnet_data.core import coverage as cov
from rcnet_data.core import reference as ref

HOSTS = 10  # busiest hosts listed
MOVED_KM = 0.5  # a center's point moved less than this is a correction of its pin, not a move
# What a change of a center is called, by the fields that changed (the import log's rows).
RENAMED_FIELDS = (columns.NAME, columns.HOST)
MOVED_FIELDS = (columns.REGION_CODE, columns.CITY, columns.ADDRESS)
REGION_COLUMNS = [
    "centers_before",
    "centers_after",
    "change",
    "per_100k_before",
    "per_100k_after",
    "coverage_before",
    "coverage_after",
    "rank_before",
    "rank_after",
    "events",
]


@dataclass(frozen=True)
class Changes:
    since: pd.Timestamp
    until: pd.Timestamp
    region: str  # "" for the whole network
    km: int
    opened: pd.DataFrame  # rows of the centers table opened in the period, newest first
    closed: pd.DataFrame  # closed in the period, newest first
    edited: pd.DataFrame  # center_id, change (moved | renamed), before, after, at: from the import log
    regions: pd.DataFrame  # per region (index: code), REGION_COLUMNS; the biggest movers first
    events: pd.DataFrame  # the period's events, newest first
    by_region_type: pd.DataFrame  # region_code (empty: abroad), event_type, events
    quiet: pd.DataFrame  # regions with a center open at `until` and no event in the period: centers, last_event
    busiest_hosts: pd.DataFrame  # center_id, host, name, network, country, region_code, city, events
    milestones: pd.DataFrame  # analytics.milestone_check rows dated in the period

    @property
    def opened_regions(self) -> int:
        """Regions of Russia where a center opened in the period."""
        domestic = self.opened[self.opened[columns.NETWORK] == columns.DOMESTIC]
        return int(domestic[columns.REGION_CODE].nunique())

    @property
    def events_total(self) -> int:
        return len(self.events)


def in_period(values: pd.Series, since: pd.Timestamp, until: pd.Timestamp) -> pd.Series:
    """The days after `since`, up to and including `until`."""
    return (values > since) & (values <= until)


def changes_between(
    centers: pd.DataFrame,
    events: pd.DataFrame,
    reach: cov.Reach,
    since,
    until,
    region: str = "",
    log: pd.DataFrame | None = None,
    milestones: pd.DataFrame | None = None,
) -> Changes:
    """Everything that changed from the end of `since` to the end of `until` (`region`: one
    region's share of it). `reach` is `coverage.reach` of the same centers for the share of
    residents within `reach.km`; `log` the import log's updates of centers
    (`center_updates` columns) for the moves and renames; `milestones` the published
    figures (default: the reference's)."""
    since, until = analytics.as_timestamp(since), analytics.as_timestamp(until)
    if since > until:
        since, until = until, since
    opened = centers[in_period(centers[columns.OPENED_ON], since, until)]
    closed = centers[in_period(centers[columns.CLOSED_ON], since, until)]
    in_the_period = events[in_period(events[columns.DATE], since, until)]
    chosen = in_the_period
    if region:
        opened = opened[opened[columns.REGION_CODE] == region]
        closed = closed[closed[columns.REGION_CODE] == region]
        chosen = chosen[chosen[columns.REGION_CODE] == region]
    table = region_table(centers, events, reach, since, until, in_the_period)
    if region:
        table = table.loc[[region]]
    quiet = quiet_regions(table, events, since)
    check = analytics.milestone_check(centers, ref.published_milestones() if milestones is None else milestones)
    check = check[in_period(pd.to_datetime(check["date"]), since, until)]
    if region:
        check = check[[_scope_region(scope) == region for scope in check["scope"]]]
    return Changes(
        since=since,
        until=until,
        region=region,
        km=int(reach.km),
        opened=opened.sort_values(columns.OPENED_ON, ascending=False, kind="stable"),
        closed=closed.sort_values(columns.CLOSED_ON, ascending=False, kind="stable"),
        edited=moved_or_renamed(log, centers, since, until, region),
        regions=table,
        events=chosen.sort_values(columns.DATE, ascending=False, kind="stable"),
        by_region_type=events_by_region_and_type(chosen),
        quiet=quiet,
        busiest_hosts=busiest_hosts(chosen, centers),
        milestones=check.reset_index(drop=True),
    )


def region_table(
    centers: pd.DataFrame,
    events: pd.DataFrame,
    reach: cov.Reach,
    since: pd.Timestamp,
    until: pd.Timestamp,
    in_the_period: pd.DataFrame,
) -> pd.DataFrame:
    """Each region before and after: centers, per 100,000 residents, the share of residents
    within reach, rank by centers, and the period's events (`in_the_period`: the events of
    the days after `since` up to `until`); the biggest movers first (most centers gained or
    lost, then the largest change in reach)."""
    before = cov.regions_table(centers, events, reach, since, since, since)
    after = cov.regions_table(centers, events, reach, until, since, until)
    table = pd.DataFrame(index=after.index)
    table["centers_before"] = before["centers"]
    table["centers_after"] = after["centers"]
    table["change"] = table["centers_after"] - table["centers_before"]
    table["per_100k_before"] = before["per_100k"]
    table["per_100k_after"] = after["per_100k"]
    table["coverage_before"] = before["coverage"]
    table["coverage_after"] = after["coverage"]
    table["rank_before"] = before["rank_centers"]
    table["rank_after"] = after["rank_centers"]
    # Events counted over the same days as the openings: after `since`, up to `until`.
    domestic = in_the_period[in_the_period[columns.NETWORK] == columns.DOMESTIC]
    table["events"] = domestic.groupby(columns.REGION_CODE).size().reindex(table.index, fill_value=0).astype(int)
    order = pd.DataFrame(
        {
            "moved": -table["change"].abs(),
            "reach": -(table["coverage_after"] - table["coverage_before"]).abs().fillna(0),
            "centers": -table["centers_after"],
        }
    )
    return table.loc[order.sort_values(["moved", "reach", "centers"], kind="stable").index]


def quiet_regions(table: pd.DataFrame, events: pd.DataFrame, since: pd.Timestamp) -> pd.DataFrame:
    """The regions of `region_table` with a center open at the period's end and no event in
    the period, with the day of each one's last event before it (NaT: never), longest quiet first."""
    quiet = table[(table["centers_after"] > 0) & (table["events"] == 0)]
    domestic = events[(events[columns.NETWORK] == columns.DOMESTIC) & (events[columns.DATE] <= since)]
    last = domestic.groupby(columns.REGION_CODE)[columns.DATE].max()
    frame = pd.DataFrame({"centers": quiet["centers_after"], "last_event": last.reindex(quiet.index)})
    return frame.sort_values(["last_event", "centers"], ascending=[True, False], na_position="first", kind="stable")


def events_by_region_and_type(events: pd.DataFrame) -> pd.DataFrame:
    """How many events each region held of each type (region_code empty: abroad), most first."""
    if events.empty:
        return pd.DataFrame({columns.REGION_CODE: [], columns.EVENT_TYPE: [], "events": []}).astype({"events": int})
    keys = [events[columns.REGION_CODE].fillna(""), events[columns.EVENT_TYPE]]
    counts = events.groupby(keys).size().rename("events").reset_index()
    return counts.sort_values(
        ["events", columns.REGION_CODE, columns.EVENT_TYPE], ascending=[False, True, True], kind="stable"
    ).reset_index(drop=True)


def busiest_hosts(events: pd.DataFrame, centers: pd.DataFrame, limit: int = HOSTS) -> pd.DataFrame:
    """The centers that held the most of these events (events linked to a center only)."""
    linked = events[events[columns.CENTER_ID].fillna("").astype(str) != ""]
    counts = linked.groupby(columns.CENTER_ID).size().rename("events")
    place = [columns.NETWORK, columns.COUNTRY, columns.REGION_CODE, columns.CITY]
    known = centers.set_index(columns.CENTER_ID)[[columns.HOST, columns.NAME, *place]]
    table = known.join(counts, how="inner").reset_index()
    table = table.sort_values(["events", columns.HOST], ascending=[False, True], kind="stable").head(limit)
    return table[[columns.CENTER_ID, columns.HOST, columns.NAME, *place, "events"]]


EDIT_COLUMNS = [columns.CENTER_ID, "change", "before", "after", "at"]


def moved_or_renamed(
    log: pd.DataFrame | None, centers: pd.DataFrame, since: pd.Timestamp, until: pd.Timestamp, region: str = ""
) -> pd.DataFrame:
    """The centers an import or an edit in the period moved (region, town or address changed,
    or the point by more than MOVED_KM) or renamed (name or host changed): the row as it was
    at the period's first change against the row now. `log`: center_id, at, before (a dict)."""
    if log is None or log.empty:
        return pd.DataFrame(columns=EDIT_COLUMNS)
    chosen = log[in_period(pd.to_datetime(log["at"]).dt.normalize(), since, until)]
    chosen = chosen.sort_values("at", kind="stable").drop_duplicates(columns.CENTER_ID, keep="first")
    now = centers.set_index(columns.CENTER_ID)
    rows = []
    for center_id, at, before in zip(chosen[columns.CENTER_ID], chosen["at"], chosen["before"]):
        if center_id not in now.index or not isinstance(before, dict):
            continue  # removed since: not a move
        after = now.loc[center_id]
        if region and region not in (after[columns.REGION_CODE], before.get(columns.REGION_CODE)):
            continue
        renamed = [f for f in RENAMED_FIELDS if _text(before.get(f)) != _text(after[f])]
        moved = [f for f in MOVED_FIELDS if _text(before.get(f)) != _text(after[f])]
        if _distance_km(before, after) > MOVED_KM and not moved:
            moved = [columns.LAT, columns.LON]
        for change, fields in (("renamed", renamed), ("moved", moved)):
            if fields:
                rows.append(
                    {
                        columns.CENTER_ID: center_id,
                        "change": change,
                        "before": {f: _text(before.get(f)) for f in fields},
                        "after": {f: _text(after[f]) for f in fields},
                        "at": pd.Timestamp(at),
                    }
                )
    return pd.DataFrame(rows, columns=EDIT_COLUMNS)


def _text(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value).strip()


def _distance_km(before: dict, after: pd.Series) -> float:
    try:
        lat0, lon0 = float(before.get(columns.LAT)), float(before.get(columns.LON))
        lat1, lon1 = float(after[columns.LAT]), float(after[columns.LON])
    except (TypeError, ValueError):
        return 0.0
    if any(pd.isna(v) for v in (lat0, lon0, lat1, lon1)):
        return 0.0
    return float(ref.haversine_km(lat0, lon0, lat1, lon1))


def _scope_region(scope: str) -> str:
    """The region a published figure is about ("" for the network or a district)."""
    kind, _, name = str(scope).partition(":")
    if kind != "region":
        return ""
    try:
        return ref.region_code(name)
    except ValueError:
        return ""
