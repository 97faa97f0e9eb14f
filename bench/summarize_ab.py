"""Time the whole `summarize` call, an earlier revision against the working tree, on first sight.

    DIGEST_CORPUS=/work/shared/corpus python bench/summarize_ab.py --base 6f7be47

The base revision's `digest` package is exported with `git archive` and imported under another
name, so both run in one process. Each article is met for the first time by both versions, as
the benchmark meets it (both are first warmed on CNN rows 500-999, which the timed sets do not
hold); before each timed call sumy's LexRank runs on the article (with `--before all`, a sumy
method drawn at random for each article, the same before both versions, as the benchmark's
shuffled turns put any method before the default); the two versions alternate which goes
first. Printed: the median ms per article of each, the
ratio of the medians, the median of the paired new/old ratios and the ratio of the totals, for
BBC (k = the reference's sentence count) and the first 400 CNN articles (3 sentences).
"""

from __future__ import annotations

import argparse
import importlib
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.corpus import bbc, cnndm, corpus_dir  # noqa: E402
from bench.quote_speed import export_base  # noqa: E402
from bench.summarize_bench import pick  # noqa: E402
from digest.summarize import summarize  # noqa: E402
from digest.sumy_methods import SUMY_METHODS  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default="main", help="the revision to compare against")
    parser.add_argument("--before", choices=("lexrank", "all"), default="lexrank",
                        help="the sumy method run before each timed call (all: one drawn at "
                             "random for each article)")
    args = parser.parse_args(argv)
    if not (corpus_dir() / "cnndm-dev.jsonl").exists():
        sys.exit(f"corpus not found at {corpus_dir()}; set DIGEST_CORPUS")
    with tempfile.TemporaryDirectory() as folder:
        export_base(args.base, Path(folder))
        versions = {"old": importlib.import_module("digest_base.summarize").summarize,
                    "new": summarize}
        for item in list(cnndm(1000))[500:]:
            for run in versions.values():
                run(item.text, sentences=3)
        sets = (("BBC", list(bbc()), lambda item: len(item.reference)),
                ("CNN", list(cnndm(400)), lambda item: 3))
        draw = random.Random(20261127)
        for name, items, count_of in sets:
            times: dict[str, list[float]] = {"old": [], "new": []}
            for n, item in enumerate(items):
                before = draw.choice(list(SUMY_METHODS)) if args.before == "all" else "lexrank"
                for label in ("old", "new") if n % 2 else ("new", "old"):
                    pick(item.text, 3, before)
                    started = time.perf_counter()
                    versions[label](item.text, sentences=count_of(item))
                    times[label].append(time.perf_counter() - started)
            old, new = (statistics.median(times[k]) for k in ("old", "new"))
            paired = statistics.median(b / a for a, b in zip(times["old"], times["new"],
                                                             strict=True))
            print(f"{name}: old {old * 1000:.3f} ms, new {new * 1000:.3f} ms an article "
                  f"(median); new/old {new / old:.3f}, paired median {paired:.3f}, totals "
                  f"{sum(times['new']) / sum(times['old']):.3f} ({len(items)} articles)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
