"""Content: what a reader finds in the web page, the email and the text part."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from digest.assemble import assemble
from digest.context import UNSUBSCRIBE_MARKER
from digest.models import Article, DigestItem, Quote, Summary
from digest.render import RenderedDigest, _OutputCheck, render_digest

from .digests import DAY, design_config

WEB_URL = "https://digest.example.org/2026-11-27/"


class Links(HTMLParser):
    """Every link (href, visible text), blockquote text and hidden preheader of a page."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self.quotes: list[str] = []
        self.text: list[str] = []
        self._href: str | None = None
        self._depth = 0
        self._quote: list[str] | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._href, self._anchor = dict(attrs).get("href"), []
        if tag == "blockquote":
            self._quote = []
        if tag in ("br", "p", "footer", "div", "li") and self._quote is not None:
            self._quote.append(" ")  # a line break between the words as a reader sees them

    def handle_endtag(self, tag):
        if tag == "a" and self._href is not None:
            self.links.append((self._href, "".join(self._anchor).strip()))
            self._href = None
        if tag == "blockquote" and self._quote is not None:
            self.quotes.append(" ".join("".join(self._quote).split()))
            self._quote = None

    def handle_data(self, data):
        self.text.append(data)
        if self._href is not None:
            self._anchor.append(data)
        if self._quote is not None:
            self._quote.append(data)


def _article(n: int, title: str, section: str, *, url: str | None = "auto", words: int = 460,
             date=DAY) -> Article:
    return Article(
        id=f"a{n}", title=title, section=section, date=date, source=f"Source {n}",
        url=f"https://news.example.com/{n}" if url == "auto" else url,
        paragraphs=(" ".join(["word"] * words),),
    )


@pytest.fixture
def rendered(project: Path) -> RenderedDigest:
    config = design_config(project)
    harbour = _article(1, "Harbour city votes to close coal terminal", "World")
    pairs = [
        (harbour, Summary(["The council voted 23 to 14.", "The terminal moved 6.8 Mt."],
                          [Quote("This is the day we stop being a coal town", "Jana Ruiz"),
                           Quote("Nobody pretends it will be easy", None)])),
        (_article(2, "Rate rise surprises markets", "Business", words=2000),
         Summary(["The bank raised rates by a quarter point."], [])),
        (_article(3, "Letter from nowhere", "Business", url=None, date=None, words=10),
         Summary(["An article without a link or a date."], [])),
    ]
    digest = assemble(pairs, date=DAY, title="Daily Digest")
    # the same story elsewhere: assemble's caller (dedup) fills also_in
    sections = tuple(
        s.__class__(s.name, tuple(
            DigestItem(i.article, i.summary, ("Northern Post", "Coastal Herald"))
            if i.article.id == "a1" else i for i in s.items)) for s in digest.sections)
    digest = digest.__class__(digest.date, digest.title, sections)
    return render_digest(digest, config, dates=[])


def _html_outputs(rendered: RenderedDigest) -> dict[str, str]:
    page = (rendered.folder / "index.html").read_text(encoding="utf-8")
    return {"page": page, "email": rendered.email_html}


@pytest.mark.parametrize("kind", ["page", "email"])
def test_each_article_shows_everything_a_reader_needs(rendered: RenderedDigest, kind: str):
    html = _html_outputs(rendered)[kind]
    parsed = Links(html)
    text = " ".join(" ".join(parsed.text).split())
    assert "Friday 27 November 2026" in text
    # titles link to their sources; an article without a URL is shown unlinked
    harbour = ("https://news.example.com/1", "Harbour city votes to close coal terminal")
    assert harbour in parsed.links
    assert ("https://news.example.com/2", "Rate rise surprises markets") in parsed.links
    assert "Letter from nowhere" in text
    assert not any(t == "Letter from nowhere" and not h.startswith("#") for h, t in parsed.links)
    # source, date, reading time (460 words → 2 min, 2000 → 9 min, 10 → 1 min)
    assert "Source 1 · 27 November 2026 · 2 min read" in text
    assert "Source 2 · 27 November 2026 · 9 min read" in text
    assert "Source 3 · 1 min read" in text
    assert "The council voted 23 to 14." in text and "The terminal moved 6.8 Mt." in text
    assert "“This is the day we stop being a coal town” — Jana Ruiz" in parsed.quotes
    assert "“Nobody pretends it will be easy”" in parsed.quotes
    assert "Also in Northern Post, Coastal Herald" in text
    assert text.count("Also in") == 1  # only where there are other sources
    # table of contents by section, biggest section first, each entry jumping to its article
    toc = [(h, t) for h, t in parsed.links if h.startswith("#article-")]
    assert [t for _, t in toc] == ["Rate rise surprises markets", "Letter from nowhere",
                                   "Harbour city votes to close coal terminal"]
    for href, _ in toc:
        assert f'id="{href[1:]}"' in html
    assert text.index("Business") < text.index("World")


def test_the_email_has_a_preheader_and_a_footer(rendered: RenderedDigest):
    parsed = Links(rendered.email_html)
    preview = re.search(r'<div style="display:none[^>]*>(.*?)</div>', rendered.email_html, re.S)
    assert preview, "a hidden preheader div"
    assert preview.group(1).startswith(
        "Rate rise surprises markets · Letter from nowhere · Harbour city votes")
    assert (UNSUBSCRIBE_MARKER, "Unsubscribe") in parsed.links
    assert (WEB_URL, "View in browser") in parsed.links
    assert ("https://digest.example.org/", "Past digests") in parsed.links


def test_the_text_part_has_the_same_content(rendered: RenderedDigest):
    text = rendered.email_text
    assert text.startswith("Daily Digest — Friday 27 November 2026\n=====")
    assert "IN THIS ISSUE\n  Business\n    - Rate rise surprises markets\n" in text
    assert ("Harbour city votes to close coal terminal\n"
            "Source 1 · 27 November 2026 · 2 min read\nhttps://news.example.com/1\n") in text
    assert "  The council voted 23 to 14.\n" in text
    assert "    “This is the day we stop being a coal town”\n      — Jana Ruiz\n" in text
    assert "  Also in Northern Post, Coastal Herald\n" in text
    assert f"Unsubscribe: {UNSUBSCRIBE_MARKER}\n" in text
    assert f"View in browser: {WEB_URL}\n" in text


def test_the_page_is_self_contained(rendered: RenderedDigest):
    # works offline and from disk: no scripts, no remote fonts or stylesheets
    for html in _html_outputs(rendered).values():
        assert "<script" not in html
        assert not re.search(r'<link[^>]+rel="stylesheet"', html)
        assert "fonts.googleapis" not in html
        assert "<mj-" not in html
        check = _OutputCheck()
        check.feed(html)
        assert check.images_without_alt == [] and check.mjml_tags == []


def test_an_empty_digest_says_so_everywhere(project: Path):
    config = design_config(project)
    rendered = render_digest(assemble([], date=DAY, title="Daily Digest"), config, dates=[])
    page = (rendered.folder / "index.html").read_text(encoding="utf-8")
    for output in (page, rendered.email_html, rendered.email_text):
        assert "No new articles today" in output
        assert "Friday 27 November 2026" in output
    assert f"Unsubscribe: {UNSUBSCRIBE_MARKER}" in rendered.email_text
