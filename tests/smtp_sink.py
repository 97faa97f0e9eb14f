"""A real SMTP server on 127.0.0.1 (aiosmtpd) that records what it accepts and misbehaves on cue."""

from __future__ import annotations

import asyncio
import datetime as dt
import email
import email.policy
import shutil
import socket
import ssl
import subprocess
import textwrap
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from digest.assemble import digest_title
from digest.build import build_digest, open_store
from digest.config import Config, load_config
from digest.deliver import SendReport, make_transport, send_digest
from digest.render import load_rendered
from digest.transports import Transport

from .conftest import ROOT, write_config


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Sink:
    """What the server does: refuse some recipients, drop or stall some sessions."""

    refuse: dict[str, str] = field(default_factory=dict)  # address → reply, e.g. "550 no"
    refuse_times: dict[str, int] = field(default_factory=dict)  # refuse only the first N
    drop_at_data: dict[str, int] = field(default_factory=dict)  # close, unanswered, N times
    stall_rcpt: dict[str, float] = field(default_factory=dict)  # delay the RCPT answer once
    close_after: int = 0  # close every connection after this many accepted messages
    hold_at: int = 0  # after receiving message N, wait for `release` before answering
    notify_at: int = 0  # after accepting message N, set `reached`
    reached: threading.Event = field(default_factory=threading.Event)
    held: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    received: list[tuple[str, bytes]] = field(default_factory=list)  # (recipient, message)
    sessions: set[int] = field(default_factory=set)
    logins: list[tuple[str, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def _once(self, table: dict, address: str) -> bool:
        left = table.get(address, 0)
        if left:
            table[address] = left - 1
        return bool(left)

    async def handle_MAIL(self, server, session, envelope, address, options):  # noqa: ANN001
        self.sessions.add(id(session))
        envelope.mail_from = address
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, options):  # noqa: ANN001
        if address in self.stall_rcpt:
            await asyncio.sleep(self.stall_rcpt.pop(address))
        if address in self.refuse and (address not in self.refuse_times
                                       or self._once(self.refuse_times, address)):
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001
        [recipient] = envelope.rcpt_tos
        if self._once(self.drop_at_data, recipient):
            server.transport.close()  # the message is never accepted
            return "421 gone"
        with self.lock:
            self.received.append((recipient, envelope.original_content or envelope.content))
            count = len(self.received)
        if self.hold_at and count == self.hold_at:
            self.held.set()
            release = self.release
            # polled, not waited on in a thread: stopping the server cancels this cleanly
            while not release.is_set():
                await asyncio.sleep(0.01)
        if self.notify_at and count == self.notify_at:
            self.reached.set()
        if self.close_after and count % self.close_after == 0:
            asyncio.get_running_loop().call_soon(server.transport.close)
        return "250 Message accepted"

    def messages(self) -> list[EmailMessage]:
        return [email.message_from_bytes(raw, policy=email.policy.default)  # type: ignore[misc]
                for _, raw in self.received]

    def count(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for recipient, _ in self.received:
            counts[recipient] = counts.get(recipient, 0) + 1
        return counts


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and localhost; (cert, key)."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key),
         "-out", str(cert), "-days", "2", "-subj", "/CN=localhost",
         "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
        check=True, capture_output=True,
    )
    return cert, key


@contextmanager
def smtp_server(sink: Sink, *, security: str = "none", cert: tuple[Path, Path] | None = None,
                password: str | None = None, port: int | None = None) -> Iterator[int]:
    """Run aiosmtpd on 127.0.0.1 for the block; yields its port."""
    port = port or free_port()
    kwargs: dict = {}
    if security != "none":
        assert cert is not None
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(str(cert[0]), str(cert[1]))
        kwargs["ssl_context" if security == "ssl" else "tls_context"] = context
        if security == "starttls":
            kwargs["require_starttls"] = True
    if password is not None:

        def authenticate(server, session, envelope, mechanism, data):  # noqa: ANN001
            ok = isinstance(data, LoginPassword) and data.password == password.encode()
            if ok:
                sink.logins.append((data.login.decode(), mechanism))
            # handled=False: aiosmtpd then answers 535 itself
            return AuthResult(success=ok, handled=False)

        # with implicit TLS aiosmtpd does not know the session is encrypted
        kwargs.update(authenticator=authenticate, auth_required=True,
                      auth_require_tls=security != "ssl")
    controller = Controller(sink, hostname="127.0.0.1", port=port, **kwargs)
    controller.start()
    try:
        yield port
    finally:
        sink.release.set()
        controller.stop()


DAY = dt.date(2026, 11, 27)


def built_project(tmp_path_factory: pytest.TempPathFactory, dest: Path) -> Path:
    """A project with DAY's digest built, copied to `dest`; the build runs once per session."""
    base = tmp_path_factory.getbasetemp() / "delivery-built"
    if not base.exists():
        staging = tmp_path_factory.mktemp("staging")
        shutil.copytree(ROOT / "seeds", staging / "seeds")
        write_config(staging)
        build_digest(load_config(staging / "config.toml"), today=DAY)
        staging.rename(base)
    shutil.copytree(base, dest)
    return dest


def smtp_config(folder: Path, port: int, *, subscribers: int = 0, security: str = "none",
                delivery: str = "", smtp: str = "", extra: str = "") -> Config:
    """Point the project at the server on `port`, with `subscribers` extra active readers;
    `delivery` and `smtp` are further lines for those tables."""
    write_config(folder, textwrap.dedent(f"""
        [delivery]
        transport = "smtp"
        retries = 2
        backoff = 10.0
        {delivery}

        [delivery.smtp]
        host = "127.0.0.1"
        port = {port}
        security = "{security}"
        {smtp or "timeout = 5.0"}
        """) + textwrap.dedent(extra))
    config = load_config(folder / "config.toml")
    with open_store(config) as store:
        for i in range(subscribers):
            store.add_subscriber(f"reader{i:03d}@example.net")
    return config


class FakeClock:
    """Wall clock, monotonic clock and sleep that only move when something sleeps."""

    def __init__(self) -> None:
        self.start = dt.datetime(2026, 11, 27, 7, 0, tzinfo=dt.UTC)
        self.elapsed = 0.0  # a float of its own: datetime would round to microseconds
        self.waits: list[float] = []

    def now(self) -> dt.datetime:
        return self.start + dt.timedelta(seconds=self.elapsed)

    def monotonic(self) -> float:
        return self.elapsed

    def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.elapsed += seconds


def send_with(config: Config, clock: FakeClock, transport: Transport | None = None,
              **kwargs: object) -> SendReport:
    """Send DAY's digest with the fake clock."""
    with open_store(config) as store:
        return send_digest(
            config, store, load_rendered(config, DAY), date=DAY,
            title=digest_title(config.digest.title, DAY),
            transport=transport or make_transport(config), now=clock.now, sleep=clock.sleep,
            clock=clock.monotonic, **kwargs,  # type: ignore[arg-type]
        )
