"""pydeck decks: no basemap request, colours by kind, density beyond the point limit."""

import json

import shapely
import shapely.geometry

from rcnet_data.core import analytics, columns
from rcnet_data.presentation import geometry, maps


def deck_json(deck):
    return json.loads(deck.to_json())


def test_points_deck_is_offline_and_coloured_by_kind(bundled):
    domestic = analytics.filter_centers(bundled.centers, columns.DOMESTIC)
    deck = maps.centers_deck(domestic, "ru")
    assert deck.map_provider is None  # no basemap, so no style or tile request
    spec = deck_json(deck)
    assert "mapProvider" not in spec
    layer = next(layer for layer in spec["layers"] if layer["id"] == maps.POINTS_LAYER)
    assert len(layer["data"]) == len(domestic)
    assert layer["radiusUnits"] == "pixels"
    colours = {tuple(row["colour"]) for row in layer["data"]}
    assert len(colours) == 3  # branch, regional center, remote access center
    assert any("Тюмень ·" in row["tooltip"] for row in layer["data"])
    # Each pickable layer brings its own tooltip text: the template never names a field it lacks.
    assert deck._tooltip["html"] == "{tooltip}"
    assert all("{" not in row["tooltip"] for row in layer["data"])


def test_density_view_sends_cells_not_rows(bundled):
    domestic = analytics.filter_centers(bundled.centers, columns.DOMESTIC)
    spec = deck_json(maps.centers_deck(domestic, "en", view="density"))
    layer = next(layer for layer in spec["layers"] if layer["id"] == maps.DENSITY_LAYER)
    assert layer["@@type"] == "PolygonLayer"  # hexagons, not the points of the centers view
    assert len(layer["data"]) < len(domestic) / 2
    assert sum(cell["centers"] for cell in layer["data"]) == len(domestic)
    assert all(len(cell["polygon"]) == 6 for cell in layer["data"])
    assert layer["data"][0]["tooltip"].startswith("Centers: ")
    # Its legend names the classes of hexagons, not the kinds of center.
    legend = maps.legend_items("en", "density", centers=domestic)
    assert legend[-1][0].startswith("≥ ") and all(shape == "square" for _, _, shape in legend)


def test_hexagons_have_equal_area_and_hold_every_point():
    import pandas as pd

    centers = pd.DataFrame({columns.LAT: [55.75, 55.76, 59.93, 43.1], columns.LON: [37.61, 37.62, 30.31, 131.9]})
    cells = maps.hexagons(centers, 60)
    assert cells["centers"].sum() == 4 and len(cells) == 3  # the two Moscow points share a cell


def test_chukotka_is_drawn_east_of_180(bundled):
    lon = maps.east_of_antimeridian(bundled.centers[columns.LON].dropna())
    assert (lon > -100).all()
    chukotka = next(f for f in geometry.display_regions()["features"] if f["properties"]["region_code"] == "RU-CHU")
    longitudes = [xy[0] for polygon in chukotka["geometry"]["coordinates"] for ring in polygon for xy in ring]
    assert 180 < max(longitudes) < 195 and min(longitudes) > 150


def test_every_domestic_map_draws_the_region_borders(bundled):
    """Each region's whole outline is among the border segments drawn, on both views."""
    domestic = analytics.filter_centers(bundled.centers, columns.DOMESTIC)
    for view in ("points", "density"):
        layers = deck_json(maps.centers_deck(domestic, "ru", view))["layers"]
        regions = next(layer for layer in layers if layer["id"] == "regions")
        ends = {tuple(point) for row in regions["data"] for point in (row["s"], row["t"])}
        for feature in geometry.country_regions()["features"]:
            outline = shapely.get_coordinates(shapely.geometry.shape(feature["geometry"]).boundary)
            missing = [xy for xy in map(tuple, outline.tolist()) if xy not in ends]
            assert not missing, (feature["properties"]["region_code"], missing[:3])
        assert any(layer["id"] == "land" for layer in layers)  # the land under the borders, offline


def test_markup_in_registry_text_is_escaped_in_tooltips(bundled):
    centers = analytics.filter_centers(bundled.centers, columns.DOMESTIC).head(2).copy()
    centers[columns.NAME] = ['<img src=x onerror="alert(1)">', "Plain & simple"]
    layers = deck_json(maps.centers_deck(centers, "en"))["layers"]
    data = next(layer for layer in layers if layer["id"] == maps.POINTS_LAYER)["data"]
    assert "<b>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</b>" in data[0]["tooltip"]
    assert "<b>Plain &amp; simple</b>" in data[1]["tooltip"]


def test_online_basemap_only_on_request(bundled):
    domestic = analytics.filter_centers(bundled.centers, columns.DOMESTIC).head(5)
    assert maps.centers_deck(domestic, "en").map_provider is None
    online = maps.centers_deck(domestic, "en", online_basemap=True)
    assert online.map_provider == "carto"
    assert [layer.id for layer in online.layers][:1] == ["regions"]  # no land fill hides the basemap


def test_too_many_points_are_sent_as_hexagons(bundled):
    """Past MAX_POINTS a points map is drawn as density: the browser gets hexagons, not tens
    of thousands of rows, and the legend says what the colours mean."""
    import pandas as pd

    from rcnet_data.presentation.views import FrozenDeck

    domestic = bundled.centers[bundled.centers["network"] == "domestic"].dropna(subset=["lat", "lon"])
    many = pd.concat([domestic] * (maps.MAX_POINTS // len(domestic) + 2), ignore_index=True)
    assert len(many) > maps.MAX_POINTS
    deck = maps.centers_deck(many, "ru", "points")
    layers = {layer.id for layer in deck.layers}
    assert maps.DENSITY_LAYER in layers and maps.POINTS_LAYER not in layers
    assert len(FrozenDeck(deck).to_json()) < 2_000_000
    assert maps.legend_items("ru", "points", centers=many) == maps.density_layer(many, "ru", maps.HEX_KM["country"])[1]
    few = maps.centers_deck(domestic, "ru", "points")
    assert maps.POINTS_LAYER in {layer.id for layer in few.layers}


def test_the_region_map_draws_its_lines_without_the_path_program(bundled):
    """Outlines and the scale bar are plain segments and fills have no stroke: deck.gl's path
    program (a PathLayer, a stroked GeoJSON) costs about 2 s of CPU per map where WebGL runs
    without a GPU. The outline is the region's own boundary, a quarter pixel at most away."""
    from datetime import date

    from rcnet_data.core import boundaries
    from rcnet_data.presentation import views

    deck = views.region_map(bundled, "RU-PNZ", 100, 10, date(2024, 5, 16), "ru", False)
    spec = json.loads(deck.to_json() if hasattr(deck, "to_json") else deck.json)
    kinds = {layer["id"]: layer["@@type"] for layer in spec["layers"]}
    assert "PathLayer" not in kinds.values()
    assert not any(
        layer.get("stroked") for layer in spec["layers"] if layer["@@type"] in ("GeoJsonLayer", "PolygonLayer")
    )
    assert kinds["region"] == kinds["neighbours"] == kinds["scale_bar"] == "LineLayer"
    region = next(layer for layer in spec["layers"] if layer["id"] == "region")
    drawn = shapely.MultiLineString([[row["s"], row["t"]] for row in region["data"]])
    boundary = boundaries.region_shapes()["RU-PNZ"].boundary
    assert len(region["data"]) > 100
    assert boundary.hausdorff_distance(drawn) < maps.simplify_tolerance(spec["initialViewState"]["zoom"], 55, 1.0)
