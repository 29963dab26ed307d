"""Figure builders: titled, labelled, in the chosen language, true to the data."""

import pytest

from rcnet_data.core import analytics, columns
from rcnet_data.core import reference as ref
from rcnet_data.presentation import figures, style


@pytest.fixture(scope="module")
def coverage(bundled):
    return analytics.coverage_by_region(bundled.centers, bundled.events, "2026-11-26")


@pytest.fixture(scope="module")
def growth(bundled):
    return analytics.growth_series(bundled.centers, "2009-01-01", "2026-11-26")


@pytest.mark.parametrize(("lang", "title"), [("ru", "Рост сети"), ("en", "Network growth")])
def test_growth_figure_with_milestones(bundled, growth, lang, title):
    check = analytics.milestone_check(bundled.centers, ref.published_milestones())
    fig = figures.growth_figure(growth, check, lang)
    assert fig.layout.title.text.startswith(title)
    markers = [trace for trace in fig.data if trace.mode == "markers"]
    # Every figure for the whole network (26, less the five of one region or district).
    assert sum(len(trace.x) for trace in markers) == int(check["scope"].isin(["domestic", "foreign"]).sum()) == 21
    hover = " ".join(" ".join(trace.hovertext) for trace in markers)
    assert "prlib.ru/en/networknews" in hover
    assert ("более" if lang == "ru" else "more than") in hover
    assert fig.layout.yaxis.title.text and fig.layout.xaxis2.title.text
    assert fig.data[0].y[-1] == analytics.network_size(bundled.centers, "2026-11-26").domestic_centers


def test_tile_grid_has_85_tiles_and_marks_gaps(coverage):
    table = coverage.copy()
    table.loc["RU-NEN", "centers"] = 0
    table.loc["RU-NEN", "per_100k"] = 0.0
    fig = figures.tile_grid_figure(table, "per_100k", "en", threshold=1.0)
    assert len(fig.layout.shapes) == 85
    assert len(fig.data[0].customdata) == 85
    borders = {code: shape.line.color for code, shape in zip(table.index, fig.layout.shapes)}
    assert borders["RU-NEN"] == style.GAP_COLOUR
    below = table[table["per_100k"] < 1.0].index
    assert all(borders[code] == style.GAP_COLOUR for code in below)
    assert all(borders[code] != style.GAP_COLOUR for code in table.index.difference(below))
    assert "Nen" in fig.data[0].text and fig.layout.legend.title.text == "Centers per 100,000 residents"
    # Binned colours, one legend entry per class, the top one open-ended; the same classes
    # colour the choropleth, so a region has one colour on both.
    classes = figures.metric_classes(table, "per_100k")
    legend = [trace.name for trace in fig.data[1:]]
    assert legend == classes.labels("en") and 4 <= len(legend) <= 7 and legend[-1].startswith("≥ ")
    fills = {code: shape.fillcolor for code, shape in zip(table.index, fig.layout.shapes)}
    assert fills["RU-NEN"] == classes.colours[0]  # zero: the pale class
    top = table["per_100k"].idxmax()
    assert fills[top] == classes.colours[-1]
    # Hover: full name, value, and how to open the region; labels at least 12 px.
    hover = dict(zip(fig.data[0].customdata, fig.data[0].hovertext))
    assert "Nenets Autonomous Okrug" in hover["RU-NEN"] and "click to open" in hover["RU-NEN"]
    assert fig.data[0].textfont.size >= 12


def test_tile_grid_russian_abbreviations(coverage):
    fig = figures.tile_grid_figure(coverage, "centers", "ru")
    labels = dict(zip(fig.data[0].customdata, fig.data[0].text))
    assert labels["RU-VLG"] == "Волог" and labels["RU-VGG"] == "Волгр" and labels["RU-MOS"] == "МО"


def test_tile_positions_unique(coverage):
    assert not coverage[["tile_row", "tile_col"]].duplicated().any()
    assert coverage.loc["RU-KGD", "tile_col"] < coverage.loc["RU-MOW", "tile_col"] < coverage.loc["RU-KAM", "tile_col"]


def test_openings_figure_months_and_districts(bundled):
    domestic = analytics.filter_centers(bundled.centers, columns.DOMESTIC)
    table = analytics.openings_by_period(domestic, "MS", columns.FEDERAL_DISTRICT, start="2024-01-01", end="2024-12-31")
    fig = figures.openings_figure(table, "ru", "MS", columns.FEDERAL_DISTRICT)
    assert {trace.name for trace in fig.data} <= {"ЦФО", "СЗФО", "ЮФО", "СКФО", "ПФО", "УФО", "СФО", "ДФО"}
    assert sum(sum(trace.y) for trace in fig.data) == table["openings"].sum()
    assert fig.layout.yaxis.title.text == "Открытий в месяц"


def test_foreign_map_is_offline(bundled):
    by_city = analytics.foreign_by_city(bundled.centers, "2024-05-16")
    fig = figures.foreign_map_figure(by_city, "en")
    assert fig.layout.map.style == "white-bg"  # no tile or style request
    assert not any(trace.type in ("scattergeo", "choropleth") for trace in fig.data)  # those fetch from a CDN
    assert sum(1 for _ in fig.data[1].lat) == len(by_city)
    assert by_city["centers"].sum() == 63


def test_projection(growth):
    projection = analytics.project_target(growth, 2500)
    assert projection.expected is not None and projection.earliest <= projection.expected <= projection.latest
    assert 20 < projection.rate_per_year < 200
    fig = figures.projection_figure(growth, projection, "en")
    assert fig.layout.title.text == "Projection of the domestic network"
    reached = analytics.project_target(growth, 1000)
    assert reached.reached_on is not None and reached.expected is None
