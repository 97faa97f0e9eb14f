"""Carry finished messages: an outbox folder of .eml files, or an SMTP server."""

from __future__ import annotations

import hashlib
import logging
import os
import re
import smtplib
import ssl
import time
from collections.abc import Callable
from email.generator import BytesGenerator
from email.message import EmailMessage
from email.utils import parseaddr
from io import BytesIO
from pathlib import Path
from typing import Protocol

from digest.config import Config, SmtpSettings
from digest.errors import DeliveryError
from digest.message import POLICY, safe_filename
from digest.render import write_atomic

logger = logging.getLogger(__name__)

PASSWORD_ENV = "DIGEST_SMTP_PASSWORD"


class Transport(Protocol):
    """Something that can carry a finished message to its recipient."""

    def send(self, message: EmailMessage, recipient: str) -> None: ...

    def close(self) -> None: ...


_NEWLINES = re.compile(r"\r\n|\r|\n")


class _WireGenerator(BytesGenerator):
    """The stdlib generator, writing each body in one piece rather than line by line: the same
    bytes, without thousands of small writes per message (a third of the time spent sending)."""

    def _write_lines(self, lines: str) -> None:
        if lines:
            self.write(_NEWLINES.sub(self._NL, lines))


class TemporaryFailure(DeliveryError):
    """The server said "not now" (4xx) or did not answer: try again later."""

    def __init__(self, recipient: str, reason: str, *, code: int | None = None,
                 in_doubt: bool = False) -> None:
        self.code = code
        # the message may have reached the server before the connection broke
        self.in_doubt = in_doubt
        super().__init__(recipient, reason)


class PermanentFailure(DeliveryError):
    """The server refused for good (5xx): never try this message again."""

    def __init__(self, recipient: str, reason: str, *, code: int,
                 recipient_refused: bool = False) -> None:
        self.code = code
        # refused at RCPT: the address itself is bad, so it bounced
        self.recipient_refused = recipient_refused
        super().__init__(recipient, reason)


class ServerUnavailable(DeliveryError):
    """The server could not be reached or refused the login: nothing can be sent now."""


def _refusal(recipient: str, code: int, reply: bytes | str, *, stage: str) -> DeliveryError:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply
    reason = f"{stage} refused: {code} {text}"
    if 500 <= code < 600:
        return PermanentFailure(recipient, reason, code=code,
                                recipient_refused=stage == "RCPT")
    return TemporaryFailure(recipient, reason, code=code)


class OutboxTransport:
    """Writes each message as an .eml file: outbox/YYYY-MM-DD/<recipient>.eml."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def send(self, message: EmailMessage, recipient: str) -> None:
        text = message.as_string(policy=POLICY.clone(linesep="\n"))
        date = message["X-Digest-Date"]
        if date is None:
            # not a digest (a subscription confirmation): never overwrite an earlier one
            tag = hashlib.sha256(str(message["Message-ID"]).encode()).hexdigest()[:12]
            write_atomic(self.folder / "confirmations" / f"{safe_filename(recipient)}-{tag}.eml",
                         text)
            return
        write_atomic(self.folder / str(date) / f"{safe_filename(recipient)}.eml", text)

    def close(self) -> None:
        pass


class SmtpTransport:
    """Sends through an SMTP server over one connection, reconnecting when it drops."""

    def __init__(self, settings: SmtpSettings, *, password: str = "", sender: str,
                 ca_file: Path | None = None, reuse: bool = True) -> None:
        self.settings = settings
        self.password = password
        self.envelope_from = parseaddr(sender)[1]
        self.ca_file = ca_file
        self.reuse = reuse  # False opens a connection per message (the benchmark's baseline)
        self.connection: smtplib.SMTP | None = None
        self.connections = 0  # how many were opened, for logs and tests

    def _context(self) -> ssl.SSLContext:
        context = ssl.create_default_context()
        if self.ca_file:
            context.load_verify_locations(cafile=str(self.ca_file))
        return context

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        try:
            if s.security == "ssl":
                conn: smtplib.SMTP = smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout,
                                                      context=self._context())
            else:
                conn = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
                if s.security == "starttls":
                    conn.starttls(context=self._context())
            conn.ehlo_or_helo_if_needed()
            if s.username:
                conn.login(s.username, self.password)
        except smtplib.SMTPAuthenticationError as exc:
            raise ServerUnavailable(
                f"{s.host}:{s.port}", f"login as {s.username!r} refused: {exc.smtp_code}",
                hint=f"check delivery.smtp.username and the {PASSWORD_ENV} variable",
            ) from None
        except (OSError, smtplib.SMTPException) as exc:
            raise ServerUnavailable(
                f"{s.host}:{s.port}", f"cannot connect: {exc}",
                hint="check [delivery.smtp] host, port and security in config.toml",
            ) from None
        self.connections += 1
        return conn

    def send(self, message: EmailMessage, recipient: str) -> None:
        """Hand one message over; raises TemporaryFailure or PermanentFailure when refused."""
        buffer = BytesIO()
        _WireGenerator(buffer, policy=POLICY).flatten(message, linesep="\r\n")
        raw = buffer.getvalue()
        # a reused connection may have been closed by the server while idle: one fresh try
        for fresh in (False, True):
            reused = self.connection is not None
            if self.connection is None:
                self.connection = self._connect()
            try:
                self._transaction(self.connection, raw, recipient)
                break
            except _Dropped as dropped:
                self._drop()
                # only a connection found dead at the first command was merely idle; a
                # timeout or a drop later on is the server's trouble: retried with backoff
                idle = dropped.stage == "MAIL" and not isinstance(dropped.cause, TimeoutError)
                if not idle or fresh or not reused:
                    raise TemporaryFailure(
                        recipient, f"connection lost during {dropped.stage}: {dropped.cause}",
                        in_doubt=dropped.stage == "DATA",
                    ) from None
                logger.info("SMTP connection dropped while idle: reconnecting")
        if not self.reuse:
            self.close()

    def _transaction(self, conn: smtplib.SMTP, raw: bytes, recipient: str) -> None:
        # one command at a time, so a refusal or a drop is known by the step it happened at
        stage = "MAIL"
        try:
            code, reply = conn.mail(self.envelope_from)
            if code != 250:
                raise self._refused(conn, recipient, code, reply, stage)
            stage = "RCPT"
            code, reply = conn.rcpt(recipient)
            if code not in (250, 251):
                raise self._refused(conn, recipient, code, reply, stage)
            stage = "DATA"
            code, reply = conn.data(raw)
            if code != 250:
                raise self._refused(conn, recipient, code, reply, stage)
        except smtplib.SMTPDataError as exc:  # refused at the DATA command itself
            raise self._refused(conn, recipient, exc.smtp_code, exc.smtp_error, stage) from None
        except (smtplib.SMTPServerDisconnected, OSError) as exc:  # timeouts are OSErrors
            raise _Dropped(stage, exc) from None

    def _refused(self, conn: smtplib.SMTP, recipient: str, code: int, reply: bytes,
                 stage: str) -> DeliveryError:
        if code == 421:  # the server is closing this connection
            self._drop()
        else:
            try:
                conn.rset()
            except (OSError, smtplib.SMTPException):
                self._drop()
        return _refusal(recipient, code, reply, stage=stage)

    def _drop(self) -> None:
        if self.connection is not None:
            try:
                self.connection.close()
            except OSError:
                pass
            self.connection = None

    def close(self) -> None:
        if self.connection is not None:
            try:
                self.connection.quit()
            except (OSError, smtplib.SMTPException):
                pass
            self.connection = None


class _Dropped(Exception):
    def __init__(self, stage: str, cause: BaseException) -> None:
        self.stage = stage
        self.cause = cause


def smtp_transport(config: Config, *, reuse: bool = True) -> SmtpTransport:
    """The SMTP transport for [delivery.smtp], the password taken from DIGEST_SMTP_PASSWORD."""
    settings = config.delivery.smtp
    return SmtpTransport(
        settings, password=os.environ.get(PASSWORD_ENV, ""), sender=config.delivery.from_,
        ca_file=config.resolve(settings.ca_file) if settings.ca_file else None, reuse=reuse,
    )


TRANSPORTS: dict[str, Callable[[Config], Transport]] = {
    "outbox": lambda config: OutboxTransport(config.outbox_dir),
    "smtp": smtp_transport,
}


def make_transport(config: Config) -> Transport:
    """The transport named in config."""
    return TRANSPORTS[config.delivery.transport](config)


class Pacer:
    """Spaces hand-overs so that no more than `rate` happen in any second."""

    def __init__(self, rate: float, *, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.rate = rate
        self.clock = clock
        self.sleep = sleep
        self.origin: float | None = None
        self.count = 0

    def wait(self) -> None:
        """Block until the next hand-over is allowed, then claim it."""
        if self.rate <= 0:
            return
        now = self.clock()
        # slots are origin + k/rate, computed from the origin rather than added up, so
        # rounding never lets rate+1 slots fit in one second
        slot = self.origin + self.count / self.rate if self.origin is not None else now
        if now < slot:
            self.sleep(slot - now)
        elif now > slot:  # behind schedule (a slow send): start again from now, no burst
            self.origin, self.count = now, 0
        if self.origin is None:
            self.origin = now
        self.count += 1
