"""Folder file formats beyond the seed format: Markdown with front matter, HTML and JSON."""

from __future__ import annotations

import datetime as dt
import html
import json
import logging
import re
from pathlib import Path
from typing import Any

import yaml

from digest.models import Article
from digest.pages import extract_page, html_paragraphs
from digest.text import content_hash, derive_title, split_paragraphs

logger = logging.getLogger(__name__)

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.DOTALL | re.MULTILINE)
_MARKUP = [
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),  # images say nothing in a summary
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links keep their words
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),
    (re.compile(r"(?<![\w*])([*_])(?!\s)(.+?)(?<!\s)\1(?![\w*])"), r"\2"),
    (re.compile(r"`([^`]+)`"), r"\1"),
    (re.compile(r"<[^>]+>"), ""),
    (re.compile(r"^\s{0,3}(>\s?)+", re.MULTILINE), ""),
    (re.compile(r"^\s{0,3}#{1,6}\s+|\s+#+\s*$", re.MULTILINE), ""),
    (re.compile(r"^\[[^\]]+\]:\s+\S+.*$", re.MULTILINE), ""),  # link reference definitions
]


class FormatError(ValueError):
    """A file that cannot be read as the format its name says."""


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value.strip():
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def _first(meta: dict[str, Any], *names: str) -> Any:
    for name in names:
        value = meta.get(name)
        if isinstance(value, list):
            value = value[0] if value else None
        if isinstance(value, dict):
            value = value.get("name") or value.get("term")
        if value not in (None, ""):
            return value
    return None


def _article(meta: dict[str, Any], paragraphs: tuple[str, ...], *, source: str,
             article_id: str, path: Path, title: str | None = None) -> Article:
    url = _first(meta, "url", "link", "canonical", "external_url")
    return Article(
        id=article_id,
        title=str(_first(meta, "title", "headline") or title or derive_title(paragraphs)),
        section=str(_first(meta, "section", "category", "categories", "tags") or "News"),
        date=_date(_first(meta, "date", "published", "date_published", "datePublished")),
        source=source,
        url=str(url) if url else path.resolve().as_uri(),
        paragraphs=paragraphs,
        path=str(path),
        author=(str(a) if (a := _first(meta, "author", "authors", "byline")) else None),
        content_hash=content_hash(paragraphs),
        site=(str(s) if (s := _first(meta, "site", "sitename", "publisher")) else None),
    )


def markdown_paragraphs(body: str) -> tuple[str, ...]:
    """Markdown's words, without its markup, paragraph by paragraph."""
    text = _FENCE.sub("", body)
    for pattern, replacement in _MARKUP:
        text = pattern.sub(replacement, text)
    return tuple(html.unescape(p) for p in split_paragraphs(text))


def parse_markdown(text: str, *, source: str, article_id: str, path: Path) -> list[Article]:
    """Markdown with optional YAML front matter (title, date, section, author, url)."""
    text = text.replace("\r\n", "\n").lstrip("\ufeff")
    meta: dict[str, Any] = {}
    match = _FRONT_MATTER.match(text)
    if match:
        try:
            loaded = yaml.safe_load(match.group(1))
        except yaml.YAMLError as exc:
            raise FormatError(f"front matter is not valid YAML: {exc}") from None
        if loaded is not None and not isinstance(loaded, dict):
            raise FormatError("front matter must be `key: value` lines")
        meta = loaded or {}
        text = text[match.end():]
    title = None
    heading = re.match(r"\s*#\s+(.+?)\s*#*\s*\n", text)
    if heading:  # a leading `# Heading` is the title, not a paragraph
        title = heading.group(1)
        text = text[heading.end():]
    paragraphs = markdown_paragraphs(text)
    return [_article(meta, paragraphs, source=source, article_id=article_id, path=path,
                     title=title)]


def parse_html_file(text: str, *, source: str, article_id: str, path: Path) -> list[Article]:
    """A saved web page: its main text and metadata, as for a `page` source."""
    page = extract_page(text, url=path.resolve().as_uri())
    if page is None:
        raise FormatError("no article text found in the page")
    meta = {"title": page.title, "author": page.author, "date": page.date, "site": page.site,
            "section": page.section}
    if not page.url.startswith("file:"):
        meta["url"] = page.url
    return [_article(meta, page.paragraphs, source=source, article_id=article_id, path=path)]


def _json_paragraphs(item: dict[str, Any]) -> tuple[str, ...]:
    paragraphs = item.get("paragraphs")
    if isinstance(paragraphs, list):
        return tuple(" ".join(str(p).split()) for p in paragraphs if str(p).strip())
    for key in ("text", "body", "content_text"):
        if isinstance(item.get(key), str):
            return split_paragraphs(item[key])
    for key in ("content_html", "content", "html"):
        if isinstance(item.get(key), str):
            return html_paragraphs(item[key])
    return ()


def parse_json(text: str, *, source: str, article_id: str, path: Path) -> list[Article]:
    """One article object, a list of them, or a JSON Feed (`items`)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FormatError(f"not valid JSON: {exc}") from None
    if isinstance(data, dict) and isinstance(data.get("items"), list):
        items, many = data["items"], True
    elif isinstance(data, list):
        items, many = data, True
    elif isinstance(data, dict):
        items, many = [data], False
    else:
        raise FormatError("expected an article object, a list of them or a JSON Feed")
    articles = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise FormatError(f"item {index} is not an object")
        paragraphs = _json_paragraphs(item)
        if not paragraphs:
            logger.warning("%s: item %d has no text, skipped", path, index)
            continue
        key = item.get("id") or item.get("url") or index
        articles.append(_article(item, paragraphs, source=source, path=path,
                                 article_id=f"{article_id}#{key}" if many else article_id))
    return articles
