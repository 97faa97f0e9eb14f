"""The things digest works with, in the user's words: articles, summaries, quotes, digests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Article:
    """One news article as a source gave it to us."""

    id: str  # stable identity: canonical URL, feed GUID or source-relative path
    title: str
    section: str
    date: dt.date | None
    source: str  # the source's name from config
    url: str | None  # where a reader can find the article (file:// for folders)
    paragraphs: tuple[str, ...]
    path: str | None = None  # the file it came from, for folder sources
    author: str | None = None
    content_hash: str = ""  # hash of the normalised text, for "each story once"
    site: str | None = None  # the publication's own name, when the page states it

    @property
    def text(self) -> str:
        """The body as paragraphs separated by blank lines."""
        return "\n\n".join(self.paragraphs)

    @property
    def word_count(self) -> int:
        return sum(len(p.split()) for p in self.paragraphs)


@dataclass(frozen=True)
class Quote:
    """A direct quotation and who said it (None when the article does not say)."""

    text: str
    speaker: str | None = None


@dataclass(frozen=True)
class Summary:
    """An article condensed: key sentences in document order and the most telling quotes."""

    sentences: list[str] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)


@dataclass(frozen=True)
class DigestItem:
    """An article as it appears in a digest."""

    article: Article
    summary: Summary
    also_in: tuple[str, ...] = ()  # names of other sources that carried the same story


@dataclass(frozen=True)
class Section:
    """A named group of items, in the order they appear in the digest."""

    name: str
    items: tuple[DigestItem, ...]


@dataclass(frozen=True)
class Digest:
    """The digest for one date."""

    date: dt.date
    title: str
    sections: tuple[Section, ...]

    @property
    def items(self) -> list[DigestItem]:
        return [item for section in self.sections for item in section.items]


@dataclass(frozen=True)
class Subscriber:
    """Someone who receives the digest by email."""

    email: str
    name: str | None = None
    status: str = "active"  # pending, active, unsubscribed, bounced
    id: int | None = None


@dataclass(frozen=True)
class Delivery:
    """The state of one digest sent to one subscriber."""

    digest_date: dt.date
    email: str
    status: str  # pending, sending (handed over, outcome unknown), sent, retry, failed
    message_id: str
    attempts: int = 0
    error: str | None = None
    next_attempt: dt.datetime | None = None  # when a 'retry' row may be tried again


@dataclass(frozen=True)
class JobProgress:
    """How far the daily job for one date got: built, sent, or still to do."""

    date: dt.date
    state: str  # pending, built, sent, empty (nothing new, so nothing to build)
    attempts: int = 0  # runs started for this date, manual ones included
    error: str | None = None  # why the last run failed; None after a success
    started_at: dt.datetime | None = None  # when the last run started

    @property
    def done(self) -> bool:
        """Nothing is left to do for this date."""
        return self.state in ("sent", "empty")


@dataclass(frozen=True)
class LockHolder:
    """Who holds a lock in the store, and until when unless they renew it."""

    name: str
    owner: str  # host:pid:nonce
    acquired_at: dt.datetime
    expires_at: dt.datetime
