"""A news item of the library's network as a proposed event: the events table's columns,
guessed from the item's title and lead, with how sure each guess is and which words
decided it. An editor reviews every proposal before the ordinary import writes it.

- the host institution: a registry center whose host the text names, in any case form
  («Пензенской областной библиотеки им. М. Ю. Лермонтова»): both are lemmatised
  (core.morphology) and compared with rapidfuzz; the center's region and town follow;
- the region and town otherwise: the reference's names of regions, their capitals and
  towns, lemmatised, found in the text («Республики Татарстан», «в Троицке»);
- abroad: the section «Зарубежная сеть», a Russian centre of science and culture, or a
  place abroad named; the country and the city from the reference's names;
- the date: the event's own day when the text gives one («15 мая 2024 года», "On May 15,
  2024"), otherwise the day the item was published;
- the type: the first word of a type in the title, else in the lead (quest, videoconference…);
- the participants: a number of people the text states («более 60 учеников»).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

import pandas as pd
from rapidfuzz import fuzz, process

from rcnet_data.core import columns
from rcnet_data.core import reference as ref
from rcnet_data.core.morphology import CYRILLIC, lemma, lemmas, words
from rcnet_data.core.news_items import MONTH, MONTHS, NewsItem

HOST_SCORE = 90  # rapidfuzz partial ratio of a host's lemmas within the text's: below, not sure
MIN_HOST = 15  # characters of a host's lemmas: shorter names («Гимназия № 1») match too much
EVENT_DAYS_BEFORE = 366  # the event's own date is at most this long before the item was published
PLACEHOLDER_HOST = "(учреждение не названо)"

# The words of each type, as lemmas (Russian) or lower-case words (English), in the order a
# tie is broken in; the first one in the title decides, else the first one in the lead.
TYPE_WORDS: dict[str, tuple[str, ...]] = {
    "quest": ("квест", "quest"),
    "videoconference": ("видеоконференция", "видеосвязь", "телемост", "videoconference", "teleconference"),
    "lecture": ("видеолекторий", "лекторий", "лекция", "lecture", "lectures"),
    "open_lesson": ("урок", "lesson", "lessons"),
    "contest": ("конкурс", "олимпиада", "викторина", "contest", "competition", "olympiad", "quiz"),
    "exhibition": ("выставка", "экспозиция", "exhibition", "exposition"),
    "festival": ("фестиваль", "festival"),
    "broadcast": ("трансляция", "broadcast"),
    "meeting": ("совещание", "семинар", "meeting", "seminar"),
    "agreement": ("соглашение", "agreement"),
    "report": ("отчет", "отчитаться", "report"),
    "opening": ("открыться", "открыть", "открытие", "opened", "opening", "opens"),
}
TWO_WORD_TYPES = {("video", "conference"): "videoconference", ("video", "lecture"): "lecture"}
# An opening is a center's: «открылся центр удалённого доступа», not «открылась выставка».
CENTER_WORDS = (
    ("центр", "удаленный", "доступ"),
    ("электронный", "читальный", "зал"),
    ("remote", "access", "center"),
    ("remote", "access", "centre"),
    ("reading", "room"),
)
FOREIGN_MARKERS = (
    ("центр", "наука", "и", "культура"),
    ("русский", "дом"),
    ("russian", "house"),
    ("centre", "of", "science", "and", "culture"),
    ("center", "of", "science", "and", "culture"),
    ("compatriots",),
    ("соотечественник",),
)
REGIONAL_CENTER = (("региональный", "центр"), ("regional", "center"), ("regional", "centre"))
GENERIC_RU = {"область", "край", "республика", "автономный", "округ", "город", "федеральный", "значение", "—", "-"}
GENERIC_EN = {"oblast", "krai", "republic", "autonomous", "okrug", "city", "of", "the", "federal", "region", "district"}
PEOPLE = (
    r"учеников|учащихся|школьников|студентов|участников|человек|читателей|зрителей|детей|гостей|слушателей|"
    r"students|pupils|participants|people|schoolchildren|readers|children|guests|visitors|listeners"
)
PARTICIPANTS = re.compile(
    rf"(?:(более|свыше|около|почти|порядка|more than|over|about|nearly|some|around)\s+)?(\d{{1,6}})\s+(?:[\w-]+\s+)?({PEOPLE})\b",
    re.IGNORECASE,
)
RU_DATE = re.compile(
    rf"(?:[Сс]\s+)?(\d{{1,2}})(?:\s*(?:по|[-–—])\s*(\d{{1,2}}))?\s+({MONTH})\s+(\d{{4}})(?:\s*(?:года|г\.))?",
    re.IGNORECASE,
)
EN_DATE = re.compile(rf"\b({MONTH})\.?\s+(\d{{1,2}})(?:\s*[-–]\s*(\d{{1,2}}))?,\s+(\d{{4}})", re.IGNORECASE)


@dataclass(frozen=True)
class Reason:
    field: str  # region, city, center_id, network, country, event_type, date, participants
    how: str  # host | region_name | capital | town | section | marker | country | city_abroad |
    #            regional_center | title | lead | fallback | text | published | stated | none
    words: str = ""  # the words of the text that decided it
    value: str = ""

    def as_dict(self) -> dict:
        return {"field": self.field, "how": self.how, "words": self.words, "value": self.value}


@dataclass
class Proposal:
    item: NewsItem
    event: dict  # the events table's columns
    confidence: float
    reasons: list[Reason] = field(default_factory=list)
    # new | duplicate (the same item again) | similar (the same day, type and place as another
    # item here: the other language's news, most often) | imported (its address is in the registry)
    status: str = "new"
    duplicate_of: str = ""

    def as_dict(self) -> dict:
        """As JSON takes it (days as YYYY-MM-DD)."""
        days = {key: value.isoformat() for key, value in self.event.items() if isinstance(value, date)}
        return {
            **self.event,
            **days,
            "confidence": self.confidence,
            "reasons": [reason.as_dict() for reason in self.reasons],
            "status": self.status,
            "duplicate_of": self.duplicate_of,
            "origin": self.item.origin,
        }


# --- what the reference and the registry name -------------------------------------------------
def _keys(name: str, generic: set[str]) -> list[tuple[str, ...]]:
    """A name's distinctive word runs, as lemmas: «Ханты-Мансийский автономный округ — Югра»
    gives (ханты-мансийский,) and (югра,); "Saint Petersburg" gives (saint, petersburg)."""
    runs, run = [], []
    for word in lemmas(re.sub(r"[()]", " ", str(name or ""))):
        if word in generic:
            if run:
                runs.append(tuple(run))
            run = []
        else:
            run.append(word)
    if run:
        runs.append(tuple(run))
    return runs


@cache
def region_keys() -> dict[tuple[str, ...], tuple[str, str]]:
    """Word runs that name a region: key -> (region code, how). A run two regions share
    («moscow» of Moscow and Moscow Oblast) stays with the one it is the capital of."""
    found: dict[tuple[str, ...], set[tuple[str, str]]] = {}
    for code, row in ref.regions().iterrows():
        names = [(row["name_ru"], GENERIC_RU), (row["name_en"], GENERIC_EN)]
        names += [(alias, GENERIC_RU) for alias in str(row.get("aliases") or "").split(";") if alias.strip()]
        for name, generic in names:
            for key in _keys(name, generic):
                found.setdefault(key, set()).add((code, "region_name"))
        for capital in (row["capital_ru"], row["capital_en"]):
            key = tuple(lemmas(capital))
            if key:
                found.setdefault(key, set()).add((code, "capital"))
    keys = {}
    for key, owners in found.items():
        codes = {code for code, _ in owners}
        if len(codes) == 1:
            code = next(iter(codes))
            keys[key] = (code, "region_name" if (code, "region_name") in owners else "capital")
        else:
            capitals = [code for code, how in owners if how == "capital"]
            if len(capitals) == 1:
                keys[key] = (capitals[0], "capital")
    return keys


@cache
def town_keys() -> dict[str, dict[tuple[str, ...], str]]:
    """Per region: word runs naming its towns -> the town's Russian name."""
    towns: dict[str, dict[tuple[str, ...], str]] = {}
    for row in ref.towns().itertuples(index=False):
        names = [row.name_ru, row.name_en, row.name_ru_gen, row.name_ru_loc]
        for name in names:
            key = tuple(lemmas(name))
            if key:
                towns.setdefault(row.region_code, {}).setdefault(key, row.name_ru or row.name_en)
    return towns


@cache
def abroad_keys() -> tuple[dict[tuple[str, ...], str], dict[tuple[str, ...], tuple[str, str]]]:
    """Countries (key -> ISO code) and cities abroad (key -> (ISO code, Russian name))."""
    countries: dict[tuple[str, ...], str] = {}
    for code, row in ref.countries().iterrows():
        if code == "RU":
            continue
        for name in (row["name_ru"], row["name_en"]):
            key = tuple(lemmas(name))
            if key:
                countries.setdefault(key, code)
    cities: dict[tuple[str, ...], tuple[str, str]] = {}
    for row in ref.world_cities().itertuples(index=False):
        if row.iso2 == "RU":
            continue
        for name in (row.name_ru, row.name_en, row.name_ru_loc):
            key = tuple(lemmas(name))
            if key:
                cities.setdefault(key, (row.iso2, row.name_ru or row.name_en))
    return countries, cities


RCSC = "russian_center_of_science_and_culture"
SPELLING_SCORE = 85  # rapidfuzz ratio of a city's name written another way ("Ulaanbaatar", "Ulan Bator")


@cache
def _folded_cities() -> dict[str, tuple[str, str]]:
    _, cities = abroad_keys()
    return {_fold(" ".join(key)): value for key, value in cities.items() if not CYRILLIC.search(" ".join(key))}


def _fold(text: str) -> str:
    """A Latin name without spaces, hyphens and doubled letters: "ulan bator" -> "ulanbator"."""
    return re.sub(r"(.)\1+", r"\1", re.sub(r"[\s'-]", "", text.lower()))


def city_by_spelling(item_words: list[str]) -> tuple[str, tuple[str, str]] | None:
    """A city abroad written in a Latin spelling the reference does not hold, by the closest
    of its names (only capitalised words of five letters or more)."""
    folded = _folded_cities()
    for word in item_words:
        if len(word) < 5 or not word[0].isupper() or CYRILLIC.search(word):
            continue
        best = process.extractOne(_fold(word), list(folded), scorer=fuzz.ratio, score_cutoff=SPELLING_SCORE)
        if best:
            return word, folded[best[0]]
    return None


def _find(text_lemmas: list[str], keys: dict, longest: int = 4) -> list[tuple[int, tuple[str, ...], object]]:
    """Every run of the text that is a key: (position, key, value), longest runs first at a position."""
    found = []
    position = 0
    while position < len(text_lemmas):
        for size in range(min(longest, len(text_lemmas) - position), 0, -1):
            key = tuple(text_lemmas[position : position + size])
            if key in keys:
                found.append((position, key, keys[key]))
                position += size - 1
                break
        position += 1
    return found


def _has(text_lemmas: list[str], run: tuple[str, ...]) -> bool:
    size = len(run)
    return any(tuple(text_lemmas[i : i + size]) == run for i in range(len(text_lemmas) - size + 1))


def _surface(item_words: list[str], position: int, key: tuple[str, ...]) -> str:
    return " ".join(item_words[position : position + len(key)])


# --- the parts of a proposal ------------------------------------------------------------------
def event_dates(item: NewsItem) -> tuple[date | None, date | None, Reason]:
    """The event's own first and last day when the text states them, else the publication day."""
    published = item.published
    # Russian writes the day first («15 мая 2024»), English the month ("May 15, 2024").
    for pattern, order in (
        (RU_DATE, ("first", "last", "month", "year")),
        (EN_DATE, ("month", "first", "last", "year")),
    ):
        for found in pattern.finditer(item.text):
            part = dict(zip(order, found.groups(), strict=True))
            last = int(part["last"]) if part["last"] else None
            picked = _dated(int(part["year"]), MONTHS[part["month"].lower()], int(part["first"]), last, published)
            if picked:
                return picked[0], picked[1], Reason("date", "text", found.group(0).strip(), picked[0].isoformat())
    return published, None, Reason("date", "published", "", published.isoformat() if published else "")


def _dated(year: int, month: int, first: int, last: int | None, published: date | None):
    try:
        start = date(year, month, first)
        end = date(year, month, last) if last else None
    except ValueError:
        return None
    if published is not None and not (
        published - timedelta(days=EVENT_DAYS_BEFORE) <= start <= published + timedelta(days=1)
    ):
        return None  # a date in the story (1612, a jubilee), not the event's
    return start, end if end and end > start else None


def event_type(item: NewsItem, text_lemmas: list[str]) -> tuple[str, Reason]:
    """`text_lemmas`: the lemmas of the item's whole text (for an opening, a center must be named)."""
    for part, how in ((item.title, "title"), (item.lead, "lead")):
        part_words = words(part)
        part_lemmas = [lemma(w) for w in part_words]
        for position, word in enumerate(part_lemmas):
            pair = tuple(part_lemmas[position : position + 2])
            if pair in TWO_WORD_TYPES:
                return TWO_WORD_TYPES[pair], Reason(
                    "event_type", how, _surface(part_words, position, pair), TWO_WORD_TYPES[pair]
                )
            for kind, type_words in TYPE_WORDS.items():
                if word in type_words:
                    if kind == "opening" and not any(_has(text_lemmas, run) for run in CENTER_WORDS):
                        continue  # something else opened (an exhibition, a festival): its own word decides
                    return kind, Reason("event_type", how, part_words[position], kind)
    return "other", Reason("event_type", "fallback", "", "other")


def participants(item: NewsItem) -> tuple[int | None, Reason | None]:
    found = PARTICIPANTS.search(item.text)
    if not found:
        return None, None
    return int(found.group(2)), Reason("participants", "stated", found.group(0).strip(), found.group(2))


_host_memo: dict[int, tuple[pd.DataFrame, pd.DataFrame]] = {}


def host_table(centers: pd.DataFrame) -> pd.DataFrame:
    """The registry's named hosts with their lemmas, made once per registry (the newest only)."""
    kept = _host_memo.get(id(centers))
    if kept is None or kept[0] is not centers:
        _host_memo.clear()
        kept = (centers, _host_table(centers))
        _host_memo[id(centers)] = kept
    return kept[1]


def _host_table(centers: pd.DataFrame) -> pd.DataFrame:
    named = centers[centers[columns.HOST].fillna("").astype(str).str.strip().ne("")]
    named = named[named[columns.HOST] != PLACEHOLDER_HOST]
    table = named[
        [
            columns.CENTER_ID,
            columns.HOST,
            columns.NETWORK,
            columns.COUNTRY,
            columns.REGION_CODE,
            columns.CITY,
            columns.KIND,
        ]
    ].copy()
    table["key"] = [" ".join(lemmas(host)) for host in table[columns.HOST]]
    return table[table["key"].str.len() >= MIN_HOST].reset_index(drop=True)


def matched_host(key: str, hosts: pd.DataFrame) -> tuple[pd.Series | None, int]:
    """The center whose host the text names (`key`: the text's lemmas, space-separated, as
    `host_table` keeps the hosts'), and the score; None when none is sure (below HOST_SCORE,
    or two centers as good with different hosts)."""
    if hosts.empty:
        return None, 0
    scores = [fuzz.partial_ratio(host, key) if len(host) <= len(key) else 0 for host in hosts["key"]]
    frame = hosts.assign(score=scores)
    frame = frame[frame["score"] >= HOST_SCORE]
    if frame.empty:
        return None, 0
    frame = frame.assign(length=frame["key"].str.len()).sort_values(["score", "length"], ascending=False)
    best = frame.iloc[0]
    rivals = frame[(frame["score"] == best["score"]) & (frame["length"] == best["length"])]
    if rivals[columns.CENTER_ID].nunique() > 1:
        return None, 0  # two centers with the same host's name: the text cannot say which
    return best, int(best["score"])


def event_id(item: NewsItem) -> str:
    """A stable id from the item's address (or its origin, title and day): the same item
    proposed twice gets the same id, so a second import changes nothing."""
    basis = item.url or f"{item.title}|{item.published}"
    return "NEWS-" + hashlib.sha1(basis.encode("utf-8")).hexdigest()[:10].upper()


# --- one proposal -----------------------------------------------------------------------------
def propose(item: NewsItem, centers: pd.DataFrame) -> Proposal:
    item_words = words(item.text)
    text_lemmas = [lemma(w) for w in item_words]
    text_key = " ".join(text_lemmas)  # what matched_host compares the hosts' lemmas with
    reasons: list[Reason] = []
    sure: list[float] = []

    regions_named = _find(text_lemmas, region_keys())
    countries, cities = abroad_keys()
    countries_named = _find(text_lemmas, countries)
    cities_named = _find(text_lemmas, cities)
    marker = next((run for run in FOREIGN_MARKERS if _has(text_lemmas, run)), None)

    # Abroad or in Russia.
    if item.section:
        network = item.section
        reasons.append(Reason("network", "section", "", network))
        sure.append(1.0)
    elif marker or ((countries_named or cities_named) and not regions_named):
        network = columns.FOREIGN
        words_used = " ".join(marker) if marker else _surface(item_words, *(countries_named or cities_named)[0][:2])
        reasons.append(Reason("network", "marker" if marker else "country", words_used, network))
        sure.append(0.8)
    else:
        network = columns.DOMESTIC
        reasons.append(Reason("network", "none", "", network))
        sure.append(0.7)

    hosts = host_table(centers)
    country, region, city, center_id = "RU", "", "", ""
    if network == columns.FOREIGN:
        abroad = hosts[hosts[columns.NETWORK] == columns.FOREIGN]
        country, city = "", ""
        if cities_named:
            position, key, (country, city) = cities_named[0]
            reasons.append(Reason("city", "city_abroad", _surface(item_words, position, key), city))
        if countries_named and not country:
            position, key, country = countries_named[0]
            reasons.append(Reason("country", "country", _surface(item_words, position, key), country))
        elif country:
            reasons.append(Reason("country", "city_abroad", reasons[-1].words, country))
        if not city:
            spelt = city_by_spelling(item_words)  # "Ulaanbaatar" for the reference's "Ulan Bator"
            if spelt:
                words_used, (country, city) = spelt
                reasons.append(Reason("city", "city_abroad", words_used, city))
                reasons.append(Reason("country", "city_abroad", words_used, country))
        there = None
        if city:
            there = centers[(centers[columns.NETWORK] == columns.FOREIGN) & (centers[columns.CITY] == city)]
            of_kind = there[there[columns.HOST_TYPE] == RCSC]
            if marker and len(of_kind):  # a Russian centre of science and culture is named: one of those
                there = of_kind
        found, score = matched_host(text_key, abroad)
        if found is not None:
            center_id, country, city = found[columns.CENTER_ID], found[columns.COUNTRY], found[columns.CITY]
            reasons.append(Reason("center_id", "host", found[columns.HOST], center_id))
        elif there is not None and len(there) == 1:
            center_id = there.iloc[0][columns.CENTER_ID]
            reasons.append(Reason("center_id", "city_abroad", city, center_id))
        sure.append(1.0 if center_id else 0.8 if country else 0.2)
    else:
        domestic = hosts[hosts[columns.NETWORK] == columns.DOMESTIC]
        named_codes = list(dict.fromkeys(code for _, _, (code, _) in regions_named))
        within = domestic[domestic[columns.REGION_CODE].isin(named_codes)] if named_codes else domestic
        found, score = matched_host(text_key, within)
        if found is None and named_codes:
            found, score = matched_host(text_key, domestic)
        if found is not None:
            center_id, region, city = found[columns.CENTER_ID], found[columns.REGION_CODE], found[columns.CITY]
            reasons.append(Reason("center_id", "host", f"{found[columns.HOST]} ({score})", center_id))
            reasons.append(Reason("region", "host", found[columns.HOST], region))
            sure.append(0.95)
        elif regions_named:
            position, key, (region, how) = regions_named[0]
            reasons.append(Reason("region", how, _surface(item_words, position, key), region))
            sure.append(0.85 if how == "region_name" else 0.75)
            if any(_has(text_lemmas, run) for run in REGIONAL_CENTER):
                own = centers[
                    (centers[columns.REGION_CODE] == region)
                    & centers[columns.KIND].isin([columns.KIND_REGIONAL, columns.KIND_BRANCH])
                ]
                if len(own) == 1:
                    center_id, city = own.iloc[0][columns.CENTER_ID], own.iloc[0][columns.CITY]
                    reasons.append(Reason("center_id", "regional_center", "regional center", center_id))
        else:
            reasons.append(Reason("region", "none", "", ""))
            sure.append(0.0)
        if region and not city:
            towns = _find(text_lemmas, town_keys().get(region, {}))
            if towns:
                position, key, city = towns[0]
                reasons.append(Reason("city", "town", _surface(item_words, position, key), city))
    first, last, date_reason = event_dates(item)
    reasons.append(date_reason)
    sure.append(0.9 if date_reason.how == "text" else 0.7 if first else 0.0)
    kind, type_reason = event_type(item, text_lemmas)
    reasons.append(type_reason)
    sure.append({"title": 0.9, "lead": 0.75}.get(type_reason.how, 0.3))
    count, count_reason = participants(item)
    if count_reason:
        reasons.append(count_reason)
    event = {
        columns.EVENT_ID: event_id(item),
        columns.DATE: first,
        columns.END_DATE: last,
        columns.TITLE: item.title,
        columns.EVENT_TYPE: kind,
        columns.CENTER_ID: center_id,
        columns.NETWORK: network,
        columns.COUNTRY: country,
        columns.REGION_CODE: region,
        columns.CITY: city,
        columns.PARTICIPANTS: count,
        columns.URL: item.url,
        columns.SOURCE: item.url or item.origin,
        columns.NOTE: f"news: {item.origin}",
    }
    return Proposal(item, event, round(sum(sure) / len(sure), 2), reasons)


def proposals(items: list[NewsItem], centers: pd.DataFrame, events: pd.DataFrame) -> list[Proposal]:
    """Every item as a proposal; an item seen before in the batch (its address, or its title
    and day) is a duplicate, one whose address the registry's events hold is imported."""
    known = set(events[columns.URL].fillna("").astype(str)) | set(events[columns.SOURCE].fillna("").astype(str))
    known.discard("")
    seen: dict[str, str] = {}
    alike: dict[tuple, str] = {}
    made = []
    for item in items:
        proposal = propose(item, centers)
        keys = [key for key in (item.url, f"{item.title.strip().lower()}|{item.published}") if key]
        earlier = next((seen[key] for key in keys if key in seen), "")
        same_event = _event_key(proposal.event)
        if earlier:
            proposal.status, proposal.duplicate_of = "duplicate", earlier
        elif item.url and item.url in known:
            proposal.status = "imported"
        elif same_event and same_event in alike:
            # The same day, type and place as an item read before: most often the news in the
            # other language. Proposed, not ticked: the editor decides.
            proposal.status, proposal.duplicate_of = "similar", alike[same_event]
        for key in keys:
            seen.setdefault(key, item.origin)
        if same_event:
            alike.setdefault(same_event, item.origin)
        made.append(proposal)
    return made


def _event_key(event: dict) -> tuple | None:
    """What makes two items one event: the day, the type and the place (None when the
    place is not known: "somewhere" is no match)."""
    place = event[columns.REGION_CODE] or (event[columns.COUNTRY] if event[columns.NETWORK] == columns.FOREIGN else "")
    if not place or event[columns.DATE] is None:
        return None
    return event[columns.DATE], event[columns.EVENT_TYPE], place, event[columns.CITY]
