"""The shared database on SQLite and on a real PostgreSQL server: same schema, same results;
imports are atomic upserts that can be undone exactly."""

from __future__ import annotations

import os
import uuid

import pandas as pd
import pytest
import sqlalchemy as sa

from rcnet_data.core import analytics, columns
from rcnet_data.core.readers import TableReadError
from rcnet_data.storage import db, importer, startup
from tests.conftest import RUSSIAN_CENTER_HEADERS, write_csv


def postgres_url() -> str | None:
    """The test PostgreSQL database of this test process. With several processes (pytest-xdist
    workers) each has a database of its own on the server, made on first use, so that one
    emptying its database never pulls the rows from under another."""
    url = os.environ.get("RCNET_TEST_POSTGRES_URL")
    if not url and os.environ.get("CI"):
        pytest.fail("CI must run the database tests on PostgreSQL: RCNET_TEST_POSTGRES_URL is not set")
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not url or not worker:
        return url
    base = sa.engine.make_url(url)
    name = f"{base.database}_{worker}"
    if name not in _made:
        with sa.create_engine(base, isolation_level="AUTOCOMMIT").connect() as connection:
            if not connection.execute(
                sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            ).scalar():
                connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
        _made.add(name)
    return base.set(database=name).render_as_string(hide_password=False)


_made: set[str] = set()


def fresh_postgres() -> str:
    """The test PostgreSQL database emptied (its public schema dropped and made again), or a skip."""
    url = postgres_url()
    if not url:
        pytest.skip("no PostgreSQL server (RCNET_TEST_POSTGRES_URL)")
    with db.engine_for(url).begin() as connection:
        connection.execute(sa.text("DROP SCHEMA public CASCADE"))
        connection.execute(sa.text("CREATE SCHEMA public"))
    startup.forget(url)
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path):
    """An empty, migrated registry database of each kind, seeded from the bundled data."""
    url = f"sqlite:///{tmp_path / 'registry.sqlite3'}" if request.param == "sqlite" else fresh_postgres()
    engine = startup.open_database(url)
    yield engine


def snapshot(engine) -> tuple[pd.DataFrame, pd.DataFrame]:
    centers, events, _ = db.read_registry_tables(engine)
    return centers.sort_values(columns.CENTER_ID).reset_index(drop=True), events.sort_values(
        columns.EVENT_ID
    ).reset_index(drop=True)


def test_first_run_seeds_the_bundled_registry_identically(database, bundled):
    centers, events = snapshot(database)
    assert len(centers) == len(bundled.centers) and len(events) == len(bundled.events)
    for day in ("2016-03-01", "2024-05-16", "2026-11-26"):
        assert analytics.network_size(centers, day) == analytics.network_size(bundled.centers, day)
    files = bundled.centers.sort_values(columns.CENTER_ID).reset_index(drop=True)
    pd.testing.assert_series_equal(centers[columns.LAT], files[columns.LAT], check_names=False)
    assert list(centers[columns.OPENED_ON]) == list(files[columns.OPENED_ON])
    history = db.import_history(database)
    assert list(history["user_name"]) == [importer.SEED_USER] * 2
    assert db.current_version(database) == 2


def test_import_upserts_by_id_and_undo_restores_exactly(database, tmp_path, center_row):
    before = snapshot(database)
    version = db.current_version(database)
    rows = [
        center_row(Код="NEW-1"),
        center_row(Код="PNZ-0001", Наименование="Переименованный центр"),  # an existing id: update
        center_row(Код="BAD-1", **{"Субъект РФ": "Нарния"}),
    ]
    path = write_csv(tmp_path / "centers.csv", RUSSIAN_CENTER_HEADERS, rows)
    prepared, result = importer.import_file(path, "centers", database, "anna")
    assert (len(prepared.new_ids), len(prepared.changed_ids), prepared.rejected) == (1, 1, 1)
    assert result.summary["rejected_rows"][0]["row"] == 4
    centers, _ = snapshot(database)
    assert len(centers) == len(before[0]) + 1
    assert centers.set_index(columns.CENTER_ID).loc["PNZ-0001", columns.NAME] == "Переименованный центр"
    assert db.current_version(database) == version + 1
    log = db.import_history(database).iloc[0]
    assert (log["user_name"], log["file_name"], log["added"], log["updated"], log["rejected"]) == (
        "anna",
        "centers.csv",
        1,
        1,
        1,
    )
    assert len(log["sha256"]) == 64

    importer.undo_last_import(database, "anna")
    after = snapshot(database)
    pd.testing.assert_frame_equal(after[0], before[0])
    pd.testing.assert_frame_equal(after[1], before[1])
    assert db.import_history(database).iloc[0]["undone_by"] == "anna"
    with pytest.raises(importer.NothingToUndo):
        importer.undo_last_import(database, "anna")  # the seed stays


def test_reimporting_the_same_file_changes_nothing(database, tmp_path, center_row):
    path = write_csv(tmp_path / "c.csv", RUSSIAN_CENTER_HEADERS, [center_row(Код="SAME-1")])
    importer.import_file(path, "centers", database, "anna")
    prepared = importer.prepare_import(path, "centers", database)
    assert (prepared.new_ids, prepared.changed_ids, prepared.unchanged_ids) == ([], [], ["SAME-1"])


def test_two_imports_prepared_together_one_clear_winner(database, tmp_path, center_row):
    first = importer.prepare_import(
        write_csv(tmp_path / "a.csv", RUSSIAN_CENTER_HEADERS, [center_row(Код="A-1")]), "centers", database
    )
    second = importer.prepare_import(
        write_csv(tmp_path / "b.csv", RUSSIAN_CENTER_HEADERS, [center_row(Код="B-1")]), "centers", database
    )
    importer.write_import(first, database, "anna")
    with pytest.raises(importer.ImportConflict, match="another import"):
        importer.write_import(second, database, "boris")
    ids = set(snapshot(database)[0][columns.CENTER_ID])
    assert "A-1" in ids and "B-1" not in ids
    assert db.import_history(database).iloc[0]["file_name"] == "a.csv"


def test_events_import_links_centers_from_the_database(database, tmp_path):
    header = ["Код", "Дата", "Заголовок", "Тип мероприятия", "Код центра", "Участники"]
    rows = [
        [f"E-{uuid.uuid4().hex[:6]}", "15.05.2024", "<script>alert(1)</script> Квест", "квест", "PNZ-0001", "25"],
        ["E-BAD", "15.05.2024", "Лекция", "лекция", "NO-SUCH", ""],
    ]
    path = write_csv(tmp_path / "events.csv", header, rows)
    prepared, result = importer.import_file(path, "events", database, "anna")
    assert prepared.rejected == 1 and "no center with this id" in result.summary["rejected_rows"][0]["reasons"][0]
    _, events = snapshot(database)
    added = events[events[columns.EVENT_ID] == rows[0][0]].iloc[0]
    assert added[columns.REGION_CODE] == "RU-PNZ" and added[columns.PARTICIPANTS] == 25
    assert added[columns.TITLE].startswith("<script>")  # stored as text; pages never render it as HTML


def test_a_failing_write_leaves_the_database_unchanged(database, tmp_path, center_row, monkeypatch):
    before = snapshot(database)
    version = db.current_version(database)
    path = write_csv(tmp_path / "c.csv", RUSSIAN_CENTER_HEADERS, [center_row(Код=f"F-{i}") for i in range(50)])
    prepared = importer.prepare_import(path, "centers", database)
    original = importer._jsonable

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    # Fail after the version claim and the log row are written, inside the transaction.
    prepared.changed_ids = ["PNZ-0001"]
    monkeypatch.setattr(importer, "_jsonable", explode)
    with pytest.raises(RuntimeError):
        importer.write_import(prepared, database, "anna")
    monkeypatch.setattr(importer, "_jsonable", original)
    after = snapshot(database)
    pd.testing.assert_frame_equal(after[0], before[0])
    assert db.current_version(database) == version
    assert len(db.import_history(database)) == 2


def test_a_broken_seed_folder_leaves_the_database_empty(tmp_path, bundled):
    """First run from a folder whose events file is not a table: nothing is written, so the
    next start can seed again instead of keeping centers without events."""
    folder = tmp_path / "registry"
    folder.mkdir()
    (folder / "centers.csv").write_bytes((bundled.data_dir / "centers.csv").read_bytes())
    (folder / "events.csv").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    url = f"sqlite:///{tmp_path / 'seed.sqlite3'}"
    with pytest.raises(TableReadError):
        startup.open_database(url, seed_dir=folder)
    engine = db.engine_for(url)
    assert db.is_empty(engine) and db.current_version(engine) == 0
