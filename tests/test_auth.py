"""Editor passwords: only hashes are stored, and checking them is exact."""

import pytest

from rcnet_data.storage import auth
from tests.conftest import set_setting


@pytest.fixture
def secrets(tmp_path, monkeypatch):
    """A secrets file with one editor, as an administrator would write it."""
    path = tmp_path / "secrets.toml"
    path.write_text(f'[editors]\nanna = "{auth.hash_password("correct horse", iterations=1000)}"\n')
    set_setting(monkeypatch, "RCNET_SECRETS_FILE", str(path))
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
    set_setting(monkeypatch, "RCNET_SECRETS_FILE", str(tmp_path / "missing.toml"))
    assert not auth.editing_configured() and auth.editors() == {}


def test_unknown_and_known_user_names_cost_the_same(secrets, monkeypatch):
    """One PBKDF2 of the same cost either way, so timing does not tell which names exist."""
    import hashlib

    calls = []
    real = hashlib.pbkdf2_hmac

    def counting(name, password, salt, iterations, *rest):
        calls.append(iterations)
        return real(name, password, salt, iterations, *rest)

    auth._stand_in_hash()  # made once, before any sign-in
    monkeypatch.setattr(hashlib, "pbkdf2_hmac", counting)
    auth.check("anna", "wrong")
    known = list(calls)
    calls.clear()
    auth.check("nobody", "wrong")
    assert len(known) == len(calls) == 1
    # The stand-in costs what a real hash costs (the test editor's hash is cheap on purpose).
    assert calls[0] == auth.ITERATIONS


@pytest.mark.parametrize(
    "stored", ["plain-text", "pbkdf2_sha256$many$salt$aGFzaA==", "md5$1$s$h", "pbkdf2_sha256$1000$salt$not-base64!"]
)
def test_a_malformed_stored_hash_is_named_and_never_matches(tmp_path, monkeypatch, stored):
    path = tmp_path / "secrets.toml"
    path.write_text(f'[editors]\nboris = "{stored}"\n')
    set_setting(monkeypatch, "RCNET_SECRETS_FILE", str(path))
    (problem,) = auth.editor_problems()
    assert problem[0] == "boris" and problem[1]
    assert not auth.check("boris", stored)  # no ValueError either


def test_failed_attempts_are_logged_and_limited_with_back_off(secrets, tmp_path):
    from datetime import UTC, datetime, timedelta

    from rcnet_data.storage import db, startup

    engine = startup.open_database(f"sqlite:///{tmp_path / 'attempts.sqlite3'}")
    start = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
    for k in range(auth.FREE_FAILURES):
        assert auth.sign_in(engine, "anna", "guess", "session-a", now=start + timedelta(seconds=k)) == auth.SignIn(
            False
        )
    # The sixth comes too soon: refused unchecked, even with the right password.
    refused = auth.sign_in(engine, "anna", "correct horse", "session-b", now=start + timedelta(seconds=10))
    assert not refused.ok and 0 < refused.wait_seconds <= 30
    # Another user name from the first browser is held back too (the session is limited as well).
    assert auth.sign_in(engine, "boris", "x", "session-a", now=start + timedelta(seconds=11)).wait_seconds > 0
    later = start + timedelta(seconds=40)
    assert auth.sign_in(engine, "anna", "guess", "session-c", now=later) == auth.SignIn(False)
    # Each failure past the free ones doubles the wait: 30 s, then 60 s.
    assert (
        30
        < auth.sign_in(engine, "anna", "correct horse", "session-c", now=later + timedelta(seconds=1)).wait_seconds
        <= 60
    )
    assert auth.sign_in(engine, "anna", "correct horse", "session-d", now=later + timedelta(seconds=61)).ok
    import sqlalchemy as sa

    with engine.connect() as connection:
        rows = connection.execute(sa.select(db.sign_in_attempts.c.user_name, db.sign_in_attempts.c.success)).all()
    assert [tuple(r) for r in rows].count(("anna", False)) == auth.FREE_FAILURES + 1
    assert rows[-1] == ("anna", True)


def test_provider_probe_says_when_the_provider_is_down_and_when_it_answers(tmp_path, monkeypatch):
    """The Data page's one sentence depends on this probe: a closed port is a problem, the
    mock provider's discovery document is not, and the answer is remembered briefly."""
    import warnings

    from benchmarks.browser import free_port

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from oidc_provider_mock import run_server_in_thread

    secrets = tmp_path / "secrets.toml"
    set_setting(monkeypatch, "RCNET_SECRETS_FILE", str(secrets))
    closed = f"http://127.0.0.1:{free_port()}/.well-known/openid-configuration"
    secrets.write_text(f'[auth]\nredirect_uri = "x"\ncookie_secret = "y"\nserver_metadata_url = "{closed}"\n')
    auth._probes.clear()
    assert auth.oidc_provider_problem().startswith(closed)
    with run_server_in_thread(port=0) as provider:
        good = f"http://127.0.0.1:{provider.server_port}/.well-known/openid-configuration"
        secrets.write_text(
            f'[auth]\nredirect_uri = "x"\ncookie_secret = "y"\n[auth.library]\nserver_metadata_url = "{good}"\n'
        )
        assert auth.oidc_metadata_url() == good
        assert auth.oidc_provider_problem() is None
