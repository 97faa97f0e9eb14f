"""Digests made to order for the design tests: real sample text, any number of articles."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from digest.assemble import assemble
from digest.config import Config, load_config
from digest.models import Article, Digest, Quote, Summary
from digest.sources import collect

from .conftest import write_config

DAY = dt.date(2026, 11, 27)
SECTIONS = ("World", "Business", "Science", "Culture", "Sport")


def sample_articles(root: Path) -> list[Article]:
    """The shipped sample articles, read by the real folder reader."""
    return collect(load_config(root / "config.toml")).articles


def long_summary(article: Article, *, sentences: int = 3, quotes: int = 2) -> Summary:
    """A summary as long as the configured one can get: whole paragraphs as sentences."""
    plain = [p for p in article.paragraphs if not p.startswith("“")]
    paragraphs = plain or list(article.paragraphs)
    said = [p for p in article.paragraphs if p.startswith("“")]
    return Summary(
        sentences=paragraphs[:sentences],
        quotes=[Quote(p.strip("“”"), f"Speaker {i}") for i, p in enumerate(said[:quotes])],
    )


def big_digest(root: Path, count: int = 25, *, date: dt.date = DAY) -> Digest:
    """A digest of `count` articles made from the sample articles, each with a long summary."""
    base = sample_articles(root)
    pairs = []
    for i in range(count):
        article = base[i % len(base)]
        copy = Article(
            id=f"{article.id}#{i}", title=f"{article.title} ({i + 1})",
            section=SECTIONS[i % len(SECTIONS)], date=article.date, source=article.source,
            url=f"https://news.example.com/2026/story-{i + 1}-"
                + "-".join(re.findall(r"[a-z0-9]+", article.title.lower())[:6]),
            paragraphs=article.paragraphs,
        )
        pairs.append((copy, long_summary(article)))
    return assemble(pairs, date=date, title="Daily Digest")


def design_config(root: Path, extra: str = "") -> Config:
    """The test project's config with a public base URL, as a deployment would have."""
    write_config(root, '[delivery]\nbase_url = "https://digest.example.org"\n' + extra)
    return load_config(root / "config.toml")
