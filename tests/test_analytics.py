"""Analytics on a tiny registry whose answers can be counted by hand."""

import pandas as pd
import pytest

from rcnet_data.core import analytics
from rcnet_data.core.validation import typed_centers, typed_events


@pytest.fixture
def tiny():
    """Four centers: two in Penza (one closed in 2020), one in Tatarstan, one in China,
    and three events; small enough that every figure below is checked by counting."""
    centers = typed_centers(
        pd.DataFrame(
            [
                {
                    "center_id": "P1",
                    "name": "a",
                    "kind": "regional_center",
                    "network": "domestic",
                    "country": "RU",
                    "region_code": "RU-PNZ",
                    "city": "Penza",
                    "host": "h",
                    "host_type": "regional_library",
                    "address": "",
                    "lat": 53.2,
                    "lon": 45.0,
                    "opened_on": "2013-05-01",
                    "closed_on": None,
                    "source": "s",
                    "note": "",
                },
                {
                    "center_id": "P2",
                    "name": "b",
                    "kind": "remote_access_center",
                    "network": "domestic",
                    "country": "RU",
                    "region_code": "RU-PNZ",
                    "city": "Kuznetsk",
                    "host": "h",
                    "host_type": "school",
                    "address": "",
                    "lat": 53.1,
                    "lon": 46.6,
                    "opened_on": "2017-02-28",
                    "closed_on": "2020-01-01",
                    "source": "demo",
                    "note": "",
                },
                {
                    "center_id": "T1",
                    "name": "c",
                    "kind": "remote_access_center",
                    "network": "domestic",
                    "country": "RU",
                    "region_code": "RU-TA",
                    "city": "Kazan",
                    "host": "h",
                    "host_type": "school",
                    "address": "",
                    "lat": 55.8,
                    "lon": 49.1,
                    "opened_on": "2018-06-10",
                    "closed_on": None,
                    "source": "demo",
                    "note": "",
                },
                {
                    "center_id": "F1",
                    "name": "d",
                    "kind": "foreign_center",
                    "network": "foreign",
                    "country": "CN",
                    "region_code": None,
                    "city": "Beijing",
                    "host": "h",
                    "host_type": "other",
                    "address": "",
                    "lat": 39.9,
                    "lon": 116.4,
                    "opened_on": "2010-09-01",
                    "closed_on": None,
                    "source": "s",
                    "note": "",
                },
            ]
        )
    )
    events = typed_events(
        pd.DataFrame(
            [
                {
                    "event_id": "E1",
                    "date": "2024-05-15",
                    "end_date": None,
                    "title": "quest",
                    "event_type": "quest",
                    "center_id": "P1",
                    "network": "domestic",
                    "country": "RU",
                    "region_code": "RU-PNZ",
                    "city": "Penza",
                    "participants": 30,
                    "url": "",
                    "source": "s",
                    "note": "",
                },
                {
                    "event_id": "E2",
                    "date": "2024-06-01",
                    "end_date": None,
                    "title": "lecture",
                    "event_type": "lecture",
                    "center_id": "T1",
                    "network": "domestic",
                    "country": "RU",
                    "region_code": "RU-TA",
                    "city": "Kazan",
                    "participants": None,
                    "url": "",
                    "source": "s",
                    "note": "",
                },
                {
                    "event_id": "E3",
                    "date": "2024-05-15",
                    "end_date": None,
                    "title": "vc",
                    "event_type": "videoconference",
                    "center_id": "",
                    "network": "foreign",
                    "country": "CN",
                    "region_code": None,
                    "city": "",
                    "participants": None,
                    "url": "",
                    "source": "s",
                    "note": "",
                },
            ]
        )
    )
    return centers, events


def test_network_size_counts_open_centers(tiny):
    centers, _ = tiny
    assert analytics.network_size(centers, "2012-01-01").as_dict() == {
        "as_of": "2012-01-01",
        "domestic_centers": 0,
        "foreign_centers": 1,
        "countries": 1,
        "regions_covered": 0,
    }
    assert analytics.network_size(centers, "2019-01-01").domestic_centers == 3
    size = analytics.network_size(centers, "2020-01-01")  # P2 closed that day
    assert (size.domestic_centers, size.regions_covered) == (2, 2)
    assert analytics.network_size(centers, "2017-02-28").domestic_centers == 2  # opened that day counts


def test_summary_counts_events_up_to_date(tiny):
    centers, events = tiny
    assert analytics.summary(centers, events, "2024-05-31")["events"] == 2


def test_growth_series_matches_network_size(tiny):
    centers, _ = tiny
    series = analytics.growth_series(centers, "2009-01-01", "2024-12-31", freq="YS")
    for row in series.itertuples():
        size = analytics.network_size(centers, row.date)
        assert (row.domestic_centers, row.foreign_centers, row.countries, row.regions_covered) == (
            size.domestic_centers,
            size.foreign_centers,
            size.countries,
            size.regions_covered,
        )
    assert series["date"].iloc[-1] == pd.Timestamp("2024-12-31")


def test_openings_by_year_by_network_fills_empty_years(tiny):
    centers, _ = tiny
    table = analytics.openings_by_period(centers, "YS", "network")
    by_year = table.pivot(index="period", columns="group", values="openings")
    assert by_year.loc["2013-01-01", "domestic"] == 1
    assert by_year.loc["2014-01-01"].sum() == 0  # a year with no opening is present
    assert by_year["foreign"].sum() == 1 and by_year["domestic"].sum() == 3


def test_openings_by_district_and_month(tiny):
    centers, _ = tiny
    table = analytics.openings_by_period(centers, "MS", "federal_district", start="2017-01-01")
    assert set(table["group"]) == {"VFD"} and table["openings"].sum() == 2


def test_coverage_by_region(tiny):
    centers, events = tiny
    table = analytics.coverage_by_region(centers, events, as_of="2024-06-30")
    penza = table.loc["RU-PNZ"]
    assert penza["centers"] == 1 and penza["towns_with_center"] == 1
    assert penza["per_100k"] == pytest.approx(100_000 / 1_232_000, abs=0.01)
    assert penza["events_in_period"] == 1
    assert table.loc["RU-TA", "events_in_period"] == 1
    assert len(table) == 85 and (table.loc["RU-MOW", ["centers", "events_in_period"]] == 0).all()
    assert table.loc["RU-PNZ", "rank_centers"] == 1


def test_milestone_bounds():
    assert analytics.figure_holds(401, 400, "more_than") and not analytics.figure_holds(400, 400, "more_than")
    assert analytics.figure_holds(900, 1000, "about") and not analytics.figure_holds(899, 1000, "about")
    assert analytics.figure_holds(63, 63, "exact") and not analytics.figure_holds(62, 63, "exact")


def test_milestone_check_uses_countries_and_regions(tiny):
    centers, _ = tiny
    milestones = pd.DataFrame(
        [
            {
                "date": "2019-01-01",
                "scope": "foreign",
                "value": "1",
                "bound": "exact",
                "countries": "1",
                "regions": "",
                "source": "x",
                "note": "",
            },
            {
                "date": "2019-01-01",
                "scope": "foreign",
                "value": "1",
                "bound": "exact",
                "countries": "2",
                "regions": "",
                "source": "x",
                "note": "",
            },
            {
                "date": "2019-01-01",
                "scope": "domestic",
                "value": "2",
                "bound": "more_than",
                "countries": "",
                "regions": "2",
                "source": "x",
                "note": "",
            },
            {
                "date": "2019-01-01",
                "scope": "region:Пензенская область",
                "value": "2",
                "bound": "exact",
                "countries": "",
                "regions": "",
                "source": "x",
                "note": "",
            },
            {
                "date": "2018-06-01",
                "scope": "district:VFD",
                "value": "2",
                "bound": "about",
                "countries": "",
                "regions": "2",
                "source": "x",
                "note": "",
            },
        ]
    )
    result = analytics.milestone_check(centers, milestones)
    # Rows come in date order; a district's stated regions are those covered in the district.
    assert list(result["scope"]) == ["district:VFD", "domestic", "foreign", "foreign", "region:Пензенская область"]
    assert list(result["holds"]) == [False, True, True, False, True]
    assert list(result["registry"]) == [2, 3, 1, 1, 2]
    assert result["registry_regions"].tolist()[0] == 1  # one region of the Volga district covered then
    assert str(result["published_regions"].dtype) == "Int64"  # counts are whole numbers, never 24.0
