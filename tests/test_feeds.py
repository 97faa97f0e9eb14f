from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from digest.config import Config, load_config
from digest.models import Article
from digest.sources import collect, parse_seed
from digest.store import Store

from .conftest import ROOT
from .webserver import FIXTURES, FixtureServer

TODAY = dt.date(2026, 11, 26)


def web_config(folder: Path, web: FixtureServer, sources: dict[str, tuple[str, str]],
               collect_toml: str = "") -> Config:
    """A config reading only these web sources: name → (kind, path on the fixture server)."""
    lines = []
    for name, (kind, path) in sources.items():
        lines += ["[[sources]]", f'name = "{name}"', f'kind = "{kind}"',
                  f'url = "{web.url(path)}"', ""]
    lines += ["[collect]", collect_toml or "timeout = 2.0", "retries = 0"]
    (folder / "config.toml").write_text("\n".join(lines), encoding="utf-8")
    return load_config(folder / "config.toml")


def seed(number: str) -> Article:
    """The shipped sample article the fixture feeds and pages were written from."""
    path = next((ROOT / "seeds").glob(f"{number}_*.txt"))
    return parse_seed(path.read_text(encoding="utf-8"), source="seed", article_id=number)


def by_title(articles: list) -> dict:
    return {a.title: a for a in articles}


def test_rss2_entries_become_articles(tmp_path: Path, web: FixtureServer) -> None:
    config = web_config(tmp_path, web, {"Gazette": ("feed", "/feeds/rss2.xml")})
    collected = collect(config, today=TODAY)
    assert collected.problems == []
    coal = by_title(collected.articles)["Harbour city votes to close coal terminal by 2031"]
    assert coal.id == web.url("/feeds/rss2.xml") + "#gazette-1001"  # a bare GUID is scoped
    assert coal.source == "Gazette" and coal.site == "Harbour Gazette"
    assert coal.section == "World" and coal.date == dt.date(2026, 11, 20)
    assert coal.author == "Mira Okonkwo"
    assert coal.url == "https://harbour-gazette.example/news/port-avelin-coal-terminal"
    # the full content:encoded body, not the one-paragraph description
    assert coal.paragraphs == seed("001").paragraphs
    rate = by_title(collected.articles)[seed("002").title]
    assert rate.url == web.url("/news/veldria-rate-rise")  # relative link made absolute
    assert web.hits("/news/veldria-rate-rise") == []  # full entries need no page fetch


def test_atom_with_xml_base_and_relative_links(tmp_path: Path, web: FixtureServer) -> None:
    config = web_config(tmp_path, web, {"Review": ("feed", "/feeds/atom.xml")})
    articles = by_title(collect(config, today=TODAY).articles)
    ice = next(a for title, a in articles.items() if "ice" in title.lower())
    assert ice.id == "urn:uuid:0b5d8f5e-7a35-4c44-8a5b-2f4a8d9a1c01"  # a URN is global
    assert ice.url == web.url("/science/verrin-ice-core")
    assert ice.author == "Sanna Lind" and ice.section == "Science"
    assert ice.date == dt.date(2026, 11, 22) and ice.paragraphs == seed("003").paragraphs
    sport = next(a for a in articles.values() if a.section == "Sport")
    assert sport.paragraphs == seed("004").paragraphs  # xhtml content


@pytest.mark.parametrize("path, section", [("/feeds/rss091.xml", "News"),
                                           ("/feeds/rss10.xml", "Sport")])
def test_rss_091_and_10(tmp_path: Path, web: FixtureServer, path: str, section: str) -> None:
    config = web_config(tmp_path, web, {"Old": ("feed", path)})
    collected = collect(config, today=TODAY)
    assert collected.problems == []
    (article,) = collected.articles
    assert article.section == section and article.word_count > 80
    assert article.url.startswith(web.base)


def test_teaser_entries_fetch_and_extract_their_page(tmp_path: Path, web: FixtureServer) -> None:
    config = web_config(tmp_path, web, {"Desk": ("feed", "/feeds/teaser.xml")})
    collected = collect(config, today=TODAY)
    assert collected.problems == []
    museum = next(a for a in collected.articles if "museum" in a.title.lower())
    assert museum.paragraphs == seed("005").paragraphs
    assert museum.author == "Ida Brenner" and museum.site == "Culture and Weather Desk"
    assert "Most read" not in museum.text and "All rights reserved" not in museum.text
    assert museum.url == web.url("/articles/orsell-museum.html")  # canonical, no utm_*
    assert museum.date == dt.date(2026, 11, 23)  # the entry's date
    # `../articles/…` resolved against the feed's address
    assert len(web.hits("/articles/orsell-museum.html")) == 1
    assert len(web.hits("/articles/storm-ardith.html")) == 1


def test_page_source_text_and_metadata(tmp_path: Path, web: FixtureServer) -> None:
    config = web_config(tmp_path, web, {"Post": ("page", "/pages/ferncliff-prize.html")})
    (page,) = collect(config, today=TODAY).articles
    assert page.title == seed("010").title
    assert page.author == "Lena Vasquez" and page.site == "The Ferncliff Post"
    assert page.date == dt.date(2026, 11, 25) and page.section == "Books"
    assert page.url == web.url("/pages/ferncliff-prize.html")
    assert page.paragraphs == seed("010").paragraphs  # no navigation, byline or footer


@pytest.mark.parametrize("path, reason", [
    ("/status/500", "HTTP 500"),
    ("/slow", "timed out after 0.3s"),
    ("/loop/a", "redirect loop"),
    ("/feeds/malformed.xml", "feed"),
    ("/big", "limit"),
    ("/pages/chart.png", "unexpected content type 'image/png'"),
    ("/status/404", "HTTP 404"),
])
def test_a_failing_source_is_named_with_its_reason(
    tmp_path: Path, web: FixtureServer, path: str, reason: str
) -> None:
    kind = "page" if path.endswith(".png") else "feed"
    config = web_config(tmp_path, web, {"Good": ("feed", "/feeds/rss2.xml"),
                                        "Bad": (kind, path)},
                        "timeout = 0.3\nmax_bytes = 100000")
    collected = collect(config, today=TODAY)
    assert len(collected.articles) == 2  # the good source still counts
    assert collected.outcomes["Good"] is None
    assert reason in collected.outcomes["Bad"]
    assert [p for p in collected.problems if p.startswith("Bad: ")]


def test_malformed_feed_says_so(tmp_path: Path, web: FixtureServer) -> None:
    config = web_config(tmp_path, web, {"Broken": ("feed", "/feeds/malformed.xml")})
    outcome = collect(config, today=TODAY).outcomes["Broken"]
    assert outcome.startswith(("malformed feed", "not a feed"))


def test_304_costs_no_further_requests(tmp_path: Path, web: FixtureServer) -> None:
    config = web_config(tmp_path, web, {"Desk": ("feed", "/feeds/teaser.xml")})
    with Store(tmp_path / "digest.db") as store:
        first = collect(config, today=TODAY, store=store)
        for url, (etag, modified) in first.validators.items():
            store.save_validators(url, etag, modified)
        second = collect(config, today=TODAY, store=store)
    assert second.articles == [] and second.problems == []
    feed = web.hits("/feeds/teaser.xml")
    assert len(feed) == 2 and "If-None-Match" in feed[1].headers
    assert len(web.hits("/articles/orsell-museum.html")) == 1


def test_max_age_skips_old_entries_before_fetching(tmp_path: Path, web: FixtureServer) -> None:
    config = web_config(tmp_path, web, {"Desk": ("feed", "/feeds/teaser.xml"),
                                        "Gazette": ("feed", "/feeds/rss2.xml")},
                        "max_age_days = 2")
    titles = [a.title for a in collect(config, today=TODAY).articles]
    # the storm (24 Nov) is two days old; the museum (23 Nov) and the Gazette's (20, 21) older
    assert titles == [seed("007").title]
    assert web.hits("/articles/orsell-museum.html") == []


def test_progress_bar_only_on_a_terminal(tmp_path: Path, web: FixtureServer) -> None:
    import io

    from rich.console import Console

    config = web_config(tmp_path, web, {"Gazette": ("feed", "/feeds/rss2.xml")})
    screen = io.StringIO()
    collect(config, today=TODAY, console=Console(file=screen, force_terminal=True, width=80))
    assert "collecting" in screen.getvalue()
    piped = io.StringIO()
    collect(config, today=TODAY, console=Console(file=piped, force_terminal=False))
    assert piped.getvalue() == ""


def test_a_sloppy_feed_is_read_and_not_called_broken_once_known(
    tmp_path: Path, web: FixtureServer
) -> None:
    from digest.dedupe import admit

    body = (FIXTURES / "feeds" / "rss2.xml").read_bytes().replace(
        b"<title>Harbour Gazette</title>", b"<title>Harbour&nbsp;Gazette</title>")
    web.routes["/sloppy.xml"] = lambda handler: handler.reply(200, body, "application/rss+xml")
    config = web_config(tmp_path, web, {"Sloppy": ("feed", "/sloppy.xml")})
    with Store(tmp_path / "digest.db") as store:
        first = collect(config, today=TODAY, store=store)
        assert len(first.articles) == 2 and first.outcomes["Sloppy"] is None
        admit(store, first.articles, today=TODAY, threshold=0.6)
        second = collect(config, today=TODAY, store=store)  # no validators: a full answer
    assert second.articles == [] and second.outcomes["Sloppy"] is None


def test_a_web_page_given_as_a_feed_names_its_feed(tmp_path: Path, web: FixtureServer) -> None:
    home = b"""<html><head><title>Gazette</title>
    <link rel="alternate" type="application/rss+xml" title="RSS" href="/feeds/rss2.xml">
    </head><body><p>Welcome.</p></body></html>"""
    web.routes["/home"] = lambda handler: handler.reply(200, home, "text/html; charset=utf-8")
    config = web_config(tmp_path, web, {"Home": ("feed", "/home")})
    outcome = collect(config, today=TODAY).outcomes["Home"]
    assert outcome == f"this is a web page, not a feed; its feed is {web.url('/feeds/rss2.xml')}"


def test_markup_in_entry_titles_is_dropped(tmp_path: Path, web: FixtureServer) -> None:
    body = (FIXTURES / "feeds" / "rss2.xml").read_bytes().replace(
        b"<title>Harbour city votes", b"<title>&lt;b&gt;Breaking:&lt;/b&gt; Harbour city votes")
    web.routes["/marked.xml"] = lambda handler: handler.reply(200, body, "application/rss+xml")
    config = web_config(tmp_path, web, {"Marked": ("feed", "/marked.xml")})
    titles = [a.title for a in collect(config, today=TODAY).articles]
    assert "Breaking: Harbour city votes to close coal terminal by 2031" in titles


def test_the_charset_the_server_declares_is_used(tmp_path: Path, web: FixtureServer) -> None:
    body = ('<?xml version="1.0"?><rss version="2.0"><channel><title>Café Täglich</title>'
            "<item><title>Größe zählt</title><guid>urn:x:1</guid><description>"
            + "Die Bäckerei öffnet um sieben Uhr morgens und schließt spät. " * 12
            + "</description></item></channel></rss>").encode("iso-8859-1")
    web.routes["/latin.xml"] = lambda handler: handler.reply(
        200, body, "application/rss+xml; charset=ISO-8859-1")
    config = web_config(tmp_path, web, {"Latin": ("feed", "/latin.xml")})
    (article,) = collect(config, today=TODAY).articles
    assert article.title == "Größe zählt" and article.site == "Café Täglich"
    assert article.paragraphs[0].startswith("Die Bäckerei öffnet")


def test_a_source_can_set_the_section(tmp_path: Path, web: FixtureServer) -> None:
    config = web_config(tmp_path, web, {"Gazette": ("feed", "/feeds/rss2.xml")})
    (tmp_path / "config.toml").write_text((tmp_path / "config.toml").read_text().replace(
        'kind = "feed"', 'kind = "feed"\nsection = "Harbour"'), encoding="utf-8")
    config = load_config(tmp_path / "config.toml")
    assert {a.section for a in collect(config, today=TODAY).articles} == {"Harbour"}
