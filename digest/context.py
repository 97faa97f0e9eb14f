"""The one documented context that feeds the web page, the email and the text part.

Templates may use only the fields defined here; a contract test checks it.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

from digest.models import Digest, DigestItem, Quote

WORDS_PER_MINUTE = 230
# Replaced per subscriber after the email is compiled once per digest.
UNSUBSCRIBE_MARKER = "https://unsubscribe.invalid/DIGEST-UNSUBSCRIBE-TOKEN"


@dataclass(frozen=True)
class ItemContext:
    """One article in the digest."""

    title: str  # the headline
    url: str | None  # link to the article at its source
    source: str  # the source's name
    date: str  # the article's date, e.g. "3 January 2019" (empty when unknown)
    section: str  # the section it belongs to
    reading_minutes: int  # minutes to read the whole article
    sentences: list[str]  # key sentences, in document order
    quotes: list[Quote]  # quotes, each with .text and .speaker (may be None)
    also_in: list[str]  # other sources that carried the same story
    anchor: str  # id for in-page links


@dataclass(frozen=True)
class SectionContext:
    """A section and its articles."""

    name: str  # section name, e.g. "World"
    anchor: str  # id for the table of contents
    items: list[ItemContext]  # its articles


@dataclass(frozen=True)
class DigestContext:
    """Everything a digest template may show."""

    title: str  # "Daily Digest — Friday 27 November 2026"
    date: str  # "Friday 27 November 2026"
    date_iso: str  # "2026-11-27"
    preheader: str  # the inbox preview line naming the top stories
    sections: list[SectionContext]  # sections in order
    article_count: int  # number of articles
    web_url: str  # the digest's web page ("view in browser")
    archive_url: str  # the archive of every digest
    unsubscribe_url: str  # the subscriber's unsubscribe link (email and text part)
    previous_url: str | None  # the previous digest's page, if any
    next_url: str | None  # the next digest's page, if any


def long_date(date: dt.date) -> str:
    return f"{date:%A} {date.day} {date:%B %Y}"


def short_date(date: dt.date | None) -> str:
    return f"{date.day} {date:%B %Y}" if date else ""


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"


def _item(item: DigestItem, index: int) -> ItemContext:
    article = item.article
    return ItemContext(
        title=article.title,
        url=article.url,
        source=article.source,
        date=short_date(article.date),
        section=article.section,
        reading_minutes=max(1, math.ceil(article.word_count / WORDS_PER_MINUTE)),
        sentences=list(item.summary.sentences),
        quotes=list(item.summary.quotes),
        also_in=list(item.also_in),
        anchor=f"article-{index}",
    )


def preheader(digest: Digest, limit: int = 140) -> str:
    """The top stories' titles, joined, cut to what an inbox shows."""
    titles = [item.article.title for item in digest.items[:3]]
    text = " · ".join(titles) if titles else "No new articles today"
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def build_context(
    digest: Digest,
    *,
    base_url: str,
    previous: dt.date | None = None,
    following: dt.date | None = None,
    unsubscribe_url: str = UNSUBSCRIBE_MARKER,
) -> DigestContext:
    """The context for one digest; links are absolute, from the public base URL."""
    base = base_url.rstrip("/")
    counter = iter(range(1, 10_000))
    sections = [
        SectionContext(
            s.name, f"section-{slug(s.name)}", [_item(i, next(counter)) for i in s.items]
        )
        for s in digest.sections
    ]
    return DigestContext(
        title=digest.title,
        date=long_date(digest.date),
        date_iso=digest.date.isoformat(),
        preheader=preheader(digest),
        sections=sections,
        article_count=len(digest.items),
        web_url=f"{base}/{digest.date.isoformat()}/",
        archive_url=f"{base}/",
        unsubscribe_url=unsubscribe_url,
        previous_url=f"{base}/{previous.isoformat()}/" if previous else None,
        next_url=f"{base}/{following.isoformat()}/" if following else None,
    )
