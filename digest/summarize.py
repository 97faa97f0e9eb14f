"""Placeholder summarizer for the walking skeleton; the summarizer work replaces this module."""

from __future__ import annotations

import re

from digest.models import Quote, Summary

_SENTENCE_END = re.compile(r"(?<=[.!?][\"”’']?)\s+(?=[\"“‘']?[A-Z])")
_QUOTE = re.compile(r"[\"“]([^\"”]{20,}?)[\"”]")


def split_sentences(text: str) -> list[str]:
    """Split text into sentences."""
    out: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text):
        paragraph = " ".join(paragraph.split())
        if paragraph:
            out.extend(s for s in _SENTENCE_END.split(paragraph) if s)
    return out


def extract_quotes(text: str) -> list[Quote]:
    """Return every direct quotation in the text, in order."""
    return [Quote(m.group(1).strip(" ,")) for m in _QUOTE.finditer(text)]


def summarize(text: str, *, sentences: int = 3, quotes: int = 2, method: str = "default") -> Summary:
    """Condense text into its key sentences and quotes."""
    return Summary(split_sentences(text)[:sentences], extract_quotes(text)[:quotes])
