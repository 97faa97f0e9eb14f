"""The summarize stage: an article's key sentences, in document order, and its telling quotes."""

from __future__ import annotations

import logging
from collections.abc import Callable

from digest.models import Quote, Summary
from digest.quotes import extract_quotes, feature_quotes
from digest.rank import rank_select
from digest.sentences import paragraphs, split_paragraphs, split_sentences
from digest.sumy_methods import SUMY_METHODS, sumy_select

logger = logging.getLogger(__name__)

__all__ = ["METHODS", "extract_quotes", "split_sentences", "summarize", "summary_to_dict"]

# A selector takes the article's sentences grouped by paragraph and how many to pick, and
# returns the picked sentences' indices in the flattened list.
Selector = Callable[[list[list[str]], int], list[int]]


def _default(paragraph_sentences: list[list[str]], count: int) -> list[int]:
    return rank_select([s for sents in paragraph_sentences for s in sents], count)


def _lead(paragraph_sentences: list[list[str]], count: int) -> list[int]:
    return list(range(min(count, sum(len(p) for p in paragraph_sentences))))


def _sumy(name: str) -> Selector:
    def select(paragraph_sentences: list[list[str]], count: int) -> list[int]:
        return sumy_select(paragraph_sentences, count, name)

    return select


METHODS: dict[str, Selector] = {
    "default": _default,
    "lead": _lead,
    **{name: _sumy(name) for name in SUMY_METHODS},
}


def summarize(
    text: str, *, sentences: int = 3, quotes: int = 2, method: str = "default"
) -> Summary:
    """Condense text into its key sentences (in document order) and its most telling quotes."""
    if method not in METHODS:
        known = ", ".join(sorted(METHODS))
        raise ValueError(f"unknown summary method {method!r}; choose one of: {known}")
    cleaned = paragraphs(text)
    grouped = split_paragraphs(cleaned)
    flat = [s for sents in grouped for s in sents]
    picked = [flat[i] for i in METHODS[method](grouped, max(sentences, 0))]
    chosen_quotes = (
        feature_quotes(cleaned, count=quotes, key_sentences=picked) if quotes > 0 else []
    )
    return Summary(picked, chosen_quotes)


def summary_to_dict(summary: Summary) -> dict:
    """The summary as plain JSON-ready data, for the CLI's --json output."""
    return {
        "sentences": list(summary.sentences),
        "quotes": [quote_to_dict(q) for q in summary.quotes],
    }


def quote_to_dict(quote: Quote) -> dict:
    """One quote as plain JSON-ready data."""
    return {"text": quote.text, "speaker": quote.speaker}


# digest/__init__.py re-exports the function under this module's own name, so after
# `import digest.summarize` the attribute `digest.summarize` is the function; pointing the
# function at itself keeps the call `digest.summarize.summarize(...)` working either way.
summarize.summarize = summarize  # type: ignore[attr-defined]
