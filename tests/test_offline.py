from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .conftest import ROOT

# Runs in a fresh interpreter where any attempt to load NLTK data or download raises.
PROBE = """
import nltk, nltk.data
def refuse(*args, **kwargs):
    raise AssertionError(f"NLTK data was requested: {args!r}")
nltk.data.load = refuse
nltk.data.find = refuse
nltk.download = refuse
from digest import summarize, split_sentences
text = open(%r, encoding="utf-8").read().split("\\n", 1)[1]
result = summarize(text, sentences=3)
assert len(result.sentences) == 3, result
assert len(split_sentences("Dr. Smith arrived. He sat down.")) == 2
print("ok")
"""


def test_summarizing_needs_no_nltk_data(tmp_path: Path) -> None:
    seed = sorted((ROOT / "seeds").glob("0*.txt"))[0]
    done = subprocess.run(
        [sys.executable, "-c", PROBE % str(seed)],
        capture_output=True, text=True, timeout=300, cwd=ROOT,
        env={"NLTK_DATA": str(tmp_path), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
