"""Compare regions: growth, centers per 100,000 and coverage over time
for the chosen regions, with district and national averages; every choice in the URL."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from rcnet_data.core import analytics, comparison
from rcnet_data.core import coverage as cov
from rcnet_data.core import reference as ref
from tests.conftest import run_app

AS_OF = "2024-05-16"


pytestmark = pytest.mark.usefixtures("fresh_caches")


def run(**params) -> AppTest:
    return run_app("compare", **params)


def test_series_match_the_registry(bundled):
    reach = cov.reach(bundled.centers, 50)
    table = comparison.compare_regions(
        bundled.centers, reach, ["RU-PNZ", "RU-SVE"], analytics.sample_days("2009-01-01", AS_OF, "YS")
    )
    last = table[table["date"] == table["date"].max()].set_index("series")
    open_now = analytics.open_centers(bundled.centers[bundled.centers["network"] == "domestic"], AS_OF)
    penza = int((open_now["region_code"] == "RU-PNZ").sum())
    assert last.at["RU-PNZ", "centers"] == penza
    assert last.at["RU-PNZ", "per_100k"] == pytest.approx(penza / ref.regions().at["RU-PNZ", "population"] * 1e5)
    # References: both regions' districts and the country; the national average per region.
    assert {"district:VFD", "district:UFD", "national"} <= set(last.index)
    assert last.at["national", "centers"] == pytest.approx(len(open_now) / 85)
    assert last.at["national", "per_100k"] == pytest.approx(len(open_now) / ref.regions()["population"].sum() * 1e5)
    assert 0 <= last.at["RU-SVE", "coverage"] <= 1
    # Growth only goes up in a registry without closures in those regions over time.
    penza_rows = table[table["series"] == "RU-PNZ"]
    assert penza_rows["date"].is_monotonic_increasing and len(penza_rows) == 17


def test_page_asks_for_regions_first():
    app = run()
    assert app.title[0].value == "Сравнение регионов"
    assert "Выберите в боковой панели" in app.info[0].value


def test_chosen_regions_in_the_url_draw_three_charts_with_references():
    app = run(regions="RU-PNZ,Свердловская обл.,bogus", as_of=AS_OF, km="30")
    charts = [json.loads(element.proto.spec) for element in app.get("plotly_chart")]
    assert len(charts) == 3
    names = [trace["name"] for trace in charts[1]["data"]]
    assert names[:2] == ["Пензенская область", "Свердловская область"]
    assert "Россия: среднее" in names and "Приволжский федеральный округ: среднее" in names
    dashes = {trace["name"]: trace["line"].get("dash") for trace in charts[1]["data"]}
    assert dashes["Россия: среднее"] == "dot" and dashes["Пензенская область"] is None
    assert "30 км" in charts[2]["layout"]["title"]["text"]
    table = app.dataframe[0].value
    assert len(table) == 2 + 2 + 1  # two regions, two districts, the country
    # The choice is kept in the URL, cleaned (a spelling becomes its code, garbage goes).
    assert app.query_params["regions"] in ("RU-PNZ,RU-SVE", ["RU-PNZ,RU-SVE"])


def test_choosing_in_the_sidebar_updates_the_url():
    app = run()
    app.multiselect(key="w_regions").select("RU-TA").select("RU-BA").run()
    assert len(app.get("plotly_chart")) == 3
    assert app.query_params["regions"] in ("RU-TA,RU-BA", ["RU-TA,RU-BA"])


def test_english():
    app = run(regions="RU-PNZ", lang="en")
    names = [trace["name"] for trace in json.loads(app.get("plotly_chart")[0].proto.spec)["data"]]
    assert names == ["Penza Oblast", "Volga Federal District: average", "Russia: average"]
