"""Editor sign-in: password hashes (never passwords) in the secrets file, or an OpenID Connect
provider through Streamlit's st.login.

    [editors]
    anna = "pbkdf2_sha256$600000$<salt>$<hash>"

Make a hash with `python -m rcnet_data hash-password`. The secrets file is
.streamlit/secrets.toml, or the file named by RCNET_SECRETS_FILE. With no editor and no
OIDC provider configured, editing is off. Rights live in one browser session only, and are
checked again on every page run (an editor removed from the file loses them at once).

A password check costs the same for a user name that exists and one that does not (one
PBKDF2 either way), so timing does not tell which names exist. Failed attempts are logged
in the database (`sign_in_attempts`) and limited per user name and per browser session:
after FREE_FAILURES failures within WINDOW, each further attempt waits twice as long as the
one before, up to MAX_WAIT, and is refused unchecked until then.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
import time
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache

import sqlalchemy as sa

from rcnet_data import settings
from rcnet_data.storage import db

ALGORITHM = "pbkdf2_sha256"
ITERATIONS = 600_000  # OWASP's 2023 figure for PBKDF2-HMAC-SHA256
MIN_ITERATIONS = 1  # a structural check: hash-password itself uses ITERATIONS
FREE_FAILURES = 5
WINDOW = timedelta(minutes=15)
FIRST_WAIT = timedelta(seconds=30)
MAX_WAIT = timedelta(minutes=15)


def hash_password(password: str, iterations: int = ITERATIONS, salt: str | None = None) -> str:
    salt = salt or secrets.token_urlsafe(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), iterations)
    return f"{ALGORITHM}${iterations}${salt}${base64.b64encode(digest).decode()}"


def hash_problem(stored: str) -> str | None:
    """Why a stored hash cannot be used (None when it can)."""
    parts = str(stored).split("$")
    if len(parts) != 4:
        return "not of the form pbkdf2_sha256$iterations$salt$hash"
    algorithm, iterations, salt, expected = parts
    if algorithm != ALGORITHM:
        return f"the algorithm is {algorithm!r}, not {ALGORITHM}"
    if not iterations.isdigit() or int(iterations) < MIN_ITERATIONS:
        return f"the iteration count {iterations!r} is not a whole number"
    try:
        if not salt or len(base64.b64decode(expected, validate=True)) != 32:
            return "the salt is empty or the hash is not 32 bytes of base64"
    except (binascii.Error, ValueError):
        return "the hash is not base64"
    return None


def verify_password(password: str, stored: str) -> bool:
    """True when the password matches the stored hash; a malformed hash never matches."""
    if hash_problem(stored):
        return False
    _, iterations, salt, expected = stored.split("$")
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), int(iterations))
    return hmac.compare_digest(base64.b64encode(digest).decode(), expected)


@cache
def _stand_in_hash() -> str:
    """A hash to check unknown user names against, made once, with the same cost as a real one."""
    return hash_password(secrets.token_urlsafe(16), ITERATIONS)


def editors() -> dict[str, str]:
    """User name -> password hash, from the secrets file."""
    table = settings.secret_table("editors")
    return {str(name): str(value) for name, value in table.items() if isinstance(value, str)}


def editor_problems() -> list[tuple[str, str]]:
    """(user name, what is wrong) for every editor whose stored hash cannot be used, and
    every region in a list of rights that is not a region code of the reference."""
    problems = [(name, problem) for name, stored in editors().items() if (problem := hash_problem(stored))]
    for name, listed in _region_lists().items():
        unknown = [str(code) for code in listed if str(code) not in _region_codes()]
        if unknown:
            problems.append((name, f"unknown region code(s) {', '.join(unknown)}: no rights are granted for them"))
    return problems


# --- rights per region --------------------------------------------------------------------
@dataclass(frozen=True)
class Rights:
    """What an editor may write: every region (`regions` is None), or only the rows of
    these regions. A limited editor's lists are all she is granted: a region not listed,
    a row of no region and a region code the reference does not know are denied."""

    regions: frozenset[str] | None = None

    @property
    def limited(self) -> bool:
        return self.regions is not None

    def allows(self, region) -> bool:
        return self.regions is None or (isinstance(region, str) and region in self.regions)


FULL_RIGHTS = Rights()


def _region_codes() -> set[str]:
    from rcnet_data.core import reference

    return set(reference.regions().index)


def _region_lists() -> dict[str, list]:
    """The lists of regions in the secrets file: `[editors.regions] olga = ["RU-PNZ"]` for a
    password editor, `[auth.editor_regions] "eve@example.org" = ["RU-TAM"]` after OIDC."""
    lists: dict[str, list] = {}
    for section, fold in (
        (settings.secret_table("editors").get("regions"), False),
        (settings.secret_table("auth").get("editor_regions"), True),
    ):
        if isinstance(section, dict):
            for name, listed in section.items():
                key = str(name).lower() if fold else str(name)
                lists[key] = listed if isinstance(listed, list) else [listed]
    return lists


def rights_of(user: str | None) -> Rights:
    """The rights of an editor by name (or e-mail): limited to the regions listed for her,
    else every region (an editor with no list keeps full rights)."""
    if not user:
        return FULL_RIGHTS
    lists = _region_lists()
    listed = lists.get(user, lists.get(user.lower()))
    if listed is None:
        return FULL_RIGHTS
    return Rights(frozenset(str(code) for code in listed if str(code) in _region_codes()))


def oidc_configured() -> bool:
    """Streamlit's st.login needs an [auth] section with a provider in the secrets file."""
    auth = settings.secret_table("auth")
    return bool(auth.get("redirect_uri") and auth.get("cookie_secret"))


def oidc_editors() -> set[str]:
    """E-mail addresses allowed to edit after an OIDC sign-in ([auth] editors = [...])."""
    return {str(e).lower() for e in settings.secret_table("auth").get("editors", [])}


def email_verified(claim) -> bool:
    """Whether an ID token's `email_verified` claim says yes (some providers send the text "true")."""
    return claim is True or str(claim).strip().lower() == "true"


PROBE_TIMEOUT_S = 3
PROBE_TTL_S = 30  # a provider found down is asked again after this long
_probes: dict[str, tuple[float, str | None]] = {}


def oidc_metadata_url() -> str | None:
    """The provider's discovery document: [auth] server_metadata_url, or the first
    [auth.<provider>] section's."""
    auth = settings.secret_table("auth")
    if auth.get("server_metadata_url"):
        return str(auth["server_metadata_url"])
    for value in auth.values():
        if isinstance(value, dict) and value.get("server_metadata_url"):
            return str(value["server_metadata_url"])
    return None


def oidc_provider_problem() -> str | None:
    """Why the identity provider cannot be reached now (None when it answers): asked with a
    short timeout and remembered for PROBE_TTL_S, so a provider that is down costs viewers
    nothing and the Data page can say so in one sentence instead of failing on sign-in."""
    url = oidc_metadata_url()
    if not url:
        return "no server_metadata_url in the [auth] section"
    now = time.monotonic()
    cached = _probes.get(url)
    if cached and now - cached[0] < PROBE_TTL_S:
        return cached[1]
    try:
        with urllib.request.urlopen(url, timeout=PROBE_TIMEOUT_S) as response:
            problem = (
                None
                if response.status == 200 and b"authorization_endpoint" in response.read(200_000)
                else f"{url} answered without an OpenID configuration"
            )
    except (OSError, ValueError) as exc:
        problem = f"{url}: {getattr(exc, 'reason', exc)}"
    _probes[url] = (now, problem)
    return problem


def editing_configured() -> bool:
    return bool(editors()) or oidc_configured()


def check(user: str, password: str) -> bool:
    """One PBKDF2, whether or not the user name exists."""
    stored = editors().get(user.strip())
    usable = stored is not None and hash_problem(stored) is None
    matches = verify_password(password, stored if usable else _stand_in_hash())
    return matches and usable


# --- attempts ------------------------------------------------------------------------------
@dataclass(frozen=True)
class SignIn:
    ok: bool
    wait_seconds: int = 0  # > 0: refused unchecked, too many recent failures


def _wait_after(failures: int) -> timedelta:
    if failures < FREE_FAILURES:
        return timedelta(0)
    return min(FIRST_WAIT * 2 ** (failures - FREE_FAILURES), MAX_WAIT)


def _recent_failures(
    connection, column, value: str, now: datetime, before: int | None = None
) -> tuple[int, datetime | None]:
    """Failures (and attempts still being checked) for a user name or session since the
    window opened or the last success; `before`: only attempts older than this one."""
    table = db.sign_in_attempts
    since = now - WINDOW
    last_success = connection.execute(
        sa.select(sa.func.max(table.c.at)).where(column == value, table.c.success)
    ).scalar()
    if last_success is not None:
        since = max(since, _aware(last_success))
    earlier = table.c.id < before if before is not None else sa.true()
    row = connection.execute(
        sa.select(sa.func.count(), sa.func.max(table.c.at)).where(
            column == value, ~table.c.success, table.c.at > since, earlier
        )
    ).one()
    return int(row[0]), _aware(row[1]) if row[1] is not None else None


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def record(engine: sa.Engine, user: str, session: str, method: str, success: bool, at: datetime | None = None) -> None:
    with engine.begin() as connection:
        connection.execute(
            sa.insert(db.sign_in_attempts).values(
                at=at or datetime.now(UTC),
                user_name=user.strip()[:100],
                session=session[:64],
                method=method,
                success=success,
            )
        )


ATTEMPT_LOCK_CLASS = 0x7263  # PostgreSQL advisory locks: (this class, a hash of the name or session)


def _lock_attempts(connection, user: str, session: str) -> None:
    """Serialise sign-ins for one user name and one browser on PostgreSQL (SQLite's
    immediate transaction already holds the write lock): the attempt is counted and
    reserved before another can be."""
    if connection.dialect.name == "postgresql":
        for offset, value in ((0, user), (1, session)):  # always in this order: no deadlock
            connection.execute(
                sa.text("SELECT pg_advisory_xact_lock(:cls, hashtext(:value))"),
                {"cls": ATTEMPT_LOCK_CLASS + offset, "value": value},
            )


def sign_in(engine: sa.Engine, user: str, password: str, session: str, now: datetime | None = None) -> SignIn:
    """Check a password sign-in within the attempt limit, and log the attempt.

    The attempt is counted and reserved in one transaction before the password is checked:
    it is written as a failure first, under a lock per user name and browser, and turned
    into a success only when the password matches. Twenty attempts sent at once therefore
    see each other, and the limit holds under concurrency."""
    table = db.sign_in_attempts
    name, token = user.strip()[:100], session[:64]
    with engine.connect().execution_options(immediate=True) as connection, connection.begin():
        _lock_attempts(connection, name, token)
        # The clock is read under the lock, so attempts are written in the order of their
        # times: read before it, an attempt that waited for the lock was older than the one
        # written before it, and was refused as if that one's wait applied to it.
        now = now or datetime.now(UTC)
        attempt = connection.execute(
            sa.insert(table)
            .values(at=now, user_name=name, session=token, method="password", success=False)
            .returning(table.c.id)
        ).scalar_one()
        waits = []
        for column, value in ((table.c.user_name, name), (table.c.session, token)):
            failures, last = _recent_failures(connection, column, value, now, before=attempt)
            wait = _wait_after(failures)
            if wait and last is not None and now < last + wait:  # a free attempt never waits
                waits.append((last + wait - now).total_seconds())
        if waits:  # refused unchecked: not an attempt, so it does not lengthen the wait
            connection.execute(sa.delete(table).where(table.c.id == attempt))
            return SignIn(False, max(1, int(max(waits) + 0.999)))
    ok = check(user, password)
    if ok:
        with engine.begin() as connection:
            connection.execute(sa.update(table).where(table.c.id == attempt).values(success=True))
    return SignIn(ok)
