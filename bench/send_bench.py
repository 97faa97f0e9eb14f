"""Send one digest to many subscribers through a local SMTP sink: one connection for many
messages against a new connection per message, measured in the same run.

    python bench/send_bench.py              # 10,000 subscribers
    python bench/send_bench.py --subscribers 2000

Each mode runs the real `send_digest` (composing every message, the ledger in SQLite, the SMTP
transport) against aiosmtpd on 127.0.0.1, from the same built digest and its own ledger. The
modes take turns slice by slice, so a busy machine slows both alike.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from digest.assemble import digest_title  # noqa: E402
from digest.build import build_digest, open_store, utc_now  # noqa: E402
from digest.config import load_config  # noqa: E402
from digest.deliver import send_digest  # noqa: E402
from digest.models import Subscriber  # noqa: E402
from digest.render import load_rendered  # noqa: E402
from digest.subscribers import next_state  # noqa: E402
from digest.transports import smtp_transport  # noqa: E402

DAY = dt.date(2026, 11, 27)
PASSWORD = "benchmark password"


class CountingSink:
    """Accepts everything and counts the messages."""

    def __init__(self) -> None:
        self.messages = 0
        self.bytes = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, ANN201
        with self.lock:
            self.messages += 1
            self.bytes += len(envelope.original_content or b"")
        return "250 OK"


def prepare(folder: Path, port: int, subscribers: int, tls: Path | None) -> None:
    shutil.copytree(ROOT / "seeds", folder / "seeds")
    (folder / "config.toml").write_text(textwrap.dedent(f"""\
        [[sources]]
        name = "Samples"
        path = "seeds"

        [delivery]
        transport = "smtp"
        from = "Daily Digest <digest@example.org>"
        base_url = "https://digest.example.org"

        [delivery.smtp]
        host = "127.0.0.1"
        port = {port}
        """) + (f"""security = "starttls"\nusername = "digest"\nca_file = "{tls}/cert.pem"\n"""
               if tls else 'security = "none"\n'), encoding="utf-8")
    config = load_config(folder / "config.toml")
    build_digest(config, today=DAY)
    with open_store(config) as store:
        # all pending: each round of the benchmark makes the next slice active
        store.merge_subscribers(
            (Subscriber(f"reader{i:05d}@example.net", status="pending")
             for i in range(subscribers)), next_state)


def activate(folder: Path, first: int, last: int) -> None:
    with open_store(load_config(folder / "config.toml")) as store:
        store.merge_subscribers(
            (Subscriber(f"reader{i:05d}@example.net", status="active")
             for i in range(first, last)), lambda old, new: new)


def serve(port: int, tls: str) -> None:
    """The sink, in a process of its own so it does not share the sender's interpreter;
    with `tls` (a folder holding cert.pem and key.pem) it demands STARTTLS and a login."""
    # aiosmtpd logs a warning about its own deprecated attribute at every login
    logging.getLogger("mail.log").setLevel(logging.ERROR)
    sink = CountingSink()
    kwargs: dict = {}
    if tls:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(f"{tls}/cert.pem", f"{tls}/key.pem")
        kwargs = {"tls_context": context, "require_starttls": True, "auth_required": True,
                  "authenticator": lambda *args: AuthResult(
                      success=args[-1].password == PASSWORD.encode(), handled=False)}
    controller = Controller(sink, hostname="127.0.0.1", port=port, **kwargs)
    controller.start()
    print("ready", flush=True)
    for _line in sys.stdin:  # each line asks for the figures so far
        print(sink.messages, sink.bytes, flush=True)
    controller.stop()


class SinkProcess:
    """Runs `serve` in a child process and asks it how much it received."""

    def __init__(self, tls: Path | None) -> None:
        self.port = _free_port()
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--serve", str(self.port), "--tls-folder", str(tls or "")],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self.process.stdout.readline().strip() == "ready"

    def received(self) -> tuple[int, int]:
        self.process.stdin.write("?\n")
        self.process.stdin.flush()
        messages, size = self.process.stdout.readline().split()
        return int(messages), int(size)

    def stop(self) -> None:
        self.process.stdin.close()
        self.process.wait()


def make_certificate(folder: Path) -> None:
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
         str(folder / "key.pem"), "-out", str(folder / "cert.pem"), "-days", "2", "-subj",
         "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True)


@dataclass
class Mode:
    name: str
    folder: Path
    reuse: bool
    seconds: float = 0.0
    messages: int = 0
    connections: int = 0


def send_round(mode: Mode, sink: SinkProcess) -> None:
    """One `send_digest` call: the newly active slice gets the digest; timed."""
    config = load_config(mode.folder / "config.toml")
    before = sink.received()[0]
    transport = smtp_transport(config, reuse=mode.reuse)
    with open_store(config) as store:
        rendered = load_rendered(config, DAY)
        started = time.perf_counter()
        report = send_digest(config, store, rendered, date=DAY,
                             title=digest_title(config.digest.title, DAY),
                             transport=transport, now=utc_now)
        mode.seconds += time.perf_counter() - started
    sent = sink.received()[0] - before
    assert len(report.sent) == sent and not report.failed, "every message must arrive"
    mode.messages += sent
    mode.connections += transport.connections


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=20,
                        help="slices sent alternately in each mode (default 20)")
    parser.add_argument("--starttls", action="store_true",
                        help="the sink demands STARTTLS and a login, as real servers do")
    parser.add_argument("--serve", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--tls-folder", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.tls_folder)
        return

    os.environ.setdefault("DIGEST_SECRET_KEY", "benchmark")
    os.environ["DIGEST_SMTP_PASSWORD"] = PASSWORD
    with tempfile.TemporaryDirectory() as tmp:
        tls = Path(tmp) if args.starttls else None
        if tls:
            make_certificate(tls)
        sink = SinkProcess(tls)
        try:
            first = Path(tmp) / "one-connection"
            prepare(first, sink.port, args.subscribers, tls)
            second = Path(tmp) / "connection-per-message"
            shutil.copytree(first, second)  # the same built digest and subscribers
            modes = [Mode("one connection (digest)", first, True),
                     Mode("one connection per message", second, False)]
            html_size = len((first / "out" / DAY.isoformat() / "email.html").read_bytes())
            print(f"digest send: {args.subscribers:,} subscribers per mode through aiosmtpd on "
                  f"127.0.0.1 in its own process"
                  f"{', with STARTTLS and a login' if tls else ''} (email HTML {html_size:,} B);\n"
                  f"the two modes take turns in {args.rounds} rounds so that load from other "
                  f"processes falls on both alike\n")
            bounds = [args.subscribers * i // args.rounds for i in range(args.rounds + 1)]
            for i, (low, high) in enumerate(zip(bounds, bounds[1:], strict=False)):
                for mode in modes:
                    activate(mode.folder, low, high)
                for mode in (modes if i % 2 == 0 else modes[::-1]):
                    send_round(mode, sink)
            messages, size = sink.received()
        finally:
            sink.stop()
    print(f"{'mode':<28}{'messages':>10}{'connections':>13}{'seconds':>10}{'msg/s':>10}")
    for m in modes:
        print(f"{m.name:<28}{m.messages:>10,}{m.connections:>13,}{m.seconds:>10.2f}"
              f"{m.messages / m.seconds:>10.1f}")
    ratio = (modes[0].messages / modes[0].seconds) / (modes[1].messages / modes[1].seconds)
    print(f"\none connection: {ratio:.2f}x the messages per second of a connection per "
          f"message; {size / messages:,.0f} B per message as received")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


if __name__ == "__main__":
    main()
