"""`digest send`: --dry-run, --to (a test copy outside the ledger), the progress bar on a TTY."""

from __future__ import annotations

import os
import pty
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


@pytest.fixture
def folder(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Path:
    return built_project(tmp_path_factory, tmp_path / "project")


def _send(folder: Path, *args: str):  # noqa: ANN202
    return CliRunner().invoke(cli, ["send", "--config", str(folder / "config.toml"),
                                    "--date", DAY.isoformat(), *args])


def test_dry_run_shows_who_would_get_what_and_sends_nothing(folder: Path) -> None:
    sink = Sink()
    with smtp_server(sink) as port:
        config = smtp_config(folder, port, subscribers=2)
        dry = _send(folder, "--dry-run")
        assert dry.exit_code == 0, dry.output
        assert sink.received == []
        lines = dry.output.splitlines()
        assert sum(line.startswith("send ") for line in lines) == 4
        assert "reader001@example.net" in dry.output and "<digest-20261127-" in dry.output
        assert "Would send 4 of 4" in dry.output
        with open_store(config) as store:
            assert store.deliveries(DAY) == []  # nothing recorded

        assert _send(folder).exit_code == 0
        assert len(sink.received) == 4
        after = _send(folder, "--dry-run")
        assert "Would send 0 of 4" in after.output and "already sent" in after.output


def test_to_sends_one_test_copy_outside_the_ledger(folder: Path) -> None:
    sink = Sink()
    with smtp_server(sink) as port:
        config = smtp_config(folder, port, subscribers=1)
        result = _send(folder, "--to", "editor@example.com")
        assert result.exit_code == 0, result.output
        assert "not recorded" in result.output
        assert [r for r, _ in sink.received] == ["editor@example.com"]
        with open_store(config) as store:
            assert store.deliveries(DAY) == []
        test_copy = sink.messages()[0]
        assert test_copy["Message-ID"].startswith("<digest-test-")
        assert test_copy["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

        # the real send still reaches everyone, and the real message has its own Message-ID
        assert _send(folder).exit_code == 0
        assert sorted(r for r, _ in sink.received[1:]) == [
            "demo@example.org", "reader000@example.net", "second@example.org"]
        assert test_copy["Message-ID"] not in {m["Message-ID"] for m in sink.messages()[1:]}

        bad = _send(folder, "--to", "not an address")
        assert bad.exit_code == 1 and "not a valid email address" in bad.output


def test_failures_make_send_exit_non_zero_and_name_the_recipient(folder: Path) -> None:
    sink = Sink(refuse={"reader000@example.net": "550 5.1.1 unknown user"})
    with smtp_server(sink) as port:
        smtp_config(folder, port, subscribers=1)
        result = _send(folder)
    assert result.exit_code == 1
    assert "Sent 2, already had it 0, failed 1." in result.output
    assert "reader000@example.net" in result.output


def test_a_progress_bar_is_drawn_on_a_terminal_only(folder: Path) -> None:
    config = load_config(folder / "config.toml")
    command = [sys.executable, "-m", "digest", "send", "--date", DAY.isoformat()]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "100", "TERM": "xterm"}

    piped = subprocess.run(command, cwd=folder, env=env, capture_output=True, timeout=300)
    assert piped.returncode == 0 and b"Sent 2," in piped.stdout
    assert "━".encode() not in piped.stderr and b"Sending" not in piped.stderr

    with open_store(config) as store:
        for i in range(30):
            store.add_subscriber(f"reader{i:03d}@example.net")
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(command, cwd=folder, env=env, stdout=subprocess.PIPE,
                              stderr=follower, timeout=300)
        os.close(follower)
        drawn = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal is closed once everything was read
                break
            if not chunk:
                break
            drawn += chunk
    finally:
        os.close(leader)
    assert done.returncode == 0
    assert b"Sending 2026-11-27" in drawn and "━".encode() in drawn
    assert b"Sent 30, already had it 2," in done.stdout
    assert len(list((folder / "outbox" / DAY.isoformat()).glob("*.eml"))) == 32
