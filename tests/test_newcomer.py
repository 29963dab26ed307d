"""The first minutes on a fresh clone: the start script's port and first-run
messages, a quiet end when output is piped into `head`, and no test state left behind."""

import os
import shutil
import socket
import subprocess
import sys

import pytest

from tests.conftest import PROJECT_ROOT


@pytest.mark.parametrize(
    "command", [["milestones"], ["milestones", "--json"], ["summary"], ["validate", "data/centers.csv", "--json"]]
)
def test_piped_into_a_closed_reader_ends_quietly(command):
    """`python -m rcnet_data milestones | head`: the reader goes away before rcnet writes,
    so every write meets a broken pipe; rcnet must stop with exit 0 and say nothing."""
    child = subprocess.Popen(
        [sys.executable, "-m", "rcnet_data", *command], cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    child.stdout.close()  # the reader is gone before the first line is written
    _, stderr = child.communicate(timeout=120)
    assert child.returncode == 0, stderr.decode()
    assert stderr.decode().strip() == ""


def test_real_head_reads_one_line():
    result = subprocess.run(
        f"{sys.executable} -m rcnet_data milestones | head -n 1",
        shell=True,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0 and result.stdout.count("\n") == 1
    assert "error" not in result.stderr.lower() and "broken pipe" not in result.stderr.lower()


@pytest.fixture
def fresh_clone_scripts(tmp_path):
    """The start scripts alone in an empty folder: no .venv, as on a fresh clone."""
    shutil.copytree(PROJECT_ROOT / "scripts", tmp_path / "scripts")
    return tmp_path


def test_first_run_says_it_is_installing(fresh_clone_scripts):
    # PYTHON=false stops setup at its version check: enough to see what the user is told first.
    result = subprocess.run(
        ["bash", "scripts/run_dashboard.sh"],
        cwd=fresh_clone_scripts,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHON": "false"},
    )
    assert result.returncode != 0
    first_line = result.stdout.splitlines()[0]
    assert "first run" in first_line and "installing" in first_line and "about a minute" in first_line


def test_taken_port_gets_one_clear_sentence():
    holder = socket.socket()
    holder.bind(("0.0.0.0", 0))
    holder.listen()
    port = holder.getsockname()[1]
    try:
        result = subprocess.run(
            ["bash", "scripts/run_dashboard.sh"],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            timeout=300,
            env={**os.environ, "PORT": str(port)},
        )
    finally:
        holder.close()
    assert result.returncode == 1
    assert f"port {port} is already in use" in result.stderr and "PORT=8502" in result.stderr
    assert "Traceback" not in result.stderr and "Streamlit" not in result.stderr


def test_readme_says_how_to_change_the_port():
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    assert "PORT=8600 bash scripts/run_dashboard.sh" in readme and "port is taken" in readme


def test_a_test_run_leaves_no_state_in_the_temp_folder(tmp_path):
    """A small pytest run with its own temp folder: afterwards no rcnet-tests-* folder remains."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp)}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_reference.py", "-k", "not slow"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert result.returncode == 0, result.stdout[-2000:]
    assert [p.name for p in temp.iterdir() if p.name.startswith("rcnet-tests-")] == []
