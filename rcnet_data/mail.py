"""Sending the digest of what changed by e-mail, through the library's own mail server.

The server is named in the secrets file's `[smtp]` section (host, port, username,
password, sender, security = "starttls" | "ssl" | "none"); rcnet never guesses one. Python's
smtplib does the talking; the tests run it against a local server (aiosmtpd on loopback).
"""

from __future__ import annotations

import mimetypes
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from rcnet_data import settings

SECURITY = ("starttls", "ssl", "none")
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
TIMEOUT_S = 30


class MailNotConfigured(ValueError):
    """The secrets file has no usable [smtp] section."""


@dataclass(frozen=True)
class MailServer:
    host: str
    port: int
    sender: str
    username: str = ""
    password: str = ""
    security: str = "starttls"


def mail_server() -> MailServer:
    """The [smtp] section of the secrets file, checked: which key is missing or wrong, and why."""
    section = settings.secret_table("smtp")
    if not section:
        raise MailNotConfigured(f"no [smtp] section in the secrets file ({settings.current().secrets_file})")
    host, sender = str(section.get("host", "")).strip(), str(section.get("sender", "")).strip()
    if not host:
        raise MailNotConfigured("[smtp] host is missing: the name of the library's mail server")
    if "@" not in sender:
        raise MailNotConfigured("[smtp] sender is missing or not an address: the From of the digest")
    security = str(section.get("security", "starttls")).strip().lower()
    if security not in SECURITY:
        raise MailNotConfigured(f"[smtp] security = {security!r}: use one of {', '.join(SECURITY)}")
    try:
        port = int(section.get("port", DEFAULT_PORTS[security]))
    except (TypeError, ValueError):
        raise MailNotConfigured(f"[smtp] port = {section.get('port')!r} is not a number") from None
    return MailServer(
        host,
        port,
        sender,
        str(section.get("username", "")),
        str(section.get("password", "")),
        security,
    )


def send(server: MailServer, to: list[str], subject: str, body: str, attachments: list[Path]) -> None:
    """One message to every address in `to`, with the files attached. smtplib's errors pass
    to the caller (a refused address, a server that is down): the files are on disk anyway."""
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = server.sender, ", ".join(to), subject
    message.set_content(body)
    for path in attachments:
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        main, sub = kind.split("/", 1)
        message.add_attachment(path.read_bytes(), maintype=main, subtype=sub, filename=path.name)
    if server.security == "ssl":
        client = smtplib.SMTP_SSL(server.host, server.port, timeout=TIMEOUT_S, context=ssl.create_default_context())
    else:
        client = smtplib.SMTP(server.host, server.port, timeout=TIMEOUT_S)
    with client:
        if server.security == "starttls":
            client.starttls(context=ssl.create_default_context())
        if server.username:
            client.login(server.username, server.password)
        client.send_message(message)
