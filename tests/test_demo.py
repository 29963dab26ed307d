"""The bundled demo registry: deterministic, calibrated to every published figure, honest
about where each row came from."""

import filecmp

import pandas as pd
import pytest

from rcnet_data.core import analytics, columns
from rcnet_data.core import reference as ref
from rcnet_data.core.demo import build_demo, write_demo
from tests.conftest import PROJECT_ROOT


def test_same_bytes_every_run_and_matches_committed_data(tmp_path):
    write_demo(tmp_path / "a")
    write_demo(tmp_path / "b")
    for name in ("centers.csv", "events.csv"):
        assert filecmp.cmp(tmp_path / "a" / name, tmp_path / "b" / name, shallow=False)
        assert filecmp.cmp(tmp_path / "a" / name, PROJECT_ROOT / "data" / name, shallow=False), (
            f"data/{name} is stale: run python -m rcnet_data demo"
        )


def test_bundled_data_is_valid(bundled):
    for report in bundled.reports.values():
        assert report.errors == [], report.errors[:3]
    assert bundled.is_demo


def test_every_published_milestone_holds(bundled):
    table = analytics.milestone_check(bundled.centers, ref.published_milestones())
    assert len(table) == len(ref.published_milestones()) == 26
    assert table["holds"].all(), table[~table["holds"]].to_string()


def test_headline_figures(bundled):
    size = analytics.network_size(bundled.centers, "2024-05-16")
    assert size.domestic_centers > 1600 and size.foreign_centers == 63 and size.countries == 35
    assert analytics.network_size(bundled.centers, "2016-03-01").regions_covered == 74
    assert analytics.network_size(bundled.centers, "2016-02-29").regions_covered == 73
    assert analytics.network_size(bundled.centers, "2017-09-15").regions_covered == 85
    assert analytics.network_size(bundled.centers, "2011-09-20").domestic_centers == 20


def test_regional_centers_are_numbered_as_the_news_numbered_them(bundled):
    """Murmansk's regional center (2018-01-29) was 'the 34th in Russia', Karelia's
    (2019-10-16) 'the 40th': the demo's regional centers count the same on those days."""
    regional = bundled.centers[bundled.centers[columns.KIND] == columns.KIND_REGIONAL]
    for day, ordinal, host in (("2018-01-29", 34, "Мурманская"), ("2019-10-16", 40, "Карелия")):
        opened_that_day = regional[regional[columns.OPENED_ON] == pd.Timestamp(day)]
        assert host in " ".join(opened_that_day[columns.HOST])
        assert (regional[columns.OPENED_ON] <= pd.Timestamp(day)).sum() == ordinal


def test_registry_text_is_russian(bundled):
    """Names, hosts, towns and titles read as Russian staff write them; English appears only
    in proper names that have no Russian form."""
    import re

    latin_word = re.compile(r"[a-z]{3,}")  # a Latin word (Roman numerals such as VIII are not)
    centers, events = bundled.centers, bundled.events
    for column in (columns.NAME, columns.HOST, columns.CITY):
        english = centers[centers[column].str.contains(latin_word)]
        assert english.empty, english[column].head(3).tolist()
    titles = events[columns.TITLE]
    assert (titles.str.contains(latin_word) & ~titles.str.contains("Arctic.ru", regex=False)).sum() == 0
    assert events[columns.CITY].str.contains(latin_word).sum() == 0
    assert {"Знание о России", "Видеолекторий — в школу!", "Иностранный взгляд", "Россия в электронном мире"} <= {
        series
        for series in ("Знание о России", "Видеолекторий — в школу!", "Иностранный взгляд", "Россия в электронном мире")
        if titles.str.contains(series, regex=False).any()
    }
    penza = centers[centers[columns.REGION_CODE] == "RU-PNZ"]
    assert "Пензенская областная библиотека им. М. Ю. Лермонтова" in set(penza[columns.HOST])
    assert any(host.endswith("г. Пензы") for host in penza[columns.HOST])  # the town in the genitive, as staff write it
    assert "Национальная библиотека Республики Татарстан" in set(centers[columns.HOST])


def test_known_centers_and_events_are_in_with_their_sources(bundled):
    known = ref.read_fact("known_centers.csv")
    centers = bundled.centers
    for fact in known.itertuples():
        match = centers[(centers[columns.CITY] == fact.city_ru) & (centers[columns.HOST] == fact.host_ru)]
        assert len(match) == 1, fact.host
        assert match.iloc[0][columns.SOURCE] == fact.source
    events = bundled.events
    facts = ref.read_fact("known_events.csv")
    kept_out = facts[facts["kept_out"] != ""]
    # Every published event is in the registry with its source, but those in places the 85-region
    # reference does not hold (Donetsk, Luhansk), which the facts file names.
    assert len(facts) == 98 and set(kept_out["region"]) == {"Donetsk People's Republic", "Luhansk People's Republic"}
    assert (events[columns.SOURCE] != columns.DEMO_SOURCE).sum() == len(facts) - len(kept_out) == 96
    assert set(
        facts[facts["kept_out"] == ""]["source"].map(lambda s: "https://" + s if s.startswith("prlib.ru") else s)
    ) <= set(events[columns.URL]) | set(events[columns.SOURCE])
    assert "«Дойти до Берлина»" in " ".join(events[events[columns.SOURCE] != columns.DEMO_SOURCE][columns.TITLE])
    # Every other row says it is demo.
    assert (centers[columns.SOURCE] != columns.DEMO_SOURCE).sum() == len(known) == 102


def test_domestic_centers_sit_in_their_region(bundled):
    """Inside their region's boundary, or within the 1:10m border's generalisation."""
    from rcnet_data.core import boundaries

    domestic = bundled.centers[bundled.centers[columns.NETWORK] == columns.DOMESTIC]
    checked = boundaries.check_points(domestic[columns.LAT], domestic[columns.LON], domestic[columns.REGION_CODE])
    assert checked["outside_km"].max() < 2, domestic.loc[checked["outside_km"].idxmax(), columns.CENTER_ID]
    assert (checked["outside_km"] == 0).mean() > 0.98


def test_centers_spread_with_population(bundled):
    table = analytics.coverage_by_region(bundled.centers, bundled.events, as_of="2026-11-26")
    assert table["centers"].min() >= 2  # every region has more than its first center
    # Outside the regions whose counts were published, centers follow population.
    assert table.loc["RU-MOS", "centers"] > table.loc["RU-TUL", "centers"] > table.loc["RU-NEN", "centers"]
    assert table.loc["RU-TYU", "centers"] >= 149
    ural = table[table["federal_district"] == "UFD"]["centers"].sum()
    assert 720 <= ural <= 880  # "about 800" in the Ural Federal District


def test_events_cover_years_regions_and_kinds(bundled):
    events = bundled.events
    assert len(events) > 5000
    assert events[columns.DATE].min() < pd.Timestamp("2011-01-01")
    assert events[columns.DATE].max() >= pd.Timestamp("2026-10-01")
    assert events[columns.REGION_CODE].nunique() == 85
    assert events[events[columns.NETWORK] == columns.FOREIGN][columns.COUNTRY].nunique() >= 30
    assert set(columns.EVENT_TYPES) - {"other"} <= set(events[columns.EVENT_TYPE])


@pytest.mark.parametrize("scale", [3])
def test_scale_multiplies_centers_and_events(scale):
    base, scaled = build_demo(1), build_demo(scale)
    ratio_centers = len(scaled.centers) / len(base.centers)
    ratio_events = len(scaled.events) / len(base.events)
    assert scale * 0.95 < ratio_centers < scale * 1.02
    assert scale * 0.9 < ratio_events < scale * 1.1
