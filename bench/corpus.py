"""Readers for the shared evaluation corpus (../shared/corpus), used by the benchmark and tests."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

_SENTENCE_END = re.compile(r"[.!?][\"”'’]?(?!\d)")
_OUTER_QUOTES = "\"“”'‘’ "


@dataclass(frozen=True)
class Labelled:
    """An article and its reference summary, as sentences."""

    id: str
    text: str
    reference: list[str]


def corpus_dir() -> Path:
    """Where the shared corpus lives: $DIGEST_CORPUS, else ../shared/corpus beside the checkout."""
    env = os.environ.get("DIGEST_CORPUS")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def _rows(name: str) -> Iterator[dict]:
    with open(corpus_dir() / name, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def split_reference(summary: str, body: str) -> list[str]:
    """Split a BBC reference summary (sentences joined with no space) as the corpus README says."""
    out: list[str] = []
    rest = summary
    while rest:
        best = None
        for match in _SENTENCE_END.finditer(rest):
            # The quote mark after a stop may belong to the next sentence: try both ends.
            for end in (match.start() + 1, match.end()):
                piece = rest[:end].strip()
                if piece and (piece in body or strip_outer_quotes(piece) in body):
                    best = max(best or 0, end)
        if best is None:  # nothing matches verbatim: keep the remainder whole
            best = len(rest)
        piece = rest[:best].strip()
        if piece:
            out.append(piece)
        rest = rest[best:]
    return out


def strip_outer_quotes(sentence: str) -> str:
    """A sentence without its outer quote marks, which the BBC data moves around."""
    return sentence.strip(_OUTER_QUOTES)


def cnndm(limit: int | None = None) -> list[Labelled]:
    """CNN/DailyMail validation rows: the article and its highlights."""
    out = []
    for row in _rows("cnndm-dev.jsonl"):
        out.append(Labelled(row["id"], row["article"], row["summary"].split("\n")))
        if limit and len(out) >= limit:
            break
    return out


def bbc(limit: int | None = None) -> list[Labelled]:
    """BBC News Summary rows: the body and its extractive reference sentences."""
    out = []
    for row in _rows("bbc-dev.jsonl"):
        out.append(Labelled(row["id"], row["body"], split_reference(row["summary"], row["body"])))
        if limit and len(out) >= limit:
            break
    return out
