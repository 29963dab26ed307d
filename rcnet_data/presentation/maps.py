"""pydeck decks for the domestic network and a region: points coloured by kind, a density
view aggregated on the server, and Russia's outline from a local file.

`map_provider=None` means no basemap and no request (a Carto style would be fetched
otherwise, even with map_style=None); the outline keeps the map readable offline.
"""

from __future__ import annotations

import html
import json
from functools import cache

import numpy as np
import pandas as pd
import pydeck as pdk

from rcnet_data.core import analytics as A
from rcnet_data.core import columns as C
from rcnet_data.core import reference as ref
from rcnet_data.presentation import i18n
from rcnet_data.presentation import style as S
from rcnet_data.presentation.i18n import t

# Above this many points the deck switches to server-side density cells, so the browser
# never receives hundreds of thousands of raw rows.
MAX_POINTS = 25_000
POINTS_LAYER = "centers"
DENSITY_LAYER = "density"
RUSSIA_VIEW = pdk.ViewState(latitude=62.0, longitude=100.0, zoom=1.85, min_zoom=1, max_zoom=12)


@cache
def russia_outline() -> dict:
    return json.loads((ref.REFERENCE_DIR / "russia_outline.geojson").read_text(encoding="utf-8"))


def outline_layer(filled: bool = True) -> pdk.Layer:
    return pdk.Layer(
        "GeoJsonLayer", russia_outline(), id="outline", stroked=True, filled=filled,
        get_fill_color=[241, 244, 248, 255], get_line_color=[140, 140, 140, 255], line_width_min_pixels=1,
    )  # fmt: skip


def east_of_antimeridian(lon: pd.Series) -> pd.Series:
    """Chukotka's easternmost towns (lon < -100) drawn east of 180°, where the outline puts them."""
    return lon.where(lon > -100, lon + 360)


def point_records(centers: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The few columns the browser needs per center: position, colour and tooltip text."""
    located = centers.dropna(subset=[C.LAT, C.LON])
    colours = {kind: S.hex_to_rgb(colour, 220) for kind, colour in S.KIND_COLOURS.items()}
    return pd.DataFrame(
        {
            "lat": located[C.LAT].round(4),
            "lon": east_of_antimeridian(located[C.LON]).round(4),
            "colour": located[C.KIND].map(colours),
            "radius": np.where(located[C.KIND] == C.KIND_RAC, 4, 7),
            # Tooltips are HTML templates: registry text is escaped so markup in a name is shown, never run.
            "name": located[C.NAME].map(html.escape),
            "host": located[C.HOST].map(html.escape),
            "town": [html.escape(i18n.town_name(r, town, lang)) for r, town in zip(located[C.REGION_CODE], located[C.CITY])],
            "kind": located[C.KIND].map(lambda k: f"· {t(k, lang)}"),
            "opened": located[C.OPENED_ON].map(lambda d: f"{t('opened_on', lang)}: {i18n.fmt_date(d, lang)}"),
            "region_code": located[C.REGION_CODE].fillna(""),
        }
    )


def basemap_settings(online: bool) -> dict:
    """No basemap (and no request) by default; on request, Carto's light vector style, which
    needs the internet: when it cannot be reached the layers and the outline still draw."""
    return {"map_provider": "carto", "map_style": "light"} if online else {"map_provider": None}


def centers_deck(centers: pd.DataFrame, lang: str, view: str = "points", focus: str | None = None,
                 online_basemap: bool = False) -> pdk.Deck:  # fmt: skip
    """Domestic centers as points (colour by kind) or as density cells; `focus` zooms to a region."""
    layers = [outline_layer()]
    if view == "density" or len(centers) > MAX_POINTS:
        cells = A.density_cells(centers, 0.5 if not focus else 0.15)
        cells["lon"] = east_of_antimeridian(cells["lon"])
        cells["radius"] = 6000 * np.sqrt(cells["centers"]) * (0.5 if focus else 1)
        cells["label"] = cells["centers"].map(lambda n: f"{t('centers', lang)}: {i18n.fmt_int(n, lang)}")
        layers.append(
            pdk.Layer("ScatterplotLayer", cells, id=DENSITY_LAYER, get_position=["lon", "lat"], get_radius="radius",
                      get_fill_color=S.hex_to_rgb(S.BLUE, 150), get_line_color=[255, 255, 255, 200],
                      stroked=True, line_width_min_pixels=1, pickable=True, radius_min_pixels=3)
        )  # fmt: skip
        tooltip = {"text": "{label}"}
    else:
        # radius_units is a quoted literal: pydeck reads bare strings as JavaScript expressions.
        layers.append(
            pdk.Layer("ScatterplotLayer", point_records(centers, lang), id=POINTS_LAYER, get_position=["lon", "lat"],
                      get_fill_color="colour", get_radius="radius", radius_units="'pixels'", pickable=True,
                      stroked=True, get_line_color=[255, 255, 255, 255], line_width_min_pixels=0.5)
        )  # fmt: skip
        # Centers have a name; towns far from a center only a label: each tooltip shows what its layer has.
        tooltip = {"html": "<b>{name}</b><br/>{host}<br/>{town} {kind}<br/>{opened}{label}",
                   "style": {"fontSize": "13px"}}  # fmt: skip
    if online_basemap:
        layers[0] = outline_layer(filled=False)  # the basemap shows the land; the outline only marks the border
    return pdk.Deck(layers=layers, initial_view_state=region_view(focus, centers), tooltip=tooltip,
                    parameters={"cull": True}, **basemap_settings(online_basemap))  # fmt: skip


def region_deck(centers: pd.DataFrame, code: str, gap_towns: pd.DataFrame, lang: str,
                online_basemap: bool = False) -> pdk.Deck:  # fmt: skip
    """A region's centers over its towns (grey), with towns far from any center in vermillion."""
    towns = ref.towns()
    towns = towns[towns["region_code"] == code]
    context = pd.DataFrame({"lat": towns["lat"], "lon": east_of_antimeridian(towns["lon"]),
                            "label": [i18n.town_name(code, n, lang) for n in towns["name_en"]]})  # fmt: skip
    far = pd.DataFrame({"lat": gap_towns["lat"], "lon": east_of_antimeridian(gap_towns["lon"]),
                        "label": [f"{i18n.town_name(code, n, lang)}: {d:.0f} km" for n, d in
                                  zip(gap_towns["name_en"], gap_towns["distance_km"])]})  # fmt: skip
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


def legend_items(lang: str, gap_km: int | None = None) -> list[tuple[str, str]]:
    """(label, colour) for what a map draws, for a legend beside it; with `gap_km`, the
    region map's towns too."""
    items = [(t(kind, lang), S.KIND_COLOURS[kind]) for kind in (C.KIND_BRANCH, C.KIND_REGIONAL, C.KIND_RAC)]
    if gap_km is not None:
        items += [(t("gap_legend", lang, km=gap_km), S.GAP_COLOUR), (t("towns_legend", lang), S.GREY)]
    return items
