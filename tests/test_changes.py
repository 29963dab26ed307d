"""What changed since the last meeting: the counts of the period against the harness's
independent count (tests/test_artefacts.py, which also reads the digest's PDF and PPTX),
the summary's plurals, the page (AppTest), the command (text, JSON, mail through a local
SMTP server), moves and renames from the import log, the slide, and the search that finds
the page by its name."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pandas as pd
import pytest

from rcnet_data.core import changes as changes_core
from rcnet_data.core import columns
from rcnet_data.core import coverage as cov
from rcnet_data.presentation import digest, filters, slides, views
from rcnet_data.storage import db, importer, startup
from rcnet_data.storage.registry import load_registry_from_database
from tests.conftest import run_cli, set_setting
from tests.test_artefacts import expected_changes as counted
from tests.test_artefacts import open_in_region as open_in
from tests.test_pages import metrics, run_page

pytestmark = pytest.mark.usefixtures("fresh_caches")

PERIODS = [(date(2025, 12, 31), date(2026, 11, 30)), (date(2019, 12, 31), date(2020, 12, 31))]


def found(reg, since: date, until: date, region: str = "", km: int = 50) -> changes_core.Changes:
    return views.changes(reg, since, until, km, region)


# --- the analysis ---------------------------------------------------------------------------
@pytest.mark.parametrize(("since", "until"), PERIODS)
def test_the_period_counts_what_the_registry_holds(bundled, since, until):
    made, expected = found(bundled, since, until), counted(bundled, since, until)
    assert set(made.opened[columns.CENTER_ID]) == expected["opened_ids"]
    assert set(made.closed[columns.CENTER_ID]) == expected["closed_ids"]
    assert made.events_total == expected["events"]
    assert set(made.quiet.index) == expected["quiet_codes"]
    assert made.opened_regions == expected["opened_regions"]
    assert expected["opened"] > 0 and expected["events"] > 0  # the test looks at a period with something in it


@pytest.mark.parametrize(("since", "until"), PERIODS)
def test_each_region_before_plus_opened_minus_closed_is_after(bundled, since, until):
    table = found(bundled, since, until).regions
    for code in ("RU-PNZ", "RU-SVE", "RU-TYU", "RU-CHU", "RU-KGD"):
        assert table.at[code, "centers_before"] == open_in(bundled, code, since)
        assert table.at[code, "centers_after"] == open_in(bundled, code, until)
    made = found(bundled, since, until)
    domestic = made.opened[made.opened[columns.NETWORK] == columns.DOMESTIC]
    gone = made.closed[made.closed[columns.NETWORK] == columns.DOMESTIC]
    net = domestic.groupby(columns.REGION_CODE).size().sub(gone.groupby(columns.REGION_CODE).size(), fill_value=0)
    assert (table["change"] == net.reindex(table.index, fill_value=0)).all()
    # The biggest movers first.
    assert list(table["change"].abs()) == sorted(table["change"].abs(), reverse=True)


def test_ranks_and_reach_before_and_after_are_the_region_tables_of_those_days(bundled):
    since, until = PERIODS[1]
    table = found(bundled, since, until).regions
    reach = views.reach(bundled, 50)
    before = cov.regions_table(bundled.centers, bundled.events, reach, since)
    after = cov.regions_table(bundled.centers, bundled.events, reach, until)
    for code in ("RU-PNZ", "RU-SA", "RU-MOW"):
        assert table.at[code, "rank_before"] == before.at[code, "rank_centers"]
        assert table.at[code, "rank_after"] == after.at[code, "rank_centers"]
        assert table.at[code, "coverage_before"] == before.at[code, "coverage"]
        assert table.at[code, "coverage_after"] == after.at[code, "coverage"]


def test_events_by_region_and_type_and_the_busiest_hosts(bundled):
    since, until = PERIODS[0]
    made = found(bundled, since, until)
    events = bundled.events[
        (bundled.events["date"] > pd.Timestamp(since)) & (bundled.events["date"] <= pd.Timestamp(until))
    ]
    assert made.by_region_type["events"].sum() == len(events)
    sverdlovsk = events[(events["region_code"] == "RU-SVE") & (events["event_type"] == "exhibition")]
    row = made.by_region_type[
        (made.by_region_type[columns.REGION_CODE] == "RU-SVE")
        & (made.by_region_type[columns.EVENT_TYPE] == "exhibition")
    ]
    assert int(row["events"].sum()) == len(sverdlovsk)
    per_center = events[events["center_id"].fillna("") != ""].groupby("center_id").size()
    top = made.busiest_hosts.iloc[0]
    assert top["events"] == per_center.max()
    assert list(made.busiest_hosts["events"]) == sorted(made.busiest_hosts["events"], reverse=True)


def test_one_region_only(bundled):
    since, until = PERIODS[0]
    made, expected = found(bundled, since, until, "RU-SVE"), counted(bundled, since, until, "RU-SVE")
    assert list(made.regions.index) == ["RU-SVE"]
    assert set(made.opened[columns.CENTER_ID]) == expected["opened_ids"]
    assert made.events_total == expected["events"]


def test_published_figures_dated_in_the_period_sit_beside_the_registry(bundled):
    made = found(bundled, date(2024, 1, 1), date(2024, 12, 31))
    assert len(made.milestones) > 0
    assert all("2024-01-02" <= day <= "2024-12-31" for day in made.milestones["date"])
    assert set(made.milestones.columns) >= {"published", "registry", "holds", "source"}
    nothing = found(bundled, date(2026, 11, 1), date(2026, 11, 2))
    assert nothing.milestones.empty


def test_a_period_given_backwards_is_the_same_period(bundled):
    since, until = PERIODS[1]
    assert changes_core.changes_between(
        bundled.centers, bundled.events, views.reach(bundled, 50), until, since
    ).since == pd.Timestamp(since)


# --- words ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("opened", "regions", "expected"),
    [
        (1, 1, "открыт 1 центр в 1 регионе"),
        (2, 2, "открыто 2 центра в 2 регионах"),
        (5, 5, "открыто 5 центров в 5 регионах"),
        (21, 11, "открыт 21 центр в 11 регионах"),
        (23, 21, "открыто 23 центра в 21 регионе"),
    ],
)
def test_the_summary_speaks_russian_with_its_plurals(opened, regions, expected):
    from rcnet_data.presentation.i18n import t

    text = t("changes_opened", "ru", n=opened) + " " + t("changes_in_regions", "ru", n=regions)
    assert text == expected


def test_the_summary_sentence_as_management_reads_it(bundled):
    since, until = PERIODS[0]
    made, expected = found(bundled, since, until), counted(bundled, since, until)
    ru, en = digest.summary(made, "ru")[0], digest.summary(made, "en")[0]
    # The forms these counts take («34 центра», «в 21 регионе», «закрыт 1», «3 региона»).
    counts = tuple(expected[k] for k in ("opened", "opened_regions", "closed", "events", "quiet"))
    assert counts == (34, 21, 1, 1011, 3)
    assert (
        ru
        == "За период открыто 34 центра в 21 регионе; закрыт 1; мероприятий — 1\u00a0011; без мероприятий — 3 региона."
    )
    assert en.startswith(f"In the period, {expected['opened']} centers opened in {expected['opened_regions']} regions;")
    assert f"{expected['quiet']} regions without an event" in en


def test_the_period_text_says_exactly_which_days(bundled):
    made = found(bundled, date(2026, 10, 31), date(2026, 11, 30))
    assert digest.period_text(made, "ru") == (
        "Период: 1 ноября 2026 – 30 ноября 2026. «До» — сеть на конец 31 октября 2026, «после» — на конец 30 ноября 2026."
    )


# --- the filters ----------------------------------------------------------------------------
def test_the_previous_meeting_defaults_to_a_month_ago_and_follows_the_as_of_date():
    chosen = filters.Filters.from_params({"as_of": "2026-03-31"})
    assert chosen.since == date(2026, 2, 28)
    assert filters.Filters.from_params({"as_of": "2026-06-15", "meeting": "quarter"}).since == date(2026, 3, 15)
    assert filters.Filters.from_params({"as_of": "2026-06-15", "meeting": "year_start"}).since == date(2025, 12, 31)
    custom = filters.Filters.from_params({"as_of": "2026-06-15", "meeting": "custom", "since": "2026-05-20"})
    assert custom.since == date(2026, 5, 20)
    later = filters.Filters.from_params({"as_of": "2026-06-15", "meeting": "custom", "since": "2026-09-01"})
    assert later.since == date(2026, 6, 15)  # never after the as-of date
    assert filters.Filters.from_params({"meeting": "someday"}).meeting == "month"


def test_a_meetings_link_names_both_days():
    params = filters.Filters().to_params(("since", "as_of"))
    assert params["as_of"] == date.today().isoformat()
    assert params["since"] == filters.meeting_day("month", date.today()).isoformat()


# --- the page -------------------------------------------------------------------------------
def test_the_page_shows_the_periods_numbers_in_russian(bundled):
    since, until = PERIODS[0]
    app = run_page("changes", lang="ru", as_of=until.isoformat(), meeting="custom", since=since.isoformat())
    expected = counted(bundled, since, until)
    cards = metrics(app)
    assert cards["Открыто центров"] == str(expected["opened"])
    assert cards["Закрыто центров"] == str(expected["closed"])
    assert cards["Мероприятий за период"].replace("\u00a0", "") == str(expected["events"])
    assert cards["Регионов без мероприятий"] == str(expected["quiet"])
    summary = [m.value for m in app.markdown if m.value.startswith("За период")]
    assert len(summary) == 1
    headings = [h.value for h in app.header]
    assert {"Открытые центры", "Закрытые центры", "Регионы с центрами, но без мероприятий за период"} <= set(headings)
    opened = next(frame.value for frame in app.dataframe if "Открыт" in frame.value.columns)
    assert len(opened) == expected["opened"]
    links = [link for link in opened["Страница региона"] if isinstance(link, str)]  # a center abroad has none
    domestic = bundled.centers[bundled.centers["center_id"].isin(expected["opened_ids"])]["network"] == "domestic"
    assert len(links) == domestic.sum() and all(link.startswith("./region?region=RU-") for link in links)
    assert (app.query_params["since"], app.query_params["as_of"]) == (since.isoformat(), until.isoformat())


def test_the_page_in_english_and_with_nothing_in_the_period(bundled):
    app = run_page("changes", lang="en", as_of="2026-11-02", meeting="custom", since="2026-11-01")
    assert metrics(app)["Centers opened"] == str(counted(bundled, date(2026, 11, 1), date(2026, 11, 2))["opened"])
    assert any("None in the period." in i.value for i in app.info) or metrics(app)["Centers opened"] != "0"


def test_the_search_finds_the_page_by_its_name(bundled):
    for query in ("что изменилось", "Изменилось", "what changed"):
        hits = views.search_hits(bundled, query, "ru")
        assert hits.iloc[0]["kind"] == "page" and hits.iloc[0]["page"] == "changes", query
        assert hits.iloc[0]["label"] == "Страница: Что изменилось"
    app = run_page("overview", lang="ru")
    app.text_input(key="rcnet_search").set_value("что изменилось").run()
    hit = next(b for b in app.button if b.label == "Страница: Что изменилось")
    hit.click().run()
    assert app.session_state["rcnet_page"] == "changes"
    assert [title.value for title in app.title] == ["Что изменилось"]


def test_the_slide_says_since_when(bundled):
    number = slides.SLIDES.index("changes") + 1
    assert slides.slide_title(number, "ru", since=date(2026, 11, 1)) == "Что изменилось с 1 ноября 2026"
    cards, sentence, table = slides.changes_slide(bundled, PERIODS[0][0], PERIODS[0][1], 50, "ru")
    expected = counted(bundled, *PERIODS[0])
    assert [card.number for card in cards] == [
        expected["opened"],
        expected["closed"],
        expected["events"],
        expected["quiet"],
    ]
    assert sentence.startswith("За период открыто")
    assert table.count("<tr>") == min(slides.OPENED_ROWS, expected["opened"])
    app = run_page("changes", lang="ru", presenter="1", slide=str(number), as_of="2026-11-30")
    assert any("Что изменилось с 30 октября 2026" in m.value for m in app.markdown)


# --- the command ----------------------------------------------------------------------------
def test_the_command_prints_the_same_numbers_as_json(bundled):
    since, until = PERIODS[0]
    ran = run_cli("changes", "--since", since, "--until", until, "--json")
    assert ran.returncode == 0, ran.stderr
    payload, expected = json.loads(ran.stdout), counted(bundled, since, until)
    assert {c["center_id"] for c in payload["opened"]} == expected["opened_ids"]
    assert {c["center_id"] for c in payload["closed"]} == expected["closed_ids"]
    assert payload["events"]["total"] == expected["events"]
    assert {r["region_code"] for r in payload["events"]["regions_without_events"]} == expected["quiet_codes"]
    penza = next(r for r in payload["regions"] if r["region_code"] == "RU-PNZ")
    assert (penza["centers_before"], penza["centers_after"]) == (
        open_in(bundled, "RU-PNZ", since),
        open_in(bundled, "RU-PNZ", until),
    )
    assert payload["summary"]["ru"].startswith(f"За период открыто {expected['opened']} центр")
    assert set(payload) >= {"opened", "closed", "events", "regions", "milestones", "summary"}


def test_the_command_for_one_region_by_its_name(bundled):
    ran = run_cli(
        "changes", "--since", "2025-12-31", "--until", "2026-11-30", "--region", "Свердловская область", "--json"
    )
    payload = json.loads(ran.stdout)
    assert payload["region"] == "RU-SVE" and [r["region_code"] for r in payload["regions"]] == ["RU-SVE"]
    assert payload["events"]["total"] == counted(bundled, date(2025, 12, 31), date(2026, 11, 30), "RU-SVE")["events"]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--since", "2026-12-01", "--until", "2026-11-01"], "--since 2026-12-01 is after --until 2026-11-01"),
        (["--since", "yesterday"], "not a date"),
        (["--since", "2026-11-01", "--region", "Атлантида"], "Атлантида"),
        (["--since", "2026-11-01", "--mail-to", "nobody"], "not an e-mail address"),
        (["--since", "2026-11-01", "--mail-to", "a@b.c"], "no [smtp] section"),
    ],
)
def test_bad_input_gets_one_sentence_and_writes_nothing(tmp_path, args, says):
    ran = run_cli("changes", *args, "--out", tmp_path / "digest")
    assert ran.returncode == 2
    assert says in ran.stderr
    assert not (tmp_path / "digest").exists()


@pytest.mark.slow
def test_the_digest_goes_by_mail_through_the_librarys_server(bundled, tmp_path, monkeypatch):
    """A local SMTP server (aiosmtpd on loopback) stands for the library's: the message it
    receives has the summary in its text and both files attached."""
    from aiosmtpd.controller import Controller

    received = []

    class Keep:
        async def handle_DATA(self, server, session, envelope):
            received.append(envelope)
            return "250 OK"

    import socket

    with socket.socket() as probe:  # a free port on loopback
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Keep(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        secrets = tmp_path / "secrets.toml"
        secrets.write_text(
            f'[smtp]\nhost = "127.0.0.1"\nport = {port}\nsecurity = "none"\nsender = "rcnet@prlib.example"\n'
        )
        set_setting(monkeypatch, "RCNET_SECRETS_FILE", secrets)
        ran = run_cli(
            "changes",
            "--since",
            "2025-12-31",
            "--until",
            "2026-11-30",
            "--mail-to",
            "board@prlib.example",
            "--mail-to",
            "coordinators@prlib.example",
            "--out",
            tmp_path / "out",
            env={"RCNET_SECRETS_FILE": secrets},
        )
    finally:
        controller.stop()
    assert ran.returncode == 0, ran.stderr
    assert len(received) == 1
    envelope = received[0]
    assert envelope.rcpt_tos == ["board@prlib.example", "coordinators@prlib.example"]
    import email
    from email import policy

    message = email.message_from_bytes(envelope.content, policy=policy.default)
    assert message["Subject"] == "rcnet: Что изменилось с 31 декабря 2025"
    assert message["From"] == "rcnet@prlib.example"
    names = sorted(part.get_filename() for part in message.walk() if part.get_filename())
    assert names == ["rcnet-changes-2025-12-31-2026-11-30-ru.pdf", "rcnet-changes-2025-12-31-2026-11-30-ru.pptx"]
    body = next(part for part in message.walk() if part.get_content_type() == "text/plain").get_content()
    expected = counted(bundled, date(2025, 12, 31), date(2026, 11, 30))
    assert f"За период открыто {expected['opened']} центр" in body


def mail_to_a_server_that_is_down(tmp_path, *more):
    """The November digest (PDF) mailed through a server on a port nobody listens on."""
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('[smtp]\nhost = "127.0.0.1"\nport = 9\nsecurity = "none"\nsender = "rcnet@prlib.example"\n')
    return run_cli(
        "changes",
        *("--since", "2026-11-01", "--until", "2026-11-30", "--format", "pdf", "--mail-to", "board@prlib.example"),
        *more,
        env={"RCNET_SECRETS_FILE": secrets},
    )


def test_a_mail_server_that_is_down_keeps_the_files_and_says_so(tmp_path):
    ran = mail_to_a_server_that_is_down(tmp_path, "--out", tmp_path / "out")
    assert ran.returncode == 1
    assert "the digest is written to" in ran.stderr and "sending it failed" in ran.stderr
    assert len(list((tmp_path / "out").glob("*.pdf"))) == 1


# --- moves and renames from the import log --------------------------------------------------
def test_moves_and_renames_come_from_the_import_log(tmp_path, monkeypatch):
    path = tmp_path / "registry.sqlite3"
    set_setting(monkeypatch, "RCNET_SQLITE_PATH", path)
    engine = startup.open_database(f"sqlite:///{path}")
    centers, _ = db.read_registry_tables(engine, (columns.TABLE_CENTERS,))
    chosen = centers.set_index(columns.CENTER_ID).loc[["PNZ-0001", "PNZ-0002"]].reset_index()
    old_host, old_city = chosen.at[0, columns.HOST], chosen.at[1, columns.CITY]
    chosen.loc[0, columns.HOST] = "Пензенская областная библиотека имени М. Ю. Лермонтова (новое имя)"
    other = centers[(centers[columns.REGION_CODE] == "RU-PNZ") & (centers[columns.CITY] != old_city)].iloc[0]
    for column in (columns.CITY, columns.LAT, columns.LON):
        chosen.loc[1, column] = other[column]
    file = tmp_path / "centers.csv"
    chosen[columns.CENTER_COLUMNS].to_csv(file, index=False, date_format="%Y-%m-%d")
    _, result = importer.import_file(file, columns.TABLE_CENTERS, engine, "anna")
    assert result is not None and result.summary["updated"] == 2
    reg = load_registry_from_database(f"sqlite:///{path}")
    today = date.today()
    made = views.changes(reg, today - timedelta(days=1), today, 50)
    edits = made.edited.set_index(columns.CENTER_ID)
    assert edits.at["PNZ-0001", "change"] == "renamed"
    assert edits.at["PNZ-0001", "before"] == {columns.NAME: chosen.at[0, columns.NAME], columns.HOST: old_host} or (
        edits.at["PNZ-0001", "before"][columns.HOST] == old_host
    )
    assert edits.at["PNZ-0002", "change"] == "moved"
    assert edits.at["PNZ-0002", "before"][columns.CITY] == old_city
    assert edits.at["PNZ-0002", "after"][columns.CITY] == other[columns.CITY]
    assert digest.summary(made, "ru")[1] == "Перемещено центров: 1; переименовано: 1."
    table = digest.edited_table(made, reg.centers, "ru")
    assert set(table["Изменение"]) == {"перемещён", "переименован"}
    # An undone import moved nothing.
    importer.undo_last_import(engine, "anna")
    reg = load_registry_from_database(f"sqlite:///{path}")
    assert views.changes(reg, today - timedelta(days=1), today, 50).edited.empty
    # The same through the command, reading the database.
    ran = run_cli("changes", "--since", today - timedelta(days=1), "--json", "--database", f"sqlite:///{path}")
    assert json.loads(ran.stdout)["moved_or_renamed"] == []


def test_picking_a_day_by_hand_makes_it_another_day(bundled):
    app = run_page("changes", lang="ru", as_of="2026-11-30")
    assert app.selectbox(key="w_meeting").value == "month"
    assert app.date_input(key="w_since").value == date(2026, 10, 30)
    app.date_input(key="w_since").set_value(date(2026, 9, 30)).run()
    assert app.selectbox(key="w_meeting").value == "custom"
    assert app.query_params["since"] == "2026-09-30" and app.query_params["meeting"] == "custom"
    expected = counted(bundled, date(2026, 9, 30), date(2026, 11, 30))
    assert metrics(app)["Открыто центров"] == str(expected["opened"])
    app.selectbox(key="w_meeting").set_value("quarter").run()
    assert app.date_input(key="w_since").value == date(2026, 8, 30)


@pytest.mark.slow
def test_mail_without_a_folder_leaves_no_files_behind(tmp_path):
    """--mail-to alone: the files are made in a folder of their own, sent, and removed."""
    import glob
    import tempfile

    before = set(glob.glob(f"{tempfile.gettempdir()}/rcnet-changes-*"))
    ran = mail_to_a_server_that_is_down(tmp_path)
    assert ran.returncode == 1 and "the digest was not kept (no --out)" in ran.stderr
    assert ran.stdout == ""
    assert set(glob.glob(f"{tempfile.gettempdir()}/rcnet-changes-*")) == before
