"""The demo registry: a deterministic, calibrated stand-in for the list nobody has published.

No public list of the library's 1600+ domestic and 63 foreign centers exists. The demo
keeps every center and event whose existence was published (data/facts/, each with its
source) and fills the rest with rows marked `source = demo`, placed so that every
published total holds on its date (see `rcnet_data.core.analytics.milestone_check`):

- domestic openings follow a curve through the published totals (exactly 20 on
  2011-09-20, about 35 in April 2013, over 200 in 74 regions on 2016-03-01, over 400 in
  all 85 regions on 2017-09-15, ... over 1600 on 2024-05-16); each region gets its first
  center on a planned day; Tyumen Oblast has exactly 149 on 2020-08-01, Yakutia exactly
  68 on 2025-01-17 (5 before its 2023 agreement, 54 a year later), and the six regions of
  the Ural Federal District about 800 on 2026-02-17; other regions grow roughly with
  their population;
- regional centers are counted as the news counted them: Murmansk's (2018-01-29) is the
  34th, Karelia's (2019-10-16) the 40th;
- foreign centers follow a schedule that meets each published count of centers and
  countries, in capitals and large cities;
- events are drawn from the centers open on each day, of the kinds and series the news
  reports («Знание о России», «Видеолекторий — в школу!», «Иностранный взгляд»...).

Registry text is Russian, as the library's staff write it: names, hosts, towns, titles and
notes. Published facts are stated in English in data/facts/; their Russian rendering
(`host_ru`, `city_ru`, `title_ru`) is ours and marked as such there.

Everything is drawn from `random.Random(SEED)`, and the end date is fixed, so every run
writes the same bytes.
"""

from __future__ import annotations

import bisect
import csv
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from rcnet_data.core import boundaries, columns
from rcnet_data.core import reference as ref

SEED = 20090527  # the library's opening day
DEMO_END = date(2026, 11, 26)  # the demo registry runs to the day it was generated

# Domestic openings so far (closures come later and are few), through the published
# figures with margin: exactly 20 on 2011-09-20; about 35 on 2013-04-19; over 200 on
# 2016-03-01; over 400 on 2017-09-15 and 2018-02-22; over 470 and 600 in 2018; about 1000 in
# 2019 and 2020; over 1600 on 2024-05-16.
DOMESTIC_CURVE = [
    (date(2008, 1, 1), 0),
    (date(2010, 12, 31), 14),
    (date(2011, 9, 20), 20),
    (date(2011, 12, 31), 22),
    (date(2012, 12, 31), 30),
    (date(2013, 4, 19), 35),
    (date(2014, 6, 30), 80),
    (date(2015, 6, 30), 145),
    (date(2016, 3, 1), 214),
    (date(2017, 1, 1), 318),
    (date(2017, 9, 15), 415),
    (date(2018, 2, 22), 440),
    (date(2018, 5, 25), 492),
    (date(2018, 9, 21), 628),
    (date(2019, 5, 27), 930),
    (date(2020, 5, 27), 1040),
    (date(2020, 8, 1), 1062),
    (date(2021, 6, 30), 1200),
    (date(2022, 6, 30), 1360),
    (date(2023, 6, 30), 1500),
    (date(2024, 5, 16), 1652),
    (date(2025, 1, 17), 1700),
    (date(2026, 2, 17), 1770),
    (DEMO_END, 1795),
]

GROZNY_DAY = date(2016, 3, 1)  # Chechnya became the 74th region covered
FULL_COVERAGE_BY = date(2017, 9, 15)  # "in all 85 regions", said on that day
LATE_REGIONS = ("RU-CR", "RU-SEV", "RU-KC", "RU-IN", "RU-NEN", "RU-CHU", "RU-TY", "RU-YEV", "RU-KL", "RU-AL", "RU-MAG")
FIRST_AGREEMENTS = {  # late October - November 2009 (facts/README.md)
    "RU-TYU": date(2009, 11, 2),
    "RU-OMS": date(2009, 11, 9),
    "RU-BU": date(2009, 11, 16),
    "RU-TA": date(2009, 11, 23),
    "RU-CU": date(2009, 12, 7),
}

# Regions whose count is published: (day, open centers then), known centers included.
TYUMEN, YAKUTIA = "RU-TYU", "RU-SA"
SCHEDULES: dict[str, list[tuple[date, int]]] = {
    TYUMEN: [(date(2020, 8, 1), 149), (date(2026, 2, 17), 212), (DEMO_END, 215)],
    YAKUTIA: [(date(2023, 9, 12), 5), (date(2024, 9, 13), 54), (date(2025, 1, 17), 68), (DEMO_END, 72)],
}
# The other five regions of the Ural Federal District on 2026-02-17 (with Tyumen: about 800).
URAL_TARGETS = {"RU-SVE": 214, "RU-CHE": 158, "RU-KHM": 118, "RU-YAN": 46, "RU-KGN": 42}
URAL_DAY = date(2026, 2, 17)
# Ural regions whose count on one day was published: exactly that, growing with the national
# curve before and after it (Chelyabinsk's Troitsk room the ninth; Sverdlovsk's 99 rooms).
URAL_EXACT = {"RU-CHE": (date(2017, 7, 10), 9), "RU-SVE": (date(2021, 3, 15), 99)}

# Regional centers as the news numbered them: Murmansk's the 34th, Karelia's the 40th.
REGIONAL_ORDINALS = [(date(2018, 1, 29), 34), (date(2019, 10, 16), 40)]
LATER_REGIONAL_CENTERS = 8  # opened after Karelia's, up to DEMO_END

# Known centers whose day the demo fixes, and why (the facts give a year, a month or "by").
KNOWN_DAYS = {
    ("Republic of Karelia", "National Library of the Republic of Karelia"): (
        date(2019, 10, 16),
        "opening ceremony that day",
    ),
    ("Omsk Oblast", "(host not named)"): (date(2009, 10, 1), "open when Omsk signed its branch agreement"),
    ("Republic of Buryatia", "National Library of the Republic of Buryatia"): (
        date(2009, 11, 16),
        "created with the 2009 agreement",
    ),
    ("Novosibirsk Oblast", "(host not named)"): (date(2011, 6, 1), None),
    ("Kemerovo Oblast", "(host library not named)"): (date(2016, 10, 3), None),
    ("Altai Krai", "V. Ya. Shishkov Altai Krai Universal Scientific Library"): (
        date(2015, 11, 12),
        "opening announced for 12 November",
    ),
    ("Sverdlovsk Oblast", "V. G. Belinsky Sverdlovsk Regional Universal Scientific Library"): (
        date(2019, 12, 10),
        None,
    ),
    ("Republic of Crimea", "I. Ya. Franko Crimean Republican Universal Scientific Library"): (date(2016, 6, 1), None),
    ("Sakha (Yakutia) Republic", "National Library of the Republic of Sakha (Yakutia)"): (
        date(2013, 6, 3),
        "one of the first two in Yakutia",
    ),
    ("Sakha (Yakutia) Republic", "State Assembly (Il Tumen) of the Republic of Sakha (Yakutia)"): (
        date(2016, 9, 1),
        "one of the first two in Yakutia",
    ),
    ("Sakha (Yakutia) Republic", "Nikolaev-Centre (Library-Archive of the First President of Yakutia M. Nikolaev)"): (
        date(2019, 3, 1),
        "the third in Yakutia",
    ),
    ("Tambov Oblast", "A. S. Pushkin Tambov Regional Universal Scientific Library"): (
        date(2014, 9, 1),
        "'for many years' by 2024",
    ),
    ("Chelyabinsk Oblast", "Chelyabinsk Regional Universal Scientific Library"): (date(2014, 3, 3), None),
    ("Volgograd Oblast", "M. Gorky Volgograd Regional Universal Scientific Library"): (date(2012, 10, 1), None),
}
CLOSED_SHARE = 0.03

# Foreign network: (day, country, known city or None for a demo center), meeting every
# published count: 7 on 2011-09-20; 27 on 2016-11-15 (Washington); 29 on 2017-05-22
# (Sofia); 32 in 26 countries on 2017-08-18 (Warsaw); 33 in 26 on 2017-09-15; 36 in 28 on
# 2018-02-12; 37 in 29 on 2018-05-25; 38 in 29 on 2018-09-21; 39 in 30 on 2020-05-27; 63 in
# 35 on 2024-05-16.
FOREIGN_SCHEDULE: list[tuple[date, str, str | None]] = [
    (date(2010, 9, 1), "CN", "Beijing"),
    (date(2010, 11, 16), "BY", None),
    (date(2011, 2, 8), "KZ", "(not stated)"),
    (date(2011, 3, 15), "FI", "Helsinki"),
    (date(2011, 5, 12), "AM", None),
    (date(2011, 6, 20), "TJ", "(not stated)"),
    (date(2011, 8, 30), "MD", "(not stated)"),
    (date(2012, 4, 10), "RS", None),
    (date(2012, 10, 1), "KG", "Bishkek"),
    (date(2013, 3, 5), "FR", None),
    (date(2013, 10, 2), "DE", "Berlin"),
    (date(2014, 3, 12), "CZ", "Prague"),
    (date(2014, 6, 18), "GR", None),
    (date(2014, 11, 5), "TR", None),
    (date(2015, 3, 1), "BY", "Brest"),
    (date(2015, 4, 21), "GB", "London"),
    (date(2015, 7, 9), "IN", None),
    (date(2015, 10, 14), "VN", None),
    (date(2016, 2, 17), "HU", "Budapest"),
    (date(2016, 3, 23), "EG", None),
    (date(2016, 5, 25), "ES", "Madrid"),
    (date(2016, 6, 29), "CY", None),
    (date(2016, 8, 3), "KZ", None),
    (date(2016, 9, 14), "DE", "Munich"),
    (date(2016, 10, 12), "CN", None),
    (date(2016, 10, 26), "IT", None),
    (date(2016, 11, 15), "US", "Washington"),
    (date(2017, 2, 14), "KZ", None),
    (date(2017, 5, 22), "BG", "Sofia"),
    (date(2017, 6, 22), "AT", "Vienna"),
    (date(2017, 7, 12), "BY", None),
    (date(2017, 8, 18), "PL", "Warsaw"),
    (date(2017, 9, 11), "CN", "Shenzhen"),
    (date(2017, 11, 8), "AZ", "Baku"),
    (date(2017, 12, 15), "SK", None),
    (date(2018, 1, 22), "AM", None),
    (date(2018, 2, 15), "MN", "Ulaanbaatar"),
    (date(2018, 7, 5), "BY", None),
    (date(2019, 10, 24), "UZ", "Tashkent"),
    # 2020-05-28 .. 2024-05-16: 24 more, five of them in new countries (TM, AE, ID, CU, LA).
    (date(2020, 9, 15), "KZ", None),
    (date(2020, 12, 2), "TM", None),
    (date(2021, 2, 17), "UZ", None),
    (date(2021, 4, 21), "KG", None),
    (date(2021, 6, 9), "CN", None),
    (date(2021, 8, 25), "AE", None),
    (date(2021, 9, 8), "RS", "Belgrade"),
    (date(2021, 10, 13), "TJ", None),
    (date(2021, 12, 8), "BY", None),
    (date(2022, 2, 9), "AM", None),
    (date(2022, 4, 6), "ID", None),
    (date(2022, 6, 1), "TR", None),
    (date(2022, 7, 27), "IN", None),
    (date(2022, 9, 21), "VN", None),
    (date(2022, 11, 16), "CU", None),
    (date(2023, 3, 22), "KZ", None),
    (date(2023, 5, 17), "LA", None),
    (date(2023, 7, 12), "CN", None),
    (date(2023, 9, 6), "EG", None),
    (date(2023, 11, 1), "MN", None),
    (date(2023, 12, 20), "AZ", None),
    (date(2024, 2, 7), "UZ", None),
    (date(2024, 3, 20), "DE", None),
    (date(2024, 4, 24), "IT", None),
    (date(2024, 10, 2), "BY", None),
    (date(2025, 4, 16), "UZ", None),
    (date(2026, 5, 20), "KG", None),
]

# --- how Russian staff write hosts, names and addresses --------------------------------
TOWN_OUTSIDE_KM = 1.0  # demo centers sit in towns inside their region's boundary (jitter adds 1.5 km at most)
TOWN_MIN_POPULATION = 15_000  # below this a place is a village or settlement: no «г.»
PERSONS = [
    "А. С. Пушкина",
    "М. Ю. Лермонтова",
    "Л. Н. Толстого",
    "А. П. Чехова",
    "Н. А. Некрасова",
    "М. Горького",
    "Н. В. Гоголя",
    "И. А. Крылова",
    "В. В. Маяковского",
    "А. М. Горького",
]
HOST_TYPE_WEIGHTS = {
    "municipal_library": 45,
    "school": 24,
    "college_or_university": 14,
    "museum_or_archive": 5,
    "regional_library": 3,
    "other": 9,
}
# {town_gen}: the town in the genitive («Пензы»); {town_loc}: in the prepositional («Пензе»).
TOWN_HOSTS = {
    "municipal_library": [
        "Центральная городская библиотека им. {person} г. {town_gen}",
        "Библиотека-филиал № {n} ЦБС г. {town_gen}",
        "Центральная детская библиотека г. {town_gen}",
        "Модельная библиотека № {n} г. {town_gen}",
    ],
    "school": [
        "МБОУ «СОШ № {n}» г. {town_gen}",
        "МАОУ «Гимназия № {n}» г. {town_gen}",
        "МБОУ «Лицей № {n}» г. {town_gen}",
    ],
    "college_or_university": [
        "Педагогический колледж г. {town_gen}",
        "Технический колледж г. {town_gen}",
        "Научная библиотека государственного университета в {town_loc}",
        "Филиал РАНХиГС в {town_loc}",
    ],
    "museum_or_archive": ["Краеведческий музей г. {town_gen}", "Городской архив г. {town_gen}"],
    "other": ["Дом культуры г. {town_gen}", "Молодёжный центр г. {town_gen}", "МФЦ г. {town_gen}"],
}
VILLAGE_HOSTS = {
    "municipal_library": [
        "Центральная районная библиотека",
        "Сельская библиотека-филиал № {n}",
        "Модельная сельская библиотека",
        "Районная детская библиотека",
    ],
    "school": [
        "МБОУ «Средняя общеобразовательная школа № {n}»",
        "МКОУ «Основная общеобразовательная школа»",
        "МБОУ «Средняя школа»",
    ],
    "college_or_university": ["Аграрный техникум", "Многопрофильный колледж"],
    "museum_or_archive": ["Районный краеведческий музей", "Районный архив"],
    "other": ["Сельский дом культуры", "Центр досуга и творчества"],
}
STREETS = [
    "ул. Ленина",
    "ул. Советская",
    "пр. Мира",
    "ул. Гагарина",
    "ул. Пушкина",
    "ул. Кирова",
    "ул. Октябрьская",
    "ул. Молодёжная",
    "ул. Школьная",
    "ул. Центральная",
]
FOREIGN_HOSTS = {
    "russian_center_of_science_and_culture": [
        "Российский центр науки и культуры в {city_loc}",
        "Русский дом в {city_loc}",
    ],
    "college_or_university": ["Библиотека университета в {city_loc}"],
}
FOREIGN_HOST_WEIGHTS = {"russian_center_of_science_and_culture": 4, "college_or_university": 1}

KIND_NAMES = {
    columns.KIND_BRANCH: "Филиал Президентской библиотеки в {region_loc}",
    columns.KIND_REGIONAL: "Региональный центр Президентской библиотеки в {region_loc}",
    columns.KIND_RAC: "Электронный читальный зал — {host}",
    columns.KIND_FOREIGN: "Зарубежный центр — {host}",
}

EVENT_TYPE_WEIGHTS = {
    "videoconference": 16,
    "lecture": 16,
    "exhibition": 15,
    "open_lesson": 12,
    "quest": 8,
    "contest": 8,
    "broadcast": 7,
    "festival": 4,
    "meeting": 4,
    "report": 3,
    "agreement": 1,
    "other": 6,
}
THEMES = [
    "День России",
    "День славянской письменности и культуры",
    "День Победы",
    "День Конституции",
    "История Государственной думы",
    "Год педагога и наставника",
    "Великая Отечественная война",
    "Блокада Ленинграда",
    "Русское географическое общество",
    "История родного края",
    "День народного единства",
    "Государственные символы России",
    "Местное самоуправление",
    "Русские изобретатели",
    "Железные дороги Российской империи",
    "Пётр Великий",
    "Освоение космоса",
    "Русский язык",
]
# The library's real series and contests, by event type; {theme} in «…».
EVENT_TITLES = {
    "videoconference": ["Видеоконференция «{theme}»", "Онлайн-встреча с историками: «{theme}»"],
    "lecture": ["Видеолекторий «Знание о России»: {theme}", "«Видеолекторий — в школу!»: {theme}"],
    "exhibition": ["Виртуальная выставка «{theme}»", "Мультимедийная выставка «{theme}»"],
    "open_lesson": ["Открытый урок «{theme}»", "Урок-презентация «{theme}» по материалам Президентской библиотеки"],
    "quest": ["Исторический квест «{theme}»"],
    "contest": [
        "Международный конкурс «Иностранный взгляд»",
        "Олимпиада «Россия в электронном мире»",
        "Конкурс исследовательских работ «{theme}»",
    ],
    "broadcast": ["Трансляция: «{theme}»"],
    "festival": ["Книжный фестиваль «{theme}»"],
    "meeting": ["Совещание сотрудников центров удалённого доступа"],
    "report": ["Ежегодный отчёт центра"],
    "agreement": ["Соглашение о сотрудничестве с Президентской библиотекой"],
    "other": ["День информации: «{theme}»"],
    "opening": ["Открытие: {name}"],
}
EVENT_DAYS = {"exhibition": (14, 60), "festival": (1, 3), "meeting": (0, 2)}
PARTICIPANTS = {
    "videoconference": (20, 250),
    "lecture": (15, 120),
    "exhibition": (50, 900),
    "quest": (10, 60),
    "contest": (15, 400),
    "festival": (80, 1500),
    "meeting": (8, 60),
}
EVENTS_PER_CENTER_YEAR = 0.6
# Event kinds in the news that rcnet files under its own types.
# Kinds of the facts' events as the registry's types (a plan or an event of no stated kind: other).
FACT_EVENT_TYPES = {
    "lesson": "open_lesson",
    "conference": "meeting",
    "visit": "meeting",
    "plan": "other",
    "event": "other",
}
RELIABILITY_RU = {"high": "высокая", "medium": "средняя", "low": "низкая"}


@dataclass
class DemoRegistry:
    centers: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)


def _fact_date(text: str) -> date:
    return date.fromisoformat(text)


def _interpolate_inverse(curve: list[tuple[date, int]], count: int, scale: int) -> list[date]:
    """Dates on which the 1st..n-th opening fall so that the open total follows the curve."""
    days: list[date] = []
    for (d0, v0), (d1, v1) in zip(curve, curve[1:], strict=False):
        v0, v1 = v0 * scale, v1 * scale
        span = (d1 - d0).days
        for k in range(v0, v1):
            fraction = (k - v0 + 0.5) / (v1 - v0)
            days.append(d0 + timedelta(days=int(fraction * span)))
    return days[:count]


def _curve_at(day: date) -> float:
    """The national curve's count on a day, between its points (linear)."""
    days = [d for d, _ in DOMESTIC_CURVE]
    position = bisect.bisect_right(days, day)
    (d0, v0), (d1, v1) = DOMESTIC_CURVE[position - 1], DOMESTIC_CURVE[min(position, len(DOMESTIC_CURVE) - 1)]
    return v0 if d1 == d0 else v0 + (v1 - v0) * (day - d0).days / (d1 - d0).days


def regional_adjective(region) -> tuple[str, str]:
    """How a region names its own institutions: («Пензенская», «областная») for an oblast,
    («Алтайская», «краевая») for a krai; otherwise ("", level) with the level adjective for
    a name in the genitive («Национальная библиотека Республики Татарстан»)."""
    name = region["name_ru"].split(" — ")[0]
    words = name.split()
    if name.endswith(" область") and "автономная" not in name:
        return words[0], "областная"
    if name.endswith(" край"):
        return words[0][:-2] + "ая", "краевая"
    if "Республик" in name:
        return "", "республиканская"
    if "автономн" in name:
        return "", "окружная" if "округ" in name else "областная"
    return "", "городская"


class _Builder:
    def __init__(self, scale: int):
        self.rng = random.Random(SEED)
        self.scale = scale
        self.regions = ref.bundled_regions()  # the demo is of the 85 the library counted
        self.towns = ref.towns()
        self.countries = ref.countries()
        self.world_cities = ref.world_cities()
        self.centers: list[dict] = []
        self.events: list[dict] = []
        self.serial: dict[str, int] = {}
        self.hosts: set[tuple[str, str]] = set()  # (town, host) already in the registry

    # --- helpers ---------------------------------------------------------------------------
    def next_id(self, prefix: str) -> str:
        self.serial[prefix] = self.serial.get(prefix, 0) + 1
        return f"{prefix}-{self.serial[prefix]:04d}"

    def jitter(self, lat: float, lon: float, km: float = 1.5) -> tuple[float, float]:
        # Several centers in one town get distinct points a few hundred meters apart.
        return (
            round(lat + self.rng.uniform(-km, km) / 111.0, 5),
            round(lon + self.rng.uniform(-km, km) / 70.0, 5),
        )

    def town_choices(self, code: str) -> tuple[list, list[float]]:
        # Towns the gazetteer has no Russian name for are left out (registry text is Russian),
        # and so are towns the region's generalised boundary leaves outside.
        rows = self.towns[(self.towns["region_code"] == code) & (self.towns["name_ru"] != "")]
        outside = boundaries.check_points(rows["lat"], rows["lon"], rows["region_code"])["outside_km"]
        rows = rows[outside <= TOWN_OUTSIDE_KM]
        capital = self.regions.loc[code, "capital_en"]
        weights = [
            (pop**0.5) * (6 if name == capital else 1)
            for name, pop in zip(rows["name_en"], rows["population"], strict=False)
        ]
        return list(rows.itertuples()), weights

    def center_row(self, **values) -> dict:
        row = {column: "" for column in columns.CENTER_COLUMNS}
        row.update(values)
        self.hosts.add((row[columns.CITY], row[columns.HOST]))
        return row

    def unique_host(self, town: str, make) -> str:
        """A host name not yet used in the town (two centers never share one host)."""
        for _ in range(20):
            host = make()
            if (town, host) not in self.hosts:
                return host
        return f"{host} ({self.rng.randint(2, 99)})"

    def region_library(self, code: str, kind: str = "universal") -> str:
        """The region's main library as staff write it («Пензенская областная универсальная
        научная библиотека», «Национальная библиотека Республики Татарстан»)."""
        region = self.regions.loc[code]
        adjective, level = regional_adjective(region)
        if kind == "youth":
            return (
                f"{adjective} {level} юношеская библиотека"
                if adjective
                else f"{level.capitalize()} юношеская библиотека {region['name_ru_gen']}"
            )
        if adjective:
            return f"{adjective} {level} универсальная научная библиотека"
        if level == "республиканская":
            return f"Национальная библиотека {region['name_ru_gen']}"
        if level == "окружная":
            return f"Государственная библиотека {region['name_ru_gen']}"
        return f"Центральная {level} библиотека {region['name_ru_gen']}"

    def center_name(self, kind: str, code: str | None, host: str) -> str:
        region_loc = self.regions.loc[code, "name_ru_loc"] if code else ""
        return KIND_NAMES[kind].format(region_loc=region_loc, host=host)

    # --- domestic ---------------------------------------------------------------------------
    def known_centers(self) -> list[dict]:
        return ref.read_fact("known_centers.csv").to_dict("records")

    def known_point(self, fact: dict, code: str) -> tuple[float, float]:
        place = fact["place_ru"] or fact["city_ru"]
        point = ref.geocode_town(code, place)
        if point is None:
            raise ValueError(f"known center town {place!r} of {code} is not in the gazetteer: set place_ru")
        return point

    def add_known_center(self, fact: dict, opened: date, note: str) -> dict:
        domestic = fact["network"] == columns.DOMESTIC
        code = ref.region_code(fact["region"]) if domestic else None
        if domestic:
            point = self.known_point(fact, code)
            prefix = code.removeprefix("RU-")
        else:
            point = self.foreign_point(fact["country"], fact["city"])
            prefix = f"F-{fact['country']}"
        lat, lon = self.jitter(*point, km=0.5)
        host = fact["host_ru"]
        row = self.center_row(
            center_id=self.next_id(prefix),
            name=self.center_name(fact["kind"], code, host),
            kind=fact["kind"],
            network=fact["network"],
            country=fact["country"],
            region_code=code or "",
            city=fact["city_ru"],
            host=host,
            host_type=self.known_host_type(fact),
            address="",
            lat=lat,
            lon=lon,
            opened_on=opened,
            source=fact["source"],
            note=note,
        )
        self.centers.append(row)
        return row

    @staticmethod
    def known_host_type(fact: dict) -> str:
        host = fact["host"].lower()
        if fact["network"] == columns.FOREIGN:
            if "university" in host:
                return "college_or_university"
            return "russian_center_of_science_and_culture" if "russian" in host else "other"
        if "school" in host or "gymnasium" in host:
            return "school"
        if "national library" in host or "regional" in host:
            return "regional_library" if "regional" in host else "national_library"
        if "library" in host:
            return "municipal_library"
        if "university" in host or "college" in host or "academy" in host:
            return "college_or_university"
        return "other"

    @staticmethod
    def known_note(fact: dict, opened: date, why: str | None = None) -> str:
        """How sure the row is, in Russian, as the registry's notes are."""
        precision, stated = fact["date_precision"], fact["opened"]
        parts = [f"опубликованный факт (надёжность: {RELIABILITY_RU[fact['reliability']]})"]
        if precision == "before":
            parts.append(f"существовал к {stated}; дата открытия не опубликована, в демо — {opened.isoformat()}")
        elif precision == "year":
            parts.append(f"открыт в {stated[:4]} году; день не опубликован, в демо — {opened.isoformat()}")
        elif precision == "month":
            parts.append(f"открыт в {stated[:7]}; день не опубликован, в демо — {opened.isoformat()}")
        if why:
            parts.append(f"дата в демо: {why}")
        if fact["place_note"]:
            parts.append(f"место на карте: {fact['place_note']}")
        return "; ".join(parts)

    def known_day(self, fact: dict, first: date | None) -> tuple[date, str | None]:
        """The day a known center opens in the demo, within what was published."""
        key = (fact["region"] or fact["country"], fact["host"])
        if key in KNOWN_DAYS:
            return KNOWN_DAYS[key]
        stated = _fact_date(fact["opened"])
        precision = fact["date_precision"]
        if precision == "year":
            return stated.replace(month=3, day=1), None
        if precision == "month":
            return stated.replace(day=15), None
        if precision == "before":
            earliest = first or stated - timedelta(days=400)
            return max(earliest, stated - timedelta(days=self.rng.randint(30, 400))), None
        return stated, None

    def region_quotas(self, total: int) -> dict[str, int]:
        fixed = set(SCHEDULES) | set(URAL_TARGETS)
        weights = {code: pop**0.8 for code, pop in self.regions["population"].items() if code not in fixed}
        scale = total / sum(weights.values())
        return {code: max(3 * self.scale, round(w * scale)) for code, w in weights.items()}

    def first_dates(self, pool: list[date]) -> dict[str, date]:
        """The day each region got its first center: 73 before 2016-03-01, Chechnya on
        that day (the 74th), the 11 late regions before 2017-09-15."""
        codes = [c for c in self.regions.index if c not in LATE_REGIONS and c != "RU-CE"]
        firsts: dict[str, date] = {"RU-CE": GROZNY_DAY, "RU-KC": date(2016, 11, 18)}
        firsts.update(FIRST_AGREEMENTS)
        remaining = [c for c in codes if c not in firsts]
        # Larger regions tend to join earlier: order by population with some shuffle.
        remaining.sort(key=lambda c: -self.regions.loc[c, "population"] * self.rng.uniform(0.2, 1.0))
        early = [d for d in pool if date(2010, 2, 1) <= d < GROZNY_DAY]
        for k, code in enumerate(remaining):
            position = int(len(early) * ((k + 1) / (len(remaining) + 1)) ** 1.35)
            firsts[code] = early[min(position, len(early) - 1)]
        late = [c for c in LATE_REGIONS if c not in firsts]
        late_days = [d for d in pool if GROZNY_DAY < d < FULL_COVERAGE_BY - timedelta(days=20)]
        for k, code in enumerate(late):
            firsts[code] = late_days[int(len(late_days) * (k + 0.5) / len(late))]
        return firsts

    def build_domestic(self) -> None:
        facts = [f for f in self.known_centers() if f["network"] == columns.DOMESTIC]
        total = DOMESTIC_CURVE[-1][1] * self.scale
        pool = _interpolate_inverse(DOMESTIC_CURVE, total, self.scale)
        bounds = [d for d, _ in DOMESTIC_CURVE]
        firsts = self.first_dates(pool)

        def take(day: date) -> date:
            """Remove the pool day nearest to `day` between the same two curve points, so the
            count on every curve date (every published figure) stays exact."""
            segment = bisect.bisect_left(bounds, day)
            low = bounds[segment - 1] if segment > 0 else date.min
            high = bounds[segment] if segment < len(bounds) else date.max
            index = bisect.bisect_left(pool, day)
            candidates = [i for i in range(max(index - 400, 0), min(index + 400, len(pool))) if low < pool[i] <= high]
            if not candidates:
                candidates = [i for i in (index - 1, index) if 0 <= i < len(pool)]
            best = min(candidates, key=lambda i: (abs((pool[i] - day).days), i))
            return pool.pop(best)

        plan: list[tuple[date, str, str]] = []  # (day, region, kind)
        known_regions: dict[str, list[dict]] = {}
        for fact in facts:
            known_regions.setdefault(ref.region_code(fact["region"]), []).append(fact)

        for fact in facts:
            code = ref.region_code(fact["region"])
            opened, why = self.known_day(fact, firsts.get(code))
            take(opened)
            self.add_known_center(fact, opened, self.known_note(fact, opened, why))

        known_first = {
            code: min(r["opened_on"] for r in self.centers if r["region_code"] == code) for code in known_regions
        }
        regional = {
            ref.region_code(f["region"]) for f in facts if f["kind"] in (columns.KIND_REGIONAL, columns.KIND_BRANCH)
        }
        demo_firsts: list[tuple[date, str]] = []
        for code, first in list(firsts.items()):
            if code in known_first and known_first[code] <= first:
                firsts[code] = known_first[code]
                continue  # a published center is the region's first
            take(first)
            demo_firsts.append((first, code))
        plan += self.regional_center_plan(demo_firsts, regional, take)

        # Regions whose counts were published follow their schedule exactly; the Ural
        # regions follow theirs as closely as their known centers allow.
        for code, anchors in self.schedules(firsts).items():
            opened = sorted(
                [r["opened_on"] for r in self.centers if r["region_code"] == code]
                + [d for d, c, _ in plan if c == code]
            )
            previous = firsts[code]
            for day, count in anchors:
                wanted = count * self.scale - bisect.bisect_right(opened, day)
                window = [d for d in pool if previous < d <= day]
                exact = code in SCHEDULES or URAL_EXACT.get(code, (None,))[0] == day
                if exact and not 0 <= wanted <= len(window):
                    raise ValueError(f"{code}: cannot have {count} centers on {day} ({wanted} to place)")
                wanted = min(max(wanted, 0), len(window))
                for k in range(wanted):
                    chosen = window[int((k + 0.5) * len(window) / wanted)]
                    pool.remove(chosen)
                    plan.append((chosen, code, columns.KIND_RAC))
                    bisect.insort(opened, chosen)
                previous = day

        # Everything else: each pool day to a region already covered, in proportion to what it has left.
        quotas = self.region_quotas(len(pool) + sum(1 for p in plan if p[1] in self.quota_regions()))
        for _, code, _ in plan:
            if code in quotas:
                quotas[code] -= 1
        for row in self.centers:
            if row["region_code"] in quotas:
                quotas[row["region_code"]] -= 1
        order = sorted(quotas, key=lambda c: firsts[c])
        for day in pool:
            eligible = [c for c in order if firsts[c] < day] or order[:1]
            weights = [max(quotas[c], 0) + 0.05 for c in eligible]
            code = self.rng.choices(eligible, weights)[0]
            quotas[code] -= 1
            plan.append((day, code, columns.KIND_RAC))

        plan.sort()
        towns = {code: self.town_choices(code) for code in self.regions.index}
        first_ids: set[str] = set()
        for day, code, kind in plan:
            row = self.demo_domestic_center(code, day, kind, towns[code])
            if day == firsts[code]:
                first_ids.add(row["center_id"])
        self.close_some(first_ids)

    def quota_regions(self) -> set[str]:
        return set(self.regions.index) - set(SCHEDULES) - set(URAL_TARGETS)

    def schedules(self, firsts: dict[str, date]) -> dict[str, list[tuple[date, int]]]:
        """Published counts, plus the Ural regions growing with the national curve to their
        target on 2026-02-17 (so the district holds about 800 then), through their one
        published count where there is one (URAL_EXACT)."""
        plans = dict(SCHEDULES)
        national = dict(DOMESTIC_CURVE)
        for code, target in URAL_TARGETS.items():
            exact_day, exact = URAL_EXACT.get(code, (None, None))
            anchors = []
            for day, value in DOMESTIC_CURVE:
                if not firsts[code] < day < URAL_DAY:
                    continue
                if exact_day is None:
                    anchors.append((day, max(1, round(target * value / national[URAL_DAY]))))
                elif day < exact_day:  # scaled to reach the published count on its day
                    anchors.append((day, max(1, round(exact * value / _curve_at(exact_day)))))
                elif day > exact_day:  # from it to the district's target, with the national curve
                    share = (value - _curve_at(exact_day)) / (national[URAL_DAY] - _curve_at(exact_day))
                    anchors.append((day, round(exact + (target - exact) * share)))
            if exact_day is not None:
                anchors = sorted([*anchors, (exact_day, exact)])
            plans[code] = anchors + [(URAL_DAY, target), (DEMO_END, target + 2)]
        return plans

    def regional_center_plan(self, demo_firsts: list[tuple[date, str]], regional: set[str], take) -> list:
        """Which centers are regional centers, so that the published ordinals hold
        (Murmansk's the 34th, Karelia's the 40th): before the first ordinal, the first
        center of the most populous regions; between and after them, a regional center
        opens in a region that had only smaller centers. Every other first center is a
        remote access center."""
        known = sorted(r["opened_on"] for r in self.centers if r["kind"] == columns.KIND_REGIONAL)
        # A region whose main library is already a published center gets no second one.
        known_hosts = {(r["region_code"], r["host"]) for r in self.centers}
        regional = regional | {code for code in self.regions.index if (code, self.region_library(code)) in known_hosts}
        first_day = {code: day for day, code in demo_firsts}
        remaining = sorted(
            (c for c in first_day if c not in regional), key=lambda c: -self.regions.loc[c, "population"]
        )
        chosen: dict[str, date] = {}
        previous = date.min
        for day, ordinal in REGIONAL_ORDINALS:
            needed = ordinal - 1 - bisect.bisect_left(known, day) - len(chosen)
            if previous == date.min:  # the first regional centers are regions' first centers
                for code in [c for c in remaining if first_day[c] < day][:needed]:
                    chosen[code] = first_day[code]
            else:
                for k in range(needed):
                    chosen[remaining[k]] = take(previous + (day - previous) * (k + 1) / (needed + 1))
            remaining = [c for c in remaining if c not in chosen]
            previous = day
        for k, code in enumerate(remaining[:LATER_REGIONAL_CENTERS]):
            chosen[code] = take(previous + (DEMO_END - previous) * (k + 1) / (LATER_REGIONAL_CENTERS + 1))
        plan = [(day, code, columns.KIND_REGIONAL) for code, day in chosen.items()]
        return plan + [(day, code, columns.KIND_RAC) for day, code in demo_firsts if chosen.get(code) != day]

    def demo_domestic_center(self, code: str, day: date, kind: str, towns) -> dict:
        region = self.regions.loc[code]
        if kind == columns.KIND_REGIONAL:
            town_ru, lat, lon = region["capital_ru"], region["capital_lat"], region["capital_lon"]
            host_type = "regional_library"
            host = self.region_library(code)
        else:
            rows, weights = towns
            town = self.rng.choices(rows, weights)[0]
            town_ru, lat, lon = town.name_ru or town.name_en, town.lat, town.lon
            host_type = self.rng.choices(list(HOST_TYPE_WEIGHTS), list(HOST_TYPE_WEIGHTS.values()))[0]
            host = self.unique_host(town_ru, lambda: self.demo_host(host_type, code, town))
        lat, lon = self.jitter(lat, lon)
        row = self.center_row(
            center_id=self.next_id(code.removeprefix("RU-")),
            name=self.center_name(kind, code, host),
            kind=kind,
            network=columns.DOMESTIC,
            country=columns.HOME_COUNTRY,
            region_code=code,
            city=town_ru,
            host=host,
            host_type=host_type,
            address=f"{self.rng.choice(STREETS)}, {self.rng.randint(1, 120)}",
            lat=lat,
            lon=lon,
            opened_on=day,
            source=columns.DEMO_SOURCE,
        )
        self.centers.append(row)
        return row

    def demo_host(self, host_type: str, code: str, town) -> str:
        if host_type == "regional_library":
            return self.region_library(code, "youth")
        urban = town.population >= TOWN_MIN_POPULATION and town.name_ru_gen
        template = self.rng.choice((TOWN_HOSTS if urban else VILLAGE_HOSTS)[host_type])
        return template.format(
            town_gen=town.name_ru_gen,
            town_loc=town.name_ru_loc,
            n=self.rng.randint(1, 40),
            person=self.rng.choice(PERSONS),
        )

    def close_some(self, keep: set[str]) -> None:
        """A few demo centers close (host reorganised), never a region's first one, never one
        whose region's count was published, and only after 2021, inside the margin the curve
        leaves above 1600 in 2024."""
        fixed = set(SCHEDULES) | set(URAL_TARGETS)
        candidates = [
            r
            for r in self.centers
            if r["source"] == columns.DEMO_SOURCE
            and r["center_id"] not in keep
            and r["region_code"] not in fixed
            and r["opened_on"] < date(2019, 1, 1)
            and r["kind"] == columns.KIND_RAC
        ]
        for row in self.rng.sample(candidates, int(len(candidates) * CLOSED_SHARE)):
            row["closed_on"] = date(2021, 1, 1) + timedelta(
                days=self.rng.randint(0, (DEMO_END - date(2021, 1, 1)).days)
            )
            row["note"] = "демо: закрыт при реорганизации учреждения"

    # --- foreign ---------------------------------------------------------------------------
    def foreign_point(self, country: str, city: str) -> tuple[float, float]:
        cities = self.world_cities[self.world_cities["iso2"] == country]
        match = cities[cities["name_en"].str.lower() == city.lower()]
        if len(match):
            return float(match.iloc[0]["lat"]), float(match.iloc[0]["lon"])
        info = self.countries.loc[country]
        return float(info["capital_lat"]), float(info["capital_lon"])

    def foreign_city(self, country: str, used: set[tuple[str, str]]) -> tuple[str, str, float, float]:
        """(Russian name, prepositional, lat, lon) of the capital, else the next largest city
        with a Russian name, not yet used."""
        info = self.countries.loc[country]
        cities = self.world_cities[(self.world_cities["iso2"] == country) & (self.world_cities["name_ru"] != "")]
        capital = cities[cities["name_ru"] == info["capital_ru"]]
        options = [(r.name_ru, r.name_ru_loc, r.lat, r.lon) for r in capital.itertuples()]
        if not options:
            options = [(info["capital_ru"], info["capital_ru"], info["capital_lat"], info["capital_lon"])]
        options += [
            (r.name_ru, r.name_ru_loc, r.lat, r.lon) for r in cities.itertuples() if r.name_ru != info["capital_ru"]
        ]
        for option in options:
            if (country, option[0]) not in used:
                return option
        return options[self.rng.randrange(len(options))]

    def build_foreign(self) -> None:
        facts = {(f["country"], f["city"]): f for f in self.known_centers() if f["network"] == columns.FOREIGN}
        used: set[tuple[str, str]] = set()
        for day, country, city in FOREIGN_SCHEDULE:
            if city is not None:
                fact = facts[(country, city)]
                self.add_known_center(fact, day, self.known_note(fact, day))
                used.add((country, fact["city_ru"]))
                continue
            for copy in range(self.scale):
                name_ru, name_loc, lat, lon = self.foreign_city(country, used)
                used.add((country, name_ru))
                lat, lon = self.jitter(float(lat), float(lon), km=1.0)
                host_type = self.rng.choices(list(FOREIGN_HOST_WEIGHTS), list(FOREIGN_HOST_WEIGHTS.values()))[0]
                templates = FOREIGN_HOSTS[host_type]
                host = self.unique_host(
                    name_ru, lambda t=templates, loc=name_loc: self.rng.choice(t).format(city_loc=loc)
                )
                row = self.center_row(
                    center_id=self.next_id(f"F-{country}"),
                    name=self.center_name(columns.KIND_FOREIGN, None, host),
                    kind=columns.KIND_FOREIGN,
                    network=columns.FOREIGN,
                    country=country,
                    city=name_ru,
                    host=host,
                    host_type=host_type,
                    lat=lat,
                    lon=lon,
                    opened_on=day + timedelta(days=copy),
                    source=columns.DEMO_SOURCE,
                )
                self.centers.append(row)

    # --- events ------------------------------------------------------------------------------
    def build_events(self) -> None:
        for fact in ref.read_fact("known_events.csv").to_dict("records"):
            if fact["kept_out"]:  # a place the 85-region reference does not hold (the facts say which)
                continue
            event_type = FACT_EVENT_TYPES.get(fact["event_type"], fact["event_type"])
            self.events.append(
                {
                    columns.EVENT_ID: self.next_id("EK"),
                    columns.DATE: _fact_date(fact["date"]),
                    columns.END_DATE: _fact_date(fact["end_date"]) if fact["end_date"] else None,
                    columns.TITLE: fact["title_ru"],
                    columns.EVENT_TYPE: event_type if event_type in columns.EVENT_TYPES else "other",
                    columns.CENTER_ID: self.center_for_event(fact),
                    columns.NETWORK: fact["network"],
                    columns.COUNTRY: fact["country"],
                    columns.REGION_CODE: ref.region_code(fact["region"]) if fact["region"] else "",
                    columns.CITY: fact["city_ru"],
                    columns.PARTICIPANTS: "",
                    columns.URL: "https://" + fact["source"] if fact["source"].startswith("prlib.ru") else "",
                    columns.SOURCE: fact["source"],
                    columns.NOTE: f"опубликованный факт (надёжность: {RELIABILITY_RU[fact['reliability']]}); "
                    f"учреждение: {fact['host']}",
                }
            )

        by_open = sorted(self.centers, key=lambda r: r["opened_on"])
        open_days = [r["opened_on"] for r in by_open]
        day = date(2010, 1, 15)
        while day <= DEMO_END:
            # Events this month: proportional to the centers open, regional centers busier.
            upto = bisect.bisect_right(open_days, day)
            open_now = [r for r in by_open[:upto] if not r["closed_on"] or r["closed_on"] > day]
            expected = len(open_now) * EVENTS_PER_CENTER_YEAR / 12
            count = int(expected) + (1 if self.rng.random() < expected - int(expected) else 0)
            if open_now and count:
                weights = [6 if r["kind"] in (columns.KIND_REGIONAL, columns.KIND_BRANCH) else 1 for r in open_now]
                for center in self.rng.choices(open_now, weights, k=count):
                    self.demo_event(center, day.replace(day=self.rng.randint(1, 28)))
            day = (day.replace(day=1) + timedelta(days=32)).replace(day=15)
        for center in self.centers:
            if (
                center["kind"] in (columns.KIND_REGIONAL, columns.KIND_FOREIGN, columns.KIND_BRANCH)
                and center["source"] == columns.DEMO_SOURCE
            ):
                self.demo_event(center, center["opened_on"], "opening")
        self.events = [e for e in self.events if e[columns.DATE] <= DEMO_END]

    def center_for_event(self, fact: dict) -> str:
        for row in self.centers:
            same_place = row["country"] == fact["country"] and row["city"] == fact["city_ru"]
            host = fact["host"].split(" (")[0].split(",")[0]
            if (
                same_place
                and row["source"] != columns.DEMO_SOURCE
                and host in self.known_host_en.get(row["center_id"], "")
            ):
                return row["center_id"]
        return ""

    @property
    def known_host_en(self) -> dict[str, str]:
        """Known centers' hosts as the facts state them (English), to link the known events."""
        if not hasattr(self, "_known_host_en"):
            by_host_ru = {f["host_ru"]: f["host"] for f in self.known_centers()}
            self._known_host_en = {
                r["center_id"]: by_host_ru.get(r["host"], "")
                for r in self.centers
                if r["source"] != columns.DEMO_SOURCE
            }
        return self._known_host_en

    def demo_event(self, center: dict, day: date, event_type: str | None = None) -> None:
        event_type = event_type or self.rng.choices(list(EVENT_TYPE_WEIGHTS), list(EVENT_TYPE_WEIGHTS.values()))[0]
        theme = self.rng.choice(THEMES)
        title = self.rng.choice(EVENT_TITLES[event_type]).format(theme=theme, name=center["name"])
        low, high = EVENT_DAYS.get(event_type, (0, 0))
        length = self.rng.randint(low, high)
        participants = PARTICIPANTS.get(event_type)
        self.events.append(
            {
                columns.EVENT_ID: self.next_id("E"),
                columns.DATE: day,
                columns.END_DATE: day + timedelta(days=length) if length else None,
                columns.TITLE: title,
                columns.EVENT_TYPE: event_type,
                columns.CENTER_ID: center["center_id"],
                columns.NETWORK: center["network"],
                columns.COUNTRY: center["country"],
                columns.REGION_CODE: center["region_code"],
                columns.CITY: center["city"],
                columns.PARTICIPANTS: self.rng.randint(*participants)
                if participants and self.rng.random() < 0.8
                else "",
                columns.URL: "",
                columns.SOURCE: columns.DEMO_SOURCE,
                columns.NOTE: "",
            }
        )


def build_demo(scale: int = 1) -> DemoRegistry:
    """Build the demo registry in memory; `scale` multiplies centers and events."""
    if scale < 1:
        raise ValueError("scale must be a whole number of 1 or more")
    builder = _Builder(scale)
    builder.build_domestic()
    builder.build_foreign()
    builder.build_events()
    builder.centers.sort(key=lambda r: (r["network"] != columns.DOMESTIC, r["center_id"]))
    builder.events.sort(key=lambda r: (r[columns.DATE], r[columns.EVENT_ID]))
    return DemoRegistry(builder.centers, builder.events)


def cell_text(value) -> str:
    """A demo value as the CSV writes it."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        if value != value:  # NaN: no coordinates known
            raise ValueError("demo rows must all have coordinates")
        return f"{value:.5f}"
    return str(value)


def write_demo(out_dir: Path, scale: int = 1) -> tuple[Path, Path, DemoRegistry]:
    """Write centers.csv and events.csv (UTF-8, LF line ends: the same bytes every run)."""
    registry = build_demo(scale)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, column_names, rows in (
        ("centers.csv", columns.CENTER_COLUMNS, registry.centers),
        ("events.csv", columns.EVENT_COLUMNS, registry.events),
    ):
        path = out_dir / name
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(column_names)
            for row in rows:
                writer.writerow([cell_text(row.get(column, "")) for column in column_names])
        paths.append(path)
    return paths[0], paths[1], registry
