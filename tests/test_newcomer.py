"""The first minutes on a fresh clone: the start script's port and first-run
messages, a quiet end when output is piped into `head`, and no test state left behind."""

import hashlib
import os
import platform
import shutil
import socket
import subprocess
import sys
from pathlib import Path

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


def installed_environment(cache: Path, stamp: str) -> Path:
    """An environment as setup.sh leaves it in the machine's cache: its Python, and the stamp
    that says which pins it holds."""
    environment = cache / "rcnet" / "venvs" / f"requirements-{platform.python_version()}-{stamp[:16]}"
    (environment / "bin").mkdir(parents=True)
    (environment / "bin" / "python").symlink_to(sys.executable)
    (environment / ".rcnet-requirements").write_text(stamp + "\n")
    return environment


def pins_stamp(folder: Path) -> str:
    # setup.sh stamps the run-time pins as the requirement file read twice (`cat a a`).
    text = (folder / "requirements.txt").read_bytes()
    return hashlib.sha256(text + text).hexdigest()


def test_a_fresh_clone_links_the_environment_installed_for_its_pins(fresh_clone_scripts, tmp_path):
    """A second clone on a set-up machine costs no install (CI's fresh clone took 127 s to
    install 1.4 GB again); a link left for other pins is replaced and that environment kept."""
    shutil.copy(PROJECT_ROOT / "requirements.txt", fresh_clone_scripts)
    cache = tmp_path / "cache"
    environment = installed_environment(cache, pins_stamp(fresh_clone_scripts))
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "PYTHON": sys.executable}
    setup = ["bash", "scripts/setup.sh"]
    result = subprocess.run(setup, cwd=fresh_clone_scripts, capture_output=True, text=True, timeout=60, env=env)
    assert result.returncode == 0, result.stderr
    venv = fresh_clone_scripts / ".venv"
    assert venv.is_symlink() and venv.resolve() == environment.resolve()
    assert "pip" not in result.stderr  # nothing was installed

    old = tmp_path / "old-pins"
    (old / "bin").mkdir(parents=True)
    (old / ".rcnet-requirements").write_text("0" * 64 + "\n")
    venv.unlink()
    venv.symlink_to(old)
    result = subprocess.run(setup, cwd=fresh_clone_scripts, capture_output=True, text=True, timeout=60, env=env)
    assert result.returncode == 0, result.stderr
    assert venv.resolve() == environment.resolve()
    assert (old / ".rcnet-requirements").read_text() == "0" * 64 + "\n"  # not installed into
