"""The demo registry: a deterministic, calibrated stand-in for the list nobody has published.

No public list of the library's 1600+ domestic and 63 foreign centers exists. The demo
keeps every center and event whose existence was published (data/facts/, each with its
source) and fills the rest with rows marked `source = demo`, placed so that every
published total holds on its date (see `rcnet_data.analytics.milestone_check`):

- domestic openings follow a curve through the published totals; each region gets its
  first center on a planned date (74 regions covered on 2016-03-01, the day Grozny's
  regional center opened; all 85 from before 2018-02-22), then centers roughly in
  proportion to population; Tyumen Oblast has exactly 149 on 2020-08-01;
- foreign centers follow a hand-made schedule that meets each published count of
  centers and countries, in capitals and large cities;
- events are drawn from the centers open on each day, of the kinds the news reports.

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

from rcnet_data.core import columns as C
from rcnet_data.core import reference as ref

SEED = 20090527  # the library's opening day
DEMO_END = date(2026, 11, 26)  # the demo registry runs to the day it was generated
NETWORK_START = date(2009, 6, 1)

# Open domestic centers through time, passing through the published figures with margin
# (2013: about 35; 2016-03: over 200; 2018: over 400/470/600; 2019-20: about 1000; 2024: over 1600).
DOMESTIC_CURVE = [
    (date(2009, 6, 1), 0), (date(2010, 12, 31), 9), (date(2011, 12, 31), 17),
    (date(2012, 12, 31), 28), (date(2013, 4, 19), 35), (date(2014, 6, 30), 80),
    (date(2015, 6, 30), 145), (date(2016, 3, 1), 214), (date(2017, 1, 1), 300),
    (date(2017, 7, 1), 362), (date(2018, 2, 22), 428), (date(2018, 5, 25), 492),
    (date(2018, 9, 21), 628), (date(2019, 5, 27), 930), (date(2020, 5, 27), 1040),
    (date(2021, 6, 30), 1200), (date(2022, 6, 30), 1360), (date(2023, 6, 30), 1520),
    (date(2024, 5, 16), 1648), (date(2025, 6, 30), 1705), (DEMO_END, 1765),
]  # fmt: skip

FULL_COVERAGE_BY = date(2018, 2, 22)
GROZNY_DAY = date(2016, 3, 1)  # Chechnya became the 74th region covered
LATE_REGIONS = ("RU-CR", "RU-SEV", "RU-KC", "RU-IN", "RU-NEN", "RU-CHU", "RU-TY", "RU-YEV", "RU-KL", "RU-AL", "RU-MAG")
FIRST_AGREEMENTS = {  # late October - November 2009 (facts/README.md)
    "RU-TYU": date(2009, 11, 2), "RU-OMS": date(2009, 11, 9), "RU-BU": date(2009, 11, 16),
    "RU-TA": date(2009, 11, 23), "RU-CU": date(2009, 12, 7),
}  # fmt: skip
TYUMEN = "RU-TYU"
TYUMEN_COUNT_DAY = date(2020, 8, 1)
TYUMEN_COUNT = 149  # prlib.ru/en/news/1301002
TYUMEN_LATER = 16  # 157 agreements were signed by then; a few more opened afterwards
CLOSED_SHARE = 0.03

# Foreign network: each row adds centers between two published dates.
# (from, to, new countries, centers in countries already served)
COUNTRY_PLAN = {
    # 23 countries by 2016-11-15, then BG, AT, PL (2017), AZ, SK (2017-18), MN (2018), UZ (2019),
    # and five more by 2024-05-16: 35 in all.
    "early": ["CN", "BY", "CZ", "DE", "GB", "HU", "US", "ES", "IT", "FR", "KZ", "KG", "TJ", "AM",
              "RS", "FI", "GR", "MD", "TR", "IN", "VN", "EG", "CY"],
    "late": ["TM", "AE", "ID", "CU", "LA"],
}  # fmt: skip

HOST_TYPE_WEIGHTS = {
    "municipal_library": 45, "school": 24, "college_or_university": 14,
    "museum_or_archive": 5, "regional_library": 3, "other": 9,
}  # fmt: skip
HOST_TEMPLATES = {
    "municipal_library": ["{town} Central City Library", "{town} Central District Library",
                          "Library branch No. {n}, {town}", "{town} Children's Library"],
    "school": ["{town} school No. {n}", "{town} gymnasium No. {n}", "{town} lyceum No. {n}"],
    "college_or_university": ["{town} Pedagogical College", "{town} Technical College",
                              "{town} State University library", "{town} branch of the Academy of Public Administration"],
    "museum_or_archive": ["{town} Museum of Local History", "State Archive, {town}"],
    "regional_library": ["Regional Youth Library, {town}", "Regional Children's Library, {town}"],
    "other": ["{town} House of Culture", "{town} Youth Center", "Multifunctional Center, {town}"],
}  # fmt: skip
STREETS = ["Lenina St.", "Sovetskaya St.", "Mira Ave.", "Gagarina St.", "Pushkina St.", "Kirova St.",
           "Oktyabrskaya St.", "Molodezhnaya St.", "Shkolnaya St.", "Tsentralnaya St."]  # fmt: skip

EVENT_TYPE_WEIGHTS = {
    "videoconference": 17, "lecture": 16, "exhibition": 15, "open_lesson": 12, "quest": 8,
    "contest": 8, "broadcast": 7, "festival": 4, "meeting": 4, "report": 3, "other": 6,
}  # fmt: skip
THEMES = [
    "Day of Russia", "the Day of Slavic Writing and Culture", "Victory Day", "the Constitution Day",
    "the history of the State Duma", "the Year of the Teacher", "the Great Patriotic War",
    "the siege of Leningrad", "the Russian Geographical Society", "the history of the region",
    "national unity", "the state symbols of Russia", "local government", "Russian inventors",
    "the Russian Empire's railways", "Peter the Great", "space exploration", "the Russian language",
]  # fmt: skip
EVENT_TITLES = {
    "videoconference": "Videoconference on {theme}",
    "lecture": "Video lecture \u00abKnowledge of Russia\u00bb: {theme}",
    "exhibition": "Multimedia exhibition on {theme}",
    "open_lesson": "Open lesson on {theme} for schoolchildren",
    "quest": "History quest on {theme}",
    "contest": "Contest on {theme}",
    "broadcast": "Public broadcast: {theme}",
    "festival": "Book festival for {theme}",
    "meeting": "Meeting of remote access center staff",
    "report": "Annual report of the center",
    "other": "Reading day on {theme}",
    "opening": "Opening of the {name}",
}  # fmt: skip
EVENT_DAYS = {"exhibition": (14, 60), "festival": (1, 3), "meeting": (0, 2)}
PARTICIPANTS = {"videoconference": (20, 250), "lecture": (15, 120), "exhibition": (50, 900),
                "quest": (10, 60), "contest": (15, 400), "festival": (80, 1500), "meeting": (8, 60)}  # fmt: skip
EVENTS_PER_CENTER_YEAR = 0.6


@dataclass
class DemoRegistry:
    centers: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


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


class _Builder:
    def __init__(self, scale: int):
        self.rng = random.Random(SEED)
        self.scale = scale
        self.regions = ref.regions()
        self.towns = ref.towns()
        self.countries = ref.countries()
        self.world_cities = ref.world_cities()
        self.centers: list[dict] = []
        self.events: list[dict] = []
        self.serial: dict[str, int] = {}

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
        rows = self.towns[self.towns["region_code"] == code]
        capital = self.regions.loc[code, "capital_en"]
        weights = [
            (pop**0.5) * (6 if name == capital else 1)
            for name, pop in zip(rows["name_en"], rows["population"], strict=False)
        ]
        return list(rows.itertuples()), weights

    def center_row(self, **values) -> dict:
        row = {column: "" for column in C.CENTER_COLUMNS}
        row.update(values)
        return row

    # --- domestic ---------------------------------------------------------------------------
    def known_centers(self) -> list[dict]:
        return ref.read_fact("known_centers.csv").to_dict("records")

    def add_known_center(self, fact: dict, opened: date, note: str) -> dict:
        domestic = fact["network"] == C.DOMESTIC
        code = ref.region_code(fact["region"]) if domestic else None
        if domestic:
            point = ref.geocode_town(code, fact["city"]) or (
                self.regions.loc[code, "capital_lat"], self.regions.loc[code, "capital_lon"])  # fmt: skip
            prefix = code.removeprefix("RU-")
        else:
            point = self.foreign_point(fact["country"], fact["city"])
            prefix = f"F-{fact['country']}"
        lat, lon = self.jitter(*point, km=0.5)
        host_type = self.known_host_type(fact)
        kind_label = "Regional center" if fact["kind"] in (C.KIND_REGIONAL, C.KIND_BRANCH) else "Remote access center"
        if fact["kind"] == C.KIND_BRANCH:
            kind_label = "Branch of the Presidential Library"
        row = self.center_row(
            center_id=self.next_id(prefix),
            name=f"{kind_label}: {fact['host']}",
            kind=fact["kind"],
            network=fact["network"],
            country=fact["country"],
            region_code=code or "",
            city=fact["city"],
            host=fact["host"],
            host_type=host_type,
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
        if fact["network"] == C.FOREIGN:
            if "university" in host:
                return "college_or_university"
            return "russian_center_of_science_and_culture" if "russian" in host else "other"
        if "school" in host:
            return "school"
        if "national library" in host or "regional" in host:
            return "regional_library" if "regional" in host else "national_library"
        if "library" in host:
            return "municipal_library"
        return "other"

    @staticmethod
    def known_note(fact: dict, opened: date) -> str:
        precision = fact["date_precision"]
        stated = fact["opened"]
        parts = [f"published fact ({fact['reliability']} reliability)"]
        if precision == "before":
            parts.append(f"existed by {stated}; opening date unknown, demo uses {opened.isoformat()}")
        elif precision in ("year", "month"):
            parts.append(f"opened in that {precision}; day not published")
        if fact["note"]:
            parts.append(fact["note"])
        return "; ".join(parts)

    def region_quotas(self, total: int) -> dict[str, int]:
        weights = {code: pop**0.8 for code, pop in self.regions["population"].items() if code != TYUMEN}
        scale = total / sum(weights.values())
        return {code: max(3 * self.scale, round(w * scale)) for code, w in weights.items()}

    def first_dates(self, pool: list[date]) -> dict[str, date]:
        """The day each region got its first center."""
        codes = [c for c in self.regions.index if c not in LATE_REGIONS and c != "RU-CE"]
        firsts: dict[str, date] = {"RU-KO": date(2008, 1, 1), "RU-CE": GROZNY_DAY, "RU-KC": date(2016, 11, 18)}
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
        facts = [f for f in self.known_centers() if f["network"] == C.DOMESTIC]
        total = DOMESTIC_CURVE[-1][1] * self.scale
        pool = _interpolate_inverse(DOMESTIC_CURVE, total, self.scale)
        firsts = self.first_dates(pool)

        def take(day: date) -> date:
            """Remove and return the pool day nearest to `day` (keeps the curve's shape)."""
            index = bisect.bisect_left(pool, day)
            candidates = [i for i in (index - 1, index) if 0 <= i < len(pool)]
            best = min(candidates, key=lambda i: abs((pool[i] - day).days))
            return pool.pop(best)

        plan: list[tuple[date, str, str]] = []  # (day, region, role)
        known_by_region: dict[str, list[dict]] = {}
        for fact in facts:
            known_by_region.setdefault(ref.region_code(fact["region"]), []).append(fact)

        for fact in facts:
            code = ref.region_code(fact["region"])
            opened = _fact_date(fact["opened"])
            if fact["date_precision"] == "before":
                opened = max(firsts[code], opened - timedelta(days=self.rng.randint(30, 400)))
            take(opened)
            self.add_known_center(fact, opened, self.known_note(fact, opened))

        known_first = {code: min(r["opened_on"] for r in self.centers if r["region_code"] == code)
                       for code in known_by_region}  # fmt: skip
        for code, first in list(firsts.items()):
            firsts[code] = min(first, known_first.get(code, first))
            if code in known_first and known_first[code] <= first:
                continue  # a published center is the region's first
            take(first)
            role = C.KIND_RAC if code in ("RU-KGN", "RU-SA", TYUMEN) or code in known_by_region and any(
                f["kind"] == C.KIND_REGIONAL for f in known_by_region[code]) else C.KIND_REGIONAL  # fmt: skip
            plan.append((first, code, role))

        # Tyumen: exactly TYUMEN_COUNT open on 2020-08-01 (the branch and the known schools included).
        tyumen_known = sum(1 for r in self.centers if r["region_code"] == TYUMEN) + sum(1 for p in plan if p[1] == TYUMEN)
        window = [d for d in pool if firsts[TYUMEN] < d <= TYUMEN_COUNT_DAY]
        wanted = TYUMEN_COUNT * self.scale - tyumen_known
        step = len(window) / wanted
        for k in range(wanted):
            plan.append((window[int(k * step)], TYUMEN, C.KIND_RAC))
        for day in [window[int(k * step)] for k in range(wanted)]:
            pool.remove(day)
        later = [d for d in pool if d > TYUMEN_COUNT_DAY]
        for k in range(TYUMEN_LATER * self.scale):
            day = later[int(len(later) * (k + 0.5) / (TYUMEN_LATER * self.scale))]
            pool.remove(day)
            plan.append((day, TYUMEN, C.KIND_RAC))

        # Everything else: each pool day to a region already covered, in proportion to what it has left.
        quotas = self.region_quotas(len(pool) + sum(1 for p in plan if p[1] != TYUMEN))
        for _, code, _ in plan:
            if code != TYUMEN:
                quotas[code] -= 1
        for row in self.centers:
            if row["region_code"] != TYUMEN:
                quotas[row["region_code"]] -= 1
        order = sorted(firsts, key=lambda c: firsts[c])
        for day in pool:
            eligible = [c for c in order if firsts[c] < day and c != TYUMEN]
            weights = [max(quotas[c], 0) + 0.05 for c in eligible]
            code = self.rng.choices(eligible, weights)[0]
            quotas[code] -= 1
            plan.append((day, code, C.KIND_RAC))

        plan.sort()
        towns = {code: self.town_choices(code) for code in self.regions.index}
        first_ids: set[str] = set()
        for day, code, role in plan:
            row = self.demo_domestic_center(code, day, role, towns[code])
            if day == firsts[code]:
                first_ids.add(row["center_id"])
        self.close_some(first_ids)

    def demo_domestic_center(self, code: str, day: date, role: str, towns) -> dict:
        region = self.regions.loc[code]
        if role == C.KIND_REGIONAL:
            town_name, lat, lon = region["capital_en"], region["capital_lat"], region["capital_lon"]
            host_type = "regional_library"
            host = f"Regional Scientific Library of {region['name_en']}"
            name = f"Regional center of the Presidential Library: {host}"
        else:
            rows, weights = towns
            town = self.rng.choices(rows, weights)[0]
            town_name, lat, lon = town.name_en, town.lat, town.lon
            host_type = self.rng.choices(list(HOST_TYPE_WEIGHTS), list(HOST_TYPE_WEIGHTS.values()))[0]
            template = self.rng.choice(HOST_TEMPLATES[host_type])
            host = template.format(town=town_name, n=self.rng.randint(1, 40))
            name = f"Remote access center: {host}"
        lat, lon = self.jitter(lat, lon)
        row = self.center_row(
            center_id=self.next_id(code.removeprefix("RU-")),
            name=name,
            kind=role,
            network=C.DOMESTIC,
            country=C.HOME_COUNTRY,
            region_code=code,
            city=town_name,
            host=host,
            host_type=host_type,
            address=f"{self.rng.choice(STREETS)}, {self.rng.randint(1, 120)}, {town_name}",
            lat=lat,
            lon=lon,
            opened_on=day,
            source=C.DEMO_SOURCE,
        )
        self.centers.append(row)
        return row

    def close_some(self, keep: set[str]) -> None:
        """A few demo centers close (host reorganised), never a region's first one, and never
        in a way that moves a published figure: closures fall after 2020-08-01 and are
        offset in the curve's margin above 1600 in 2024."""
        candidates = [
            r for r in self.centers
            if r["source"] == C.DEMO_SOURCE and r["center_id"] not in keep and r["region_code"] != TYUMEN
            and r["opened_on"] < date(2019, 1, 1)
        ]  # fmt: skip
        for row in self.rng.sample(candidates, int(len(candidates) * CLOSED_SHARE)):
            row["closed_on"] = date(2021, 1, 1) + timedelta(days=self.rng.randint(0, (DEMO_END - date(2021, 1, 1)).days))
            row["note"] = "demo: closed when its host was reorganised"

    # --- foreign ---------------------------------------------------------------------------
    def foreign_point(self, country: str, city: str) -> tuple[float, float]:
        cities = self.world_cities[self.world_cities["iso2"] == country]
        match = cities[cities["name_en"].str.lower() == city.lower()]
        if len(match):
            return float(match.iloc[0]["lat"]), float(match.iloc[0]["lon"])
        info = self.countries.loc[country]
        return float(info["capital_lat"]), float(info["capital_lon"])

    def foreign_city(self, country: str, used: set[tuple[str, str]]) -> tuple[str, float, float]:
        info = self.countries.loc[country]
        options = [(info["capital_en"], info["capital_lat"], info["capital_lon"])]
        cities = self.world_cities[self.world_cities["iso2"] == country]
        options += [(r.name_en, r.lat, r.lon) for r in cities.itertuples() if r.name_en != info["capital_en"]]
        for option in options:
            if (country, option[0]) not in used:
                return option
        return options[self.rng.randrange(len(options))]

    def build_foreign(self) -> None:
        facts = {(f["country"], f["city"]): f for f in self.known_centers() if f["network"] == C.FOREIGN}
        # Known centers whose day is fixed; "before" ones get a day inside the published window.
        fixed_days = {
            ("CN", "Beijing"): date(2010, 9, 1), ("BY", "Brest"): date(2015, 1, 1),
            ("CZ", "Prague"): date(2014, 3, 12), ("DE", "Berlin"): date(2013, 10, 2),
            ("GB", "London"): date(2015, 4, 21), ("HU", "Budapest"): date(2016, 2, 17),
            ("ES", "Madrid"): date(2016, 5, 25), ("DE", "Munich"): date(2016, 9, 14),
            ("US", "Washington"): date(2016, 11, 15), ("BG", "Sofia"): date(2017, 5, 22),
            ("AT", "Vienna"): date(2017, 6, 22), ("PL", "Warsaw"): date(2017, 8, 18),
            ("CN", "Shenzhen"): date(2017, 9, 11), ("AZ", "Baku"): date(2017, 11, 8),
            ("MN", "Ulaanbaatar"): date(2018, 2, 21), ("UZ", "Tashkent"): date(2019, 10, 24),
        }  # fmt: skip
        schedule: list[tuple[date, str, str | None]] = []  # (day, country, known city or None)
        for (country, city), day in fixed_days.items():
            schedule.append((day, country, city))

        def spread(start: date, end: date, countries: list[str]) -> None:
            span = (end - start).days
            for k, country in enumerate(countries):
                schedule.append((start + timedelta(days=int(span * (k + 0.5) / len(countries))), country, None))

        early = COUNTRY_PLAN["early"]
        known_early = {"CN", "BY", "CZ", "DE", "GB", "HU", "US", "ES"}
        # Up to 2016-11-15: 27 centers in 23 countries (9 known ones among them).
        spread(date(2011, 3, 1), date(2016, 10, 30), [c for c in early if c not in known_early] + ["BY", "KZ", "CN"])
        spread(date(2017, 1, 20), date(2017, 3, 1), ["KZ"])  # 28th
        spread(date(2017, 7, 1), date(2017, 7, 30), ["IT"])  # 31st
        spread(date(2017, 12, 1), date(2018, 1, 30), ["SK", "AM"])  # 35th, 36th: 28 countries
        spread(date(2018, 6, 20), date(2018, 7, 20), ["BY"])  # 38th, no new country
        # 2020-05-28 .. 2024-05-16: +24 centers, 5 new countries: 63 in 35.
        later = COUNTRY_PLAN["late"] + ["CN", "KZ", "UZ", "KG", "TJ", "BY", "AM", "TR", "IN", "VN", "RS",
                                        "CN", "KZ", "BY", "DE", "IT", "EG", "MN", "AZ"]  # fmt: skip
        self.rng.shuffle(later)
        spread(date(2020, 9, 1), date(2024, 5, 1), later)
        spread(date(2024, 9, 1), date(2026, 6, 1), ["UZ", "KG"])  # after the 2024 figure
        schedule.sort(key=lambda item: (item[0], item[1]))

        used: set[tuple[str, str]] = set()
        for day, country, city in schedule:
            if city is not None:
                fact = facts[(country, city)]
                row = self.add_known_center(fact, day, self.known_note(fact, day))
                used.add((country, city))
                continue
            for copy in range(self.scale):
                name, lat, lon = self.foreign_city(country, used)
                used.add((country, name))
                lat, lon = self.jitter(lat, lon, km=1.0)
                host = self.rng.choice(
                    ["Russian Centre of Science and Culture", "National Library", "State University library"]
                )
                host_type = {"Russian Centre of Science and Culture": "russian_center_of_science_and_culture",
                             "National Library": "national_library",
                             "State University library": "college_or_university"}[host]  # fmt: skip
                row = self.center_row(
                    center_id=self.next_id(f"F-{country}"),
                    name=f"Remote access center: {host}, {name}",
                    kind=C.KIND_FOREIGN,
                    network=C.FOREIGN,
                    country=country,
                    city=name,
                    host=f"{host}, {name}",
                    host_type=host_type,
                    lat=lat,
                    lon=lon,
                    opened_on=day + timedelta(days=copy),
                    source=C.DEMO_SOURCE,
                )
                self.centers.append(row)

    # --- events ------------------------------------------------------------------------------
    def build_events(self) -> None:
        for fact in ref.read_fact("known_events.csv").to_dict("records"):
            event_type = fact["event_type"] if fact["event_type"] in C.EVENT_TYPES else "other"
            self.events.append(
                {
                    C.EVENT_ID: self.next_id("EK"),
                    C.DATE: _fact_date(fact["date"]),
                    C.END_DATE: _fact_date(fact["end_date"]) if fact["end_date"] else None,
                    C.TITLE: fact["description"],
                    C.EVENT_TYPE: event_type,
                    C.CENTER_ID: self.center_for_event(fact),
                    C.NETWORK: fact["network"],
                    C.COUNTRY: fact["country"],
                    C.REGION_CODE: ref.region_code(fact["region"]) if fact["region"] else "",
                    C.CITY: fact["city"],
                    C.PARTICIPANTS: "",
                    C.URL: "https://" + fact["source"] if fact["source"].startswith("prlib.ru") else "",
                    C.SOURCE: fact["source"],
                    C.NOTE: f"published fact ({fact['reliability']} reliability); host: {fact['host']}",
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
                weights = [6 if r["kind"] in (C.KIND_REGIONAL, C.KIND_BRANCH) else 1 for r in open_now]
                for center in self.rng.choices(open_now, weights, k=count):
                    self.demo_event(center, day.replace(day=self.rng.randint(1, 28)))
            day = (day.replace(day=1) + timedelta(days=32)).replace(day=15)
        for center in self.centers:
            if center["kind"] in (C.KIND_REGIONAL, C.KIND_FOREIGN, C.KIND_BRANCH) and center["source"] == C.DEMO_SOURCE:
                self.demo_event(center, center["opened_on"], "opening")
        self.events = [e for e in self.events if e[C.DATE] <= DEMO_END]

    def center_for_event(self, fact: dict) -> str:
        for row in self.centers:
            if row["country"] == fact["country"] and row["city"] == fact["city"] and (
                fact["host"].split(" (")[0].split(",")[0] in row["host"]
            ):
                return row["center_id"]
        return ""

    def demo_event(self, center: dict, day: date, event_type: str | None = None) -> None:
        event_type = event_type or self.rng.choices(list(EVENT_TYPE_WEIGHTS), list(EVENT_TYPE_WEIGHTS.values()))[0]
        theme = self.rng.choice(THEMES)
        title = EVENT_TITLES[event_type].format(theme=theme, name=center["name"].split(":")[0].lower())
        low, high = EVENT_DAYS.get(event_type, (0, 0))
        length = self.rng.randint(low, high)
        participants = PARTICIPANTS.get(event_type)
        self.events.append(
            {
                C.EVENT_ID: self.next_id("E"),
                C.DATE: day,
                C.END_DATE: day + timedelta(days=length) if length else None,
                C.TITLE: f"{title} ({center['host']})",
                C.EVENT_TYPE: event_type,
                C.CENTER_ID: center["center_id"],
                C.NETWORK: center["network"],
                C.COUNTRY: center["country"],
                C.REGION_CODE: center["region_code"],
                C.CITY: center["city"],
                C.PARTICIPANTS: self.rng.randint(*participants) if participants and self.rng.random() < 0.8 else "",
                C.URL: "",
                C.SOURCE: C.DEMO_SOURCE,
                C.NOTE: "",
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
    builder.centers.sort(key=lambda r: (r["network"] != C.DOMESTIC, r["center_id"]))
    builder.events.sort(key=lambda r: (r[C.DATE], r[C.EVENT_ID]))
    return DemoRegistry(builder.centers, builder.events)


def _cell(value) -> str:
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
    for name, columns, rows in (
        ("centers.csv", C.CENTER_COLUMNS, registry.centers),
        ("events.csv", C.EVENT_COLUMNS, registry.events),
    ):
        path = out_dir / name
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(columns)
            for row in rows:
                writer.writerow([_cell(row.get(column, "")) for column in columns])
        paths.append(path)
    return paths[0], paths[1], registry
