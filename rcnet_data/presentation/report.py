"""A region's report for a meeting, as PDF and as PPTX, built offline.

PDF: fpdf2 with the bundled DejaVu Sans (Cyrillic, data/fonts/); charts as PNG from plotly
through kaleido, which drives Debian's Chromium (no browser download, no internet). PPTX:
python-pptx with the overview deck's helpers (titles in title placeholders, speaker notes
with sources), the openings as a native chart and the map as a picture.

The map is a plain plotly figure in longitude and latitude (outline, centers, far towns,
suggested sites), drawn to the region's true proportions: it needs no map tiles and no
WebGL, so it exports the same way on any machine.
"""

from __future__ import annotations

import io
import math
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import shapely
from fpdf import FPDF
from fpdf.fonts import FontFace
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Inches, Pt

from rcnet_data.core import analytics, boundaries, columns
from rcnet_data.core import coverage as cov
from rcnet_data.core import reference as ref
from rcnet_data.presentation import exports, headline, i18n, style, tables, views
from rcnet_data.presentation.i18n import t
from rcnet_data.presentation.maps import east_of_antimeridian

FONT_DIR = ref.DATA_DIR / "fonts"
FONT = "DejaVu"
MAP_PX = (1000, 640)  # drawn 190 mm wide: type at 15 px prints at about 8 pt
CHART_PX = (1000, 420)
ROWS = 10  # events, far towns and sites listed in a report
OUTLINE_TOLERANCE_DEG = 0.005


@dataclass(frozen=True)
class RegionReport:
    """Everything one region's report shows, computed from the registry."""

    code: str
    lang: str
    as_of: date
    km: int
    figures: pd.Series  # the region's row of views.coverage: centers, ranks, per 100k, coverage, events
    centers: pd.DataFrame  # open on the date
    all_centers: pd.DataFrame  # every domestic center of the region, for the openings
    openings: go.Figure | None
    events: pd.DataFrame  # for people (tables.events_table)
    gaps: pd.DataFrame
    plan: pd.DataFrame
    demo: bool

    @property
    def name(self) -> str:
        return i18n.region_name(self.code, self.lang)


def region_report(reg, code: str, as_of: date, lang: str, km: int = cov.DEFAULT_KM, sites: int = 10) -> RegionReport:
    start = as_of - timedelta(days=365)
    row = views.coverage(reg, as_of, start, as_of, km).loc[code]
    openings = views.region_openings_chart(reg, code, as_of, lang, False)
    recent = views.region_events_table(reg, code, start, as_of, lang).head(ROWS)
    return RegionReport(
        code,
        lang,
        as_of,
        km,
        row,
        views.open_domestic(reg, as_of, "", code),
        analytics.filter_centers(reg.centers, columns.DOMESTIC, region=code),
        go.Figure(openings.to_dict()) if openings is not None else None,
        recent,
        views.gaps(reg, code, km, as_of),
        views.plan(reg, code, km, sites, as_of),
        reg.is_demo,
    )


def headline_rows(report: RegionReport) -> list[list[str]]:
    """[label, value with its rank or count] for each of the region's headline figures."""
    return [[card.label, card.with_detail()] for card in headline.region(report.figures, report.lang, report.km)]


REPORT_LABELLED_TOWNS = 6
REPORT_LABEL_PX = 13
PLOTLY_POSITIONS = {"top": "top center", "bottom": "bottom center", "right": "middle right", "left": "middle left"}


def report_town_labels(report: RegionReport, box: tuple[float, float, float, float], y_ratio: float):
    """The largest towns' names on the report's map, each where it covers no other name and
    no marker (labels.place_labels), in the map's pixels: the region fitted to the drawing
    at its true proportions. Returns names, plotly text positions, longitudes, latitudes."""
    from rcnet_data.presentation.labels import place_labels

    west, south, east, north = box
    width, height = MAP_PX[0] - 20, MAP_PX[1] - 70  # less the margins and the legend
    scale = min(width / max(east - west, 0.01), height / max((north - south) * y_ratio, 0.01))

    def pixels(lon, lat):
        lon = np.asarray(east_of_antimeridian(pd.Series(lon, dtype=float)), dtype=float)
        return lon * scale, -np.asarray(lat, dtype=float) * scale * y_ratio

    towns = ref.towns()
    candidates = towns[towns["region_code"] == report.code].nlargest(40, "population")
    names = [i18n.town_name(report.code, n, report.lang) for n in candidates["name_en"]]
    x, y = pixels(candidates["lon"], candidates["lat"])
    markers = []
    centers = report.centers.dropna(subset=[columns.LAT, columns.LON])
    for frame, radius in ((centers.rename(columns={columns.LON: "lon", columns.LAT: "lat"}), 6.0), (report.gaps, 5.0)):
        if len(frame):
            mx, my = pixels(frame["lon"], frame["lat"])
            markers += [(a, b, radius) for a, b in zip(mx, my)]
    if len(report.plan):  # a ring with its number above it
        px, py = pixels(report.plan["lon"], report.plan["lat"])
        markers += [(a, b, 11.0) for a, b in zip(px, py)] + [(a, b - 18, 9.0) for a, b in zip(px, py)]
    placed = place_labels(list(zip(x, y, names)), markers, REPORT_LABEL_PX, 2, limit=REPORT_LABELLED_TOWNS)
    chosen = candidates.iloc[list(placed)]
    return (
        [names[k] for k in placed],
        [PLOTLY_POSITIONS[position] for position, _ in placed.values()],
        east_of_antimeridian(chosen["lon"]).tolist(),
        chosen["lat"].tolist(),
    )


def region_map_figure(report: RegionReport) -> go.Figure:
    """The region in longitude and latitude at its true proportions: its outline, its open
    centers by kind, the towns farther than `km` from any center and the suggested sites."""
    region = shapely.simplify(boundaries.region_shapes()[report.code], OUTLINE_TOLERANCE_DEG)
    fig = go.Figure()
    for polygon in getattr(region, "geoms", [region]):
        lon, lat = (list(v) for v in polygon.exterior.xy)
        fig.add_trace(
            go.Scatter(
                x=east_of_antimeridian(pd.Series(lon)),
                y=lat,
                mode="lines",
                fill="toself",
                fillcolor="#F6F7F9",
                line={"color": style.INK, "width": 2},
                hoverinfo="skip",
                showlegend=False,
            )
        )
    lang = report.lang
    for kind, colour in style.KIND_COLOURS.items():
        chosen = report.centers[(report.centers[columns.KIND] == kind)].dropna(subset=[columns.LAT, columns.LON])
        if len(chosen):
            fig.add_trace(
                go.Scatter(
                    x=east_of_antimeridian(chosen[columns.LON]),
                    y=chosen[columns.LAT],
                    mode="markers",
                    name=t(kind, lang),
                    marker={"color": colour, "size": 9, "line": {"color": "white", "width": 1}},
                )
            )
    if len(report.gaps):
        fig.add_trace(
            go.Scatter(
                x=east_of_antimeridian(report.gaps["lon"]),
                y=report.gaps["lat"],
                mode="markers",
                name=t("gap_legend", lang, km=report.km),
                marker={"color": style.GAP_COLOUR, "size": 7, "symbol": "x"},
            )
        )
    if len(report.plan):
        fig.add_trace(
            go.Scatter(
                x=east_of_antimeridian(report.plan["lon"]),
                y=report.plan["lat"],
                mode="markers+text",
                name=t("plan_legend", lang),
                text=[str(r) for r in report.plan["rank"]],
                textposition="top center",
                textfont={"color": style.INK, "size": 13},
                marker={"color": "rgba(0,0,0,0)", "size": 16, "line": {"color": style.PLAN_COLOUR, "width": 3}},
            )
        )
    west, south, east, north = region.bounds
    middle = math.radians((south + north) / 2)
    names, positions, lons, lats = report_town_labels(
        report, (west, south, east, north), 1 / max(math.cos(middle), 0.2)
    )
    fig.add_trace(
        go.Scatter(
            x=lons,
            y=lats,
            mode="text",
            text=names,
            textposition=positions,
            textfont={"color": style.INK, "size": REPORT_LABEL_PX},
            showlegend=False,
            hoverinfo="skip",
        )
    )
    fig.update_xaxes(visible=False)
    # A degree of latitude is 1 / cos(latitude) degrees of longitude long on the ground.
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1 / max(math.cos(middle), 0.2))
    fig.update_layout(
        plot_bgcolor="white",
        paper_bgcolor="white",
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        font={"family": style.FONT_FAMILY, "size": 15, "color": style.INK},
        legend={"orientation": "h", "x": 0, "y": -0.02, "yanchor": "top"},
    )
    return fig


def png(figure: go.Figure, size: tuple[int, int]) -> bytes:
    """A static PNG of a figure (kaleido with Debian's Chromium), drawn the same in every
    process: a figure made inside the dashboard carries the template Streamlit makes the
    default there (no axis automargin: years and axis titles fall off the chart), one made
    by the command line plotly's own. The export always lays it out with plotly's."""
    figure = go.Figure(figure)
    figure.update_layout(template=pio.templates["plotly"])
    with warnings.catch_warnings():  # kaleido's note that a running server ignores per-call options
        warnings.simplefilter("ignore", UserWarning)
        return pio.to_image(figure, format="png", width=size[0], height=size[1], scale=1)


@contextmanager
def chart_server():
    """Keep one Chromium running for many charts (kaleido starts one per chart otherwise, ~2 s each)."""
    import kaleido

    started = False
    try:
        kaleido.start_sync_server(silence_warnings=True)
        started = True
    except Exception:  # an older kaleido or a server already running: charts still export, one browser each
        pass
    try:
        yield
    finally:
        if started:
            kaleido.stop_sync_server(silence_warnings=True)


def region_images(report: RegionReport) -> tuple[bytes, bytes | None]:
    """The report's map and openings chart as PNG."""
    return png(region_map_figure(report), MAP_PX), openings_png(report)


def openings_png(report: RegionReport) -> bytes | None:
    if report.openings is None:
        return None
    figure = go.Figure(report.openings)
    figure.update_layout(title=None, height=None, margin={"l": 10, "r": 10, "t": 10, "b": 10})
    return png(figure, CHART_PX)


def sources(report: RegionReport) -> str:
    return sources_line(report.as_of, report.lang, report.demo)


def sources_line(day, lang: str, demo: bool) -> str:
    """Where a document's numbers come from, on a day, and whether they are demo data."""
    text = t("report_sources", lang, date=i18n.fmt_date(day, lang))
    return f"{text} {t('slides_demo_note', lang)}" if demo else text


def demo_line(pdf: FPDF, lang: str) -> None:
    """The demo notice under a document's title, in orange."""
    pdf.set_text_color(213, 94, 0)
    pdf.set_font(FONT, size=9)
    line(pdf, 5, t("demo_footer", lang))
    pdf.set_text_color(0, 0, 0)


class _Document(FPDF):
    footer_text = ""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, size=7)
        self.set_text_color(90, 90, 90)
        self.cell(0, 5, f"{self.footer_text} · {self.page_no()}/{{nb}}", align="C")


def new_document(footer: str, title: str) -> FPDF:
    """An A4 document in DejaVu Sans (Cyrillic), its footer line and page numbers on every page."""
    pdf = _Document(format="A4")
    pdf.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.footer_text = footer
    pdf.set_title(title)
    pdf.set_auto_page_break(True, margin=16)
    pdf.add_page()
    return pdf


def region_report_pdf(report: RegionReport, map_png: bytes | None = None, chart_png: bytes | None = None) -> bytes:
    """An A4 report: name, date and demo notice; headline figures with ranks; the map; the
    openings; recent events; far towns and suggested sites; sources."""
    lang = report.lang
    pdf = new_document(f"rcnet · {report.name} · {i18n.fmt_date(report.as_of, lang)}", f"{report.name} · rcnet")
    pdf.set_font(FONT, "B", 20)
    line(pdf, 10, report.name)
    pdf.set_font(FONT, size=11)
    line(pdf, 6, t("report_subtitle", lang, date=i18n.fmt_date(report.as_of, lang)))
    if report.demo:
        demo_line(pdf, lang)
    pdf.ln(3)
    pdf_table(pdf, headline_rows(report), (95, 95), header=None)
    pdf.ln(3)
    image = map_png if map_png is not None else png(region_map_figure(report), MAP_PX)
    image_block(pdf, image, MAP_PX)
    chart = chart_png if chart_png is not None else openings_png(report)
    if chart is None:
        heading(pdf, t("chart_region_openings", lang))
        line(pdf, 6, t("no_centers_yet", lang, date=i18n.fmt_date(report.as_of, lang)))
    else:
        image_block(pdf, chart, CHART_PX, t("chart_region_openings", lang))
    heading(pdf, t("recent_events", lang))
    events = report.events
    if events.empty:
        line(pdf, 6, t("report_no_events", lang))
    else:
        pdf_table(
            pdf,
            [
                [i18n.fmt_date(d, lang, short=True), str(title), str(place)]
                for d, title, place in zip(events[t("date", lang)], events[t("title", lang)], events[t("place", lang)])
            ],
            (25, 105, 60),
            header=[t("date", lang), t("title", lang), t("place", lang)],
        )
    heading(pdf, t("gap_towns", lang, km=report.km))
    if report.gaps.empty:
        line(pdf, 6, t("no_gaps", lang, km=report.km))
    else:
        far = tables.gaps_table(report.gaps.head(ROWS), lang, report.code)
        pdf_table(
            pdf,
            [
                [str(town), i18n.fmt_fixed(d, lang, 1), i18n.fmt_int(p, lang), str(where)]
                for town, d, p, _center, where in far.itertuples(index=False)
            ],
            (55, 30, 35, 70),
            header=[t("town", lang), t("distance_km", lang), t("population", lang), t("nearest_center_town", lang)],
        )
    heading(pdf, t("plan_title", lang, n=len(report.plan), km=report.km))
    if report.plan.empty:
        line(pdf, 6, t("plan_nothing", lang, km=report.km))
    else:
        plan = tables.plan_table(report.plan, report.code, lang)
        pdf_table(
            pdf,
            [
                [str(r), str(town), i18n.fmt_int(g, lang), i18n.fmt_percent(share, lang)]
                for r, town, g, _c, share, *_ in plan.itertuples(index=False)
            ],
            (15, 75, 50, 50),
            header=[t("plan_rank", lang), t("town", lang), t("plan_gained_column", lang), t("plan_share_column", lang)],
        )
    pdf.ln(4)
    pdf.set_font(FONT, size=8)
    line(pdf, 4, sources(report))
    return bytes(pdf.output())


def line(pdf: FPDF, height: int, text: str) -> None:
    """A paragraph across the page; the next starts under it at the left margin."""
    pdf.multi_cell(0, height, text, new_x="LMARGIN", new_y="NEXT", align="L")


def image_block(pdf: FPDF, image: bytes, size: tuple[int, int], title: str | None = None) -> None:
    """A full-width image, with its heading kept on the same page as it."""
    height = 190 * size[1] / size[0]
    if pdf.get_y() + height + (14 if title else 0) > pdf.h - 18:
        pdf.add_page()
    if title:
        heading(pdf, title)
    pdf.image(io.BytesIO(image), w=190)


def heading(pdf: FPDF, text: str) -> None:
    """A section's heading, never alone at the foot of a page (kept with what follows)."""
    if pdf.get_y() > pdf.h - 45:
        pdf.add_page()
    pdf.ln(4)
    pdf.set_font(FONT, "B", 13)
    line(pdf, 7, text)
    pdf.set_font(FONT, size=10)


def pdf_table(
    pdf: FPDF, rows: list[list[str]], widths: tuple[float, ...], header: list[str] | None, size: int = 10
) -> None:
    pdf.set_font(FONT, size=size)
    bold = FontFace(emphasis="BOLD")
    with pdf.table(
        col_widths=widths,
        first_row_as_headings=header is not None,
        headings_style=bold,
        line_height=round(size * 0.6),
        text_align="LEFT",
    ) as table:
        for row in ([header] if header else []) + rows:
            cells = table.row()
            for value in row:
                cells.cell(str(value))


def region_report_pptx(report: RegionReport, map_png: bytes | None = None) -> bytes:
    """The same report as slides: titles in placeholders, notes with the sources."""
    lang = report.lang
    deck = Presentation()
    deck.slide_width, deck.slide_height = exports.SLIDE_W, exports.SLIDE_H
    notes = sources(report)
    date_text = i18n.fmt_date(report.as_of, lang)

    slide = exports.add_titled_slide(deck, report.name, f"{t('slides_notes_headline', lang)}\n{notes}", 34)
    box = slide.shapes.add_textbox(Inches(0.5), Inches(1.3), Inches(12.3), Inches(5.5)).text_frame
    box.word_wrap = True
    box.text = t("report_subtitle", lang, date=date_text)
    box.paragraphs[0].font.size = Pt(20)
    for label, value in headline_rows(report):
        paragraph = box.add_paragraph()
        paragraph.text = f"{label}: {value}"
        paragraph.font.size = Pt(24)
    if report.demo:
        paragraph = box.add_paragraph()
        paragraph.text = t("demo_footer", lang)
        paragraph.font.size = Pt(14)

    slide = exports.add_titled_slide(
        deck, t("report_map_title", lang, km=report.km), f"{t('report_map_notes', lang, km=report.km)}\n{notes}"
    )
    image = map_png if map_png is not None else png(region_map_figure(report), MAP_PX)
    slide.shapes.add_picture(io.BytesIO(image), Inches(1.9), Inches(1.25), height=Inches(6.0))

    slide = exports.add_titled_slide(deck, t("chart_region_openings", lang), notes)
    openings = analytics.openings_by_period(report.all_centers, "YS", None, end=report.as_of)
    if len(openings):
        data = CategoryChartData()
        data.categories = [str(pd.Timestamp(d).year) for d in openings["period"]]
        data.add_series(t("openings", lang), [int(v) for v in openings["openings"]])
        chart = slide.shapes.add_chart(
            XL_CHART_TYPE.COLUMN_CLUSTERED, Inches(0.5), Inches(1.3), Inches(12.3), Inches(5.8), data
        ).chart
        chart.has_legend = False
        chart.plots[0].has_data_labels = True

    slide = exports.add_titled_slide(deck, t("recent_events", lang), notes)
    rows = [
        [i18n.fmt_date(d, lang, short=True), str(title), str(place)]
        for d, title, place in zip(
            report.events[t("date", lang)], report.events[t("title", lang)], report.events[t("place", lang)]
        )
    ]
    pptx_table(
        slide,
        [t("date", lang), t("title", lang), t("place", lang)],
        rows or [["—", t("report_no_events", lang), ""]],
        (1.8, 7.0, 3.5),
    )

    slide = exports.add_titled_slide(deck, t("plan_title", lang, n=len(report.plan), km=report.km), notes)
    plan = tables.plan_table(report.plan, report.code, lang) if len(report.plan) else pd.DataFrame()
    rows = [
        [str(r), str(town), i18n.fmt_int(g, lang), i18n.fmt_percent(share, lang)]
        for r, town, g, _c, share, *_ in plan.itertuples(index=False)
    ]
    pptx_table(
        slide,
        [t("plan_rank", lang), t("town", lang), t("plan_gained_column", lang), t("plan_share_column", lang)],
        rows or [["—", t("plan_nothing", lang, km=report.km), "", ""]],
        (1.0, 5.3, 3.0, 3.0),
    )

    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def pptx_table(slide, header: list[str], rows: list[list[str]], widths: tuple[float, ...], size: int = 14) -> None:
    shape = slide.shapes.add_table(
        len(rows) + 1, len(header), Inches(0.5), Inches(1.3), Inches(sum(widths)), Inches(0.4 * (len(rows) + 1))
    )
    table = shape.table
    for column, width in enumerate(widths):
        table.columns[column].width = Inches(width)
    for r, row in enumerate([header, *rows]):
        for c, value in enumerate(row):
            cell = table.cell(r, c)
            cell.text = str(value)
            cell.text_frame.paragraphs[0].font.size = Pt(size)


def file_name(code: str, as_of: date, lang: str, extension: str) -> str:
    return f"rcnet-{code}-{as_of.isoformat()}-{lang}.{extension}"
