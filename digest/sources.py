"""Readers: turn the user's sources into Article dataclasses."""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import logging
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import nullcontext
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from digest.collector import Collected, Collector
from digest.config import Config, SourceSettings
from digest.feeds import read_feed
from digest.fetch import HTML_TYPES, Fetcher, FetchError
from digest.formats import FormatError, parse_html_file, parse_json, parse_markdown
from digest.models import Article
from digest.pages import check_page, extract_page, page_article
from digest.store import Store
from digest.text import content_hash, derive_title

logger = logging.getLogger(__name__)

_DATE_LINE = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\s*(.*?)\s*$", re.IGNORECASE)
_BREADCRUMB_SPLIT = re.compile(r"\s*(?:»|›|>|/|\|)\s*")
_SENTENCE_END = re.compile(r"[.!?…:;\"”’)]$")

__all__ = ["READERS", "Collected", "Collector", "collect", "content_hash", "derive_title",
           "parse_seed", "read_folder", "read_page"]


def section_from_breadcrumb(breadcrumb: str) -> str:
    """`Home » World` → `World`: the last crumb names the section."""
    crumbs = [c for c in _BREADCRUMB_SPLIT.split(breadcrumb.strip()) if c]
    return crumbs[-1] if crumbs else "News"


def _is_headline(paragraph: str) -> bool:
    # a headline is one short line without the closing punctuation of a sentence
    return "\n" not in paragraph and len(paragraph.split()) <= 20 and not _SENTENCE_END.search(
        paragraph
    )


def parse_seed(text: str, *, source: str, article_id: str, path: Path | None = None) -> Article:
    """Parse the seed format: `date YYYY-MM-DD <breadcrumb>`, a blank line, paragraphs."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").split("\n")
    match = _DATE_LINE.match(lines[0]) if lines else None
    date = section = None
    if match:
        try:
            date = dt.date.fromisoformat(match.group(1))
        except ValueError:
            logger.warning("%s: bad date %r in the first line", path or article_id, match.group(1))
        section = section_from_breadcrumb(match.group(2))
        lines = lines[1:]
    else:
        logger.warning("%s: no `date YYYY-MM-DD` first line; reading it as plain text",
                       path or article_id)
    body = "\n".join(lines)
    # writers paste text from web pages: "&amp;" in a seed means "&"
    paragraphs = tuple(
        " ".join(html.unescape(p).split()) for p in re.split(r"\n\s*\n", body) if p.strip()
    )
    title = None
    if len(paragraphs) > 1 and _is_headline(paragraphs[0]):
        title, paragraphs = paragraphs[0], paragraphs[1:]
    return Article(
        id=article_id,
        title=title or derive_title(paragraphs),
        section=section or "News",
        date=date,
        source=source,
        url=path.resolve().as_uri() if path else None,
        paragraphs=paragraphs,
        path=str(path) if path else None,
        content_hash=content_hash(paragraphs),
    )


def read_text_file(path: Path) -> str | None:
    """The file's text, or None with a warning naming the file when it cannot be used."""
    data = path.read_bytes()
    if not data.strip():
        logger.warning("%s: empty file, skipped", path)
        return None
    if b"\x00" in data:
        logger.warning("%s: binary file, skipped", path)
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        logger.warning("%s: not UTF-8 text (byte %d), skipped", path, exc.start)
        return None




def parse_seed_file(text: str, *, source: str, article_id: str, path: Path) -> list[Article]:
    return [parse_seed(text, source=source, article_id=article_id, path=path)]


FileParser = Callable[..., list[Article]]

FILE_PARSERS: dict[str, FileParser] = {
    ".txt": parse_seed_file,
    ".md": parse_markdown,
    ".markdown": parse_markdown,
    ".html": parse_html_file,
    ".htm": parse_html_file,
    ".json": parse_json,
}


def _ignored(path: Path, folder: Path) -> bool:
    # a folder's README describes the articles; hidden files belong to editors and tools
    return path.stem.upper() == "README" or any(
        part.startswith((".", "_")) for part in path.relative_to(folder).parts)


def read_folder(source: SourceSettings, config: Config) -> Collected:
    """Read every article file in a folder (.txt seed, .md, .html, .json), in name order."""
    folder = config.resolve(source.path)
    collected = Collected()
    if not folder.is_dir():
        collected.problems.append(f"{source.name}: folder {folder} does not exist")
        collected.failed = True
        return collected
    paths = sorted(p for p in folder.rglob("*")
                   if p.suffix.lower() in FILE_PARSERS and p.is_file() and not _ignored(p, folder))
    for path in paths:
        try:
            text = read_text_file(path)
        except OSError as exc:
            logger.warning("%s: cannot read: %s", path, exc)
            text = None
        if text is None:
            collected.problems.append(f"{source.name}: {path.name} skipped")
            continue
        relative = path.relative_to(folder).as_posix()
        try:
            articles = FILE_PARSERS[path.suffix.lower()](
                text, source=source.name, article_id=f"{source.name}:{relative}", path=path)
        except FormatError as exc:
            logger.warning("%s: %s, skipped", path, exc)
            collected.problems.append(f"{source.name}: {path.name} skipped: {exc}")
            continue
        collected.articles += [a for a in articles if a.paragraphs]
    return collected


def read_page(source: SourceSettings, collector: Collector) -> Collected:
    """One web page's article: main text and metadata extracted with trafilatura."""
    etag, last_modified = collector.validators.get(source.url, (None, None))
    response = collector.fetcher.get(source.url, etag=etag, last_modified=last_modified,
                                     accept="text/html, application/xhtml+xml;q=0.9")
    collected = Collected()
    if response.not_modified:
        logger.info("%s: not modified since the last run", source.name)
        return collected
    response.expect(HTML_TYPES)
    page = check_page(extract_page(response.body, url=response.url), response.url)
    collected.articles.append(page_article(page, source=source, article_id=page.url,
                                           content_hash=content_hash(page.paragraphs)))
    collected.validators[source.url] = (response.etag, response.last_modified)
    return collected


Reader = Callable[[SourceSettings, Collector], Collected]

READERS: dict[str, Reader] = {
    "folder": lambda source, collector: read_folder(source, collector.config),
    "feed": read_feed,
    "page": read_page,
}


def _read(source: SourceSettings, collector: Collector) -> Collected:
    reader = READERS.get(source.kind)
    if reader is None:
        result = Collected(problems=[f"{source.name}: kind {source.kind!r} is not supported"],
                           failed=True)
    else:
        try:
            result = reader(source, collector)
        except FetchError as exc:
            reason = exc.reason if exc.url == source.url else str(exc)
            result = Collected(problems=[f"{source.name}: {reason}"], failed=True)
        except Exception as exc:  # one broken source must not stop the digest
            logger.exception("source %s: unexpected error", source.name)
            result = Collected(problems=[f"{source.name}: {type(exc).__name__}: {exc}"],
                               failed=True)
    if result.failed:
        logger.error("source %s failed (tried again next run): %s", source.name,
                     "; ".join(p.removeprefix(f"{source.name}: ") for p in result.problems))
    return result


def _progress(console: Console | None) -> Progress | None:
    console = console or Console(stderr=True)
    if not console.is_terminal:
        return None
    return Progress(TextColumn("collecting {task.description}"), BarColumn(),
                    MofNCompleteColumn(), console=console, transient=True)


def collect(config: Config, *, today: dt.date | None = None, store: Store | None = None,
            fetcher: Fetcher | None = None, console: Console | None = None) -> Collected:
    """Read every configured source at once; a failing source is reported, the others count."""
    web = [s.url for s in config.sources if s.kind in ("feed", "page")]
    collector = Collector(
        config=config, fetcher=fetcher or Fetcher(config.collect), today=today,
        validators={url: store.validators(url) for url in web} if store else {},
        known_ids=frozenset(store.article_ids()) if store else frozenset(),
    )
    results: dict[int, Collected] = {}
    progress = _progress(console) if config.sources else None
    with ThreadPoolExecutor(max_workers=config.collect.workers) as pool:
        futures = {pool.submit(_read, source, collector): i
                   for i, source in enumerate(config.sources)}
        with progress or nullcontext():
            task = progress.add_task("sources", total=len(futures)) if progress else None
            for future in as_completed(futures):
                i = futures[future]
                results[i] = future.result()
                if progress:
                    progress.update(task, advance=1, description=config.sources[i].name)
    collected = Collected()
    for i, source in enumerate(config.sources):  # config order, whatever finished first
        result = results[i]
        fresh = [a for a in result.articles if not collector.too_old(a.date)]
        if source.section:
            fresh = [dataclasses.replace(a, section=source.section) for a in fresh]
        if len(fresh) < len(result.articles):
            logger.info("%s: %d article(s) older than %d days skipped", source.name,
                        len(result.articles) - len(fresh), config.collect.max_age_days)
        collected.articles += fresh
        collected.problems += result.problems
        collected.validators.update(result.validators)
        collected.outcomes[source.name] = (
            "; ".join(p.removeprefix(f"{source.name}: ") for p in result.problems)
            if result.failed else None)
    return collected
