"""Downloads: tables as CSV and XLSX that spreadsheets cannot execute, and the overview
as a PPTX deck with native, editable charts (python-pptx: no browser needed)."""

from __future__ import annotations

import io
from datetime import date

import pandas as pd
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.text import PP_ALIGN
from pptx.util import Emu, Inches, Pt

from rcnet_data.presentation import i18n
from rcnet_data.presentation import style as S
from rcnet_data.presentation.figures import metric_classes
from rcnet_data.presentation.i18n import t

# A cell starting with one of these is read as a formula by Excel, LibreOffice and Sheets.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def neutralise(value):
    """Text that a spreadsheet would run as a formula gets a leading apostrophe (in CSV,
    the only way to say "this is text")."""
    return "'" + value if is_formula_like(value) else value


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
    for column in table.columns:
        if _is_date_column(table[column]):
            table[column] = pd.to_datetime(table[column]).dt.strftime(DATE_CSV[separator]).fillna("")
    return table.to_csv(index=False, sep=separator, decimal=decimal).encode("utf-8-sig")


# Dates in CSV files: as each language's spreadsheet recognises them.
DATE_CSV = {";": "%d.%m.%Y", ",": "%Y-%m-%d"}


def to_xlsx_bytes(frame: pd.DataFrame, sheet: str = "rcnet") -> bytes:
    """XLSX in which no cell is ever a formula: text that looks like one is stored as text
    with Excel's quote prefix, so it shows as written (no visible apostrophe)."""
    buffer = io.BytesIO()
    table = frame.copy()
    table.columns = [str(c) for c in table.columns]
    for column in table.columns:
        if isinstance(table[column].dtype, pd.DatetimeTZDtype):
            table[column] = table[column].dt.tz_localize(None)
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        table.to_excel(writer, index=False, sheet_name=sheet[:31])
        for row in writer.sheets[sheet[:31]].iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # text, never a formula
                    if is_formula_like(cell.value):
                        cell.quotePrefix = True
    return buffer.getvalue()


def _rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#"))


def _title(slide, text: str, size: int = 30) -> None:
    box = slide.shapes.add_textbox(Inches(0.5), Inches(0.3), Inches(12.3), Inches(0.9))
    paragraph = box.text_frame.paragraphs[0]
    paragraph.text = text
    paragraph.font.size = Pt(size)
    paragraph.font.bold = True
    paragraph.font.color.rgb = _rgb(S.INK)


def overview_slides(size: dict, growth: pd.DataFrame, coverage: pd.DataFrame, lang: str, as_of,
                    demo: bool, openings_12m: tuple[int, int]) -> bytes:  # fmt: skip
    """Four 16:9 slides: headline figures, growth chart, coverage tile grid, top regions.

    Charts are native PowerPoint charts built from the data, so a presenter can restyle or
    re-read them in PowerPoint or LibreOffice; the tile grid is drawn as editable shapes.
    """
    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)
    blank = deck.slide_layouts[6]
    date_text = i18n.fmt_date(as_of, lang)

    slide = deck.slides.add_slide(blank)
    _title(slide, t("slides_title", lang), 34)
    subtitle = slide.shapes.add_textbox(Inches(0.5), Inches(1.1), Inches(12), Inches(0.6)).text_frame
    subtitle.text = t("slides_subtitle", lang, date=date_text)
    subtitle.paragraphs[0].font.size = Pt(20)
    figures = [
        (t("domestic_centers", lang), i18n.fmt_int(size["domestic_centers"], lang)),
        (t("foreign_centers", lang), i18n.fmt_int(size["foreign_centers"], lang)),
        (t("countries", lang), i18n.fmt_int(size["countries"], lang)),
        (t("regions_covered", lang), f"{size['regions_covered']} {t('regions_of', lang, n=85)}"),
        (t("openings_12m", lang), i18n.fmt_int(openings_12m[0], lang)),
    ]
    for index, (label, value) in enumerate(figures):
        left = Inches(0.5 + index * 2.5)
        box = slide.shapes.add_textbox(left, Inches(2.6), Inches(2.4), Inches(2.2)).text_frame
        box.word_wrap = True
        box.text = value
        box.paragraphs[0].font.size = Pt(40)
        box.paragraphs[0].font.bold = True
        box.paragraphs[0].font.color.rgb = _rgb(S.BLUE)
        label_paragraph = box.add_paragraph()
        label_paragraph.text = label
        label_paragraph.font.size = Pt(16)
    if demo:
        note = slide.shapes.add_textbox(Inches(0.5), Inches(6.6), Inches(12.3), Inches(0.6)).text_frame
        note.word_wrap = True
        note.text = t("slides_demo_note", lang)
        note.paragraphs[0].font.size = Pt(14)
        note.paragraphs[0].font.color.rgb = _rgb(S.VERMILLION)

    slide = deck.slides.add_slide(blank)
    _title(slide, t("chart_growth", lang))
    yearly = growth.set_index("date").resample("YE").last()
    data = CategoryChartData()
    data.categories = [str(d.year) for d in yearly.index]
    data.add_series(t("domestic_centers", lang), [int(v) for v in yearly["domestic_centers"]])
    data.add_series(t("foreign_centers", lang), [int(v) for v in yearly["foreign_centers"]])
    chart = slide.shapes.add_chart(XL_CHART_TYPE.LINE_MARKERS, Inches(0.5), Inches(1.3), Inches(12.3), Inches(5.8),
                                   data).chart  # fmt: skip
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    for series, colour in zip(chart.series, (S.BLUE, S.ORANGE)):
        series.format.line.color.rgb = _rgb(colour)
        series.format.line.width = Pt(3)
    chart.value_axis.has_title = True
    chart.value_axis.axis_title.text_frame.text = t("number_of_centers", lang)
    chart.category_axis.has_title = True
    chart.category_axis.axis_title.text_frame.text = t("year", lang)

    slide = deck.slides.add_slide(blank)
    _title(slide, t("chart_tiles", lang, metric=t("centers", lang)))
    # The same tiles, classes and colours as the dashboard's tile grid and choropleth.
    tile = Inches(0.44)  # 13 rows fit under the title of a 7.5-inch slide
    classes = metric_classes(coverage, "centers")
    index = classes.index(coverage["centers"])
    for (code, row), k in zip(coverage.iterrows(), index):
        shape = slide.shapes.add_shape(1, Inches(0.6) + int(row["tile_col"]) * Emu(tile * 1.06),
                                       Inches(1.25) + int(row["tile_row"]) * Emu(tile * 1.06), tile, tile)  # fmt: skip
        shape.fill.solid()
        shape.fill.fore_color.rgb = _rgb(classes.colours[k])
        shape.line.color.rgb = _rgb(S.GAP_COLOUR if row["centers"] == 0 else "#FFFFFF")
        text = shape.text_frame
        text.margin_left = text.margin_right = text.margin_top = text.margin_bottom = 0
        text.word_wrap = False
        text.text = i18n.region_name(code, lang, short=True)
        text.paragraphs[0].font.size = Pt(9)
        text.paragraphs[0].alignment = PP_ALIGN.CENTER
        text.paragraphs[0].font.color.rgb = _rgb(classes.text_colours()[k])
    class_legend(slide, classes, lang, t("centers", lang), Inches(10.6), Inches(4.2))
    legend = slide.shapes.add_textbox(Inches(8.4), Inches(6.5), Inches(4.6), Inches(0.8)).text_frame
    legend.word_wrap = True
    legend.text = tiles_caption(coverage, lang)
    legend.paragraphs[0].font.size = Pt(12)

    slide = deck.slides.add_slide(blank)
    _title(slide, t("chart_top_regions", lang))
    top = coverage.sort_values("centers", ascending=False).head(10).iloc[::-1]
    data = CategoryChartData()
    data.categories = [i18n.region_name(code, lang) for code in top.index]
    data.add_series(t("centers", lang), [int(v) for v in top["centers"]])
    chart = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, Inches(0.5), Inches(1.3), Inches(12.3), Inches(5.8),
                                   data).chart  # fmt: skip
    chart.has_legend = False
    chart.has_title = False
    chart.plots[0].has_data_labels = True
    chart.plots[0].series[0].format.fill.solid()
    chart.plots[0].series[0].format.fill.fore_color.rgb = _rgb(S.BLUE)

    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def class_legend(slide, classes, lang: str, title: str, left, top) -> None:
    """A colour legend on a slide: a swatch and the range of each class, under a title."""
    heading = slide.shapes.add_textbox(left, top, Inches(2.6), Inches(0.35)).text_frame
    heading.text = title
    heading.paragraphs[0].font.size = Pt(12)
    heading.paragraphs[0].font.bold = True
    for k, (label, colour) in enumerate(zip(classes.labels(lang), classes.colours)):
        y = top + Inches(0.4 + 0.3 * k)
        swatch = slide.shapes.add_shape(1, left, y, Inches(0.25), Inches(0.22))
        swatch.fill.solid()
        swatch.fill.fore_color.rgb = _rgb(colour)
        swatch.line.color.rgb = _rgb(S.GREY)
        text = slide.shapes.add_textbox(left + Inches(0.32), y - Inches(0.05), Inches(2.2), Inches(0.3)).text_frame
        text.text = label
        text.paragraphs[0].font.size = Pt(11)


def tiles_caption(coverage: pd.DataFrame, lang: str) -> str:
    top = coverage.sort_values("centers", ascending=False).head(3)
    leaders = ", ".join(f"{i18n.region_name(c, lang)} ({i18n.fmt_int(n, lang)})" for c, n in top["centers"].items())
    none = i18n.counted("n_regions", int((coverage["centers"] == 0).sum()), lang)
    return f"{t('centers', lang)}: {leaders}. {t('gaps_none_only', lang, none=none)}."
