"""Town names on the region maps (page and report): none covers another name or a marker,
and a legend lists only what its map draws."""

from __future__ import annotations

import json
from datetime import date

import pytest

from rcnet_data.core import columns
from rcnet_data.presentation import labels, maps, report, views

AS_OF = date(2026, 11, 1)


def test_a_name_never_covers_another_name_or_a_marker():
    # Three towns in a row 20 px apart and a marker right above the middle one.
    points = [(100.0, 100.0, "Провидения"), (120.0, 100.0, "Лорино"), (140.0, 100.0, "Эгвекинот")]
    markers = [(120.0, 88.0, 8.0)]
    placed = labels.place_labels(points, markers, font_px=13, point_px=3)
    boxes = [labels.label_box(*points[k], position, 13, away - labels.GAP_PX) for k, (position, away) in placed.items()]
    assert placed, "at least the largest town is named"
    for i, box in enumerate(boxes):
        assert not any(box.overlaps(other) for other in boxes[i + 1 :])
        assert not box.overlaps(labels.marker_box(*markers[0]))
    assert placed.get(1, ("",))[0] != "top"  # Лорино's name cannot go up, onto the marker


def deck_labels(bundled, code: str):
    deck = views.region_map(bundled, code, 50, 10, AS_OF, "ru", False)
    spec = json.loads(deck.to_json())
    text_layer = next(layer for layer in spec["layers"] if layer["id"] == "town_labels")
    return deck, text_layer


@pytest.mark.parametrize("code", ["RU-CHU", "RU-PNZ", "RU-KYA"])
def test_region_map_names_overlap_nothing(bundled, code):
    """Chukotka's «Лорино» and «Провидения», Penza and Заречный, southern Krasnoyarsk: every
    name's box, at the map's zoom, is clear of the other names and of every marker drawn."""
    deck, layer = deck_labels(bundled, code)
    zoom = deck.initial_view_state.zoom
    rows = layer["data"]
    assert len(rows) >= 3
    x, y = maps.mercator_pixels([r["lat"] for r in rows], [r["lon"] for r in rows], zoom)
    boxes = [
        labels.label_box(px, py, r["text"], position, maps.LABEL_FONT_PX, max(map(abs, r["offset"])) - labels.GAP_PX)
        for px, py, r in zip(x, y, rows)
        for position in [next(p for p, v in maps.LABEL_PLACES.items() if v[0] == r["anchor"] and v[1] == r["baseline"])]
    ]
    for i, box in enumerate(boxes):
        assert not any(box.overlaps(other) for other in boxes[i + 1 :]), rows[i]["text"]
    markers = [
        layer for layer in json.loads(deck.to_json())["layers"] if layer["id"] in ("gaps", "plan", maps.POINTS_LAYER)
    ]
    for marker_layer in markers:
        data = marker_layer["data"]
        mx, my = maps.mercator_pixels([d["lat"] for d in data], [d["lon"] for d in data], zoom)
        for cx, cy in zip(mx, my):
            marker = labels.marker_box(cx, cy, 5)
            # A name beside its own town's marker is outside it by construction; others must not touch it.
            # The capital (the first name) is named even inside a cluster of centers.
            clear = [box for box, px, py in list(zip(boxes, x, y))[1:] if abs(px - cx) > 1.5 or abs(py - cy) > 1.5]
            assert not any(box.overlaps(marker) for box in clear), marker_layer["id"]


def test_the_penza_report_names_penza_and_zarechny_apart(bundled):
    """In the report's map (the region at its true proportions on MAP_PX), no two names'
    boxes overlap: Заречный, 8 km from Penza, is named elsewhere or not at all."""
    import math

    from rcnet_data.core import boundaries

    made = report.region_report(bundled, "RU-PNZ", AS_OF, "ru")
    figure = report.region_map_figure(made)
    (names_trace,) = [trace for trace in figure.data if trace.mode == "text"]
    assert "Пенза" in names_trace.text
    west, south, east, north = boundaries.region_shapes()["RU-PNZ"].bounds
    ratio = 1 / math.cos(math.radians((south + north) / 2))
    width, height = report.MAP_PX[0] - 20, report.MAP_PX[1] - 70
    scale = min(width / (east - west), height / ((north - south) * ratio))
    where = {"top center": "top", "bottom center": "bottom", "middle right": "right", "middle left": "left"}
    boxes = [
        labels.label_box(lon * scale, -lat * scale * ratio, text, where[position], report.REPORT_LABEL_PX, 2)
        for lon, lat, text, position in zip(names_trace.x, names_trace.y, names_trace.text, names_trace.textposition)
    ]
    for i, box in enumerate(boxes):
        assert not any(box.overlaps(other) for other in boxes[i + 1 :]), names_trace.text[i]


def test_a_legend_lists_only_what_its_map_draws(bundled):
    centers = views.open_domestic(bundled, AS_OF, "", "RU-PNZ")
    items = [label for label, _, _ in maps.legend_items("ru", "points", 50, centers, gaps=0, sites=3)]
    kinds = set(centers[columns.KIND])
    assert ("Филиал" in " ".join(items)) == (columns.KIND_BRANCH in kinds)
    assert not any("дальше" in label.lower() for label in items)  # no far towns drawn, none in the legend
    everything = [label for label, _, _ in maps.legend_items("ru", "points", 50)]
    assert len(everything) > len(items)
