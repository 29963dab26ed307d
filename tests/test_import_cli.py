"""`python -m rcnet_data import` as scripts use it: JSON, exit codes, a kill mid-import, and
two imports at once; on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import sqlalchemy as sa

from rcnet_data.storage import db
from tests.conftest import PROJECT_ROOT, RUSSIAN_CENTER_HEADERS, run_cli, write_csv
from tests.test_database import database, snapshot  # noqa: F401  (the fixture is shared)


def cli(url: str, *args, env: dict | None = None, wait: bool = True, pause: tuple | None = None):
    """The command line: in this process (run_cli), or in its own where a test needs a
    process (`wait=False`: running beside another; `pause` = (marker file, seconds): an import
    that stops before its commit, tests/helpers/paused_import.py, to be killed or raced)."""
    if wait and not pause:
        return run_cli(*args, "--database", url, env=env)
    start = (
        [sys.executable, "-m", "tests.helpers.paused_import", str(pause[0]), str(pause[1])]
        if pause
        else [sys.executable, "-m", "rcnet_data"]
    )
    command = [*start, *args, "--database", url]
    environment = {**os.environ, **(env or {})}
    if not wait:
        return subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
    return subprocess.run(command, cwd=PROJECT_ROOT, env=environment, capture_output=True, text=True, timeout=300)


def url_of(engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def test_import_json_and_exit_codes(database, tmp_path, center_row):  # noqa: F811
    url = url_of(database)
    good = write_csv(tmp_path / "good.csv", RUSSIAN_CENTER_HEADERS, [center_row(Код="G-1")])
    result = cli(url, "import", str(good), "--kind", "centers", "--json", "--user", "anna")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["added"], data["updated"], data["rejected"], data["written"]) == (1, 0, 0, True)

    mixed = write_csv(
        tmp_path / "mixed.csv", RUSSIAN_CENTER_HEADERS, [center_row(Код="G-2"), center_row(Код="G-3", Тип="Библиобус")]
    )
    result = cli(url, "import", str(mixed), "--json")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["added"] == 1 and data["rejected_rows"] == [
        {"row": 3, "reasons": [data["rejected_rows"][0]["reasons"][0]]}
    ]
    assert "unknown kind" in data["rejected_rows"][0]["reasons"][0]

    bad = write_csv(tmp_path / "bad.csv", RUSSIAN_CENTER_HEADERS, [center_row(Код="G-4", **{"Субъект РФ": "Нарния"})])
    result = cli(url, "import", str(bad), "--json")
    assert result.returncode == 2 and json.loads(result.stdout)["written"] is False

    picture = tmp_path / "photo.csv"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = cli(url, "import", str(picture))
    assert result.returncode == 2 and "binary file" in result.stderr and "Traceback" not in result.stderr

    history = json.loads(cli(url, "history", "--json").stdout)
    assert [h["file_name"] for h in history[:2]] == ["mixed.csv", "good.csv"]
    assert cli(url, "undo", "--user", "anna").returncode == 0
    assert "G-2" not in set(snapshot(database)[0]["center_id"])


def big_file(tmp_path, center_row, prefix: str, rows: int = 5000):
    return write_csv(
        tmp_path / f"{prefix}.csv", RUSSIAN_CENTER_HEADERS, [center_row(Код=f"{prefix}-{i}") for i in range(rows)]
    )


def test_killed_import_leaves_the_database_as_it_was(database, tmp_path, center_row):  # noqa: F811
    url = url_of(database)
    before = snapshot(database)
    version = db.current_version(database)
    marker = tmp_path / "started"
    process = cli(url, "import", str(big_file(tmp_path, center_row, "K")), wait=False, pause=(marker, 30))
    deadline = time.time() + 120
    while not marker.exists():
        assert process.poll() is None, process.communicate()
        assert time.time() < deadline, "the import never reached its rows"
        time.sleep(0.1)
    os.kill(process.pid, signal.SIGKILL)  # all 5,000 rows are in the open transaction
    process.wait(timeout=30)
    db.engine_for(url).dispose()
    after = snapshot(database)
    assert len(after[0]) == len(before[0])
    assert not any(after[0]["center_id"].str.startswith("K-"))
    assert db.current_version(database) == version
    assert len(db.import_history(database)) == 2
    # ... and the database is still writable.
    small = write_csv(tmp_path / "after.csv", RUSSIAN_CENTER_HEADERS, [center_row(Код="AFTER-1")])
    assert cli(url, "import", str(small)).returncode == 0


def test_two_imports_at_once_one_winner_nothing_half_written(database, tmp_path, center_row):  # noqa: F811
    url = url_of(database)
    version = db.current_version(database)
    # Each writer holds its transaction for seconds before committing.
    first = cli(
        url, "import", str(big_file(tmp_path, center_row, "A", 3000)), "--json", wait=False, pause=(tmp_path / "a", 3)
    )
    second = cli(
        url, "import", str(big_file(tmp_path, center_row, "B", 3000)), "--json", wait=False, pause=(tmp_path / "b", 3)
    )
    outcomes = sorted([(p.wait(timeout=300), p.communicate()) for p in (first, second)], key=lambda o: o[0])
    (won, (won_out, _)), (lost, (_, lost_err)) = outcomes
    assert (won, lost) == (0, 2), outcomes
    assert "another import was written" in lost_err
    winner = json.loads(won_out)["file"][0]
    ids = snapshot(database)[0]["center_id"]
    loser = "B" if winner == "A" else "A"
    assert ids.str.startswith(f"{winner}-").sum() == 3000
    assert ids.str.startswith(f"{loser}-").sum() == 0
    assert db.current_version(database) == version + 1
    with db.engine_for(url).connect() as connection:
        assert connection.execute(sa.select(sa.func.count()).select_from(db.imports)).scalar() == 3


def test_summary_and_milestones_read_the_database(database, tmp_path, center_row):  # noqa: F811
    url = url_of(database)
    files = json.loads(cli_files("summary", "--as-of", "2024-05-16", "--json").stdout)
    from_db = json.loads(cli(url, "summary", "--as-of", "2024-05-16", "--json").stdout)
    assert from_db == files
    assert cli(url, "milestones", "--json").returncode == 0
    path = write_csv(
        tmp_path / "c.csv", RUSSIAN_CENTER_HEADERS, [center_row(Код="S-1", **{"Дата открытия": "01.01.2024"})]
    )
    assert cli(url, "import", str(path)).returncode == 0
    after = json.loads(cli(url, "summary", "--as-of", "2024-05-16", "--json").stdout)
    assert after["domestic_centers"] == files["domestic_centers"] + 1


def cli_files(*args):
    return run_cli(*args)


def test_an_import_by_a_user_called_like_the_seed_can_be_undone(tmp_path, center_row):
    """The first-run seed is marked by a flag: a user name cannot make an import permanent
    or block the undo of older ones."""
    url = f"sqlite:///{tmp_path / 'seedname.sqlite3'}"
    first = write_csv(tmp_path / "first.csv", RUSSIAN_CENTER_HEADERS, [center_row(Код="U-1")])
    second = write_csv(tmp_path / "second.csv", RUSSIAN_CENTER_HEADERS, [center_row(Код="U-2")])
    assert cli(url, "import", str(first), "--user", "anna").returncode == 0
    assert cli(url, "import", str(second), "--user", "rcnet (first run)").returncode == 0
    assert cli(url, "undo").returncode == 0  # the one named like the seed
    assert cli(url, "undo").returncode == 0  # and anna's, behind it
    result = cli(url, "undo")  # the real seed stays
    assert result.returncode == 2 and "no import to undo" in result.stderr


def test_an_id_longer_than_the_schema_allows_is_a_rejected_row_on_both_databases(database, tmp_path, center_row):  # noqa: F811
    """Once, PostgreSQL's "value too long" ended the import (exit 2) after validate had passed the file."""
    url = url_of(database)
    path = write_csv(tmp_path / "long.csv", RUSSIAN_CENTER_HEADERS, [center_row(Код="L" * 101), center_row(Код="L-OK")])
    result = cli(url, "import", str(path), "--json")
    assert result.returncode == 1, result.stderr
    summary = json.loads(result.stdout)
    assert summary["added"] == 1 and summary["rejected"] == 1
    assert "longer than 100 characters" in summary["rejected_rows"][0]["reasons"][0]


def test_undo_while_an_import_is_being_written_says_so(database, tmp_path, center_row):  # noqa: F811
    url = url_of(database)
    rows = [center_row(Код=f"P-{k}") for k in range(5000)]
    path = write_csv(tmp_path / "slow.csv", RUSSIAN_CENTER_HEADERS, rows)
    marker = tmp_path / "started"
    running = cli(url, "import", str(path), wait=False, pause=(marker, 3))
    deadline = time.time() + 120
    while not marker.exists() and time.time() < deadline:
        time.sleep(0.1)
    result = cli(url, "undo")
    running.wait(timeout=300)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    # One sentence, nothing undone (the undo waited for the import, which then landed): that
    # another write was in progress, and to undo again. Never the import's "import it once more".
    assert "another write to the registry was in progress; nothing was undone. Try the undo again." in result.stderr
    assert "import it once more" not in result.stderr
    assert running.returncode == 0 and db.import_history(database)["undone_at"].isna().all()
