"""Readers: turn the user's sources into Article dataclasses."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from digest.config import Config, SourceSettings
from digest.models import Article

logger = logging.getLogger(__name__)

_DATE_LINE = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\s*(.*?)\s*$", re.IGNORECASE)
_BREADCRUMB_SPLIT = re.compile(r"\s*(?:»|›|>|/|\|)\s*")
_SENTENCE_END = re.compile(r"[.!?…:;\"”’)]$")
TITLE_WORDS = 12


@dataclass
class Collected:
    """What collecting found: articles, and one problem line per file or source that failed."""

    articles: list[Article] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def content_hash(paragraphs: tuple[str, ...]) -> str:
    """A hash of the text with case, punctuation and spacing folded away."""
    words = re.findall(r"\w+", " ".join(paragraphs).lower())
    return hashlib.sha256(" ".join(words).encode()).hexdigest()[:32]


def section_from_breadcrumb(breadcrumb: str) -> str:
    """`Home » World` → `World`: the last crumb names the section."""
    crumbs = [c for c in _BREADCRUMB_SPLIT.split(breadcrumb.strip()) if c]
    return crumbs[-1] if crumbs else "News"


def derive_title(paragraphs: tuple[str, ...]) -> str:
    """A title from the text itself, for articles without a headline."""
    if not paragraphs:
        return "(empty article)"
    first = re.split(r"(?<=[.!?])\s+(?=[A-Z“\"])", paragraphs[0], maxsplit=1)[0]
    words = first.split()
    if len(words) <= TITLE_WORDS:
        return first.rstrip(".")
    return " ".join(words[:TITLE_WORDS]).rstrip(",;:—-") + "…"


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


def read_folder(source: SourceSettings, config: Config) -> Collected:
    """Read every seed-format .txt file in a folder, in name order."""
    folder = config.resolve(source.path)
    collected = Collected()
    if not folder.is_dir():
        collected.problems.append(f"{source.name}: folder {folder} does not exist")
        return collected
    for path in sorted(p for p in folder.rglob("*.txt") if p.is_file()):
        try:
            text = read_text_file(path)
        except OSError as exc:
            logger.warning("%s: cannot read: %s", path, exc)
            text = None
        if text is None:
            collected.problems.append(f"{source.name}: {path.name} skipped")
            continue
        relative = path.relative_to(folder).as_posix()
        article = parse_seed(text, source=source.name, article_id=f"{source.name}:{relative}",
                             path=path)
        if article.paragraphs:
            collected.articles.append(article)
    return collected


Reader = Callable[[SourceSettings, Config], Collected]

READERS: dict[str, Reader] = {"folder": read_folder}


def collect(config: Config) -> Collected:
    """Read every configured source; a failing source is logged and the others still count."""
    collected = Collected()
    for source in config.sources:
        reader = READERS.get(source.kind)
        if reader is None:
            problem = f"{source.name}: kind {source.kind!r} is not supported yet"
            logger.error(problem)
            collected.problems.append(problem)
            continue
        try:
            result = reader(source, config)
        except Exception as exc:  # one broken source must not stop the digest
            logger.exception("source %s failed", source.name)
            collected.problems.append(f"{source.name}: {exc}")
            continue
        collected.articles += result.articles
        collected.problems += result.problems
    return collected
