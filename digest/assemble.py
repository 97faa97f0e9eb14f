"""Assemble summarized articles into the Digest for one date."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

from digest.models import Article, Digest, DigestItem, Section, Summary

logger = logging.getLogger(__name__)


def digest_title(title: str, date: dt.date) -> str:
    """`Daily Digest — Friday 27 November 2026`."""
    return f"{title} — {date:%A} {date.day} {date:%B %Y}"


def assemble(
    pairs: Iterable[tuple[Article, Summary]], *, date: dt.date, title: str
) -> Digest:
    """Group articles by section: biggest section first, newest article first within one."""
    by_section: dict[str, list[DigestItem]] = {}
    for article, summary in pairs:
        by_section.setdefault(article.section, []).append(DigestItem(article, summary))
    sections = []
    for name, items in by_section.items():
        items.sort(key=lambda i: (-(i.article.date or dt.date.min).toordinal(), i.article.title))
        sections.append(Section(name, tuple(items)))
    sections.sort(key=lambda s: (-len(s.items), s.name))
    return Digest(date=date, title=digest_title(title, date), sections=tuple(sections))
