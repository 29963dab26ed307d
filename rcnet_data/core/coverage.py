"""Coverage of the population: which towns lie within N km of an open center, what share
of each region's residents that is, the towns left farthest from any center, and where a
new center would reach the most residents.

Which towns and centers lie within N km of each other is found with a spatial index in
degrees and confirmed on the great circle. The nearest center to a town (coverage gaps) is
found with geopandas in an azimuthal equidistant projection centred on the region
(distances from the centre are exact; within one region, errors elsewhere stay well under 1 %).
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from rcnet_data.core import analytics, columns
from rcnet_data.core import reference as ref
from rcnet_data.core.boundaries import shift_lon

WGS84 = "EPSG:4326"


def region_crs(code: str) -> str:
    towns = ref.towns()
    points = towns[towns["region_code"] == code]
    lat, lon = float(points["lat"].median()), float(points["lon"].median())
    return f"+proj=aeqd +lat_0={lat:.4f} +lon_0={lon:.4f} +datum=WGS84 +units=m +no_defs"


def coverage_gaps(centers: pd.DataFrame, code: str, km: float, as_of=None, limit: int = 15) -> pd.DataFrame:
    """Towns of the region (gazetteer, 500+ residents) farther than `km` from every center
    open at `as_of`, largest first: town, population, distance_km, nearest center."""
    towns = ref.towns()
    region_towns = towns[towns["region_code"] == code]
    current = analytics.open_centers(centers, as_of)
    # Centers just across the border serve a region's towns too, so all domestic centers count.
    current = current[(current[columns.NETWORK] == columns.DOMESTIC)].dropna(subset=[columns.LAT, columns.LON])
    column_names = [
        "name_en",
        "name_ru",
        "population",
        "distance_km",
        "nearest_center",
        "nearest_town",
        "nearest_region",
        "lat",
        "lon",
    ]
    if region_towns.empty:
        return pd.DataFrame(columns=column_names)
    crs = region_crs(code)
    # The nearest center is looked for among those within a few hundred km of the region
    # first (projecting all of them is most of the time at 100× the registry); a town
    # farther than that from all of them is looked up again among every center.
    west, south, east, north = (
        region_towns["lon"].min(),
        region_towns["lat"].min(),
        region_towns["lon"].max(),
        region_towns["lat"].max(),
    )
    nearby = current[
        current[columns.LAT].between(south - NEARBY_DEGREES, north + NEARBY_DEGREES)
        & current[columns.LON].between(west - NEARBY_DEGREES * 3, east + NEARBY_DEGREES * 3)
    ]
    result = _nearest_centers(region_towns, nearby, crs)
    if result["distance_km"].max() > NEARBY_DEGREES * KM_PER_DEGREE_LAT * 0.9:
        result = _nearest_centers(region_towns, current, crs)
    far = result[result["distance_km"] > km].sort_values(["population", "distance_km"], ascending=[False, False])
    return pd.DataFrame(far[column_names]).head(limit).reset_index(drop=True)


NEARBY_DEGREES = 3.0  # of latitude (three times as many of longitude) around a region


def _nearest_centers(region_towns: pd.DataFrame, current: pd.DataFrame, crs: str) -> pd.DataFrame:
    """Each town with the distance to its nearest center (inf: none), that center and town."""
    town_points = gpd.GeoDataFrame(
        region_towns[["name_en", "name_ru", "population", "lat", "lon"]].reset_index(drop=True),
        geometry=gpd.points_from_xy(region_towns["lon"], region_towns["lat"]),
        crs=WGS84,
    ).to_crs(crs)
    if current.empty:
        result = town_points.assign(distance_km=float("inf"), nearest_center="", nearest_town="", nearest_region="")
    else:
        center_points = gpd.GeoDataFrame(
            current[[columns.NAME, columns.CITY, columns.REGION_CODE]].reset_index(drop=True),
            geometry=gpd.points_from_xy(current[columns.LON], current[columns.LAT]),
            crs=WGS84,
        ).to_crs(crs)
        joined = gpd.sjoin_nearest(town_points, center_points, how="left", distance_col="distance_m")
        joined = joined[~joined.index.duplicated(keep="first")]
        result = joined.assign(
            distance_km=joined["distance_m"] / 1000,
            nearest_center=joined[columns.NAME],
            nearest_town=joined[columns.CITY],
            nearest_region=joined[columns.REGION_CODE],
        )
    return result


# --- how many residents the centers reach ------------------------------------------------
# Town populations come from GeoNames (towns of 500+ residents); a region's population
# from data/reference/regions.csv (Rosstat). Residents of villages under 500 are in the
# region's total but in no town, so shares are lower bounds.
DEFAULT_KM = 50


KM_PER_DEGREE_LAT = 110.57  # the shortest degree of latitude (at the equator), so the box is never too small
KM_PER_DEGREE_LON = 111.32  # a degree of longitude at the equator; cos(latitude) of it elsewhere


def pairs_within(towns: pd.DataFrame, points: pd.DataFrame, km: float) -> pd.DataFrame:
    """(town index, point index, distance_km) for every town and point within `km` of each
    other on the great circle.

    Candidates come from one spatial index of the points in degrees: each town asks for the
    points in a box of ±`km` around it, in latitude and in longitude widened by the
    parallel's shrinking at the box's poleward edge, so the box always holds the circle;
    every candidate's distance is then taken on the great circle. Chukotka's towns and
    points east of 180° are carried past it, as the regions file draws them."""
    empty = pd.DataFrame({"town": pd.Series(dtype=int), "point": pd.Series(dtype=int), "distance_km": []})
    if towns.empty or points.empty:
        return empty
    town_lat, town_lon = towns["lat"].to_numpy(dtype=float), shift_lon(towns["lon"].to_numpy(dtype=float))
    point_lat, point_lon = points["lat"].to_numpy(dtype=float), shift_lon(points["lon"].to_numpy(dtype=float))
    reach_lat = km / KM_PER_DEGREE_LAT * 1.01
    poleward = np.minimum(np.abs(town_lat) + reach_lat, 89.9)
    reach_lon = np.minimum(km / (KM_PER_DEGREE_LON * np.cos(np.radians(poleward))) * 1.01, 180.0)
    # Only points inside the towns' boxes taken together can pair: for one region's towns,
    # a few thousand of the country's points, not all of them, go into the index.
    inside = (
        (point_lat >= town_lat.min() - reach_lat)
        & (point_lat <= town_lat.max() + reach_lat)
        & (point_lon >= (town_lon - reach_lon).min())
        & (point_lon <= (town_lon + reach_lon).max())
    )
    kept = np.flatnonzero(inside)
    point_lat, point_lon = point_lat[kept], point_lon[kept]
    tree = shapely.STRtree(shapely.points(point_lon, point_lat))
    boxes = shapely.box(town_lon - reach_lon, town_lat - reach_lat, town_lon + reach_lon, town_lat + reach_lat)
    town_at, point_at = tree.query(boxes)  # bounding boxes that meet: the candidates
    distance = ref.haversine_km(town_lat[town_at], town_lon[town_at], point_lat[point_at], point_lon[point_at])
    near = distance <= km
    return pd.DataFrame(
        {
            "town": towns.index.to_numpy()[town_at[near]],
            "point": points.index.to_numpy()[kept[point_at[near]]],
            "distance_km": distance[near],
        }
    )


def _domestic_points(centers: pd.DataFrame) -> pd.DataFrame:
    domestic = centers[centers[columns.NETWORK] == columns.DOMESTIC].dropna(subset=[columns.LAT, columns.LON])
    return pd.DataFrame(
        {
            "lat": domestic[columns.LAT].to_numpy(),
            "lon": domestic[columns.LON].to_numpy(),
            "opened": domestic[columns.OPENED_ON].to_numpy(),
            "closed": domestic[columns.CLOSED_ON].to_numpy(),
        }
    )


@dataclass(frozen=True)
class Reach:
    """When each town of the gazetteer was within `km` of an open center: from
    `first_open` on for good (a center that never closed), and during any of the
    `intervals` (centers that closed). Built once; asked for any date cheaply."""

    km: float
    towns: pd.DataFrame  # the gazetteer: region_code, population, ...
    first_open: pd.Series  # town index -> earliest opening of a never-closed center in reach (NaT: none)
    intervals: pd.DataFrame  # town, opened, closed: closing centers in reach that opened earlier

    def covered(self, day) -> pd.Series:
        """Whether each town is within reach of a center open at the end of `day`."""
        day = pd.Timestamp(day)
        covered = (self.first_open <= day).to_numpy().copy()
        if len(self.intervals):
            active = self.intervals[(self.intervals["opened"] <= day) & (self.intervals["closed"] > day)]["town"]
            covered[self.towns.index.get_indexer(active.unique())] = True
        return pd.Series(covered, index=self.towns.index)

    def by_region(self, day) -> pd.DataFrame:
        """Per region: residents in towns within reach, the region's population, and the share."""
        regions = ref.regions()
        covered = self.towns["population"].where(self.covered(day), 0)
        residents = covered.groupby(self.towns["region_code"]).sum().reindex(regions.index, fill_value=0)
        # A subject with no population data (regions_extra.csv) and no gazetteer towns: how
        # many it reaches is unknown, never 0.
        residents = analytics.whole_numbers(residents.where(regions["population"].notna()))
        share = (residents / regions["population"]).clip(upper=1.0)
        return pd.DataFrame(
            {
                "covered_residents": residents,
                "population": regions["population"],
                "coverage": share.round(4),
            }
        )

    def national_share(self, day) -> float:
        table = self.by_region(day)
        return float(table["covered_residents"].sum() / table["population"].sum())


def reach(centers: pd.DataFrame, km: float = DEFAULT_KM, towns: pd.DataFrame | None = None) -> Reach:
    """Every town's reach to the domestic centers (all dates at once); `towns` defaults to
    the gazetteer."""
    towns = (ref.towns() if towns is None else towns).reset_index(drop=True)
    points = _domestic_points(centers)
    first_open = first_reached(towns, points[points["closed"].isna()], km)
    closing_points = points[points["closed"].notna()]
    closing = pairs_within(towns, closing_points, km)
    closing["opened"] = closing_points.loc[closing["point"], "opened"].to_numpy()
    closing["closed"] = closing_points.loc[closing["point"], "closed"].to_numpy()
    closing = closing[~(closing["opened"] >= closing["town"].map(first_open))]  # already covered for good by then
    return Reach(km, towns, first_open, closing[["town", "opened", "closed"]].reset_index(drop=True))


REACH_STEPS = 16


def first_reached(towns: pd.DataFrame, points: pd.DataFrame, km: float) -> pd.Series:
    """For each town, the earliest `opened` among the points within `km` (NaT: none).

    The points are taken in order of opening, a sixteenth at a time, and a town leaves the
    search once a step reaches it: its earliest point is in that step. Towns among many
    centers are settled in the first steps, so only the remote ones are searched to the end,
    instead of listing every town-center pair (millions at 100× the registry)."""
    result = pd.Series(pd.NaT, index=towns.index, dtype="datetime64[ns]")
    ordered = points.sort_values("opened", kind="stable")
    waiting = towns
    step = max(len(ordered) // REACH_STEPS, 1)
    for start in range(0, len(ordered), step):
        if waiting.empty:
            break
        chunk = ordered.iloc[start : start + step]
        pairs = pairs_within(waiting, chunk, km)
        if pairs.empty:
            continue
        earliest = pd.Series(chunk.loc[pairs["point"], "opened"].to_numpy(), index=pairs["town"]).groupby(level=0).min()
        result[earliest.index] = earliest.to_numpy()
        waiting = waiting.drop(earliest.index)
    return result


def coverage_over_time(reach_: Reach, days) -> pd.DataFrame:
    """The national share of residents within reach at each date."""
    return pd.DataFrame({"date": pd.DatetimeIndex(days), "coverage": [reach_.national_share(d) for d in days]})


def region_coverage_over_time(reach_: Reach, codes: list[str], days) -> pd.DataFrame:
    """Long rows (date, region_code, coverage) for a few regions."""
    rows = []
    for day in days:
        table = reach_.by_region(day)
        rows += [
            {"date": pd.Timestamp(day), "region_code": code, "coverage": table.loc[code, "coverage"]} for code in codes
        ]
    return pd.DataFrame(rows)


# --- where to open next --------------------------------------------------------------------
def plan_sites(
    centers: pd.DataFrame,
    code: str,
    km: float = DEFAULT_KM,
    count: int = 10,
    as_of=None,
    towns: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Towns of a region where a new center would reach the most residents not yet within
    `km` of a center open at `as_of`: greedy maximal coverage, each pick adding the most
    residents not yet covered (by the centers or by earlier picks).

    Rows: rank, town (en, ru), lat, lon, residents gained, residents covered so far and the
    region's share covered so far. `towns` defaults to the gazetteer."""
    towns = (ref.towns() if towns is None else towns).reset_index(drop=True)
    region_towns = towns[towns["region_code"] == code]
    column_names = ["rank", "name_en", "name_ru", "lat", "lon", "gained", "covered", "share"]
    if region_towns.empty or pd.isna(ref.regions().loc[code, "population"]):  # no towns known: no plan
        return pd.DataFrame(columns=column_names)
    population = int(ref.regions().loc[code, "population"])
    open_points = _domestic_points(analytics.open_centers(centers, as_of))
    covered = pd.Series(False, index=region_towns.index)
    served = pairs_within(region_towns, open_points, km)
    covered[served["town"].unique()] = True
    # Which towns each candidate site (a town of the region) would reach.
    sites = pairs_within(region_towns, region_towns.rename_axis(None), km)
    sites["people"] = region_towns.loc[sites["town"], "population"].to_numpy()
    residents = int(region_towns.loc[covered, "population"].sum())
    rows = []
    for rank in range(1, count + 1):
        open_pairs = sites[~covered.loc[sites["town"]].to_numpy()]
        gains = open_pairs.groupby("point")["people"].sum()
        if gains.empty or gains.max() <= 0:
            break
        best = int(gains.idxmax())  # ties: the first town, i.e. the larger (towns are sorted by population)
        covered[sites.loc[sites["point"] == best, "town"].to_numpy()] = True
        residents += int(gains[best])
        site = region_towns.loc[best]
        rows.append(
            {
                "rank": rank,
                "name_en": site["name_en"],
                "name_ru": site["name_ru"] or site["name_en"],
                "lat": site["lat"],
                "lon": site["lon"],
                "gained": int(gains[best]),
                "covered": residents,
                "share": round(min(residents / population, 1.0), 4),
            }
        )
    return pd.DataFrame(rows, columns=column_names)


def regions_table(
    centers: pd.DataFrame, events: pd.DataFrame, reach_: Reach, as_of=None, period_start=None, period_end=None
) -> pd.DataFrame:
    """`analytics.coverage_by_region` with the share of residents within reach of a center
    on `as_of` (`coverage`, 0-1), the residents reached, and the region's rank by that share."""
    table = analytics.coverage_by_region(centers, events, as_of, period_start, period_end)
    reached = reach_.by_region(analytics.as_timestamp(as_of))
    table["coverage"] = reached["coverage"]
    table["covered_residents"] = reached["covered_residents"]
    table["rank_coverage"] = analytics.whole_numbers(table["coverage"].rank(ascending=False, method="min"))
    return table


def region_has_towns(code: str) -> bool:
    """Whether the gazetteer holds towns of this region (a subject of regions_extra.csv has
    none): without them, far towns and sites for new centers cannot be counted."""
    return code in set(ref.towns()["region_code"])
