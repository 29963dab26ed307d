"""Downloads: CSV and XLSX that never run a formula and open right in each language's Excel,
PPTX slides with native charts."""

import io

import openpyxl
import pandas as pd
from pptx import Presentation

from rcnet_data.core import analytics
from rcnet_data.presentation import exports, i18n

DANGEROUS = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "plain"]


def test_csv_neutralises_formulas():
    frame = pd.DataFrame({"title": DANGEROUS, "n": [1, 2, -3, 4, 5]})
    text = exports.to_csv_bytes(frame).decode("utf-8-sig")
    rows = pd.read_csv(io.StringIO(text))
    assert list(rows["title"]) == ["'" + v for v in DANGEROUS[:4]] + ["plain"]
    assert list(rows["n"]) == [1, 2, -3, 4, 5]  # numbers stay numbers


def test_csv_for_russian_and_english_excel():
    """Russian Excel reads «;» between fields and «,» as the decimal mark; English keeps «,»
    and «.». Both files start with a BOM, so Cyrillic opens right."""
    frame = pd.DataFrame(
        {
            "Регион": ["Пензенская область", "Москва"],
            "На 100 000": [1.25, 0.5],
            "Центры": [34, 101],
            "Дата": [pd.Timestamp("2024-05-16").date(), pd.Timestamp("2026-11-26").date()],
        }
    )
    russian = exports.to_csv_bytes(frame, "ru")
    assert russian.startswith(b"\xef\xbb\xbf")
    text = russian.decode("utf-8-sig")
    assert text.splitlines()[0] == "Регион;На 100 000;Центры;Дата"
    assert text.splitlines()[1] == "Пензенская область;1,25;34;16.05.2024"
    back = pd.read_csv(io.StringIO(text), sep=";", decimal=",")
    assert list(back["На 100 000"]) == [1.25, 0.5] and list(back["Центры"]) == [34, 101]
    english = exports.to_csv_bytes(frame, "en").decode("utf-8-sig")
    assert english.splitlines()[1] == "Пензенская область,1.25,34,2024-05-16"
    assert list(pd.read_csv(io.StringIO(english))["На 100 000"]) == [1.25, 0.5]


def test_xlsx_stores_formula_like_text_as_text_without_a_visible_apostrophe():
    frame = pd.DataFrame({"Заголовок": DANGEROUS, "Дата": pd.to_datetime(["2024-05-15"] * 5)})
    book = openpyxl.load_workbook(io.BytesIO(exports.to_xlsx_bytes(frame, "events")))
    sheet = book.active
    assert sheet.cell(1, 1).value == "Заголовок"
    for row, value in enumerate(DANGEROUS, start=2):
        cell = sheet.cell(row, 1)
        assert cell.data_type == "s", value  # text, never a formula
        assert cell.value == value  # shown as written: no apostrophe in the cell
        assert cell.quotePrefix == exports.is_formula_like(value)


def xy_points(series) -> list[tuple[float, float]]:
    """An XY chart series' points as python-pptx stores them (x, y)."""
    xs = [float(v) for v in series._element.xpath("./c:xVal//c:v/text()")]
    ys = [float(v) for v in series._element.xpath("./c:yVal//c:v/text()")]
    return list(zip(xs, ys, strict=True))


def test_overview_slides(bundled):
    day = pd.Timestamp("2026-11-26").date()
    size = analytics.network_size(bundled.centers, day).as_dict()
    data = exports.overview_deck(bundled, day, "ru")
    deck = Presentation(io.BytesIO(data))
    assert len(deck.slides) == 5
    # Titles are in title placeholders: what PowerPoint's outline view and python-pptx read.
    titles = [slide.shapes.title.text if slide.shapes.title is not None else None for slide in deck.slides]
    assert titles == [
        "Сеть Президентской библиотеки",
        "Рост сети с 2009 года и опубликованные данные",
        "Регионы: Центры",
        "Регионы: Центры",
        "Регионы с наибольшим числом центров",
    ]
    texts = [" ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame) for slide in deck.slides]
    domestic = i18n.fmt_int(size["domestic_centers"], "ru")
    assert domestic in texts[0] and "Центров в России" in texts[0] and "Демонстрационные данные" in texts[0]
    charts = [s.chart for slide in deck.slides for s in slide.shapes if s.has_chart]
    assert len(charts) == 2  # growth and top regions, native and editable
    growth_chart = charts[0]
    names = [series.name for series in growth_chart.series]
    assert names == [
        "Центров в России",
        "Центров за рубежом",
        "Опубликовано: центры в России",
        "Опубликовано: центры за рубежом",
    ]
    # On 31 December of each year, and on the as-of date for the current one, counted here
    # independently of the deck's code.
    points = xy_points(growth_chart.series[0])
    days = [pd.Timestamp(year, 12, 31) for year in range(2009, 2026)] + [pd.Timestamp(day)]
    assert [exports.excel_day(d) for d in days] == [x for x, _ in points]
    centers = bundled.centers[bundled.centers["network"] == "domestic"]
    for d, (_, value) in zip(days, points, strict=True):
        open_then = (centers["opened_on"] <= d) & ~(centers["closed_on"] <= d)
        assert value == int(open_then.sum()), d
    assert points[-1][1] == size["domestic_centers"]
    published = xy_points(growth_chart.series[2])
    values = [v for _, v in published]
    assert 1600 in values and 1000 in values  # the May 2024 and 2019 figures, as published
    in_2018 = [v for x, v in published if exports.excel_day("2018-01-01") <= x <= exports.excel_day("2018-12-31")]
    assert 470 in in_2018 and 600 in in_2018  # two figures of one year are two points
    assert growth_chart.has_legend
    # The map and the tile grid each carry a colour legend naming the open-ended top class.
    for slide in (deck.slides[2], deck.slides[3]):
        [legend] = [s for s in slide.shapes if s.name == "legend"]
        assert "≥ " in " ".join(s.text_frame.text for s in legend.shapes if s.has_text_frame)
    regions = [s for s in deck.slides[2].shapes if s.name.startswith("region ")]
    assert len(regions) == 85
    tiles = [s for s in deck.slides[3].shapes if s.has_text_frame and s.text_frame.text in ("Мск", "Пенза")]
    assert len(tiles) == 2
    # Every slide's notes say where its numbers come from and that they are demo data.
    for slide in deck.slides:
        notes = slide.notes_slide.notes_text_frame.text
        assert "реестр rcnet на 26 ноября 2026" in notes and "Демонстрационные данные" in notes
