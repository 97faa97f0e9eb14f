"""Exactly once: kill the sending process mid-run (SIGKILL), run it again, count what arrived."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from digest.build import open_store
from digest.cli import cli
from digest.config import load_config

from .conftest import ROOT
from .smtp_sink import DAY, Sink, built_project, smtp_config, smtp_server

READERS = 12
EVERYONE = {"demo@example.org", "second@example.org"} | {
    f"reader{i:03d}@example.net" for i in range(READERS)}
HANG_GUARD = 120  # seconds; only so a broken run fails instead of hanging the suite


def _command(folder: Path) -> list[str]:
    return [sys.executable, "-m", "digest", "-v", "send", "--date", DAY.isoformat(),
            "--config", str(folder / "config.toml")]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "DIGEST_SECRET_KEY": "kill-test"}


def _start(folder: Path) -> subprocess.Popen:
    return subprocess.Popen(_command(folder), cwd=folder, env=_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _finish(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run(_command(folder), cwd=folder, env=_env(), capture_output=True,
                          text=True, timeout=HANG_GUARD)


def _kill(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=HANG_GUARD)
    assert process.returncode == -signal.SIGKILL


@pytest.fixture
def folder(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Path:
    return built_project(tmp_path_factory, tmp_path / "project")


def test_killed_while_the_server_holds_a_message_only_that_one_is_sent_twice(
    folder: Path,
) -> None:
    # the worst moment: the server has the 5th message but the sender has not heard back
    sink = Sink(hold_at=5)
    with smtp_server(sink) as port:
        smtp_config(folder, port, subscribers=READERS)
        process = _start(folder)
        assert sink.held.wait(HANG_GUARD)
        _kill(process)
        sink.release.set()
        in_doubt = sink.received[4][0]
        assert len(sink.received) == 5

        dry = CliRunner().invoke(cli, ["send", "--dry-run", "--date", DAY.isoformat(),
                                       "--config", str(folder / "config.toml")])
        assert re.search(rf"^resend \(in doubt\) +{re.escape(in_doubt)}\t", dry.output, re.M)
        assert dry.output.count("already sent") == 4

        rerun = _finish(folder)
        assert rerun.returncode == 0, rerun.stderr
        counts = sink.count()
        assert set(counts) == EVERYONE
        assert {a: n for a, n in counts.items() if n > 1} == {in_doubt: 2}
        assert re.search(rf"in doubt.*{re.escape(in_doubt)}|{re.escape(in_doubt)}.*in doubt",
                         rerun.stderr)

        finished = _finish(folder)
        assert finished.returncode == 0, finished.stderr
        assert "Sent 0," in finished.stdout
        assert sum(sink.count().values()) == len(EVERYONE) + 1
    with open_store(load_config(folder / "config.toml")) as store:
        assert {d.status for d in store.deliveries(DAY)} == {"sent"}


@pytest.mark.parametrize("kill_after", [1, 6])
def test_killed_at_any_moment_each_subscriber_gets_one_copy_but_at_most_one(
    folder: Path, kill_after: int,
) -> None:
    # a rate limit keeps the run going long enough that the kill lands mid-run, wherever
    # the process happens to be: composing, waiting, talking to the server or recording
    sink = Sink(notify_at=kill_after)
    with smtp_server(sink) as port:
        smtp_config(folder, port, subscribers=READERS, delivery="rate = 40.0")
        process = _start(folder)
        assert sink.reached.wait(HANG_GUARD)
        _kill(process)
        before = len(sink.received)
        assert before < len(EVERYONE)  # it really was stopped mid-run

        rerun = _finish(folder)
        assert rerun.returncode == 0, rerun.stderr
        counts = sink.count()
        assert set(counts) == EVERYONE
        twice = [a for a, n in counts.items() if n > 1]
        assert len(twice) <= 1 and all(counts[a] == 2 for a in twice)
        for address in twice:  # a second copy only ever for a message logged as in doubt
            assert address in rerun.stderr and "in doubt" in rerun.stderr


def test_killed_twice_each_kill_leaves_at_most_one_message_in_doubt(folder: Path) -> None:
    sink = Sink(hold_at=4)
    with smtp_server(sink) as port:
        smtp_config(folder, port, subscribers=READERS)
        cfg = ["--config", str(folder / "config.toml"), "--date", DAY.isoformat()]
        process = _start(folder)
        assert sink.held.wait(HANG_GUARD)
        _kill(process)
        first = sink.received[3][0]

        # the rerun resends the message in doubt first; kill it again, held two messages later
        sink.release.set()  # the server's answer to the dead first run goes nowhere
        sink.held, sink.release, sink.hold_at = type(sink.held)(), type(sink.release)(), 6
        process = _start(folder)
        assert sink.held.wait(HANG_GUARD)
        _kill(process)
        sink.release.set()
        assert sink.received[4][0] == first  # the message in doubt went first
        second = sink.received[5][0]
        dry = CliRunner().invoke(cli, ["send", "--dry-run", *cfg])
        assert dry.output.count("resend (in doubt)") == 1
        assert re.search(rf"^resend \(in doubt\) +{re.escape(second)}\t", dry.output, re.M)

        assert _finish(folder).returncode == 0
        counts = sink.count()
        assert set(counts) == EVERYONE
        assert {a: n for a, n in counts.items() if n > 1} == {first: 2, second: 2}
