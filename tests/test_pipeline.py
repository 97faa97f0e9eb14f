from __future__ import annotations

import datetime as dt
import email
import email.policy
import json
import os
import subprocess
import sys
from pathlib import Path

import markupsafe
from click.testing import CliRunner

from digest.cli import cli
from digest.config import load_config
from digest.sources import collect

from .conftest import ROOT

DAY = "2026-11-27"


def _messages(project: Path) -> list[email.message.EmailMessage]:
    files = sorted((project / "outbox" / DAY).glob("*.eml"))
    return [email.message_from_bytes(f.read_bytes(), policy=email.policy.default) for f in files]


def test_digest_run_end_to_end(project: Path) -> None:
    config_path = str(project / "config.toml")
    result = CliRunner().invoke(cli, ["run", "--config", config_path, "--date", DAY])
    assert result.exit_code == 0, result.output
    assert "Sent to 2 subscriber(s)" in result.output

    folder = project / "out" / DAY
    for name in ("index.html", "email.html", "email.txt", "digest.json"):
        assert (folder / name).stat().st_size > 0, name
    assert f'href="{DAY}/"' in (project / "out" / "index.html").read_text()

    titles = [a.title for a in collect(load_config(config_path)).articles]
    page = (folder / "index.html").read_text()
    email_html = (folder / "email.html").read_text()
    assert "<mj-" not in email_html
    data = json.loads((folder / "digest.json").read_text())
    assert data["date"] == DAY
    assert sorted(a["title"] for s in data["sections"] for a in s["articles"]) == sorted(titles)

    messages = _messages(project)
    assert len(messages) == 2
    for message in messages:
        assert message["Subject"] == "Daily Digest — Friday 27 November 2026"
        assert message["Date"] and message["Message-ID"] and message["From"]
        assert message.get_content_type() == "multipart/alternative"
        parts = list(message.iter_parts())
        assert [p.get_content_type() for p in parts] == ["text/plain", "text/html"]
        html_part = parts[1].get_content()
        for title in titles:
            escaped = str(markupsafe.escape(title))
            assert title in page or escaped in page, title
            assert title in html_part or escaped in html_part, title
    assert len({m["Message-ID"] for m in messages}) == 2

    again = CliRunner().invoke(cli, ["run", "--config", config_path, "--date", DAY])
    assert again.exit_code == 0, again.output
    assert "Nothing new to send" in again.output
    assert len(_messages(project)) == 2


def test_next_day_takes_only_articles_not_in_an_earlier_digest(project: Path) -> None:
    config_path = str(project / "config.toml")
    assert CliRunner().invoke(cli, ["build", "--config", config_path, "--date", DAY]).exit_code == 0
    (project / "seeds" / "zz_new.txt").write_text(
        "date 2026-11-27 Home » Science\n\nComet seen over Varrow\n\n"
        "Astronomers at the Varrow observatory saw a faint comet on Thursday night.\n\n"
        "It will be visible for a week, they said.\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["build", "--config", config_path, "--date", "2026-11-28"])
    assert result.exit_code == 0, result.output
    data = json.loads((project / "out" / "2026-11-28" / "digest.json").read_text())
    titles = [a["title"] for s in data["sections"] for a in s["articles"]]
    assert titles == ["Comet seen over Varrow"]
    archive = (project / "out" / "index.html").read_text()
    assert archive.index("2026-11-28/") < archive.index(f"{DAY}/")
    third = CliRunner().invoke(cli, ["build", "--config", config_path, "--date", "2026-11-29"])
    assert "No new articles" in third.output


def test_send_without_a_build_explains_what_to_do(project: Path) -> None:
    result = CliRunner().invoke(
        cli, ["send", "--config", str(project / "config.toml"), "--date", DAY]
    )
    assert result.exit_code == 1
    assert "digest build --date 2026-11-27" in result.output


def test_the_installed_command_runs_the_shipped_config_in_a_copy(project: Path) -> None:
    # the shipped config.toml, unchanged, in a copy of the checkout: the README's quick start
    (project / "config.toml").write_text((ROOT / "config.toml").read_text(), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "digest", "run", "--date", DAY],
        cwd=project, capture_output=True, text=True, timeout=300,
        # this checkout's digest, not whichever one happens to be installed
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 0, done.stderr
    assert (project / "out" / DAY / "index.html").exists()
    assert len(list((project / "outbox" / DAY).glob("*.eml"))) == 1


def test_build_is_deterministic_for_a_date(project: Path) -> None:
    from digest.build import build_digest

    config = load_config(project / "config.toml")
    first = build_digest(config, today=dt.date(2026, 11, 27))
    page = (project / "out" / DAY / "email.html").read_text()
    second = build_digest(config, today=dt.date(2026, 11, 27))
    assert first.digest == second.digest
    assert (project / "out" / DAY / "email.html").read_text() == page
