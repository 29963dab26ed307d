"""Downloads: tables as CSV and XLSX that spreadsheets cannot execute, and the overview
as a PPTX deck with native, editable charts (python-pptx: no browser needed)."""

from __future__ import annotations

import csv
import io
import numbers
import re
from datetime import date

import numpy as np
import pandas as pd
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION, XL_MARKER_STYLE
from pptx.enum.text import PP_ALIGN
from pptx.util import Emu, Inches, Pt

from rcnet_data.core import columns
from rcnet_data.presentation import geometry, i18n, style, tables
from rcnet_data.presentation.figures import metric_classes
from rcnet_data.presentation.i18n import t

# A cell starting with one of these is read as a formula by Excel, LibreOffice and Sheets.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CSV_MIME = "text/csv"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
PDF_MIME = "application/pdf"


LINE_BREAK = re.compile(r"(\r\n|\r|\n)")


def is_formula_like(value) -> bool:
    """Whether a spreadsheet could run any part of this text as a formula: its start, or the
    start of any line in it (a program that splits a row at a bare CR runs what follows)."""
    if not isinstance(value, str):
        return False
    return value.startswith(FORMULA_PREFIXES) or any(
        line.startswith(FORMULA_PREFIXES) for line in LINE_BREAK.split(value)[2::2]
    )


def neutralise(value):
    """Text that a spreadsheet would run as a formula gets a leading apostrophe, at its start
    and after every line break (in CSV, the only way to say "this is text")."""
    if not is_formula_like(value):
        return value
    parts = LINE_BREAK.split(value)
    parts[0::2] = ["'" + part if part.startswith(FORMULA_PREFIXES) else part for part in parts[0::2]]
    return "".join(parts)


def safe_table(frame: pd.DataFrame) -> pd.DataFrame:
    table = frame.copy()
    for column in table.columns:
        if table[column].dtype == object or pd.api.types.is_string_dtype(table[column]):
            table[column] = table[column].map(neutralise)
    table.columns = [neutralise(str(c)) for c in table.columns]
    return table


def _is_date_column(values: pd.Series) -> bool:
    return pd.api.types.is_datetime64_any_dtype(values) or bool(values.map(lambda v: isinstance(v, date)).any())


def to_csv_bytes(frame: pd.DataFrame, lang: str = "en") -> bytes:
    """CSV that the language's spreadsheets open correctly: UTF-8 with a BOM; in Russian
    «;» between fields, decimal commas and dates as 16.05.2024 (Russian Excel reads «,» as
    the decimal mark); in English «,» and «.», dates as 2024-05-16."""
    table = safe_table(frame)
    decimal, _ = i18n.number_symbols(lang)
    separator = ";" if decimal == "," else ","
    shares = {neutralise(str(c)) for c in tables.share_columns(frame)}
    for column in table.columns:
        if column in shares:  # 72,6% (ru) / 72.6% (en): spreadsheets read it as the number 0.726
            table[column] = [
                f"{v * 100:.{i18n.SHARE_DIGITS}f}%".replace(".", decimal) if pd.notna(v) else "" for v in table[column]
            ]
        elif _is_date_column(table[column]):
            table[column] = pd.to_datetime(table[column]).dt.strftime(DATE_CSV[separator]).fillna("")
    # Lines end in CRLF, so that every field holding a CR or an LF is quoted (the csv module
    # quotes a field that holds any character of the line terminator).
    return table.to_csv(
        index=False, sep=separator, decimal=decimal, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL
    ).encode("utf-8-sig")


# Dates in CSV files: as each language's spreadsheet recognises them.
DATE_CSV = {";": "%d.%m.%Y", ",": "%Y-%m-%d"}


def to_xlsx_bytes(frame: pd.DataFrame, sheet: str = "rcnet") -> bytes:
    """XLSX in which no cell is ever a formula: every text is written as text, and text that
    looks like one carries Excel's quote prefix, so it shows as written (no visible
    apostrophe). Dates are Excel dates (26.11.2026), shares numbers shown as 72.6 %, each
    column wide enough for its longest value. Written by XlsxWriter (python-pptx's own
    dependency) cell by cell: openpyxl took 8 s for the registry's 8,000 events."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    sheet_out = book.add_worksheet(sheet[:31])
    date_format = book.add_format({"num_format": XLSX_DATE})
    share_format = book.add_format({"num_format": "0." + "0" * i18n.SHARE_DIGITS + "%"})
    quoted = book.add_format({"quote_prefix": True})
    shares = {str(c) for c in tables.share_columns(frame)}
    for position, name in enumerate(frame.columns):
        label = str(name)
        sheet_out.write_string(0, position, label, quoted if is_formula_like(label) else None)
        values = frame.iloc[:, position]
        longest = len(label)
        if pd.api.types.is_datetime64_any_dtype(values) or _is_date_column(values):
            days = pd.to_datetime(values)
            if isinstance(days.dtype, pd.DatetimeTZDtype):
                days = days.dt.tz_localize(None)
            for row, day in enumerate(days, start=1):
                if pd.notna(day):
                    sheet_out.write_datetime(row, position, day.to_pydatetime(), date_format)
            longest = max(longest, 10)
        elif pd.api.types.is_bool_dtype(values):
            for row, value in enumerate(values, start=1):
                if pd.notna(value):
                    sheet_out.write_boolean(row, position, bool(value))
        elif pd.api.types.is_numeric_dtype(values):
            cell_format = share_format if label in shares else None
            for row, value in enumerate(values, start=1):
                if pd.notna(value):
                    sheet_out.write_number(row, position, float(value), cell_format)
                    longest = max(longest, len(str(value)))
        else:
            for row, value in enumerate(values, start=1):
                if value is None or (not isinstance(value, str) and pd.isna(value)):
                    continue
                if isinstance(value, bool | np.bool_):
                    sheet_out.write_boolean(row, position, bool(value))
                    continue
                if isinstance(value, numbers.Number):
                    sheet_out.write_number(row, position, float(value))
                    longest = max(longest, len(str(value)))
                    continue
                text = str(value)
                sheet_out.write_string(row, position, text, quoted if is_formula_like(text) else None)
                longest = max(longest, len(text))
        # Wide enough for the longest value (dates never shown as «####»), at most 60 characters.
        sheet_out.set_column(position, position, min(max(longest, 10) + 2, 60))
    book.close()
    return buffer.getvalue()


XLSX_DATE = "DD.MM.YYYY"


def _rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#"))


TITLE_ONLY = 5  # the default template's "Title Only" layout: the title is a real title placeholder
SLIDE_W, SLIDE_H = Inches(13.333), Inches(7.5)


def add_titled_slide(deck, text: str, notes: str, size: int = 30):
    """A slide whose title is in its title placeholder (PowerPoint's outline view, screen
    readers and python-pptx find it), with speaker notes saying where the numbers come from."""
    slide = deck.slides.add_slide(deck.slide_layouts[TITLE_ONLY])
    title = slide.shapes.title
    title.left, title.top, title.width, title.height = Inches(0.5), Inches(0.25), Inches(12.3), Inches(0.9)
    title.text = text
    paragraph = title.text_frame.paragraphs[0]
    paragraph.alignment = PP_ALIGN.LEFT
    paragraph.font.size = Pt(size)
    paragraph.font.bold = True
    paragraph.font.color.rgb = _rgb(style.INK)
    slide.notes_slide.notes_text_frame.text = notes
    return slide


def _notes(lang: str, as_of, demo: bool, what: str) -> str:
    """Speaker notes: what the slide shows, the source of its numbers, and whether they are demo data."""
    lines = [what, t("slides_notes_source", lang, date=i18n.fmt_date(as_of, lang))]
    lines.append(t("slides_demo_note", lang) if demo else t("slides_notes_registry", lang))
    return "\n".join(lines)


def overview_deck(reg, as_of: date, lang: str) -> bytes:
    """The overview deck of a registry on a date: the file the Overview's button gives and
    `python -m rcnet_data deck` writes (one builder for both)."""
    from datetime import timedelta

    from rcnet_data.core import analytics
    from rcnet_data.core import coverage as cov
    from rcnet_data.presentation import headline, views

    table = views.coverage(reg, as_of, as_of - timedelta(days=365), as_of, cov.DEFAULT_KM)
    shown = views.milestones(reg)
    shown = shown[shown["date"] <= as_of.isoformat()]
    year_end = analytics.year_end_counts(reg.centers, GROWTH_FIRST_YEAR, as_of)
    return overview_slides(headline.network(reg.centers, as_of, lang), year_end, table, lang, as_of, reg.is_demo, shown)


GROWTH_FIRST_YEAR = 2009  # the library's first year


def deck_file_name(as_of: date, lang: str) -> str:
    return f"rcnet-{as_of.isoformat()}-{lang}.pptx"


def overview_slides(
    headlines: list,
    year_end: pd.DataFrame,
    coverage: pd.DataFrame,
    lang: str,
    as_of,
    demo: bool,
    milestones: pd.DataFrame | None = None,
) -> bytes:
    """Five 16:9 slides: headline figures, growth with the published figures, the map of the
    regions, the tile grid, the top regions.

    Charts are native PowerPoint charts built from the data, so a presenter can restyle or
    re-read them in PowerPoint or LibreOffice; the map and the tile grid are editable shapes
    with a colour legend. Titles sit in title placeholders; each slide's notes say where
    its numbers come from and whether they are demo data. `headlines`: headline.network.
    """
    deck = Presentation()
    deck.slide_width, deck.slide_height = SLIDE_W, SLIDE_H
    date_text = i18n.fmt_date(as_of, lang)

    slide = add_titled_slide(
        deck, t("slides_title", lang), _notes(lang, as_of, demo, t("slides_notes_headline", lang)), 34
    )
    subtitle = slide.shapes.add_textbox(Inches(0.5), Inches(1.1), Inches(12), Inches(0.6)).text_frame
    subtitle.text = t("slides_subtitle", lang, date=date_text)
    subtitle.paragraphs[0].font.size = Pt(20)
    for index, card in enumerate(headlines):
        label, value = card.label, card.value
        left = Inches(0.5 + index * 2.5)
        box = slide.shapes.add_textbox(left, Inches(2.6), Inches(2.4), Inches(2.2)).text_frame
        box.word_wrap = True
        box.text = value
        box.paragraphs[0].font.size = Pt(40 if len(value) <= 6 else 30)  # «85 из 85» on one line
        box.paragraphs[0].font.bold = True
        box.paragraphs[0].font.color.rgb = _rgb(style.BLUE)
        label_paragraph = box.add_paragraph()
        label_paragraph.text = label
        label_paragraph.font.size = Pt(16)
    if demo:
        note = slide.shapes.add_textbox(Inches(0.5), Inches(6.6), Inches(12.3), Inches(0.6)).text_frame
        note.word_wrap = True
        note.text = t("slides_demo_note", lang)
        note.paragraphs[0].font.size = Pt(14)
        note.paragraphs[0].font.color.rgb = _rgb(style.VERMILLION)

    growth_slide(deck, year_end, milestones, lang, as_of, demo)

    slide = add_titled_slide(
        deck,
        t("chart_choropleth", lang, metric=t("centers", lang)),
        _notes(lang, as_of, demo, t("slides_notes_map", lang, total=len(coverage))),
    )
    classes = metric_classes(coverage, "centers")
    choropleth_shapes(slide, coverage, classes, Inches(0.4), Inches(1.3), Inches(9.9), Inches(5.9))
    class_legend(slide, classes, lang, t("centers", lang), Inches(10.6), Inches(4.2))

    slide = add_titled_slide(
        deck,
        t("chart_tiles", lang, metric=t("centers", lang)),
        _notes(lang, as_of, demo, t("slides_notes_tiles", lang)),
    )
    # The same tiles, classes and colours as the dashboard's tile grid and choropleth.
    tile = Inches(0.44)  # 13 rows fit under the title of a 7.5-inch slide
    index = classes.index(coverage["centers"])
    for (code, row), k in zip(coverage.iterrows(), index):
        shape = slide.shapes.add_shape(
            1,
            Inches(0.6) + int(row["tile_col"]) * Emu(tile * 1.06),
            Inches(1.25) + int(row["tile_row"]) * Emu(tile * 1.06),
            tile,
            tile,
        )
        shape.fill.solid()
        shape.fill.fore_color.rgb = _rgb(classes.colours[k])
        shape.line.color.rgb = _rgb(style.GAP_COLOUR if row["centers"] == 0 else "#FFFFFF")
        text = shape.text_frame
        text.margin_left = text.margin_right = text.margin_top = text.margin_bottom = 0
        text.word_wrap = False
        text.text = i18n.region_name(code, lang, short=True)
        text.paragraphs[0].font.size = Pt(9)
        text.paragraphs[0].alignment = PP_ALIGN.CENTER
        text.paragraphs[0].font.color.rgb = _rgb(classes.text_colours()[k])
    class_legend(slide, classes, lang, t("centers", lang), Inches(10.6), Inches(4.2))
    caption = slide.shapes.add_textbox(Inches(8.4), Inches(6.5), Inches(4.6), Inches(0.8)).text_frame
    caption.word_wrap = True
    caption.text = tiles_caption(coverage, lang)
    caption.paragraphs[0].font.size = Pt(12)

    slide = add_titled_slide(deck, t("chart_top_regions", lang), _notes(lang, as_of, demo, t("slides_notes_top", lang)))
    top = coverage.sort_values("centers", ascending=False).head(10).iloc[::-1]
    data = CategoryChartData()
    data.categories = [i18n.region_name(code, lang) for code in top.index]
    data.add_series(t("centers", lang), [int(v) for v in top["centers"]])
    chart = slide.shapes.add_chart(
        XL_CHART_TYPE.BAR_CLUSTERED, Inches(0.5), Inches(1.3), Inches(12.3), Inches(5.8), data
    ).chart
    chart.has_legend = False
    chart.has_title = False
    chart.plots[0].has_data_labels = True
    chart.plots[0].series[0].format.fill.solid()
    chart.plots[0].series[0].format.fill.fore_color.rgb = _rgb(style.BLUE)

    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


EXCEL_EPOCH = date(1899, 12, 30)


def excel_day(day) -> int:
    """A date as Excel's serial day number (what a chart's date axis holds)."""
    return (pd.Timestamp(day).date() - EXCEL_EPOCH).days


def growth_slide(deck, year_end: pd.DataFrame, milestones: pd.DataFrame | None, lang: str, as_of, demo: bool):
    """Centers on 31 December of each year, and on the as-of date for the current one (its
    point labelled with that date), in Russia and abroad; every published figure as its own
    point on the day it was published (two in one year are two points). An XY chart with a
    date axis: native and editable."""
    from pptx.chart.data import XyChartData

    date_text = i18n.fmt_date(as_of, lang)
    slide = add_titled_slide(
        deck, t("chart_growth", lang), _notes(lang, as_of, demo, t("slides_notes_growth", lang, date=date_text))
    )
    data = XyChartData()
    for column, key in (("domestic_centers", "domestic_centers"), ("foreign_centers", "foreign_centers")):
        series = data.add_series(t(key, lang))
        for day, value in zip(year_end["date"], year_end[column], strict=True):
            series.add_data_point(excel_day(day), int(value))
    for scope, key in ((columns.DOMESTIC, "published_domestic"), (columns.FOREIGN, "published_foreign")):
        series = data.add_series(t(key, lang))
        chosen = milestones[milestones["scope"] == scope] if milestones is not None else pd.DataFrame()
        for day, value in zip(chosen.get("date", []), chosen.get("published", []), strict=True):
            series.add_data_point(excel_day(day), int(value))
    chart = slide.shapes.add_chart(
        XL_CHART_TYPE.XY_SCATTER_LINES, Inches(0.5), Inches(1.3), Inches(12.3), Inches(5.8), data
    ).chart
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    every = list(chart.series)
    for series, colour in zip(every[:2], (style.BLUE, style.ORANGE), strict=True):
        series.format.line.color.rgb = _rgb(colour)
        series.format.line.width = Pt(3)
        series.marker.style = XL_MARKER_STYLE.CIRCLE
        series.marker.size = 5
        series.marker.format.fill.solid()
        series.marker.format.fill.fore_color.rgb = _rgb(colour)
        series.smooth = False
    last = every[0].points[len(year_end) - 1]  # the as-of date's point says which day it is
    last.data_label.has_text_frame = True
    last.data_label.text_frame.text = t("on_date", lang, date=date_text)
    last.data_label.font.size = Pt(12)
    for series in every[2:]:  # published figures: diamonds, no line
        series.format.line.fill.background()
        series.marker.style = XL_MARKER_STYLE.DIAMOND
        series.marker.size = 11
        series.marker.format.fill.solid()
        series.marker.format.fill.fore_color.rgb = _rgb(style.MILESTONE_COLOUR)
        series.marker.format.line.color.rgb = _rgb(style.MILESTONE_COLOUR)
    axis = chart.category_axis  # an XY chart's x axis: Excel days, shown as years
    axis.tick_labels.number_format = "yyyy"
    axis.tick_labels.number_format_is_linked = False
    axis.minimum_scale = excel_day(date(GROWTH_FIRST_YEAR, 1, 1))
    axis.maximum_scale = excel_day(as_of) + 60
    axis.major_unit = 365.25 * (2 if pd.Timestamp(as_of).year - GROWTH_FIRST_YEAR > 10 else 1)
    axis.has_title = True
    axis.axis_title.text_frame.text = t("year", lang)
    chart.value_axis.has_title = True
    chart.value_axis.axis_title.text_frame.text = t("number_of_centers", lang)
    return slide


def choropleth_shapes(slide, coverage: pd.DataFrame, classes, left, top, width, height) -> None:
    """The 85 regions as editable freeform shapes (Albers projection), filled by class."""
    rings, (x0, y0, x1, y1) = geometry.projected_rings()
    scale = min(width / (x1 - x0), height / (y1 - y0))
    index = dict(zip(coverage.index, classes.index(coverage["centers"])))
    shapes = []
    for code, parts in rings.items():

        def point(xy):
            return int(left + (xy[0] - x0) * scale), int(top + (y1 - xy[1]) * scale)

        first = [point(xy) for xy in parts[0]]
        builder = slide.shapes.build_freeform(*first[0], scale=1.0)
        builder.add_line_segments(first[1:], close=True)
        for ring in parts[1:]:
            points = [point(xy) for xy in ring]
            builder.move_to(*points[0])
            builder.add_line_segments(points[1:], close=True)
        shape = builder.convert_to_shape()
        shape.name = f"region {code}"
        shape.fill.solid()
        shape.fill.fore_color.rgb = _rgb(classes.colours[index.get(code, 0)])
        shape.line.color.rgb = _rgb("#FFFFFF")
        shape.line.width = Pt(0.5)
        shapes.append(shape)


def class_legend(slide, classes, lang: str, title: str, left, top) -> None:
    """A colour legend on a slide: a swatch and the range of each class, under a title;
    one group named "legend", so it moves as one and a reader (or a test) finds it."""
    group = slide.shapes.add_group_shape()
    group.name = "legend"
    heading = group.shapes.add_textbox(left, top, Inches(2.6), Inches(0.35)).text_frame
    heading.text = title
    heading.paragraphs[0].font.size = Pt(12)
    heading.paragraphs[0].font.bold = True
    for k, (label, colour) in enumerate(zip(classes.labels(lang), classes.colours)):
        y = top + Inches(0.4 + 0.3 * k)
        swatch = group.shapes.add_shape(1, left, y, Inches(0.25), Inches(0.22))
        swatch.fill.solid()
        swatch.fill.fore_color.rgb = _rgb(colour)
        swatch.line.color.rgb = _rgb(style.GREY)
        text = group.shapes.add_textbox(left + Inches(0.32), y - Inches(0.05), Inches(2.2), Inches(0.3)).text_frame
        text.text = label
        text.paragraphs[0].font.size = Pt(11)


def tiles_caption(coverage: pd.DataFrame, lang: str) -> str:
    top = coverage.sort_values("centers", ascending=False).head(3)
    leaders = ", ".join(f"{i18n.region_name(c, lang)} ({i18n.fmt_int(n, lang)})" for c, n in top["centers"].items())
    none = i18n.counted("n_regions", int((coverage["centers"] == 0).sum()), lang)
    return f"{t('centers', lang)}: {leaders}. {t('gaps_none_only', lang, none=none)}."
