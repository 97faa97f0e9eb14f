"""Every client: the email and the web page in headless Chromium, at phone and desktop widths."""

from __future__ import annotations

from pathlib import Path

import pytest

from digest.assemble import assemble
from digest.models import Article, Quote, Summary
from digest.render import render_digest

from .conftest import ARTIFACTS
from .digests import DAY, big_digest, design_config

LONG_WORD = "Supercalifragilistic" * 6  # 120 letters, no break opportunity


@pytest.fixture
def site(project: Path) -> Path:
    """A rendered digest with ordinary and awkward articles: long words, long URLs."""
    config = design_config(project)
    awkward = Article(
        id="awkward", title=f"A headline with {LONG_WORD} in it", section="World", date=DAY,
        source="The Long Words Gazette", url="https://example.com/" + "a-very-long-path/" * 12,
        paragraphs=("x " * 600,),
    )
    summary = Summary([f"A sentence with {LONG_WORD} and https://example.com/{'q' * 150}."],
                      [Quote(f"Quoted {LONG_WORD}", "Someone With A Very Long Name Indeed")])
    base = big_digest(project, 9)
    pairs = [(item.article, item.summary) for item in base.items] + [(awkward, summary)]
    render_digest(assemble(pairs, date=DAY, title="Daily Digest"), config, dates=[])
    return project / "out" / DAY.isoformat()


@pytest.mark.external
@pytest.mark.parametrize("width", [375, 1200])
@pytest.mark.parametrize("name", ["email.html", "index.html"])
def test_no_horizontal_scrolling(browser, site: Path, name: str, width: int) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    try:
        page.goto(site.joinpath(name).as_uri())
        scroll_width, inner_width = page.evaluate(
            "[document.documentElement.scrollWidth, window.innerWidth]")
        ARTIFACTS.mkdir(exist_ok=True)
        shot = ARTIFACTS / f"{name.split('.')[0].replace('index', 'page')}-{width}.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 0
        assert inner_width == width
        assert scroll_width <= inner_width, f"{name} scrolls sideways at {width}px"
        # the content is there and laid out, not collapsed to nothing
        assert page.evaluate("document.body.innerText").count("min read") == 10
    finally:
        page.close()


def _luminance(css_color: str) -> float:
    channels = [float(c) for c in css_color[css_color.index("(") + 1:-1].split(",")[:3]]
    return sum(channels) / (3 * 255)


@pytest.mark.external
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_web_page_follows_prefers_color_scheme(browser, site: Path, scheme: str) -> None:
    page = browser.new_page(viewport={"width": 375, "height": 900}, color_scheme=scheme)
    try:
        page.goto(site.joinpath("index.html").as_uri())
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        text = page.evaluate(
            "getComputedStyle(document.querySelector('article p:not(.meta)')).color")
        page.screenshot(path=str(ARTIFACTS / f"page-375-{scheme}.png"))
        if scheme == "dark":
            assert _luminance(background) < 0.2 and _luminance(text) > 0.7
        else:
            assert _luminance(background) > 0.8 and _luminance(text) < 0.3
    finally:
        page.close()


@pytest.mark.external
def test_the_email_follows_dark_mode_where_the_client_does(browser, site: Path) -> None:
    page = browser.new_page(viewport={"width": 375, "height": 900}, color_scheme="dark")
    try:
        page.goto(site.joinpath("email.html").as_uri())
        metas = page.evaluate(
            "Object.fromEntries([...document.querySelectorAll('meta[name]')]"
            ".map(m => [m.name, m.content]))")
        assert metas["color-scheme"] == "light dark"
        assert metas["supported-color-schemes"] == "light dark"
        text = page.evaluate("getComputedStyle(document.querySelector('h2 a')).color")
        page.screenshot(path=str(ARTIFACTS / "email-375-dark.png"))
        assert _luminance(text) > 0.7, "headlines turn light on a dark background"
    finally:
        page.close()
