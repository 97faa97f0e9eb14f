"""Score extract_quotes against the labelled quote set (tests/data/quotes.jsonl).

    DIGEST_CORPUS=/work/shared/corpus python bench/quote_eval.py            # dev, held-out, all
    DIGEST_CORPUS=/work/shared/corpus python bench/quote_eval.py --misses   # and what went wrong
    DIGEST_CORPUS=/work/shared/corpus python bench/quote_eval.py --source seeds
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.corpus import corpus_dir  # noqa: E402
from digest.quotes import extract_quotes  # noqa: E402

LABELS = ROOT / "tests" / "data" / "quotes.jsonl"


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


def seed_paths(name: str) -> list[Path]:
    """Where a seed file may be: the repository's own seeds/ first, then ../shared/seeds."""
    return [ROOT / "seeds" / name, corpus_dir().parent / "seeds" / name]


def _same_name(got: str | None, want: str | None) -> bool:
    """Speakers compared as names: a curly or straight apostrophe is the same letter."""
    if got is None or want is None:
        return got is want
    return got.replace("’", "'") == want.replace("’", "'")


def article_text(source: str, ident: str) -> str | None:
    """The labelled article's text, read from the shared corpus or seeds (None if absent)."""
    root = corpus_dir()
    if source == "seeds":
        for path in seed_paths(ident):
            if path.exists():
                # Seed files open with a 'date …' line and a blank line before the body.
                return path.read_text(encoding="utf-8").split("\n", 2)[2]
        return None
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
    path: Path = LABELS, *, split: str | None = None, source: str | None = None
) -> tuple[QuoteScore, list[str]] | None:
    """Score the labelled articles (of one split and/or source) that can be read; None if none
    can."""
    predicted = expected = matched = speaker_right = 0
    misses: list[str] = []
    seen = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        if split is not None and item.get("split") != split:
            continue
        if source is not None and item.get("source") != source:
            continue
        text = article_text(item["source"], item["id"])
        if text is None:
            continue
        seen += 1
        # Each labelled quote matches one extracted quote at most, in order: an article may
        # quote the same words twice ("Yes." from two people in a courtroom exchange).
        gold: dict[str, list[str | None]] = {}
        for q in item["quotes"]:
            gold.setdefault(normalise(q["text"]), []).append(q["speaker"])
        found = extract_quotes(text)
        predicted += len(found)
        expected += len(item["quotes"])
        for quote in found:
            speakers = gold.get(normalise(quote.text))
            if not speakers:
                misses.append(f"extra   {item['id']}: {quote.text[:60]!r}")
                continue
            matched += 1
            want = speakers.pop(0)
            if _same_name(quote.speaker, want):
                speaker_right += 1
            else:
                misses.append(f"speaker {item['id']}: {quote.speaker!r} != {want!r}")
        misses += [f"missed  {item['id']}: {k[:60]!r}" for k, left in gold.items() for _ in left]
    if not seen:
        return None
    return QuoteScore(predicted, expected, matched, speaker_right), misses


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--labels", type=Path, default=LABELS, help="the labelled set (JSONL)")
    parser.add_argument("--split", choices=["dev", "held-out"],
                        help="only this split (default: dev, held-out and all)")
    parser.add_argument("--source", help="only articles from this source (seeds, cnndm-dev, …)")
    parser.add_argument("--misses", action="store_true",
                        help="list extra and missed quotes and wrong speakers")
    args = parser.parse_args(argv)
    splits = [args.split] if args.split else ["dev", "held-out", None]
    found = False
    for split in splits:
        result = score_labels(args.labels, split=split, source=args.source)
        if result is None:
            continue
        found = True
        score, misses = result
        print(f"{split or 'all'}: {score.expected} labelled, {score.predicted} extracted, "
              f"{score.matched} matched: precision {score.precision:.3f}, "
              f"recall {score.recall:.3f}, speaker accuracy {score.speaker_accuracy:.3f} "
              f"({score.speaker_right}/{score.matched})")
        if args.misses and split is not None:
            print("\n".join(f"  {line}" for line in misses))
    if not found:
        print(f"no labelled article could be read (corpus: {corpus_dir()})", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
