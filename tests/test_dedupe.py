from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import json
import re
from pathlib import Path

import pytest

from digest.config import CollectSettings
from digest.dedupe import StoryIndex, admit, same_story, shingles, similarity, url_key
from digest.feeds import entry_text, parse_feed
from digest.models import Article
from digest.sources import parse_seed
from digest.store import Store
from digest.text import content_hash

from .conftest import ROOT, SHARED

FEEDS = Path(__file__).parent / "fixtures" / "web" / "feeds"
THRESHOLD = CollectSettings().duplicate_threshold


def feed_texts(name: str) -> list[str]:
    parsed = parse_feed((FEEDS / name).read_bytes(), url=f"http://example.org/{name}",
                        content_type="application/rss+xml")
    return ["\n\n".join(entry_text(entry)) for entry in parsed.entries]


WIRE, FOLLOW_UP = feed_texts("wire-a.xml")
REPRINT, FEATURE, _PARTNER = feed_texts("wire-b.xml")


def merges(a: str, b: str) -> bool:
    return same_story(shingles(a), shingles(b), threshold=THRESHOLD)


def article(text: str, *, id: str, source: str = "s", url: str | None = None) -> Article:
    paragraphs = tuple(p for p in text.split("\n\n") if p.strip())
    return Article(id=id, title=id, section="News", date=None, source=source, url=url,
                   paragraphs=paragraphs, content_hash=content_hash(paragraphs))


def edit_every(text: str, nth: int) -> str:
    """Change one word in every nth sentence, as a copy editor might."""
    sentences = re.split(r"(?<=[.!?”])\s+", text)
    for i in range(0, len(sentences), nth):
        words = sentences[i].split()
        if len(words) > 4:
            words[len(words) // 2] = "indeed"
        sentences[i] = " ".join(words)
    return " ".join(sentences)


def paragraphs(text: str) -> list[str]:
    return text.split("\n\n")


REWRITES = {
    "the Courier's reprint of the wire story": REPRINT,
    "dateline and straight quotes": "ELMSWORTH, Nov 25 (Valley Wire) — " + WIRE.replace(
        "“", '"').replace("”", '"').replace("’", "'"),
    "a word changed in every third sentence": edit_every(WIRE, 3),
    "the last two paragraphs cut": "\n\n".join(paragraphs(WIRE)[:-2]),
    "a local paragraph added and one dropped": "\n\n".join(
        paragraphs(WIRE)[:3] + ["Readers can call the Courier's newsdesk with photographs."]
        + paragraphs(WIRE)[4:]),
    "upper case and re-wrapped": WIRE.upper().replace(". ", ".\n"),
}


@pytest.mark.parametrize("name", REWRITES)
def test_rewritten_variants_of_one_story_merge(name: str) -> None:
    assert merges(WIRE, REWRITES[name]), name


@pytest.mark.parametrize("other", ["follow-up on the same flood", "feature on the same night"])
def test_similar_topic_stories_do_not_merge(other: str) -> None:
    text = FOLLOW_UP if other.startswith("follow") else FEATURE
    assert not merges(WIRE, text)
    assert not merges(REPRINT, text)
    assert not merges(FOLLOW_UP, FEATURE)


def test_the_sample_articles_are_all_distinct() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    articles = [parse_seed(t, source="s", article_id=str(i)) for i, t in enumerate(texts)]
    for a, b in itertools.combinations(articles, 2):
        assert not merges(a.text, b.text), (a.title, b.title)


@pytest.mark.corpus
def test_corpus_merges_only_updated_versions_of_one_text() -> None:
    """1,000 CNN/DM articles: daily shows share boilerplate, updated stories share most text."""
    corpus = SHARED / "corpus" / "cnndm-dev.jsonl"
    if not corpus.exists():
        pytest.skip("../shared/corpus is not beside the checkout")
    rows = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines()]
    texts = {row["id"]: row["article"] for row in rows}
    index = StoryIndex(THRESHOLD)
    merged = []
    for row in rows:
        if (match := index.match_or_add(article(row["article"], id=row["id"]))) is not None:
            merged.append((row["id"], match))
    # CNN Student News transcripts share over half their words with each other, yet
    # each day's show is a different story: none may merge
    shows = [i for i, text in texts.items() if "CNN Student News" in text]
    assert len(shows) >= 5
    assert not [pair for pair in merged if set(pair) & set(shows)]
    assert len(merged) <= len(rows) // 100
    for a, b in merged:  # what does merge is one text, updated: most of it is shared
        assert similarity(shingles(texts[a]), shingles(texts[b]))[1] >= 0.8


@pytest.mark.parametrize("a, b", [
    ("https://www.example.org/news/story?utm_source=rss&utm_medium=feed",
     "http://example.org/news/story"),
    ("https://example.org/news/story/#comments", "https://example.org/news/story"),
    ("https://Example.org:443/a?b=2&a=1&fbclid=xyz", "https://example.org/a?a=1&b=2"),
])
def test_url_keys_fold_what_does_not_change_the_page(a: str, b: str) -> None:
    assert url_key(a) == url_key(b)


@pytest.mark.parametrize("a, b", [
    ("https://example.org/news/story?id=1", "https://example.org/news/story?id=2"),
    ("https://example.org/news/story", "https://example.com/news/story"),
    ("https://example.org/news/a", "https://example.org/news/b"),
])
def test_url_keys_keep_what_names_another_page(a: str, b: str) -> None:
    assert url_key(a) != url_key(b)


def test_admit_keeps_the_first_and_notes_the_others(tmp_path: Path) -> None:
    today = dt.date(2026, 11, 26)
    with Store(tmp_path / "digest.db") as store:
        first = admit(store, [article(WIRE, id="wire", source="Valley Wire"),
                              article(FOLLOW_UP, id="follow", source="Valley Wire")],
                      today=today, threshold=THRESHOLD)
        assert [a.id for a in first.new] == ["wire", "follow"]
        later = admit(store, [
            article(REPRINT, id="courier", source="Courier"),
            article(FEATURE, id="feature", source="Courier"),
            article(WIRE, id="wire", source="Valley Wire"),  # the same entry, read again
            article("Different words entirely about a cat show.", id="cat", source="Courier",
                    url="https://www.valley.example/wire?utm_source=x"),
        ], today=today, threshold=THRESHOLD)
        assert [a.id for a in later.new] == ["feature", "cat"]
        assert [(a.id, story) for a, story in later.repeats] == [("courier", "wire")]
        assert later.known == 1
        # the reprint's own keys now find the story without comparing text
        assert store.find_article(["id:courier"]) == "wire"
        assert store.also_in(["wire", "feature"]) == {"wire": ("Courier",)}
        # and the same canonical URL is one story, whatever the text
        same_url = dataclasses.replace(article(FEATURE, id="x2", source="Other"),
                                       url="http://valley.example/wire",
                                       paragraphs=("Short.",), content_hash="z")
        assert [a.id for a in admit(store, [same_url], today=today,
                                    threshold=THRESHOLD).new] == []
        assert store.also_in(["cat"]) == {"cat": ("Other",)}
