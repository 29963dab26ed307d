"""Validation catches each problem staff files hold, on CSV and XLSX files with Russian headers,
names row (as the spreadsheet shows it), column, value and reason, and keeps valid rows."""

from datetime import date

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from rcnet_data.core.validation import comparable_id, comparable_ids, parse_date, validate_file
from tests.conftest import RUSSIAN_CENTER_HEADERS, write_csv, write_xlsx

TODAY = date(2026, 11, 26)


def problems(report):
    return {(p.row, p.column): p for p in report.errors}


# Each case: the cells to spoil, the column the error must name, words the reason must hold.
CASES = {
    "missing required": ({"Наименование": ""}, "Наименование", "missing required value"),
    "unknown region": ({"Субъект РФ": "Пензенская облость"}, "Субъект РФ", "did you mean 'Пензенская область'"),
    "unknown country": (
        {
            "Сеть": "Зарубежная сеть",
            "Тип": "Зарубежный центр",
            "Страна": "Германя",
            "Субъект РФ": "",
            "Широта": "",
            "Долгота": "",
        },
        "Страна",
        "unknown country",
    ),
    "outside Russia": ({"Широта": "48,85", "Долгота": "2,35"}, "Широта", "in no region of Russia"),
    # Outside the stated region's boundary: the message names the region the point lies in.
    "outside region": ({"Широта": "55.75", "Долгота": "37.62"}, "Широта", "km outside Penza Oblast, in Moscow"),
    "swapped": ({"Широта": "45,018", "Долгота": "53,195"}, "Широта", "swapped"),
    "closing before opening": ({"Дата закрытия": "01.01.2016"}, "Дата закрытия", "closes before it opens"),
    "opening in future": ({"Дата открытия": "01.01.2030"}, "Дата открытия", "in the future"),
    "unknown kind": ({"Тип": "Библиобус"}, "Тип", "unknown kind"),
    "bad date": ({"Дата открытия": "весной 2017"}, "Дата открытия", "not a date"),
    "bad number": ({"Широта": "пятьдесят"}, "Широта", "not a number"),
}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("case", list(CASES))
def test_each_problem_is_caught_with_row_column_value_reason(tmp_path, center_row, fmt, case):
    changes, column, reason = CASES[case]
    rows = [center_row(), center_row(Код="T-2", **changes), center_row(Код="T-3")]
    writer = write_csv if fmt == "csv" else write_xlsx
    path = writer(tmp_path / f"centers.{fmt}", RUSSIAN_CENTER_HEADERS, rows)
    report = validate_file(path, "centers", today=TODAY)
    found = problems(report)
    assert (3, column) in found, [(p.row, p.column, p.message) for p in report.errors]
    problem = found[(3, column)]
    assert reason in problem.message
    assert problem.value == str(changes.get(column, ""))
    assert report.rows == 3 and report.valid_rows == 2  # the other rows are kept
    assert list(report.valid["center_id"]) == ["T-1", "T-3"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_duplicate_id_names_first_row(tmp_path, center_row, fmt):
    writer = write_csv if fmt == "csv" else write_xlsx
    path = writer(tmp_path / f"c.{fmt}", RUSSIAN_CENTER_HEADERS, [center_row(), center_row(), center_row(Код="B")])
    report = validate_file(path, "centers", today=TODAY)
    assert [(p.row, p.column, p.message) for p in report.errors] == [(3, "Код", "duplicate center_id (first in row 2)")]


def test_valid_file_is_typed_and_geocoded(tmp_path, center_row):
    rows = [center_row(), center_row(Код="T-2", Широта="", Долгота="", **{"Населённый пункт": "Кузнецк"})]
    report = validate_file(write_csv(tmp_path / "c.csv", RUSSIAN_CENTER_HEADERS, rows), "centers", today=TODAY)
    assert report.errors == []
    valid = report.valid.set_index("center_id")
    assert valid.loc["T-1", "region_code"] == "RU-PNZ" and valid.loc["T-1", "country"] == "RU"
    assert valid.loc["T-1", "kind"] == "remote_access_center" and valid.loc["T-1", "network"] == "domestic"
    assert valid.loc["T-1", "host_type"] == "municipal_library"
    assert valid.loc["T-1", "lat"] == pytest.approx(53.195)
    assert valid.loc["T-2", "lat"] == pytest.approx(53.12, abs=0.1)  # from the gazetteer
    assert str(valid.loc["T-1", "opened_on"].date()) == "2017-03-15"
    assert valid.loc["T-1", "federal_district"] == "VFD"


def test_foreign_center_needs_no_region(tmp_path, center_row):
    row = center_row(
        Код="F",
        Тип="Зарубежный центр",
        Сеть="Зарубежная сеть",
        Страна="Китай",
        **{"Субъект РФ": "", "Населённый пункт": "Beijing", "Широта": "", "Долгота": ""},
    )
    report = validate_file(write_csv(tmp_path / "c.csv", RUSSIAN_CENTER_HEADERS, [row]), "centers", today=TODAY)
    assert report.errors == []
    assert report.valid.loc[0, "country"] == "CN" and report.valid.loc[0, "lat"] == pytest.approx(39.9, abs=0.1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2018-02-22", date(2018, 2, 22)),
        ("22.02.2018", date(2018, 2, 22)),
        ("43153", date(2018, 2, 22)),
        ("2018-02-22 00:00:00", date(2018, 2, 22)),
    ],
)
def test_date_formats(text, expected):
    assert parse_date(text) == expected


def test_ambiguous_slash_date_is_explained():
    with pytest.raises(ValueError, match="ambiguous"):
        parse_date("03/04/2018")


def test_events_checks(tmp_path):
    header = [
        "Код",
        "Дата",
        "Дата окончания",
        "Заголовок",
        "Тип мероприятия",
        "Сеть",
        "Страна",
        "Субъект РФ",
        "Участники",
        "Ссылка",
    ]
    rows = [
        [
            "E1",
            "15.05.2024",
            "",
            "Квест <b>«Дойти до Берлина»</b>",
            "квест",
            "",
            "",
            "Пензенская обл.",
            "40",
            "https://prlib.ru/x",
        ],
        ["E2", "15.05.2024", "14.05.2024", "Лекция", "лекция", "", "", "Пенза", "", ""],
        ["E3", "15.05.2024", "", "Видеоконференция", "телемост", "", "Китай", "", "", ""],
        ["E4", "15.05.2024", "", "Выставка", "выставка", "", "", "", "-3", "ftp://x"],
    ]
    report = validate_file(write_csv(tmp_path / "events.csv", header, rows), "events")
    messages = {(p.row, p.column): p.message for p in report.errors}
    assert messages[(3, "Дата окончания")] == "ends before it starts"
    assert "unknown event_type" in messages[(4, "Тип мероприятия")]
    # An event may concern the whole country: no region is not an error for events (it is for centers).
    assert (5, "Субъект РФ") not in messages
    assert "whole number" in messages[(5, "Участники")]
    assert "http" in messages[(5, "Ссылка")]
    assert list(report.valid["event_id"]) == ["E1"]
    # Markup in a title is kept as text, never interpreted.
    assert report.valid.loc[0, "title"] == "Квест <b>«Дойти до Берлина»</b>"
    assert report.valid.loc[0, "region_code"] == "RU-PNZ"


def test_messages_in_russian_for_the_data_page(tmp_path, center_row):
    rows = [
        center_row(Код="T-2", **{"Субъект РФ": "Пензенская облость"}),
        center_row(Код="T-3", Широта="45,018", Долгота="53,195"),
    ]
    report = validate_file(write_csv(tmp_path / "c.csv", RUSSIAN_CENTER_HEADERS, rows), "centers", today=TODAY)
    region, swapped = report.errors
    assert (
        region.text("ru")
        == "неизвестный регион «Пензенская облость»; возможно, имелось в виду «Пензенская область», «Ленобласть»?"
        "; субъект, которого нет в справочнике rcnet, добавляется в файле regions_extra.csv в папке реестра "
        "(README: «Regions the bundled reference does not hold»)"
    )
    assert region.text("en") == region.message
    assert "перепутаны" in swapped.text("ru") and "Пензенская область" in swapped.text("ru")


def test_boundary_tolerance_decides_what_is_outside(tmp_path, center_row):
    """A point 3 km beyond Penza Oblast's border passes at the default 5 km and is reported at 1 km."""
    from rcnet_data.core import boundaries

    penza = boundaries.region_shapes()["RU-PNZ"]
    west = min(penza.exterior.coords, key=lambda xy: xy[0])
    lat, lon = west[1], west[0] - 0.045  # about 3 km west of the westernmost vertex
    outside = boundaries.distance_outside_km("RU-PNZ", lat, lon)
    assert 1 < outside < 5
    path = write_csv(
        tmp_path / "centers.csv", RUSSIAN_CENTER_HEADERS, [center_row(Широта=f"{lat:.5f}", Долгота=f"{lon:.5f}")]
    )
    assert validate_file(path, "centers", today=TODAY).errors == []
    from rcnet_data.core.readers import read_table
    from rcnet_data.core.validation import validate_centers

    strict = validate_centers(read_table(path, "centers"), TODAY, tolerance_km=1)
    assert [p.message for p in strict.errors][0].startswith(f"coordinates ({lat:.5f}".rstrip("0"))


@given(
    st.lists(st.text(alphabet=st.characters(codec="ascii"), max_size=12), max_size=20),
    st.lists(st.text(alphabet="aAсС \u00a0\u200bkк", max_size=6), max_size=5),
)
def test_ids_fold_the_same_however_many_and_whatever_script(ascii_ids, mixed_ids):
    """The vectorised fold of ids (used on whole tables) equals the one-by-one fold, for
    plain ASCII tables and for tables with Cyrillic look-alikes and invisible spaces."""
    for ids in (ascii_ids, ascii_ids + mixed_ids):
        series = pd.Series(ids, dtype=object)
        assert comparable_ids(series).tolist() == [comparable_id(value) for value in ids]
