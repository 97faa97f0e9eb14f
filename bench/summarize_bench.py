"""Benchmark digest's summarizer against lead-k and every sumy method, in one run.

    DIGEST_CORPUS=/work/shared/corpus python bench/summarize_bench.py            # full run
    DIGEST_CORPUS=/work/shared/corpus python bench/summarize_bench.py --limit 50  # quick look

Prints ROUGE-1/2/Lsum F1 (rouge-score, use_stemmer=True) and the median time per article of
the whole `summarize` call for each method on CNN/DailyMail (3 sentences) and BBC (k = the
reference's sentence count), the speed ratio against sumy's LexRank, the timing on a
20,000-word document, and the quote extractor's precision, recall and speaker accuracy.
The default's weights were tuned on the even-numbered articles of each set, so the tables
also give the odd-numbered (untuned) half on its own.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rouge_score import rouge_scorer  # noqa: E402

from bench.corpus import Labelled, bbc, cnndm, corpus_dir  # noqa: E402
from bench.quote_eval import score_labels  # noqa: E402
from digest.sentences import paragraphs, split_paragraph  # noqa: E402
from digest.summarize import METHODS, summarize  # noqa: E402
from digest.sumy_methods import DigestTokenizer, sumy_select  # noqa: E402
from digest.words import to_words  # noqa: E402

ROUGE = ("rouge1", "rouge2", "rougeLsum")
SPEED_TARGET = 5.0  # issue 3: the default at least 5x faster than LexRank per article (median)
LONG_SPEED_TARGET = 50.0  # ... and at least 50x on a 20,000-word document
# "lexrank-regex" is sumy's LexRank fed digest's own regex word splitter instead of sumy's
# (NLTK's Treebank tokenizer): a faster LexRank than sumy ships, for a stricter speed ratio.
ORDER = ["default", "lead", "lexrank", "lexrank-regex", "textrank", "lsa", "luhn", "edmundson",
         "kl", "sumbasic", "reduction"]


class RegexWords(DigestTokenizer):
    """sumy's tokenizer with digest's regex word splitter in place of NLTK's Treebank one."""

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(to_words(sentence))


def pick(text: str, count: int, method: str) -> list[str]:
    """The sentences a method picks, by the call a user of that method would make: digest's
    whole `summarize` (splitting, stemming, ranking and quotes) for the default; for lead-k
    and sumy's methods, splitting and then the method alone (sumy has no quote step). sumy's
    methods run as sumy does (`digest.sumy_methods`), but for NLTK's English Punkt model,
    which cannot be downloaded here: digest's parameters stand in for it. "lexrank-regex"
    is LexRank on digest's own faster splitter and word regex, for a stricter comparison."""
    if method == "default":
        return summarize(text, sentences=count, method=method).sentences
    if method == "lexrank-regex":
        grouped = [split_paragraph(p) for p in paragraphs(text)]
        flat = [s for sents in grouped for s in sents]
        return [flat[i] for i in sumy_select(grouped, count, "lexrank", tokenizer=RegexWords())]
    # sumy splits with NLTK's Punkt code (here with digest's parameters, the same sentences).
    shortcut = method == "lead"
    grouped = [split_paragraph(p, shortcut=shortcut) for p in paragraphs(text)]
    flat = [s for sents in grouped for s in sents]
    return [flat[i] for i in METHODS[method](grouped, count)]


def run_set(name: str, items: list[Labelled], count_of, methods: list[str],
            turn: int = 1) -> dict[str, dict]:
    """Score and time every method on one labelled set; print its table. `turn`: how many
    consecutive articles each method summarizes before the next method takes its turn (1:
    the methods take turns on each article; the set's size: each method runs over the whole
    set in turn, in the order given)."""
    scorer = rouge_scorer.RougeScorer(list(ROUGE), use_stemmer=True)
    per_article: dict[str, list[tuple[float, ...]]] = {m: [] for m in methods}
    times: dict[str, list[float]] = {m: [] for m in methods}
    started = time.perf_counter()
    picks: dict[str, list[list[str]]] = {m: [] for m in methods}
    # Methods take turns, so a busy machine slows them alike, in an order shuffled afresh for
    # each turn (seeded, so runs repeat), so no method always goes first (on a text no one
    # has touched yet) or always follows the same method: what ran just before leaves the
    # CPU's caches holding its data, and a rotating order would have each method follow the
    # same one on all but one article in each round of the rotation. ROUGE is scored
    # afterwards so its allocations do not land in anyone's timing. With turns of one article
    # (the default), each call runs after other methods have run on the same article, with
    # the CPU's caches holding their data rather than its own: the strictest condition. With
    # longer turns each method summarizes articles one after another, as `digest run` calls it.
    shuffle = random.Random(20261127).shuffle
    for c, first in enumerate(range(0, len(items), turn)):
        chunk = range(first, min(first + turn, len(items)))
        order = list(methods)
        if c or turn < len(items):  # (blocked: the order given, the default first)
            shuffle(order)
        for method in order:
            for n in chunk:
                item = items[n]
                t0 = time.perf_counter()
                picks[method].append(pick(item.text, count_of(item), method))
                times[method].append(time.perf_counter() - t0)
        if (chunk[-1] + 1) // 100 > first // 100:
            print(f"  ... {name}: {chunk[-1] + 1} articles, {time.perf_counter() - started:.0f}s",
                  file=sys.stderr)
    for method in methods:
        for item, picked in zip(items, picks[method], strict=True):
            got = scorer.score("\n".join(item.reference), "\n".join(picked))
            per_article[method].append(tuple(got[r].fmeasure * 100 for r in ROUGE))
    results: dict[str, dict] = {}
    for method in methods:
        scores = per_article[method]
        results[method] = {
            "all": [statistics.mean(s[i] for s in scores) for i in range(3)],
            "odd": [statistics.mean(s[i] for s in scores[1::2]) for i in range(3)],
            "ms": statistics.median(times[method]) * 1000,
            "total_s": sum(times[method]),
        }
    taking = ("turns on each article" if turn == 1 else "turns over the whole set"
              if turn >= len(items) else f"turns of {turn} consecutive articles")
    print(f"\n{name}: {len(items)} articles ({len(items[1::2])} in the untuned odd half); "
          f"methods timed taking {taking}")
    print(f"{'method':<14}{'R1':>7}{'R2':>7}{'RLsum':>7}{'ms/art':>8}{'total s':>8}   "
          f"{'R1 odd':>7}{'R2 odd':>7}{'RL odd':>7}")
    for method in methods:
        r = results[method]
        a, o = r["all"], r["odd"]
        print(f"{method:<14}{a[0]:7.2f}{a[1]:7.2f}{a[2]:7.2f}{r['ms']:8.2f}{r['total_s']:8.1f}   "
              f"{o[0]:7.2f}{o[1]:7.2f}{o[2]:7.2f}")
    sumy = [m for m in methods if m not in ("default", "lead")]
    if "default" in results and sumy:
        d = results["default"]["all"]
        for i, label in enumerate(("R1", "R2", "RLsum")):
            best = max(sumy, key=lambda m: results[m]["all"][i])
            theirs = results[best]["all"][i]
            line = (f"default {label} {d[i]:.2f} vs best sumy ({best}) {theirs:.2f}: "
                    f"{'above' if d[i] > theirs else 'NOT above'}")
            if "lead" in results:
                lead = results["lead"]["all"][i]
                line += f"; vs lead {lead:.2f}: {'>=' if d[i] >= lead else 'BELOW'}"
            print(line)
    for reference in ("lexrank", "lexrank-regex"):
        if "default" in results and reference in results:
            ratio = results[reference]["ms"] / results["default"]["ms"]
            verdict = "met" if ratio >= SPEED_TARGET else "NOT met"
            total = results[reference]["total_s"] / results["default"]["total_s"]
            print(f"speed: default {results['default']['ms']:.2f} ms vs {reference} "
                  f"{results[reference]['ms']:.2f} ms per article (median): {ratio:.2f}x "
                  f"faster; target >= {SPEED_TARGET:g}x: {verdict} (whole set: {total:.2f}x)")
    return results


def long_document(words: int = 20_000) -> str:
    """Real news text, CNN articles one after another, cut at `words` words."""
    out: list[str] = []
    total = 0
    for item in cnndm():
        out.append(item.text)
        total += len(item.text.split())
        if total >= words:
            break
    text = "\n\n".join(out)
    return " ".join(text.split(" ")[:words])


def time_call(text: str, method: str, repeats: int) -> float:
    """Best-of-`repeats` seconds for one call, as `pick` makes it."""
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        pick(text, 3, method)
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    """Run the benchmark and print its tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="articles per set (default all)")
    parser.add_argument("--methods", default=",".join(ORDER), help="comma-separated methods")
    parser.add_argument("--skip-long", action="store_true", help="skip the 20,000-word timing")
    turns = parser.add_mutually_exclusive_group()
    turns.add_argument("--turn", type=int, default=1, metavar="N",
                       help="articles each method summarizes before the next takes its turn "
                            "(default 1: the methods take turns on each article)")
    turns.add_argument("--blocked", action="store_true",
                       help="time each method over a whole set in turn (default first, so it "
                            "meets every word for the first time)")
    args = parser.parse_args()
    if args.turn < 1:
        parser.error("--turn must be at least 1")
    if not (corpus_dir() / "cnndm-dev.jsonl").exists():
        sys.exit(f"corpus not found at {corpus_dir()}; set DIGEST_CORPUS")
    methods = [m for m in args.methods.split(",") if m in METHODS or m == "lexrank-regex"]
    started = time.perf_counter()

    cnn, bbc_set = cnndm(args.limit), bbc(args.limit)
    run_set("CNN/DailyMail (3 sentences)", cnn, lambda item: 3, methods,
            len(cnn) if args.blocked else args.turn)
    run_set("BBC (k = reference sentences)", bbc_set, lambda item: len(item.reference), methods,
            len(bbc_set) if args.blocked else args.turn)

    if not args.skip_long:
        text = long_document()
        ours = time_call(text, "default", 2)
        print(f"\n20,000-word document ({len(text.split())} words): default {ours * 1000:.0f} ms",
              end="", flush=True)
        if "lexrank" in methods:
            theirs = time_call(text, "lexrank", 2)
            ratio = theirs / ours
            verdict = "met" if ratio >= LONG_SPEED_TARGET else "NOT met"
            print(f", lexrank {theirs * 1000:.0f} ms: {ratio:.0f}x faster; "
                  f"target >= {LONG_SPEED_TARGET:g}x: {verdict}")
        else:
            print()
        # Growth with length: the same news repeated, as paragraphs.
        for scale in (1, 2, 4, 8):
            t = time_call("\n\n".join([text] * scale), "default", 1)
            print(f"  default on {scale * 20_000:,} words: {t * 1000:.0f} ms")

    for split in ("dev", "held-out"):
        result = score_labels(split=split)
        if result is None:
            continue
        score, _ = result
        print(f"\nquotes ({split}): {score.expected} labelled, {score.predicted} extracted, "
              f"precision {score.precision:.3f}, recall {score.recall:.3f}, "
              f"speaker accuracy {score.speaker_accuracy:.3f}")
    print(f"\nbenchmark took {time.perf_counter() - started:.0f}s")


if __name__ == "__main__":
    main()
