"""The daily job: collect → summarize → assemble → render (build), then deliver (run)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from digest.assemble import assemble, digest_title
from digest.config import Config
from digest.dedupe import admit, with_also_in
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
from digest.locks import DAILY_LOCK, LOCK_TTL, StoreLock
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
    merged: int = 0  # collected articles that repeated a story from another source
    failed_sources: dict[str, str] = field(default_factory=dict)  # name → reason


@dataclass
class RunResult:
    """What the daily job did; `build` is None when the digest was built by an earlier run."""

    build: BuildResult | None
    send: SendReport | None
    stopped: bool = False  # asked to stop after building; the next run sends

    @property
    def failed(self) -> bool:
        return bool(self.send and self.send.failed)


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
        collected = collect(config, today=today, store=store)
        admitted = admit(store, collected.articles, today=today,
                         threshold=config.collect.duplicate_threshold)
        # validators only once the articles are stored: a 304 next run must not hide any
        for url, (etag, last_modified) in collected.validators.items():
            store.save_validators(url, etag, last_modified)
        failed = {name: why for name, why in collected.outcomes.items() if why is not None}
        for name, why in collected.outcomes.items():
            store.record_source(name, error=why)
        new = admitted.new
        articles = store.articles_for(today)
        if not articles and config.digest.skip_empty:
            logger.info("no new articles for %s: nothing built", today)
            return BuildResult(None, None, len(new), collected.problems,
                               len(admitted.repeats), failed)
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
        digest = with_also_in(digest, store.also_in(article.id for article, _ in pairs))
        rendered = render_digest(digest, config, dates=store.digest_dates())
        # recorded only once the files are written, so a crash before this leaves nothing lost
        store.assign_articles(today, [article.id for article, _ in pairs])
        store.record_digest(today, digest.title)
        return BuildResult(digest, rendered, len(new), collected.problems,
                           len(admitted.repeats), failed)
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
    now: Callable[[], dt.datetime] = utc_now, stop: Callable[[], bool] = lambda: False,
    lock_ttl: float = LOCK_TTL, progress: Progress | None = None,
) -> RunResult:
    """The daily job: build today's digest, then deliver it, once, resuming after a crash.

    The store's lock keeps a second process (scheduler or `digest run`) out while this runs,
    and the job's recorded progress means a digest built once is never built again.
    """
    with open_store(config) as store:
        lock = StoreLock(config.store_path, DAILY_LOCK, ttl=lock_ttl, now=now)
        lock.acquire(store)
        try:
            return _run_steps(config, store, lock, today=today, transport=transport, now=now,
                              stop=stop, progress=progress)
        except BaseException as exc:
            try:
                store.fail_job(today, f"{type(exc).__name__}: {exc}", now=now())
            except Exception:  # the store itself failing must not hide the first error
                logger.exception("could not record the failure of %s", today)
            raise
        finally:
            lock.release(store)


def _run_steps(
    config: Config, store: Store, lock: StoreLock, *, today: dt.date,
    transport: Transport | None, now: Callable[[], dt.datetime], stop: Callable[[], bool],
    progress: Progress | None,
) -> RunResult:
    job = store.start_job(today, now=now())
    built = None
    if job.state in ("built", "sent") and load_rendered(config, today) is not None:
        logger.info("the digest for %s was built by an earlier run: sending it", today)
    else:
        built = build_digest(config, today=today, store=store)
        if built.rendered is None:
            store.set_job_state(today, "empty", now=now())
            return RunResult(built, None)
        store.set_job_state(today, "built", now=now())
    if stop():
        logger.warning("stopping after the build of %s; the next run sends it", today)
        return RunResult(built, None, stopped=True)
    lock.check()
    report = send(config, today=today, store=store, transport=transport, now=now,
                  progress=progress)
    if report.failed:
        store.fail_job(today, f"{len(report.failed)} delivery(ies) failed: "
                       + ", ".join(report.failed), now=now())
    else:
        store.set_job_state(today, "sent", now=now())
    return RunResult(built, report)
