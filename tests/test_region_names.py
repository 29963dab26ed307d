"""Region names as official lists and statistical tables write them: all 85
regions under their Article 65 name, their short name and every variant class, and the
strictness that never takes one region for another."""

import re

import pytest

from rcnet_data.core import reference as ref
from rcnet_data.core.validation import validate_file
from tests.conftest import RUSSIAN_CENTER_HEADERS, write_csv

OFFICIAL = ref.constitution_names()
REGIONS = ref.regions()
CODES = list(REGIONS.index)

# ALA-LC without diacritics: a romanisation other than the BGN/PCGN forms the reference keeps.
ALA = dict(
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
            "i",
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
            "iu",
            "ia",
        ],
    )
)


def romanised(text: str) -> str:
    out = "".join(ALA.get(ch.lower(), ch) if ch.lower() in ALA else ch for ch in text)
    return re.sub(r"\b[a-z]", lambda m: m.group().upper(), out)


def variants(code: str) -> dict[str, str]:
    """One spelling per class that applies to this region."""
    official = OFFICIAL.at[code, "name_ru"]
    short = REGIONS.at[code, "name_ru"]
    found = {
        "official": official,
        "short": short,
        "official_en": OFFICIAL.at[code, "name_en"],
        "romanised": romanised(short),
        "footnote": f"{short} 1)",
        "spaced": f"  {short.upper()}  ",
    }
    if "—" in official:
        found["hyphen_dash"] = official.replace(" — ", "-")
        found["spaced_hyphen"] = official.replace(" — ", " - ")
        found["en_dash"] = official.replace(" — ", " – ")
        found["minus_sign"] = official.replace(" — ", " − ")
        found["without_second_name"] = official.split(" — ")[0]
    if "(" in official:
        found["without_repeat"] = re.sub(r"\s*\(.*\)", "", official)
        found["repeat_unspaced"] = official.replace(" (", "(")
    if short.endswith(" край"):
        found["kr_dot"] = short.replace(" край", " кр.")
        found["kr"] = short.replace(" край", " кр")
    if short.endswith(" область"):
        found["obl"] = short.replace(" область", " обл.")
        found["excluding"] = f"{short} (без автономных округов)"
    if short.startswith("Республика "):
        found["resp"] = short.replace("Республика ", "Респ. ")
    if code in ("RU-MOW", "RU-SPE", "RU-SEV"):
        found["city"] = f"г. {short}"
        found["federal_city"] = f"{short} — город федерального значения"
    return found


CASES = [(code, kind, spelling) for code in CODES for kind, spelling in variants(code).items()]


def test_article_65_lists_the_85_regions_once_in_the_constitutions_order():
    assert len(OFFICIAL) == 85 and set(OFFICIAL.index) == set(CODES)
    assert OFFICIAL["order"].astype(int).tolist() == list(range(1, 86))
    assert OFFICIAL.at["RU-KEM", "name_ru"] == "Кемеровская область — Кузбасс"
    assert OFFICIAL.at["RU-TA", "name_ru"] == "Республика Татарстан (Татарстан)"


@pytest.mark.parametrize(("code", "kind", "spelling"), CASES, ids=[f"{c}-{k}" for c, k, _ in CASES])
def test_every_region_under_every_variant(code, kind, spelling):
    assert ref.region_code(spelling) == code


@pytest.mark.parametrize(
    ("spelling", "code"),
    [
        ("Архангельская область (без Ненецкого автономного округа)", "RU-ARK"),
        ("Архангельская область без автономного округа", "RU-ARK"),
        (
            "Тюменская область (кроме Ханты-Мансийского автономного округа – Югры и Ямало-Ненецкого автономного округа)",
            "RU-TYU",
        ),
        ("Тюменская область без АО", "RU-TYU"),
        ("Ненецкий автономный округ (Архангельская область)", "RU-NEN"),
        ("Ханты-Мансийский автономный округ – Югра (Тюменская область)", "RU-KHM"),
        ("Ямало-Ненецкий автономный округ (Тюменская область)", "RU-YAN"),
        ("в том числе Ямало-Ненецкий автономный округ", "RU-YAN"),
        ("Republic of North Ossetia-Alania", "RU-SE"),
        ("Nizhniy Novgorod Oblast", "RU-NIZ"),
        ("Nizhegorodskaja oblast", "RU-NIZ"),
        ("Khakasiya", "RU-KK"),
        ("Daghestan", "RU-DA"),
        ("Chelyabinskaya oblast", "RU-CHE"),
        ("Cheliabinskaia oblast", "RU-CHE"),
        ("Zabaikalsky Krai", "RU-ZAB"),
        ("Yevreyskaya avtonomnaya oblast", "RU-YEV"),
        ("Evreiskaia avtonomnaia oblast", "RU-YEV"),
        ("Mariy El Republic", "RU-ME"),
        ("Алтайский кр.", "RU-ALT"),
        ("Республика Алтай", "RU-AL"),
    ],
)
def test_statistical_and_romanised_spellings(spelling, code):
    assert ref.region_code(spelling) == code


@pytest.mark.parametrize("spelling", ["Алтай", "Altai", "Altay", "Алтайский"])
def test_altai_alone_is_ambiguous_and_names_both(spelling):
    with pytest.raises(ref.UnknownName) as caught:
        ref.region_code(spelling)
    assert caught.value.ambiguous
    assert set(caught.value.suggestions) == {"Республика Алтай", "Алтайский край"}
    assert "ambiguous" in str(caught.value)


def test_a_region_that_does_not_exist_is_unknown_with_suggestions():
    with pytest.raises(ref.UnknownName) as caught:
        ref.region_code("Северо-Уральская область")
    assert not caught.value.ambiguous
    assert caught.value.suggestions and "Свердловская область" in caught.value.suggestions


def test_no_two_regions_share_a_spelling():
    """Strictness: every spelling the index knows belongs to one region, so folding and
    abbreviations never merge two regions (Moscow and its oblast, the two Nenets okrugs)."""
    index = ref.region_index()
    for code in CODES:
        for spelling in variants(code).values():
            assert ref.region_code(spelling) == code
    assert ref.region_code("Москва") == "RU-MOW" and ref.region_code("Московская обл.") == "RU-MOS"
    assert ref.region_code("Ненецкий АО") == "RU-NEN" and ref.region_code("Ямало-Ненецкий АО") == "RU-YAN"
    assert ref.region_code("Novgorodskaya oblast") == "RU-NGR" and ref.region_code("Nizhegorodskaya oblast") == "RU-NIZ"
    assert len(set(index.exact.values())) == 85


def test_validation_asks_about_an_ambiguous_region(tmp_path, center_row):
    path = write_csv(
        tmp_path / "centers.csv",
        RUSSIAN_CENTER_HEADERS,
        [
            center_row(),
            center_row(Код="T-2", **{"Субъект РФ": "Алтай", "Населённый пункт": "Бийск", "Широта": "", "Долгота": ""}),
            center_row(
                Код="T-3",
                **{
                    "Субъект РФ": "Кемеровская область – Кузбасс",
                    "Населённый пункт": "Кемерово",
                    "Широта": "",
                    "Долгота": "",
                },
            ),
        ],
    )
    report = validate_file(path, "centers")
    [problem] = [p for p in report.problems if p.column == "Субъект РФ"]
    assert problem.row == 3
    assert problem.text("ru") == (
        "неоднозначное название региона «Алтай»: это может быть «Республика Алтай» "
        "или «Алтайский край»; укажите полное название"
    )
