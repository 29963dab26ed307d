"""Coverage of the population: towns far from any center, the share of residents within
N km of one, and where to open next, on hand-made examples whose answers are known."""

import pandas as pd
import pytest

from rcnet_data.core import coverage as cov
from rcnet_data.core import reference
from rcnet_data.core.validation import typed_centers


def centers_at(*points, opened="2015-01-01", closed=None):
    return typed_centers(
        pd.DataFrame(
            [
                {
                    "center_id": f"X{k}",
                    "name": f"Center {k}",
                    "kind": "remote_access_center",
                    "network": "domestic",
                    "country": "RU",
                    "region_code": "RU-PNZ",
                    "city": "Пенза",
                    "host": "h",
                    "host_type": "other",
                    "address": "",
                    "lat": lat,
                    "lon": lon,
                    "opened_on": opened,
                    "closed_on": closed,
                    "source": "t",
                    "note": "",
                }
                for k, (lat, lon) in enumerate(points)
            ]
        )
    )


def towns_of(*rows):
    """A hand-made gazetteer of Penza Oblast: (name, population, lat, lon)."""
    return pd.DataFrame(
        [
            {
                "geonameid": k,
                "name_en": name,
                "name_ru": name,
                "region_code": "RU-PNZ",
                "lat": lat,
                "lon": lon,
                "population": population,
            }
            for k, (name, population, lat, lon) in enumerate(rows)
        ]
    )


def test_distances_match_great_circle():
    penza = reference.geocode_town("RU-PNZ", "Penza")
    result = cov.coverage_gaps(centers_at(penza), "RU-PNZ", km=0, limit=500)
    kuznetsk = result[result["name_en"] == "Kuznetsk"].iloc[0]
    expected = reference.haversine_km(*penza, *reference.geocode_town("RU-PNZ", "Kuznetsk"))
    assert abs(kuznetsk["distance_km"] - expected) / expected < 0.01
    assert kuznetsk["nearest_center"] == "Center 0"


def test_pairs_within_are_great_circle_distances_in_a_large_region():
    """Yakutia spans 3,000 km: pairs far from the projection's centre are still measured on the great circle."""
    towns = reference.towns()
    yakutia = towns[towns["region_code"] == "RU-SA"].reset_index(drop=True)
    points = pd.DataFrame({"lat": [71.69, 56.66], "lon": [128.87, 124.72]})  # Tiksi, Neryungri
    pairs = cov.pairs_within(yakutia, points, 300)
    assert len(pairs) > 0 and (pairs["distance_km"] <= 300).all()
    exact = reference.haversine_km(
        yakutia.loc[pairs["town"], "lat"].to_numpy(),
        yakutia.loc[pairs["town"], "lon"].to_numpy(),
        points.loc[pairs["point"], "lat"].to_numpy(),
        points.loc[pairs["point"], "lon"].to_numpy(),
    )
    assert pairs["distance_km"].to_numpy() == pytest.approx(exact, rel=0.01)


def test_far_towns_largest_first_and_threshold():
    penza = reference.geocode_town("RU-PNZ", "Penza")
    far = cov.coverage_gaps(centers_at(penza), "RU-PNZ", km=100)
    assert (far["distance_km"] > 100).all()
    assert list(far["population"]) == sorted(far["population"], reverse=True)
    assert "Kuznetsk" in set(far["name_en"])  # about 110 km east of Penza
    assert cov.coverage_gaps(centers_at(penza), "RU-PNZ", km=400).empty


def test_closed_centers_do_not_count():
    far = cov.coverage_gaps(centers_at((53.2, 45.0), closed="2016-01-01"), "RU-PNZ", km=50, as_of="2020-01-01", limit=5)
    assert len(far) == 5 and far.iloc[0]["name_en"] == "Penza"


def test_share_of_residents_within_reach_by_hand():
    """Three towns; a center at A reaches A (1,000) and B, 0.33° east (22 km), but not C, 1° north (111 km)."""
    towns = towns_of(("A", 1000, 53.0, 45.0), ("B", 500, 53.0, 45.33), ("C", 250, 54.0, 45.0))
    reach = cov.reach(centers_at((53.0, 45.0), opened="2015-01-01", closed="2020-01-01"), km=50, towns=towns)
    assert list(reach.covered("2016-06-01")) == [True, True, False]
    assert (
        not reach.covered("2014-12-31").any() and not reach.covered("2021-01-01").any()
    )  # before opening, after closing
    table = reach.by_region("2016-06-01")
    population = reference.regions().loc["RU-PNZ", "population"]
    assert table.loc["RU-PNZ", "covered_residents"] == 1500
    assert table.loc["RU-PNZ", "coverage"] == round(1500 / population, 4)
    assert table["covered_residents"].drop("RU-PNZ").sum() == 0


def test_a_later_center_keeps_a_town_covered_after_another_closes():
    towns = towns_of(("A", 1000, 53.0, 45.0))
    centers = pd.concat(
        [
            centers_at((53.0, 45.0), opened="2015-01-01", closed="2018-01-01"),
            centers_at((53.1, 45.1), opened="2017-06-01"),
        ],
        ignore_index=True,
    )
    reach = cov.reach(centers, km=50, towns=towns)
    assert [bool(reach.covered(day).iloc[0]) for day in ("2014-01-01", "2016-01-01", "2019-01-01")] == [
        False,
        True,
        True,
    ]


def test_greedy_plan_picks_the_cluster_then_the_lone_town():
    """Two towns of 600, 10 km apart, and one of 1,000 far away; no center yet. Within 20 km,
    the first site covers the pair (1,200 residents), the second the lone town (1,000)."""
    towns = towns_of(("Lone", 1000, 52.8, 43.5), ("Twin1", 600, 53.2, 45.0), ("Twin2", 600, 53.2, 45.15))
    plan = cov.plan_sites(centers_at((60.0, 30.0)), "RU-PNZ", km=20, count=3, towns=towns)
    assert list(plan["name_en"]) == ["Twin1", "Lone"]  # a third site would add nobody
    assert list(plan["gained"]) == [1200, 1000] and list(plan["covered"]) == [1200, 2200]
    population = reference.regions().loc["RU-PNZ", "population"]
    assert plan["share"].iloc[-1] == round(2200 / population, 4)


def test_plan_skips_residents_already_within_reach():
    towns = towns_of(("Lone", 1000, 52.8, 43.5), ("Twin1", 600, 53.2, 45.0), ("Twin2", 600, 53.2, 45.15))
    plan = cov.plan_sites(centers_at((53.2, 45.0)), "RU-PNZ", km=20, count=3, towns=towns)
    assert list(plan["name_en"]) == ["Lone"] and plan["covered"].iloc[0] == 2200
