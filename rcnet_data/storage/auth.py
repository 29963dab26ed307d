"""Editor sign-in: password hashes (never passwords) in the secrets file.

    [editors]
    anna = "pbkdf2_sha256$600000$<salt>$<hash>"

Make a hash with `python -m rcnet_data hash-password`. The secrets file is
.streamlit/secrets.toml, or the file named by RCNET_SECRETS_FILE. With no editor and no
OIDC provider configured, editing is off. Rights live in one browser session only.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from rcnet_data.storage import db

ALGORITHM = "pbkdf2_sha256"
ITERATIONS = 600_000  # OWASP's 2023 figure for PBKDF2-HMAC-SHA256


def hash_password(password: str, iterations: int = ITERATIONS, salt: str | None = None) -> str:
    salt = salt or secrets.token_urlsafe(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), iterations)
    return f"{ALGORITHM}${iterations}${salt}${base64.b64encode(digest).decode()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        algorithm, iterations, salt, expected = stored.split("$", 3)
    except ValueError:
        return False
    if algorithm != ALGORITHM:
        return False
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), int(iterations))
    return hmac.compare_digest(base64.b64encode(digest).decode(), expected)


def editors() -> dict[str, str]:
    """User name -> password hash, from the secrets file."""
    table = db.secrets_table("editors")
    return {str(name): str(value) for name, value in table.items() if isinstance(value, str)}


def oidc_configured() -> bool:
    """Streamlit's st.login needs an [auth] section with a provider in the secrets file."""
    auth = db.secrets_table("auth")
    return bool(auth.get("redirect_uri") and auth.get("cookie_secret"))


def oidc_editors() -> set[str]:
    """E-mail addresses allowed to edit after an OIDC sign-in ([auth] editors = [...])."""
    return {str(e).lower() for e in db.secrets_table("auth").get("editors", [])}


def editing_configured() -> bool:
    return bool(editors()) or oidc_configured()


def check(user: str, password: str) -> bool:
    stored = editors().get(user.strip())
    # Compare against a dummy hash for unknown users so both take the same time.
    return verify_password(password, stored or hash_password("", iterations=ITERATIONS, salt="x")) and stored is not None
