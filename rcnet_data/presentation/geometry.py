"""The regions' shapes as the maps and charts draw them, made once per process.

The display copy (data/reference/regions_display.geojson, 0.3 MB) is simplified for the
whole country; at the country's scale on a screen (about a tenth of a degree per pixel) it
is simplified further, keeping shared borders shared (shapely's coverage simplification),
which halves what the browser must tessellate and draw. Region maps zoomed to one region
use the full display copy.
"""

from __future__ import annotations

import json
from functools import cache

import numpy as np
import pandas as pd
import shapely
import shapely.geometry

from rcnet_data.core import reference as ref

COUNTRY_TOLERANCE_DEG = 0.1  # about one pixel when all of Russia fills a 1920-pixel-wide screen


@cache
def display_regions() -> dict:
    """All 85 regions, simplified for drawing (0.3 MB)."""
    return json.loads((ref.REFERENCE_DIR / "regions_display.geojson").read_text(encoding="utf-8"))


@cache
def _country_shapes() -> tuple[list[str], np.ndarray]:
    features = display_regions()["features"]
    shapes = np.array([shapely.geometry.shape(f["geometry"]) for f in features])
    simplified = shapely.coverage_simplify(shapes, COUNTRY_TOLERANCE_DEG)
    return [f["properties"]["region_code"] for f in features], shapely.set_precision(
        simplified, 1e-4
    )  # no 15-digit noise sent


@cache
def country_regions() -> dict:
    """The 85 regions simplified for a map of the whole country (GeoJSON, region_code)."""
    codes, shapes = _country_shapes()
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"region_code": code}, "geometry": shapely.geometry.mapping(shape)}
            for code, shape in zip(codes, shapes, strict=True)
        ],
    }


@cache
def border_segments() -> pd.DataFrame:
    """Every region border once, as straight segments (source, target), and the coast.

    Drawn as a GeoJSON outline, each shared border would be drawn twice and every ring
    tessellated as a path with joints; plain segments are the cheapest thing deck.gl draws,
    which on a machine without a GPU saves about a second per map."""
    _, shapes = _country_shapes()
    return outline_segments(shapes)


def _rounded(xy: np.ndarray) -> np.ndarray:
    # Rounded to 4 decimals (11 m), not set_precision's grid: 45.1234, not 45.123400000000004, in JSON.
    return np.round(xy, 4)


def feature_collection(shapes, tolerance: float = 0.0) -> dict:
    """Shapes as a GeoJSON FeatureCollection, simplified to `tolerance` degrees, rounded to
    4 decimals (11 m: no 15-digit noise sent)."""
    simplified = shapely.transform(shapely.simplify(np.asarray(shapes, dtype=object), tolerance), _rounded)
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {}, "geometry": shapely.geometry.mapping(shape)}
            for shape in simplified
            if not shape.is_empty
        ],
    }


def outline_segments(shapes, tolerance: float = 0.0, within: tuple | None = None) -> pd.DataFrame:
    """The outlines of these shapes as straight segments (source, target), a border two of
    them share once, simplified to `tolerance` degrees, cut to the box `within`. deck.gl's
    LineLayer draws them with one cheap program; a stroked GeoJSON or a PathLayer needs the
    path program, which SwiftShader (WebGL on the CPU) takes about 2 s to build for each map."""
    lines = shapely.line_merge(shapely.union_all([shape.boundary for shape in shapes]))
    if tolerance:
        lines = shapely.simplify(lines, tolerance)
    if within is not None:  # (west, south, east, north): the parts of the lines inside it
        lines = shapely.line_merge(shapely.clip_by_rect(lines, *within))
    segments = [np.empty((0, 4))]
    for line in getattr(lines, "geoms", [lines]):
        if line.is_empty:
            continue
        xy = np.asarray(line.coords)[:, :2]
        segments.append(np.hstack([xy[:-1], xy[1:]]))
    table = _rounded(np.vstack(segments))
    return pd.DataFrame({"s": table[:, :2].tolist(), "t": table[:, 2:].tolist()})


@cache
def land_outline() -> dict:
    """The country as one shape (the regions merged): the land under the borders when there
    is no basemap, one polygon to fill instead of 85."""
    _, shapes = _country_shapes()
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {},
                "geometry": shapely.geometry.mapping(shapely.set_precision(shapely.union_all(shapes), 1e-4)),
            }
        ],
    }


# Albers equal-area with standard parallels for Russia: the shape atlases of Russia use.
RUSSIA_ALBERS = "+proj=aea +lat_1=52 +lat_2=64 +lat_0=0 +lon_0=100 +datum=WGS84 +units=m"


@cache
def _to_albers():
    from pyproj import Transformer

    return Transformer.from_crs("EPSG:4326", RUSSIA_ALBERS, always_xy=True)


def albers(lon, lat):
    """Points in the Albers metres the country's shapes are drawn in (`projected_rings`)."""
    return _to_albers().transform(lon, lat)


@cache
def projected_rings() -> tuple[dict[str, list[np.ndarray]], tuple[float, float, float, float]]:
    """Each region's outer rings in Albers metres (for drawing the country as shapes on a
    slide), largest region first so small ones are drawn over their neighbours; and the
    country's bounds (min x, min y, max x, max y)."""
    forward = _to_albers()
    codes, shapes = _country_shapes()
    order = np.argsort([-shape.area for shape in shapes])
    rings: dict[str, list[np.ndarray]] = {}
    for index in order:
        parts = []
        for polygon in getattr(shapes[index], "geoms", [shapes[index]]):
            if polygon.area < 0.02:  # islets under ~0.02 square degrees vanish at slide scale
                continue
            lon, lat = np.asarray(polygon.exterior.coords)[:, :2].T
            x, y = forward.transform(lon, lat)
            parts.append(np.column_stack([x, y]))
        if not parts:  # a region made only of small islands keeps its largest
            polygon = max(getattr(shapes[index], "geoms", [shapes[index]]), key=lambda p: p.area)
            lon, lat = np.asarray(polygon.exterior.coords)[:, :2].T
            parts.append(np.column_stack(forward.transform(lon, lat)))
        rings[codes[index]] = parts
    every = np.vstack([ring for parts in rings.values() for ring in parts])
    return rings, (*every.min(axis=0), *every.max(axis=0))


def rings_km(codes) -> tuple[list[int | None], list[int | None]]:
    """The regions' outer rings (`projected_rings`) as one line in whole kilometres, None
    between rings: one filled trace draws them all (a pixel is ~9 km at the country's scale)."""
    rings, _ = projected_rings()
    xs: list[int | None] = []
    ys: list[int | None] = []
    for code in codes:
        for ring in rings[code]:
            xs += [*np.round(ring[:, 0] / 1000).astype(int).tolist(), None]
            ys += [*np.round(ring[:, 1] / 1000).astype(int).tolist(), None]
    return xs, ys


@cache
def world_outline_lines() -> tuple[list[float | None], list[float | None]]:
    """Every country's outline as one long line in longitude and latitude (None between
    rings): one world, drawn once, as a plain chart draws it (no map tiles, no copies of the
    world side by side as a web map shows on a wide screen)."""
    world = json.loads((ref.REFERENCE_DIR / "world_countries.geojson").read_text(encoding="utf-8"))
    xs: list[float | None] = []
    ys: list[float | None] = []
    for feature in world["features"]:
        geometry = shapely.geometry.shape(feature["geometry"]).simplify(0.3)
        for polygon in getattr(geometry, "geoms", [geometry]):
            if polygon.is_empty:
                continue
            lon, lat = polygon.exterior.xy
            xs += [*lon, None]
            ys += [*lat, None]
    return xs, ys
