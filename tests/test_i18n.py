"""Both languages for every label, number and date format."""

from datetime import date

import pytest

from rcnet_data.core import columns as C
from rcnet_data.presentation import i18n


def test_every_label_has_both_languages():
    for key, (en, ru) in i18n.TEXT.items():
        assert en.strip() and ru.strip(), key
        # Placeholders must match, or a formatted sentence loses its figure in one language.
        assert sorted(part.split("}")[0] for part in en.split("{")[1:]) == sorted(
            part.split("}")[0] for part in ru.split("{")[1:]), key  # fmt: skip


@pytest.mark.parametrize("codes", [C.KINDS, C.NETWORKS, C.HOST_TYPES, C.EVENT_TYPES])
def test_every_code_has_a_label(codes):
    for code in codes:
        assert code in i18n.TEXT, code
        assert i18n.t(code, "ru") != i18n.t(code, "en") or code == "other"


def test_numbers():
    assert i18n.fmt_int(1749, "en") == "1,749"
    assert i18n.fmt_int(1749, "ru") == "1\u00a0749"
    assert i18n.fmt_float(1.225, "ru", 2) in ("1,23", "1,22")
    assert i18n.fmt_float(12345.5, "en", 1) == "12,345.5"
    assert i18n.fmt_signed(-6, "ru") == "-6" and i18n.fmt_signed(3, "en") == "+3"
    assert i18n.plotly_separators("ru") == ", "


def test_dates():
    day = date(2024, 5, 16)
    assert i18n.fmt_date(day, "ru") == "16 мая 2024"
    assert i18n.fmt_date(day, "en") == "16 May 2024"
    assert i18n.fmt_date(day, "ru", short=True) == "16.05.2024"
    assert i18n.fmt_month(day, "ru") == "мая 2024" or i18n.fmt_month(day, "ru") == "май 2024"


def test_names():
    assert i18n.region_name("RU-PNZ", "ru") == "Пензенская область"
    assert i18n.region_name("RU-PNZ", "en") == "Penza Oblast"
    assert i18n.country_name("CN", "ru") == "Китай"
    assert i18n.district_name("VFD", "ru", short=True) == "ПФО"
    assert i18n.town_name("RU-PNZ", "Kuznetsk", "ru") == "Кузнецк"
    assert i18n.town_name("RU-PNZ", "Kuznetsk", "en") == "Kuznetsk"


def test_every_check_message_exists_in_both_languages():
    import re

    from rcnet_data.core.messages import MESSAGES

    for code, (english, russian) in MESSAGES.items():
        assert english and re.search("[а-яё]", russian), code
        # The same values fill both (Russian may use the _ru twin of an _en value).
        names_en = {n.replace("_en", "") for n in re.findall(r"{(\w+)", english)}
        names_ru = {n.replace("_ru", "") for n in re.findall(r"{(\w+)", russian)}
        assert names_en == names_ru, code
