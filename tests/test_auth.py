"""Editor passwords: only hashes are stored, and checking them is exact."""

import pytest

from rcnet_data.storage import auth


@pytest.fixture
def secrets(tmp_path, monkeypatch):
    """A secrets file with one editor, as an administrator would write it."""
    path = tmp_path / "secrets.toml"
    path.write_text(f'[editors]\nanna = "{auth.hash_password("correct horse", iterations=1000)}"\n')
    monkeypatch.setenv("RCNET_SECRETS_FILE", str(path))
    return path


def test_hash_is_salted_and_verifies():
    first, second = auth.hash_password("secret", iterations=1000), auth.hash_password("secret", iterations=1000)
    assert first != second and "secret" not in first
    assert auth.verify_password("secret", first) and not auth.verify_password("Secret", first)
    assert not auth.verify_password("secret", "plain-text-password")


def test_check_against_the_secrets_file(secrets):
    assert auth.editing_configured()
    assert auth.check("anna", "correct horse")
    assert auth.check(" anna ", "correct horse")
    assert not auth.check("anna", "wrong")
    assert not auth.check("boris", "correct horse")


def test_no_editors_means_editing_is_off(tmp_path, monkeypatch):
    monkeypatch.setenv("RCNET_SECRETS_FILE", str(tmp_path / "missing.toml"))
    assert not auth.editing_configured() and auth.editors() == {}
