"""digest: news articles in, a dated daily digest out, on the web and by email."""

from __future__ import annotations

from digest.models import Article, Delivery, Digest, DigestItem, Quote, Section, Subscriber, Summary
from digest.summarize import extract_quotes, split_sentences, summarize

__all__ = [
    "Article",
    "Delivery",
    "Digest",
    "DigestItem",
    "Quote",
    "Section",
    "Subscriber",
    "Summary",
    "extract_quotes",
    "split_sentences",
    "summarize",
]
