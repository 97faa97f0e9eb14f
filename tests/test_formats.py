from __future__ import annotations

import datetime as dt
import json
import logging
import shutil
import textwrap
from pathlib import Path

import pytest

from digest.config import load_config
from digest.sources import collect, read_folder

from .webserver import FIXTURES

BODY = ("The Tarrow mill reopened on Monday after three weeks of repairs. Workers returned at"
        " dawn to clear the last of the mud.")


def read(folder: Path) -> dict:
    (folder.parent / "config.toml").write_text(
        f'[[sources]]\nname = "Files"\npath = "{folder.name}"\n', encoding="utf-8")
    config = load_config(folder.parent / "config.toml")
    collected = read_folder(config.sources[0], config)
    return {"articles": {a.id.split(":", 1)[1]: a for a in collected.articles},
            "problems": collected.problems}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "articles"
    path.mkdir()
    return path


def test_markdown_with_front_matter(folder: Path) -> None:
    (folder / "mill.md").write_text(textwrap.dedent(f"""\
        ---
        title: "Mill reopens: three weeks after the flood"
        date: 2026-11-23
        section: Business
        author: Ann Lee
        url: https://tarrow.example/mill
        ---
        # A heading that the front matter's title overrides

        {BODY}

        "We are **back**," said the [owner](https://example.org/holt), *Maria Holt*.

        ![the yard](yard.jpg)

        ```
        code is not news
        ```
        """), encoding="utf-8")
    article = read(folder)["articles"]["mill.md"]
    assert article.title == "Mill reopens: three weeks after the flood"
    assert article.date == dt.date(2026, 11, 23) and article.section == "Business"
    assert article.author == "Ann Lee" and article.url == "https://tarrow.example/mill"
    assert article.paragraphs == (BODY, '"We are back," said the owner, Maria Holt.')


def test_markdown_without_front_matter_takes_its_heading(folder: Path) -> None:
    (folder / "plain.md").write_text(f"# Mill reopens\n\n{BODY}\n\n- one\n- two\n",
                                     encoding="utf-8")
    article = read(folder)["articles"]["plain.md"]
    assert article.title == "Mill reopens" and article.section == "News"
    assert article.paragraphs == (BODY, "- one - two")
    assert article.url == (folder / "plain.md").resolve().as_uri()


def test_saved_html_page(folder: Path) -> None:
    shutil.copy(FIXTURES / "pages" / "ferncliff-prize.html", folder / "prize.html")
    article = read(folder)["articles"]["prize.html"]
    assert article.author == "Lena Vasquez" and article.site == "The Ferncliff Post"
    assert article.date == dt.date(2026, 11, 25) and article.section == "Books"
    assert "All rights reserved" not in article.text and len(article.paragraphs) >= 8


def test_json_object_list_and_json_feed(folder: Path) -> None:
    (folder / "one.json").write_text(json.dumps({
        "title": "Mill reopens", "date": "2026-11-23T08:00:00Z", "section": "Business",
        "author": {"name": "Ann Lee"}, "text": f"{BODY}\n\nSecond paragraph.",
    }), encoding="utf-8")
    (folder / "many.json").write_text(json.dumps([
        {"id": "a", "title": "First", "paragraphs": [BODY, "More."]},
        {"id": "b", "title": "Second", "body": "Only one paragraph here."},
        {"id": "c", "title": "No text at all"},
    ]), encoding="utf-8")
    (folder / "feed.json").write_text(json.dumps({
        "version": "https://jsonfeed.org/version/1.1", "title": "A JSON Feed",
        "items": [{"id": "j1", "url": "https://example.org/j1", "title": "From a JSON Feed",
                   "content_html": f"<p>{BODY}</p><p>And a second.</p>",
                   "date_published": "2026-11-22T10:00:00Z",
                   "authors": [{"name": "Bo Chen"}], "tags": ["Local"]}],
    }), encoding="utf-8")
    found = read(folder)["articles"]
    one = found["one.json"]
    assert one.paragraphs == (BODY, "Second paragraph.") and one.author == "Ann Lee"
    assert one.date == dt.date(2026, 11, 23)
    assert found["many.json#a"].paragraphs == (BODY, "More.")
    assert found["many.json#b"].title == "Second"
    assert "many.json#c" not in found
    item = found["feed.json#j1"]
    assert item.paragraphs == (BODY, "And a second.") and item.author == "Bo Chen"
    assert item.section == "Local" and item.url == "https://example.org/j1"


def test_broken_files_are_named_and_the_rest_still_read(
    folder: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (folder / "bad.json").write_text("{not json", encoding="utf-8")
    (folder / "bad.md").write_text("---\ntitle: [unclosed\n---\nText.", encoding="utf-8")
    (folder / "good.md").write_text(BODY, encoding="utf-8")
    (folder / "README.md").write_text("How this folder works.", encoding="utf-8")
    (folder / ".draft.md").write_text(BODY + " Draft.", encoding="utf-8")
    (folder / "notes.docx").write_bytes(b"PK\x03\x04")
    with caplog.at_level(logging.WARNING):
        result = read(folder)
    assert list(result["articles"]) == ["good.md"]
    assert any("bad.json" in p and "not valid JSON" in p for p in result["problems"])
    assert any("bad.md" in p and "front matter" in p for p in result["problems"])
    assert any("bad.json" in r.getMessage() for r in caplog.records)


def test_folder_of_every_format_feeds_a_digest(tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "a.txt").write_text(f"date 2026-11-20 Home » World\n\nA headline\n\n{BODY}\n\nMore.")
    (folder / "b.md").write_text(f"---\ntitle: Markdown story\n---\n{BODY} Also markdown.")
    (folder / "c.json").write_text(json.dumps({"title": "JSON story", "text": "Unrelated."}))
    (tmp_path / "config.toml").write_text('[[sources]]\nname = "Mixed"\npath = "mixed"\n')
    collected = collect(load_config(tmp_path / "config.toml"))
    assert sorted(a.title for a in collected.articles) == ["A headline", "JSON story",
                                                           "Markdown story"]
