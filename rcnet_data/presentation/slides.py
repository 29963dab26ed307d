"""Presenter mode as a slideshow: which slides there are, in what order, and the figures
and tables each shows, sized for a projector.

Pure functions (no Streamlit): `ui.slideshow` lays a slide out. A slide's chart fills the
space the screen leaves (its height comes from the browser, not the figure), with type
legible at projector distance: ticks and labels at `style.SLIDE_FONT_SIZE` px in ink.
"""

from __future__ import annotations

import copy
from datetime import date, timedelta
from html import escape

from rcnet_data.core import analytics, columns
from rcnet_data.core import coverage as cov
from rcnet_data.presentation import digest, figures, i18n, style, tables, views
from rcnet_data.presentation.i18n import t

SLIDES = ("headline", "growth", "choropleth", "foreign", "regions", "events", "timelapse", "changes")
EVENT_ROWS = 6  # latest events on their slide: as many as fit a 720-pixel screen in large type
OPENED_ROWS = 3  # the newest openings under the changes slide's cards and sentence
TOP_REGIONS = 10


def slide_key(number: int) -> str:
    return SLIDES[min(max(number, 1), len(SLIDES)) - 1]


def slide_title(number: int, lang: str, region: str = "", since: date | None = None) -> str:
    key = slide_key(number)
    if key == "regions" and region:
        return i18n.region_name(region, lang)
    if key == "changes" and since is not None:  # «Что изменилось с 1 ноября 2026»
        return t("changes_title", lang, since=i18n.fmt_date(since, lang))
    return t(f"slide_{key}", lang)


def for_slide(figure: dict) -> dict:
    """A figure made to fill its slide: no fixed height (the slide's box decides), no title
    (the slide has one), every tick, label and legend entry large and dark."""
    fig = copy.deepcopy(figure)
    layout = fig.setdefault("layout", {})
    layout.pop("height", None)
    layout["autosize"] = True
    layout.pop("title", None)
    size = style.SLIDE_FONT_SIZE
    layout["font"] = {**layout.get("font", {}), "size": size, "color": style.INK}
    legend = {**layout.get("legend", {}), "font": {"size": size, "color": style.INK}}
    if "map" not in layout:  # a map keeps its legend where it is, over the sea
        # Above the plot in one row; beside it when subplot titles take the top.
        legend |= (
            {"orientation": "v", "x": 1.01, "xanchor": "left", "y": 1, "yanchor": "top"}
            if layout.get("annotations")
            else {"orientation": "h", "x": 0, "xanchor": "left", "y": 1.0, "yanchor": "bottom"}
        )
    layout["legend"] = legend
    layout["hoverlabel"] = {"font": {"size": size}}
    margin = layout.get("margin", {})
    # Room under the plot only for a time-lapse's play button and slider.
    layout["margin"] = {**margin, "t": 50, "b": 90 if layout.get("sliders") else 10}
    for name, axis in layout.items():
        if name.startswith(("xaxis", "yaxis")) and isinstance(axis, dict):
            axis["tickfont"] = {"size": size, "color": style.INK}
            title = axis.get("title")
            if isinstance(title, dict):
                title["font"] = {"size": size, "color": style.INK}
    # Colour bars (choropleth) and annotations (milestone labels) in the same type.
    for trace in fig.get("data", []):
        bar = trace.get("colorbar")
        if isinstance(bar, dict):
            bar["tickfont"] = {"size": size, "color": style.INK}
    # Annotations (milestone labels, a time-lapse's running count) in the same type, in
    # every animation frame too.
    for holder in [layout, *(frame.get("layout", {}) for frame in fig.get("frames", []) or [])]:
        for note in holder.get("annotations", []) or []:
            note["font"] = {**note.get("font", {}), "size": size, "color": note.get("font", {}).get("color", style.INK)}
    for slider in layout.get("sliders", []) or []:
        slider["font"] = {"size": size - 4, "color": style.INK}
    return fig


def frozen(figure) -> views.FrozenFigure:
    """A figure made for a slide and frozen: Streamlit then sends its dict as it is, instead
    of validating it again on every run (the time-lapse's frames took 0.15 s a run)."""
    return views.FrozenFigure.from_dict(for_slide(figure.to_dict()))


@views.memo
def growth_slide(reg, as_of: date, lang: str) -> tuple[views.FrozenFigure, str]:
    figure, alt = views.growth_chart(reg, as_of, lang, True)
    return frozen(figure), alt


@views.memo
def timelapse_slide(reg, as_of: date, lang: str) -> tuple[views.FrozenFigure, str]:
    return frozen(views.timelapse(reg, as_of, lang, True)), t("chart_timelapse", lang)


@views.memo
def choropleth_slide(reg, as_of: date, lang: str) -> tuple[views.FrozenFigure, str]:
    start = as_of - timedelta(days=365)
    figure, alt = views.regions_chart(
        reg, as_of, start, as_of, cov.DEFAULT_KM, "centers", "choropleth", lang, "", "", 0.0, True
    )
    return frozen(figure), alt


@views.memo
def foreign_slide(reg, as_of: date, lang: str) -> tuple[views.FrozenFigure, str]:
    figure = figures.foreign_slide_figure(
        analytics.foreign_by_city(reg.centers, as_of), analytics.foreign_by_country(reg.centers, as_of), lang
    )
    size = analytics.network_size(reg.centers, as_of)
    alt = t(
        "alt_foreign_slide",
        lang,
        centers=i18n.counted("n_centers", size.foreign_centers, lang),
        countries=i18n.counted("n_countries", size.countries, lang),
    )
    return frozen(figure), alt


@views.memo
def regions_slide(reg, as_of: date, lang: str, region: str) -> tuple[views.FrozenFigure, str]:
    """The regions with the most centers; a chosen region is drawn among them in its own
    colour, added at the bottom when it is not in the top ten, with its rank said."""
    table = views.coverage(reg, as_of, as_of - timedelta(days=365), as_of, cov.DEFAULT_KM)
    fig = figures.top_regions_figure(table, lang, TOP_REGIONS, presenter=True, highlight=region or None)
    ranked = table.sort_values("centers", ascending=False)
    if region and region in ranked.index:
        rank = list(ranked.index).index(region) + 1
        alt = t(
            "alt_region_slide",
            lang,
            region=i18n.region_name(region, lang),
            total=len(ranked),
            centers=i18n.counted("n_centers", int(ranked.at[region, "centers"]), lang),
            rank=rank,
        )
    else:
        alt = t("alt_top_regions", lang, n=TOP_REGIONS)
    return frozen(fig), alt


@views.memo
def events_slide(reg, as_of: date, lang: str) -> str:
    """The latest events as a large-type HTML table: date, title, place (registry text escaped)."""
    latest = analytics.latest_events(reg.events, as_of, EVENT_ROWS)
    if latest.empty:
        return f"<p class='rcnet-slide-empty'>{escape(t('nothing_found', lang))}</p>"
    return _dated_rows(latest, columns.DATE, columns.TITLE, lang)


def _dated_rows(frame, day_column: str, text_column: str, lang: str) -> str:
    """Rows of a day, a text and a place as a large-type HTML table (registry text escaped)."""
    rows = [
        f"<tr><td class='when'>{escape(i18n.fmt_date(day, lang))}</td><td class='what'>{escape(str(text))}</td>"
        f"<td class='where'>{escape(tables.place_label(network, country, region, city, lang))}</td></tr>"
        for day, text, network, country, region, city in zip(
            frame[day_column],
            frame[text_column],
            frame[columns.NETWORK],
            frame[columns.COUNTRY],
            frame[columns.REGION_CODE],
            frame[columns.CITY],
        )
    ]
    return "<table class='rcnet-slide-events'>" + "".join(rows) + "</table>"


@views.memo
def changes_slide(reg, since: date, as_of: date, km: int, lang: str) -> tuple[list, str, str]:
    """What changed since `since`: the page's four cards, its first sentence, and the newest
    openings as a large-type HTML table (registry text escaped)."""
    found = views.changes(reg, since, as_of, km)
    newest = found.opened.head(OPENED_ROWS)
    table = _dated_rows(newest, columns.OPENED_ON, columns.NAME, lang) if len(newest) else ""
    return digest.headlines(found, lang), digest.summary(found, lang)[0], table
