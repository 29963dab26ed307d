"""The 85 regions' boundaries (data/reference/regions.geojson): which region a point lies in,
and how far outside its stated region a point is, in kilometres.

Chukotka is stored east of 180° (up to 191°E) so it is one shape; points are shifted the
same way (`shift_lon`) before any test. Distances from a point to a polygon are measured on
the ground: near the point (within 2°) to the nearest edge point on the WGS84 ellipsoid,
further out in an azimuthal equidistant projection centred on the point, where distances
from the centre are exact; so "5 km outside" means 5 km on the ground.
"""

from __future__ import annotations

import json
from functools import cache

import numpy as np
import pandas as pd
import shapely
import shapely.ops
from pyproj import CRS, Geod, Transformer
from shapely.geometry import shape

from rcnet_data.core.reference import REFERENCE_DIR

REGIONS_FILE = REFERENCE_DIR / "regions.geojson"
# Points up to this far outside their stated region are accepted: at 1:10m Natural Earth's
# borders are generalised by a few kilometres (field notes: Abakan, Krasnogorsk).
DEFAULT_TOLERANCE_KM = 5.0


@cache
def region_geojson() -> dict:
    return json.loads(REGIONS_FILE.read_text(encoding="utf-8"))


@cache
def region_shapes() -> dict[str, shapely.Geometry]:
    """Region code -> polygon (prepared for fast containment tests)."""
    shapes = {f["properties"]["region_code"]: shape(f["geometry"]) for f in region_geojson()["features"]}
    for geometry in shapes.values():
        shapely.prepare(geometry)
    return shapes


@cache
def _tree() -> tuple[shapely.STRtree, list[str]]:
    codes = list(region_shapes())
    return shapely.STRtree([region_shapes()[c] for c in codes]), codes


def shift_lon(lon):
    """Longitudes west of -100° carried past 180°, where the regions file puts Chukotka."""
    lon = np.asarray(lon, dtype=float)
    return np.where(lon < -100, lon + 360, lon)


def locate(lat, lon) -> np.ndarray:
    """The code of the region each point lies in ("" outside every region, or unknown)."""
    lat = np.asarray(lat, dtype=float)
    lon = shift_lon(lon)
    result = np.full(lat.shape, "", dtype=object)
    valid = np.isfinite(lat) & np.isfinite(lon)
    if not valid.any():
        return result
    tree, codes = _tree()
    points = shapely.points(lon[valid], lat[valid])
    point_index, region_index = tree.query(points, predicate="within")
    located = result[valid]
    located[point_index] = [codes[k] for k in region_index]
    result[valid] = located
    return result


# Up to this reach (degrees) the nearest edge is found in a local flat approximation and its
# distance measured on the ellipsoid; further out, in an equidistant projection.
LOCAL_REACH_DEGREES = 2.0
GEOD = Geod(ellps="WGS84")


def distance_outside_km(code: str, lat: float, lon: float) -> float:
    """How far a point lies outside a region, in km on the ground (0 inside)."""
    region = region_shapes()[code]
    lon = float(shift_lon(lon))
    point = shapely.Point(lon, lat)
    if region.contains(point):
        return 0.0
    # The nearest edge in degrees bounds the search: on the ground it is at most about
    # `degrees` × 111 km away, so only the boundary within that reach (in latitude, and in
    # longitude widened by the parallel's shrinking) can hold the nearest point.
    degrees = region.distance(point)
    reach_lat = degrees * 1.05 + 0.05
    reach_lon = min(reach_lat / max(np.cos(np.radians(min(abs(lat) + reach_lat, 89.0))), 0.02), 180.0)
    nearby = shapely.clip_by_rect(
        region, lon - reach_lon, max(lat - reach_lat, -90), lon + reach_lon, min(lat + reach_lat, 90)
    )
    if nearby.is_empty:
        nearby = region
    if reach_lat <= LOCAL_REACH_DEGREES:
        # Near the point a degree of longitude is cos(lat) of a degree of latitude: scaled so,
        # the nearest edge point is the one on the ground, to a second-order error; its
        # distance is then measured on the ellipsoid.
        scale = np.cos(np.radians(lat))
        local = shapely.transform(nearby, lambda xy: np.column_stack(((xy[:, 0] - lon) * scale, xy[:, 1] - lat)))
        _, nearest = shapely.ops.nearest_points(shapely.Point(0, 0), local)
        _, _, metres = GEOD.inv(lon, lat, lon + nearest.x / scale, lat + nearest.y)
        return float(metres / 1000)
    # An equidistant projection centred on the point: the distance to the nearest edge is true.
    aeqd = CRS.from_proj4(f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m +no_defs +over")
    to_local = Transformer.from_crs("EPSG:4326", aeqd, always_xy=True)
    projected = shapely.transform(nearby, lambda xy: np.column_stack(to_local.transform(xy[:, 0], xy[:, 1])))
    return float(projected.distance(shapely.Point(0, 0)) / 1000)


def check_points(lat: pd.Series, lon: pd.Series, region: pd.Series) -> pd.DataFrame:
    """For each point with a stated region: the region it lies in, and how far outside its
    stated region it is (0 inside; NaN where the point or the region is missing).

    Most points lie in their stated region, so each region's points are first tested
    against it alone (a prepared polygon, vectorised); only the rest search every region."""
    shapes = region_shapes()
    valid = lat.notna() & lon.notna()
    known = valid & region.isin(list(shapes))
    inside = pd.Series(False, index=lat.index)
    for code, index in region[known].groupby(region[known]).groups.items():
        inside[index] = shapely.contains_xy(shapes[code], shift_lon(lon[index].to_numpy()), lat[index].to_numpy())
    located = pd.Series("", index=lat.index, dtype=object)
    located[inside] = region[inside]
    rest = valid & ~inside
    if rest.any():
        located[rest] = locate(lat[rest].to_numpy(), lon[rest].to_numpy())
    distance = pd.Series(np.nan, index=lat.index)
    distance[inside] = 0.0
    for index in lat.index[known & ~inside]:
        distance[index] = distance_outside_km(region[index], lat[index], lon[index])
    return pd.DataFrame({"located_in": located, "outside_km": distance})
