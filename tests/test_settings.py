"""Every setting in one module, listed in the README, as Datasette checks its settings
against its documentation: the README's table and `settings.VARIABLES` name the same
variables with the same defaults, and no other module of the package reads one."""

from __future__ import annotations

import re

from rcnet_data import settings
from tests.conftest import PROJECT_ROOT


def readme_table() -> dict[str, str]:
    """The README's table of settings: variable -> default as written."""
    text = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Settings") :]
    section = section[: section.index("\n## ", 4)]
    rows = re.findall(r"^\| `(RCNET_[A-Z_]+)` \| ([^|]+) \|", section, flags=re.MULTILINE)
    return {name: default.strip().strip("`") for name, default in rows}


def test_every_setting_is_in_the_readme_and_every_row_is_a_setting():
    table = readme_table()
    assert list(table) == [v.name for v in settings.VARIABLES]
    for variable in settings.VARIABLES:
        assert table[variable.name] == (variable.default or "—"), variable.name


def test_no_other_module_reads_the_environment():
    readers = []
    for path in (PROJECT_ROOT / "rcnet_data").rglob("*.py"):
        if path.name == "settings.py":
            continue
        text = path.read_text(encoding="utf-8")
        if "RCNET_" in text and re.search(r"os\.environ|getenv", text):
            readers.append(str(path.relative_to(PROJECT_ROOT)))
        assert not re.search(r"os\.environ\.get\(\s*[\"']RCNET_|getenv\(\s*[\"']RCNET_", text), path
    assert readers == []


def test_settings_follow_the_environment_they_are_read_from():
    read = settings.from_environment({"RCNET_MAX_UPLOAD_MB": "2,5", "RCNET_MAX_ROWS": "7", "RCNET_DEBUG": "1"})
    assert read.max_upload_mb == 2.5 and read.max_upload_bytes == int(2.5 * 1024 * 1024)
    assert read.max_rows == 7 and read.debug is True and read.database_url is None
    assert read.sqlite_path == PROJECT_ROOT / "var" / "rcnet.sqlite3"
    defaults = settings.from_environment({})
    assert defaults.max_upload_mb == 50 and defaults.boundary_tolerance_km == 5


def test_the_secrets_file_is_parsed_once_per_change(tmp_path, monkeypatch):
    from tests.conftest import set_setting

    path = tmp_path / "secrets.toml"
    path.write_text('database_url = "sqlite:///one"\n')
    set_setting(monkeypatch, "RCNET_SECRETS_FILE", str(path))
    parsed = []
    original = settings.tomllib.load
    monkeypatch.setattr(settings.tomllib, "load", lambda handle: parsed.append(1) or original(handle))
    assert settings.secret_value("database_url") == "sqlite:///one"
    assert settings.secret_value("database_url") == "sqlite:///one"
    assert len(parsed) == 1
    path.write_text('database_url = "sqlite:///two"\n[editors]\nanna = "x"\n')
    assert settings.secret_value("database_url") == "sqlite:///two" and settings.secret_table("editors") == {
        "anna": "x"
    }
    assert len(parsed) == 2
