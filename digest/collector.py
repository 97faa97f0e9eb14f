"""What the readers of one run share, and what each gives back."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from digest.config import Config
from digest.fetch import Fetcher
from digest.models import Article


@dataclass
class Collected:
    """What collecting found: articles, and one problem line per file or source that failed."""

    articles: list[Article] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    # URL → (ETag, Last-Modified), to remember once the articles are safely stored
    validators: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    failed: bool = False  # the source (or part of it) must be tried again next run
    outcomes: dict[str, str | None] = field(default_factory=dict)  # source → why it failed


@dataclass(frozen=True)
class Collector:
    """What every reader of one run shares: the config, the fetcher, what the store knows."""

    config: Config
    fetcher: Fetcher
    today: dt.date | None = None
    validators: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    known_ids: frozenset[str] = frozenset()

    def seen(self, article_id: str) -> bool:
        """Whether an earlier run already stored this article."""
        return article_id in self.known_ids

    def too_old(self, date: dt.date | None) -> bool:
        """Older than `collect.max_age_days` before today (undated articles are never too old)."""
        days = self.config.collect.max_age_days
        if not days or date is None or self.today is None:
            return False
        return (self.today - date).days > days
