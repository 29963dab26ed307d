"""A crowd at start-up: many processes and threads opening a new database at once migrate
and seed it exactly once; a half-made schema is completed or explained in one sentence."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import uuid

import pytest
import sqlalchemy as sa

from rcnet_data.storage import db, startup
from tests.conftest import PROJECT_ROOT
from tests.test_database import fresh_postgres

CROWD = 8


@pytest.fixture(params=["sqlite", "postgresql"])
def new_database(request, tmp_path) -> str:
    """A database no one has opened yet, of each kind."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / f'crowd-{uuid.uuid4().hex}.sqlite3'}"
    return fresh_postgres()


def seeded_once(url: str) -> None:
    engine = db.engine_for(url)
    history = db.import_history(engine)
    assert len(history) == 2 and list(history["table_name"]) == ["events", "centers"]
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT count(*) FROM alembic_version")).scalar() == 1
        assert connection.execute(sa.text("SELECT count(*) FROM centers")).scalar() > 1000


@pytest.mark.slow
def test_eight_cli_processes_on_one_new_database_all_succeed(new_database):
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "rcnet_data", "summary", "--database", new_database, "--json"],
            cwd=PROJECT_ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(CROWD)
    ]
    results = [(p.wait(timeout=600), p.stdout.read(), p.stderr.read()) for p in processes]
    assert [code for code, _, _ in results] == [0] * CROWD, [err for _, _, err in results if err]
    assert len({out for _, out, _ in results}) == 1  # every one saw the same registry
    seeded_once(new_database)


def test_eight_threads_opening_a_new_database_at_once(new_database):
    """Pages opened together on a new server each run on their own thread."""
    startup.forget(new_database)
    barrier = threading.Barrier(CROWD)
    failures: list[BaseException] = []

    def open_it() -> None:
        try:
            barrier.wait()
            startup.open_database(new_database)
        except BaseException as exc:  # noqa: BLE001 - any failure of any thread fails the test
            failures.append(exc)

    threads = [threading.Thread(target=open_it) for _ in range(CROWD)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    assert failures == []
    seeded_once(new_database)


def test_a_half_made_empty_schema_is_completed(tmp_path):
    """An older release, interrupted while creating the tables, left some of them and no
    schema version: with no rows in them, the next start makes the schema again."""
    url = f"sqlite:///{tmp_path / 'half.sqlite3'}"
    engine = db.engine_for(url)
    with engine.begin() as connection:
        db.centers.create(connection)
        db.imports.create(connection)
        connection.execute(sa.text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"))
    startup.open_database(url)
    seeded_once(url)


def test_a_half_made_schema_with_rows_is_explained_in_one_sentence(tmp_path):
    url = f"sqlite:///{tmp_path / 'half-with-rows.sqlite3'}"
    engine = db.engine_for(url)
    with engine.begin() as connection:
        db.imports.create(connection)
        connection.execute(
            sa.text(
                "INSERT INTO imports (started_at, user_name, file_name, sha256, table_name, added, "
                "updated, unchanged, rejected, is_seed) VALUES ('2026-01-01', 'x', 'f', 's', 'centers', 1, 0, 0, 0, 0)"
            )
        )
    with pytest.raises(startup.SchemaError) as caught:
        startup.open_database(url)
    message = str(caught.value)
    assert "no schema version" in message and "move it aside" in message and message.count(".") <= 3
    result = subprocess.run(
        [sys.executable, "-m", "rcnet_data", "summary", "--database", url],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env=os.environ.copy(),
    )
    assert result.returncode == 2 and "move it aside" in result.stderr and "Traceback" not in result.stderr
