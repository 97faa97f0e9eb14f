"""The daily job: collect → summarize → assemble → render (build), then deliver (run)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from digest.assemble import assemble, digest_title
from digest.config import Config
from digest.deliver import (
    PlannedMessage,
    Progress,
    SendReport,
    Transport,
    make_transport,
    plan_send,
    send_digest,
    send_test_copy,
)
from digest.errors import DigestError
from digest.models import Digest
from digest.render import RenderedDigest, load_rendered, render_digest
from digest.sources import collect
from digest.store import Store
from digest.summarize import summarize

logger = logging.getLogger(__name__)


@dataclass
class BuildResult:
    """What a build produced: the digest (None when nothing was new) and what went wrong."""

    digest: Digest | None
    rendered: RenderedDigest | None
    new_articles: int
    problems: list[str] = field(default_factory=list)


@dataclass
class RunResult:
    build: BuildResult
    send: SendReport | None


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def open_store(config: Config) -> Store:
    """The store named in config, with the config's initial subscribers added once."""
    store = Store(config.store_path)
    for address in config.subscribers.initial:
        store.add_subscriber(address)
    return store


def build_digest(config: Config, *, today: dt.date, store: Store | None = None) -> BuildResult:
    """Collect new articles, summarize them and render the digest for `today`."""
    own = store is None
    store = store or open_store(config)
    try:
        collected = collect(config)
        new = store.add_articles(collected.articles)
        articles = store.articles_for(today)
        if not articles and config.digest.skip_empty:
            logger.info("no new articles for %s: nothing built", today)
            return BuildResult(None, None, len(new), collected.problems)
        pairs = []
        for article in articles:
            try:
                summary = summarize(article.text, sentences=config.digest.sentences,
                                    quotes=config.digest.quotes, method=config.digest.method)
            except Exception:  # one bad article must not sink the digest
                logger.exception("cannot summarize %s (%s)", article.id,
                                 article.path or article.url)
                collected.problems.append(f"{article.id}: could not be summarized")
                continue
            pairs.append((article, summary))
        digest = assemble(pairs, date=today, title=config.digest.title)
        rendered = render_digest(digest, config, dates=store.digest_dates())
        # recorded only once the files are written, so a crash before this leaves nothing lost
        store.assign_articles(today, [article.id for article, _ in pairs])
        store.record_digest(today, digest.title)
        return BuildResult(digest, rendered, len(new), collected.problems)
    finally:
        if own:
            store.close()


def _rendered(config: Config, today: dt.date) -> RenderedDigest:
    rendered = load_rendered(config, today)
    if rendered is None:
        raise DigestError(f"no digest has been built for {today}",
                          hint=f"run `digest build --date {today}` first")
    return rendered


def send(
    config: Config, *, today: dt.date, store: Store | None = None,
    transport: Transport | None = None, now: Callable[[], dt.datetime] = utc_now,
    progress: Progress | None = None,
) -> SendReport:
    """Send the digest already built for `today` to everyone who has not had it."""
    rendered = _rendered(config, today)
    own = store is None
    store = store or open_store(config)
    try:
        return send_digest(
            config, store, rendered, date=today,
            title=digest_title(config.digest.title, today),
            transport=transport or make_transport(config), now=now, progress=progress,
        )
    finally:
        if own:
            store.close()


def plan(config: Config, *, today: dt.date) -> list[PlannedMessage]:
    """Who `send` would mail for `today`, and why; nothing is sent or recorded."""
    _rendered(config, today)
    with open_store(config) as store:
        return plan_send(config, store, date=today)


def send_test(
    config: Config, *, today: dt.date, address: str, transport: Transport | None = None,
    now: Callable[[], dt.datetime] = utc_now,
) -> str:
    """Send a test copy of `today`'s digest to one address, outside the ledger."""
    rendered = _rendered(config, today)
    with open_store(config) as store:
        return send_test_copy(
            config, store, rendered, date=today, title=digest_title(config.digest.title, today),
            address=address, transport=transport or make_transport(config), now=now,
        )


def run_daily(
    config: Config, *, today: dt.date, transport: Transport | None = None,
    now: Callable[[], dt.datetime] = utc_now, progress: Progress | None = None,
) -> RunResult:
    """The daily job: build today's digest, then deliver it."""
    with open_store(config) as store:
        built = build_digest(config, today=today, store=store)
        if built.rendered is None:
            return RunResult(built, None)
        report = send(config, today=today, store=store, transport=transport, now=now,
                      progress=progress)
        return RunResult(built, report)
