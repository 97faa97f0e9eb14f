from __future__ import annotations

import os
import shutil
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.corpus import corpus_dir
from digest.config import Config, load_config

from .webserver import FixtureServer

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("DIGEST_SHARED", ROOT.parent / "shared"))
USER_SEED = SHARED / "seeds" / "000_7e03095c6e7e0238.txt"


def require_external(program: str, reason: str) -> None:
    """Skip when an external program is missing, unless CI demands it (DIGEST_REQUIRE_EXTERNAL)."""
    if shutil.which(program):
        return
    if os.environ.get("DIGEST_REQUIRE_EXTERNAL"):
        pytest.fail(f"{program} is required here (DIGEST_REQUIRE_EXTERNAL is set): {reason}")
    pytest.skip(f"{program} not installed: {reason}")


ARTIFACTS = ROOT / "tests" / "artifacts"  # screenshots for people to look at (not committed)
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's headless Chromium, driven by Playwright; one for the whole run."""
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        require_external("chromium", "the browser tests drive Debian's Chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh project folder: the shipped sample articles and a config.toml using them."""
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    write_config(tmp_path)
    return tmp_path


def write_config(folder: Path, extra: str = "") -> Path:
    """Write a config.toml like the shipped one, plus extra TOML."""
    path = folder / "config.toml"
    path.write_text(
        textwrap.dedent(
            """\
            [[sources]]
            name = "Samples"
            kind = "folder"
            path = "seeds"

            [subscribers]
            initial = ["demo@example.org", "second@example.org"]
            """
        )
        + textwrap.dedent(extra),
        encoding="utf-8",
    )
    return path


@pytest.fixture
def config(project: Path) -> Config:
    return load_config(project / "config.toml")


@pytest.fixture
def web() -> Iterator[FixtureServer]:
    """A real HTTP server on 127.0.0.1 serving tests/fixtures/web and misbehaving routes."""
    server = FixtureServer().start()
    yield server
    server.stop()


@pytest.fixture
def corpus() -> Path:
    """The shared evaluation corpus; skip the test on machines without it (a user's checkout)."""
    root = corpus_dir()
    if not (root / "segmentation-dev.jsonl").exists():
        pytest.skip(f"evaluation corpus not found at {root} (set DIGEST_CORPUS to its folder)")
    return root
