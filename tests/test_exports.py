"""Downloads: CSV and XLSX that never run a formula, PPTX slides with native charts."""

import io

import openpyxl
import pandas as pd
from pptx import Presentation

from rcnet_data.core import analytics as A
from rcnet_data.presentation import exports

DANGEROUS = ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "plain"]


def test_csv_neutralises_formulas():
    frame = pd.DataFrame({"title": DANGEROUS, "n": [1, 2, -3, 4, 5]})
    text = exports.to_csv_bytes(frame).decode("utf-8-sig")
    rows = pd.read_csv(io.StringIO(text))
    assert list(rows["title"]) == ["'" + v for v in DANGEROUS[:4]] + ["plain"]
    assert list(rows["n"]) == [1, 2, -3, 4, 5]  # numbers stay numbers


def test_xlsx_neutralises_formulas_and_keeps_cyrillic():
    frame = pd.DataFrame({"Заголовок": DANGEROUS, "Дата": pd.to_datetime(["2024-05-15"] * 5)})
    book = openpyxl.load_workbook(io.BytesIO(exports.to_xlsx_bytes(frame, "events")))
    sheet = book.active
    assert sheet.cell(1, 1).value == "Заголовок"
    for row, value in enumerate(DANGEROUS, start=2):
        cell = sheet.cell(row, 1)
        assert cell.data_type == "s", value
        assert not str(cell.value).startswith(("=", "+", "-", "@"))


def test_overview_slides(bundled):
    size = A.network_size(bundled.centers, "2026-11-26").as_dict()
    growth = A.growth_series(bundled.centers, "2009-01-01", "2026-11-26")
    coverage = A.coverage_by_region(bundled.centers, bundled.events, "2026-11-26")
    data = exports.overview_slides(size, growth, coverage, "ru", pd.Timestamp("2026-11-26").date(), True, (43, 49))
    deck = Presentation(io.BytesIO(data))
    assert len(deck.slides) == 4
    texts = [" ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame) for slide in deck.slides]
    assert "1\u00a0749" in texts[0] and "Центров в России" in texts[0] and "Демонстрационные данные" in texts[0]
    charts = [s.chart for slide in deck.slides for s in slide.shapes if s.has_chart]
    assert len(charts) == 2  # growth and top regions, native and editable
    growth_chart = charts[0]
    assert list(growth_chart.plots[0].categories)[0] == "2009"
    assert max(growth_chart.series[0].values) == 1749
    tiles = [s for s in deck.slides[2].shapes if s.has_text_frame and s.text_frame.text in ("Мск", "Пенз")]
    assert len(tiles) == 2
