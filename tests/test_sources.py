from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import pytest

from digest.build import build_digest
from digest.config import load_config
from digest.sources import collect, parse_seed, read_folder

from .conftest import ROOT, USER_SEED


@pytest.mark.skipif(not USER_SEED.exists(), reason="../shared/seeds is not beside the checkout")
def test_the_users_example_reads_as_specified() -> None:
    text = USER_SEED.read_text(encoding="utf-8")
    assert text.startswith(" date")  # the first line starts with a space
    article = parse_seed(text, source="user", article_id="000", path=USER_SEED)
    assert article.date == dt.date(2019, 1, 3)
    assert article.section == "World"
    assert len(article.paragraphs) == 14
    assert article.title and article.title.lower() != "untitled"
    assert article.title.startswith("US President")


def test_headline_line_becomes_the_title() -> None:
    article = parse_seed(
        "date 2026-11-20 Home » Business » Markets\n\nMill reopens after flood\n\n"
        "The Tarrow mill reopened on Monday. Workers returned at dawn.\n\nMore text here.",
        source="s", article_id="a",
    )
    assert article.title == "Mill reopens after flood"
    assert article.section == "Markets"
    assert article.paragraphs[0].startswith("The Tarrow mill")


def test_title_is_derived_from_long_first_sentence() -> None:
    article = parse_seed(
        "date 2026-11-20 Home\n\nThe council of the small riverside town of Elmsworth voted late"
        " on Tuesday night to abandon its long-delayed plan for a second bridge.\n\nMore.",
        source="s", article_id="a",
    )
    assert article.title.endswith("…")
    assert len(article.title.split()) <= 13


def test_shipped_samples_cover_the_spec() -> None:
    config = load_config(ROOT / "config.toml")
    articles = read_folder(config.sources[0], config).articles
    assert len(articles) >= 8
    assert len({a.section for a in articles}) >= 3
    with_headline = [a for a in articles if not a.paragraphs[0].startswith(a.title.rstrip("…"))]
    assert 0 < len(with_headline) < len(articles)
    assert sum("“" in a.text or '"' in a.text for a in articles) >= 4


def test_bad_files_warn_by_name_and_the_digest_still_builds(
    project: Path, caplog: pytest.LogCaptureFixture
) -> None:
    seeds = project / "seeds"
    (seeds / "empty.txt").write_text("")
    (seeds / "binary.txt").write_bytes(b"date 2026-11-20 Home\n\n\x00\x01\x02 binary")
    (seeds / "latin1.txt").write_bytes("date 2026-11-20 Home\n\nCaf\xe9 au lait.".encode("latin-1"))
    config = load_config(project / "config.toml")
    with caplog.at_level(logging.WARNING):
        collected = collect(config)
        result = build_digest(config, today=dt.date(2026, 11, 27))
    for name in ("empty.txt", "binary.txt", "latin1.txt"):
        assert any(name in record.getMessage() for record in caplog.records), name
        assert any(name in problem for problem in collected.problems), name
    good = len(list(seeds.glob("0*.txt")))
    assert result.digest is not None and len(result.digest.items) == good


def test_missing_folder_is_reported_not_fatal(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text(
        '[[sources]]\nname = "Gone"\npath = "nowhere"\n', encoding="utf-8"
    )
    collected = collect(load_config(tmp_path / "config.toml"))
    assert collected.articles == []
    assert "Gone" in collected.problems[0]
