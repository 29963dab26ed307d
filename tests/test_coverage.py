"""Coverage gaps: towns far from any center, measured in a metric projection."""

import pandas as pd

from rcnet_data.core import coverage as gaps
from rcnet_data.core import reference
from rcnet_data.core.validation import typed_centers


def one_center(lat, lon):
    return typed_centers(pd.DataFrame([{
        "center_id": "X", "name": "Penza center", "kind": "remote_access_center", "network": "domestic",
        "country": "RU", "region_code": "RU-PNZ", "city": "Penza", "host": "h", "host_type": "other",
        "address": "", "lat": lat, "lon": lon, "opened_on": "2015-01-01", "closed_on": None, "source": "t", "note": ""}]))  # fmt: skip


def test_distances_match_great_circle():
    penza = reference.geocode_town("RU-PNZ", "Penza")
    result = gaps.coverage_gaps(one_center(*penza), "RU-PNZ", km=0, limit=500)
    kuznetsk = result[result["name_en"] == "Kuznetsk"].iloc[0]
    expected = reference.haversine_km(*penza, *reference.geocode_town("RU-PNZ", "Kuznetsk"))
    assert abs(kuznetsk["distance_km"] - expected) / expected < 0.01
    assert kuznetsk["nearest_center"] == "Penza center"


def test_far_towns_largest_first_and_threshold():
    penza = reference.geocode_town("RU-PNZ", "Penza")
    far = gaps.coverage_gaps(one_center(*penza), "RU-PNZ", km=100)
    assert (far["distance_km"] > 100).all()
    assert list(far["population"]) == sorted(far["population"], reverse=True)
    assert "Kuznetsk" in set(far["name_en"])  # about 110 km east of Penza
    assert gaps.coverage_gaps(one_center(*penza), "RU-PNZ", km=400).empty


def test_closed_centers_do_not_count():
    centers = one_center(53.2, 45.0)
    centers["closed_on"] = pd.Timestamp("2016-01-01")
    far = gaps.coverage_gaps(centers, "RU-PNZ", km=50, as_of="2020-01-01", limit=5)
    assert len(far) == 5 and far.iloc[0]["name_en"] == "Penza"
