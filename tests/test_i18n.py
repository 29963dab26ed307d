"""Both languages for every label, number, date and count, done by Babel from CLDR data."""

import re
from datetime import date
from pathlib import Path

import pytest

from rcnet_data.core import columns
from rcnet_data.presentation import i18n
from tests.conftest import PROJECT_ROOT

COUNTS = (0, 1, 2, 5, 11, 21, 22, 25, 101)
# What a Russian reader expects after each count: «центр» declines by the last digits.
CENTER_FORMS = {
    0: "центров",
    1: "центр",
    2: "центра",
    5: "центров",
    11: "центров",
    21: "центр",
    22: "центра",
    25: "центров",
    101: "центр",
}


def placeholders(text) -> list[str]:
    texts = text.values() if isinstance(text, dict) else [text]
    return sorted({name for value in texts for name in re.findall(r"{(\w+)", value)})


def test_every_label_has_both_languages():
    for key, (en, ru) in ((k, (i18n.TEXTS["en"][k], i18n.TEXTS["ru"][k])) for k in i18n.TEXTS["en"]):
        assert en and ru, key
        # Placeholders must match, or a formatted sentence loses its figure in one language.
        assert placeholders(en) == placeholders(ru), key
        if isinstance(ru, dict):  # a counted label has every Russian plural form, and English one/other
            assert {"one", "few", "many", "other"} <= set(ru), key
            assert {"one", "other"} <= set(en), key


@pytest.mark.parametrize("codes", [columns.KINDS, columns.NETWORKS, columns.HOST_TYPES, columns.EVENT_TYPES])
def test_every_code_has_a_label(codes):
    for code in codes:
        assert code in i18n.TEXTS["en"] and code in i18n.TEXTS["ru"], code
        assert i18n.t(code, "ru") != i18n.t(code, "en") or code == "other"


@pytest.mark.parametrize("n", COUNTS)
def test_every_counted_message_through_the_plural_forms(n):
    """Each message that takes a count, in both languages, for 0, 1, 2, 5, 11, 21, 22, 25, 101:
    the Russian form follows CLDR's rule for that number, the English one/other."""
    expected_ru = {1: "one", 21: "one", 101: "one", 2: "few", 22: "few"}.get(n, "many")
    counted = [key for key, en in i18n.TEXTS["en"].items() if isinstance(en, dict)]
    assert len(counted) >= 12
    for key in counted:
        values = {name: "X" for name in placeholders(i18n.TEXTS["en"][key]) if name != "n"}
        for lang, category in (("ru", expected_ru), ("en", "one" if n == 1 else "other")):
            text = i18n.t(key, lang, n=n, **values)
            assert i18n.plural_category(n, lang) == category
            assert text == i18n.TEXTS[lang][key][category].format(n=i18n.fmt_int(n, lang), **values), key
            assert "{" not in text and str(n) in text.replace("\u00a0", ""), (key, text)
    assert i18n.counted("n_centers", n, "ru") == f"{n} {CENTER_FORMS[n]}"
    assert i18n.counted("n_centers", n, "en") == f"{n} center" + ("" if n == 1 else "s")


def test_numbers():
    assert i18n.fmt_int(1749, "en") == "1,749"
    assert i18n.fmt_int(1749, "ru") == "1\u00a0749"
    assert i18n.fmt_float(12.5, "ru") == "12,5" and i18n.fmt_float(12.5, "en") == "12.5"
    assert i18n.fmt_fixed(1.225, "ru", 2) in ("1,23", "1,22") and i18n.fmt_fixed(0.5, "en", 2) == "0.50"
    assert i18n.fmt_float(12345.5, "en", 1) == "12,345.5"
    assert i18n.fmt_percent(0.457, "ru") == "45,7\u00a0%" and i18n.fmt_percent(0.457, "en") == "45.7%"
    assert i18n.fmt_signed(-6, "ru") == "-6" and i18n.fmt_signed(3, "en") == "+3"
    assert i18n.plotly_separators("ru") == ",\u00a0" and i18n.plotly_separators("en") == ".,"
    assert i18n.fmt_int(None, "ru") == "—"


def test_dates():
    day = date(2024, 5, 16)
    assert i18n.fmt_date(day, "ru") == "16 мая 2024"
    assert i18n.fmt_date(day, "en") == "16 May 2024"
    assert i18n.fmt_date(day, "ru", short=True) == "16.05.2024"
    assert i18n.fmt_month(date(2031, 10, 1), "ru") == "окт. 2031"
    assert i18n.fmt_month(date(2031, 10, 1), "en") == "Oct 2031"


def test_names():
    assert i18n.region_name("RU-PNZ", "ru") == "Пензенская область"
    assert i18n.region_name("RU-PNZ", "en") == "Penza Oblast"
    assert i18n.country_name("CN", "ru") == "Китай"
    assert i18n.district_name("VFD", "ru", short=True) == "ПФО"
    # Towns are stored in Russian; English comes from the gazetteer, and either way round works.
    assert i18n.town_name("RU-PNZ", "Кузнецк", "en") == "Kuznetsk"
    assert i18n.town_name("RU-PNZ", "Kuznetsk", "ru") == "Кузнецк"
    assert i18n.city_name("LA", "Вьентьян", "en") == "Vientiane"
    assert i18n.city_name("US", "Вашингтон", "en") == "Washington"
    assert i18n.town_name("RU-PNZ", "Нигде", "en") == "Нигде"  # unknown: shown as stored


def test_region_abbreviations_are_distinct_and_vologda_is_not_volgograd():
    from rcnet_data.core import reference as ref

    short = ref.regions()["short_ru"]
    assert short.is_unique
    assert short["RU-VLG"].startswith("Волог") and short["RU-VGG"].startswith("Волгр")


def test_every_check_message_exists_in_both_languages():
    from rcnet_data.core.messages import MESSAGES

    for code, (english, russian) in MESSAGES.items():
        assert english and re.search("[а-яё]", russian), code
        # The same values fill both (Russian may use the _ru twin of an _en value).
        names_en = {n.replace("_en", "") for n in re.findall(r"{(\w+)", english)}
        names_ru = {n.replace("_ru", "") for n in re.findall(r"{(\w+)", russian)}
        assert names_en == names_ru, code


# Hand-made formatting that Babel replaces: thousands separators swapped in, month tables,
# strftime with month names, ",.Nf" format specs.
HAND_MADE = [
    re.compile(r"""\.replace\(\s*["'],["']\s*,\s*(NBSP|["']\\u00a0["']|["'] ["'])"""),
    re.compile(r"""["']янв["']|["']января["']|["']January["']"""),
    re.compile(r"""strftime\([^)]*%[bB]"""),
    re.compile(r"""(?<!%)\{[^{}:]*:,(\.\d+f|d)?\}"""),  # Python's f"{x:,}"; plotly's %{y:,d} uses Babel's separators
]


def test_no_hand_made_number_or_date_formatting():
    """Every number and date the app shows goes through Babel (rcnet_data/presentation/i18n.py)."""
    sources = [
        *(PROJECT_ROOT / "rcnet_data").rglob("*.py"),
        *(PROJECT_ROOT / "app_pages").glob("*.py"),
        PROJECT_ROOT / "dashboard.py",
    ]
    offences = []
    for path in sources:
        for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
            if any(pattern.search(line) for pattern in HAND_MADE):
                offences.append(f"{path.relative_to(PROJECT_ROOT)}:{number}: {line.strip()}")
    assert not offences, offences


@pytest.mark.parametrize(
    "month, expected",
    [
        (1, "в январе 2030 г."),
        (3, "в марте 2030 г."),
        (5, "в мае 2030 г."),
        (8, "в августе 2030 г."),
        (12, "в декабре 2030 г."),
    ],
)
def test_a_month_in_a_sentence_takes_the_case_the_sentence_needs(month, expected):
    # CLDR puts a narrow no-break space before «г.».
    assert i18n.fmt_in_month(date(2030, month, 15), "ru").replace("\u202f", " ") == expected
    assert i18n.fmt_month_long(date(2030, month, 15), "ru").replace("\u202f", " ").endswith(" 2030 г.")
    assert i18n.fmt_in_month(date(2030, 3, 1), "en") == "in March 2030"
