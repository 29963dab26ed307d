"""Reference geography and name matching."""

import pytest

from rcnet_data.core import reference as ref


def test_85_regions_in_8_districts_with_population_and_area():
    regions = ref.regions()
    assert len(regions) == 85
    assert {"RU-CR", "RU-SEV", "RU-PNZ", "RU-MOW"} <= set(regions.index)
    assert regions["federal_district"].nunique() == 8
    assert set(regions["federal_district"]) == set(ref.federal_districts().index)
    assert (regions["population"] > 30_000).all() and (regions["area_km2"] > 500).all()
    assert regions.loc["RU-MOW", "population"] > 12_000_000
    assert regions["capital_lat"].between(41, 72).all()


@pytest.mark.parametrize(
    "spelling",
    ["Пензенская обл.", "Пензенская область", "Penza Oblast", "Penzenskaya oblast'", "RU-PNZ", "PNZ", "пензенская"],
)
def test_penza_spellings(spelling):
    assert ref.region_code(spelling) == "RU-PNZ"


@pytest.mark.parametrize(
    ("spelling", "code"),
    [
        ("г. Москва", "RU-MOW"),
        ("Москва", "RU-MOW"),
        ("Moscow", "RU-MOW"),
        ("Московская область", "RU-MOS"),
        ("Moscow Oblast", "RU-MOS"),
        ("ХМАО – Югра", "RU-KHM"),
        ("Ханты-Мансийский автономный округ — Югра", "RU-KHM"),
        ("Khanty-Mansi Autonomous Okrug – Yugra", "RU-KHM"),
        ("Респ. Татарстан", "RU-TA"),
        ("Татарстан", "RU-TA"),
        ("Republic of Tatarstan", "RU-TA"),
        ("Tatarstan, Respublika", "RU-TA"),
        ("Sakha (Yakutia) Republic", "RU-SA"),
        ("Kemerovo Oblast", "RU-KEM"),
        ("г. Севастополь", "RU-SEV"),
        ("Республика Крым", "RU-CR"),
        ("Санкт-Петербург", "RU-SPE"),
        ("Орловская область", "RU-ORL"),
        ("Орловская обл", "RU-ORL"),
    ],
)
def test_region_spellings(spelling, code):
    assert ref.region_code(spelling) == code


def test_unknown_region_suggests_closest():
    with pytest.raises(ref.UnknownName) as caught:
        ref.region_code("Пензенская облость")
    assert "Пензенская область" in caught.value.suggestions
    assert "did you mean" in str(caught.value)


@pytest.mark.parametrize("spelling", ["Китай", "China", "CN", "CHN", "китай", "КНР"])
def test_country_spellings(spelling):
    assert ref.country_code(spelling) == "CN"


def test_unknown_country_suggests():
    with pytest.raises(ref.UnknownName) as caught:
        ref.country_code("Германя")
    assert "Германия" in caught.value.suggestions


def test_gazetteer_has_cyrillic_names_and_geocodes_towns():
    towns = ref.towns()
    assert len(towns) > 5000 and towns["region_code"].nunique() == 85
    lat, lon = ref.geocode_town("RU-PNZ", "Кузнецк")
    assert 52.9 < lat < 53.3 and 46.4 < lon < 46.8
    assert ref.geocode_town("RU-TYU", "Omutinskoye") is not None
    assert ref.geocode_town("RU-PNZ", "Нигдеград") is None


def test_countries_have_iso_codes_and_russian_names():
    countries = ref.countries()
    assert countries.loc["DE", "iso3"] == "DEU" and countries.loc["DE", "name_ru"] == "Германия"
    assert countries.loc["US", "name_ru"] == "США"
    assert countries.loc["KZ", "capital_en"] == "Astana"
