"""One harness for every artefact a user takes away: for a set of dates (31 December of
past years, a published figure's date, today) and regions (Penza, Tyumen, Yakutia, Moscow,
Chukotka), the numbers each artefact shows are read back from it and compared with a count
made here, independently, from the registry's tables and the reference files:

- page metrics and table cells (AppTest), the CSV and XLSX downloads of a table;
- the command line: summary, plan, report (its PDF's text) and deck;
- the overview deck (python-pptx: the first slide's text, the growth chart's data);
- the region report's PDF (its text);
- the time-lapse's frames (the drawn text in Chromium is checked in tests/browser);
- what changed between two days: the page's cards, the command's JSON, the digest's PDF
  and PPTX.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta

import numpy as np
import openpyxl
import pandas as pd
import pytest
from pptx import Presentation
from pypdf import PdfReader

from rcnet_data import cli
from rcnet_data.core import analytics
from rcnet_data.presentation import exports, figures, i18n, views
from tests.conftest import PROJECT_ROOT, run_app

pytestmark = pytest.mark.usefixtures("fresh_caches")

TODAY = date.today()
DATES = [date(2018, 12, 31), date(2021, 12, 31), date(2024, 5, 16), TODAY]
REGIONS = ["RU-PNZ", "RU-TYU", "RU-SA", "RU-MOW", "RU-CHU"]
REFERENCE = PROJECT_ROOT / "data" / "reference"


# --- the independent count ------------------------------------------------------------------
def open_on(centers: pd.DataFrame, day: date) -> pd.DataFrame:
    stamp = pd.Timestamp(day)
    return centers[(centers["opened_on"] <= stamp) & ~(centers["closed_on"] <= stamp)]


def population() -> pd.Series:
    return pd.read_csv(REFERENCE / "regions.csv", index_col="code")["population"]


def expected_network(reg, day: date) -> dict:
    current = open_on(reg.centers, day)
    domestic, foreign = current[current["network"] == "domestic"], current[current["network"] == "foreign"]
    return {
        "domestic_centers": len(domestic),
        "foreign_centers": len(foreign),
        "countries": foreign["country"].nunique(),
        "regions_covered": domestic["region_code"].nunique(),
        "events": int((reg.events["date"] <= pd.Timestamp(day)).sum()),
    }


def expected_region(reg, code: str, day: date) -> dict:
    """A region on a day: centers open, per 100,000 residents, its rank by centers, and the
    events of the 12 months up to the day."""
    current = open_on(reg.centers, day)
    domestic = current[current["network"] == "domestic"]
    per_region = domestic.groupby("region_code").size().reindex(population().index, fill_value=0)
    start = pd.Timestamp(day) - pd.DateOffset(years=1)
    events = reg.events[
        (reg.events["region_code"] == code) & (reg.events["date"] >= start) & (reg.events["date"] <= pd.Timestamp(day))
    ]
    return {
        "centers": int(per_region[code]),
        "per_100k": per_region[code] / population()[code] * 100_000,
        "rank": int((per_region > per_region[code]).sum()) + 1,
        "events": len(events),
    }


def covered_residents(reg, code: str, day: date, km: float) -> int:
    """Residents of the region's towns within `km` (great circle) of a center open that day."""
    towns = pd.read_csv(REFERENCE / "towns.csv")
    towns = towns[towns["region_code"] == code]
    current = open_on(reg.centers, day)
    points = current[(current["network"] == "domestic")].dropna(subset=["lat", "lon"])
    lat1, lon1 = np.radians(towns["lat"].to_numpy())[:, None], np.radians(towns["lon"].to_numpy())[:, None]
    lat2, lon2 = np.radians(points["lat"].to_numpy())[None, :], np.radians(points["lon"].to_numpy())[None, :]
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    distance = 2 * 6371.0088 * np.arcsin(np.sqrt(a))
    return int(towns["population"].to_numpy()[(distance <= km).any(axis=1)].sum())


def expected_changes(reg, since: date, until: date, region: str = "") -> dict:
    """A period's figures: the days after `since` up to and including `until`; open = opened
    on or before the day and not closed by its end; a region "quiet" when it has a center
    open at the end and no event in the period."""
    s, u = pd.Timestamp(since), pd.Timestamp(until)
    c, e = reg.centers, reg.events
    if region:
        c, e = c[c["region_code"] == region], e[e["region_code"] == region]
    opened = c[(c["opened_on"] > s) & (c["opened_on"] <= u)]
    closed = c[(c["closed_on"] > s) & (c["closed_on"] <= u)]
    events = e[(e["date"] > s) & (e["date"] <= u)]
    open_after = open_on(reg.centers, until)
    with_center = set(open_after.loc[open_after["network"] == "domestic", "region_code"])
    quiet = with_center - set(events.loc[events["network"] == "domestic", "region_code"])
    if region:
        quiet &= {region}
    return {
        "opened": len(opened),
        "closed": len(closed),
        "events": len(events),
        "quiet": len(quiet),
        "opened_regions": opened.loc[opened["network"] == "domestic", "region_code"].nunique(),
        "quiet_codes": quiet,
        "opened_ids": set(opened["center_id"]),
        "closed_ids": set(closed["center_id"]),
    }


def open_in_region(reg, code: str, day: date) -> int:
    current = open_on(reg.centers, day)
    return int((current["region_code"] == code).sum())


def as_number(text: str) -> float:
    return float(text.replace("\u00a0", "").replace(" ", "").replace(",", ".").rstrip("%"))


# --- pages ------------------------------------------------------------------------------------
@pytest.mark.parametrize("day", DATES, ids=str)
def test_overview_metrics(bundled, day):
    app = run_app(as_of=day.isoformat(), lang="ru")
    shown = {m.label: m.value for m in app.metric}
    expected = expected_network(bundled, day)
    assert as_number(shown["Центров в России"]) == expected["domestic_centers"]
    assert as_number(shown["Центров за рубежом"]) == expected["foreign_centers"]
    assert as_number(shown["Стран"]) == expected["countries"]
    assert shown["Регионов с центрами"] == f"{expected['regions_covered']} из 85"


@pytest.mark.parametrize("day", [DATES[0], DATES[2], TODAY], ids=str)
@pytest.mark.parametrize("code", REGIONS)
def test_region_page_metrics(bundled, code, day):
    app = run_app("region", region=code, as_of=day.isoformat(), lang="ru")
    shown = {m.label: m.value for m in app.metric}
    expected = expected_region(bundled, code, day)
    assert as_number(shown["Центры"]) == expected["centers"]
    assert shown["Место"] == (f"{expected['rank']} из 85" if expected["centers"] else "—")
    assert shown["На 100 тыс. жителей"] == f"{expected['per_100k']:.1f}".replace(".", ",")
    assert as_number(shown["Мероприятия за период"]) == expected["events"]
    # The centers table lists every open center of the region.
    [centers] = [f.value for f in app.dataframe if i18n.t("name", "ru") in f.value.columns] or [pd.DataFrame()]
    assert len(centers) == expected["centers"]


@pytest.mark.parametrize("day", [DATES[1], TODAY], ids=str)
def test_domestic_table_and_its_downloads(bundled, day):
    start = (pd.Timestamp(day) - pd.DateOffset(years=1)).date()
    app = run_app("domestic", as_of=day.isoformat(), lang="ru")
    [table] = [f.value for f in app.dataframe if "Регион" in f.value.columns and "Центры" in f.value.columns]
    display = views.coverage_display(bundled, day, start, day, 50, "", "ru")
    pd.testing.assert_frame_equal(
        table.reset_index(drop=True), display.reset_index(drop=True)
    )  # the page shows what it downloads
    names = dict(
        zip(
            pd.read_csv(REFERENCE / "regions.csv")["code"],
            pd.read_csv(REFERENCE / "regions.csv")["name_ru"],
            strict=True,
        )
    )
    rows = list(csv.reader(io.StringIO(exports.to_csv_bytes(display, "ru").decode("utf-8-sig")), delimiter=";"))
    header, body = rows[0], {row[0]: row for row in rows[1:]}
    book = openpyxl.load_workbook(io.BytesIO(exports.to_xlsx_bytes(display, "t")))
    sheet = {row[0].value: row for row in book.active.iter_rows(min_row=2)}
    for code in REGIONS:
        expected = expected_region(bundled, code, day)
        name = names[code]
        assert int(body[name][header.index("Центры")]) == expected["centers"]
        assert body[name][header.index("Центров на 100 000 жителей")] == f"{expected['per_100k']:.1f}".replace(".", ",")
        assert sheet[name][header.index("Центры")].value == expected["centers"]
        assert sheet[name][header.index("Центров на 100 000 жителей")].value == pytest.approx(
            expected["per_100k"], abs=0.05
        )


# --- the command line -------------------------------------------------------------------------
def run(capsys, *argv) -> str:
    assert cli.main([str(a) for a in argv]) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("day", DATES, ids=str)
def test_cli_summary(bundled, capsys, day):
    assert json.loads(run(capsys, "summary", "--as-of", day, "--json")) == {
        "as_of": day.isoformat(),
        **expected_network(bundled, day),
    }


@pytest.mark.parametrize("code", ["RU-PNZ", "RU-CHU"])
def test_cli_plan_starts_from_the_residents_already_within_reach(bundled, capsys, code):
    plan = json.loads(run(capsys, "plan", "--region", code, "--km", 50, "--as-of", "2024-05-16", "--json"))
    assert plan["population"] == int(population()[code])
    covered = covered_residents(bundled, code, date(2024, 5, 16), 50)
    if plan["sites"]:
        assert plan["covered_before"] == covered
        assert plan["sites"][0]["covered"] == covered + plan["sites"][0]["gained"]


def pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).replace("\xa0", " ")


@pytest.mark.parametrize("code", ["RU-PNZ", "RU-CHU"])
def test_cli_report_pdf_tells_the_regions_numbers(bundled, capsys, tmp_path, code):
    day = date(2024, 5, 16)
    cli.main(["report", "--region", code, "--out", str(tmp_path), "--as-of", day.isoformat(), "--format", "pdf"])
    capsys.readouterr()
    text = pdf_text((tmp_path / f"rcnet-{code}-{day.isoformat()}-ru.pdf").read_bytes())
    expected = expected_region(bundled, code, day)
    assert f"Центры {expected['centers']}" in text
    if expected["centers"]:
        assert f"Место {expected['rank']} из 85" in text
    assert f"{expected['per_100k']:.1f}".replace(".", ",") in text
    assert f"Мероприятия за период {expected['events']}" in text
    share = covered_residents(bundled, code, day, 50) / population()[code]
    assert f"{share * 100:.1f}".replace(".", ",") + " %" in text


@pytest.mark.parametrize("day", [DATES[0], DATES[2], TODAY], ids=str)
def test_cli_deck_is_the_overview_deck_and_tells_the_year_end_counts(bundled, capsys, tmp_path, day):
    written = run(capsys, "deck", "--as-of", day, "--out", tmp_path).strip()
    data = (tmp_path / exports.deck_file_name(day, "ru")).read_bytes()
    assert written.endswith(exports.deck_file_name(day, "ru"))
    deck = Presentation(io.BytesIO(data))
    first = " ".join(s.text_frame.text for s in deck.slides[0].shapes if s.has_text_frame)
    expected = expected_network(bundled, day)
    assert f"{i18n.fmt_int(expected['domestic_centers'], 'ru')}\nЦентров в России" in "\n".join(
        s.text_frame.text for s in deck.slides[0].shapes if s.has_text_frame
    )
    assert f"{expected['regions_covered']} из 85" in first
    [chart] = [s.chart for s in deck.slides[1].shapes if s.has_chart]
    for series, column in zip(list(chart.series)[:2], ("domestic_centers", "foreign_centers"), strict=True):
        xs = [float(v) for v in series._element.xpath("./c:xVal//c:v/text()")]
        ys = [float(v) for v in series._element.xpath("./c:yVal//c:v/text()")]
        days = [pd.Timestamp(y, 12, 31).date() for y in range(2009, day.year)] + [day]
        assert xs == [exports.excel_day(d) for d in days]
        assert ys == [expected_network(bundled, d)[column] for d in days]
    notes = deck.slides[1].notes_slide.notes_text_frame.text
    assert "на 31 декабря каждого года" in notes and i18n.fmt_date(day, "ru") in notes
    # The same file as the Overview page's button builds.
    again = Presentation(io.BytesIO(exports.overview_deck(bundled, day, "ru")))
    assert [[s.text_frame.text for s in slide.shapes if s.has_text_frame] for slide in again.slides] == [
        [s.text_frame.text for s in slide.shapes if s.has_text_frame] for slide in deck.slides
    ]


# --- the time-lapse -------------------------------------------------------------------------
def test_timelapse_frames_tell_the_count_of_their_month(bundled):
    monthly = analytics.open_by_region_monthly(bundled.centers, "2009-01-01", TODAY)
    check = views.milestones(bundled)
    figure = figures.timelapse_figure(monthly, check[check["date"] <= TODAY.isoformat()], "ru")
    published = pd.read_csv(PROJECT_ROOT / "data" / "facts" / "published_milestones.csv")
    published = published[published["scope"] == "domestic"]
    for month in ("2010-12-01", "2013-05-01", "2018-12-01", "2024-06-01"):
        position = list(monthly.index).index(pd.Timestamp(month))
        notes = figure["frames"][position]["layout"]["annotations"]
        domestic = open_on(bundled.centers[bundled.centers["network"] == "domestic"], pd.Timestamp(month).date())
        assert i18n.fmt_month(pd.Timestamp(month), "ru") in notes[0]["text"]
        assert i18n.counted("n_centers_in_russia", len(domestic), "ru") in notes[0]["text"]
        passed = published[pd.to_datetime(published["date"]) <= pd.Timestamp(month)]
        if passed.empty:
            assert notes[1]["visible"] is False
        else:
            last = passed.sort_values("date").iloc[-1]
            assert i18n.fmt_int(int(last["value"]), "ru") in notes[1]["text"]
        # Nothing published after the month is shown in it (the bug: «более 1 600» in 2010).
        later = published[pd.to_datetime(published["date"]) > pd.Timestamp(month) + timedelta(days=31)]
        for value in set(later["value"].astype(int)) - set(passed["value"].astype(int)):
            assert f" {i18n.fmt_int(value, 'ru')}" not in notes[1]["text"], (month, value)


# --- what changed between two days -------------------------------------------------------------
CHANGE_PERIODS = [
    (date(2018, 12, 31), date(2021, 12, 31)),
    (date(2024, 4, 16), date(2024, 5, 16)),
    (
        (pd.Timestamp(TODAY) - pd.DateOffset(months=1)).date(),
        TODAY,
    ),
]


@pytest.mark.parametrize(("since", "until"), CHANGE_PERIODS, ids=str)
def test_changes_page_and_json_tell_the_same_counts(bundled, capsys, since, until):
    expected = expected_changes(bundled, since, until)
    app = run_app("changes", lang="ru", as_of=until.isoformat(), meeting="custom", since=since.isoformat())
    cards = {m.label: as_number(m.value) for m in app.metric}
    assert cards == {
        "Открыто центров": expected["opened"],
        "Закрыто центров": expected["closed"],
        "Мероприятий за период": expected["events"],
        "Регионов без мероприятий": expected["quiet"],
    }
    payload = json.loads(run(capsys, "changes", "--since", since, "--until", until, "--json"))
    assert {c["center_id"] for c in payload["opened"]} == expected["opened_ids"]
    assert {c["center_id"] for c in payload["closed"]} == expected["closed_ids"]
    assert payload["events"]["total"] == expected["events"]
    assert {r["region_code"] for r in payload["events"]["regions_without_events"]} == expected["quiet_codes"]
    for code in REGIONS:
        row = next(r for r in payload["regions"] if r["region_code"] == code)
        assert (row["centers_before"], row["centers_after"]) == (
            open_in_region(bundled, code, since),
            open_in_region(bundled, code, until),
        )
    regions_table = next(frame.value for frame in app.dataframe if "Изменение" in frame.value.columns)
    penza = regions_table[regions_table["Регион"] == "Пензенская область"].iloc[0]
    assert penza[f"Центров на {since:%d.%m.%Y}"] == open_in_region(bundled, "RU-PNZ", since)
    assert penza[f"Центров на {until:%d.%m.%Y}"] == open_in_region(bundled, "RU-PNZ", until)


@pytest.mark.slow
def test_changes_digest_pdf_and_pptx_tell_the_same_counts(bundled, capsys, tmp_path):
    since, until = date(2025, 12, 31), date(2026, 11, 30)
    written = run(capsys, "changes", "--since", since, "--until", until, "--out", tmp_path).split()
    expected = expected_changes(bundled, since, until)
    pdf = tmp_path / f"rcnet-changes-{since}-{until}-ru.pdf"
    pptx = tmp_path / f"rcnet-changes-{since}-{until}-ru.pptx"
    assert sorted(written) == sorted([str(pdf), str(pptx)])
    text = " ".join(pdf_text(pdf.read_bytes()).split())
    assert "Что изменилось с 31 декабря 2025" in text
    for label, key in (
        ("Открыто центров", "opened"),
        ("Закрыто центров", "closed"),
        ("Мероприятий за период", "events"),
        ("Регионов без мероприятий", "quiet"),
    ):
        assert f"{label} {expected[key]:,}".replace(",", " ") in text, label
    deck = Presentation(pptx)
    first = "\n".join(shape.text_frame.text for shape in deck.slides[0].shapes if shape.has_text_frame)
    assert first.startswith("Что изменилось с 31 декабря 2025")
    for label, key in (("Открыто центров", "opened"), ("Регионов без мероприятий", "quiet")):
        assert f"{label}: {expected[key]:,}".replace(",", "\u00a0") in first, label
    titles = [slide.shapes.title.text for slide in deck.slides]
    assert titles[2:4] == ["Открытые центры", "Закрытые центры"]
    table = next(shape.table for shape in deck.slides[2].shapes if shape.has_table)
    assert len(table.rows) - 1 == min(10, expected["opened"])
    names = {table.cell(r, 1).text for r in range(1, len(table.rows))}
    assert names <= set(bundled.centers.loc[bundled.centers["center_id"].isin(expected["opened_ids"]), "name"])
