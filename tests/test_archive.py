"""Archive: out/index.html newest first, previous/next links between pages, out/feed.xml."""

from __future__ import annotations

import datetime as dt
import logging
import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

import feedparser
import pytest

from digest.config import Config
from digest.render import render_digest

from .digests import big_digest, design_config

D1, D2, D3 = dt.date(2026, 11, 25), dt.date(2026, 11, 26), dt.date(2026, 11, 27)


def _build(config: Config, project: Path, order: list[dt.date],
           known: list[dt.date] | None = None) -> None:
    """Render digests in this order, each knowing the dates before it (as the store does)."""
    done: list[dt.date] = list(known or [])
    for date in order:
        render_digest(big_digest(project, 2 + len(done), date=date), config, dates=done)
        done.append(date)


def _pager(config: Config, date: dt.date) -> dict[str, str]:
    """rel → the file each previous/next link leads to, resolved like a browser would."""
    page = config.output_dir / date.isoformat() / "index.html"
    links = re.findall(r'<a href="([^"]+)" rel="(prev|next)"', page.read_text())
    found = {}
    for href, rel in links:
        target = Path(urlparse(urljoin(page.as_uri(), href)).path) / "index.html"
        assert target.exists(), f"{href} from {date} leads nowhere"
        found[rel] = target.parent.name
    return found


@pytest.mark.parametrize("order", [[D1, D2, D3], [D1, D3, D2], [D3, D2, D1]],
                         ids=["in-order", "gap-filled", "backwards"])
def test_pages_link_to_the_previous_and_next_digest(project: Path, order) -> None:
    config = design_config(project)
    _build(config, project, order)
    assert _pager(config, D1) == {"next": "2026-11-26"}
    assert _pager(config, D2) == {"prev": "2026-11-25", "next": "2026-11-27"}
    assert _pager(config, D3) == {"prev": "2026-11-26"}


def test_the_archive_lists_digests_newest_first(project: Path) -> None:
    config = design_config(project)
    _build(config, project, [D2, D1, D3])
    # a rebuild of a date replaces it, never lists it twice
    _build(config, project, [D3], known=[D1, D2, D3])
    archive = (config.output_dir / "index.html").read_text()
    hrefs = re.findall(r'<a href="(\d{4}-\d\d-\d\d/)"', archive)
    assert hrefs == ["2026-11-27/", "2026-11-26/", "2026-11-25/"]
    for href in hrefs:
        assert (config.output_dir / href / "index.html").exists()
    assert "Friday 27 November 2026" in archive and "2 articles" in archive
    assert '<link rel="alternate" type="application/atom+xml"' in archive


def test_the_atom_feed_lists_the_digests(project: Path) -> None:
    config = design_config(project)
    _build(config, project, [D1, D2, D3])
    feed = feedparser.parse((config.output_dir / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    assert feed.feed.title == "Daily Digest"
    assert [e.link for e in feed.entries] == [
        "https://digest.example.org/2026-11-27/", "https://digest.example.org/2026-11-26/",
        "https://digest.example.org/2026-11-25/"]
    newest = feed.entries[0]
    assert newest.title == "Daily Digest — Friday 27 November 2026"
    assert newest.id == newest.link and newest.updated.startswith("2026-11-27")
    top = newest.summary.split(" · ")[0].removesuffix("…")
    assert len(newest.summary) <= 140 and f">{top}" in newest.content[0].value
    # the entry's content names every article, linked to its source
    digest = big_digest(project, 4, date=D3)
    for item in digest.items:
        assert f'href="{item.article.url}"' in newest.content[0].value
    assert feed.feed.updated.startswith("2026-11-27")


def test_a_digest_whose_files_are_gone_is_left_out_with_a_warning(
        project: Path, caplog: pytest.LogCaptureFixture) -> None:
    config = design_config(project)
    _build(config, project, [D1, D2])
    (config.output_dir / "2026-11-25" / "digest.json").unlink()
    with caplog.at_level(logging.WARNING):
        render_digest(big_digest(project, 2, date=D3), config, dates=[D1, D2])
    assert "no digest.json for 2026-11-25" in caplog.text
    archive = (config.output_dir / "index.html").read_text()
    assert "2026-11-25/" not in archive and "2026-11-26/" in archive
