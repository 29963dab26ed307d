"""Data quality per region: how complete the registry is, which coordinates look wrong, and
which regions reported no events in a period."""

from __future__ import annotations

import pandas as pd

from rcnet_data import settings
from rcnet_data.core import analytics, columns
from rcnet_data.core import reference as ref
from rcnet_data.core.boundaries import check_points

SAME_POINT_DECIMALS = 4  # about 10 m: centers closer than that share one point


def outside_region(centers: pd.DataFrame) -> pd.DataFrame:
    """For each domestic center: how far outside its region's boundary it lies (0 inside),
    and the region it lies in."""
    return check_points(centers[columns.LAT], centers[columns.LON], centers[columns.REGION_CODE])


def shared_points(centers: pd.DataFrame) -> pd.Series:
    """True for centers that share their exact point with another center."""
    key = pd.DataFrame(
        {"lat": centers[columns.LAT].round(SAME_POINT_DECIMALS), "lon": centers[columns.LON].round(SAME_POINT_DECIMALS)}
    )
    return key.duplicated(keep=False) & centers[columns.LAT].notna()


def point_checks(centers: pd.DataFrame) -> pd.DataFrame:
    """For each domestic center: how far outside its region it lies (outside_km), the region
    it lies in (located_in), and whether it shares its point (shared_point). Both the
    per-region table and the list of suspicious centers read these: made once, passed in."""
    domestic = centers[centers[columns.NETWORK] == columns.DOMESTIC]
    checked = outside_region(domestic)
    checked["shared_point"] = shared_points(domestic)
    return checked


def incomplete_centers(centers: pd.DataFrame) -> pd.DataFrame:
    """Domestic centers missing coordinates, a host or an address: what an editor completes."""
    domestic = centers[centers[columns.NETWORK] == columns.DOMESTIC]
    missing = (
        domestic[columns.LAT].isna()
        | domestic[columns.LON].isna()
        | (domestic[columns.HOST].fillna("").str.strip() == "")
        | (domestic[columns.ADDRESS].fillna("").str.strip() == "")
    )
    return domestic[missing]


def quality_by_region(
    centers: pd.DataFrame,
    events: pd.DataFrame,
    start,
    end,
    tolerance_km: float | None = None,
    checks: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per region: centers, missing coordinates / hosts / addresses, coordinates
    outside the region's boundary (by more than the tolerance), centers sharing one point,
    events in the period. `checks`: `point_checks(centers)`, when already made."""
    checks = point_checks(centers) if checks is None else checks
    tolerance_km = settings.current().boundary_tolerance_km if tolerance_km is None else tolerance_km
    domestic = centers[centers[columns.NETWORK] == columns.DOMESTIC].copy()
    domestic["no_coordinates"] = domestic[columns.LAT].isna() | domestic[columns.LON].isna()
    domestic["no_host"] = domestic[columns.HOST].fillna("").str.strip() == ""
    domestic["no_address"] = domestic[columns.ADDRESS].fillna("").str.strip() == ""
    domestic["far"] = checks["outside_km"] > tolerance_km
    domestic["shared_point"] = checks["shared_point"]
    grouped = domestic.groupby(columns.REGION_CODE)
    table = pd.DataFrame(index=ref.regions().index)
    table["centers"] = grouped.size()
    for column in ("no_coordinates", "no_host", "no_address", "far", "shared_point"):
        table[column] = grouped[column].sum()
    table = table.fillna(0).astype(int)
    table["events_in_period"] = analytics.events_by_region(events, start, end)
    complete = 1 - table[["no_coordinates", "no_host", "no_address"]].sum(axis=1) / (3 * table["centers"].clip(lower=1))
    table["completeness"] = (complete * 100).round(1)
    table["federal_district"] = ref.regions()["federal_district"]
    return table


def suspicious_centers(
    centers: pd.DataFrame, tolerance_km: float | None = None, checks: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Centers that lie outside their region's boundary (naming the region they lie in) or
    share their point with another center."""
    checks = point_checks(centers) if checks is None else checks
    tolerance_km = settings.current().boundary_tolerance_km if tolerance_km is None else tolerance_km
    domestic = centers[centers[columns.NETWORK] == columns.DOMESTIC].copy()
    domestic["distance_km"] = checks["outside_km"].round(1)
    domestic["located_in"] = checks["located_in"]
    domestic["shared_point"] = checks["shared_point"]
    chosen = domestic[(domestic["distance_km"] > tolerance_km) | domestic["shared_point"]]
    return chosen[
        [
            columns.CENTER_ID,
            columns.NAME,
            columns.REGION_CODE,
            columns.CITY,
            columns.LAT,
            columns.LON,
            "distance_km",
            "located_in",
            "shared_point",
        ]
    ]


def regions_without_events(table: pd.DataFrame) -> list[str]:
    return list(table.index[table["events_in_period"] == 0])


def totals(table: pd.DataFrame) -> dict[str, int]:
    """Problems summed over all regions, for the headline figures."""
    return {key: int(table[key].sum()) for key in ("no_coordinates", "no_host", "far", "shared_point")}
