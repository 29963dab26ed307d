"""The data model: column names, allowed values and the header aliases staff use.

Every other module takes its column names and codes from here, so a rename happens in
one place. Human labels for these codes live in `rcnet_data.i18n`.
"""

from __future__ import annotations

from datetime import date

# --- centers -------------------------------------------------------------------------
CENTER_ID = "center_id"
NAME = "name"
KIND = "kind"
NETWORK = "network"
COUNTRY = "country"
REGION_CODE = "region_code"
CITY = "city"
HOST = "host"
HOST_TYPE = "host_type"
ADDRESS = "address"
LAT = "lat"
LON = "lon"
OPENED_ON = "opened_on"
CLOSED_ON = "closed_on"
SOURCE = "source"
NOTE = "note"  # optional free text: how sure a fact is, what the demo assumed

CENTER_COLUMNS = [
    CENTER_ID,
    NAME,
    KIND,
    NETWORK,
    COUNTRY,
    REGION_CODE,
    CITY,
    HOST,
    HOST_TYPE,
    ADDRESS,
    LAT,
    LON,
    OPENED_ON,
    CLOSED_ON,
    SOURCE,
    NOTE,
]

# --- events --------------------------------------------------------------------------
EVENT_ID = "event_id"
DATE = "date"
END_DATE = "end_date"
TITLE = "title"
EVENT_TYPE = "event_type"
PARTICIPANTS = "participants"
URL = "url"

EVENT_COLUMNS = [
    EVENT_ID,
    DATE,
    END_DATE,
    TITLE,
    EVENT_TYPE,
    CENTER_ID,
    NETWORK,
    COUNTRY,
    REGION_CODE,
    CITY,
    PARTICIPANTS,
    URL,
    SOURCE,
    NOTE,
]

# Derived columns the loader adds (never read from a file).
FEDERAL_DISTRICT = "federal_district"

TABLE_CENTERS = "centers"
TABLE_EVENTS = "events"
TABLE_KINDS = (TABLE_CENTERS, TABLE_EVENTS)

# --- allowed values --------------------------------------------------------------------
KIND_BRANCH = "branch"
KIND_REGIONAL = "regional_center"
KIND_RAC = "remote_access_center"
KIND_FOREIGN = "foreign_center"
KINDS = (KIND_BRANCH, KIND_REGIONAL, KIND_RAC, KIND_FOREIGN)

DOMESTIC = "domestic"
FOREIGN = "foreign"
NETWORKS = (DOMESTIC, FOREIGN)

HOME_COUNTRY = "RU"

HOST_TYPES = (
    "regional_library",
    "municipal_library",
    "school",
    "college_or_university",
    "museum_or_archive",
    "russian_center_of_science_and_culture",
    "national_library",
    "other",
)

EVENT_TYPES = (
    "quest",
    "videoconference",
    "lecture",
    "open_lesson",
    "contest",
    "exhibition",
    "festival",
    "broadcast",
    "meeting",
    "opening",
    "report",
    "agreement",
    "other",
)

DEMO_SOURCE = "demo"
# The published figures' file marks a figure read in a news excerpt whose address is not known.
NEWS_EXCERPT_SOURCE = "(news excerpt without address)"

# What the registry database stores at most (rcnet_data.storage.db builds its schema from
# these, and validation refuses longer values, so a file that validates also imports).
MAX_LENGTH = {CENTER_ID: 100, EVENT_ID: 100}
MAX_PARTICIPANTS = 2_147_483_647  # a 32-bit integer column
# Dates a registry row may carry: pandas holds 1677-2262; the network began in 2008 and the
# earliest published event is of 2007.
DATE_RANGE = (date(2000, 1, 1), date(2100, 12, 31))

# Columns that must hold a value in every row (others are checked by rule).
REQUIRED = {
    TABLE_CENTERS: (CENTER_ID, NAME, KIND, CITY, OPENED_ON),
    TABLE_EVENTS: (EVENT_ID, DATE, TITLE, EVENT_TYPE),
}
DATE_COLUMNS = {
    TABLE_CENTERS: (OPENED_ON, CLOSED_ON),
    TABLE_EVENTS: (DATE, END_DATE),
}
ID_COLUMN = {TABLE_CENTERS: CENTER_ID, TABLE_EVENTS: EVENT_ID}
COLUMNS = {TABLE_CENTERS: CENTER_COLUMNS, TABLE_EVENTS: EVENT_COLUMNS}

# --- what staff write in headers and cells ---------------------------------------------
# Keys are canonical names; values are the other spellings accepted (compared after
# lower-casing, trimming and folding ё to е).
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    CENTER_ID: ("код", "id", "код центра", "идентификатор"),
    NAME: ("наименование", "название", "центр"),
    KIND: ("тип", "тип центра", "вид"),
    NETWORK: ("сеть",),
    COUNTRY: ("страна",),
    REGION_CODE: ("субъект рф", "регион", "субъект", "region", "код региона"),
    CITY: ("населенный пункт", "город", "town"),
    HOST: ("учреждение", "базовое учреждение", "организация"),
    HOST_TYPE: ("тип учреждения",),
    ADDRESS: ("адрес",),
    LAT: ("широта", "latitude"),
    LON: ("долгота", "longitude", "lng"),
    OPENED_ON: ("дата открытия", "открыт", "opened"),
    CLOSED_ON: ("дата закрытия", "закрыт", "closed"),
    SOURCE: ("источник",),
    NOTE: ("примечание", "комментарий", "notes"),
    EVENT_ID: ("код мероприятия", "id мероприятия"),
    DATE: ("дата", "дата начала", "start_date"),
    END_DATE: ("дата окончания",),
    TITLE: ("заголовок", "название мероприятия"),
    EVENT_TYPE: ("тип мероприятия",),
    PARTICIPANTS: ("участники", "число участников"),
    URL: ("ссылка", "link"),
}

# In an events file «Код»/«ID» is the event's id and «Название» its title.
EVENT_HEADER_OVERRIDES: dict[str, str] = {
    "код": EVENT_ID,
    "id": EVENT_ID,
    "наименование": TITLE,
    "название": TITLE,
    "тип": EVENT_TYPE,
    "код центра": CENTER_ID,
}

VALUE_ALIASES: dict[str, dict[str, str]] = {
    KIND: {
        "филиал": KIND_BRANCH,
        "branch": KIND_BRANCH,
        "региональный центр": KIND_REGIONAL,
        "региональный центр президентской библиотеки": KIND_REGIONAL,
        "regional center": KIND_REGIONAL,
        "regional centre": KIND_REGIONAL,
        "цуд": KIND_RAC,
        "центр удаленного доступа": KIND_RAC,
        "remote access center": KIND_RAC,
        "remote access centre": KIND_RAC,
        "rac": KIND_RAC,
        "зарубежный центр": KIND_FOREIGN,
        "зарубежный цуд": KIND_FOREIGN,
        "foreign center": KIND_FOREIGN,
        "foreign centre": KIND_FOREIGN,
    },
    NETWORK: {
        "россия": DOMESTIC,
        "рф": DOMESTIC,
        "российская сеть": DOMESTIC,
        "региональная сеть": DOMESTIC,
        "внутренняя": DOMESTIC,
        "russia": DOMESTIC,
        "зарубежная сеть": FOREIGN,
        "зарубежная": FOREIGN,
        "зарубежье": FOREIGN,
        "abroad": FOREIGN,
    },
    HOST_TYPE: {
        "областная библиотека": "regional_library",
        "региональная библиотека": "regional_library",
        "regional library": "regional_library",
        "муниципальная библиотека": "municipal_library",
        "municipal library": "municipal_library",
        "школа": "school",
        "колледж или вуз": "college_or_university",
        "колледж": "college_or_university",
        "вуз": "college_or_university",
        "университет": "college_or_university",
        "college or university": "college_or_university",
        "university": "college_or_university",
        "музей или архив": "museum_or_archive",
        "музей": "museum_or_archive",
        "архив": "museum_or_archive",
        "museum or archive": "museum_or_archive",
        "рцнк": "russian_center_of_science_and_culture",
        "российский центр науки и культуры": "russian_center_of_science_and_culture",
        "russian center of science and culture": "russian_center_of_science_and_culture",
        "национальная библиотека": "national_library",
        "national library": "national_library",
        "другое": "other",
        "иное": "other",
    },
    EVENT_TYPE: {
        "квест": "quest",
        "видеоконференция": "videoconference",
        "лекция": "lecture",
        "видеолекция": "lecture",
        "открытый урок": "open_lesson",
        "open lesson": "open_lesson",
        "конкурс": "contest",
        "олимпиада": "contest",
        "выставка": "exhibition",
        "фестиваль": "festival",
        "трансляция": "broadcast",
        "совещание": "meeting",
        "встреча": "meeting",
        "открытие": "opening",
        "отчет": "report",
        "соглашение": "agreement",
        "урок": "open_lesson",
        "другое": "other",
        "event": "other",
        "мероприятие": "other",
    },
}

# --- the registry as staff files write it (the export, which the importer reads back) ----
# Headers per table and language: Russian as the library's spreadsheets name the columns,
# English as the canonical names. Every Russian header is one of HEADER_ALIASES (or an
# events override), so an exported file imports unchanged.
EXPORT_HEADERS_RU: dict[str, dict[str, str]] = {
    TABLE_CENTERS: {
        CENTER_ID: "Код",
        NAME: "Наименование",
        KIND: "Тип",
        NETWORK: "Сеть",
        COUNTRY: "Страна",
        REGION_CODE: "Субъект РФ",
        CITY: "Населённый пункт",
        HOST: "Учреждение",
        HOST_TYPE: "Тип учреждения",
        ADDRESS: "Адрес",
        LAT: "Широта",
        LON: "Долгота",
        OPENED_ON: "Дата открытия",
        CLOSED_ON: "Дата закрытия",
        SOURCE: "Источник",
        NOTE: "Примечание",
    },
    TABLE_EVENTS: {
        EVENT_ID: "Код",
        DATE: "Дата",
        END_DATE: "Дата окончания",
        TITLE: "Название",
        EVENT_TYPE: "Тип",
        CENTER_ID: "Код центра",
        NETWORK: "Сеть",
        COUNTRY: "Страна",
        REGION_CODE: "Субъект РФ",
        CITY: "Населённый пункт",
        PARTICIPANTS: "Число участников",
        URL: "Ссылка",
        SOURCE: "Источник",
        NOTE: "Примечание",
    },
}
# The coded columns and the codes each allows (a file writes them as codes or in words:
# the export writes the Russian labels, each of which VALUE_ALIASES reads back).
CHOICES: dict[str, tuple[str, ...]] = {
    KIND: KINDS,
    NETWORK: NETWORKS,
    HOST_TYPE: HOST_TYPES,
    EVENT_TYPE: EVENT_TYPES,
}
