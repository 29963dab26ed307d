"""pydeck decks for the domestic network and a region: points coloured by kind, a density
view of hexagons counted on the server, and the regions' borders from a local file under
every map.

`map_provider=None` means no basemap and no request (a Carto style would be fetched
otherwise, even with map_style=None); the borders keep the map readable offline.

Every pickable layer carries its own `tooltip` column, so a tooltip shows only its layer's
fields: deck.gl fills one template for all layers and would print the names of fields a
layer does not have.
"""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import pydeck as pdk
import shapely
import shapely.geometry
from pyproj import Transformer

from rcnet_data.core import boundaries, columns
from rcnet_data.core import reference as ref
from rcnet_data.presentation import geometry, i18n, style
from rcnet_data.presentation.classes import class_breaks
from rcnet_data.presentation.i18n import t

# Above this many points the deck switches to server-side hexagons. Each point costs about
# 370 bytes on the websocket (position, colour, its tooltip): 4,000 points and the page's
# other content stay under 2 MB per page (the benchmark's budget); beyond, the browser gets
# a few hundred hexagons instead of tens of thousands of rows.
MAX_POINTS = 4_000
POINTS_LAYER = "centers"
DENSITY_LAYER = "density"
RUSSIA_BOX = (26.0, 41.0, 190.0, 78.0)  # west, south, east, north: the country without its northernmost islands
# The size (px) a map is fitted to: on a wide screen, and on a phone held upright (390 px
# wide less the page's margins), where the whole country or region must still be in view.
MAP_SIZE = {False: (900, 560), True: (350, 440)}
# The region map's markers (px): far towns, suggested sites (rings), the center a search found.
GAP_RADIUS_PX, PLAN_RADIUS_PX, HIGHLIGHT_RADIUS_PX = 6, 9, 14
REGION_MAP_SIZE = {False: (720, 520), True: (350, 440)}  # the region page's map is narrower
TOOLTIP = {"html": "{tooltip}", "style": {"fontSize": "13px", "maxWidth": "360px"}}
# Hexagons are binned in an equal-area projection centred on Russia, so each holds the same area.
EQUAL_AREA = "+proj=laea +lat_0=60 +lon_0=100 +datum=WGS84 +units=m +no_defs"
HEX_KM = {"country": 60.0, "region": 15.0}


BORDER_COLOUR = [150, 156, 166, 255]
LAND_COLOUR = [241, 244, 248, 255]


def segment_layer(layer_id: str, segments: pd.DataFrame, colour: list[int], width_px: float) -> pdk.Layer:
    """Straight segments (columns s and t, as geometry.outline_segments makes them) drawn
    `width_px` wide: every line rcnet draws on a deck (borders, outlines, the scale bar)."""
    return pdk.Layer(
        "LineLayer",
        segments,
        id=layer_id,
        get_source_position="s",
        get_target_position="t",
        get_color=colour,
        get_width=width_px,
        width_units="'pixels'",
    )


def regions_layers(filled: bool = True) -> list[pdk.Layer]:
    """Region borders under a map of the country: every border, thin and grey, over the
    land in a pale fill (left out under an online basemap, which draws its own)."""
    borders = segment_layer("regions", geometry.border_segments(), BORDER_COLOUR, 1)
    if not filled:
        return [borders]
    land = pdk.Layer(
        "GeoJsonLayer", geometry.land_outline(), id="land", stroked=False, filled=True, get_fill_color=LAND_COLOUR
    )
    return [land, borders]


def east_of_antimeridian(lon: pd.Series | np.ndarray) -> pd.Series | np.ndarray:
    """Chukotka's easternmost towns (lon < -100) drawn east of 180°, where the outline puts them."""
    return (
        np.where(np.asarray(lon) > -100, lon, np.asarray(lon) + 360)
        if not isinstance(lon, pd.Series)
        else lon.where(lon > -100, lon + 360)
    )


def center_tooltip(name: str, host: str, town: str, kind: str, opened: str, lang: str) -> str:
    """A center's tooltip; registry text is escaped, so markup in a name is shown, never run."""
    parts = [f"<b>{html.escape(name)}</b>"]
    if host and host not in name:
        parts.append(html.escape(host))
    parts.append(f"{html.escape(town)} · {kind}")
    parts.append(f"{t('opened_on', lang)}: {opened}")
    return "<br/>".join(parts)


def point_records(centers: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The few columns the browser needs per center: position, colour, size, tooltip and region."""
    located = centers.dropna(subset=[columns.LAT, columns.LON])
    colours = {kind: style.hex_to_rgb(colour, 220) for kind, colour in style.KIND_COLOURS.items()}
    # Thousands of centers share a few hundred towns and opening days: each is put into
    # words once, then looked up per row.
    places = located[columns.REGION_CODE].fillna("").str.cat(located[columns.CITY].fillna(""), sep="\x1f")
    towns = places.map({p: i18n.town_name(*p.split("\x1f", 1), lang) for p in places.unique()})
    opened = located[columns.OPENED_ON].map({d: i18n.fmt_date(d, lang) for d in located[columns.OPENED_ON].unique()})
    kinds = located[columns.KIND].map({k: t(k, lang) for k in located[columns.KIND].unique()})
    return pd.DataFrame(
        {
            "lat": located[columns.LAT].round(4),
            "lon": east_of_antimeridian(located[columns.LON]).round(4),
            "colour": located[columns.KIND].map(colours),
            "radius": np.where(located[columns.KIND] == columns.KIND_RAC, 4, 7),
            "tooltip": [
                center_tooltip(name, host, town, kind, day, lang)
                for name, host, town, kind, day in zip(
                    located[columns.NAME], located[columns.HOST], towns, kinds, opened
                )
            ],
            "region_code": located[columns.REGION_CODE].fillna(""),
        }
    )


def hexagons(centers: pd.DataFrame, size_km: float) -> pd.DataFrame:
    """Centers counted in hexagons of `size_km` across (flat to flat), binned in an
    equal-area projection: one polygon and one count per non-empty hexagon."""
    located = centers.dropna(subset=[columns.LAT, columns.LON])
    if located.empty:
        return pd.DataFrame(columns=["polygon", "centers", "lat", "lon"])
    forward = Transformer.from_crs("EPSG:4326", EQUAL_AREA, always_xy=True)
    inverse = Transformer.from_crs(EQUAL_AREA, "EPSG:4326", always_xy=True)
    x, y = forward.transform(located[columns.LON].to_numpy(), located[columns.LAT].to_numpy())
    radius = size_km * 1000 / np.sqrt(3)  # centre to corner
    # Axial coordinates of pointy-top hexagons, rounded to the nearest cell (cube rounding).
    q = (np.sqrt(3) / 3 * x - y / 3) / radius
    r = (2 / 3 * y) / radius
    cube = np.stack([q, r, -q - r], axis=1)
    rounded = np.round(cube)
    diff = np.abs(rounded - cube)
    fix_q = (diff[:, 0] > diff[:, 1]) & (diff[:, 0] > diff[:, 2])
    fix_r = ~fix_q & (diff[:, 1] > diff[:, 2])
    rounded[fix_q, 0] = -rounded[fix_q, 1] - rounded[fix_q, 2]
    rounded[fix_r, 1] = -rounded[fix_r, 0] - rounded[fix_r, 2]
    cells = pd.DataFrame({"q": rounded[:, 0].astype(int), "r": rounded[:, 1].astype(int)})
    counts = cells.value_counts().rename("centers").reset_index()
    centre_x = radius * np.sqrt(3) * (counts["q"] + counts["r"] / 2)
    centre_y = radius * 1.5 * counts["r"]
    angles = np.radians(60 * np.arange(6) + 30)
    corners_x = centre_x.to_numpy()[:, None] + radius * np.cos(angles)[None, :]
    corners_y = centre_y.to_numpy()[:, None] + radius * np.sin(angles)[None, :]
    lon, lat = inverse.transform(corners_x.ravel(), corners_y.ravel())
    lon = east_of_antimeridian(np.asarray(lon)).reshape(-1, 6).round(4)
    lat = np.asarray(lat).reshape(-1, 6).round(4)
    centre_lon, centre_lat = inverse.transform(centre_x.to_numpy(), centre_y.to_numpy())
    return pd.DataFrame(
        {
            "polygon": [np.stack([lo, la], axis=1).tolist() for lo, la in zip(lon, lat)],
            "centers": counts["centers"].to_numpy(),
            "lat": np.round(centre_lat, 4),
            "lon": np.round(east_of_antimeridian(np.asarray(centre_lon)), 4),
        }
    )


def density_layer(centers: pd.DataFrame, lang: str, size_km: float) -> tuple[pdk.Layer, list[tuple[str, str, str]]]:
    """Hexagons coloured by class of the number of centers in each, and their legend."""
    cells = hexagons(centers, size_km)
    classes = class_breaks(cells["centers"], integer=True) if len(cells) else class_breaks(pd.Series([1]))
    index = classes.index(cells["centers"])
    colours = [style.hex_to_rgb(colour, 210) for colour in classes.colours]
    cells["colour"] = [colours[k] for k in index]
    cells["tooltip"] = [f"{t('centers', lang)}: {i18n.fmt_int(n, lang)}" for n in cells["centers"]]
    layer = pdk.Layer(
        "PolygonLayer",
        cells[["polygon", "colour", "tooltip", "centers"]],
        id=DENSITY_LAYER,
        get_polygon="polygon",
        get_fill_color="colour",
        get_line_color=[255, 255, 255, 180],
        line_width_min_pixels=0.5,
        stroked=True,
        pickable=True,
    )
    items = [
        (f"{label} {t('centers', lang).lower()}", colour, "square")
        for label, colour in zip(classes.labels(lang), classes.colours)
    ]
    return layer, items


def basemap_settings(online: bool) -> dict:
    """No basemap (and no request) by default; on request, Carto's light vector style, which
    needs the internet: when it cannot be reached the layers and the outline still draw."""
    return {"map_provider": "carto", "map_style": "light"} if online else {"map_provider": None}


def drawn_view(view: str, points: int) -> str:
    """The view a map of `points` centers is drawn in: density when asked for, or when there
    are more points than a browser should be sent (MAX_POINTS)."""
    return "density" if view == "density" or points > MAX_POINTS else "points"


def centers_deck(
    centers: pd.DataFrame,
    lang: str,
    view: str = "points",
    focus: str | None = None,
    online_basemap: bool = False,
    phone: bool = False,
) -> pdk.Deck:
    """Domestic centers as points (colour by kind) or as hexagons; `focus` zooms to a region."""
    layers = regions_layers(filled=not online_basemap)
    if drawn_view(view, len(centers)) == "density":
        layers.append(density_layer(centers, lang, HEX_KM["region" if focus else "country"])[0])
    else:
        # radius_units is a quoted literal: pydeck reads bare strings as JavaScript expressions.
        layers.append(
            pdk.Layer(
                "ScatterplotLayer",
                point_records(centers, lang),
                id=POINTS_LAYER,
                get_position=["lon", "lat"],
                get_fill_color="colour",
                get_radius="radius",
                radius_units="'pixels'",
                pickable=True,
                stroked=True,
                get_line_color=[255, 255, 255, 255],
                line_width_min_pixels=0.5,
            )
        )
    # No face culling (deck.gl's "cull" parameter): it hides text layers.
    return pdk.Deck(
        layers=layers,
        initial_view_state=region_view(focus, phone),
        tooltip=TOOLTIP,
        **basemap_settings(online_basemap),
    )


def region_deck(
    centers: pd.DataFrame,
    code: str,
    gap_towns: pd.DataFrame,
    lang: str,
    online_basemap: bool = False,
    plan: pd.DataFrame | None = None,
    highlight: str | None = None,
    phone: bool = False,
) -> pdk.Deck:
    """A region on its own: its outline strong and its neighbours faint, fitted to its
    bounds; its centers over its towns (grey), the largest towns named, the towns far from
    any center in vermillion, suggested new sites in blue, and a scale bar."""
    west, south, east, north = region_bounds(code, centers)
    width_px, height_px = REGION_MAP_SIZE[phone]
    view = fitted_view(west, south, east, north, width_px, height_px)
    neighbours = [
        f
        for f in boundaries.region_geojson()["features"]
        if f["properties"]["region_code"] != code
        and shapely.intersects(
            boundaries.region_shapes()[f["properties"]["region_code"]],
            shapely.box(west - 3, south - 2, east + 3, north + 2),
        )
    ]
    own = [f for f in boundaries.region_geojson()["features"] if f["properties"]["region_code"] == code]
    # Filled shapes without strokes and the outlines as plain segments: no path program
    # (geometry.outline_segments). A basemap online draws its own land: no fill then. Both
    # simplified to a quarter of a pixel of the fitted view: the same picture, less data (a
    # pixel off only at four times the zoom).
    tolerance = simplify_tolerance(view.zoom, max(abs(north), abs(south)) + 2, pixels=0.25)
    faint = 4 * tolerance  # the neighbours' outlines are context: a pixel off
    # ... and only near the region: the map opens on it, and its segments are most of the data.
    width, height = east - west, north - south
    near = (west - width, south - height, east + width, north + height)
    shapes = {
        name: [boundaries.region_shapes()[f["properties"]["region_code"]] for f in features]
        for name, features in (("neighbours", neighbours), ("region", own))
    }
    layers = [
        pdk.Layer(
            "GeoJsonLayer",
            geometry.feature_collection(shapes[name], simplified),
            id=f"{name}_fill",
            stroked=False,
            filled=True,
            get_fill_color=fill,
        )
        for name, simplified, fill in (("neighbours", faint, [246, 247, 249, 255]), ("region", tolerance, [255] * 4))
        if not online_basemap
    ]
    layers += [
        segment_layer(name, geometry.outline_segments(shapes[name], simplified, within), colour, line_px)
        for name, simplified, within, colour, line_px in (
            ("neighbours", faint, near, [190, 194, 200, 255], 0.7),
            ("region", tolerance, None, style.hex_to_rgb(style.INK, 255), 2.5),
        )
    ]
    towns = ref.towns()
    towns = towns[towns["region_code"] == code]
    layers.append(
        pdk.Layer(
            "ScatterplotLayer",
            pd.DataFrame({"lat": towns["lat"], "lon": east_of_antimeridian(towns["lon"])}),
            id="towns",
            get_position=["lon", "lat"],
            get_radius=2,
            radius_units="'pixels'",
            get_fill_color=[150, 150, 150, 140],
        )
    )
    km = t("km", lang)
    far = pd.DataFrame(
        {
            "lat": gap_towns["lat"],
            "lon": east_of_antimeridian(gap_towns["lon"]),
            "tooltip": [
                f"<b>{html.escape(i18n.town_name(code, n, lang))}</b><br/>"
                f"{t('distance_km', lang)}: {i18n.fmt_int(d, lang)} {km}"
                for n, d in zip(gap_towns["name_en"], gap_towns["distance_km"])
            ],
        }
    )
    layers.append(
        pdk.Layer(
            "ScatterplotLayer",
            far,
            id="gaps",
            get_position=["lon", "lat"],
            get_radius=GAP_RADIUS_PX,
            radius_units="'pixels'",
            get_fill_color=style.hex_to_rgb(style.GAP_COLOUR, 230),
            pickable=True,
            stroked=True,
            get_line_color=[255, 255, 255, 255],
            line_width_min_pixels=1,
        )
    )
    points = point_records(centers, lang)
    layers.append(
        pdk.Layer(
            "ScatterplotLayer",
            points,
            id=POINTS_LAYER,
            get_position=["lon", "lat"],
            get_fill_color="colour",
            get_radius="radius",
            radius_units="'pixels'",
            pickable=True,
            stroked=True,
            get_line_color=[255, 255, 255, 255],
            line_width_min_pixels=0.5,
        )
    )
    if plan is not None and len(plan):
        sites = pd.DataFrame(
            {
                "lat": plan["lat"],
                "lon": east_of_antimeridian(plan["lon"]),
                "tooltip": [
                    f"<b>№ {r} · {html.escape(i18n.town_name(code, n, lang))}</b><br/>"
                    f"{t('plan_gained', lang)}: {i18n.fmt_int(g, lang)}"
                    for r, n, g in zip(plan["rank"], plan["name_en"], plan["gained"])
                ],
            }
        )
        # A ring, so a far-off town it would serve stays visible inside it.
        layers.append(
            pdk.Layer(
                "ScatterplotLayer",
                sites,
                id="plan",
                get_position=["lon", "lat"],
                get_radius=PLAN_RADIUS_PX,
                radius_units="'pixels'",
                filled=False,
                stroked=True,
                pickable=True,
                get_line_color=style.hex_to_rgb(style.PLAN_COLOUR, 255),
                line_width_min_pixels=3,
            )
        )
    chosen = (
        centers[centers[columns.CENTER_ID] == highlight].dropna(subset=[columns.LAT, columns.LON])
        if highlight
        else centers.iloc[:0]
    )
    if len(chosen):  # the center a search opened the page for: a wide dark ring around it
        ring = pd.DataFrame({"lat": chosen[columns.LAT], "lon": east_of_antimeridian(chosen[columns.LON])})
        layers.append(
            pdk.Layer(
                "ScatterplotLayer",
                ring,
                id="highlight",
                get_position=["lon", "lat"],
                get_radius=HIGHLIGHT_RADIUS_PX,
                radius_units="'pixels'",
                filled=False,
                stroked=True,
                get_line_color=style.hex_to_rgb(style.INK, 255),
                line_width_min_pixels=3,
            )
        )
    # What a name must not cover: the centers, the far towns, the suggested sites, the ring.
    markers = pd.concat(
        [
            points[["lat", "lon"]].assign(radius=points["radius"].astype(float) + 1),
            # Each marker with its outline: the far towns' 1-px line, the rings' 3-px ones (less a pixel).
            far[["lat", "lon"]].assign(radius=GAP_RADIUS_PX + 1.0),
            *([sites[["lat", "lon"]].assign(radius=PLAN_RADIUS_PX + 2.0)] if plan is not None and len(plan) else []),
            *([ring.assign(radius=HIGHLIGHT_RADIUS_PX + 2.0)] if len(chosen) else []),
        ],
        ignore_index=True,
    )
    layers += town_labels(towns, code, lang, view.zoom, markers, view, (width_px, height_px))
    layers += scale_bar(west, south, east, north, lang)
    return pdk.Deck(layers=layers, initial_view_state=view, tooltip=TOOLTIP, **basemap_settings(online_basemap))


LABELLED_TOWNS = 8
LABEL_FONT_PX = 13
TEXT_FONT = "Arial, Helvetica, sans-serif"
# A name placed beside its point: deck.gl's anchor, baseline and offset direction.
LABEL_PLACES = {
    "top": ("middle", "bottom", (0, -1)),
    "bottom": ("middle", "top", (0, 1)),
    "right": ("start", "center", (1, 0)),
    "left": ("end", "center", (-1, 0)),
}
TOWN_DOT_PX = 3


def mercator_pixels(lat, lon, zoom: float) -> tuple[np.ndarray, np.ndarray]:
    """Screen pixels (x right, y down) of points on deck.gl's Web Mercator map at a zoom."""
    scale = 512 * 2**zoom / 360  # pixels per degree of longitude
    x = np.asarray(east_of_antimeridian(np.asarray(lon, dtype=float)), dtype=float) * scale
    y = -np.log(np.tan(np.pi / 4 + np.radians(np.asarray(lat, dtype=float)) / 2)) * scale * 180 / np.pi
    return x, y


def town_labels(
    towns: pd.DataFrame,
    code: str,
    lang: str,
    zoom: float,
    markers: pd.DataFrame | None = None,
    view: pdk.ViewState | None = None,
    size_px: tuple[int, int] | None = None,
) -> list[pdk.Layer]:
    """The region's largest towns named on the map where a name covers no other name and
    no marker (`markers`: lat, lon, radius in pixels), placed by `labels.place_labels` at
    the map's zoom, and inside the map (`view` and its `size_px`) so no name is cut at an
    edge (drawn by deck.gl from the browser's own fonts: no glyphs are fetched)."""
    from rcnet_data.presentation.labels import Box, place_labels

    candidates = towns.nlargest(60, "population")
    names = [i18n.town_name(code, n, lang) for n in candidates["name_en"]]
    x, y = mercator_pixels(candidates["lat"], candidates["lon"], zoom)
    obstacles: list[tuple[float, float, float]] = []
    if markers is not None and len(markers):
        mx, my = mercator_pixels(markers["lat"], markers["lon"], zoom)
        obstacles = list(zip(mx, my, markers["radius"].astype(float)))
    frame = None
    if view is not None and size_px is not None:
        (cx,), (cy,) = mercator_pixels([view.latitude], [view.longitude], zoom)
        frame = Box(cx - size_px[0] / 2, cy - size_px[1] / 2, cx + size_px[0] / 2, cy + size_px[1] / 2)
    placed = place_labels(
        list(zip(x, y, names)), obstacles, LABEL_FONT_PX, TOWN_DOT_PX, limit=LABELLED_TOWNS, frame=frame
    )
    rows = [(k, position, away) for k, (position, away) in placed.items()]
    chosen = candidates.iloc[[k for k, _, _ in rows]]
    labels = pd.DataFrame(
        {
            "lat": chosen["lat"].to_numpy(),
            "lon": east_of_antimeridian(chosen["lon"]).to_numpy(),
            "text": [names[k] for k, _, _ in rows],
            "anchor": [LABEL_PLACES[p][0] for _, p, _ in rows],
            "baseline": [LABEL_PLACES[p][1] for _, p, _ in rows],
            "offset": [[LABEL_PLACES[p][2][0] * away, LABEL_PLACES[p][2][1] * away] for _, p, away in rows],
        }
    )
    return [
        pdk.Layer(
            "TextLayer",
            labels,
            id="town_labels",
            get_position=["lon", "lat"],
            get_text="text",
            get_size=LABEL_FONT_PX,
            get_color=style.hex_to_rgb(style.INK, 255),
            get_pixel_offset="offset",
            get_text_anchor="anchor",
            get_alignment_baseline="baseline",
            font_family=f"'{TEXT_FONT}'",
            character_set="'auto'",
            outline_width=3,
            outline_color=[255, 255, 255, 230],
            font_settings={"sdf": True},
        )
    ]


def nice_km(span_km: float) -> int:
    """A round length for a scale bar about a quarter of the map's width."""
    target = max(span_km / 4, 1)
    return int(max(step for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000) if step <= target))


def scale_bar(west: float, south: float, east: float, north: float, lang: str) -> list[pdk.Layer]:
    """A bar of a round number of kilometres near the region's south-west corner, true at
    that latitude, with its length written beside it."""
    lat = south + (north - south) * 0.04
    lon = west + (east - west) * 0.04
    km_per_degree = 111.32 * np.cos(np.radians(lat))
    length = nice_km((east - west) * km_per_degree)
    end = lon + length / km_per_degree
    bar = pd.DataFrame({"s": [[lon, lat]], "t": [[end, lat]]})
    label = pd.DataFrame(
        {"lat": [lat], "lon": [(lon + end) / 2], "text": [f"{i18n.fmt_int(length, lang)} {t('km', lang)}"]}
    )
    return [
        segment_layer("scale_bar", bar, style.hex_to_rgb(style.INK, 255), 3),
        pdk.Layer(
            "TextLayer",
            label,
            id="scale_label",
            get_position=["lon", "lat"],
            get_text="text",
            get_size=12,
            get_color=style.hex_to_rgb(style.INK, 255),
            get_pixel_offset=[0, -10],
            font_family=f"'{TEXT_FONT}'",
            character_set="'auto'",
            outline_width=3,
            outline_color=[255, 255, 255, 230],
            font_settings={"sdf": True},
        ),
    ]


def simplify_tolerance(zoom: float, latitude: float, pixels: float) -> float:
    """Degrees that are at most `pixels` on a Web Mercator map at this zoom, up to `latitude`
    (a degree of latitude grows towards the pole, by 1 / cos)."""
    pixels_per_degree = 512 * 2**zoom / 360
    return pixels / pixels_per_degree * float(np.cos(np.radians(min(latitude, 85))))


def fitted_view(
    west: float, south: float, east: float, north: float, width_px: int, height_px: int, padding: float = 0.08
) -> pdk.ViewState:
    """The view that shows the whole box on a Web Mercator map of the given size (deck.gl's
    world is 512 px wide at zoom 0), with some room around it."""

    def mercator_y(lat: float) -> float:
        return float(np.log(np.tan(np.pi / 4 + np.radians(min(max(lat, -85), 85)) / 2)))

    span_x = max(east - west, 0.05) * (1 + 2 * padding)
    span_y = max(mercator_y(north) - mercator_y(south), 0.001) * (1 + 2 * padding)
    zoom_x = np.log2(width_px * 360 / (512 * span_x))
    zoom_y = np.log2(height_px * 2 * np.pi / (512 * span_y))
    centre_y = (mercator_y(north) + mercator_y(south)) / 2
    centre_lat = float(np.degrees(2 * np.arctan(np.exp(centre_y)) - np.pi / 2))
    return pdk.ViewState(
        # min_zoom 0: on a phone the whole country needs a zoom below 1.
        latitude=centre_lat,
        longitude=(west + east) / 2,
        zoom=float(min(zoom_x, zoom_y)),
        min_zoom=0,
        max_zoom=14,
    )


EXTRA_REGION_SPAN = 1.5  # degrees around a subject's capital when no boundary ships for it


def region_bounds(code: str, centers: pd.DataFrame | None = None) -> tuple[float, float, float, float]:
    """(west, south, east, north) of a region: its boundary's; for a subject whose boundary
    does not ship (regions_extra.csv), its centers' points and its capital, with a margin."""
    shapes = boundaries.region_shapes()
    if code in shapes:
        return shapes[code].bounds
    info = ref.regions().loc[code]
    lats = [info["capital_lat"]] if pd.notna(info["capital_lat"]) else []
    lons = [info["capital_lon"]] if pd.notna(info["capital_lon"]) else []
    if centers is not None and len(centers):
        placed = centers.dropna(subset=[columns.LAT, columns.LON])
        lats += list(placed[columns.LAT])
        lons += list(placed[columns.LON])
    if not lats:
        return RUSSIA_BOX
    pad = EXTRA_REGION_SPAN / 2
    return min(lons) - pad, min(lats) - pad, max(lons) + pad, max(lats) + pad


def has_boundary(code: str) -> bool:
    return code in boundaries.region_shapes()


def region_view(code: str | None, phone: bool = False) -> pdk.ViewState:
    """The whole country, or a region fitted to its boundary, on a wide screen or a phone."""
    box = region_bounds(code) if code else RUSSIA_BOX
    width, height = MAP_SIZE[phone]
    return fitted_view(*box, width_px=width, height_px=height)


def legend_items(
    lang: str,
    view: str = "points",
    gap_km: int | None = None,
    centers: pd.DataFrame | None = None,
    gaps: int | None = None,
    sites: int | None = None,
    towns: bool = True,
    outline: bool = True,
) -> list[tuple[str, str, str]]:
    """(label, colour, shape) for what a map draws, and only that, for a legend beside it:
    the kinds of center on it (all three when `centers` is not given), or the hexagon
    classes of the density view; with `gap_km`, the region map's far towns (when `gaps`
    are drawn), suggested sites (when `sites` are), towns and outline too."""
    if centers is not None and drawn_view(view, len(centers)) == "density":
        return density_layer(centers, lang, HEX_KM["country"])[1]
    shown = set(centers.dropna(subset=[columns.LAT, columns.LON])[columns.KIND]) if centers is not None else None
    items = [
        (t(kind, lang), style.KIND_COLOURS[kind], "dot")
        for kind in (columns.KIND_BRANCH, columns.KIND_REGIONAL, columns.KIND_RAC)
        if shown is None or kind in shown
    ]
    if gap_km is not None:
        if gaps is None or gaps:
            items.append((t("gap_legend", lang, km=gap_km), style.GAP_COLOUR, "dot"))
        if sites is None or sites:
            items.append((t("plan_legend", lang), style.PLAN_COLOUR, "ring"))
        # A subject of regions_extra.csv has no gazetteer towns and no boundary: neither is named.
        items += [(t("towns_legend", lang), style.GREY, "dot")] if towns else []
        items += [(t("region_outline", lang), style.INK, "line")] if outline else []
    else:
        items.append((t("region_borders", lang), style.GREY, "line"))
    return items
