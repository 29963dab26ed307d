"""Region boundaries (data/reference/regions.geojson): all 85, valid, in the right place, small,
and the point-in-region checks built on them."""

from __future__ import annotations

import json

import pandas as pd
import pytest
import shapely
import shapely.ops
from pyproj import Geod
from shapely.geometry import Point, shape

from rcnet_data.core import boundaries
from rcnet_data.core import reference as ref

GEOD = Geod(ellps="WGS84")


@pytest.fixture(scope="module")
def features() -> dict:
    data = json.loads(boundaries.REGIONS_FILE.read_text(encoding="utf-8"))
    return {f["properties"]["region_code"]: f for f in data["features"]}


def test_all_85_regions_and_no_other_code_with_valid_polygons(features):
    assert set(features) == set(ref.regions().index) and len(features) == 85
    for code, feature in features.items():
        geometry = shape(feature["geometry"])
        assert geometry.geom_type in ("Polygon", "MultiPolygon") and geometry.is_valid and geometry.area > 0, code
        assert feature["properties"]["name_ru"] == ref.regions().loc[code, "name_ru"]


def test_neighbours_share_their_borders(features):
    """Simplified as one coverage: no gaps or overlaps between neighbours."""
    geometries = [shape(f["geometry"]) for f in features.values()]
    assert shapely.coverage_is_valid(geometries)
    penza, saratov = shape(features["RU-PNZ"]["geometry"]), shape(features["RU-SAR"]["geometry"])
    assert penza.intersection(saratov).length > 1  # a shared edge, not a touching point


def test_each_administrative_centre_lies_in_its_own_region():
    regions = ref.regions()
    located = boundaries.locate(regions["capital_lat"], regions["capital_lon"])
    assert dict(zip(regions.index, located)) == {code: code for code in regions.index}


def test_moscow_city_and_oblast_are_not_swapped():
    """Natural Earth files the two Moscow polygons under each other's code; the build repairs it."""
    assert list(boundaries.locate([55.752, 55.819], [37.618, 37.330])) == ["RU-MOW", "RU-MOS"]  # Kremlin, Krasnogorsk


def test_crimea_and_sevastopol_are_regions_of_their_own():
    assert list(boundaries.locate([44.952, 44.600], [34.102, 33.526])) == ["RU-CR", "RU-SEV"]  # Simferopol, Sevastopol


def test_chukotka_is_one_shape_across_the_antimeridian(features):
    chukotka = shape(features["RU-CHU"]["geometry"])
    west, _, east = chukotka.bounds[:3]
    assert west > 150 and 185 < east < 195  # drawn east of 180°, not split at ±180
    assert boundaries.locate([64.73, 66.0], [177.51, -172.0]).tolist() == ["RU-CHU", "RU-CHU"]  # Anadyr; east of 180°


def test_every_known_center_lies_in_its_stated_region():
    """Each published center at its town, inside its region or within 5 km of it."""
    facts = ref.read_fact("known_centers.csv")
    domestic = facts[facts["network"] == "domestic"]
    rows = []
    for fact in domestic.itertuples():
        code = ref.region_code(fact.region)
        lat, lon = ref.geocode_town(code, fact.place_ru or fact.city_ru)
        rows.append((code, lat, lon))
    frame = pd.DataFrame(rows, columns=["code", "lat", "lon"])
    checked = boundaries.check_points(frame["lat"], frame["lon"], frame["code"])
    assert (checked["outside_km"] <= 5).all(), frame[checked["outside_km"] > 5]


def test_distance_outside_a_region_is_true_on_the_ground():
    """A point due east of Penza Oblast's easternmost edge: the distance matches the geodesic one within 1 %."""
    penza = boundaries.region_shapes()["RU-PNZ"]
    east = (
        max(penza.exterior.coords, key=lambda xy: xy[0])
        if penza.geom_type == "Polygon"
        else max((xy for part in penza.geoms for xy in part.exterior.coords), key=lambda xy: xy[0])
    )
    for offset in (0.05, 1.0, 4.0):  # near (measured on the ellipsoid) and far (projected)
        lon, lat = east[0] + offset, east[1]
        measured = boundaries.distance_outside_km("RU-PNZ", lat, lon)
        nearest = shapely.ops.nearest_points(penza, Point(lon, lat))[0]
        _, _, metres = GEOD.inv(lon, lat, nearest.x, nearest.y)
        assert measured == pytest.approx(metres / 1000, rel=0.01), offset
    assert boundaries.distance_outside_km("RU-PNZ", 53.195, 45.018) == 0.0  # Penza itself


def test_the_file_stays_small():
    assert boundaries.REGIONS_FILE.stat().st_size < 1_500_000
