"""Parquet snapshots of the registry, one per data version, kept on disk.

Reading 800,000 events out of a database takes seconds even through Arrow; reading them
back from Parquet takes a fraction of one. A snapshot is written the first time a data
version is read (by an import, which reads its own result, or by the first viewer) and
served to every later reader on this machine: other sessions, other server processes, the
next start of the dashboard.

A snapshot is named by the database (a hash of its URL, password hidden) and the data
version with its random stamp (rcnet_data.storage.db.data_version), so it can never stand
for other contents: every import and undo writes a new pair. The folder is var/cache, or
RCNET_CACHE_DIR; deleting it is always safe. Only the newest few versions of each database
are kept.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import time
from pathlib import Path

import pandas as pd

from rcnet_data import settings
from rcnet_data.core import columns
from rcnet_data.core.validation import typed_centers, typed_events

LOG = logging.getLogger("rcnet.snapshots")

KEEP_VERSIONS = 3  # per database: the newest, and the ones sessions may still be showing


def cache_root() -> Path:
    return settings.current().cache_dir


def _folder(database: str) -> Path:
    return cache_root() / "registry" / hashlib.sha256(database.encode()).hexdigest()[:16]


def _paths(database: str, version: tuple[int, str]) -> dict[str, Path]:
    number, stamp = version
    return {table: _folder(database) / f"{number:08d}-{stamp}.{table}.parquet" for table in columns.TABLE_KINDS}


def read(database: str, version: tuple[int, str]) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """The registry at `version` if a snapshot of it is on disk; None otherwise (or if the
    snapshot cannot be read: it is then simply made again)."""
    if not version[1]:
        return None  # a database not yet migrated to stamps: no name to trust
    paths = _paths(database, version)
    try:
        centers = pd.read_parquet(paths[columns.TABLE_CENTERS])
        events = pd.read_parquet(paths[columns.TABLE_EVENTS])
    except (OSError, ValueError):
        return None
    # A snapshot that does not hold the registry's columns (a damaged cache, one left by
    # another release) is thrown away: the caller reads the database and writes it anew.
    expected = {columns.TABLE_CENTERS: set(columns.CENTER_COLUMNS), columns.TABLE_EVENTS: set(columns.EVENT_COLUMNS)}
    for table, frame in ((columns.TABLE_CENTERS, centers), (columns.TABLE_EVENTS, events)):
        if not expected[table] <= set(frame.columns):
            return _discard(paths, f"{table} lacks {sorted(expected[table] - set(frame.columns))}")
    # Parquet keeps the values and most dtypes; the typing pass converts only the columns
    # it did not keep (codes that hold None come back as text).
    try:
        return typed_centers(centers, only_wrong=True), typed_events(events, only_wrong=True)
    except (KeyError, TypeError, ValueError) as exc:
        return _discard(paths, f"its values cannot be typed ({exc.__class__.__name__}: {exc})")


def _discard(paths: dict[str, Path], why: str) -> None:
    LOG.warning(
        "registry snapshot %s discarded and rebuilt from the database: %s", paths[columns.TABLE_CENTERS].name, why
    )
    for path in paths.values():
        path.unlink(missing_ok=True)
    return None


def write(database: str, version: tuple[int, str], centers: pd.DataFrame, events: pd.DataFrame) -> None:
    """Keep the registry at `version` on disk (each file written aside, then renamed into
    place, so a reader never sees half a file); a full disk or a read-only folder is not an
    error: the snapshot is an optimisation."""
    if not version[1]:
        return
    paths = _paths(database, version)
    try:
        folder = _folder(database)
        folder.mkdir(parents=True, exist_ok=True)
        for table, frame in ((columns.TABLE_EVENTS, events), (columns.TABLE_CENTERS, centers)):
            handle, temporary = tempfile.mkstemp(dir=folder, suffix=".part")
            os.close(handle)
            try:
                frame.to_parquet(temporary, index=False)
                os.replace(temporary, paths[table])
            finally:
                Path(temporary).unlink(missing_ok=True)
        _prune(folder)
    except OSError:
        return


def _prune(folder: Path) -> None:
    # Newest by time written, not by number: a database made anew counts from 1 again.
    written: dict[str, int] = {}
    for path in folder.glob("*.parquet"):
        name = path.name.split(".")[0]
        written[name] = max(written.get(name, 0), path.stat().st_mtime_ns)
    for old in sorted(written, key=lambda name: (written[name], name))[:-KEEP_VERSIONS]:
        for path in folder.glob(f"{old}.*"):
            path.unlink(missing_ok=True)
    for stale in folder.glob("*.part"):  # left by a process killed mid-write
        if stale.stat().st_mtime < time.time() - 3600:
            stale.unlink(missing_ok=True)
