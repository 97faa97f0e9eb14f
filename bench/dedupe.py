"""Each story once, measured: rewritten reprints caught and distinct stories kept apart.

Run: python bench/dedupe.py [N]   (needs ../shared/corpus/cnndm-dev.jsonl)

The first N CNN/DM articles (default 300) are the originals; each gets a reprint made with the
edits a wire client makes (a dateline, straight quotes, a word changed in every third sentence,
the last two sentences cut, a closing line added). Every method sees the originals then the
reprints, one at a time, as a run would. Reported side by side for the reference (the skeleton's
exact content hash) and digest's method (and its parts): reprints caught, originals merged with
another original, and time per article.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from digest.dedupe import StoryIndex, shingles, similarity  # noqa: E402
from digest.models import Article  # noqa: E402
from digest.text import content_hash  # noqa: E402

CORPUS = Path(os.environ.get("DIGEST_SHARED", Path(__file__).resolve().parents[2] / "shared"))
CORPUS_FILE = CORPUS / "corpus" / "cnndm-dev.jsonl"


def reprint(text: str) -> str:
    sentences = re.split(r"(?<=[.!?])\s+", text.replace("(CNN)", "").strip())
    sentences = sentences[:-2] if len(sentences) > 6 else sentences
    for i in range(0, len(sentences), 3):
        words = sentences[i].split()
        if len(words) > 4:
            words[len(words) // 2] = "reportedly"
        sentences[i] = " ".join(words)
    body = " ".join(sentences).replace("“", '"').replace("”", '"')
    return "LONDON (Wire) — " + body + " Readers can send us their views."


def article(text: str, id: str) -> Article:
    paragraphs = (text,)
    return Article(id=id, title=id, section="News", date=None, source="bench", url=None,
                   paragraphs=paragraphs, content_hash=content_hash(paragraphs))


class ExactHash:
    """The reference: the skeleton's store saw a story again only when its text hash matched."""

    def __init__(self) -> None:
        self.seen: dict[str, str] = {}

    def match_or_add(self, item: Article) -> str | None:
        if item.content_hash in self.seen:
            return self.seen[item.content_hash]
        self.seen[item.content_hash] = item.id
        return None


class JaccardOnly:
    """Shingle Jaccard alone, without containment or the boilerplate discount."""

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold
        self.sets: dict[str, set[int]] = {}

    def match_or_add(self, item: Article) -> str | None:
        mine = shingles(item.text)
        for other, theirs in self.sets.items():
            if similarity(mine, theirs)[0] >= self.threshold:
                return other
        self.sets[item.id] = mine
        return None


def measure(method: object, originals: list[Article], reprints: list[Article]) -> dict:
    start = time.perf_counter()
    merged_originals = sum(method.match_or_add(a) is not None for a in originals)
    caught = sum(method.match_or_add(r) == r.id.removesuffix("-reprint") for r in reprints)
    elapsed = time.perf_counter() - start
    return {"caught": caught, "false": merged_originals,
            "ms": 1000 * elapsed / (len(originals) + len(reprints))}


def main() -> None:
    if not CORPUS_FILE.exists():
        sys.exit(f"{CORPUS_FILE} not found: set DIGEST_SHARED to the folder holding corpus/")
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    rows = [json.loads(line) for line in CORPUS_FILE.read_text(encoding="utf-8").splitlines()]
    rows = rows[:count]
    originals = [article(r["article"], r["id"]) for r in rows]
    reprints = [article(reprint(r["article"]), r["id"] + "-reprint") for r in rows]
    methods = {
        "exact hash (reference)": ExactHash(),
        "Jaccard ≥ 0.6 only": JaccardOnly(0.6),
        "digest (Jaccard+containment+boilerplate)": StoryIndex(0.6),
    }
    print(f"{len(originals)} CNN/DM originals, {len(reprints)} reprints (dateline, quotes, "
          "a word in every third sentence, last two sentences cut, a line added)\n")
    print(f"{'method':44} {'reprints caught':>16} {'originals merged':>17} {'ms/article':>11}")
    for name, method in methods.items():
        result = measure(method, originals, reprints)
        print(f"{name:44} {result['caught']:>9}/{len(reprints):<6} "
              f"{result['false']:>17} {result['ms']:>11.2f}")
    print("\n'originals merged' counts originals taken for an earlier original: in CNN/DM these"
          " are updated versions of one story (see tests/test_dedupe.py), not false merges"
          " of similar topics.")


if __name__ == "__main__":
    main()
