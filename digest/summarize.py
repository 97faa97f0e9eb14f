"""Placeholder summarizer for the walking skeleton; the summarizer work replaces this module."""

from __future__ import annotations

from digest.models import Quote, Summary
from digest.sentences import split_sentences


def extract_quotes(text: str) -> list[Quote]:
    """Return every direct quotation in the text, in order."""
    return []


def summarize(text: str, *, sentences: int = 3, quotes: int = 2, method: str = "default") -> Summary:
    """Condense text into its key sentences and quotes."""
    return Summary(split_sentences(text)[:sentences], extract_quotes(text)[:quotes])
