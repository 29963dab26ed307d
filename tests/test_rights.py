"""Rights per region: a coordinator limited to Penza writes, replaces, removes and undoes
only Penza's rows and her own imports; everything else is refused row by row with the
reason. Through the CLI's --user, on SQLite and PostgreSQL."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from rcnet_data.core import columns
from rcnet_data.storage import auth
from tests.conftest import RUSSIAN_CENTER_HEADERS, run_cli, set_setting, write_csv
from tests.test_database import database, snapshot  # noqa: F401  (the fixture is shared)


@pytest.fixture
def coordinators(tmp_path, monkeypatch):
    """olga may edit Penza; ivan's list names only a region that does not exist; anna has no list."""
    path = tmp_path / "secrets.toml"
    digest = auth.hash_password("s3cret", iterations=1000)
    path.write_text(
        f'[editors]\nanna = "{digest}"\nolga = "{digest}"\nivan = "{digest}"\n\n'
        '[editors.regions]\nolga = ["RU-PNZ"]\nivan = ["RU-XXX"]\n'
    )
    set_setting(monkeypatch, "RCNET_SECRETS_FILE", str(path))


NO_POINT = {"Широта": "", "Долгота": ""}  # the point is looked up from the town


def url_of(engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def test_rights_come_from_the_secrets_file(coordinators):
    assert auth.rights_of("olga").regions == frozenset({"RU-PNZ"})
    assert not auth.rights_of("anna").limited  # no list: today's full rights
    assert auth.rights_of("ivan").limited and auth.rights_of("ivan").regions == frozenset()  # denied unless granted
    assert ("ivan", "unknown region code(s) RU-XXX: no rights are granted for them") in auth.editor_problems()


def import_as(user: str, path, engine, *extra) -> tuple[int, dict, str]:
    ran = run_cli("import", path, "--database", url_of(engine), "--user", user, "--json", *extra)
    return ran.returncode, json.loads(ran.stdout) if ran.stdout.strip() else {}, ran.stderr


def test_a_coordinator_limited_to_penza_cannot_write_tambov(coordinators, database, tmp_path, center_row):  # noqa: F811
    before = snapshot(database)[0].set_index(columns.CENTER_ID)
    tambov_stored = before[before[columns.REGION_CODE] == "RU-TAM"].index[0]
    penza_stored = before[before[columns.REGION_CODE] == "RU-PNZ"].index[0]
    rows = [
        center_row(Код="OLGA-PNZ"),  # Penza: hers
        center_row(**{"Код": "OLGA-TAM", "Субъект РФ": "Тамбовская область", "Населённый пункт": "Тамбов", **NO_POINT}),
        center_row(**{"Код": tambov_stored, "Субъект РФ": "Пензенская область"}),  # a Tambov center moved to Penza
        center_row(
            **{"Код": penza_stored, "Субъект РФ": "Тамбовская область", "Населённый пункт": "Тамбов", **NO_POINT}
        ),
    ]
    path = write_csv(tmp_path / "two-regions.csv", RUSSIAN_CENTER_HEADERS, rows)
    status, summary, err = import_as("olga", path, database)
    assert status == 1, err  # written, with rows rejected
    assert (summary["added"], summary["updated"], summary["rejected"]) == (1, 0, 3)
    reasons = {r["row"]: r["reasons"][0] for r in summary["rejected_rows"]}
    assert sorted(reasons) == [3, 4, 5]
    assert all("your rights cover Penza" in reason for reason in reasons.values()), reasons
    assert "Tambov" in reasons[3] and "Tambov" in reasons[4] and "Tambov" in reasons[5]
    after = snapshot(database)[0].set_index(columns.CENTER_ID)
    assert "OLGA-PNZ" in after.index and "OLGA-TAM" not in after.index
    pd.testing.assert_series_equal(after.loc[tambov_stored], before.loc[tambov_stored])
    pd.testing.assert_series_equal(after.loc[penza_stored], before.loc[penza_stored])

    # The same file from an editor with no list: full rights, as before this change.
    status, summary, err = import_as("anna", path, database)
    assert status == 0 and summary["rejected"] == 0, err


def test_a_coordinator_replaces_her_region_only_and_undoes_her_own_imports(
    coordinators,
    database,  # noqa: F811
    tmp_path,
    center_row,
):
    path = write_csv(tmp_path / "penza.csv", RUSSIAN_CENTER_HEADERS, [center_row(Код="OLGA-1")])
    status, _, err = import_as("olga", path, database, "--replace", "--yes")
    assert status == 2 and "you may replace only one of your regions (Penza" in err
    status, _, err = import_as("olga", path, database, "--replace", "--region", "RU-TAM", "--yes")
    assert status == 2 and "you may replace only one of your regions" in err
    penza_before = snapshot(database)[0].query("region_code == 'RU-PNZ'")
    status, summary, err = import_as("olga", path, database, "--replace", "--region", "Пенза", "--yes")
    assert status == 0, err
    assert sorted(summary["removed_ids"]) == sorted(penza_before[columns.CENTER_ID])
    assert snapshot(database)[0].query("region_code == 'RU-PNZ'")[columns.CENTER_ID].tolist() == ["OLGA-1"]

    other = write_csv(tmp_path / "anna.csv", RUSSIAN_CENTER_HEADERS, [center_row(Код="ANNA-1")])
    assert import_as("anna", other, database)[0] == 0
    ran = run_cli("undo", "--database", url_of(database), "--user", "olga")
    assert ran.returncode == 2 and "is anna's: you may undo only your own imports" in ran.stderr
    assert run_cli("undo", "--database", url_of(database), "--user", "anna").returncode == 0
    assert run_cli("undo", "--database", url_of(database), "--user", "olga").returncode == 0  # her own, now the newest
    restored = snapshot(database)[0].query("region_code == 'RU-PNZ'").reset_index(drop=True)
    pd.testing.assert_frame_equal(restored, penza_before.reset_index(drop=True))


def test_a_coordinator_removes_the_demo_of_her_region_only(coordinators, database):  # noqa: F811
    before = snapshot(database)[0]
    ran = run_cli("remove-demo", "--database", url_of(database), "--user", "olga", "--yes", "--json")
    assert ran.returncode == 0, ran.stderr
    after = snapshot(database)[0]
    removed = set(before[columns.CENTER_ID]) - set(after[columns.CENTER_ID])
    expected = before[(before[columns.REGION_CODE] == "RU-PNZ") & (before[columns.SOURCE] == columns.DEMO_SOURCE)]
    assert removed == set(expected[columns.CENTER_ID]) and removed
    ran = run_cli("remove-demo", "--database", url_of(database), "--user", "ivan", "--yes")
    assert ran.returncode == 2 and snapshot(database)[0].shape == after.shape  # no rights: nothing
