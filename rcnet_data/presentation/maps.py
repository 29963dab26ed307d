"""pydeck decks for the domestic network and a region: points coloured by kind, a density
view of hexagons counted on the server, region outlines from a local file.

`map_provider=None` means no basemap and no request (a Carto style would be fetched
otherwise, even with map_style=None); the outlines keep the map readable offline.

Every pickable layer carries its own `tooltip` column, so a tooltip shows only its layer's
fields: deck.gl fills one template for all layers and would print the names of fields a
layer does not have.
"""

from __future__ import annotations

import html
import json
from functools import cache

import numpy as np
import pandas as pd
import pydeck as pdk
from pyproj import Transformer

from rcnet_data.core import columns as C
from rcnet_data.core import reference as ref
from rcnet_data.presentation import i18n
from rcnet_data.presentation import style as S
from rcnet_data.presentation.classes import class_breaks
from rcnet_data.presentation.i18n import t

# Above this many points the deck switches to server-side hexagons, so the browser never
# receives hundreds of thousands of raw rows.
MAX_POINTS = 25_000
POINTS_LAYER = "centers"
DENSITY_LAYER = "density"
RUSSIA_VIEW = pdk.ViewState(latitude=62.0, longitude=100.0, zoom=1.85, min_zoom=1, max_zoom=12)
TOOLTIP = {"html": "{tooltip}", "style": {"fontSize": "13px", "maxWidth": "360px"}}
# Hexagons are binned in an equal-area projection centred on Russia, so each holds the same area.
EQUAL_AREA = "+proj=laea +lat_0=60 +lon_0=100 +datum=WGS84 +units=m +no_defs"
HEX_KM = {"country": 60.0, "region": 15.0}


@cache
def russia_outline() -> dict:
    return json.loads((ref.REFERENCE_DIR / "russia_outline.geojson").read_text(encoding="utf-8"))


def outline_layer(filled: bool = True) -> pdk.Layer:
    return pdk.Layer(
        "GeoJsonLayer", russia_outline(), id="outline", stroked=True, filled=filled,
        get_fill_color=[241, 244, 248, 255], get_line_color=[140, 140, 140, 255], line_width_min_pixels=1,
    )  # fmt: skip


def east_of_antimeridian(lon: pd.Series | np.ndarray) -> pd.Series | np.ndarray:
    """Chukotka's easternmost towns (lon < -100) drawn east of 180°, where the outline puts them."""
    return np.where(np.asarray(lon) > -100, lon, np.asarray(lon) + 360) if not isinstance(lon, pd.Series) else \
        lon.where(lon > -100, lon + 360)  # fmt: skip


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
    located = centers.dropna(subset=[C.LAT, C.LON])
    colours = {kind: S.hex_to_rgb(colour, 220) for kind, colour in S.KIND_COLOURS.items()}
    towns = [i18n.town_name(r, town, lang) for r, town in zip(located[C.REGION_CODE], located[C.CITY])]
    return pd.DataFrame(
        {
            "lat": located[C.LAT].round(4),
            "lon": east_of_antimeridian(located[C.LON]).round(4),
            "colour": located[C.KIND].map(colours),
            "radius": np.where(located[C.KIND] == C.KIND_RAC, 4, 7),
            "tooltip": [center_tooltip(name, host, town, t(kind, lang), i18n.fmt_date(opened, lang), lang)
                        for name, host, town, kind, opened in zip(located[C.NAME], located[C.HOST], towns,
                                                                  located[C.KIND], located[C.OPENED_ON])],  # fmt: skip
            "region_code": located[C.REGION_CODE].fillna(""),
        }
    )


def hexagons(centers: pd.DataFrame, size_km: float) -> pd.DataFrame:
    """Centers counted in hexagons of `size_km` across (flat to flat), binned in an
    equal-area projection: one polygon and one count per non-empty hexagon."""
    located = centers.dropna(subset=[C.LAT, C.LON])
    if located.empty:
        return pd.DataFrame(columns=["polygon", "centers", "lat", "lon"])
    forward = Transformer.from_crs("EPSG:4326", EQUAL_AREA, always_xy=True)
    inverse = Transformer.from_crs(EQUAL_AREA, "EPSG:4326", always_xy=True)
    x, y = forward.transform(located[C.LON].to_numpy(), located[C.LAT].to_numpy())
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
    cells["colour"] = [S.hex_to_rgb(classes.colours[k], 210) for k in index]
    cells["tooltip"] = [f"{t('centers', lang)}: {i18n.fmt_int(n, lang)}" for n in cells["centers"]]
    layer = pdk.Layer("PolygonLayer", cells[["polygon", "colour", "tooltip", "centers"]], id=DENSITY_LAYER, get_polygon="polygon",
                      get_fill_color="colour", get_line_color=[255, 255, 255, 180], line_width_min_pixels=0.5,
                      stroked=True, pickable=True)  # fmt: skip
    items = [(f"{label} {t('centers', lang).lower()}", colour, "square")
             for label, colour in zip(classes.labels(lang), classes.colours)]  # fmt: skip
    return layer, items


def basemap_settings(online: bool) -> dict:
    """No basemap (and no request) by default; on request, Carto's light vector style, which
    needs the internet: when it cannot be reached the layers and the outline still draw."""
    return {"map_provider": "carto", "map_style": "light"} if online else {"map_provider": None}


def centers_deck(centers: pd.DataFrame, lang: str, view: str = "points", focus: str | None = None,
                 online_basemap: bool = False) -> pdk.Deck:  # fmt: skip
    """Domestic centers as points (colour by kind) or as hexagons; `focus` zooms to a region."""
    layers = [outline_layer(filled=not online_basemap)]
    if view == "density" or len(centers) > MAX_POINTS:
        layers.append(density_layer(centers, lang, HEX_KM["region" if focus else "country"])[0])
    else:
        # radius_units is a quoted literal: pydeck reads bare strings as JavaScript expressions.
        layers.append(
            pdk.Layer("ScatterplotLayer", point_records(centers, lang), id=POINTS_LAYER, get_position=["lon", "lat"],
                      get_fill_color="colour", get_radius="radius", radius_units="'pixels'", pickable=True,
                      stroked=True, get_line_color=[255, 255, 255, 255], line_width_min_pixels=0.5)
        )  # fmt: skip
    return pdk.Deck(layers=layers, initial_view_state=region_view(focus, centers), tooltip=TOOLTIP,
                    parameters={"cull": True}, **basemap_settings(online_basemap))  # fmt: skip


def region_deck(centers: pd.DataFrame, code: str, gap_towns: pd.DataFrame, lang: str,
                online_basemap: bool = False) -> pdk.Deck:  # fmt: skip
    """A region's centers over its towns (grey), with towns far from any center in vermillion."""
    towns = ref.towns()
    towns = towns[towns["region_code"] == code]
    context = pd.DataFrame({"lat": towns["lat"], "lon": east_of_antimeridian(towns["lon"])})
    km = t("km", lang)
    far = pd.DataFrame({"lat": gap_towns["lat"], "lon": east_of_antimeridian(gap_towns["lon"]),
                        "tooltip": [f"<b>{html.escape(i18n.town_name(code, n, lang))}</b><br/>"
                                    f"{t('distance_km', lang)}: {i18n.fmt_int(d, lang)} {km}"
                                    for n, d in zip(gap_towns["name_en"], gap_towns["distance_km"])]})  # fmt: skip
    deck = centers_deck(centers, lang, "points", focus=code, online_basemap=online_basemap)
    deck.layers[1:1] = [
        pdk.Layer("ScatterplotLayer", context, id="towns", get_position=["lon", "lat"], get_radius=2,
                  radius_units="'pixels'", get_fill_color=[150, 150, 150, 140]),
        pdk.Layer("ScatterplotLayer", far, id="gaps", get_position=["lon", "lat"], get_radius=6,
                  radius_units="'pixels'", get_fill_color=S.hex_to_rgb(S.GAP_COLOUR, 230), pickable=True,
                  stroked=True, get_line_color=[255, 255, 255, 255], line_width_min_pixels=1),
    ]  # fmt: skip
    return deck


def region_view(code: str | None, centers: pd.DataFrame) -> pdk.ViewState:
    if not code:
        return RUSSIA_VIEW
    towns = ref.towns()
    points = towns[towns["region_code"] == code]
    lat = pd.concat([points["lat"], centers[C.LAT].dropna()])
    lon = pd.concat([points["lon"], centers[C.LON].dropna()])
    span = max(float(lat.max() - lat.min()), float(lon.max() - lon.min()) / 2, 0.5)
    zoom = float(np.clip(8.8 - np.log2(span * 4), 2.5, 9))
    return pdk.ViewState(latitude=float(lat.median()), longitude=float(lon.median()), zoom=zoom)


def legend_items(lang: str, view: str = "points", gap_km: int | None = None,
                 centers: pd.DataFrame | None = None) -> list[tuple[str, str, str]]:  # fmt: skip
    """(label, colour, shape) for what a map draws, for a legend beside it: the kinds of
    center, or the hexagon classes of the density view; with `gap_km`, the region map's
    towns too."""
    if view == "density" and centers is not None:
        return density_layer(centers, lang, HEX_KM["country"])[1]
    items = [(t(kind, lang), S.KIND_COLOURS[kind], "dot") for kind in (C.KIND_BRANCH, C.KIND_REGIONAL, C.KIND_RAC)]
    if gap_km is not None:
        items += [(t("gap_legend", lang, km=gap_km), S.GAP_COLOUR, "dot"), (t("towns_legend", lang), S.GREY, "dot")]
    return items
