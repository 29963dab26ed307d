"""pydeck decks: no basemap request, colours by kind, density beyond the point limit."""

import json

from rcnet_data.core import analytics as A
from rcnet_data.core import columns as C
from rcnet_data.presentation import maps


def deck_json(deck):
    return json.loads(deck.to_json())


def test_points_deck_is_offline_and_coloured_by_kind(bundled):
    domestic = A.filter_centers(bundled.centers, C.DOMESTIC)
    deck = maps.centers_deck(domestic, "ru")
    assert deck.map_provider is None  # no basemap, so no style or tile request
    spec = deck_json(deck)
    assert "mapProvider" not in spec
    layer = next(layer for layer in spec["layers"] if layer["id"] == maps.POINTS_LAYER)
    assert len(layer["data"]) == len(domestic)
    assert layer["radiusUnits"] == "pixels"
    colours = {tuple(row["colour"]) for row in layer["data"]}
    assert len(colours) == 3  # branch, regional center, remote access center
    assert any(row["town"] == "Тюмень" for row in layer["data"])


def test_density_view_sends_cells_not_rows(bundled):
    domestic = A.filter_centers(bundled.centers, C.DOMESTIC)
    spec = deck_json(maps.centers_deck(domestic, "en", view="density"))
    layer = next(layer for layer in spec["layers"] if layer["id"] == maps.DENSITY_LAYER)
    assert len(layer["data"]) < len(domestic) / 2
    assert sum(cell["centers"] for cell in layer["data"]) == len(domestic)


def test_chukotka_is_drawn_east_of_180(bundled):
    lon = maps.east_of_antimeridian(bundled.centers[C.LON].dropna())
    assert (lon > -100).all()
    outline = maps.russia_outline()["features"][0]["geometry"]
    assert outline["type"] == "MultiPolygon"


def test_markup_in_registry_text_is_escaped_in_tooltips(bundled):
    centers = A.filter_centers(bundled.centers, C.DOMESTIC).head(2).copy()
    centers[C.NAME] = ['<img src=x onerror="alert(1)">', "Plain & simple"]
    data = deck_json(maps.centers_deck(centers, "en"))["layers"][1]["data"]
    assert data[0]["name"] == "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"
    assert data[1]["name"] == "Plain &amp; simple"


def test_online_basemap_only_on_request(bundled):
    domestic = A.filter_centers(bundled.centers, C.DOMESTIC).head(5)
    assert maps.centers_deck(domestic, "en").map_provider is None
    online = maps.centers_deck(domestic, "en", online_basemap=True)
    assert online.map_provider == "carto"
    assert online.layers[0].filled is False  # the outline no longer hides the basemap
