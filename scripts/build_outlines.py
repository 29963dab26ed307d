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


def iso2(numeric: str | None) -> str:
    country = pycountry.countries.get(numeric=numeric) if numeric else None
    return country.alpha_2 if country else ""


def main(package: Path) -> None:
    world = decode_topojson(json.loads((package / "countries-110m.json").read_text()), "countries")
    for feature in world:
        feature["properties"] = {"iso2": iso2(feature["id"]), "name": feature["properties"].get("name", "")}
        feature.pop("id", None)
    (REFERENCE / "world_countries.geojson").write_text(
        json.dumps({"type": "FeatureCollection", "features": world}, separators=(",", ":")), encoding="utf-8"
    )

    detailed = decode_topojson(json.loads((package / "countries-50m.json").read_text()), "countries")
    russia = make_valid(next(shape(f["geometry"]) for f in detailed if f["id"] == "643"))
    ukraine = make_valid(next(shape(f["geometry"]) for f in detailed if f["id"] == "804"))
    outline = unary_union([russia, ukraine.intersection(CRIMEA_BOX)]).simplify(0.02)
    feature = {"type": "Feature", "properties": {"iso2": "RU"}, "geometry": mapping(outline)}
    (REFERENCE / "russia_outline.geojson").write_text(
        json.dumps({"type": "FeatureCollection", "features": [feature]}, separators=(",", ":")), encoding="utf-8"
    )
    print(f"world_countries.geojson: {len(world)} countries; russia_outline.geojson written")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/package"))
