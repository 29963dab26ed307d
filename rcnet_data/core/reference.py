"""Reference geography (regions, federal districts, countries, towns) and name matching.

The tables are read once from data/reference/ (see SOURCES.md there). Matching turns the
many ways staff write a region or country ("Пензенская обл.", "Penza Oblast", "RU-PNZ")
into one code, and an unknown name into an error with the closest known names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = PROJECT_ROOT / "data"
REFERENCE_DIR = DATA_DIR / "reference"
FACTS_DIR = DATA_DIR / "facts"

EARTH_RADIUS_KM = 6371.0088


class UnknownName(ValueError):
    """A region or country name that matches nothing, or more than one; carries the
    closest known names (for an ambiguous name: every one it could mean)."""

    def __init__(self, what: str, value: str, suggestions: list[str], ambiguous: bool = False):
        self.what = what
        self.value = value
        self.suggestions = suggestions
        self.ambiguous = ambiguous
        options = ", ".join(repr(s) for s in suggestions)
        if ambiguous:
            super().__init__(f"ambiguous {what} {value!r}: it could be {options}; write the full name")
        else:
            hint = f"; did you mean {options}?" if suggestions else ""
            super().__init__(f"unknown {what} {value!r}{hint}")


def read_reference(name: str) -> pd.DataFrame:
    return pd.read_csv(REFERENCE_DIR / name, dtype=str, keep_default_na=False, encoding="utf-8")


EXTRA_REGIONS_FILE = "regions_extra.csv"  # in the registry folder: subjects the bundled 85 do not hold
# What an extra subject must name; the rest of regions.csv's columns are optional.
EXTRA_REQUIRED = ("code", "name_en", "name_ru", "federal_district", "capital_en", "capital_ru")
EXTRA_NUMBERS = ("population", "population_year", "area_km2", "capital_lat", "capital_lon")


@dataclass(frozen=True)
class ExtraRegionProblem:
    row: int  # the file's row (the header is row 1)
    column: str
    value: str
    reason: str  # missing_column, missing, already_bundled, not_a_code, not_a_number

    def __str__(self) -> str:
        return f"{EXTRA_REGIONS_FILE}, row {self.row}, {self.column} = {self.value!r}: {self.reason}"


@cache
def regions() -> pd.DataFrame:
    """Every region rcnet knows, indexed by code: the bundled 85 and, when the registry
    folder holds regions_extra.csv, the subjects it adds (their population may be unknown:
    NaN; they have no boundary and no tile)."""
    extra, _ = _extra_regions()
    if extra.empty:
        return bundled_regions()
    return pd.concat([bundled_regions(), extra])


def extra_region_codes() -> set[str]:
    return set(_extra_regions()[0].index)


def extra_region_problems() -> list[ExtraRegionProblem]:
    """The rows of regions_extra.csv that were left out, with why."""
    return _extra_regions()[1]


def extra_regions_path() -> Path:
    from rcnet_data import settings

    return settings.current().data_dir / EXTRA_REGIONS_FILE


@cache
def _extra_regions() -> tuple[pd.DataFrame, list[ExtraRegionProblem]]:
    """regions_extra.csv read and checked: a row missing a required value, with a code that
    is not RU-… or already known, or a number that is not one, is left out and reported
    (file, row, column, why); the others are kept. No file: no extra region."""
    bundled = bundled_regions()
    path = extra_regions_path()
    empty = bundled.iloc[0:0]
    if not path.exists():
        return empty, []
    table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    problems = [
        ExtraRegionProblem(1, column, "", "missing_column") for column in EXTRA_REQUIRED if column not in table.columns
    ]
    if problems:
        return empty, problems
    rows = []
    for position, row in table.iterrows():
        number = int(position) + 2
        found = [ExtraRegionProblem(number, c, "", "missing") for c in EXTRA_REQUIRED if not row[c].strip()]
        code = row["code"].strip()
        if code and (not re.fullmatch(r"RU-[A-Z]{2,4}", code) or code in bundled.index):
            reason = "already_bundled" if code in bundled.index else "not_a_code"
            found.append(ExtraRegionProblem(number, "code", code, reason))
        values = {column: row.get(column, "").strip() for column in bundled.columns if column != "code"}
        for column in EXTRA_NUMBERS:
            text = values.get(column, "").replace(",", ".")
            try:
                values[column] = float(text) if text else np.nan
            except ValueError:
                found.append(ExtraRegionProblem(number, column, text, "not_a_number"))
        if found:
            problems.extend(found)
            continue
        values["code"] = code
        for column, fallback in (
            ("short_en", "name_en"),
            ("short_ru", "name_ru"),
            ("name_ru_gen", "name_ru"),
            ("name_ru_loc", "name_ru"),
        ):
            values[column] = values.get(column) or values[fallback]
        rows.append(values)
    extra = pd.DataFrame(rows, columns=list(bundled.columns)) if rows else empty.copy()
    for column in ("tile_row", "tile_col"):
        if column in extra:
            extra[column] = np.nan
    extra = extra.drop_duplicates("code").set_index("code", drop=False)
    return extra, problems


_derived: dict[str, tuple[pd.DataFrame, object]] = {}


def derived(key, build, source=None):
    """A value other modules derive from a reference table (`source`, by default `regions()`:
    a search's spellings, a column of names), made once per reading of that table: after
    `forget()` it is made again from the new one."""
    frame = (source or regions)()
    kept = _derived.get(key)
    if kept is None or kept[0] is not frame:
        kept = (frame, build())
        _derived[key] = kept
    return kept[1]


def forget() -> None:
    """Read the reference again on next use (a test that points the registry folder at a
    regions_extra.csv; a server reads it once, at start)."""
    for function in (regions, _extra_regions, region_index):
        function.cache_clear()


@cache
def bundled_regions() -> pd.DataFrame:
    """The 85 regions the library counted (2018–2020), with numeric population, area and
    coordinates: the published totals and the demo are of these."""
    table = read_reference("regions.csv")
    for column in ("population", "population_year", "area_km2"):
        table[column] = table[column].astype(int)
    for column in ("capital_lat", "capital_lon"):
        table[column] = table[column].astype(float)
    tiles = read_reference("region_tiles.csv") if (REFERENCE_DIR / "region_tiles.csv").exists() else None
    if tiles is not None:
        tiles[["tile_row", "tile_col"]] = tiles[["tile_row", "tile_col"]].astype(int)
        table = table.merge(tiles[["code", "tile_row", "tile_col"]], on="code", how="left")
    return table.set_index("code", drop=False)


@cache
def federal_districts() -> pd.DataFrame:
    return read_reference("federal_districts.csv").set_index("code", drop=False)


@cache
def countries() -> pd.DataFrame:
    table = read_reference("countries.csv")
    for column in ("capital_lat", "capital_lon"):
        table[column] = pd.to_numeric(table[column], errors="coerce")
    return table.set_index("iso2", drop=False)


@cache
def towns() -> pd.DataFrame:
    """GeoNames towns of Russia (population >= 500) with the rcnet region code."""
    table = read_reference("towns.csv")
    table["lat"] = table["lat"].astype(float)
    table["lon"] = table["lon"].astype(float)
    table["population"] = table["population"].astype(int)
    return table


@cache
def world_cities() -> pd.DataFrame:
    """The largest cities of each country (GeoNames, population >= 100,000)."""
    table = read_reference("world_cities.csv")
    table[["lat", "lon"]] = table[["lat", "lon"]].astype(float)
    table["population"] = table["population"].astype(int)
    return table


# --- published facts (copied from the team's fact sheets; see data/facts/README.md) ------
def read_fact(name: str) -> pd.DataFrame:
    return pd.read_csv(FACTS_DIR / name, dtype=str, keep_default_na=False, encoding="utf-8")


@cache
def published_milestones() -> pd.DataFrame:
    return read_fact("published_milestones.csv")


# --- name matching ------------------------------------------------------------------------
_APOSTROPHES = re.compile(r"['’ʼʹ`´]")
_PUNCT = re.compile(r"[\"«»“”„().,:;!?/\\*]")
_DASHES = re.compile(r"[\-‐‑‒–—―−]")
_SPACES = re.compile(r"\s+")

# Abbreviations expanded before matching (whole words only).
_ABBREVIATIONS = {
    "обл": "область",
    "респ": "республика",
    "р": "республика",
    "кр": "край",
    "ао": "автономный округ",
    "авт": "автономный",
    "окр": "округ",
    "г": "",
    "город": "",
    "гор": "",
    "rep": "republic",
    "resp": "respublika",
    "obl": "oblast",
    "ao": "autonomous okrug",
    "fed": "federal",
}
# Words that only say what sort of region it is; dropped for the fallback "core" match.
_GENERIC = {
    "республика",
    "область",
    "край",
    "автономный",
    "автономная",
    "округ",
    "republic",
    "of",
    "the",
    "oblast",
    "krai",
    "kray",
    "territory",
    "region",
    "area",
    "autonomous",
    "okrug",
    "respublika",
    "avtonomnyy",
    "avtonomnyi",
    "city",
    "federal",
}

# Latin spellings of one Russian name differ by romanisation (BGN/PCGN, GOST, ALA-LC, the
# Constitution's translation): "Nizhniy"/"Nizhny", "Kareliya"/"Karelia", "Tul'skaya"/"Tulskaia",
# "Khakassia"/"Khakasiya". Latin words are folded to one form before they are compared; codes
# (three letters or fewer) are left alone.
_LATIN_FOLDS = (
    (re.compile(r"kh"), "h"),
    (re.compile(r"gh"), "g"),
    (re.compile(r"tch"), "ch"),
    (re.compile(r"[yj]"), "i"),
    (re.compile(r"^ie"), "e"),
    (re.compile(r"([a-z])\1+"), r"\1"),
    (re.compile(r"(?<=[aeiou])i(?=[aeiou])"), ""),
)
_LATIN_WORD = re.compile(r"[a-z]{4,}")

# Statistical tables qualify a region ("Архангельская область без автономного округа",
# "Тюменская область (кроме ХМАО и ЯНАО)") or prefix it ("в том числе"), official texts
# add "город федерального значения", and footnote marks trail a name ("Москва 1)", "Крым*").
_QUALIFIER = re.compile(r"\s(без|кроме|исключая|включая|excluding|except|without|excl|including|incl)\b.*$", re.I)
_PREFIX = re.compile(r"^\s*(в\s+том\s+числе|в\s+т\.\s*ч\.|из\s+них|including|of\s+which)\s*:?\s*", re.I)
_FEDERAL_CITY = re.compile(
    r"город(а|ом)?\s+федерального\s+значения|city\s+of\s+federal\s+(importance|significance)", re.I
)
_FOOTNOTE = re.compile(r"(\s*(\d{1,2}\)|[\d¹²³⁴⁵⁶⁷⁸⁹⁰]+|\*+))+\s*$")
_PARENTHESISED = re.compile(r"\([^)]*\)")
_SECOND_NAME = re.compile(r"\s+[\-‐‑‒–—―−]\s+.*$|\s*[–—―−]\s*.*$")
# Russian adjectives ("алтайский", "пензенская") and their romanised forms share a stem with
# the short name ("Алтай"): the stem decides whether a bare name is ambiguous.
_STEM = re.compile(r"(ск(ая|ий|ой|ое|ие|ого|ую|ый)|sk(aa|ai|a|i|oe))$")


def _fold_latin(word: str) -> str:
    for pattern, replacement in _LATIN_FOLDS:
        word = pattern.sub(replacement, word)
    return word


def normalise_name(text: str) -> str:
    """Lower-case, fold ё/е and Latin romanisations, drop punctuation and dashes, expand abbreviations."""
    text = _APOSTROPHES.sub("", str(text).strip().lower().replace("ё", "е"))
    text = _DASHES.sub(" ", _PUNCT.sub(" ", text))
    words = [_ABBREVIATIONS.get(word, word) for word in _SPACES.split(text) if word]
    text = _SPACES.sub(" ", " ".join(words)).strip()
    return _LATIN_WORD.sub(lambda match: _fold_latin(match.group()), text)


def _core(key: str) -> str:
    return " ".join(word for word in key.split() if word not in _GENERIC)


def _stem(core: str) -> str:
    return " ".join(_STEM.sub("", word) for word in core.split())


def _readings(value: str) -> list[str]:
    """The ways to read one written name, most literal first: as written, then without
    footnote marks, federal-city words, statistical qualifiers, parenthesised repeats and
    a second name after a dash."""
    text = _FOOTNOTE.sub("", _PREFIX.sub("", str(value)))
    steps = [text]
    for pattern in (_FEDERAL_CITY, _PARENTHESISED, _QUALIFIER, _SECOND_NAME):
        text = pattern.sub(" ", text).strip(" ,-–—")
        steps.append(text)
    keys: list[str] = []
    for step in [str(value), *steps]:
        key = normalise_name(step)
        if key and key not in keys:
            keys.append(key)
    return keys


@dataclass(frozen=True)
class NameIndex:
    """Exact normalised spellings, plus a 'core' fallback (the name without words like
    "область") kept only where one code owns it; a core whose stem several codes share
    ("алтай": the republic and the krai) is ambiguous and gets a question, never a guess."""

    what: str
    exact: dict[str, str]
    core: dict[str, str]
    ambiguous: dict[str, list[str]]  # stem -> codes that share it
    display: dict[str, str]  # normalised spelling -> a spelling to suggest
    names: dict[str, str]  # code -> its name to suggest

    @classmethod
    def build(cls, what: str, spellings: dict[str, list[str]]) -> NameIndex:
        exact: dict[str, str] = {}
        display: dict[str, str] = {}
        cores: dict[str, set[str]] = {}
        stems: dict[str, set[str]] = {}
        for code, names in spellings.items():
            for name in names:
                if not name:
                    continue
                key = normalise_name(name)
                exact.setdefault(key, code)
                display.setdefault(key, name)
                core = _core(key)
                if core:
                    cores.setdefault(core, set()).add(code)
                    stems.setdefault(_stem(core), set()).add(code)
        core = {key: next(iter(codes)) for key, codes in cores.items() if len(codes) == 1}
        ambiguous = {stem: sorted(codes) for stem, codes in stems.items() if len(codes) > 1}
        # A core owned by one code is still a guess when its stem is shared ("алтай").
        core = {key: code for key, code in core.items() if _stem(key) not in ambiguous}
        names = {code: next(name for name in names if name) for code, names in spellings.items()}
        return cls(what, exact, core, ambiguous, display, names)

    def lookup(self, value: str) -> str:
        readings = _readings(value)
        for key in readings:
            if key in self.exact:
                return self.exact[key]
            if _core(key) in self.core:
                return self.core[_core(key)]
        for key in readings:
            codes = self.ambiguous.get(_stem(_core(key)))
            if codes:
                raise UnknownName(self.what, str(value), [self.names[code] for code in codes], ambiguous=True)
        raise UnknownName(self.what, str(value), self.suggest(readings[-1] if readings else ""))

    def display_names(self, code: str) -> list[str]:
        """Every spelling this index knows for one code (as written in the reference)."""
        return [self.display[key] for key, owner in self.exact.items() if owner == code]

    def suggest(self, key: str, limit: int = 3) -> list[str]:
        """The closest known names by edit similarity (rapidfuzz), one per code. Names are
        compared without words like "область", which every oblast shares."""
        query = _core(key) or key
        choices = {spelling: _core(spelling) or spelling for spelling in self.display}
        close = process.extract(query, choices, scorer=fuzz.ratio, limit=limit * 6, score_cutoff=55)
        seen: list[str] = []
        codes: set[str] = set()
        for _core_text, _score, spelling in close:
            code = self.exact[spelling]
            if code not in codes:
                codes.add(code)
                seen.append(self.display[spelling])
        return seen[:limit]


def name_core(key: str) -> str:
    """A normalised name without the words every region of its kind shares («область», «край»…)."""
    return _core(key)


@cache
def constitution_names() -> pd.DataFrame:
    """The 85 regions as Article 65 of the Constitution names them (see SOURCES.md)."""
    return read_reference("constitution_art65.csv").set_index("code", drop=False)


@cache
def region_index() -> NameIndex:
    official = constitution_names()
    spellings: dict[str, list[str]] = {}
    for row in regions().itertuples():
        # The Russian short name first: it is what a suggestion shows.
        names = [row.name_ru, row.code, row.code.removeprefix("RU-"), row.name_en]
        if row.code in official.index:  # an extra subject has no Article 65 name in the bundle
            names += [official.at[row.code, "name_ru"], official.at[row.code, "name_en"]]
        names += [alias for alias in row.aliases.split(";") if alias]
        if row.iso_name:  # "Tatarstan, Respublika" is also read as "Respublika Tatarstan"
            parts = [part.strip() for part in row.iso_name.split(",")]
            names += [row.iso_name, " ".join(reversed(parts))]
        # An official name's second name is often left out: "Кемеровская область", "ХМАО".
        names += [_SECOND_NAME.sub("", name) for name in names if _SECOND_NAME.search(name)]
        spellings[row.code] = names
    return NameIndex.build("region", spellings)


@cache
def country_index() -> NameIndex:
    spellings = {
        row.iso2: [row.name_ru, row.iso2, row.iso3, row.name_en, row.official_name_en]
        for row in countries().itertuples()
    }
    extra = {
        "RU": ["Россия", "Российская Федерация", "РФ"],
        "GB": ["Англия", "Britain", "Great Britain", "UK"],
        "US": ["USA", "Америка", "Соединенные Штаты Америки"],
        "CN": ["КНР"],
    }
    for code, names in extra.items():
        spellings[code] = spellings.get(code, []) + names
    return NameIndex.build("country", spellings)


def region_code(value: str) -> str:
    """The rcnet code of a region written any common way; raises UnknownName."""
    return region_index().lookup(value)


def country_code(value: str) -> str:
    """ISO 3166-1 alpha-2 of a country written as a code or a Russian or English name."""
    return country_index().lookup(value)


# --- geometry -----------------------------------------------------------------------------
def haversine_km(lat1, lon1, lat2, lon2):
    """Great-circle distance in km; works on scalars and numpy arrays (broadcasting)."""
    lat1, lon1, lat2, lon2 = (np.radians(np.asarray(v, dtype=float)) for v in (lat1, lon1, lat2, lon2))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


@cache
def _town_lookup() -> dict[tuple[str, str], tuple[float, float]]:
    """(region code, normalised town name) -> coordinates of the most populous match."""
    lookup: dict[tuple[str, str], tuple[float, float]] = {}
    # Towns are sorted by population within a region, so the first spelling wins.
    for row in towns().itertuples():
        for name in [row.name_en, row.name_ru, *row.alt_names.split(";")]:
            if name:
                lookup.setdefault((row.region_code, normalise_name(name)), (row.lat, row.lon))
    return lookup


def geocode_town(code: str, town: str) -> tuple[float, float] | None:
    """Coordinates of a town in a region from the GeoNames gazetteer, or None. A subject the
    gazetteer does not hold (regions_extra.csv) knows its capital's point only."""
    found = _town_lookup().get((code, normalise_name(town)))
    if found is None and code in extra_region_codes():
        row = regions().loc[code]
        capital = normalise_name(town) in (normalise_name(row["capital_en"]), normalise_name(row["capital_ru"]))
        if capital and pd.notna(row["capital_lat"]) and pd.notna(row["capital_lon"]):
            return float(row["capital_lat"]), float(row["capital_lon"])
    return found


@cache
def _town_names() -> dict[tuple[str, str], tuple[str, str]]:
    """(region code, any normalised spelling) -> (English, Russian) name of the most
    populous gazetteer town so called."""
    names: dict[tuple[str, str], tuple[str, str]] = {}
    for row in towns().itertuples():
        for name in [row.name_en, row.name_ru, *row.alt_names.split(";")]:
            if name:
                names.setdefault((row.region_code, normalise_name(name)), (row.name_en, row.name_ru or row.name_en))
    return names


def town_in(code: str, town: str, lang: str) -> str:
    """A town of a region in English or Russian, as the gazetteer names it; a town it does
    not know is returned as given."""
    names = _town_names().get((code, normalise_name(town)))
    if names is None:
        return town
    return names[1] if lang == "ru" else names[0]


@cache
def _world_city_names() -> dict[tuple[str, str], tuple[str, str]]:
    names: dict[tuple[str, str], tuple[str, str]] = {}
    for row in world_cities().itertuples():
        for name in (row.name_en, row.name_ru):
            if name:
                names.setdefault((row.iso2, normalise_name(name)), (row.name_en, row.name_ru or row.name_en))
    for row in countries().itertuples():  # capitals below the world cities' population cut (Washington)
        for name in (row.capital_en, row.capital_ru):
            if name:
                names.setdefault((row.iso2, normalise_name(name)), (row.capital_en, row.capital_ru or row.capital_en))
    return names


def world_city_in(country: str, city: str, lang: str) -> str:
    """A foreign city in English or Russian where the reference names it; else as given."""
    names = _world_city_names().get((country, normalise_name(city)))
    if names is None:
        return city
    return names[1] if lang == "ru" else names[0]
