"""Every page in Streamlit's AppTest, with its main filter paths: values, not only "no error"."""

from __future__ import annotations

import json
import re
from datetime import date

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from rcnet_data.core import analytics, columns
from rcnet_data.presentation import i18n, pages
from tests.conftest import assert_ran, run_app

AS_OF = "2024-05-16"  # a published date: 1600+ domestic, 63 foreign centers in 35 countries


pytestmark = pytest.mark.usefixtures("fresh_caches")


def run_page(page: str | None = None, **params) -> AppTest:
    return run_app(page, **params)


def navigation_titles(app: AppTest) -> list[str]:
    """The page titles of the navigation, as Streamlit's sidebar shows them (the page table's
    order, in the reader's language)."""
    return [info["page_name"] for info in app._registered_pages.values()]


def metrics(app: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in app.metric}


def plotly_specs(app: AppTest) -> list[dict]:
    return [json.loads(element.proto.spec) for element in app.get("plotly_chart")]


def deck_specs(app: AppTest) -> list[dict]:
    return [json.loads(element.proto.json) for element in app.get("deck_gl_json_chart")]


def table_behind_the_map(app: AppTest):
    """«Show as a table» under Domestic's centers map (itself behind the map's expander)."""
    (shown,) = [e for e in app.expander if e.label == "Map of the centers"]
    (expander,) = [e for e in shown.expander if e.label == "Show as a table"]
    return expander


def open_map(app: AppTest, key: str) -> AppTest:
    """The reader opens a map drawn on demand (its expander), as a click on it does."""
    app.session_state[f"open_{key}"] = True
    app.run()
    assert_ran(app)
    return app


def test_overview_headline_figures_match_the_registry(bundled):
    app = run_page(as_of=AS_OF)
    size = analytics.network_size(bundled.centers, AS_OF)
    shown = metrics(app)
    assert shown["Центров в России"] == i18n.fmt_int(size.domestic_centers, "ru")
    assert shown["Центров за рубежом"] == "63" and shown["Стран"] == "35"
    assert shown["Регионов с центрами"] == "85 из 85"
    last, previous = analytics.openings_comparison(bundled.centers, AS_OF)
    assert shown["Открыто за год"] == str(last)
    assert any("Демонстрационные данные" in c.value for c in app.caption)  # the demo notice, one line
    growth = plotly_specs(app)[0]
    assert growth["data"][0]["y"][-1] if isinstance(growth["data"][0]["y"], list) else True
    tables = app.dataframe
    assert len(tables[0].value) == 10  # latest events
    assert tables[0].value.columns[0] == "Заголовок"  # the most telling column first
    milestones = tables[1].value
    assert milestones.columns[0] == "✓" and len(milestones) == 26 and set(milestones["✓"]) == {"✓"}
    # On the demo the figures hold by construction, and the page says so rather than
    # offering «23 of 23» as evidence.
    assert any(c.value.startswith("Демо-реестр откалиброван по опубликованным итогам") for c in app.caption)
    assert not any(c.value.startswith("Совпадает") for c in app.caption)
    assert app.get("download_button"), "slides download"


def test_overview_in_english():
    app = run_page(lang="en", as_of=AS_OF)
    assert app.title[0].value == "Overview"
    assert metrics(app)["Centers abroad"] == "63"
    assert "Domestic network" in navigation_titles(app)


def test_domestic_filter_to_one_region_shows_its_count(bundled):
    app = run_page("domestic", region="RU-PNZ", as_of=AS_OF)
    expected = len(
        analytics.open_centers(analytics.filter_centers(bundled.centers, columns.DOMESTIC, region="RU-PNZ"), AS_OF)
    )
    assert metrics(app)["Центров в России"] == str(expected)
    # The centers' map is not on the first screen: no deck until the reader opens it.
    assert deck_specs(app) == [] and "Карта центров" in [e.label for e in app.expander]
    deck = deck_specs(open_map(app, "domestic_map"))[0]
    points = next(layer for layer in deck["layers"] if layer["id"] == "centers")
    assert len(points["data"]) == expected
    assert {row["region_code"] for row in points["data"]} == {"RU-PNZ"}


def test_domestic_district_filter_and_tile_metric(bundled):
    app = run_page("domestic", district="UFD", metric="per_100k", threshold="1.5", as_of=AS_OF, lang="en")
    expected = len(
        analytics.open_centers(analytics.filter_centers(bundled.centers, columns.DOMESTIC, district="UFD"), AS_OF)
    )
    assert metrics(app)["Centers in Russia"] == str(expected)
    table = app.dataframe[0].value
    assert len(table) == 6  # the Ural district's regions
    assert set(table["Federal district"]) == {"Ural"}
    regions = plotly_specs(app)[0]
    assert regions["layout"]["title"]["text"].replace("<br>", " ") == "Regions: Centers per 100,000 residents"
    # The default view is the choropleth: one trace per colour class, 85 regions between them,
    # drawn from the local boundaries on MapLibre's blank style (no tiles).
    classes = [trace for trace in regions["data"] if trace["type"] == "choroplethmap" and trace.get("showlegend")]
    assert sum(len(trace["locations"]) for trace in classes) == 85
    assert regions["layout"]["map"]["style"] == "white-bg"
    assert classes[-1]["name"].startswith("≥ ")
    app = run_page(
        "domestic", district="UFD", metric="per_100k", threshold="1.5", as_of=AS_OF, lang="en", coverage_view="tiles"
    )
    tiles = plotly_specs(app)[0]
    assert len(tiles["layout"]["shapes"]) == 85
    coverage = analytics.coverage_by_region(bundled.centers, bundled.events, AS_OF)
    below = int((coverage.loc[coverage["federal_district"] == "UFD", "per_100k"] < 1.5).sum())
    assert any(f"{i18n.counted('n_regions', below, 'en')} below 1.5" in m.value for m in app.markdown)


def test_domestic_density_view_aggregates(bundled):
    app = open_map(run_page("domestic", view="density"), "domestic_map")
    layers = deck_specs(app)[0]["layers"]
    cells = next(layer for layer in layers if layer["id"] == "density")
    assert sum(cell["centers"] for cell in cells["data"]) == analytics.network_size(bundled.centers).domestic_centers
    assert all(len(cell["polygon"]) == 6 for cell in cells["data"])


def test_a_map_the_reader_opened_stays_open_when_she_comes_back_and_closed_stays_closed():
    """The maps below the first screen (Domestic's centers, Growth's network on a date) are
    drawn only once opened; the choice holds for the session, across pages."""
    app = run_page("growth", lang="en")
    assert deck_specs(app) == [] and "Map of the network on this date" in [e.label for e in app.expander]
    assert len(deck_specs(open_map(app, "growth_map"))) == 1
    for key in ("overview", "domestic", "growth"):
        app.switch_page(pages.page(key).script).run()
        assert_ran(app)
    assert len(deck_specs(app)) == 1  # back on Growth: still open
    app.session_state["open_growth_map"] = False  # closed by the reader
    app.run()
    assert deck_specs(app) == []
    app.switch_page(pages.page("overview").script).run()
    app.switch_page(pages.page("growth").script).run()
    assert_ran(app)
    assert deck_specs(app) == []


def test_foreign_page_counts_and_table(bundled):
    app = run_page("foreign", as_of=AS_OF, lang="en")
    assert metrics(app) == {"Centers abroad": "63", "Countries": "35"}
    table = app.dataframe[0].value
    assert len(table) == 35 and table["Centers"].sum() == 63
    assert table.iloc[0]["Centers"] >= table.iloc[-1]["Centers"]
    assert {"Beijing", "Shenzhen"} <= set(table.set_index("Country").loc["China", "City"].split(", "))


def test_growth_page_network_on_a_date_and_projection(bundled):
    app = run_page("growth", on="2016-03-01", target="2500", freq="MS", lang="en")
    shown = metrics(app)
    assert shown["Regions covered"] == "74 of 85"
    size = analytics.network_size(bundled.centers, "2016-03-01")
    assert shown["Centers in Russia"] == i18n.fmt_int(size.domestic_centers, "en")
    assert any("reaches 2,500 in " in m.value and " or so (range " in m.value for m in app.markdown)
    russian = run_page("growth", on="2016-03-01", target="2500", freq="MS", lang="ru")
    sentence = next(m.value for m in russian.markdown if re.search(r"достигнет 2\s500 примерно", m.value))
    # «в марте 2030 г.»: the month in the prepositional case, never «в март 2030».
    assert re.search(r"примерно в [а-я]+е \d{4}\sг\. \(диапазон: [а-я]+ \d{4}\sг\. – [а-я]+ \d{4}\sг\.\)", sentence), (
        sentence
    )
    specs = plotly_specs(app)
    assert specs[0]["layout"]["yaxis"]["title"]["text"] == "Openings per month"
    assert any(spec["layout"]["title"]["text"] == "Projection of the domestic network" for spec in specs)


def test_events_filters_by_type_region_and_text(bundled):
    app = run_page("events", start="2023-01-01", end="2024-12-31", region="RU-KGN", lang="en")
    found = analytics.search_events(bundled.events, "2023-01-01", "2024-12-31", region="RU-KGN")
    assert metrics(app)["Events"] == i18n.fmt_int(len(found), "en")
    table = app.dataframe[0].value
    # Registry text stays as stored (Russian); places come from the reference in English.
    assert "Виртуальная выставка ко Дню памяти и скорби" in set(table["Title"])
    assert set(table["Place"].str.split(", ").str[-1]) == {"Kurgan Oblast"}
    assert "Kurgan, Kurgan Oblast" in set(table["Place"])

    app = run_page("events", start="2024-05-01", end="2024-05-31", types="quest", q="берлин", lang="en")
    table = app.dataframe[0].value
    assert len(table) == 1 and table.iloc[0]["Place"] == "Penza, Penza Oblast"
    assert table.iloc[0]["Link"] == "https://prlib.ru/en/networknews"
    assert "Дойти до Берлина" in table.iloc[0]["Title"]


def test_a_rerun_shows_the_same_table_without_formatting_it_again(monkeypatch):
    """A table's element is made once per rows, language and layout and replayed on a rerun
    (pandas' Styler was most of a warm rerun); other rows or another language make a new one,
    and a table inside an expander is replayed inside it."""
    from rcnet_data.presentation import tables

    formatted = []
    real_styled = tables.styled
    monkeypatch.setattr(tables, "styled", lambda frame, lang: formatted.append(len(frame)) or real_styled(frame, lang))
    app = run_page("events", start="2023-01-01", end="2024-12-31", region="RU-KGN", lang="en")
    first = app.dataframe[0].value
    assert formatted == [len(first)]
    app.run()
    assert formatted == [len(first)]  # replayed, not formatted again
    pd.testing.assert_frame_equal(app.dataframe[0].value, first)

    app.selectbox(key="w_region").set_value("RU-PNZ").run()
    other = app.dataframe[0].value
    assert len(formatted) == 2 and set(other["Place"].str.split(", ").str[-1]) == {"Penza Oblast"}

    app = run_page("events", start="2023-01-01", end="2024-12-31", region="RU-KGN", lang="ru")
    assert len(formatted) == 3 and "Заголовок" in app.dataframe[0].value.columns

    app = open_map(run_page("domestic", lang="en"), "domestic_map")
    app.session_state["as_table_domestic_map"] = True
    app.run()
    assert_ran(app)
    behind = [len(frame.value) for frame in table_behind_the_map(app).dataframe]
    assert len(behind) == 1 and behind[0] > 1000 and len(app.dataframe) == 2  # the map's rows, and the coverage table
    app.run()
    assert [len(frame.value) for frame in table_behind_the_map(app).dataframe] == behind
    assert len(app.dataframe) == 2  # replayed inside its expander, and nowhere else


def test_events_nothing_found_says_so():
    app = run_page("events", q="no such words anywhere", lang="en")
    assert metrics(app)["Events"] == "0"
    assert any("No events in this period match" in info.value for info in app.info)
    assert not app.dataframe and not app.get("plotly_chart")  # a sentence, no empty table or chart


def test_region_page_figures_and_gaps(bundled):
    app = run_page("region", region="RU-KYA", km="100", as_of=AS_OF, lang="en")
    assert app.header[0].value == "Krasnoyarsk Krai"
    coverage = analytics.coverage_by_region(bundled.centers, bundled.events, AS_OF)
    row = coverage.loc["RU-KYA"]
    shown = metrics(app)
    assert shown["Centers"] == str(row["centers"])
    assert shown["Rank"] == f"{row['rank_centers']} of 85"
    gaps = app.dataframe[0].value
    assert (gaps["Distance, km"] > 100).all()
    assert gaps.columns[0] == "Town"
    frames = {frame.value.columns[0]: frame.value for frame in app.dataframe}
    assert len(frames["Name"]) == row["centers"]
    # Where to open next: ten sites, each adding no more residents than the one before.
    plan = frames["No."]
    assert list(plan["No."]) == list(range(1, 11))
    assert plan["Residents gained"].is_monotonic_decreasing
    assert shown["Within 100 km"].endswith("%")
    deck = deck_specs(app)[0]
    ids = [layer["id"] for layer in deck["layers"]]
    assert {"region", "neighbours", "plan", "gaps", "town_labels", "scale_bar"} <= set(ids)


def test_region_page_without_region_asks_for_one():
    app = run_page("region", lang="en")
    assert any("Choose a region" in info.value for info in app.info)


def test_filters_carry_over_between_pages(bundled):
    app = run_page("domestic", region="RU-PNZ", lang="en")
    app.switch_page(pages.page("region").script).run()
    assert app.header[0].value == "Penza Oblast"
    assert app.query_params["region"] == ["RU-PNZ"] or app.query_params["region"] == "RU-PNZ"


def test_language_switch_changes_labels():
    app = run_page()
    assert app.title[0].value == "Обзор"
    app.button_group(key="w_lang").set_value("en").run()
    assert app.title[0].value == "Overview"
    assert app.query_params["lang"] in ("en", ["en"])  # and the link says so


def test_presenter_mode_is_a_slideshow_without_controls():
    app = run_page(presenter="1")
    css = " ".join(m.value for m in app.markdown)
    assert '[data-testid="stSidebar"]' in css and "display: none" in css
    assert app.button(key="slide_next") and app.button(key="slide_exit")
    app = run_page()
    app.toggle(key="w_presenter").set_value(True).run()
    assert "display: none" in " ".join(m.value for m in app.markdown)


def test_bad_url_values_fall_back_to_defaults():
    app = run_page("domestic", region="Нарния", metric="bogus", as_of="yesterday", threshold="x")
    assert metrics(app)["Центров в России"] == metrics(run_page("domestic"))["Центров в России"]


def test_today_is_the_default_date():
    app = run_page()
    assert app.caption[0].value.endswith(i18n.fmt_date(date.today(), "ru"))
