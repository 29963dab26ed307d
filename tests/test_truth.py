"""What slides, reports and pages say agrees with what they count: the report's chart drawn
the same from the Region page as from the command line, a heading's count equal to its
table's rows, a period before a past as-of date, one world on the foreign slide, ranks on
the regions slide, one format per quantity, and one headline figure wherever it is shown."""

from __future__ import annotations

import io
import json
from datetime import date

import openpyxl
import pandas as pd
import plotly.io as pio
import pytest

from rcnet_data.core import analytics, columns
from rcnet_data.presentation import exports, figures, headline, i18n, report, slides, tables, views
from tests.conftest import run_app

pytestmark = pytest.mark.usefixtures("fresh_caches")


def test_the_region_report_draws_the_same_inside_the_dashboard_as_from_the_command_line(bundled, monkeypatch):
    """Inside Streamlit, plotly's default template is Streamlit's (no axis automargin): the
    report's openings chart lost its years. Both paths now export with one template."""
    made = report.region_report(bundled, "RU-PNZ", date(2024, 5, 16), "ru")
    with report.chart_server():
        command_line = report.openings_png(made)
        from streamlit.elements.lib.streamlit_plotly_theme import configure_streamlit_plotly_theme

        configure_streamlit_plotly_theme()
        assert pio.templates.default == "streamlit"
        views.forget_all()  # the figure made anew, as in the dashboard's process
        inside = report.openings_png(report.region_report(bundled, "RU-PNZ", date(2024, 5, 16), "ru"))
    monkeypatch.setattr(pio.templates, "default", "plotly")
    assert inside == command_line


def test_the_plan_heading_counts_the_sites_it_lists(bundled):
    """A region that needs fewer sites than asked: the heading says how many are listed."""
    for code in ("RU-SEV", "RU-MOW", "RU-KGD"):
        plan = views.plan(bundled, code, 50, 10, date.today())
        if 0 < len(plan) < 10:
            break
    else:
        pytest.fail("no region with fewer than 10 useful sites")
    app = run_app("region", region=code, km="50")
    [heading] = [h.value for h in app.subheader if h.value.startswith("Где открыть новые центры")]
    assert heading == i18n.t("plan_title", "ru", n=len(plan), km=50)
    assert heading.startswith(f"Где открыть новые центры: {len(plan)} мест")
    [table] = [f.value for f in app.dataframe if "№" in f.value.columns]
    assert len(table) == len(plan)
    assert any("Запрошено мест: 10" in c.value for c in app.caption)


def test_a_past_as_of_date_keeps_the_periods_length(bundled):
    app = run_app("region", region="RU-TYU", as_of="2020-08-01")
    assert any(c.value.startswith("Период: 1 августа 2019 – 1 августа 2020") for c in app.caption)
    events = bundled.events
    expected = int(
        (
            (events[columns.REGION_CODE] == "RU-TYU")
            & (events[columns.DATE] >= "2019-08-01")
            & (events[columns.DATE] <= "2020-08-01")
        ).sum()
    )
    assert expected > 0
    assert {m.label: m.value for m in app.metric}["Мероприятия за период"] == i18n.fmt_int(expected, "ru")


def test_the_foreign_slide_draws_one_world_with_the_countries_counted(bundled):
    as_of = date(2024, 5, 16)
    figure, _alt = slides.foreign_slide(bundled, as_of, "ru")
    spec = figure.to_dict()
    assert "map" not in spec["layout"] and not any(trace["type"].endswith("map") for trace in spec["data"])
    x_range = spec["layout"]["xaxis"]["range"]
    assert -180 <= x_range[0] < x_range[1] <= 180  # one world, never its copies side by side
    by_country = analytics.foreign_by_country(bundled.centers, as_of)
    bubbles = next(trace for trace in spec["data"] if trace.get("mode") == "markers+text")
    assert sorted(int(v) for v in bubbles["text"]) == sorted(by_country["centers"].tolist())
    bars = next(trace for trace in spec["data"] if trace["type"] == "bar")
    top = by_country.sort_values(["centers", "country"], ascending=[False, True]).head(figures.SLIDE_COUNTRIES)
    assert list(bars["y"])[::-1] == [i18n.country_name(c, "ru") for c in top["country"]]
    rest = len(by_country) - figures.SLIDE_COUNTRIES
    note = " ".join(a["text"] for a in spec["layout"]["annotations"])
    assert i18n.counted("other_countries", rest, "ru") in note


def test_the_regions_slide_names_each_region_with_its_rank(bundled):
    as_of = date.today()
    figure, _alt = slides.regions_slide(bundled, as_of, "ru", "RU-PNZ")
    labels = figure.to_dict()["data"][0]["y"]
    table = views.coverage(bundled, as_of, as_of - pd.Timedelta(days=365), as_of, 50)
    rank = int(table["centers"].rank(ascending=False, method="min")["RU-PNZ"])
    assert labels[0] == f"{rank}. Пензенская область" and rank > 10
    assert labels[-1].startswith("1. ")


def test_one_format_per_quantity_on_pages_tables_and_downloads(bundled):
    as_of = date(2024, 5, 16)
    app = run_app("region", region="RU-PNZ", as_of=as_of.isoformat(), lang="ru")
    row = views.coverage(bundled, as_of, date(2023, 5, 17), as_of, 50).loc["RU-PNZ"]
    shown = {m.label: m.value for m in app.metric}
    per_100k = i18n.fmt_per_100k(row["per_100k"], "ru")
    assert shown["На 100 тыс. жителей"] == per_100k and per_100k.count(",") == 1 and len(per_100k.split(",")[1]) == 1
    assert shown["В пределах 50 км"] == i18n.fmt_percent(row["coverage"], "ru")
    assert len(shown["В пределах 50 км"].split(",")[1].rstrip("\u00a0%")) == 1
    compare = run_app("compare", regions="RU-PNZ,RU-TYU", lang="ru")
    table = compare.dataframe[0].value
    share = next(c for c in table.columns if c.startswith("Доля жителей"))
    assert table[share].between(0, 1).all()  # a share of 1, shown by the grid as a percentage
    display = tables.coverage_table(views.coverage(bundled, as_of, date(2023, 5, 17), as_of, 50), "ru")
    covered = tables.share_columns(display)
    assert covered == ["Доля жителей в зоне доступа центра"]
    csv_text = exports.to_csv_bytes(display, "ru").decode("utf-8-sig").splitlines()
    penza = next(line for line in csv_text if line.startswith("Пензенская область;"))
    cells = penza.split(";")
    assert cells[2] == per_100k  # the same «12,5» as on the page
    assert cells[3] == f"{row['coverage'] * 100:.1f}%".replace(".", ",")
    book = openpyxl.load_workbook(io.BytesIO(exports.to_xlsx_bytes(display, "t")))
    sheet = book.active
    header = [cell.value for cell in sheet[1]]
    column = header.index("Доля жителей в зоне доступа центра") + 1
    cell = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "Пензенская область")[column - 1]
    assert (
        isinstance(cell.value, float)
        and cell.number_format == "0.0%"
        and cell.value == pytest.approx(row["coverage"], abs=1e-3)
    )


def test_one_headline_figure_wherever_it_is_shown(bundled):
    as_of = date(2024, 5, 16)
    cards = headline.network(bundled.centers, as_of, "ru")
    overview = run_app(as_of=as_of.isoformat())
    assert {m.label: m.value for m in overview.metric} == {c.label: c.value for c in cards}
    deck = exports.overview_deck(bundled, as_of, "ru")
    from pptx import Presentation

    first = Presentation(io.BytesIO(deck)).slides[0]
    texts = [shape.text_frame.text for shape in first.shapes if shape.has_text_frame]
    for card in cards:
        assert f"{card.value}\n{card.label}" in texts
    slideshow = run_app(as_of=as_of.isoformat(), presenter="1", slide="1")
    assert {m.label: m.value for m in slideshow.metric} == {c.label: c.value for c in cards}
    row = views.coverage(bundled, as_of, date(2023, 5, 17), as_of, 50).loc["RU-PNZ"]
    region_cards = headline.region(row, "ru", 50)
    page = run_app("region", region="RU-PNZ", as_of=as_of.isoformat())
    assert {m.label: m.value for m in page.metric} == {c.card_label: c.value for c in region_cards}
    made = report.region_report(bundled, "RU-PNZ", as_of, "ru")
    assert report.headline_rows(made) == [[c.label, c.with_detail()] for c in region_cards]
    assert json.dumps([c.number for c in cards])  # numbers, not text
