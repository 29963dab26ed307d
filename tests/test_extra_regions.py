"""Subjects the bundled reference does not hold (the Donetsk and Luhansk People's Republics):
rejected, with how to add them, until regions_extra.csv in the registry folder adds them;
then kept, counted, listed and searchable, placed as points, and said to have no boundary
and no population data. The demo and the published totals keep the 85."""

from __future__ import annotations

import csv
import shutil

import pytest
import streamlit as st

from rcnet_data.core import analytics, columns, search
from rcnet_data.core import reference as ref
from rcnet_data.core.validation import validate_file
from rcnet_data.presentation.i18n import t
from rcnet_data.storage.registry import load_registry
from tests.conftest import PROJECT_ROOT, set_setting

EXTRA = [
    {
        "code": "RU-DPR",
        "name_en": "Donetsk People's Republic",
        "name_ru": "Донецкая Народная Республика",
        "short_ru": "ДНР",
        "federal_district": "SFD",
        "capital_en": "Donetsk",
        "capital_ru": "Донецк",
        "capital_lat": "48.0159",
        "capital_lon": "37.8028",
        "aliases": "ДНР;Донецкая республика",
        "population": "",  # optional: unknown here
    },
    {
        "code": "RU-LPR",
        "name_en": "Luhansk People's Republic",
        "name_ru": "Луганская Народная Республика",
        "short_ru": "ЛНР",
        "federal_district": "SFD",
        "capital_en": "Luhansk",
        "capital_ru": "Луганск",
        "capital_lat": "48.574",
        "capital_lon": "39.3078",
        "aliases": "ЛНР",
        "population": "1 300 000".replace(" ", ""),
    },
]
CENTERS = [
    {"center_id": "DPR-0001", "name": "ЦУД — Донецкая республиканская библиотека", "region_code": "ДНР",
     "city": "Донецк", "lat": "48.0030", "lon": "37.8050", "opened_on": "2023-06-12"},
    {"center_id": "DPR-0002", "name": "ЦУД — Макеевская городская библиотека", "region_code": "RU-DPR",
     "city": "Макеевка", "lat": "48.0556", "lon": "37.9611", "opened_on": "2024-03-01"},
    {"center_id": "LPR-0001", "name": "ЦУД — Луганская республиканская библиотека", "region_code": "ЛНР",
     "city": "Луганск", "lat": "", "lon": "", "opened_on": "2024-09-01"},
]  # fmt: skip


def write_centers(path, rows) -> None:
    with path.open("a", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns.CENTER_COLUMNS)
        for row in rows:
            writer.writerow(
                {
                    **dict.fromkeys(columns.CENTER_COLUMNS, ""),
                    "kind": "remote_access_center",
                    "network": "domestic",
                    "country": "RU",
                    "host_type": "regional_library",
                    "source": "staff",
                    **row,
                }
            )


@pytest.fixture
def extra_folder(tmp_path, monkeypatch):
    """A registry folder: the bundled registry, three centers of the two republics, and the
    regions_extra.csv that adds them. The reference is read again before and after."""
    folder = tmp_path / "registry"
    folder.mkdir()
    for name in ("centers.csv", "events.csv"):
        shutil.copy(PROJECT_ROOT / "data" / name, folder / name)
    write_centers(folder / "centers.csv", CENTERS)
    with (folder / "regions_extra.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(EXTRA[0]))
        writer.writeheader()
        writer.writerows(EXTRA)
    set_setting(monkeypatch, "RCNET_DATA_DIR", str(folder))
    set_setting(monkeypatch, "RCNET_SQLITE_PATH", str(tmp_path / "registry.sqlite3"))
    ref.forget()
    st.cache_data.clear()
    yield folder
    monkeypatch.undo()
    ref.forget()


def test_without_the_file_such_rows_are_rejected_with_how_to_add_them(tmp_path):
    path = tmp_path / "centers.csv"
    path.write_text(",".join(columns.CENTER_COLUMNS) + "\n", encoding="utf-8")
    write_centers(path, CENTERS[:1])
    report = validate_file(path, columns.TABLE_CENTERS)
    assert report.valid_rows == 0
    assert "unknown region 'ДНР'" in report.errors[0].message and "regions_extra.csv" in report.errors[0].message
    assert "добавляется в файле regions_extra.csv" in report.errors[0].text("ru")


def test_the_file_makes_the_rows_valid_counted_and_searchable(extra_folder):
    assert ref.extra_region_codes() == {"RU-DPR", "RU-LPR"} and len(ref.regions()) == 87
    assert len(ref.bundled_regions()) == 85
    report = validate_file(extra_folder / "centers.csv", columns.TABLE_CENTERS, limits=False)
    assert not report.errors
    registry = load_registry(extra_folder)
    ours = registry.centers.set_index(columns.CENTER_ID).loc[["DPR-0001", "DPR-0002", "LPR-0001"]]
    assert list(ours[columns.REGION_CODE]) == ["RU-DPR", "RU-DPR", "RU-LPR"]
    assert (ours.loc["LPR-0001", columns.LAT], ours.loc["LPR-0001", columns.LON]) == (48.574, 39.3078)  # its capital
    bundled = load_registry()
    covered = analytics.summary(registry.centers, registry.events, "2026-12-01")["regions_covered"]
    assert covered == analytics.summary(bundled.centers, bundled.events, "2026-12-01")["regions_covered"] + 2
    assert search.find_region("ДНР") == "RU-DPR" and search.find_region("Луганск") == "RU-LPR"
    table = analytics.coverage_by_region(registry.centers, registry.events, "2026-12-01")
    assert table.loc["RU-DPR", "centers"] == 2 and table.loc["RU-DPR", "per_100k"] != table.loc["RU-DPR", "per_100k"]
    assert table.loc["RU-LPR", "per_100k"] == pytest.approx(1 / 1_300_000 * 100_000)


def test_pages_place_them_as_points_and_say_what_is_missing(extra_folder):
    from tests.test_pages import run_page

    domestic = run_page("domestic", lang="ru")
    notes = " ".join(c.value for c in domestic.caption)
    assert "В поставке rcnet нет границ для: Донецкая Народная Республика, Луганская Народная Республика." in notes
    assert "Нет данных о населении для: Донецкая Народная Республика." in notes
    region = run_page("region", lang="ru", region="RU-DPR")
    cards = {m.label.replace("\u00a0", " "): m for m in region.metric}
    assert cards["Центры"].value == "2"
    for label in ("На 100 тыс. жителей", "В пределах 50 км"):  # never a number made of no data
        assert cards[label].value == "н/д" and "нет данных о населении" in cards[label].help
    assert cards["Место"].value == "86 из 87"  # ranked among every region rcnet knows
    deck = region.get("deck_gl_json_chart")[0]
    import json

    layers = {layer["id"]: layer for layer in json.loads(deck.proto.json)["layers"]}
    assert len(layers["centers"]["data"]) == 2  # both centers on the map, as points
    assert not layers["region"]["data"] and not layers["region_fill"]["data"]["features"]  # no boundary: none ships
    assert any("нет границ для: Донецкая Народная Республика" in c.value for c in region.caption)
    # No gazetteer town of theirs: far towns and sites are not counted, never "all within reach".
    assert [i.value for i in region.info].count(t("no_towns_known", "ru")) == 2
    assert not any("находятся в пределах" in s.value for s in region.success)


def test_a_broken_row_of_the_file_is_named_and_the_others_kept(extra_folder):
    with (extra_folder / "regions_extra.csv").open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerow(["DPR", "X", "Икс", "", "", "", "", "", "", "", "много"])
    ref.forget()
    problems = [(p.row, p.column, p.reason) for p in ref.extra_region_problems()]
    assert (4, "code", "not_a_code") in problems
    assert (4, "federal_district", "missing") in problems
    assert (4, "population", "not_a_number") in problems
    assert ref.extra_region_codes() == {"RU-DPR", "RU-LPR"}


def test_the_demo_keeps_the_85(extra_folder):
    from rcnet_data.core.demo import build_demo

    demo = build_demo(1)
    regions = {center[columns.REGION_CODE] for center in demo.centers if center[columns.REGION_CODE]}
    assert regions == set(ref.bundled_regions().index)  # every one of the 85, and none of the extra
