"""Plotly figure builders: DataFrames in, titled and labelled figures out, in either language.

None of them needs Streamlit or the internet: no geo traces that fetch topojson from a CDN
(the world map uses MapLibre with a local GeoJSON and the blank "white-bg" style), no web
fonts, no text on MapLibre layers (that would fetch glyphs).
"""

from __future__ import annotations

import json
import re
from datetime import date
from functools import cache
from html import escape, unescape

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from rcnet_data.core import columns
from rcnet_data.core import reference as ref
from rcnet_data.presentation import geometry, i18n, style
from rcnet_data.presentation.classes import Classes, class_breaks
from rcnet_data.presentation.i18n import t

# Metrics whose values are whole numbers (counts); the others are shares or rates.
COUNT_METRICS = ("centers", "openings_in_period", "events_in_period")


TITLE_LINE = 34  # characters: beyond this a chart title takes two lines


def wrap_title(title: str) -> str:
    """A long title split at the space nearest its middle."""
    if len(title) <= TITLE_LINE or "<br>" in title:
        return title
    spaces = [i for i, ch in enumerate(title) if ch == " "]
    if not spaces:
        return title
    middle = min(spaces, key=lambda i: abs(i - len(title) / 2))
    return title[:middle] + "<br>" + title[middle + 1 :]


def base_layout(
    fig: go.Figure,
    title: str,
    lang: str,
    presenter: bool = False,
    height: int = 420,
    x_title: str | None = None,
    y_title: str | None = None,
) -> go.Figure:
    """The look every chart shares: title, axis titles with units, fonts, number separators."""
    size = style.PRESENTER_FONT_SIZE if presenter else style.FONT_SIZE
    wrapped = wrap_title(title)
    fig.update_layout(
        # A long title breaks into two lines: on a phone one line would run off the chart,
        # under Streamlit's toolbar; automargin makes room for it.
        title={
            "text": wrapped,
            "x": 0,
            "xanchor": "left",
            "font": {"size": size + 4},
            "yref": "container",
            "y": 1,
            "yanchor": "top",
            "pad": {"t": 20},
        },
        font={"family": style.FONT_FAMILY, "size": size, "color": style.INK},
        separators=i18n.plotly_separators(lang),
        height=int(height * (1.3 if presenter else 1)),
        margin={"l": 10, "r": 10, "t": 60 + (16 if presenter else 0) + (size + 8 if "<br>" in wrapped else 0), "b": 10},
        plot_bgcolor="white",
        paper_bgcolor="white",
        # Legends sit to the right of the plot, clear of the title.
        legend={"orientation": "v", "yanchor": "top", "y": 1, "xanchor": "left", "x": 1.01},
        hoverlabel={"font": {"size": size}},
    )
    fig.update_xaxes(showgrid=False, linecolor=style.GREY, ticks="outside")
    fig.update_yaxes(gridcolor=style.LIGHT_GREY, zeroline=False, rangemode="tozero")
    if x_title:
        fig.update_xaxes(title_text=x_title)
    if y_title:
        fig.update_yaxes(title_text=y_title)
    return fig


def _milestone_hover(row, lang: str) -> str:
    bound = t(f"bound_{row.bound}", lang)
    extras = []
    if pd.notna(row.published_countries):
        extras.append(f"{int(row.published_countries)} {t('countries', lang).lower()}")
    if pd.notna(row.published_regions):
        extras.append(f"{int(row.published_regions)} {t('regions_covered', lang).lower()}")
    extra = f" ({', '.join(extras)})" if extras else ""
    verdict = t("holds", lang) if row.holds else t("does_not_hold", lang)
    return (
        f"<b>{i18n.fmt_date(row.date, lang)}</b><br>{t('published', lang)}: {bound} "
        f"{i18n.fmt_int(row.published, lang)}{extra}<br>{t('registry', lang)}: "
        f"{i18n.fmt_int(row.registry, lang)} ({verdict})<br>{t('source', lang)}: {row.source}"
    )


def growth_figure(growth: pd.DataFrame, milestones: pd.DataFrame, lang: str, presenter: bool = False) -> go.Figure:
    """Domestic (top) and foreign (bottom) centers over time, published figures as markers."""
    fig = make_subplots(
        rows=2,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.08,
        row_heights=[0.62, 0.38],
        subplot_titles=(t("domestic_centers", lang), t("foreign_centers", lang)),
    )
    hover_dates = [i18n.fmt_date(d, lang) for d in growth["date"]]
    for row, (column, network) in enumerate(
        (("domestic_centers", columns.DOMESTIC), ("foreign_centers", columns.FOREIGN)), 1
    ):
        fig.add_trace(
            go.Scatter(
                x=growth["date"],
                y=growth[column],
                mode="lines",
                name=t(network, lang),
                line={"color": style.NETWORK_COLOURS[network], "width": 3, "shape": "hv"},
                customdata=hover_dates,
                hovertemplate="%{customdata}: %{y:,d}<extra>" + t(network, lang) + "</extra>",
            ),
            row=row,
            col=1,
        )
        points = milestones[milestones["scope"] == network]
        if len(points):
            fig.add_trace(
                go.Scatter(
                    x=pd.to_datetime(points["date"]),
                    y=points["published"],
                    mode="markers",
                    name=t("published", lang),
                    showlegend=row == 1,
                    marker={
                        "symbol": "diamond",
                        "size": 13 if presenter else 11,
                        "color": style.MILESTONE_COLOUR,
                        "line": {"color": "white", "width": 1.5},
                    },
                    hovertext=[_milestone_hover(r, lang) for r in points.itertuples()],
                    hovertemplate="%{hovertext}<extra></extra>",
                ),
                row=row,
                col=1,
            )
    base_layout(fig, t("chart_growth", lang), lang, presenter, height=540)
    # The legend goes under the chart (above, it would collide with the subplot titles), clear of the axis title.
    fig.update_layout(
        legend={"orientation": "h", "yanchor": "top", "y": -0.16, "xanchor": "left", "x": 0}, margin={"b": 80}
    )
    fig.update_yaxes(title_text=t("number_of_centers", lang), row=1, col=1)
    fig.update_yaxes(title_text=t("number_of_centers", lang), row=2, col=1)
    # Years as ticks, as many as fit: plotly thins them on a narrow screen instead of clipping.
    fig.update_xaxes(tickformat="%Y", nticks=12)
    fig.update_xaxes(title_text=t("year", lang), row=2, col=1)
    return fig


def growth_alt_text(growth: pd.DataFrame, lang: str) -> str:
    first = growth[growth["domestic_centers"] > 0].iloc[0] if (growth["domestic_centers"] > 0).any() else growth.iloc[0]
    last = growth.iloc[-1]
    return t(
        "alt_growth",
        lang,
        first=i18n.fmt_int(first["domestic_centers"], lang),
        first_year=first["date"].year,
        last=i18n.fmt_int(last["domestic_centers"], lang),
        last_date=i18n.fmt_date(last["date"], lang),
        foreign=i18n.fmt_int(last["foreign_centers"], lang),
    )


def group_label(by: str | None, code: str, lang: str) -> str:
    if by == columns.FEDERAL_DISTRICT:
        return i18n.district_name(code, lang, short=True)
    if by == columns.REGION_CODE:
        return i18n.region_name(code, lang)
    if by == columns.COUNTRY:
        return i18n.country_name(code, lang)
    return t(code, lang)


def openings_figure(
    openings: pd.DataFrame,
    lang: str,
    freq: str = "YS",
    by: str | None = columns.NETWORK,
    presenter: bool = False,
    title: str | None = None,
) -> go.Figure:
    """Stacked bars of openings per year or month, one colour per group."""
    colours = style.DISTRICT_COLOURS if by == columns.FEDERAL_DISTRICT else style.NETWORK_COLOURS
    fig = go.Figure()
    for group, rows in openings.groupby("group", sort=False):
        label = group_label(by, group, lang) if by else t("openings", lang)
        periods = [i18n.fmt_month(p, lang) if freq == "MS" else str(p.year) for p in rows["period"]]
        fig.add_trace(
            go.Bar(
                x=rows["period"],
                y=rows["openings"],
                name=label,
                marker_color=colours.get(group, style.BLUE),
                customdata=periods,
                hovertemplate="%{customdata}: %{y:,d}<extra>" + label + "</extra>",
            )
        )
    axis = t("year", lang) if freq == "YS" else t("month", lang)
    y_title = t("openings_per_year", lang) if freq == "YS" else t("openings_per_month", lang)
    base_layout(fig, title or t("chart_openings", lang), lang, presenter, x_title=axis, y_title=y_title)
    fig.update_layout(barmode="stack", bargap=0.15)
    totals = openings.groupby("period")["openings"].sum()
    if len(totals) and totals.max() < 10:  # whole centers only: no 0.5 ticks on small counts
        fig.update_yaxes(dtick=1, tickformat="d")
    fig.update_xaxes(tickformat="%Y" if freq == "YS" else "%m.%Y")
    return fig


def metric_classes(coverage: pd.DataFrame, metric: str) -> Classes:
    """The colour classes of a metric over the 85 regions (shared by every map of them)."""
    return class_breaks(coverage[metric], integer=metric in COUNT_METRICS)


def metric_value_text(value, metric: str, lang: str) -> str:
    if metric == "coverage":
        return i18n.fmt_percent(value, lang)
    if metric in COUNT_METRICS:
        return i18n.fmt_int(value, lang)
    return i18n.fmt_per_100k(value, lang)


def metric_label(metric: str, lang: str, km: int | None = None) -> str:
    return t("coverage_share", lang, km=km) if metric == "coverage" else t(metric, lang)


def region_hover(coverage: pd.DataFrame, metric: str, lang: str, km: int | None = None) -> list[str]:
    """Hover text of a region on any map of them: its full name, the metric's value, its
    centers, and how to open it."""
    label = metric_label(metric, lang, km)
    rows = []
    for code, value, centers in zip(coverage.index, coverage[metric], coverage["centers"]):
        lines = [f"<b>{escape(i18n.region_name(code, lang))}</b>", f"{label}: {metric_value_text(value, metric, lang)}"]
        if metric != "centers":
            lines.append(f"{t('centers', lang)}: {i18n.fmt_int(centers, lang)}")
        if centers == 0:
            lines.append(f"⚠ {t('no_center', lang)}")
        lines.append(f"<i>{t('click_to_open', lang)}</i>")
        rows.append("<br>".join(lines))
    return rows


def class_legend_traces(classes: Classes, lang: str, symbol: str = "square") -> list[go.Scatter]:
    """Invisible points that give the legend one swatch per class, named by its range."""
    return [
        go.Scatter(
            x=[None],
            y=[None],
            mode="markers",
            name=label,
            showlegend=True,
            hoverinfo="skip",
            marker={"symbol": symbol, "size": 14, "color": colour, "line": {"color": style.GREY, "width": 0.5}},
        )
        for label, colour in zip(classes.labels(lang), classes.colours)
    ]


def tile_grid_figure(
    coverage: pd.DataFrame,
    metric: str,
    lang: str,
    threshold: float | None = None,
    selected: str | None = None,
    highlight: set[str] | None = None,
    presenter: bool = False,
    km: int | None = None,
) -> go.Figure:
    """The 85 regions as equal tiles on a grid shaped like the country, coloured by the
    metric's classes (the same as the choropleth's), with a legend naming each class.

    Tiles are drawn as shapes in data units, so they stay square and touching at any width;
    an invisible marker per tile carries hover text and click selection. Regions with no
    center, or below the per-capita `threshold`, get a thick vermillion border; regions
    outside `highlight` (a district filter) are drawn faded.
    """
    table = coverage
    values = table[metric].astype(float).fillna(0)
    classes = metric_classes(table, metric)
    index = classes.index(values)
    fills = [classes.colours[k] for k in index]
    label_colour = [classes.text_colours()[k] for k in index]
    gap = (table["centers"] == 0).to_numpy()
    if threshold is not None and threshold > 0:
        gap = gap | (table["per_100k"] < threshold).to_numpy()
    faded = ~table.index.isin(list(highlight)) if highlight else np.zeros(len(table), dtype=bool)
    fig = go.Figure()
    half = 0.46
    shapes = []
    for code, x, row, fill, is_gap, is_faded in zip(
        table.index, table["tile_col"], table["tile_row"], fills, gap, faded
    ):
        border = style.GAP_COLOUR if is_gap else (style.INK if code == selected else "white")
        shapes.append(
            {
                "type": "rect",
                "x0": x - half,
                "x1": x + half,
                "y0": -row - half,
                "y1": -row + half,
                "fillcolor": fill,
                "opacity": 0.3 if is_faded else 1,
                "layer": "below",
                "line": {"color": border, "width": 4 if is_gap or code == selected else 1},
            }
        )
    fig.add_trace(
        go.Scatter(
            x=table["tile_col"],
            y=-table["tile_row"],
            mode="markers+text",
            text=[i18n.region_name(code, lang, short=True) for code in table.index],
            textfont={"size": style.TILE_LABEL_PRESENTER if presenter else style.TILE_LABEL, "color": label_colour},
            customdata=list(table.index),
            hovertext=region_hover(table, metric, lang, km),
            hovertemplate="%{hovertext}<extra></extra>",
            marker={"symbol": "square", "size": 30, "opacity": 0},
            showlegend=False,
        )
    )
    for trace in class_legend_traces(classes, lang):
        fig.add_trace(trace)
    cols = int(table["tile_col"].max()) + 1
    rows = int(table["tile_row"].max()) + 1
    tile_px = 62 if presenter else 46
    metric_name = metric_label(metric, lang, km)
    base_layout(fig, t("chart_tiles", lang, metric=metric_name), lang, presenter, height=rows * tile_px + 80)
    fig.update_layout(shapes=shapes)  # set once: add_shape per tile is ten times slower
    fig.update_layout(
        margin={"l": 4, "r": 4, "b": 4},
        dragmode=False,
        clickmode="event+select",
        legend={
            "title": {"text": metric_name},
            "orientation": "v",
            "x": 1.0,
            "xanchor": "right",
            "y": 0.02,
            "yanchor": "bottom",
            "bgcolor": "rgba(255,255,255,0.85)",
        },
    )
    fig.update_xaxes(visible=False, range=[-0.6, cols - 0.4], fixedrange=True)
    fig.update_yaxes(visible=False, range=[-rows + 0.4, 0.6], fixedrange=True, scaleanchor="x", scaleratio=1)
    return fig


def tiles_alt_text(
    coverage: pd.DataFrame, metric: str, lang: str, key: str = "alt_tiles", km: int | None = None
) -> str:
    top = coverage.sort_values(metric, ascending=False).head(3).index
    return t(
        key,
        lang,
        metric=metric_label(metric, lang, km),
        top=", ".join(i18n.region_name(c, lang) for c in top),
        gaps=i18n.counted("n_regions", int((coverage["centers"] == 0).sum()), lang),
        total=len(coverage),
    )


def top_regions_figure(
    coverage: pd.DataFrame,
    lang: str,
    n: int = 10,
    metric: str = "centers",
    presenter: bool = False,
    highlight: str | None = None,
) -> go.Figure:
    """The n regions with most of `metric`, each named with its rank («1. Тюменская
    область»); a highlighted region is drawn in its own colour, and added at the bottom
    with its own rank when it is not among them («12. Пензенская область»)."""
    ranked = coverage.sort_values(metric, ascending=False, kind="stable")
    rank = ranked[metric].rank(ascending=False, method="min").astype(int)
    top = ranked.head(n)
    if highlight and highlight in ranked.index and highlight not in top.index:
        top = pd.concat([top, ranked.loc[[highlight]]])
    top = top.iloc[::-1]
    names = [f"{rank[code]}. {name}" for code, name in zip(top.index, i18n.region_names(top.index, lang), strict=True)]
    colours = [style.VERMILLION if code == highlight else style.BLUE for code in top.index]
    fig = go.Figure(
        go.Bar(
            x=top[metric],
            y=names,
            orientation="h",
            marker_color=colours,
            customdata=list(top.index),
            hovertemplate="%{y}: %{x:,}<extra></extra>",
            text=top[metric],
            textposition="outside",
            cliponaxis=False,
        )
    )
    base_layout(fig, t("chart_top_regions", lang), lang, presenter, height=380, x_title=t(metric, lang))
    return fig


def countries_over_time_figure(growth: pd.DataFrame, lang: str, presenter: bool = False) -> go.Figure:
    fig = go.Figure(
        go.Scatter(
            x=growth["date"],
            y=growth["countries"],
            mode="lines",
            line={"color": style.ORANGE, "width": 3, "shape": "hv"},
            customdata=[i18n.fmt_date(d, lang) for d in growth["date"]],
            hovertemplate="%{customdata}: %{y}<extra></extra>",
            name=t("countries", lang),
        )
    )
    base_layout(
        fig,
        t("chart_countries_over_time", lang),
        lang,
        presenter,
        height=340,
        x_title=t("year", lang),
        y_title=t("number_of_countries", lang),
    )
    fig.update_xaxes(tickformat="%Y")
    return fig


def domestic_vs_foreign_figure(growth: pd.DataFrame, lang: str, presenter: bool = False) -> go.Figure:
    """Both networks on one time axis, foreign on its own right-hand scale."""
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    dates = [i18n.fmt_date(d, lang) for d in growth["date"]]
    for column, network, secondary in (
        ("domestic_centers", columns.DOMESTIC, False),
        ("foreign_centers", columns.FOREIGN, True),
    ):
        fig.add_trace(
            go.Scatter(
                x=growth["date"],
                y=growth[column],
                name=t(network, lang),
                mode="lines",
                customdata=dates,
                line={
                    "color": style.NETWORK_COLOURS[network],
                    "width": 3,
                    "shape": "hv",
                    "dash": "dot" if secondary else "solid",
                },
                hovertemplate="%{customdata}: %{y:,d}<extra>" + t(network, lang) + "</extra>",
            ),
            secondary_y=secondary,
        )
    base_layout(fig, t("domestic_vs_foreign", lang), lang, presenter, height=380, x_title=t("year", lang))
    fig.update_yaxes(title_text=f"{t('domestic_centers', lang)}", secondary_y=False)
    fig.update_yaxes(title_text=f"{t('foreign_centers', lang)}", secondary_y=True, showgrid=False, tickformat="d")
    fig.update_layout(legend={"orientation": "h", "yanchor": "top", "y": -0.25, "xanchor": "left", "x": 0})
    fig.update_xaxes(tickformat="%Y")
    return fig


def district_figure(by_district: pd.DataFrame, lang: str, presenter: bool = False) -> go.Figure:
    table = by_district.sort_values("centers")
    names = [i18n.district_name(code, lang, short=True) for code in table.index]
    fig = go.Figure(
        go.Bar(
            x=table["centers"],
            y=names,
            orientation="h",
            marker_color=[style.DISTRICT_COLOURS[c] for c in table.index],
            customdata=np.stack([table["regions_covered"], table["regions_total"]], axis=1),
            hovertemplate="%{y}: %{x:,}<br>"
            + t("regions_covered", lang)
            + ": %{customdata[0]} / %{customdata[1]}<extra></extra>",
        )
    )
    base_layout(fig, t("chart_by_district", lang), lang, presenter, height=360, x_title=t("number_of_centers", lang))
    return fig


def events_by_place_figure(
    counts: pd.Series, lang: str, by: str, n: int = 15, presenter: bool = False, title: str | None = None
) -> go.Figure:
    top = counts[counts > 0].sort_values(ascending=False).head(n).iloc[::-1]
    names = [group_label(by, code, lang) for code in top.index]
    fig = go.Figure(
        go.Bar(
            x=top.to_numpy(),
            y=names,
            orientation="h",
            marker_color=style.GREEN,
            hovertemplate="%{y}: %{x:,}<extra></extra>",
        )
    )
    base_layout(
        fig,
        title or t("chart_events_by_region", lang),
        lang,
        presenter,
        height=max(300, 26 * len(top) + 120),
        x_title=t("number_of_events", lang),
    )
    return fig


def projection_figure(growth: pd.DataFrame, projection, lang: str, presenter: bool = False) -> go.Figure:
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=growth["date"],
            y=growth["domestic_centers"],
            mode="lines",
            name=t("registry", lang),
            line={"color": style.BLUE, "width": 3, "shape": "hv"},
            customdata=[i18n.fmt_date(d, lang) for d in growth["date"]],
            hovertemplate="%{customdata}: %{y:,d}<extra></extra>",
        )
    )
    fitted = projection.fitted
    fig.add_trace(
        go.Scatter(
            x=fitted["date"],
            y=fitted["value"],
            mode="lines",
            name=t("projection", lang),
            line={"color": style.VERMILLION, "width": 2, "dash": "dash"},
            customdata=[i18n.fmt_date(d, lang) for d in fitted["date"]],
            hovertemplate="%{customdata}: %{y:,.0f}<extra></extra>",
        )
    )
    fig.add_hline(
        y=projection.target,
        line={"color": style.GREY, "dash": "dot"},
        annotation_text=f"{t('projection_target', lang)}: {i18n.fmt_int(projection.target, lang)}",
    )
    if projection.earliest is not None and projection.latest is not None:
        fig.add_vrect(
            x0=projection.earliest, x1=projection.latest, fillcolor=style.VERMILLION, opacity=0.12, line_width=0
        )
    base_layout(
        fig,
        t("chart_projection", lang),
        lang,
        presenter,
        height=400,
        x_title=t("year", lang),
        y_title=t("number_of_centers", lang),
    )
    fig.update_xaxes(tickformat="%Y")
    return fig


@cache
def _world_geojson() -> dict:
    return json.loads((ref.REFERENCE_DIR / "world_countries.geojson").read_text(encoding="utf-8"))


def foreign_map_figure(by_city: pd.DataFrame, lang: str, presenter: bool = False) -> go.Figure:
    """World map: countries outlined from a local GeoJSON, countries with centers shaded,
    one bubble per city sized by its number of centers. No request leaves the machine."""
    geojson = _world_geojson()
    all_codes = [f["properties"]["iso2"] for f in geojson["features"]]
    served = set(by_city[columns.COUNTRY])
    names = [i18n.country_name(code, lang) if code else "" for code in all_codes]
    fig = go.Figure()
    fig.add_trace(
        go.Choroplethmap(
            geojson=geojson,
            featureidkey="properties.iso2",
            locations=all_codes,
            z=[1 if code in served else 0 for code in all_codes],
            colorscale=[[0, "#F3F4F6"], [1, "#FBE3B5"]],
            showscale=False,
            marker_line_color="#B8BEC7",
            marker_line_width=0.6,
            hovertext=names,
            hovertemplate="%{hovertext}<extra></extra>",
        )
    )
    if len(by_city):
        country_names = [i18n.country_name(code, lang) for code in by_city[columns.COUNTRY]]
        hover = [
            f"<b>{escape(city)}, {country}</b><br>{t('centers', lang)}: {n}<br>{t('hosts', lang)}: {escape(hosts)}<br>"
            f"{t('first_opened', lang)}: {i18n.fmt_date(first, lang)}"
            for city, country, n, hosts, first in zip(
                by_city[columns.CITY], country_names, by_city["centers"], by_city["hosts"], by_city["first_opened"]
            )
        ]
        fig.add_trace(
            go.Scattermap(
                lat=by_city["lat"],
                lon=by_city["lon"],
                mode="markers",
                hovertext=hover,
                hovertemplate="%{hovertext}<extra></extra>",
                name=t("foreign_centers", lang),
                marker={"size": 9 + 7 * np.sqrt(by_city["centers"]), "color": style.ORANGE, "opacity": 0.85},
            )
        )
    base_layout(fig, t("page_foreign", lang), lang, presenter, height=520)
    fig.update_layout(
        map={"style": "white-bg", "center": {"lat": 40, "lon": 40}, "zoom": 0.9},
        showlegend=False,
        margin={"l": 0, "r": 0, "b": 0},
    )
    return fig


SLIDE_COUNTRIES = 14  # countries listed by name beside the map on the foreign slide; the rest are summed


def foreign_slide_figure(by_city: pd.DataFrame, by_country: pd.DataFrame, lang: str) -> go.Figure:
    """The centers abroad for a room: one world (a plain chart, never repeated side by side
    as a web map repeats it on a wide screen) with a bubble per country holding its count,
    and beside it the countries with the most centers, named, with their counts."""
    fig = make_subplots(rows=1, cols=2, column_widths=[0.64, 0.36], horizontal_spacing=0.03)
    xs, ys = geometry.world_outline_lines()
    fig.add_trace(
        go.Scatter(
            x=xs, y=ys, mode="lines", line={"color": "#AEB4BD", "width": 0.7}, hoverinfo="skip", showlegend=False
        ),
        row=1,
        col=1,
    )
    if len(by_city):
        points = by_city.groupby(columns.COUNTRY).agg(
            lat=("lat", "mean"), lon=("lon", "mean"), centers=("centers", "sum")
        )
        names = [i18n.country_name(code, lang) for code in points.index]
        fig.add_trace(
            go.Scatter(
                x=points["lon"],
                y=points["lat"],
                mode="markers+text",
                text=points["centers"].astype(str),
                textfont={"color": style.INK, "size": style.SLIDE_FONT_SIZE - 4},
                hovertext=names,
                hovertemplate="%{hovertext}: %{text}<extra></extra>",
                showlegend=False,
                marker={
                    "size": 22 + 6 * np.sqrt(points["centers"]),
                    "color": style.ORANGE,
                    "line": {"color": "white", "width": 1.5},
                },
            ),
            row=1,
            col=1,
        )
    ranked = by_country.sort_values(["centers", columns.COUNTRY], ascending=[False, True])
    shown, rest = ranked.head(SLIDE_COUNTRIES), ranked.iloc[SLIDE_COUNTRIES:]
    labels = [i18n.country_name(code, lang) for code in shown[columns.COUNTRY]]
    values = list(shown["centers"])
    fig.add_trace(
        go.Bar(
            x=values[::-1],
            y=labels[::-1],
            orientation="h",
            marker_color=style.ORANGE,
            text=values[::-1],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x}<extra></extra>",
            showlegend=False,
        ),
        row=1,
        col=2,
    )
    base_layout(fig, t("page_foreign", lang), lang, True, height=520)
    if len(rest):  # the other countries in one line under the list (a bar of their sum would outweigh every country)
        fig.add_annotation(
            text=t(
                "other_countries_centers",
                lang,
                countries=i18n.counted("other_countries", len(rest), lang),
                centers=i18n.counted("n_centers", int(rest["centers"].sum()), lang),
            ),
            xref="x2 domain",
            yref="paper",
            x=1,
            y=0,
            xanchor="right",
            yanchor="bottom",
            showarrow=False,
            font={"size": style.SLIDE_FONT_SIZE - 2, "color": style.INK},
        )
    # The part of the one world that holds the network (the Americas to the Pacific).
    west, east = -130, 155
    south, north = -48, 72
    fig.update_xaxes(visible=False, range=[west, east], row=1, col=1)
    # Degrees of latitude stretched as at 40°N: the familiar shape of a world map.
    fig.update_yaxes(visible=False, range=[south, north], scaleanchor="x", scaleratio=1.3, row=1, col=1)
    fig.update_xaxes(visible=False, row=1, col=2)
    fig.update_yaxes(showgrid=False, ticks="", domain=[0.09, 1], row=1, col=2)
    fig.update_layout(margin={"l": 0, "r": 40, "b": 0}, bargap=0.25, dragmode=False)
    return fig


RUSSIA_CENTRE = {"lat": 64.0, "lon": 98.0}
# On a phone (a chart about 360 px wide) the whole country, Kaliningrad (20° E) to the tip
# of Chukotka (190° E), fits at this zoom around this centre: 184° of longitude over 360 px
# of MapLibre's 512-px world, log2(360 * 360 / (512 * 184)) ≈ 0.45.
PHONE_CHOROPLETH_ZOOM = 0.45
PHONE_RUSSIA_CENTRE = {"lat": 62.0, "lon": 104.0}


def choropleth_figure(
    coverage: pd.DataFrame,
    metric: str,
    lang: str,
    km: int | None = None,
    selected: str | None = None,
    highlight: set[str] | None = None,
    presenter: bool = False,
    phone: bool = False,
) -> go.Figure:
    """The 85 regions coloured by the classes of a metric (the same classes as the tile grid),
    one trace per class so the legend names each class's range; hover gives the full name,
    the value and how to open the region; a click opens it. MapLibre's blank "white-bg" style
    and the local GeoJSON: no tile, style or glyph is fetched."""
    geojson = geometry.country_regions()
    classes = metric_classes(coverage, metric)
    index = pd.Series(classes.index(coverage[metric].astype(float).fillna(0)), index=coverage.index)
    hover = dict(zip(coverage.index, region_hover(coverage, metric, lang, km)))
    faded = set(coverage.index) - set(highlight) if highlight else set()
    metric_name = metric_label(metric, lang, km)
    features = {f["properties"]["region_code"]: f for f in geojson["features"]}
    fig = go.Figure()
    for k, (label, colour) in enumerate(zip(classes.labels(lang), classes.colours)):
        # A subject without a boundary in the bundle (regions_extra.csv) is not drawn here:
        # the page says so, and its centers are on the points map.
        codes = [code for code in coverage.index if index[code] == k and code in features]
        # Each class's trace carries only its own regions' shapes: the browser gets every
        # region once, not once per class.
        shapes = {"type": "FeatureCollection", "features": [features[code] for code in codes]}
        fig.add_trace(
            go.Choroplethmap(
                geojson=shapes,
                featureidkey="properties.region_code",
                locations=codes,
                z=[k] * len(codes),
                colorscale=[[0, colour], [1, colour]],
                showscale=False,
                name=label,
                showlegend=True,
                marker={"line": {"color": "white", "width": 0.6}, "opacity": 1.0},
                selected={"marker": {"opacity": 1.0}},
                unselected={"marker": {"opacity": 1.0}},
                customdata=codes,
                hovertext=[hover[code] for code in codes],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    outlined = [code for code in coverage.index if (code == selected or code in faded) and code in features]
    if outlined:
        # The chosen region outlined in ink; regions outside a chosen district washed out.
        fig.add_trace(
            go.Choroplethmap(
                geojson={"type": "FeatureCollection", "features": [features[code] for code in outlined]},
                featureidkey="properties.region_code",
                locations=outlined,
                z=[0] * len(outlined),
                colorscale=[[0, "rgba(255,255,255,0.7)"], [1, "rgba(255,255,255,0.7)"]],
                showscale=False,
                showlegend=False,
                hoverinfo="skip",
                marker={
                    "line": {
                        "color": [style.INK if c == selected else "white" for c in outlined],
                        "width": [2.5 if c == selected else 0.6 for c in outlined],
                    },
                    "opacity": [0.0 if c == selected else 0.7 for c in outlined],
                },
            )
        )
    base_layout(fig, t("chart_choropleth", lang, metric=metric_name), lang, presenter, height=420 if phone else 560)
    fig.update_layout(
        map={
            "style": "white-bg",
            "center": PHONE_RUSSIA_CENTRE if phone else RUSSIA_CENTRE,
            "zoom": PHONE_CHOROPLETH_ZOOM if phone else 1.55,
        },
        clickmode="event+select",
        dragmode=False,
        margin={"l": 0, "r": 0, "b": 0},
        legend={
            "title": {"text": metric_name},
            "orientation": "v",
            "x": 0.01,
            "xanchor": "left",
            "y": 0.02,
            "yanchor": "bottom",
            "bgcolor": "rgba(255,255,255,0.85)",
        },
    )
    return fig


def coverage_over_time_figure(
    series: pd.DataFrame, lang: str, km: int, presenter: bool = False, by_region: pd.DataFrame | None = None
) -> go.Figure:
    """The share of residents within `km` of an open center, year by year: the country, and
    optionally a few regions (long rows: date, region_code, coverage)."""
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=series["date"],
            y=series["coverage"],
            mode="lines+markers",
            name=t("domestic", lang),
            line={"color": style.BLUE, "width": 3},
            customdata=[i18n.fmt_date(d, lang) for d in series["date"]],
            hovertext=[i18n.fmt_percent(v, lang) for v in series["coverage"]],
            hovertemplate="%{customdata}: %{hovertext}<extra></extra>",
        )
    )
    if by_region is not None:
        for code, rows in by_region.groupby("region_code", sort=False):
            name = i18n.region_name(code, lang)
            fig.add_trace(
                go.Scatter(
                    x=rows["date"],
                    y=rows["coverage"],
                    mode="lines",
                    name=name,
                    hovertext=[i18n.fmt_percent(v, lang) for v in rows["coverage"]],
                    hovertemplate="%{x|%Y}: %{hovertext}<extra>" + escape(name) + "</extra>",
                )
            )
    base_layout(
        fig,
        t("chart_coverage_over_time", lang, km=km),
        lang,
        presenter,
        height=360,
        x_title=t("year", lang),
        y_title=t("coverage_metric", lang),
    )
    fig.update_yaxes(tickformat=".0%", range=[0, 1])
    fig.update_xaxes(tickformat="%Y")
    return fig


COMPARE_COLOURS = (
    style.BLUE,
    style.VERMILLION,
    style.GREEN,
    style.PURPLE,
    style.ORANGE,
    style.SKY,
)  # as many as regions compared
COMPARE_METRICS = {"centers": "compare_centers", "per_100k": "per_100k", "coverage": "coverage_metric"}


def comparison_figure(
    table: pd.DataFrame, metric: str, lang: str, km: int | None = None, presenter: bool = False
) -> go.Figure:
    """One line per chosen region; the districts' and the country's averages as grey
    dashed reference lines (dotted for the country)."""
    fig = go.Figure()
    regions = [s for s in dict.fromkeys(table["series"]) if not s.startswith("district:") and s != "national"]
    colours = dict(zip(regions, COMPARE_COLOURS))
    district_dashes = iter(("dash", "longdash", "dashdot", "longdashdot", "5px,10px,2px,10px", "2px,6px"))
    for series, rows in table.groupby("series", sort=False):
        kind = rows["kind"].iloc[0]
        if kind == "region":
            name, line = i18n.region_name(series, lang), {"color": colours[series], "width": 3}
        elif kind == "district":
            name = t("compare_district_average", lang, district=i18n.district_name(series.split(":", 1)[1], lang))
            line = {"color": style.GREY, "width": 2, "dash": next(district_dashes)}
        else:
            name, line = t("compare_national_average", lang), {"color": style.INK, "width": 2, "dash": "dot"}
        values = rows[metric]
        text = [
            metric_value_text(v, metric if metric != "centers" or kind == "region" else "per_100k", lang)
            for v in values
        ]
        fig.add_trace(
            go.Scatter(
                x=rows["date"],
                y=values,
                mode="lines",
                name=name,
                line=line,
                hovertext=text,
                hovertemplate="%{x|%Y}: %{hovertext}<extra>" + escape(name) + "</extra>",
            )
        )
    title = t("compare_title_" + metric, lang, km=km)
    base_layout(
        fig,
        title,
        lang,
        presenter,
        height=380,
        x_title=t("year", lang),
        y_title=t(COMPARE_METRICS[metric], lang, km=km),
    )
    fig.update_xaxes(tickformat="%Y")
    if metric == "coverage":
        fig.update_yaxes(tickformat=".0%", range=[0, 1])
    return fig


TIMELAPSE_FRAME_MS = 70  # per month: 2009 to today plays in about a quarter of a minute


def _class_scale(colours: list[str]) -> list[list]:
    """A stepped colour scale for z = class index k (zmin 0, zmax n - 1): each class's colour
    from halfway below it to halfway above it."""
    top = max(len(colours) - 1, 1)
    scale = []
    for k, colour in enumerate(colours):
        scale += [[max(k - 0.5, 0) / top, colour], [min(k + 0.5, top) / top, colour]]
    return scale


def region_shapes(codes, colour: str, showlegend: bool = False, **trace) -> go.Scatter:
    """Regions as plain filled shapes in the Albers projection (one trace for all of them),
    white borders between them: how the time-lapse and the digest's map draw the country."""
    xs, ys = geometry.rings_km(codes)
    return go.Scatter(
        x=xs,
        y=ys,
        mode="lines",
        fill="toself",
        fillcolor=colour,
        line={"color": "white", "width": 0.6},
        showlegend=showlegend,
        **trace,
    )


def timelapse_figure(monthly: pd.DataFrame, milestones: pd.DataFrame, lang: str, presenter: bool = False) -> dict:
    """The domestic network month by month as an animation played in the browser (plotly
    frames, no rerun per frame): the regions coloured by their open centers (the classes of
    the last month), a running count, and each published figure appearing once its date
    has passed. `monthly` is `analytics.open_by_region_monthly`; the figure opens on the
    last month, and Play runs from the first.

    The regions are drawn as plain filled shapes in the Albers projection (SVG), not on a
    web map: a frame then draws in full before the next starts, so the colours, the count
    and the slider always show the same month (a WebGL map draws after the frame is
    started, and fell behind the slider while playing)."""
    codes = list(monthly.columns)
    classes = metric_classes(pd.DataFrame({"centers": monthly.iloc[-1]}), "centers")
    colours, labels = list(classes.colours), list(classes.labels(lang))
    counts = monthly.to_numpy().ravel()
    index = classes.index(counts)
    if not classes.zero:  # early months have regions without a center: they get the zero class
        colours, labels, index = [style.ZERO_COLOUR, *colours], ["0", *labels], np.where(counts > 0, index + 1, 0)
    values = index.reshape(monthly.shape).astype(np.int8)
    published = milestones[milestones["scope"] == columns.DOMESTIC].sort_values("date")
    published_lines = [
        (
            pd.Timestamp(day),
            f"{t('published', lang)} ({i18n.fmt_month(day, lang)}): "
            f"{t('bound_' + bound, lang)} {i18n.fmt_int(value, lang)}",
        )
        for day, bound, value in zip(published["date"], published["bound"], published["published"])
    ]
    totals = monthly.to_numpy().sum(axis=1)

    def notes(position: int) -> list[dict]:
        month = monthly.index[position]
        count = (
            f"<b>{i18n.fmt_month(month, lang)}</b>: {i18n.counted('n_centers_in_russia', int(totals[position]), lang)}"
        )
        lines = [line for day, line in published_lines if day <= month][-3:]
        look = {
            "xref": "paper",
            "yref": "paper",
            "x": 0.01,
            "xanchor": "left",
            "showarrow": False,
            "bgcolor": "rgba(255,255,255,0.85)",
            "align": "left",
        }
        # Every frame carries both annotations (the second empty and hidden before the first
        # published figure): plotly merges a frame's annotations into the layout's by
        # position, so a frame with fewer would leave the last frame's figures on screen.
        return [
            {**look, "text": count, "y": 0.99, "yanchor": "top", "font": {"size": style.PRESENTER_FONT_SIZE}},
            {
                **look,
                "text": "<br>".join(lines) or " ",
                "visible": bool(lines),
                "y": 0.88,
                "yanchor": "top",
                "font": {"size": style.FONT_SIZE + 1, "color": style.MILESTONE_COLOUR},
            },
        ]

    rings, (x0, y0, x1, y1) = geometry.projected_rings()
    drawn = [code for code in rings if code in codes]  # largest first: small regions on top
    column = [codes.index(code) for code in drawn]
    names = dict(zip(codes, i18n.region_names(codes, lang), strict=True))
    last = len(monthly) - 1
    fig = go.Figure()
    for code, position in zip(drawn, column, strict=True):
        fig.add_trace(
            region_shapes([code], colours[values[last, position]], hoveron="fills", name=names[code], hoverinfo="name")
        )
    for label, colour in zip(labels, colours, strict=True):
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                marker={"size": 13, "color": colour, "symbol": "square"},
                name=label,
                showlegend=True,
                hoverinfo="skip",
            )
        )
    base_layout(fig, t("chart_timelapse", lang), lang, presenter, height=560)
    fig.update_xaxes(visible=False, range=[x0 / 1000, x1 / 1000], showgrid=False)
    fig.update_yaxes(visible=False, range=[y0 / 1000, y1 / 1000], scaleanchor="x", scaleratio=1, showgrid=False)
    steps = [
        {
            "method": "animate",
            "label": str(month.year) if month.month == 1 else "",
            "args": [[str(i)], {"frame": {"duration": 0, "redraw": True}, "mode": "immediate"}],
        }
        for i, month in enumerate(monthly.index)
    ]
    play = {
        "frame": {"duration": TIMELAPSE_FRAME_MS, "redraw": True},
        "fromcurrent": False,
        "transition": {"duration": 0},
        "mode": "immediate",
    }
    pause = {"frame": {"duration": 0, "redraw": False}, "mode": "immediate"}
    fig.update_layout(
        dragmode=False,
        margin={"l": 0, "r": 0, "b": 70},
        annotations=notes(last),
        legend={
            "title": {"text": t("centers", lang)},
            "x": 0.99,
            "xanchor": "right",
            "y": 0.02,
            "yanchor": "bottom",
            "bgcolor": "rgba(255,255,255,0.85)",
        },
        updatemenus=[
            {
                "type": "buttons",
                "direction": "left",
                "x": 0,
                "xanchor": "left",
                "y": -0.02,
                "yanchor": "top",
                "pad": {"t": 8},
                "showactive": False,
                "buttons": [
                    {"label": t("timelapse_play", lang), "method": "animate", "args": [None, play]},
                    {"label": t("timelapse_pause", lang), "method": "animate", "args": [[None], pause]},
                ],
            }
        ],
        sliders=[
            {
                "active": last,
                "steps": steps,
                "x": 0.22,
                "len": 0.78,
                "y": -0.02,
                "yanchor": "top",
                "pad": {"t": 8},
                "currentvalue": {"visible": False},
                "ticklen": 3,
                "font": {"size": style.FONT_SIZE - 2},
            }
        ],
    )
    figure = fig.to_dict()
    regions = list(range(len(drawn)))
    # A frame's annotations are merged into the layout's, by position: they need only what changes.
    figure["frames"] = [
        {
            "name": str(i),
            "traces": regions,
            "layout": {"annotations": [{"text": a["text"], "visible": a.get("visible", True)} for a in notes(i)]},
            "data": [{"fillcolor": colours[values[i, position]]} for position in column],
        }
        for i in range(len(monthly))
    ]
    return figure


# --- a chart's data as a table ----------------------------------------------------------------
_TAG = re.compile(r"<[^>]+>")


def _plain_text(value) -> str:
    """Hover or label text without its markup: «Пенза<br>Центров: 40» -> «Пенза; Центров: 40»."""
    if value is None:
        return ""
    parts = [unescape(_TAG.sub("", part)).strip() for part in re.split(r"<br\s*/?>", str(value))]
    return "; ".join(part for part in parts if part)


def _values(data) -> list:
    """A trace's array as a list: plotly writes numbers as base64 typed arrays
    ({"dtype": "i1", "bdata": …}) in a figure's dict."""
    if isinstance(data, dict) and "bdata" in data:
        import base64

        return np.frombuffer(base64.b64decode(data["bdata"]), dtype=np.dtype(data["dtype"])).tolist()
    return list(data) if isinstance(data, list | tuple | np.ndarray) else [data]


def _without(text: str, part: str) -> str:
    return "; ".join(piece for piece in text.split("; ") if piece != part)


def _axis_title(layout: dict, axis: str, fallback: str) -> str:
    title = (layout.get(axis) or {}).get("title") or {}
    text = title.get("text") if isinstance(title, dict) else title
    return _plain_text(text) or fallback


def _cell(value):
    """A date written by plotly as «2024-05-16» (or with a time) is a date; numbers stay numbers."""
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}([ T]00:00(:00)?)?", value):
        return pd.Timestamp(value).date()
    return value


def figure_table(figure, lang: str) -> pd.DataFrame:
    """What a chart draws, as a table a screen reader or a keyboard can read («Показать
    таблицей»): one row per point, bar or region, with the trace it belongs to, its x and
    y under the axes' titles, and its hover text without markup. Legend-only traces (no
    data) and decorations (hover skipped) are left out."""
    spec = figure if isinstance(figure, dict) else figure.to_dict()
    layout = spec.get("layout", {})
    # A map drawn on hidden axes (the tile grid, the shapes of the time-lapse): its x and y
    # are positions on the drawing, not data.
    positions_only = (layout.get("xaxis") or {}).get("visible") is False
    hint = t("click_to_open", lang)
    x_title = _axis_title(layout, "xaxis", "")
    y_title = _axis_title(layout, "yaxis", t("value", lang))
    series, name_of = t("series", lang), t("description", lang)
    rows: list[dict] = []
    for trace in spec.get("data", []):
        if trace.get("hoverinfo") == "skip" and not trace.get("text"):
            continue
        name = _plain_text(trace.get("name"))
        hover = trace.get("hovertext") or trace.get("text")
        if trace.get("fill") == "toself" and trace.get("x") is not None:  # a shape (a region on a map)
            rows.append({series: name})
            continue
        if trace.get("locations") is not None:
            for k, location in enumerate(_values(trace["locations"])):
                text = hover[k] if isinstance(hover, list | tuple) and k < len(hover) else location
                rows.append({series: name, name_of: _plain_text(text)})
            continue
        if trace.get("lat") is not None:
            for k, _ in enumerate(_values(trace["lat"])):
                text = hover[k] if isinstance(hover, list | tuple) and k < len(hover) else hover
                rows.append({series: name, name_of: _plain_text(text)})
            continue
        xs, ys = trace.get("x"), trace.get("y")
        if xs is None or ys is None:
            continue
        xs, ys = _values(xs), _values(ys)
        if positions_only:
            texts = hover if isinstance(hover, list | tuple) else [hover] * len(xs)
            rows += [{series: name, name_of: _plain_text(text)} for x, text in zip(xs, texts) if x is not None]
            continue
        if all(v is None for v in xs) and all(v is None for v in ys):
            continue  # a legend entry only
        horizontal = trace.get("orientation") == "h"
        for k, (x, y) in enumerate(zip(xs, ys)):
            if x is None and y is None:
                continue
            text = hover[k] if isinstance(hover, list | tuple) and k < len(hover) else None
            category, value = (y, x) if horizontal else (x, y)
            rows.append(
                {
                    series: name,
                    (y_title if horizontal else x_title): _cell(category),
                    (x_title if horizontal else y_title): _cell(value),
                    name_of: _plain_text(text),
                }
            )
    table = pd.DataFrame(rows)
    if "" in table:  # an x axis without a title: its values say what they are
        dated = table[""].map(lambda v: isinstance(v, date)).any()
        table = table.rename(columns={"": t("date" if dated else "category", lang)})
    if name_of in table:
        table[name_of] = [_without(text, hint) for text in table[name_of].fillna("")]
    for column in list(table.columns):
        values = table[column]
        if values.isna().all() or (values.astype(str).str.strip() == "").all():
            table = table.drop(columns=column)
    if series in table and table[series].nunique() <= 1 and len(table.columns) > 1:
        table = table.drop(columns=series)
    return table.reset_index(drop=True)
