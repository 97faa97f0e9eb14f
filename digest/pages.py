"""Web pages: the main text and its metadata (title, author, date, site name) via trafilatura."""

from __future__ import annotations

import datetime as dt
import html
import logging
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import lxml.html
import trafilatura

from digest.config import SourceSettings
from digest.dedupe import strip_tracking
from digest.fetch import FetchError
from digest.models import Article
from digest.text import derive_title, split_paragraphs

logger = logging.getLogger(__name__)

_BLOCKS = {"p", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "dd", "dt",
           "figcaption", "td", "div", "section", "article"}


@dataclass(frozen=True)
class Page:
    """What a page says about itself, and its main text as paragraphs."""

    url: str  # the canonical address when the page names one, else where it was found
    title: str | None
    author: str | None
    date: dt.date | None
    site: str | None
    section: str | None
    paragraphs: tuple[str, ...]


def _iso_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def extract_page(html: str | bytes, *, url: str) -> Page | None:
    """The page's main text and metadata; None when it has no main text."""
    document = trafilatura.bare_extraction(html, url=url, with_metadata=True,
                                           include_comments=False, include_tables=False)
    if document is None:
        return None
    # trafilatura 2 returns a Document, 1.x a dict
    meta = document if isinstance(document, dict) else document.as_dict()
    title = " ".join((meta.get("title") or "").split()) or None
    paragraphs = [" ".join(line.split()) for line in (meta.get("text") or "").split("\n")]
    paragraphs = [p for p in paragraphs if p]
    # trafilatura repeats the headline as the first line of the text
    if paragraphs and title and paragraphs[0] == title:
        paragraphs = paragraphs[1:]
    if not paragraphs:
        return None
    categories = meta.get("categories") or []
    return Page(
        url=canonical_url(html, url=url) or strip_tracking(url),
        title=title,
        author=meta.get("author") or None,
        date=_iso_date(meta.get("date")),
        site=meta.get("sitename") or None,
        section=categories[0] if categories else None,
        paragraphs=tuple(paragraphs),
    )


def canonical_url(page: str | bytes, *, url: str) -> str | None:
    """The address the page names as its own (`rel=canonical`, else `og:url`), made absolute."""
    try:
        root = lxml.html.fromstring(page)
    except (lxml.etree.ParserError, ValueError):
        return None
    for href in root.xpath('//head/link[@rel="canonical"]/@href'
                           ' | //head/meta[@property="og:url"]/@content'):
        absolute = urljoin(url, href.strip())
        if urlsplit(absolute).scheme in ("http", "https"):
            return absolute
    return None


def html_paragraphs(fragment: str) -> tuple[str, ...]:
    """Paragraphs of an HTML fragment (a feed entry's content), block by block."""
    if "<" not in fragment:
        return split_paragraphs(html.unescape(fragment))
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return ()
    for bad in root.xpath(".//script|.//style|.//iframe|.//form"):
        bad.drop_tree()
    # blank lines around every block, so the text splits where the layout breaks
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag == "br":
            element.tail = "\n" + (element.tail or "")
        elif element.tag in _BLOCKS:
            element.text = "\n\n" + (element.text or "")
            element.tail = "\n\n" + (element.tail or "")
    return split_paragraphs(root.text_content())


def page_article(page: Page, *, source: SourceSettings, article_id: str,
                 content_hash: str) -> Article:
    """An Article from an extracted page, for the source that led to it."""
    return Article(
        id=article_id, title=page.title or derive_title(page.paragraphs),
        section=page.section or "News", date=page.date, source=source.name, url=page.url,
        paragraphs=page.paragraphs, author=page.author, content_hash=content_hash,
        site=page.site,
    )


def check_page(page: Page | None, url: str) -> Page:
    """The page, or a FetchError saying it had no article text."""
    if page is None:
        raise FetchError(url, "no article text found on the page")
    return page

