"""The command line forms that scripts and checks rely on."""

import json

import pytest

from tests.conftest import PROJECT_ROOT, RUSSIAN_CENTER_HEADERS, run_cli, write_csv, write_xlsx


def run(*args):
    return run_cli(*args)


def test_help():
    result = run("--help")
    assert result.returncode == 0
    for command in ("summary", "validate", "milestones", "demo"):
        assert command in result.stdout


def test_summary_json():
    result = run("summary", "--as-of", "2024-05-16", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert list(data) == ["as_of", "domestic_centers", "foreign_centers", "countries", "regions_covered", "events"]
    assert data["as_of"] == "2024-05-16" and data["foreign_centers"] == 63 and data["countries"] == 35
    assert data["domestic_centers"] > 1600 and data["regions_covered"] == 85


def test_summary_on_another_folder(tmp_path, center_row):
    write_csv(tmp_path / "centers.csv", RUSSIAN_CENTER_HEADERS, [center_row(), center_row(Код="T-2")])
    write_csv(
        tmp_path / "events.csv",
        ["event_id", "date", "title", "event_type", "region_code"],
        [["E1", "2020-01-01", "t", "quest", "RU-PNZ"]],
    )
    data = json.loads(run("summary", "--data", str(tmp_path), "--json").stdout)
    assert data["domestic_centers"] == 2 and data["regions_covered"] == 1 and data["events"] == 1


def test_summary_rejects_bad_date():
    result = run("summary", "--as-of", "yesterday")
    assert result.returncode == 2 and "not a date" in result.stderr


def test_milestones_json_all_hold():
    result = run("milestones", "--json")
    assert result.returncode == 0
    rows = json.loads(result.stdout)
    assert len(rows) == 26 and all(row["holds"] for row in rows)
    assert {"date", "scope", "published", "registry", "holds", "source"} <= set(rows[0])
    # Every count is a whole number, or null where the source states none (never 24.0).
    for row in rows:
        for key in (
            "published",
            "registry",
            "published_countries",
            "registry_countries",
            "published_regions",
            "registry_regions",
        ):
            assert row[key] is None or type(row[key]) is int, (key, row[key])
    ural = next(row for row in rows if row["scope"] == "district:UFD")
    assert ural["published_regions"] == ural["registry_regions"] == 6


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_validate_json_and_exit_codes(tmp_path, center_row, fmt):
    writer = write_csv if fmt == "csv" else write_xlsx
    good = writer(tmp_path / f"good.{fmt}", RUSSIAN_CENTER_HEADERS, [center_row()])
    result = run("validate", str(good), "--kind", "centers", "--json")
    assert result.returncode == 0
    assert json.loads(result.stdout)["errors"] == []

    bad = writer(
        tmp_path / f"bad.{fmt}",
        RUSSIAN_CENTER_HEADERS,
        [center_row(), center_row(Код="T-2", **{"Субъект РФ": "Нарния"})],
    )
    result = run("validate", str(bad), "--kind", "centers", "--json")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["rows"] == 2 and data["valid_rows"] == 1
    assert data["errors"] == [
        {"row": 3, "column": "Субъект РФ", "value": "Нарния", "message": data["errors"][0]["message"]}
    ]
    assert "unknown region 'Нарния'" in data["errors"][0]["message"]


def test_validate_unreadable_file_exits_2(tmp_path):
    path = tmp_path / "picture.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    result = run("validate", str(path))
    assert result.returncode == 2
    assert "binary file" in result.stderr and "Traceback" not in result.stderr
    assert run("validate", str(tmp_path / "missing.csv")).returncode == 2


def test_demo_writes_to_folder(tmp_path):
    result = run("demo", "--out", str(tmp_path), "--scale", "2")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "centers.csv").stat().st_size > (PROJECT_ROOT / "data" / "centers.csv").stat().st_size
    assert run("demo", "--scale", "0", "--out", str(tmp_path)).returncode == 2


def test_hash_password_prints_a_hash_not_the_password():
    from rcnet_data.storage.auth import verify_password

    result = run_cli("hash-password", stdin="s3cret\n")
    assert result.returncode == 0
    stored = result.stdout.strip()
    assert stored.startswith("pbkdf2_sha256$") and "s3cret" not in stored and verify_password("s3cret", stored)


def test_plan_ranks_sites_by_residents_gained():
    result = run("plan", "--region", "RU-KYA", "--km", "50", "--count", "10", "--as-of", "2024-05-16", "--json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    sites = payload["sites"]
    assert payload["region"] == "RU-KYA" and len(sites) == 10 and [s["rank"] for s in sites] == list(range(1, 11))
    gained = [s["gained"] for s in sites]
    assert gained == sorted(gained, reverse=True) and all(type(g) is int for g in gained)
    assert sites[-1]["covered"] == payload["covered_before"] + sum(gained)
    assert 0 < sites[-1]["share"] <= 1


def test_plan_unknown_region_is_a_clear_error():
    result = run("plan", "--region", "Нарния")
    assert result.returncode == 2 and "unknown region" in result.stderr and "Traceback" not in result.stderr


def test_validate_names_the_region_a_point_lies_in_and_takes_a_tolerance(tmp_path, center_row):
    """Penza's coordinates stated as Saratov Oblast: swapped regions are named."""
    path = write_csv(
        tmp_path / "centers.csv", RUSSIAN_CENTER_HEADERS, [center_row(**{"Субъект РФ": "Саратовская обл."})]
    )
    result = run("validate", str(path), "--kind", "centers", "--json")
    assert result.returncode == 1
    assert "outside Saratov Oblast, in Penza Oblast" in json.loads(result.stdout)["errors"][0]["message"]
    assert run("validate", str(path), "--tolerance-km", "500", "--json").returncode == 0
    assert run("validate", str(path), "--tolerance-km", "far").returncode == 2
