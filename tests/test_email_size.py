"""Every client: the HTML part stays under Gmail's clipping size; the text reads at 72 columns."""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from digest.config import Config
from digest.deliver import compose
from digest.models import Subscriber
from digest.render import GMAIL_CLIP_BYTES, RenderedDigest, render_digest

from .conftest import ROOT
from .digests import DAY, big_digest, design_config

SECRET = b"k" * 32
NOW = dt.datetime(2026, 11, 27, 7, 0, tzinfo=dt.UTC)


def _message(config: Config, rendered: RenderedDigest):
    subscriber = Subscriber("reader.with.a.long.address@subscribers.example.org", "A Reader")
    return compose(config, rendered, date=DAY, title="Daily Digest — Friday 27 November 2026",
                   subscriber=subscriber, now=NOW, secret=SECRET)


def _parts(message):
    plain, html = message.iter_parts()
    return plain, html


def test_a_25_article_email_stays_under_gmails_clipping_size(project: Path,
                                                            caplog: pytest.LogCaptureFixture):
    config = design_config(project)
    digest = big_digest(project, 25)
    with caplog.at_level(logging.WARNING):
        rendered = render_digest(digest, config, dates=[])
    _, html = _parts(_message(config, rendered))
    assert html["Content-Transfer-Encoding"] == "quoted-printable"
    encoded = html.get_payload()  # the body as it travels, after transfer encoding
    size = len(encoded.encode("ascii"))
    print(f"25-article HTML part: {size} bytes as sent "
          f"({len(rendered.email_html.encode())} before encoding)")
    assert size < GMAIL_CLIP_BYTES
    assert "Gmail" not in caplog.text
    # every article made it in, so the size is not small for lack of content
    for item in digest.items:
        assert item.article.url in html.get_content()


def test_the_run_warns_when_the_email_would_be_clipped(project: Path,
                                                      caplog: pytest.LogCaptureFixture):
    config = design_config(project)
    with caplog.at_level(logging.WARNING, logger="digest.render"):
        render_digest(big_digest(project, 60), config, dates=[])
    (record,) = [r for r in caplog.records if "Gmail clips" in r.getMessage()]
    size = int(re.search(r"is (\d+) bytes", record.getMessage()).group(1))
    assert size > GMAIL_CLIP_BYTES
    assert "2026-11-27" in record.getMessage()


def test_the_text_part_reads_at_72_columns_with_every_link(project: Path):
    config = design_config(project)
    digest = big_digest(project, 25)
    plain, _ = _parts(_message(config, render_digest(digest, config, dates=[])))
    text = plain.get_content()
    unsubscribe = re.search(r"https://digest\.example\.org/unsubscribe\?token=\S+", text)
    assert unsubscribe, "the unsubscribe URL is in the text part"
    urls = [item.article.url for item in digest.items]
    too_wide = [line for line in text.splitlines()
                if len(line) > 72 and not re.fullmatch(r"\s*(\S+: )?https?://\S+", line)]
    assert too_wide == []
    lines = {line.strip() for line in text.splitlines()}
    for url in urls:
        assert url in lines, f"{url} is on a line of its own, unbroken"
    assert "https://digest.example.org/2026-11-27/" in text
    for item in digest.items:
        assert item.article.title[:40].split()[0] in text


def test_digest_build_prints_the_warning(project: Path):
    # a template that pads the email past the limit: the warning reaches the person running it
    folder = project / "my-templates"
    folder.mkdir()
    (folder / "email.mjml").write_text(
        '{% extends "default:email.mjml" %}\n{% block footer %}{{ super() }}\n'
        "<mj-section><mj-column><mj-text>{{ 'A long sponsor message. ' * 5000 }}</mj-text>"
        "</mj-column></mj-section>\n{% endblock %}\n", encoding="utf-8")
    design_config(project, '[output]\ntemplates = "my-templates"\n')
    done = subprocess.run([sys.executable, "-m", "digest", "build", "--date", "2026-11-27"],
                          cwd=project, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    assert "Gmail clips it" in done.stderr and "bytes as sent (limit 100000)" in done.stderr
    assert "Built Daily Digest" in done.stdout
