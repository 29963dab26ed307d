"""A new data version's views computed before a reader asks for them.

An import (from the command line, from another server, from this one) writes a new data
version, and the first page a reader opened after it computed its views for that version:
at 100 times the bundled registry the Region page took 7.2 s, 4.65 s of it its views
(docs/benchmarks.md). Each dashboard server runs one `VersionWatch`: every
RCNET_WARM_INTERVAL_S seconds it asks the database for its data version (one small query)
and, when a new one is there, reads the registry and computes again the views its readers
asked for most recently (`views.compute_again`), the most recent first. A reader who opens a
page while that runs waits for the views being computed instead of computing them twice.

No Streamlit here: the page frame starts the watch once per server process.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from rcnet_data.presentation import views

LOG = logging.getLogger("rcnet.warmup")


@dataclass(frozen=True)
class Warmed:
    """What one new data version cost the server before any reader asked."""

    signature: tuple
    views: int  # views computed again
    seconds: float  # reading the registry and computing them


class VersionWatch:
    """Looks for a new data version every `interval_s` seconds on a daemon thread; `check`
    does one look (tests and the benchmark call it directly)."""

    def __init__(self, load: Callable, interval_s: float):
        self._load = load  # () -> Registry, cached per data version (storage.registry)
        self.interval_s = interval_s
        self._seen: tuple | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.last: Warmed | None = None

    def check(self) -> Warmed | None:
        """Read the registry; if its data version is new, compute its views again."""
        started = time.perf_counter()
        reg = self._load()
        if reg.signature == self._seen:
            return None
        self._seen = reg.signature
        made = views.compute_again(reg)
        self.last = Warmed(reg.signature, made, time.perf_counter() - started)
        if made:
            LOG.info("data version %s: %d views computed again in %.2f s", reg.signature[-2:], made, self.last.seconds)
        return self.last

    def start(self) -> VersionWatch:
        if self.interval_s > 0 and self._thread is None:
            self._thread = threading.Thread(target=self._run, name="rcnet-version-watch", daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        while not self._stop.wait(self.interval_s):
            try:
                self.check()
            except Exception:  # noqa: BLE001  (a database away for a moment: look again next time)
                LOG.warning("looking for a new data version failed", exc_info=True)
