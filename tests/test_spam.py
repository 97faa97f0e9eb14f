"""Spam check: SpamAssassin (local rules only, no network) scores a real digest message."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from digest.cli import cli

from .conftest import ROOT, require_external

DAY = "2026-11-27"
FORBIDDEN = {"MISSING_DATE", "MISSING_MID", "MPART_ALT_DIFF"}
DEPLOYED = """
[delivery]
from = "Varrow Courier Digest <digest@news.varrow-courier.example>"
reply_to = "editors@varrow-courier.example"
base_url = "https://news.varrow-courier.example/digest"
"""


def spamassassin(message: bytes, home: Path) -> tuple[float, set[str]]:
    """The score and the rules that fired, from `spamassassin -L -t`."""
    # a private HOME: SpamAssassin keeps its user prefs and Bayes data there
    env = {**os.environ, "HOME": str(home)}
    done = subprocess.run(["spamassassin", "-L", "-t"], input=message, capture_output=True,
                          env=env, timeout=120, check=True)
    status = re.search(rb"^X-Spam-Status: (.*?)(?=^\S)", done.stdout, re.M | re.S)
    assert status, done.stdout[:2000]
    text = re.sub(r",\s+", ",", b" ".join(status.group(1).split()).decode())
    score = float(re.search(r"score=(-?[\d.]+)", text).group(1))
    tests = re.search(r"tests=(\S*)", text).group(1)
    return score, set(filter(None, tests.split(",")))


@pytest.mark.external
@pytest.mark.parametrize("extra", ["", DEPLOYED], ids=["shipped-config", "deployed-config"])
def test_a_digest_message_scores_well_below_the_spam_threshold(project: Path, extra: str):
    require_external("spamassassin", "the spam-check test scores a real digest message")
    config = (ROOT / "config.toml").read_text(encoding="utf-8")
    if extra:
        # a deployment's own From domain and public address in place of the shipped ones
        config = re.sub(r"\[delivery\]\n.*?\n\n", "", config, flags=re.S)
        config += extra + 'transport = "outbox"\n'
    (project / "config.toml").write_text(config, encoding="utf-8")
    shutil.rmtree(project / "seeds")
    shutil.copytree(ROOT / "seeds", project / "seeds")
    result = CliRunner().invoke(cli, ["run", "--config", str(project / "config.toml"),
                                      "--date", DAY])
    assert result.exit_code == 0, result.output
    (message,) = sorted((project / "outbox" / DAY).glob("*.eml"))
    score, tests = spamassassin(message.read_bytes(), project)
    print(f"SpamAssassin: {score} points, rules {sorted(tests)}")
    assert score < 2.0, tests
    assert not FORBIDDEN & tests


@pytest.mark.external
def test_the_check_would_see_a_bad_message(project: Path):
    # the same scorer on a message missing its Date and Message-ID: the rules do fire
    require_external("spamassassin", "the spam-check test scores a real digest message")
    bare = (b"From: someone@example.org\r\nTo: you@example.org\r\nSubject: hello\r\n"
            b"\r\nHello there.\r\n")
    _, tests = spamassassin(bare, project)
    assert {"MISSING_DATE", "MISSING_MID"} <= tests
