"""Feeds: RSS 0.9x/1.0/2.0 and Atom via feedparser; teaser-only entries fetch their page."""

from __future__ import annotations

import calendar
import datetime as dt
import html
import logging
import re
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import urljoin

import feedparser
import lxml.html

from digest.collector import Collected, Collector
from digest.config import SourceSettings
from digest.fetch import FEED_TYPES, HTML_TYPES, FetchError, Response
from digest.models import Article
from digest.pages import Page, check_page, extract_page, html_paragraphs
from digest.text import content_hash, derive_title

logger = logging.getLogger(__name__)

TEASER_WORDS = 80  # an entry shorter than this is a teaser: its page holds the article
_TAG = re.compile(r"<[^>]+>")
_CUT_OFF = re.compile(r"(\.\.\.|…|\[…\]|\[\.\.\.\]|read more|continue reading)\W*$", re.I)
FEED_LINK_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json")
FEED_ACCEPT = ("application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, "
               "application/xml;q=0.8, text/xml;q=0.8, */*;q=0.1")


def parse_feed(body: bytes, *, url: str, content_type: str = "") -> Any:
    """feedparser's result; relative links resolve against the feed's final address."""
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    parsed = feedparser.parse(body, response_headers=headers, sanitize_html=True)
    usable = [e for e in parsed.entries if e.get("link") or entry_text(e)]
    if parsed.bozo and not usable:
        # the lenient parser salvaged nothing usable: the feed is broken, not empty
        if not parsed.version:
            raise FetchError(url, f"not a feed: {parsed.get('bozo_exception', 'unknown format')}")
        raise FetchError(url, f"malformed feed: {parsed.bozo_exception}")
    if parsed.bozo:
        logger.warning("%s: feed has errors, using the %d entries that could be read: %s",
                       url, len(parsed.entries), parsed.bozo_exception)
    return parsed


def discover_feed(response: Response) -> str | None:
    """The feed a web page announces with `<link rel="alternate" type="…rss/atom…">`."""
    try:
        root = lxml.html.fromstring(response.body)
    except (lxml.etree.ParserError, ValueError):
        return None
    for link in root.xpath('//link[contains(concat(" ", @rel, " "), " alternate ")][@href]'):
        if (link.get("type") or "").lower() in FEED_LINK_TYPES:
            return urljoin(response.url, link.get("href").strip())
    return None


def entry_id(entry: Any, *, feed_url: str) -> str:
    """The entry's GUID: global when it is a URI, otherwise scoped to the feed that gave it."""
    guid = (entry.get("id") or "").strip()
    if guid:
        # "post-17" is unique only inside its own feed; a URI or URN is unique everywhere
        return guid if ":" in guid else f"{feed_url}#{guid}"
    if entry.get("link"):
        return urljoin(feed_url, entry.link)
    fallback = " ".join([entry.get("title", ""), entry.get("published", "")])
    return f"{feed_url}#{content_hash((fallback,))}"


def _link(entry: Any, base: str) -> str | None:
    return urljoin(base, entry.link) if entry.get("link") else None


def entry_text(entry: Any) -> tuple[str, ...]:
    """The fullest text the entry carries: its content, else its summary."""
    best: tuple[str, ...] = ()
    for part in entry.get("content") or []:
        paragraphs = html_paragraphs(part.get("value", ""))
        if sum(map(len, paragraphs)) > sum(map(len, best)):
            best = paragraphs
    summary = html_paragraphs(entry.get("summary", ""))
    return best if sum(map(len, best)) >= sum(map(len, summary)) else summary


def is_teaser(paragraphs: tuple[str, ...]) -> bool:
    """Too short to be the article, or visibly cut off."""
    words = sum(len(p.split()) for p in paragraphs)
    return words < TEASER_WORDS or bool(paragraphs and _CUT_OFF.search(paragraphs[-1]))


def _entry_date(entry: Any) -> dt.date | None:
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    if not stamp:
        return None
    return dt.datetime.fromtimestamp(calendar.timegm(stamp), dt.UTC).date()


def entry_article(entry: Any, *, source: SourceSettings, base: str, site: str | None,
                  paragraphs: tuple[str, ...], page: Page | None = None) -> Article:
    """An Article from a feed entry, with the text found for it and its page, if fetched."""
    tags = [t.get("term") for t in entry.get("tags") or [] if t.get("term")]
    # an HTML title ("<b>Breaking</b>: …") keeps its words, not its markup
    title = " ".join(html.unescape(_TAG.sub("", entry.get("title") or "")).split())
    title = title or (page.title if page else None)
    link = _link(entry, base)
    return Article(
        # ids are scoped by the configured address, which stays put when the feed moves
        id=entry_id(entry, feed_url=source.url), title=title or derive_title(paragraphs),
        section=tags[0] if tags else (page and page.section) or "News",
        date=_entry_date(entry) or (page.date if page else None), source=source.name,
        url=page.url if page else link, paragraphs=paragraphs,
        author=entry.get("author") or (page.author if page else None),
        content_hash=content_hash(paragraphs), site=(page and page.site) or site,
    )


def _full_page(entry: Any, collector: Collector) -> Page:
    """The article behind a teaser: its page's text, canonical address and metadata."""
    response = collector.fetcher.get(entry.get("link"),
                                     accept="text/html, application/xhtml+xml;q=0.9")
    response.expect(HTML_TYPES)
    return check_page(extract_page(response.body, url=response.url), response.url)


def read_feed(source: SourceSettings, collector: Collector) -> Collected:
    """Entries of an RSS or Atom feed; a teaser's article is fetched from its link."""
    etag, last_modified = collector.validators.get(source.url, (None, None))
    response = collector.fetcher.get(source.url, etag=etag, last_modified=last_modified,
                                     accept=FEED_ACCEPT)
    collected = Collected()
    if response.not_modified:
        logger.info("%s: not modified since the last run", source.name)
        return collected
    response.expect(FEED_TYPES)
    if response.content_type in HTML_TYPES and (found := discover_feed(response)):
        raise FetchError(response.url, f"this is a web page, not a feed; its feed is {found}",
                         temporary=False)
    declared = response.content_type + (f"; charset={response.charset}" if response.charset else "")
    parsed = parse_feed(response.body, url=response.url, content_type=declared)
    site = parsed.feed.get("title") or None
    # entries stored on an earlier run, or too old to matter, cost no further request
    entries = [e for e in parsed.entries
               if not collector.seen(entry_id(e, feed_url=source.url))
               and not collector.too_old(_entry_date(e))]
    texts = [entry_text(e) for e in entries]
    teasers = [i for i, text in enumerate(texts) if is_teaser(text) and entries[i].get("link")]
    complete = True
    with ThreadPoolExecutor(max_workers=collector.config.collect.per_host) as pool:
        futures = {i: pool.submit(_full_page, entries[i], collector) for i in teasers}
        for i, entry in enumerate(entries):
            page = None
            if i in futures:
                try:
                    page = futures[i].result()
                except FetchError as exc:
                    if exc.temporary:
                        # left for the next run, which asks for the whole feed again
                        complete = False
                        collected.problems.append(f"{source.name}: {exc}")
                        continue
                    # a page that will never do (gone, not HTML): the teaser is all there is
                    collected.problems.append(f"{source.name}: {exc}; the feed's teaser is used")
                    logger.warning("%s: %s; the feed's teaser is used", source.name, exc)
                if page and sum(map(len, page.paragraphs)) > sum(map(len, texts[i])):
                    texts[i] = page.paragraphs
                else:
                    page = None  # the page held less than the teaser: not the article
            if texts[i]:
                collected.articles.append(entry_article(
                    entry, source=source, base=response.url, site=site,
                    paragraphs=texts[i], page=page))
            else:
                logger.warning("%s: entry %r has no text, skipped", source.name,
                               entry.get("title") or entry.get("link"))
    if complete:
        collected.validators[source.url] = (response.etag, response.last_modified)
    else:
        collected.failed = True
    return collected
