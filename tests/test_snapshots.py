"""Registry snapshots on disk (rcnet_data.storage.snapshots): a data version read once is
served from Parquet, identical to the database read, and never stands for other contents."""

from __future__ import annotations

import pandas as pd
import pytest

from rcnet_data.core import columns, reference
from rcnet_data.storage import db, importer, registry, snapshots, startup
from tests.conftest import RUSSIAN_CENTER_HEADERS, set_setting, write_csv
from tests.test_database import database  # noqa: F401  (the SQLite and PostgreSQL fixture)


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch):
    """Each test starts with an empty snapshot folder and no registry in memory."""
    set_setting(monkeypatch, "RCNET_CACHE_DIR", str(tmp_path / "cache"))
    registry._load_database.cache_clear()
    yield
    registry._load_database.cache_clear()


def _url(engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def _files(tmp_path):
    return sorted(path.name for path in (tmp_path / "cache").rglob("*.parquet"))


def test_a_version_read_once_is_served_from_disk_identical(database, tmp_path, monkeypatch):  # noqa: F811
    first = registry.load_registry_from_database(_url(database))
    assert len(_files(tmp_path)) == 2
    registry._load_database.cache_clear()  # as a new server process would start

    def no_database_read(*args, **kwargs):
        raise AssertionError("the snapshot should have served this read")

    monkeypatch.setattr(db, "read_registry_tables", no_database_read)
    second = registry.load_registry_from_database(_url(database))
    pd.testing.assert_frame_equal(second.centers, first.centers)
    pd.testing.assert_frame_equal(second.events, first.events)
    assert second.signature == first.signature


def test_an_import_makes_a_new_snapshot_and_is_seen(database, tmp_path, center_row):  # noqa: F811
    before = registry.load_registry_from_database(_url(database))
    path = write_csv(tmp_path / "c.csv", RUSSIAN_CENTER_HEADERS, [center_row(Код="SNAP-1")])
    importer.import_file(path, columns.TABLE_CENTERS, database, "anna")
    after = registry.load_registry_from_database(_url(database))
    assert len(after.centers) == len(before.centers) + 1 and after.signature != before.signature
    assert len(_files(tmp_path)) == 4  # both versions kept: a session may still show the first
    importer.undo_last_import(database, "anna")
    undone = registry.load_registry_from_database(_url(database))
    pd.testing.assert_frame_equal(undone.centers, before.centers)


def test_a_database_made_anew_never_gets_the_old_snapshot(tmp_path, center_row):
    """Deleted and seeded again, a database counts versions from the start: the random
    stamp keeps the old database's snapshot of "the same" version from being served."""
    url = f"sqlite:///{tmp_path / 'again.sqlite3'}"
    startup.open_database(url)
    path = write_csv(tmp_path / "c.csv", RUSSIAN_CENTER_HEADERS, [center_row(Код="OLD-1")])
    importer.import_file(path, columns.TABLE_CENTERS, db.engine_for(url), "anna")
    old = registry.load_registry_from_database(url)
    assert "OLD-1" in set(old.centers[columns.CENTER_ID])
    db.engine_for(url).dispose()
    for suffix in ("", "-wal", "-shm"):
        (tmp_path / f"again.sqlite3{suffix}").unlink(missing_ok=True)
    startup.forget(url)
    startup.open_database(url)
    path = write_csv(tmp_path / "c.csv", RUSSIAN_CENTER_HEADERS, [center_row(Код="NEW-1")])
    importer.import_file(path, columns.TABLE_CENTERS, db.engine_for(url), "anna")
    new = registry.load_registry_from_database(url)
    assert new.signature[2] == old.signature[2]  # the same version number...
    assert "NEW-1" in set(new.centers[columns.CENTER_ID]) and "OLD-1" not in set(new.centers[columns.CENTER_ID])


def test_a_damaged_snapshot_is_read_again_from_the_database(database, tmp_path):  # noqa: F811
    first = registry.load_registry_from_database(_url(database))
    for path in (tmp_path / "cache").rglob("*.events.parquet"):
        path.write_bytes(b"PAR1 not really")
    registry._load_database.cache_clear()
    again = registry.load_registry_from_database(_url(database))
    pd.testing.assert_frame_equal(again.events, first.events)


def test_a_snapshot_whose_columns_came_back_otherwise_is_typed_again(database, tmp_path):  # noqa: F811
    """A snapshot's read converts only the columns Parquet did not keep as analytics hold them;
    one written otherwise (by another release: dates as text, counts as floats, a missing note,
    no federal district) is read as the database read gives it, not as it lies on disk."""
    first = registry.load_registry_from_database(_url(database))
    for path in (tmp_path / "cache").rglob("*.events.parquet"):
        frame = pd.read_parquet(path)
        frame[columns.DATE] = frame[columns.DATE].dt.strftime("%Y-%m-%d")
        frame[columns.PARTICIPANTS] = frame[columns.PARTICIPANTS].astype(float)
        frame[columns.NOTE] = frame[columns.NOTE].astype(object)
        frame.loc[0, columns.NOTE] = None
        frame.drop(columns=[columns.FEDERAL_DISTRICT]).to_parquet(path, index=False)
    registry._load_database.cache_clear()
    again = registry.load_registry_from_database(_url(database))
    expected = first.events.copy()
    expected.loc[0, columns.NOTE] = ""
    pd.testing.assert_frame_equal(again.events, expected)
    pd.testing.assert_frame_equal(again.centers, first.centers)
    # Each event's district is its region's, and an event abroad has none.
    districts = again.events[columns.FEDERAL_DISTRICT]
    by_region = again.events[columns.REGION_CODE].map(reference.regions()["federal_district"])
    pd.testing.assert_series_equal(districts, by_region, check_names=False)
    assert districts[again.events[columns.REGION_CODE].isna()].isna().all()


def test_only_the_newest_versions_are_kept(tmp_path):
    frame = pd.DataFrame({"a": [1]})
    for number in range(1, 6):
        snapshots.write("sqlite:///x", (number, f"s{number}"), frame, frame)
    kept = sorted({name.split(".")[0] for name in _files(tmp_path)})
    assert kept == [f"{number:08d}-s{number}" for number in (3, 4, 5)]


def test_an_unwritable_cache_folder_is_not_an_error(database, tmp_path, monkeypatch):  # noqa: F811
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    set_setting(monkeypatch, "RCNET_CACHE_DIR", str(blocker))
    reg = registry.load_registry_from_database(_url(database))
    assert len(reg.centers) > 1000
