"""The benchmark runs end to end at the bundled size (CI's smoke run; no time is asserted:
these machines are shared, and speed is read from docs/benchmarks.md, not from a test)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from benchmarks import bench
from tests.conftest import PROJECT_ROOT

pytestmark = pytest.mark.browser


@pytest.mark.slow
def test_the_benchmark_measures_every_page_at_scale_1(tmp_path):
    out = tmp_path / "bench.json"
    markdown = tmp_path / "bench.md"
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks",
            "--scale",
            "1",
            "--sessions",
            "2",
            "--quick",
            "--json",
            str(out),
            "--markdown",
            str(markdown),
            "--work",
            str(tmp_path / "work"),
        ],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    report = json.loads(out.read_text(encoding="utf-8"))
    (scale,) = report["scales"]
    assert scale["scale"] == 1 and scale["centers"] > 1800 and scale["events"] > 7900
    assert scale["seed"]["sqlite"] > 0 and scale["read"]["parquet_floor"] > 0
    # Where a seed's and a snapshot read's time goes: the steps that take most of it at 1× are
    # found in the profile (a step of a few milliseconds may fall between two samples).
    seed_steps = scale["seed"]["sqlite_profile"]["steps"]
    assert (
        min(seed_steps[step] for step in ("reading the files (CSV)", "checking the events", "inserting the rows")) > 0
    )
    assert scale["read"]["sqlite_snapshot_profile"]["steps"]["reading the snapshot (Parquet)"] > 0
    assert scale["coverage"]["regions"] == 85 and scale["coverage"]["seconds"] > 0
    heavy = report["import"]  # the rejected-heavy file, measured once per run
    assert heavy["rows"] == 100_000 and heavy["rejected"] == 50_000 and heavy["added"] == 50_000
    keys = [key for key, _, _ in bench.PAGES]
    assert list(scale["pages"]["pages"]) == keys
    for key in keys:
        page = scale["pages"]["pages"][key]
        assert page["first"] > 0 and page["warm"] > 0
        visit = scale["browser"]["pages"][key]
        assert visit["drawn"] is not None, (key, visit["error"])  # every chart and map drew
        assert visit["bytes"] > 0
    assert scale["pages"]["pages"]["growth"]["charts"] >= 4 and scale["pages"]["pages"]["region"]["maps"] == 1
    # A new data version as a server meets it: its watch computed the readers' views, then every page ran.
    warmed = scale["pages"]["after_warmup"]
    assert warmed["views"] > 20 and warmed["seconds"] > 0 and list(warmed["pages"]) == keys
    # Both peaks are of the same server process, measured; in a quick run the sessions visit one page
    # while the one session visited them all, so either peak may be the higher one.
    assert min(scale["browser"]["memory_sessions"], scale["browser"]["memory_one_session"]) > 50 * 2**20
    for key in keys:  # the server and the page's renderer worked while each page drew
        used = scale["browser"]["pages"][key]["cpu"]
        assert used["server"] > 0 and used["renderer"] > 0, (key, used)
    text = markdown.read_text(encoding="utf-8")
    assert "## Targets" in text and "| overview |" in text
    assert "Where a page's time goes:" in text
    # The terminal table names every target checked.
    assert "worst warm rerun" in completed.stdout and "server memory" in completed.stdout
    assert "half rejected" in completed.stdout and "coverage of the 85 regions" in completed.stdout


def test_the_reading_of_a_slow_page_names_the_process_that_did_the_work():
    """The slowest page is named with the process that used most CPU while it drew; past its
    target, the sentence says what would meet it."""
    visits = {
        "overview": {"drawn": 2.1, "cpu": {"server": 0.6, "renderer": 2.9, "gpu": 0.6, "browser": 0.8}},
        "region": {"drawn": 9.5, "cpu": {"server": 1.0, "renderer": 5.0, "gpu": 6.9, "browser": 1.2}},
        "data": {"drawn": None, "error": "not drawn", "cpu": {}},
    }
    line, over = [text for text in bench.page_load_reading(visits, 3.0) if text]
    assert over == "Pages drawn in more than 3.0 s: region 9.50 s."
    assert line.startswith("Where a page's time goes: region (9.50 s) used 14.10 s of CPU")
    assert "GPU process" in line and "(6.90 s)" in line and "misses 3.0 s" in line
    (quick,) = [text for text in bench.page_load_reading({"overview": visits["overview"]}, 3.0) if text]
    assert "the page's JavaScript" in quick and "misses" not in quick
    assert bench.page_load_reading({"data": visits["data"]}, 3.0) == []


def test_the_reading_names_every_page_over_its_target_and_what_the_slow_ones_share():
    """Every page past the target is named; when the pages with a map on their first screen
    are the slow ones and every page without one met the target in the same run, the reading
    says the map is what would have to move."""
    cpu = {"server": 0.5, "renderer": 2.0, "gpu": 2.5, "browser": 0.8}
    visits = {key: {"drawn": drawn, "cpu": cpu} for key, drawn in (("region", 5.4), ("growth", 3.2), ("events", 2.4))}
    lines = [text for text in bench.page_load_reading(visits, 3.0, {"region": 1, "growth": 0, "events": 0}) if text]
    assert lines[1].startswith("Pages drawn in more than 3.0 s: region 5.40 s, growth 3.20 s.")
    assert "first screen: region; the slowest page without one drew in 3.20 s (growth)" in lines[1]
    assert "drawn on demand" not in lines[1]  # growth, with no map, missed too: the map is not all of it
    assert "A map is not all of it: growth (3.20 s, no map on its first screen)" in lines[1]
    assert "GPU process" in lines[1].split("A map is not all of it")[1] and "0.20 s less of that work" in lines[1]
    visits["growth"]["drawn"] = 2.9
    lines = [text for text in bench.page_load_reading(visits, 3.0, {"region": 1, "growth": 0, "events": 0}) if text]
    assert lines[1].startswith("Pages drawn in more than 3.0 s: region 5.40 s.") and "drawn on demand" in lines[1]


def test_a_profiles_steps_say_which_would_have_to_give_the_excess():
    """Past its target, the steps are read largest first until they hold the excess: one step
    alone, two between them, or none enough (then no one step is blamed)."""
    steps = {"reading the files": 5.0, "checking": 10.0, "inserting the rows": 12.0, "the rest": 8.0}
    alone = bench.steps_reading(steps, 35.0, 25.0)
    assert alone.startswith("Where it goes (profiled): inserting the rows 12.00 s, checking 10.00 s, the rest 8.00 s")
    assert alone.endswith("What would meet it: 10.00 s less, which inserting the rows alone would have to give.")
    two = bench.steps_reading(steps, 35.0, 20.0)
    assert two.endswith(
        "15.00 s less, which inserting the rows and checking (22.00 s between them) would have to give."
    )
    none = bench.steps_reading(steps, 35.0, 5.0)
    assert "30.00 s less, more than its named steps take (27.00 s)" in none
    assert "What would meet" not in bench.steps_reading(steps, 35.0, 40.0)


def test_a_first_run_is_read_as_views_computed_and_the_rest():
    """The first run after a new data version: the page's views computed (the memo's misses,
    `cached` in views.py, at the first level of the profile) against the rest, scaled to the
    time measured without the profiler."""
    profile = """Duration: 5.000     CPU time: 5.1
Profile at rcnet_data/presentation/ui/frame.py:79
5.0000 growth  app_pages/growth.py:13
|- 3.0000 cached  rcnet_data/presentation/views.py:74
|  `- 2.0000 cached  rcnet_data/presentation/views.py:74
|- 1.0000 cached  rcnet_data/presentation/views.py:74
`- 1.0000 chart  rcnet_data/presentation/ui/components.py:130
"""
    reading = bench.first_run_reading(profile, 6.0, 2.0)
    assert "(5.00 s profiled), 4.00 s is computing the page's views" in reading
    assert "would then take about 1.20 s, within 2.0 s." in reading
    assert "still over 1.0 s" in bench.first_run_reading(profile, 6.0, 1.0)


def test_every_click_over_its_target_is_profiled_and_the_slowest_two_always():
    timed = {"a": 0.9, "b": 3.0, "c": 1.7, "d": 1.2, "e": 1.6}
    assert bench.profiled_clicks(timed, 1.5) == ["b", "c", "e"]
    assert bench.profiled_clicks(timed, 5.0) == ["b", "c"]


def test_every_target_not_met_is_named_with_its_reading_or_the_want_of_one():
    """The results file's list of misses: every ❌ row of the targets table, with where its
    time goes and what would meet it when the run profiled it."""
    report = {
        "scales": [
            {
                "scale": 100,
                "centers": 1,
                "events": 1,
                "seed": {
                    "sqlite": 30.0,
                    "sqlite_profile": {"steps": {"inserting the rows": 15.0, "checking": 9.0, "the rest": 6.0}},
                },
                "read": {"parquet_floor": 0.25, "sqlite_snapshot": 1.0},
                "pages": {"pages": {}},
                "coverage": {},
            }
        ]
    }
    section = bench.not_met_section(report)
    assert section[1] == "## Not met: where the time goes and what would meet it"
    read, seed = section[3:]
    assert seed.startswith("- **seed, SQLite, 100×** (30.00 s; target ≤ 20.0 s): Where it goes (profiled)")
    assert seed.endswith("10.00 s less, which inserting the rows alone would have to give.")
    assert read == (
        "- **registry read, sqlite (snapshot) / Parquet floor, 100×** (4.0×; target ≤ 3.0×): "
        "this run holds no profile of it."
    )
    report["scales"][0]["seed"]["sqlite"] = 19.0
    report["scales"][0]["read"]["sqlite_snapshot"] = 0.5
    assert bench.not_met_section(report) == []


def test_the_first_page_after_a_new_data_version_is_judged_as_a_server_meets_it():
    """The target is read after the server's watch has computed its readers' views; the row
    says how long that took, and a miss is read against the first run without it."""
    page_runs = {"region": {"first": 7.2, "warm": 0.1, "revisit": 0.1, "charts": 2, "maps": 1}}
    report = {
        "scales": [
            {
                "scale": 100,
                "centers": 1,
                "events": 1,
                "seed": {"sqlite": 10.0},
                "read": {},
                "pages": {
                    "pages": page_runs,
                    "after_warmup": {"seconds": 41.5, "views": 180, "pages": {"region": 1.4}},
                },
                "coverage": {},
            }
        ]
    }
    (row,) = [row for row in bench.checks(report) if row[0] == "worst first page after a new data version"]
    assert row[2:] == ("region 1.40 s, after the server's 41.5 s computing 180 views", "≤ 2.0 s", True)
    report["scales"][0]["pages"]["after_warmup"]["pages"]["region"] = 2.6
    (line,) = [line for line in bench.not_met_section(report) if "first page" in line]
    assert "computed the 180 views its readers had asked for in 41.5 s" in line
    assert "took 2.60 s, against 7.20 s without it" in line


def test_a_renderer_swapped_by_a_navigation_does_not_cancel_the_new_ones_work():
    """A navigation may end the page's old renderer and start a new one: the seconds are
    counted per process, so the new renderer's work shows and the old one's lifetime does not
    subtract from it."""
    before = {("server", 1): 10.0, ("renderer", 20): 30.0, ("gpu", 30): 5.0}
    after = {("server", 1): 10.8, ("renderer", 21): 2.5, ("gpu", 30): 6.0}
    assert bench.CpuSeconds.since(before, after) == {"server": 0.8, "renderer": 2.5, "gpu": 1.0, "browser": 0.0}


def test_the_wire_relay_passes_every_byte_and_times_only_the_servers_websocket_bytes():
    """The relay between the browser and the server changes nothing either way, and notes the
    server's chunks on a connection that became a websocket, not on a plain HTTP answer."""
    import socket
    import threading
    import time

    from benchmarks.wire import WireRelay

    listener = socket.create_server(("127.0.0.1", 0))
    answers = [b"HTTP/1.1 101 Switching Protocols\r\n\r\n", b"x" * 300_000]

    def serve() -> None:
        for upgrade in (False, True):
            connection, _ = listener.accept()
            request = connection.recv(1024)
            if upgrade:
                for answer in answers:
                    connection.sendall(answer)
                    time.sleep(0.05)
            else:
                connection.sendall(b"HTTP/1.1 200 OK\r\n\r\n" + request)
            connection.close()

    threading.Thread(target=serve, daemon=True).start()
    relay = WireRelay(f"http://127.0.0.1:{listener.getsockname()[1]}")
    port = int(relay.url.rsplit(":", 1)[1])
    try:
        with socket.create_connection(("127.0.0.1", port)) as plain:
            plain.sendall(b"GET /static/app.js")
            assert _read_all(plain) == b"HTTP/1.1 200 OK\r\n\r\nGET /static/app.js"
        assert relay.sent == []  # a file's bytes are not the server's answer to a click
        started = time.perf_counter()
        with socket.create_connection(("127.0.0.1", port)) as upgraded:
            upgraded.sendall(b"GET /_stcore/stream")
            assert _read_all(upgraded) == b"".join(answers)
        chunks = relay.sent_since(started, time.perf_counter())
        assert sum(size for _, size in chunks) == 300_000
        assert all(started <= at for at, _ in chunks)
    finally:
        relay.close()
        listener.close()


def _read_all(connection) -> bytes:
    data = b""
    while chunk := connection.recv(65536):
        data += chunk
    return data


def test_a_click_whose_server_was_done_early_is_read_as_the_browsers_time():
    """The server sent all in 0.35 s; the page took its last message at 1.40 s and drew at
    2.60 s: the reading puts the time in the browser, not in a server still running."""
    timing = {
        "drawn": 2.60,
        "sent_first": 0.05,
        "sent_last": 0.35,
        "first_message": 0.10,
        "last_message": 1.40,
        "bytes": 1_210_000,
        "main_thread": {"script": 1.30, "style": 0.08, "layout": 0.02},
    }
    lines = bench.click_reading(timing, 1.5, "Duration: 0.180     CPU time: 0.159")
    assert lines[0].startswith("the server: its first byte 0.05 s after the click, its last 0.35 s after (1.21 MB)")
    assert "the browser: 2.25 s more until drawn" in lines[0]
    assert "1.05 s after it was sent" in lines[1]
    assert "the page's script ran 0.18 s" in lines[2]
    assert lines[3] == (
        "1.10 s over the target of 1.5 s; the largest part is the browser's work after the server had sent all "
        "(2.25 s): that is what has to shrink to meet it"
    )
    slow_server = {**timing, "sent_last": 2.0, "last_message": 2.05}
    assert "the largest part is the server's answer (2.00 s)" in bench.click_reading(slow_server, 1.5)[-1]
    assert bench.click_reading({**timing, "sent_first": None, "sent_last": None}, 1.5) == [
        "no byte from the server was seen on the wire after the click"
    ]
