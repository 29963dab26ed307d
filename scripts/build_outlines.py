"""Build the offline map outlines in data/reference/ from Natural Earth (via world-atlas).

    cd /tmp && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python scripts/build_outlines.py /tmp/package

Writes:
- world_countries.geojson: every country at 1:110m, with its ISO alpha-2 code (for the
  foreign network's world map);
- russia_outline.geojson: Russia at 1:50m with the Crimean peninsula, because the library's
  85 regions include the Republic of Crimea and Sevastopol (for the domestic map).

Natural Earth is in the public domain; world-atlas (ISC) converts it to TopoJSON.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pycountry
from shapely.geometry import box, mapping, shape
from shapely.ops import unary_union
from shapely.validation import make_valid

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "data" / "reference"
# South of the Perekop isthmus: the peninsula, cut from Natural Earth's Ukraine polygon.
CRIMEA_BOX = box(32.4, 44.3, 36.7, 46.15)


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


def main(package: Path) -> None:
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

    detailed = decode_topojson(json.loads((package / "countries-50m.json").read_text()), "countries")
    # Chukotka crosses the antimeridian: every western longitude of Russia is carried past
    # 180° so the outline is one continuous shape on a Web Mercator map (deck.gl accepts it).
    russia_geometry = next(f["geometry"] for f in detailed if f["id"] == "643")
    russia = make_valid(shape(east_of_antimeridian(russia_geometry)))
    ukraine = make_valid(next(shape(f["geometry"]) for f in detailed if f["id"] == "804"))
    outline = unary_union([russia, ukraine.intersection(CRIMEA_BOX)]).simplify(0.02)
    feature = {"type": "Feature", "properties": {"iso2": "RU"}, "geometry": mapping(outline)}
    (REFERENCE / "russia_outline.geojson").write_text(
        json.dumps({"type": "FeatureCollection", "features": [feature]}, separators=(",", ":")), encoding="utf-8"
    )
    print(f"world_countries.geojson: {len(world)} countries; russia_outline.geojson written")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/package"))
