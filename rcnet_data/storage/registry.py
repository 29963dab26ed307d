"""Loading a registry (centers + events) from a folder, checked and typed.

The bundled demo registry lives in data/; any folder holding centers.* and events.* files
(CSV, XLSX or Parquet) is read the same way, through the same checks as an import.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import pandas as pd

from rcnet_data.core import columns
from rcnet_data.core.readers import find_table
from rcnet_data.core.reference import DATA_DIR
from rcnet_data.core.validation import ValidationReport, validate_file


@dataclass(frozen=True)
class Registry:
    """A registry as the pages read it: its two tables, where it came from, and the facts
    every page asks of it, each computed once (a registry never changes: an import makes a
    new one, with a new data version)."""

    centers: pd.DataFrame
    events: pd.DataFrame
    data_dir: Path
    reports: dict[str, ValidationReport] = field(default_factory=dict)
    signature: tuple = ()  # files and modification times, or the database's data version: a cache key
    # The import log's changes of centers (db.center_updates), for what moved or was renamed;
    # None for a registry read from a folder, which has no log.
    center_log: pd.DataFrame | None = None

    @cached_property
    def known_counts(self) -> tuple[int, int]:
        """Published (non-demo) centers and events in the registry."""
        return (
            int((self.centers[columns.SOURCE] != columns.DEMO_SOURCE).sum()),
            int((self.events[columns.SOURCE] != columns.DEMO_SOURCE).sum()),
        )

    @cached_property
    def demo_share(self) -> float:
        """Share of rows that are demo rows (0 for a real registry)."""
        rows = len(self.centers) + len(self.events)
        return float((rows - sum(self.known_counts)) / rows) if rows else 0.0

    @cached_property
    def is_empty(self) -> bool:
        """No center and no event: every row removed (the demo, before the library's own come in)."""
        return len(self.centers) == 0 and len(self.events) == 0

    @cached_property
    def is_demo(self) -> bool:
        return self.demo_share > 0

    @cached_property
    def rejected_rows(self) -> int:
        return sum(len(report.rejected_rows) for report in self.reports.values())


def _signature(data_dir: Path) -> tuple:
    """Paths and modification times: a changed file invalidates the cache."""
    files = [find_table(data_dir, table) for table in columns.TABLE_KINDS]
    return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files)


def load_registry(data_dir: str | Path | None = None) -> Registry:
    """Read, check and type a registry folder (cached until its files change)."""
    folder = Path(data_dir) if data_dir else DATA_DIR
    return _load(folder.resolve(), _signature(folder.resolve()))


def load_registry_from_database(url: str | None = None) -> Registry:
    """The registry as the shared database holds it (migrated, seeded on first use), cached
    until its data version changes: every import or undo writes a new one. A version read
    before is served from memory, or from its snapshot on disk (rcnet_data.storage.snapshots),
    and only a version never read on this machine is read from the database."""
    from rcnet_data.storage import db, startup

    engine = startup.open_database(url)
    return _load_database(engine.url.render_as_string(hide_password=False), db.data_version(engine))


# Two registries at most in memory: the current one, and the one a session may still be on.
@lru_cache(maxsize=2)
def _load_database(url: str, version: tuple[int, str]) -> Registry:
    from rcnet_data.storage import db, snapshots

    database = db.redacted(url)
    frames = snapshots.read(database, version)
    if frames is None:
        centers, events, version = db.read_registry_tables(db.engine_for(url))
        snapshots.write(database, version, centers, events)
    else:
        centers, events = frames
    return Registry(
        centers=centers,
        events=events,
        data_dir=DATA_DIR,
        signature=("db", database, *version),
        center_log=db.center_updates(db.engine_for(url)),
    )


@lru_cache(maxsize=4)
def _load(folder: Path, signature: tuple) -> Registry:
    centers_report = validate_file(find_table(folder, columns.TABLE_CENTERS), columns.TABLE_CENTERS, limits=False)
    events_report = validate_file(
        find_table(folder, columns.TABLE_EVENTS), columns.TABLE_EVENTS, centers=centers_report.valid, limits=False
    )
    return Registry(
        centers=centers_report.valid,
        events=events_report.valid,
        data_dir=folder,
        reports={columns.TABLE_CENTERS: centers_report, columns.TABLE_EVENTS: events_report},
        signature=signature,
    )
