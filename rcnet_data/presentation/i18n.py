"""Russian and English: every label, number, date and count the app shows.

`t(key, lang, **values)` gives a label; a label that counts something has a form per CLDR
plural category and takes the count as `n` («1 центр», «2 центра», «5 центров»; "1 center",
"2 centers"). Numbers and dates are formatted by Babel from CLDR data («1 749», «12,5»,
«16 мая 2024», «окт. 2031»; "1,749", "12.5", "16 May 2024", "Oct 2031"): nothing here
writes a separator or a month name by hand.

Registry text (names, hosts, titles) is shown as stored; towns, regions and countries
come from the reference tables in the reader's language.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache

import pandas as pd
from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.numbers import format_decimal, format_percent, get_decimal_symbol, get_group_symbol

from rcnet_data.core import reference as ref
from rcnet_data.presentation.texts import en as texts_en
from rcnet_data.presentation.texts import ru as texts_ru

LANGS = ("ru", "en")
DEFAULT_LANG = "ru"
LANGUAGE_NAMES = {"ru": "Русский", "en": "English"}
# English dates in day-month-year order ("16 May 2024"), as the library's English pages write them.
BABEL_LOCALES = {"ru": "ru", "en": "en_GB"}
DATE_LONG = "d MMMM y"  # 16 мая 2024 / 16 May 2024
DATE_SHORT = {"ru": "dd.MM.y", "en": "d MMM y"}  # 16.05.2024 / 16 May 2024
MONTH = "LLL y"  # окт. 2031 / Oct 2031 (stand-alone month: the nominative in Russian)
PLOTLY_DATE_INPUT = "DD.MM.YYYY"  # typed dates in Streamlit's pickers, both languages

Plural = dict[str, str]  # CLDR category (one, few, many, other) -> text

# The texts of each language, a module per language in presentation/texts (adding a
# language is adding a module, with the same keys); a counted text is a dict of plural
# categories with the count as {n}.
TEXTS: dict[str, dict[str, str | Plural]] = {"en": texts_en.TEXTS, "ru": texts_ru.TEXTS}


def plural_category(n, lang: str) -> str:
    """The CLDR plural category of a count in a language (ru: one, few, many, other)."""
    return _locale(lang).plural_form(abs(n))


def t(key: str, lang: str, **values) -> str:
    """The label for a key in a language. A key that is not in the table is a mistake in
    the code, never a label to show: it raises KeyError (tests/test_translations.py checks
    that every key the code names exists, in both languages, and that no key is unused).

    A counted label picks its form by the CLDR plural rules for `n`, and shows `n` as the
    language writes numbers."""
    text = TEXTS[lang if lang in TEXTS else DEFAULT_LANG][key]
    if isinstance(text, dict):
        n = values["n"]
        text = text.get(plural_category(n, lang), text["other"])
        values = {**values, "n": fmt_int(n, lang) if float(n).is_integer() else fmt_float(n, lang)}
    return text.format(**values) if values else text


def counted(key: str, n, lang: str) -> str:
    """A count with its noun in the right form: «21 центр», «22 центра», "1 center"."""
    return t(key, lang, n=n)


# --- numbers and dates (Babel, CLDR) ------------------------------------------------------
@cache
def _locale(lang: str) -> Locale:
    return Locale.parse(BABEL_LOCALES.get(lang, BABEL_LOCALES[DEFAULT_LANG]))


def _missing(value) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value))


def fmt_int(value, lang: str) -> str:
    """1 749 (with a no-break space) / 1,749; a dash when unknown."""
    if _missing(value):
        return "—"
    return format_decimal(int(round(float(value))), locale=_locale(lang))


def fmt_float(value, lang: str, digits: int = 1) -> str:
    """12,5 / 12.5: at most `digits` decimals, trailing zeros dropped."""
    if _missing(value):
        return "—"
    pattern = "#,##0" + ("." + "#" * digits if digits else "")
    return format_decimal(float(value), format=pattern, locale=_locale(lang))


def fmt_fixed(value, lang: str, digits: int = 2) -> str:
    """Exactly `digits` decimals (12,50 / 12.50), for columns that line up."""
    if _missing(value):
        return "—"
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(float(value), format=pattern, locale=_locale(lang))


# One format per quantity, used by pages, tables, downloads, slides and reports alike:
# a share as a percentage with one decimal («72,6 %»), centers per 100,000 residents with one
# decimal («12,5»).
SHARE_DIGITS = 1
PER_100K_DIGITS = 1


def fmt_percent(share, lang: str, digits: int = SHARE_DIGITS) -> str:
    """A share of 1 as a percentage in the language's pattern, with exactly `digits`
    decimals: «45,7 %» / "45.7%", «50,0 %»."""
    if _missing(share):
        return "—"
    base = _locale(lang).percent_formats[None].pattern  # «#,##0 %» (ru), "#,##0%" (en)
    pattern = re.sub(r"0(?=[^0#]*%)", "0." + "0" * digits, base, count=1) if digits else base
    return format_percent(float(share), format=pattern, locale=_locale(lang))


def fmt_per_100k(value, lang: str) -> str:
    """Centers per 100,000 residents: «12,5» / "12.5", always one decimal."""
    return fmt_fixed(value, lang, PER_100K_DIGITS)


def fmt_signed(value, lang: str) -> str:
    # ASCII "-": Streamlit's metric reads the delta's first character to pick the arrow.
    sign = "+" if value > 0 else ("-" if value < 0 else "±")
    return sign + fmt_int(abs(value), lang)


def _as_date(value) -> date:
    return value if isinstance(value, date) and not isinstance(value, pd.Timestamp) else pd.Timestamp(value).date()


def fmt_date(value, lang: str, short: bool = False) -> str:
    """16 мая 2024 / 16 May 2024; short: 16.05.2024 / 16 May 2024."""
    if _missing(value):
        return "—"
    pattern = DATE_SHORT.get(lang, DATE_SHORT["ru"]) if short else DATE_LONG
    return format_date(_as_date(value), pattern, locale=_locale(lang))


def fmt_month(value, lang: str) -> str:
    """окт. 2031 / Oct 2031."""
    return format_date(_as_date(value), MONTH, locale=_locale(lang))


MONTH_LONG = "yMMMM"  # CLDR skeleton: «март 2030 г.» / "March 2030"


def _morph():
    """Russian morphology (core.morphology: pymorphy3): CLDR has a month's name only as it
    stands alone (nominative) and as a date writes it (genitive), not in the case «в …» needs."""
    from rcnet_data.core.morphology import analyzer

    return analyzer()


def inflect_ru(word: str, case: str) -> str:
    """A Russian noun in a grammatical case (pymorphy3's tags: "loct" prepositional, "gent"
    genitive…); the word as given when the dictionary cannot inflect it."""
    parsed = _morph().parse(word)
    inflected = parsed[0].inflect({case}) if parsed else None
    return inflected.word if inflected is not None else word


def fmt_month_long(value, lang: str) -> str:
    """март 2030 г. / March 2030 (CLDR's year-and-month format, the month as it stands alone)."""
    return format_skeleton(MONTH_LONG, _as_date(value), locale=_locale(lang))


def fmt_in_month(value, lang: str) -> str:
    """A month as the adverbial «в марте 2030 г.» / "in March 2030": the stand-alone name
    from CLDR, put into the prepositional case."""
    if lang != "ru":
        return "in " + fmt_month_long(value, lang)
    when = _as_date(value)
    nominative = format_date(when, "LLLL", locale=_locale(lang))
    return "в " + fmt_month_long(when, lang).replace(nominative, inflect_ru(nominative, "loct"), 1)


def decimal_mark(lang: str) -> str:
    """The language's decimal mark: «,» in Russian, "." in English."""
    return get_decimal_symbol(_locale(lang))


def plotly_separators(lang: str) -> str:
    """Plotly's layout.separators: the language's decimal mark, then its group separator."""
    return decimal_mark(lang) + get_group_symbol(_locale(lang))


def number_symbols(lang: str) -> tuple[str, str]:
    """(decimal mark, group separator) of a language, for files written for its spreadsheets."""
    return get_decimal_symbol(_locale(lang)), get_group_symbol(_locale(lang))


# --- places from the reference, in the reader's language ----------------------------------
_NAME_TABLES = {"regions": ref.regions, "districts": ref.federal_districts, "countries": ref.countries}


def _names(table: str, column: str) -> dict[str, str]:
    """One column of a reference table as a dict: pickers call a name per option on every
    rerun, and a pandas `.loc` per option cost a page a tenth of a second. Made again when
    the reference is read again (extra regions)."""
    source = _NAME_TABLES[table]
    return ref.derived(("i18n.names", table, column), lambda: source()[column].to_dict(), source)


def _name(table: str, code: str | None, lang: str, short: bool = False) -> str:
    column = ("short_" if short else "name_") + ("ru" if lang == "ru" else "en")
    name = _names(table, column).get(code) if code else None
    return name if name is not None else t("unknown", lang)


def region_names(codes, lang: str, short: bool = False) -> list[str]:
    """`region_name` of many codes at once (a table's column)."""
    return [_name("regions", code, lang, short) for code in codes]


def region_name(code: str | None, lang: str, short: bool = False) -> str:
    return _name("regions", code, lang, short)


def region_pick_label(code: str, lang: str) -> str:
    """A region as a picker offers it, with its capital so that typing the town finds it:
    «Пензенская область — Пенза»; a federal city alone («Москва»). A value that is not a
    code (a name typed into the picker, matched when it is chosen) is shown as typed."""
    capitals = _names("regions", "capital_ru" if lang == "ru" else "capital_en")
    if code not in capitals:
        return str(code)
    name = region_name(code, lang)
    capital = capitals[code]
    return f"{name} — {capital}" if capital and capital not in name else name


def district_name(code: str | None, lang: str, short: bool = False) -> str:
    return _name("districts", code, lang, short)


def country_name(code: str | None, lang: str) -> str:
    return _name("countries", code, lang)


def town_name(region_code: str | None, town: str, lang: str) -> str:
    """A Russian town in the reader's language when the gazetteer knows it; else as stored."""
    return ref.town_in(region_code, town, lang) if region_code else town


def city_name(country: str | None, city: str, lang: str) -> str:
    """A foreign city in the reader's language when the reference knows it; else as stored."""
    return ref.world_city_in(country, city, lang) if country else city


def describe_projection(projection, lang: str) -> str:
    """One sentence on an `analytics.Projection`: when the target is (or was) reached."""
    target = fmt_int(projection.target, lang)
    if projection.reached_on is not None:
        return t("projection_reached", lang, target=target, when=fmt_date(projection.reached_on, lang))
    if projection.expected is None:
        return t("projection_never", lang)
    return t(
        "projection_result",
        lang,
        years=counted("n_years", projection.window_years, lang),
        target=target,
        rate=counted("centers_per_year", round(projection.rate_per_year), lang),
        when=fmt_in_month(projection.expected, lang),
        early=fmt_month_long(projection.earliest, lang) if projection.earliest is not None else "—",
        late=fmt_month_long(projection.latest, lang) if projection.latest is not None else "—",
    )
