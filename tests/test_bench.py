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
    assert scale["pages"]["pages"]["growth"]["charts"] >= 4 and scale["pages"]["pages"]["domestic"]["maps"] == 1
    # Both peaks are of the same server process, measured; in a quick run the sessions visit one page
    # while the one session visited them all, so either peak may be the higher one.
    assert min(scale["browser"]["memory_sessions"], scale["browser"]["memory_one_session"]) > 50 * 2**20
    text = markdown.read_text(encoding="utf-8")
    assert "## Targets" in text and "| overview |" in text
    # The terminal table names every target checked.
    assert "worst warm rerun" in completed.stdout and "server memory" in completed.stdout
    assert "half rejected" in completed.stdout and "coverage of the 85 regions" in completed.stdout
