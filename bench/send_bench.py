"""Send one digest to many subscribers through a local SMTP sink: one connection for the whole
run against a new connection per message, measured in the same run.

    python bench/send_bench.py              # 10,000 subscribers
    python bench/send_bench.py --subscribers 2000

Each mode runs the real `send_digest` (composing every message, the ledger in SQLite, the SMTP
transport) against aiosmtpd on 127.0.0.1, from the same built digest and a fresh ledger.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path

from aiosmtpd.controller import Controller

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


def prepare(folder: Path, port: int, subscribers: int) -> None:
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
        security = "none"
        """), encoding="utf-8")
    config = load_config(folder / "config.toml")
    build_digest(config, today=DAY)
    with open_store(config) as store:
        store.merge_subscribers(
            (Subscriber(f"reader{i:05d}@example.net") for i in range(subscribers)), next_state)


def serve(port: int) -> None:
    """The sink, in a process of its own so it does not share the sender's interpreter."""
    sink = CountingSink()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    for _line in sys.stdin:  # each line asks for the figures so far
        print(sink.messages, sink.bytes, flush=True)
    controller.stop()


class SinkProcess:
    """Runs `serve` in a child process and asks it how much it received."""

    def __init__(self) -> None:
        self.port = _free_port()
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--serve", str(self.port)],
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


def run(folder: Path, *, reuse: bool, sink: SinkProcess) -> tuple[float, int, int]:
    config = load_config(folder / "config.toml")
    before = sink.received()[0]
    transport = smtp_transport(config, reuse=reuse)
    with open_store(config) as store:
        rendered = load_rendered(config, DAY)
        started = time.perf_counter()
        report = send_digest(config, store, rendered, date=DAY,
                             title=digest_title(config.digest.title, DAY),
                             transport=transport, now=utc_now)
        elapsed = time.perf_counter() - started
        sent = sink.received()[0] - before
        assert len(report.sent) == sent == len(store.subscribers("active"))
        assert not report.failed
    return elapsed, sent, transport.connections


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--serve", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve)
        return

    os.environ.setdefault("DIGEST_SECRET_KEY", "benchmark")
    sink = SinkProcess()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            one = Path(tmp) / "one-connection"
            prepare(one, sink.port, args.subscribers)
            many = Path(tmp) / "connection-per-message"
            shutil.copytree(one, many)  # the same built digest and subscribers, a fresh ledger
            html_size = len((one / "out" / DAY.isoformat() / "email.html").read_bytes())
            print(f"digest send: {args.subscribers:,} subscribers through aiosmtpd on "
                  f"127.0.0.1 in its own process (email HTML {html_size:,} B)\n")
            results = [("one connection (digest)", *run(one, reuse=True, sink=sink)),
                       ("one connection per message", *run(many, reuse=False, sink=sink))]
        messages, size = sink.received()
    finally:
        sink.stop()
    print(f"{'mode':<28}{'messages':>10}{'connections':>13}{'seconds':>10}{'msg/s':>10}")
    for name, elapsed, sent, connections in results:
        print(f"{name:<28}{sent:>10,}{connections:>13,}{elapsed:>10.2f}{sent / elapsed:>10.1f}")
    speedup = results[1][1] / results[0][1]
    print(f"\none connection is {speedup:.2f}x the throughput of a connection per message; "
          f"{size / messages:,.0f} B per message as received")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


if __name__ == "__main__":
    main()
