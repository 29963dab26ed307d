"""A new data version's views computed before a reader asks (presentation.warmup): after an
import, the reader's next page finds every view it needs already made, with her numbers."""

from __future__ import annotations

import logging
import threading
import time

import pytest

from rcnet_data.presentation import views
from rcnet_data.presentation.warmup import VersionWatch
from rcnet_data.storage.registry import load_registry_from_database
from tests.conftest import RUSSIAN_CENTER_HEADERS, run_cli, set_setting, write_csv
from tests.test_pages import metrics, run_page


@pytest.fixture
def own_database(tmp_path, monkeypatch):
    """A database of this test's own (seeded from the bundled data on first use): the imports
    here must not reach the other tests' registry."""
    path = tmp_path / "registry.sqlite3"
    set_setting(monkeypatch, "RCNET_SQLITE_PATH", str(path))
    set_setting(monkeypatch, "RCNET_CACHE_DIR", str(tmp_path / "cache"))
    views.forget_all()
    yield f"sqlite:///{path}"
    views.forget_all()


def import_centers(tmp_path, center_row, database: str, *codes: str) -> None:
    path = write_csv(tmp_path / "centers.csv", RUSSIAN_CENTER_HEADERS, [center_row(Код=code) for code in codes])
    ran = run_cli("import", path, "--database", database)
    assert ran.returncode == 0, ran.stderr


def test_after_an_import_the_readers_next_pages_compute_no_view_and_show_the_new_rows(
    own_database, tmp_path, center_row
):
    region = run_page("region", lang="en", region="RU-PNZ")
    overview = run_page(lang="en")
    centers_before = int(metrics(region)["Centers"])
    russia_before = int(metrics(overview)["Centers in Russia"].replace(",", ""))
    watch = VersionWatch(load_registry_from_database, interval_s=0)
    first = watch.check()  # the version the pages were drawn on: every view is made already
    assert first is not None and first.views == 0
    assert watch.check() is None  # nothing new since

    import_centers(tmp_path, center_row, own_database, "WARM-1", "WARM-2")
    warmed = watch.check()
    assert warmed is not None and warmed.signature != first.signature
    assert warmed.views > 10, warmed  # both pages' views, each one
    made = views.held(warmed.signature)
    region.run()
    overview.run()
    assert views.held(warmed.signature) == made, "a page computed a view the watch had not"
    assert int(metrics(region)["Centers"]) == centers_before + 2
    assert int(metrics(overview)["Centers in Russia"].replace(",", "")) == russia_before + 2
    assert watch.check() is None


def test_a_view_asked_while_it_is_being_computed_is_computed_once():
    """A reader's page asking a view that the watch is computing waits for it."""
    computed = []
    started = threading.Event()

    @views.memo
    def slow_view(reg, value: int) -> list:
        started.set()
        time.sleep(0.3)
        computed.append(value)
        return [value]

    class Reg:
        signature = ("test", "slow", 1)

    got = {}
    watch_thread = threading.Thread(target=lambda: got.setdefault("watch", slow_view(Reg(), 7)))
    watch_thread.start()
    started.wait(5)
    got["page"] = slow_view(Reg(), 7)
    watch_thread.join(5)
    assert computed == [7]
    assert got["page"] is got["watch"]


def test_a_view_that_fails_on_the_new_data_is_skipped_and_logged(caplog):
    @views.memo
    def picky_view(reg, code: str) -> str:
        if code not in reg.codes:
            raise KeyError(code)
        return code

    class Old:
        signature = ("test", "picky", 1)
        codes = {"A", "B"}

    class New:
        signature = ("test", "picky", 2)
        codes = {"B"}

    views.forget_all()
    picky_view(Old(), "A")
    picky_view(Old(), "B")
    with caplog.at_level(logging.WARNING, logger="rcnet.views"):
        assert views.compute_again(New()) == 1
    assert [(name.rsplit(".", 1)[-1], args) for name, args in views.held(New.signature)] == [("picky_view", ("B",))]
    assert "'A'" in caplog.text and "failed" in caplog.text
    views.forget_all()


def test_the_watch_thread_computes_a_new_version_on_its_own(own_database, tmp_path, center_row):
    run_page("region", lang="en", region="RU-PNZ")
    watch = VersionWatch(load_registry_from_database, interval_s=0.1).start()
    try:
        deadline = time.monotonic() + 30
        while watch.last is None and time.monotonic() < deadline:
            time.sleep(0.05)
        seen = watch.last
        assert seen is not None
        import_centers(tmp_path, center_row, own_database, "WARM-3")
        while watch.last is seen and time.monotonic() < deadline:
            time.sleep(0.05)
        assert watch.last is not seen and watch.last.views > 0
    finally:
        watch.stop()
