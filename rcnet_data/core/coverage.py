"""Coverage gaps: the largest towns of a region farther than N km from any open center.

Distances are computed with geopandas in a metric projection: an azimuthal equidistant
projection centred on the region, where distances from the centre are exact and, within
one region, errors elsewhere stay well under 1 %.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from rcnet_data.core import analytics as A
from rcnet_data.core import columns as C
from rcnet_data.core import reference as ref

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
    current = A.open_centers(centers, as_of)
    # Centers just across the border serve a region's towns too, so all domestic centers count.
    current = current[(current[C.NETWORK] == C.DOMESTIC)].dropna(subset=[C.LAT, C.LON])
    columns = ["name_en", "name_ru", "population", "distance_km", "nearest_center", "nearest_town", "lat", "lon"]
    if region_towns.empty:
        return pd.DataFrame(columns=columns)
    crs = region_crs(code)
    town_points = gpd.GeoDataFrame(
        region_towns[["name_en", "name_ru", "population", "lat", "lon"]].reset_index(drop=True),
        geometry=gpd.points_from_xy(region_towns["lon"], region_towns["lat"]), crs=WGS84,
    ).to_crs(crs)  # fmt: skip
    if current.empty:
        result = town_points.assign(distance_km=float("inf"), nearest_center="", nearest_town="")
    else:
        center_points = gpd.GeoDataFrame(
            current[[C.NAME, C.CITY]].reset_index(drop=True),
            geometry=gpd.points_from_xy(current[C.LON], current[C.LAT]), crs=WGS84,
        ).to_crs(crs)  # fmt: skip
        joined = gpd.sjoin_nearest(town_points, center_points, how="left", distance_col="distance_m")
        joined = joined[~joined.index.duplicated(keep="first")]
        result = joined.assign(distance_km=joined["distance_m"] / 1000, nearest_center=joined[C.NAME],
                               nearest_town=joined[C.CITY])  # fmt: skip
    far = result[result["distance_km"] > km].sort_values(["population", "distance_km"], ascending=[False, False])
    return pd.DataFrame(far[columns]).head(limit).reset_index(drop=True)
