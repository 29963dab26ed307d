"""Everything rcnet controls is Russian on a Russian screen (AppTest and the pure modules;
the browser tests read what Chromium shows): placeholders, empty cells, system names,
sources, decimal controls, chart toolbars, the page's declared language, downloads."""

from __future__ import annotations

import io
import json
from datetime import date

import openpyxl
import pandas as pd

from rcnet_data.core import columns
from rcnet_data.presentation import exports, figures, plotly_locale, tables, views
from tests.conftest import run_app

AS_OF = "2026-11-01"


def test_pickers_say_choose_in_russian():
    app = run_app("events", lang="ru")
    assert app.multiselect(key="w_types").proto.placeholder == "Выберите"
    assert app.selectbox(key="w_region").proto.placeholder == "Выберите"


def test_every_table_shows_a_missing_value_as_an_empty_cell():
    app = run_app("region", lang="ru", as_of=AS_OF, region="RU-PNZ")
    grids = app.dataframe
    # Set, and empty: never «None» in «Закрыт» (Streamlit's default when unset).
    assert len(grids) >= 3 and all(
        grid.proto.HasField("placeholder") and grid.proto.placeholder == "" for grid in grids
    )


def test_the_decimal_control_writes_decimals_the_russian_way():
    app = run_app("domestic", lang="ru", threshold="2.5", metric="per_100k")
    control = app.select_slider(key="w_threshold")
    assert control.value == 2.5 and "2,5" in control.options and "2.5" not in control.options


def test_charts_have_a_russian_toolbar_and_the_page_declares_russian():
    app = run_app("overview", lang="ru", as_of=AS_OF)
    config = json.loads(app.get("plotly_chart")[0].proto.config)
    assert config["locale"] == "ru" and config["locales"]["ru"]["dictionary"]["Zoom"] == "Масштаб"
    assert config["locales"]["ru"]["format"]["months"][2] == "март"  # CLDR's stand-alone month
    scripts = [element.proto.body for element in app.get("html")]
    assert any('documentElement.lang = "ru"' in body and "Во весь экран" in body for body in scripts)


def test_a_published_figure_from_a_news_excerpt_names_it_in_russian_and_addresses_are_links(bundled):
    table = views.milestones_table(bundled, "ru")
    assert "(новостная заметка без адреса)" in set(table["Источник"])
    assert "(news excerpt without address)" not in set(table["Источник"])
    links = table["Ссылка"].dropna()
    assert len(links) and links.str.startswith("https://").all()
    assert set(table.loc[table["Источник"] == "prlib.ru", "Ссылка"].str[:17]) == {"https://prlib.ru/"}


def test_xlsx_dates_are_dates_and_shares_are_numbers(bundled):
    centers = views.open_domestic(bundled, date(2026, 11, 1), "", "RU-PNZ")
    display = tables.centers_table(centers, "ru")
    sheet = openpyxl.load_workbook(io.BytesIO(exports.to_xlsx_bytes(display, "t"))).active
    header = [cell.value for cell in sheet[1]]
    opened = sheet.cell(row=2, column=header.index("Открыт") + 1)
    assert opened.is_date and opened.number_format == "DD.MM.YYYY"
    plan = tables.plan_table(views.plan(bundled, "RU-PNZ", 50, 3, date(2026, 11, 1)), "RU-PNZ", "ru")
    sheet = openpyxl.load_workbook(io.BytesIO(exports.to_xlsx_bytes(plan, "t"))).active
    header = [cell.value for cell in sheet[1]]
    share = sheet.cell(row=2, column=header.index("Доля населения региона") + 1)
    assert isinstance(share.value, float) and 0 < share.value < 1 and share.number_format.endswith("%")
    assert "Широта" in header and "lat" not in header


def test_a_chart_as_a_table_holds_every_point_it_draws(bundled):
    figure, _ = views.growth_chart(bundled, date(2026, 11, 1), "ru", False)
    spec = figure.to_dict()
    drawn = sum(
        len([x for x in figures._values(trace["x"]) if x is not None])
        for trace in spec["data"]
        if trace.get("x") is not None and trace.get("hoverinfo") != "skip"
    )
    table = figures.figure_table(figure, "ru")
    assert len(table) == drawn > 100
    assert {"Ряд", "Дата"} <= set(table.columns)
    russia = table[table["Ряд"] == "Россия"]
    assert russia["Дата"].map(lambda v: isinstance(v, date)).all()  # dates, which the grid writes 16.05.2024


def test_a_regions_map_as_a_table_names_every_region(bundled):
    figure, _ = views.regions_chart(
        bundled,
        date(2026, 11, 1),
        date(2025, 11, 1),
        date(2026, 11, 1),
        50,
        "centers",
        "tiles",
        "ru",
        "",
        "",
        0.0,
        False,
    )
    table = figures.figure_table(figure, "ru")
    described = " ".join(table["Описание"])
    assert len(table) >= 85 and "Пензенская область" in described and "нажмите" not in described


def test_the_plotly_locale_is_the_languages_cldr_words():
    russian = plotly_locale.plotly_locale("ru")["format"]
    assert russian["decimal"] == "," and russian["shortDays"][0] == "вс"  # d3 counts from Sunday
    assert plotly_locale.plotly_locale("en")["dictionary"] == {}


def test_the_seed_and_other_system_rows_use_the_readers_words():
    history = pd.DataFrame(
        {
            "id": [2, 1],
            "started_at": pd.to_datetime(["2026-11-02 10:00", "2026-11-01 09:00"]),
            "user_name": ["anna", "rcnet (first run)"],
            "is_seed": [False, True],
            "file_name": ["a.csv", "centers.csv"],
            "table_name": [columns.TABLE_CENTERS, columns.TABLE_CENTERS],
            "added": [1, 10],
            "updated": [0, 0],
            "unchanged": [0, 0],
            "rejected": [0, 0],
            "removed": [0, 0],
            "undone_at": [pd.NaT, pd.NaT],
            "sha256": ["x", "y"],
        }
    )
    assert list(tables.history_table(history, "ru")["Кто"]) == ["anna", "rcnet (первый запуск)"]
