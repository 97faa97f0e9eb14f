"""Compose each subscriber's message and hand it to a transport, once per digest and subscriber."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import logging
import os
import re
import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from pathlib import Path
from typing import Protocol

from digest.config import Config
from digest.context import UNSUBSCRIBE_MARKER
from digest.errors import DeliveryError
from digest.models import Subscriber
from digest.render import RenderedDigest, write_atomic
from digest.store import Store
from digest.tokens import TokenClaims, load_secret, sign

logger = logging.getLogger(__name__)

PASSWORD_ENV = "DIGEST_SMTP_PASSWORD"


class Transport(Protocol):
    """Something that can carry a finished message to its recipient."""

    def send(self, message: EmailMessage, recipient: str) -> None: ...

    def close(self) -> None: ...


def _safe_name(email: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", email.lower())


class OutboxTransport:
    """Writes each message as an .eml file: outbox/YYYY-MM-DD/<recipient>.eml."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def send(self, message: EmailMessage, recipient: str) -> None:
        date = message["X-Digest-Date"]
        if date is None:
            # not a digest (a subscription confirmation): never overwrite an earlier one
            tag = hashlib.sha256(str(message["Message-ID"]).encode()).hexdigest()[:12]
            path = self.folder / "confirmations" / f"{_safe_name(recipient)}-{tag}.eml"
            write_atomic(path, message.as_string())
            return
        write_atomic(self.folder / date / f"{_safe_name(recipient)}.eml", message.as_string())

    def close(self) -> None:
        pass


class SmtpTransport:
    """Sends through an SMTP server, one connection for many messages."""

    def __init__(self, config: Config) -> None:
        self.settings = config.delivery.smtp
        self.password = os.environ.get(PASSWORD_ENV, "")
        self.connection: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        context = ssl.create_default_context()
        try:
            if s.security == "ssl":
                conn: smtplib.SMTP = smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout,
                                                      context=context)
            else:
                conn = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
                if s.security == "starttls":
                    conn.starttls(context=context)
            if s.username:
                conn.login(s.username, self.password)
        except (OSError, smtplib.SMTPException) as exc:
            raise DeliveryError(
                f"{s.host}:{s.port}", f"cannot connect: {exc}",
                hint=f"check [delivery.smtp] in config.toml and the {PASSWORD_ENV} variable",
            ) from None
        return conn

    def send(self, message: EmailMessage, recipient: str) -> None:
        if self.connection is None:
            self.connection = self._connect()
        self.connection.send_message(message, to_addrs=[recipient])

    def close(self) -> None:
        if self.connection is not None:
            try:
                self.connection.quit()
            except (OSError, smtplib.SMTPException):
                pass
            self.connection = None


TRANSPORTS: dict[str, Callable[[Config], Transport]] = {
    "outbox": lambda config: OutboxTransport(config.outbox_dir),
    "smtp": SmtpTransport,
}


def make_transport(config: Config) -> Transport:
    """The transport named in config."""
    return TRANSPORTS[config.delivery.transport](config)


def message_id(date: dt.date, email: str, sender: str) -> str:
    """The same Message-ID for the same digest and subscriber, so a resend is recognisable."""
    domain = parseaddr(sender)[1].rpartition("@")[2] or "digest.invalid"
    token = hashlib.sha256(f"{date.isoformat()}\0{email.lower()}".encode()).hexdigest()[:24]
    return f"<digest-{date:%Y%m%d}-{token}@{domain}>"


def unsubscribe_url(config: Config, subscriber: Subscriber, secret: bytes) -> str:
    """Where the subscriber goes to stop receiving the digest: a signed, unforgeable link."""
    token = sign(TokenClaims(subscriber.email, config.list_id, "unsubscribe"), secret)
    return f"{config.delivery.base_url.rstrip('/')}/unsubscribe?token={token}"


def compose(
    config: Config, rendered: RenderedDigest, *, date: dt.date, title: str,
    subscriber: Subscriber, now: dt.datetime, secret: bytes,
) -> EmailMessage:
    """One subscriber's complete message: text/plain first, text/html last."""
    url = unsubscribe_url(config, subscriber, secret)
    message = EmailMessage()
    # a header can never carry a line break from an article or a title
    message["Subject"] = " ".join(title.split())
    message["From"] = config.delivery.from_
    message["To"] = (
        f"{subscriber.name} <{subscriber.email}>" if subscriber.name else subscriber.email
    )
    if config.delivery.reply_to:
        message["Reply-To"] = config.delivery.reply_to
    message["Date"] = format_datetime(now)
    message["Message-ID"] = message_id(date, subscriber.email, config.delivery.from_)
    message["X-Digest-Date"] = date.isoformat()
    # quoted-printable keeps the text readable in the raw message and the HTML far smaller
    # than base64 would, which matters for Gmail's clipping limit
    message.set_content(rendered.email_text.replace(UNSUBSCRIBE_MARKER, url),
                        cte="quoted-printable")
    message.add_alternative(
        rendered.email_html.replace(UNSUBSCRIBE_MARKER, html.escape(url)), subtype="html",
        cte="quoted-printable",
    )
    return message


@dataclass
class SendReport:
    """What one send did."""

    sent: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # already had this digest
    failed: list[str] = field(default_factory=list)


def send_digest(
    config: Config, store: Store, rendered: RenderedDigest, *, date: dt.date, title: str,
    transport: Transport, now: Callable[[], dt.datetime],
) -> SendReport:
    """Send a rendered digest to every active subscriber who has not had it yet."""
    report = SendReport()
    secret = load_secret(config.secret_key_path)
    try:
        for subscriber in store.subscribers("active"):
            mid = message_id(date, subscriber.email, config.delivery.from_)
            delivery = store.plan_delivery(date, subscriber.email, mid)
            if delivery.status == "sent":
                report.skipped.append(subscriber.email)
                continue
            if delivery.status == "sending":
                # the process stopped between handing over and recording it: in doubt
                logger.warning("delivery of %s to %s is in doubt (interrupted); sending again",
                               date, subscriber.email)
            store.mark_delivery(date, subscriber.email, "sending", attempt=True)
            message = compose(config, rendered, date=date, title=title, subscriber=subscriber,
                              now=now(), secret=secret)
            try:
                transport.send(message, subscriber.email)
            except (OSError, smtplib.SMTPException, DeliveryError) as exc:
                logger.error("delivery of %s to %s failed: %s", date, subscriber.email, exc)
                store.mark_delivery(date, subscriber.email, "failed", error=str(exc))
                report.failed.append(subscriber.email)
                continue
            store.mark_delivery(date, subscriber.email, "sent")
            report.sent.append(subscriber.email)
    finally:
        transport.close()
    return report
