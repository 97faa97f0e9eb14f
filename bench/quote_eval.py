"""Score extract_quotes against the labelled quote set (tests/data/quotes.jsonl)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from bench.corpus import corpus_dir
from digest.quotes import extract_quotes

LABELS = Path(__file__).resolve().parents[1] / "tests" / "data" / "quotes.jsonl"


@dataclass(frozen=True)
class QuoteScore:
    """Extraction precision and recall, and speaker accuracy over the quotes found."""

    predicted: int
    expected: int
    matched: int
    speaker_right: int

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_right / self.matched if self.matched else 0.0


def normalise(text: str) -> str:
    """Quote text compared without case, punctuation or spacing differences."""
    text = text.lower().replace("’", "'").replace("‘", "'")
    return " ".join(re.sub(r"[^\w\s']", " ", text).split())


def article_text(source: str, ident: str) -> str | None:
    """The labelled article's text, read from the shared corpus or seeds (None if absent)."""
    root = corpus_dir()
    if source == "seeds":
        path = root.parent / "seeds" / ident
        if not path.exists():
            return None
        # Seed files open with a 'date …' line and a blank line before the body.
        return path.read_text(encoding="utf-8").split("\n", 2)[2]
    path = root / f"{source}.jsonl"
    if not path.exists():
        return None
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row["id"] == ident:
                return row.get("body") or row.get("article")
    return None


def score_labels(
    path: Path = LABELS, *, split: str | None = None
) -> tuple[QuoteScore, list[str]] | None:
    """Score the labelled articles (of one split) that can be read; None if none can."""
    predicted = expected = matched = speaker_right = 0
    misses: list[str] = []
    seen = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        if split is not None and item.get("split") != split:
            continue
        text = article_text(item["source"], item["id"])
        if text is None:
            continue
        seen += 1
        gold = {normalise(q["text"]): q["speaker"] for q in item["quotes"]}
        found = extract_quotes(text)
        predicted += len(found)
        expected += len(gold)
        for quote in found:
            key = normalise(quote.text)
            if key not in gold:
                misses.append(f"extra   {item['id']}: {quote.text[:60]!r}")
                continue
            matched += 1
            if quote.speaker == gold[key]:
                speaker_right += 1
            else:
                misses.append(f"speaker {item['id']}: {quote.speaker!r} != {gold[key]!r}")
        found_keys = {normalise(q.text) for q in found}
        misses += [f"missed  {item['id']}: {k[:60]!r}" for k in gold if k not in found_keys]
    if not seen:
        return None
    return QuoteScore(predicted, expected, matched, speaker_right), misses
