"""The one documented context that feeds the web page, the email and the text part.

Templates may use only the fields defined here (a contract test walks every shipped template).
A digest becomes a context in two steps: `digest_data` (the JSON written as digest.json) and
`build_context`, so a page rendered today and one re-rendered later from its digest.json (when
a newer digest needs a "next" link) come from the same code.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Any

from digest.models import Digest, Quote

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
    anchor: str  # id for in-page links, e.g. "article-3"


@dataclass(frozen=True)
class SectionContext:
    """A section and its articles."""

    name: str  # section name, e.g. "World"
    anchor: str  # id for the table of contents, e.g. "section-world"
    items: list[ItemContext]  # its articles


@dataclass(frozen=True)
class DigestContext:
    """Everything the web page, the email and the text part may show."""

    name: str  # the digest's name from config, e.g. "Daily Digest"
    title: str  # "Daily Digest — Friday 27 November 2026"
    date: str  # "Friday 27 November 2026"
    date_iso: str  # "2026-11-27"
    preheader: str  # the inbox preview line naming the top stories
    sections: list[SectionContext]  # sections in order
    article_count: int  # number of articles
    web_url: str  # the digest's web page ("view in browser"); "./" on the page itself
    archive_url: str  # the archive of every digest (relative on the web page, as all links)
    feed_url: str  # the Atom feed of every digest
    unsubscribe_url: str  # the subscriber's unsubscribe link (email and text part)
    previous_url: str | None  # the previous digest's page, if any
    next_url: str | None  # the next digest's page, if any


@dataclass(frozen=True)
class ArchiveEntry:
    """One digest in the archive."""

    title: str  # the digest's title
    date: str  # "Friday 27 November 2026"
    date_iso: str  # "2026-11-27"
    url: str  # the digest's page
    preheader: str  # its top stories
    article_count: int  # number of articles


@dataclass(frozen=True)
class ArchiveContext:
    """Everything the archive page (out/index.html) may show."""

    name: str  # the digest's name from config
    entries: list[ArchiveEntry]  # every digest, newest first
    feed_url: str  # the Atom feed


def long_date(date: dt.date) -> str:
    """`Friday 27 November 2026`."""
    return f"{date:%A} {date.day} {date:%B %Y}"


def short_date(date: dt.date | None) -> str:
    """`27 November 2026`, or "" when unknown."""
    return f"{date.day} {date:%B %Y}" if date else ""


def slug(text: str) -> str:
    """A name made safe for an HTML id."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"


def preheader(titles: list[str], limit: int = 140) -> str:
    """The top stories' titles, joined, cut to what an inbox shows."""
    titles = [" ".join(t.split()) for t in titles[:3]]
    text = " · ".join(titles) if titles else "No new articles today"
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def digest_data(digest: Digest) -> dict[str, Any]:
    """The digest as plain JSON data: what digest.json holds and what templates are fed from."""
    return {
        "date": digest.date.isoformat(),
        "title": digest.title,
        "sections": [
            {
                "name": section.name,
                "articles": [
                    {
                        "id": item.article.id,
                        "title": item.article.title,
                        "url": item.article.url,
                        "source": item.article.source,
                        "author": item.article.author,
                        "date": item.article.date.isoformat() if item.article.date else None,
                        "words": item.article.word_count,
                        "sentences": list(item.summary.sentences),
                        "quotes": [{"text": q.text, "speaker": q.speaker}
                                   for q in item.summary.quotes],
                        "also_in": list(item.also_in),
                    }
                    for item in section.items
                ],
            }
            for section in digest.sections
        ],
    }


def _item(section: str, article: dict[str, Any], index: int) -> ItemContext:
    date = dt.date.fromisoformat(article["date"]) if article.get("date") else None
    return ItemContext(
        title=article["title"],
        url=article.get("url"),
        source=article["source"],
        date=short_date(date),
        section=section,
        reading_minutes=max(1, math.ceil(article.get("words", 0) / WORDS_PER_MINUTE)),
        sentences=list(article.get("sentences", [])),
        quotes=[Quote(q["text"], q.get("speaker")) for q in article.get("quotes", [])],
        also_in=list(article.get("also_in", [])),
        anchor=f"article-{index}",
    )


def page_url(base_url: str, date: dt.date | str) -> str:
    """The public address of one digest's web page."""
    iso = date if isinstance(date, str) else date.isoformat()
    return f"{base_url.rstrip('/')}/{iso}/"


def build_context(
    digest: Digest | dict[str, Any],
    *,
    name: str,
    base_url: str,
    previous: dt.date | None = None,
    following: dt.date | None = None,
    unsubscribe_url: str = UNSUBSCRIBE_MARKER,
    relative: bool = False,
) -> DigestContext:
    """The context for one digest (or its digest.json data).

    Links are absolute (from the public base URL) for the email and the text part, and relative
    for the web page (`relative=True`), so the output folder also works opened from disk.
    """
    data = digest_data(digest) if isinstance(digest, Digest) else digest
    base = ".." if relative else base_url.rstrip("/")
    counter = iter(range(1, 1_000_000))
    sections = []
    for section in data["sections"]:
        items = [_item(section["name"], a, next(counter)) for a in section["articles"]]
        sections.append(SectionContext(section["name"], f"section-{slug(section['name'])}", items))
    titles = [item.title for section in sections for item in section.items]
    date = dt.date.fromisoformat(data["date"])
    return DigestContext(
        name=name,
        title=" ".join(data["title"].split()),
        date=long_date(date),
        date_iso=date.isoformat(),
        preheader=preheader(titles),
        sections=sections,
        article_count=len(titles),
        web_url="./" if relative else page_url(base, date),
        archive_url=f"{base}/",
        feed_url=f"{base}/feed.xml",
        unsubscribe_url=unsubscribe_url,
        previous_url=page_url(base, previous) if previous else None,
        next_url=page_url(base, following) if following else None,
    )


def archive_entry(data: dict[str, Any], *, base_url: str | None = None) -> ArchiveEntry:
    """One archive line from a digest's digest.json data; links are relative without a base."""
    date = dt.date.fromisoformat(data["date"])
    titles = [a["title"] for s in data.get("sections", []) for a in s["articles"]]
    return ArchiveEntry(
        title=" ".join(data.get("title", long_date(date)).split()),
        date=long_date(date),
        date_iso=date.isoformat(),
        url=page_url(base_url, date) if base_url else f"{date.isoformat()}/",
        preheader=preheader(titles) if titles else "",
        article_count=len(titles),
    )
