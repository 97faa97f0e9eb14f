"""Time extract_quotes over the dev corpus, an earlier revision against the working tree.

    DIGEST_CORPUS=/work/shared/corpus python bench/quote_speed.py --base main --runs 61

The base revision's `digest` package is exported with `git archive` and imported under another
name, so both run in one process, interleaved (the order alternating), timed by CPU time.
Printed: best and median per article, and the median of the paired new/old ratios.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.corpus import corpus_dir  # noqa: E402
from digest.quotes import extract_quotes  # noqa: E402


def export_base(revision: str, folder: Path) -> None:
    """Make `digest` as it was at `revision` importable as the package `digest_base`."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", revision, "digest"],
                             check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    package = folder / "digest_base"
    (folder / "digest").rename(package)
    for path in package.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"\b(from|import) digest\b", r"\1 digest_base", source),
                        encoding="utf-8")
    sys.path.insert(0, str(folder))


def base_extractor(revision: str, folder: Path):
    """extract_quotes as it was at `revision`, imported as the package `digest_base`."""
    export_base(revision, folder)
    from digest_base.quotes import extract_quotes as base  # type: ignore[import-not-found]
    return base


def corpus_texts() -> list[str]:
    texts = []
    for name, field in (("cnndm-dev", "article"), ("bbc-dev", "body")):
        with open(corpus_dir() / f"{name}.jsonl", encoding="utf-8") as fh:
            texts += [json.loads(line)[field] for line in fh]
    return texts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default="main", help="the revision to compare against")
    parser.add_argument("--runs", type=int, default=31, help="timed runs of each")
    args = parser.parse_args(argv)
    texts = corpus_texts()
    with tempfile.TemporaryDirectory() as folder:
        versions = {"old": base_extractor(args.base, Path(folder)), "new": extract_quotes}

        def run(extract) -> float:
            start = time.process_time()
            for text in texts:
                extract(text)
            return time.process_time() - start

        for extract in versions.values():
            run(extract)  # warm the caches
        times: dict[str, list[float]] = {"old": [], "new": []}
        for i in range(args.runs):
            for name in ("old", "new") if i % 2 == 0 else ("new", "old"):
                times[name].append(run(versions[name]))
    for name, values in times.items():
        print(f"{name}: best {min(values) / len(texts) * 1000:.3f} ms, median "
              f"{statistics.median(values) / len(texts) * 1000:.3f} ms an article")
    ratios = [new / old for new, old in zip(times["new"], times["old"], strict=True)]
    print(f"new/old: best {min(times['new']) / min(times['old']):.3f}, median of paired "
          f"ratios {statistics.median(ratios):.3f} ({len(texts)} articles, {args.runs} runs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
