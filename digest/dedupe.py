"""Each story once: exact keys (canonical URL, feed GUID, content hash) and near-identical text."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit

from digest.models import Article, Digest, Section
from digest.store import Store

logger = logging.getLogger(__name__)

SHINGLE_WORDS = 5  # five-word shingles: one edited word breaks five of them, a topic breaks all
MIN_SHINGLES = 30  # shorter texts only merge on Jaccard, never on containment
CONTAINMENT = 0.8  # a text this much inside a longer one is a cut-down reprint of it
COMMON_IN = 3  # a shingle in this many stored stories is boilerplate, not shared text
WINDOW_DAYS = 7  # a reprint of a story from a digest this recent is not news again
_TRACKING = re.compile(r"^(utm_.*|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|ref|ref_src|"
                       r"cmpid|ncid|ocid|igshid|_ga|_hs.*|share|smid)$", re.IGNORECASE)


def strip_tracking(url: str) -> str:
    """The URL without campaign and click-tracking parameters or a fragment."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not _TRACKING.match(k)]
    return parts._replace(query=urlencode(query), fragment="").geturl()


def url_key(url: str) -> str:
    """A URL with what does not change the page folded away: scheme, www., tracking, fragment."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https"):
        return url.strip()
    host = (parts.hostname or "").lower().removeprefix("www.")
    port = f":{parts.port}" if parts.port and parts.port not in (80, 443) else ""
    path = re.sub(r"/{2,}", "/", parts.path or "/")
    if len(path) > 1:
        path = path.rstrip("/")
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                   if not _TRACKING.match(k))
    return f"{host}{port}{path}" + (f"?{urlencode(query)}" if query else "")


def article_keys(article: Article) -> list[str]:
    """Every key under which this article's story is known."""
    keys = [f"id:{article.id}"]
    if article.url:
        keys.append(f"url:{url_key(article.url)}")
    if article.content_hash:
        keys.append(f"hash:{article.content_hash}")
    return keys


def shingles(text: str, *, size: int = SHINGLE_WORDS) -> set[int]:
    """The text's overlapping runs of `size` words, case and punctuation folded away."""
    words = re.findall(r"\w+", text.lower())
    if len(words) < size:
        return {hash(" ".join(words))} if words else set()
    return {hash(" ".join(words[i:i + size])) for i in range(len(words) - size + 1)}


def similarity(a: set[int], b: set[int]) -> tuple[float, float]:
    """Jaccard similarity and containment of the smaller set in the larger."""
    if not a or not b:
        return 0.0, 0.0
    shared = len(a & b)
    return shared / len(a | b), shared / min(len(a), len(b))


def same_story(a: set[int], b: set[int], *, threshold: float) -> bool:
    """Near-identical text: a light edit of the other, or a cut-down copy of it."""
    jaccard, contained = similarity(a, b)
    long_enough = min(len(a), len(b)) >= MIN_SHINGLES
    return jaccard >= threshold or (contained >= CONTAINMENT and long_enough)


@dataclass
class StoryIndex:
    """Articles' shingles, with an inverted index so a match costs only the shared shingles."""

    threshold: float
    _shingles: dict[str, set[int]] = field(default_factory=dict)
    _postings: dict[int, list[str]] = field(default_factory=dict)

    def add(self, article: Article, found: set[int] | None = None) -> None:
        """Index an article as a story of its own."""
        found = shingles(article.text) if found is None else found
        self._shingles[article.id] = found
        postings = self._postings
        for shingle in found:
            if shingle in postings:
                postings[shingle].append(article.id)
            else:
                postings[shingle] = [article.id]

    def match_or_add(self, article: Article) -> str | None:
        """The story this article repeats; or None, having indexed it as a new story."""
        found = shingles(article.text)
        story = self.match(article, found)
        if story is None:
            self.add(article, found)
        return story

    def match(self, article: Article, found: set[int] | None = None) -> str | None:
        """The id of an indexed article telling the same story, the closest one first."""
        mine = shingles(article.text) if found is None else set(found)
        # runs of words found in several different stories are a site's boilerplate
        # ("subscribe to our newsletter…"), not evidence that two stories are one
        common = {s for s in mine if len(self._postings.get(s, ())) >= COMMON_IN}
        mine -= common
        shared = Counter(i for s in mine for i in self._postings.get(s, ()) if i != article.id)
        best, best_score = None, 0.0
        for candidate, _ in shared.most_common(20):
            theirs = self._shingles[candidate] - common
            if same_story(mine, theirs, threshold=self.threshold):
                score = similarity(mine, theirs)[0]
                if score > best_score:
                    best, best_score = candidate, score
        return best


@dataclass
class Admitted:
    """Collected articles sorted into new stories and repeats of stories already stored."""

    new: list[Article] = field(default_factory=list)
    repeats: list[tuple[Article, str]] = field(default_factory=list)  # (article, story's id)
    known: int = 0  # articles stored on an earlier run, read again


def admit(store: Store, articles: Iterable[Article], *, today: dt.date,
          threshold: float) -> Admitted:
    """Store the articles that are new stories; note the others as "also in" the first."""
    index = StoryIndex(threshold)
    for known in store.recent_articles(today - dt.timedelta(days=WINDOW_DAYS)):
        index.add(known)
    admitted = Admitted()
    # the fullest telling of a story collected together leads it; the others are "also in"
    ordered = sorted(articles, key=lambda a: -a.word_count)
    with store.transaction():
        for article in ordered:
            keys = article_keys(article)
            story = store.find_article(keys) or index.match_or_add(article)
            if story is None:
                store.insert_article(article, keys)
                admitted.new.append(article)
                continue
            if story == article.id:
                admitted.known += 1
                continue
            # its keys now lead straight to the story, so the next run skips it cheaply
            store.add_article_keys(story, keys)
            store.add_also_in(story, article.source, article.url)
            logger.info("%s (%s) repeats %s", article.id, article.source, story)
            admitted.repeats.append((article, story))
    return admitted


def with_also_in(digest: Digest, also_in: Mapping[str, tuple[str, ...]]) -> Digest:
    """The digest with each item naming the other sources that carried its story."""
    sections = tuple(
        Section(section.name, tuple(
            dataclasses.replace(item, also_in=tuple(
                name for name in also_in.get(item.article.id, ()) if name != item.article.source
            )) if item.article.id in also_in else item
            for item in section.items
        ))
        for section in digest.sections
    )
    return dataclasses.replace(digest, sections=sections)
