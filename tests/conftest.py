"""Shared fixtures: the evaluation corpus beside the checkout, skipped where it is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.corpus import corpus_dir


@pytest.fixture
def corpus() -> Path:
    """The shared corpus folder; skip the test on machines without it (a user's checkout)."""
    root = corpus_dir()
    if not (root / "segmentation-dev.jsonl").exists():
        pytest.skip(f"evaluation corpus not found at {root} (set DIGEST_CORPUS to its folder)")
    return root
