"""The scheduler as real processes on one SQLite file, against a real SMTP server."""

from __future__ import annotations

import asyncio
import datetime as dt
import email
import email.policy
import os
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from digest.config import load_config
from digest.locks import DAILY_LOCK
from digest.store import Store

from .conftest import ROOT, write_config


class Mailbox:
    """An SMTP handler that keeps what it accepts, can hold a message, and can kill a sender."""

    def __init__(self) -> None:
        self.received: list[str] = []  # the recipient of each accepted message
        self.arrived = threading.Event()  # a message reached DATA
        self.release = threading.Event()  # cleared: hold each message at DATA until set
        self.release.set()
        self.kill_on: int | None = None  # the n-th message (1-based) kills its sender
        self.victim: int | None = None  # that sender's pid

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        self.arrived.set()
        if self.kill_on == len(self.received) + 1 and self.victim:
            os.kill(self.victim, signal.SIGKILL)  # the sender dies mid-delivery
            return "451 the sender is gone"
        while not self.release.is_set():
            await asyncio.sleep(0.02)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.received.append(str(message["To"]))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def mailbox() -> Iterator[tuple[Mailbox, int]]:
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        yield box, controller.port
    finally:
        box.release.set()
        controller.stop()


@pytest.fixture
def smtp_project(project: Path, mailbox: tuple[Mailbox, int]) -> Path:
    """A project that sends through the test's SMTP server, due every day at midnight UTC."""
    write_config(project, f"""
        [delivery]
        transport = "smtp"

        [delivery.smtp]
        host = "127.0.0.1"
        port = {mailbox[1]}
        security = "none"
        timeout = 60

        [schedule]
        time = "00:00"
        timezone = "UTC"
        """)
    return project


def digest(project: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DIGEST_SECRET_KEY": "test-secret-key"}
    return subprocess.Popen(
        [sys.executable, "-m", "digest", *args, "--config", str(project / "config.toml")],
        cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def finish(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = process.communicate()
    return process.returncode, out, err


def wait_for(event: threading.Event, process: subprocess.Popen[str], project: Path) -> None:
    """Wait for the event while the process lives and its job has not failed (no time limit:
    it either comes or fails; a failed job would otherwise wait for a retry hours away)."""
    while not event.wait(0.05):
        if process.poll() is not None:
            pytest.fail(f"the process ended first: {finish(process)}")
        with store_of(project) as store:
            job = store.job(dt.date.fromisoformat(today()))
        if job is not None and job.error:
            process.kill()
            pytest.fail(f"the daily job failed: {job.error}\n{finish(process)}")


def today() -> str:
    return dt.datetime.now(dt.UTC).date().isoformat()


def store_of(project: Path) -> Store:
    return Store(load_config(project / "config.toml").store_path)


def test_sigterm_stops_the_scheduler_after_the_current_step(
    smtp_project: Path, mailbox: tuple[Mailbox, int],
) -> None:
    box, _ = mailbox
    box.release.clear()
    scheduler = digest(smtp_project, "schedule")
    wait_for(box.arrived, scheduler, smtp_project)  # it caught up today's run and is delivering
    scheduler.send_signal(signal.SIGTERM)
    box.release.set()
    code, out, err = finish(scheduler)
    assert code == 0, err
    lines = out.splitlines()
    assert "SIGTERM: stopping after the current step" in lines
    # the delivery step it was in went to its end: everyone got the digest, once
    assert f"{today()}: sent to 2 subscriber(s) (0 already had it)" in lines
    assert lines[-1] == "Stopped."
    assert sorted(box.received) == ["demo@example.org", "second@example.org"]
    with store_of(smtp_project) as store:
        assert store.job(dt.date.fromisoformat(today())).state == "sent"
        assert store.lock_holder(DAILY_LOCK) is None


def test_an_idle_scheduler_stops_on_ctrl_c(project: Path) -> None:
    sig = signal.SIGINT
    # due tomorrow only: nothing to catch up, whatever the time the test runs at
    tomorrow = (dt.datetime.now(dt.UTC) + dt.timedelta(days=1)).strftime("%a").lower()
    write_config(project, f'[schedule]\ntime = "12:00"\ndays = ["{tomorrow}"]\n')
    scheduler = digest(project, "schedule")
    first = scheduler.stdout.readline()
    assert first.startswith("Next run: "), first + scheduler.stderr.read()
    scheduler.send_signal(sig)
    code, out, err = finish(scheduler)
    assert code == 0, err
    assert out.splitlines() == [f"{sig.name}: stopping after the current step", "Stopped."]


def test_two_schedulers_and_a_manual_run_never_double(
    smtp_project: Path, mailbox: tuple[Mailbox, int],
) -> None:
    box, _ = mailbox
    box.release.clear()
    first = digest(smtp_project, "schedule", "--once")
    wait_for(box.arrived, first, smtp_project)  # it holds the lock and is delivering

    code, out, err = finish(digest(smtp_project, "schedule", "--once"))
    assert code == 0, err
    assert "holds the 'daily' lock" in err
    assert f"Retry of {today()}" in out
    code, out, err = finish(digest(smtp_project, "run", "--date", today()))
    assert code == 75
    assert "another digest run holds the 'daily' lock" in err

    box.release.set()
    code, out, err = finish(first)
    assert code == 0, err
    assert f"{today()}: sent to 2 subscriber(s)" in out
    code, out, err = finish(digest(smtp_project, "schedule", "--once"))
    assert code == 0 and out.startswith("Next run: "), err
    assert sorted(box.received) == ["demo@example.org", "second@example.org"]
    with store_of(smtp_project) as store:
        job = store.job(dt.date.fromisoformat(today()))
    assert (job.state, job.attempts) == ("sent", 1)


def test_a_crashed_run_resumes_where_it_stopped(
    smtp_project: Path, mailbox: tuple[Mailbox, int],
) -> None:
    box, _ = mailbox
    box.kill_on = 2  # the process dies while handing over the second message
    crashed = digest(smtp_project, "schedule", "--once")
    box.victim = crashed.pid
    code, _, _ = finish(crashed)
    assert code == -signal.SIGKILL
    day = dt.date.fromisoformat(today())
    with store_of(smtp_project) as store:
        assert store.job(day).state == "built"
        assert store.lock_holder(DAILY_LOCK).owner.split(":")[1] == str(crashed.pid)
        assert [(d.email, d.status) for d in store.deliveries(day)] == [
            ("demo@example.org", "sent"), ("second@example.org", "sending")]
    page = smtp_project / "out" / today() / "email.html"
    built = page.stat().st_mtime_ns
    assert box.received == ["demo@example.org"]

    box.kill_on = None
    code, out, err = finish(digest(smtp_project, "schedule", "--once"))
    assert code == 0, err
    assert "taking over the 'daily' lock" in err  # its holder died: no wait for expiry
    assert f"{today()}: sent to 1 subscriber(s) (1 already had it)" in out
    assert box.received == ["demo@example.org", "second@example.org"]
    assert page.stat().st_mtime_ns == built  # not built again
    with store_of(smtp_project) as store:
        job = store.job(day)
        assert (job.state, job.attempts, job.error) == ("sent", 2, None)
        assert store.lock_holder(DAILY_LOCK) is None
