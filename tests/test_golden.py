"""Golden files: the rendered outputs for the sample articles on a fixed date.

A mismatch fails with a unified diff. After an intended change (templates, summarizer):
    DIGEST_REGENERATE_GOLDEN=1 python -m pytest tests/test_golden.py && git diff tests/golden
"""

from __future__ import annotations

import datetime as dt
import difflib
import email
import email.policy
import os
import re
import shutil
from pathlib import Path

import pytest

from digest.build import run_daily
from digest.config import load_config
from digest.deliver import OutboxTransport

from .conftest import ROOT, write_config

GOLDEN = ROOT / "tests" / "golden" / "2026-11-27"
DAY = dt.date(2026, 11, 27)
NOW = dt.datetime(2026, 11, 27, 7, 0, 5, tzinfo=dt.UTC)
REGENERATE = os.environ.get("DIGEST_REGENERATE_GOLDEN") == "1"


def normalise(text: str, project: Path) -> str:
    """Replace what differs between runs and machines: paths, IDs, boundaries, dates, tokens."""
    text = text.replace(project.as_uri(), "file:///PROJECT").replace(str(project), "/PROJECT")
    text = re.sub(r"<digest-\d{8}-[0-9a-f]+@", "<digest-MESSAGE-ID@", text)
    text = re.sub(r"={3,}\d+==", "BOUNDARY", text)  # the email package's own boundaries
    text = re.sub(r"==digest-[0-9a-f]+==", "BOUNDARY", text)  # the ones delivery makes
    text = re.sub(r"(?m)^Date: .*$", "Date: DATE", text)
    return re.sub(r"token=[\w.~-]+", "token=TOKEN", text)


def readable_message(raw: bytes) -> str:
    """A message as headers plus each part decoded, so a diff shows content, not QP lines."""
    message = email.message_from_bytes(raw, policy=email.policy.default)
    lines = [f"{name}: {value}" for name, value in message.items()]
    for part in message.iter_parts():
        lines.append("")
        lines += [f"--- {name}: {value}" for name, value in part.items()]
        lines.append(part.get_content())
    return "\n".join(lines)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    project = tmp_path_factory.mktemp("golden")
    shutil.copytree(ROOT / "seeds", project / "seeds")
    write_config(project)
    config = load_config(project / "config.toml")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DIGEST_SECRET_KEY", "golden-files-fixed-key")
        run_daily(config, today=DAY, transport=OutboxTransport(config.outbox_dir),
                  now=lambda: NOW)
    out = project / "out"
    files = {
        "index.html": out / "2026-11-27" / "index.html",
        "email.html": out / "2026-11-27" / "email.html",
        "email.txt": out / "2026-11-27" / "email.txt",
        "digest.json": out / "2026-11-27" / "digest.json",
        "archive.html": out / "index.html",
        "feed.xml": out / "feed.xml",
    }
    found = {name: normalise(path.read_text(encoding="utf-8"), project)
             for name, path in files.items()}
    eml = project / "outbox" / "2026-11-27" / "demo_example.org.eml"
    found["message.txt"] = normalise(readable_message(eml.read_bytes()), project)
    return found


NAMES = ["index.html", "email.html", "email.txt", "digest.json", "archive.html", "feed.xml",
         "message.txt"]


@pytest.mark.parametrize("name", NAMES)
def test_rendered_output_matches_the_golden_file(outputs: dict[str, str], name: str) -> None:
    golden = GOLDEN / name
    actual = outputs[name]
    if REGENERATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
        return
    assert golden.exists(), (f"{golden} is missing: run DIGEST_REGENERATE_GOLDEN=1 "
                             "python -m pytest tests/test_golden.py")
    expected = golden.read_text(encoding="utf-8")
    if actual != expected:
        diff = difflib.unified_diff(expected.splitlines(keepends=True),
                                    actual.splitlines(keepends=True),
                                    fromfile=f"golden/{name}", tofile=f"rendered/{name}", n=2)
        text = "".join(list(diff)[:300])
        pytest.fail(f"{name} differs from its golden file (if intended, regenerate with "
                    f"DIGEST_REGENERATE_GOLDEN=1 python -m pytest tests/test_golden.py):\n{text}",
                    pytrace=False)


def test_normalising_removes_only_what_varies(tmp_path: Path) -> None:
    raw = (f"Message-ID: <digest-20261127-0a1b2c@example.org>\nDate: Fri, 27 Nov 2026\n"
           f'Content-Type: multipart/alternative; boundary="===============123456=="\n\n'
           f"--===============123456==\nsee file://{tmp_path}/seeds/a.txt and "
           f"https://x.org/unsubscribe?token=abc.DEF-1_2\n")
    assert normalise(raw, tmp_path) == (
        "Message-ID: <digest-MESSAGE-ID@example.org>\nDate: DATE\n"
        'Content-Type: multipart/alternative; boundary="BOUNDARY"\n\n'
        "--BOUNDARY\nsee file:///PROJECT/seeds/a.txt and "
        "https://x.org/unsubscribe?token=TOKEN\n")
