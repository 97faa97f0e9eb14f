"""Small text helpers every reader shares: paragraphs, titles, content hashes."""

from __future__ import annotations

import hashlib
import re

TITLE_WORDS = 12


def split_paragraphs(text: str) -> tuple[str, ...]:
    """Paragraphs separated by blank lines, each with its spacing folded."""
    chunks = re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    return tuple(p for p in (" ".join(c.split()) for c in chunks) if p)


def content_hash(paragraphs: tuple[str, ...]) -> str:
    """A hash of the text with case, punctuation and spacing folded away."""
    words = re.findall(r"\w+", " ".join(paragraphs).lower())
    return hashlib.sha256(" ".join(words).encode()).hexdigest()[:32]


def derive_title(paragraphs: tuple[str, ...]) -> str:
    """A title from the text itself, for articles without a headline."""
    if not paragraphs:
        return "(empty article)"
    first = re.split(r"(?<=[.!?])\s+(?=[A-Z“\"])", paragraphs[0], maxsplit=1)[0]
    words = first.split()
    if len(words) <= TITLE_WORDS:
        return first.rstrip(".")
    return " ".join(words[:TITLE_WORDS]).rstrip(",;:—-") + "…"
