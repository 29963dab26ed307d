"""Every setting rcnet reads, in one place: the environment variables and the secrets file.

`current()` is one frozen `Settings`, built from the environment the first time it is asked
for; nothing else in the package reads an `RCNET_*` variable, and nothing reads one at
import time. `VARIABLES` is the table of them, with defaults and help; the README's table
of settings is checked against it (tests/test_settings.py).

The secrets file (`.streamlit/secrets.toml`, or `RCNET_SECRETS_FILE`) is parsed once per
change of the file: an editor removed from it loses their rights at the next click, and a
page run that does not change it costs one `stat`.
"""

from __future__ import annotations

import logging
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
LOG = logging.getLogger("rcnet.settings")


@dataclass(frozen=True)
class Variable:
    name: str
    default: str  # as the README shows it
    help: str


VARIABLES: tuple[Variable, ...] = (
    Variable(
        "RCNET_DATA_DIR", "data/", "registry folder (centers.*, events.*) that a new, empty database is seeded from"
    ),
    Variable(
        "RCNET_DATABASE_URL",
        "",
        "SQLAlchemy URL of a shared PostgreSQL registry (else `database_url` in the secrets file, else SQLite)",
    ),
    Variable("RCNET_SQLITE_PATH", "var/rcnet.sqlite3", "the SQLite registry file used when no database URL is set"),
    Variable("RCNET_SECRETS_FILE", ".streamlit/secrets.toml", "the secrets file: editors, sign-in, database URL, mail"),
    Variable(
        "RCNET_CACHE_DIR", "var/cache", "Parquet snapshots of the registry, one per data version (safe to delete)"
    ),
    Variable(
        "RCNET_MAX_UPLOAD_MB",
        "50",
        "largest file an upload or import may be, in MB (Streamlit's upload limit follows it)",
    ),
    Variable("RCNET_MAX_ROWS", "500000", "most rows an uploaded or imported file may hold"),
    Variable(
        "RCNET_BOUNDARY_TOLERANCE_KM",
        "5",
        "how far outside its region's boundary a center may lie before it is reported",
    ),
    Variable("RCNET_DEBUG", "", "`1`: the command line shows a traceback instead of one line for an unforeseen error"),
    Variable("RCNET_PROFILE", "", "a folder: each page run's profile is written there (the benchmark sets it)"),
    Variable(
        "RCNET_WARM_INTERVAL_S",
        "5",
        "how often, in seconds, a dashboard server looks for a new data version and computes again "
        "the views its readers asked for (`0`: never; the first page after an import computes them)",
    ),
)
DEFAULTS = {variable.name: variable.default for variable in VARIABLES}


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str | None
    sqlite_path: Path
    secrets_file: Path
    cache_dir: Path
    max_upload_mb: float
    max_rows: int
    boundary_tolerance_km: float
    debug: bool
    profile_dir: Path | None
    warm_interval_s: float

    @property
    def max_upload_bytes(self) -> int:
        return int(self.max_upload_mb * 1024 * 1024)


def _path(value: str) -> Path:
    path = Path(value)
    return path if path.is_absolute() else PROJECT_ROOT / path


def _number(environ, name: str, kind: type):
    text = environ.get(name) or DEFAULTS[name]
    try:
        return kind(text.replace(",", "."))
    except ValueError:
        raise SystemExit(f"rcnet: {name}={text!r} is not a number") from None


def from_environment(environ=os.environ) -> Settings:
    """Settings from an environment (os.environ by default), defaults where unset."""

    def text(name: str) -> str:
        return environ.get(name) or DEFAULTS[name]

    return Settings(
        data_dir=_path(text("RCNET_DATA_DIR")),
        database_url=environ.get("RCNET_DATABASE_URL") or None,
        sqlite_path=_path(text("RCNET_SQLITE_PATH")),
        secrets_file=_path(text("RCNET_SECRETS_FILE")),
        cache_dir=_path(text("RCNET_CACHE_DIR")),
        max_upload_mb=_number(environ, "RCNET_MAX_UPLOAD_MB", float),
        max_rows=_number(environ, "RCNET_MAX_ROWS", int),
        boundary_tolerance_km=_number(environ, "RCNET_BOUNDARY_TOLERANCE_KM", float),
        debug=bool(environ.get("RCNET_DEBUG")),
        profile_dir=_path(environ["RCNET_PROFILE"]) if environ.get("RCNET_PROFILE") else None,
        warm_interval_s=_number(environ, "RCNET_WARM_INTERVAL_S", float),
    )


_current: Settings | None = None


def current() -> Settings:
    """This process's settings, read from the environment once."""
    global _current
    if _current is None:
        _current = from_environment()
    return _current


def reload() -> Settings:
    """Read the environment again (tests that change it; a server never needs to)."""
    global _current
    _current = None
    _secrets_cache.clear()
    return current()


# --- the secrets file ------------------------------------------------------------------------
_secrets_cache: dict[tuple, dict] = {}


def secrets() -> dict:
    """The secrets file as a dict ({} when there is none), parsed again only when it changes."""
    path = current().secrets_file
    try:
        info = path.stat()
    except OSError:
        return {}
    key = (str(path), info.st_mtime_ns, info.st_size)
    if key not in _secrets_cache:
        try:
            with path.open("rb") as handle:
                parsed = tomllib.load(handle)
        except (OSError, tomllib.TOMLDecodeError) as exc:
            LOG.error(
                "the secrets file %s cannot be read (%s): no editors, no sign-in, no database URL from it", path, exc
            )
            parsed = {}
        _secrets_cache.clear()
        _secrets_cache[key] = parsed
    return _secrets_cache[key]


def secret_value(key: str) -> str | None:
    """A top-level value of the secrets file, as text."""
    value = secrets().get(key)
    return str(value) if value else None


def secret_table(key: str) -> dict:
    """A section of the secrets file ({} when absent or not a table)."""
    value = secrets().get(key)
    return value if isinstance(value, dict) else {}
