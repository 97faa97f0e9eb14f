from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import pytest
from click.testing import CliRunner

from digest.build import build_digest, run_daily
from digest.cli import cli
from digest.config import Config, load_config
from digest.store import Store

from .webserver import FixtureServer

DAY1 = dt.date(2026, 11, 26)
DAY2 = dt.date(2026, 11, 27)


def config_for(folder: Path, web: FixtureServer, sources: dict[str, str],
               extra: str = "") -> Config:
    """Feed sources by name → path on the fixture server, plus extra TOML."""
    text = "".join(f'[[sources]]\nname = "{name}"\nkind = "feed"\nurl = "{web.url(path)}"\n\n'
                   for name, path in sources.items())
    text += '[subscribers]\ninitial = ["reader@example.org"]\n\n'
    text += "[collect]\ntimeout = 2.0\nretries = 0\n" + extra
    (folder / "config.toml").write_text(text, encoding="utf-8")
    return load_config(folder / "config.toml")


def items(result: object) -> dict[str, object]:
    return {item.article.title: item for item in result.digest.items}  # type: ignore[attr-defined]


def test_the_same_story_in_two_feeds_appears_once(tmp_path: Path, web: FixtureServer) -> None:
    config = config_for(tmp_path, web, {"Valley Wire": "/feeds/wire-a.xml",
                                        "Elmsworth Courier": "/feeds/wire-b.xml",
                                        "Harbour Gazette": "/feeds/rss2.xml"})
    result = build_digest(config, today=DAY1)
    found = items(result)
    wire = found["Tarrow flood barrier fails its first winter test"]
    assert wire.also_in == ("Elmsworth Courier",)
    assert "Lower town evacuated as river tops new flood wall" not in found
    # same flood, different stories: each stays
    assert found["Engineers warned of Elmsworth wall’s height two years before it opened"]
    assert found["A night on Mill Lane: bakers, buckets and a broken promise"].also_in == ()
    # the partner's link is the Gazette's own address with tracking added: one story
    coal = found["Harbour city votes to close coal terminal by 2031"]
    assert coal.article.source == "Harbour Gazette" and coal.also_in == ("Elmsworth Courier",)
    assert result.merged == 2 and len(result.digest.items) == 5
    page = (result.rendered.folder / "index.html").read_text(encoding="utf-8")
    assert page.count("Also in Elmsworth Courier") == 2
    assert "Also in Elmsworth Courier" in (result.rendered.folder / "email.txt").read_text()


def test_every_article_goes_into_one_digest(tmp_path: Path, web: FixtureServer) -> None:
    config = config_for(tmp_path, web, {"Gazette": "/feeds/rss2.xml",
                                        "Review": "/feeds/atom.xml"})
    first = build_digest(config, today=DAY1)
    assert first.new_articles == 4 and len(first.digest.items) == 4
    again = build_digest(config, today=DAY1)  # the same day again: the same digest
    assert len(again.digest.items) == 4
    nothing = build_digest(config, today=DAY2)
    assert nothing.digest is None and nothing.new_articles == 0
    assert not (tmp_path / "out" / DAY2.isoformat()).exists()
    # the second day's conditional GETs were answered 304
    assert "If-None-Match" in web.hits("/feeds/rss2.xml")[-1].headers
    # and the store forgets validators of nothing: a lost database refetches everything
    with Store(tmp_path / "digest.db") as store:
        assert store.validators(web.url("/feeds/rss2.xml"))[0]


def test_nothing_new_means_nothing_sent_and_the_cli_says_so(
    tmp_path: Path, web: FixtureServer
) -> None:
    config = config_for(tmp_path, web, {"Gazette": "/feeds/rss2.xml"})
    sent = run_daily(config, today=DAY1)
    assert sent.send is not None and len(sent.send.sent) == 1
    quiet = run_daily(config, today=DAY2)
    assert quiet.build.digest is None and quiet.send is None
    assert not (tmp_path / "outbox" / DAY2.isoformat()).exists()
    outcome = CliRunner().invoke(cli, ["run", "--config", str(tmp_path / "config.toml"),
                                       "--date", "2026-11-28"])
    assert outcome.exit_code == 0, outcome.output
    assert "No new articles for 2026-11-28: no digest built, nothing sent." in outcome.output
    assert "collecting" not in outcome.output  # no progress bar when not on a terminal


def test_skip_empty_false_builds_an_empty_digest(tmp_path: Path, web: FixtureServer) -> None:
    config = config_for(tmp_path, web, {"Gazette": "/feeds/rss2.xml"})
    build_digest(config, today=DAY1)
    config = load_config(_append(tmp_path, "[digest]\nskip_empty = false\n"))
    result = build_digest(config, today=DAY2)
    assert result.digest is not None and result.digest.items == []


def _append(folder: Path, toml: str) -> Path:
    path = folder / "config.toml"
    path.write_text(toml + path.read_text(encoding="utf-8"), encoding="utf-8")
    return path


def test_a_failing_source_is_reported_and_retried_next_run(
    tmp_path: Path, web: FixtureServer, caplog: pytest.LogCaptureFixture
) -> None:
    down = {"on": True}

    def sometimes(handler: object) -> None:
        if down["on"]:
            return handler.reply(500, b"down", "text/plain")  # type: ignore[attr-defined]
        return handler.file("/feeds/atom.xml")  # type: ignore[attr-defined]

    web.routes["/flaky.xml"] = sometimes
    config = config_for(tmp_path, web, {"Gazette": "/feeds/rss2.xml", "Review": "/flaky.xml"})
    with caplog.at_level(logging.WARNING):
        first = build_digest(config, today=DAY1)
    assert first.failed_sources == {"Review": "HTTP 500 Internal Server Error"}
    assert "Review: HTTP 500 Internal Server Error" in first.problems
    assert any("Review" in r.getMessage() and "HTTP 500" in r.getMessage()
               for r in caplog.records)
    assert len(first.digest.items) == 2  # the digest still builds from the Gazette
    with Store(tmp_path / "digest.db") as store:
        assert store.source_status()["Review"] == ("HTTP 500 Internal Server Error", 1)
        assert store.validators(web.url("/flaky.xml")) == (None, None)
    down["on"] = False
    second = build_digest(config, today=DAY2)
    assert second.failed_sources == {}
    assert sorted(i.article.source for i in second.digest.items) == ["Review", "Review"]
    with Store(tmp_path / "digest.db") as store:
        assert store.source_status()["Review"] == (None, 0)


def test_a_teaser_whose_page_fails_is_tried_again(tmp_path: Path, web: FixtureServer) -> None:
    down = {"on": True}

    def storm(handler: object) -> None:
        if down["on"]:
            return handler.reply(503, b"busy", "text/plain")  # type: ignore[attr-defined]
        return handler.file("/articles/storm-ardith.html")  # type: ignore[attr-defined]

    web.routes["/articles/storm-ardith.html"] = storm
    config = config_for(tmp_path, web, {"Desk": "/feeds/teaser.xml"})
    first = build_digest(config, today=DAY1)
    assert [i.article.section for i in first.digest.items] == ["Culture"]
    assert "HTTP 503" in first.failed_sources["Desk"]
    down["on"] = False
    second = build_digest(config, today=DAY2)
    # the feed is asked again in full (no validators were kept), the museum is not refetched
    assert "If-None-Match" not in web.hits("/feeds/teaser.xml")[-1].headers
    assert [i.article.section for i in second.digest.items] == ["Weather"]
    assert len(web.hits("/articles/orsell-museum.html")) == 1


def test_nothing_collected_is_lost_when_the_build_fails(tmp_path: Path, web: FixtureServer) -> None:
    config_for(tmp_path, web, {"Gazette": "/feeds/rss2.xml"})
    templates = tmp_path / "broken"
    templates.mkdir()
    (templates / "digest.html").write_text("{% for %}", encoding="utf-8")
    broken = load_config(_append(tmp_path, f'[output]\ntemplates = "{templates}"\n'))
    with pytest.raises(Exception):  # noqa: B017 - whatever the template error, it propagates
        build_digest(broken, today=DAY1)
    (templates / "digest.html").unlink()
    # the feed now answers 304, yet the articles collected before the failure are there
    result = build_digest(broken, today=DAY1)
    assert len(result.digest.items) == 2
    assert "If-None-Match" in web.hits("/feeds/rss2.xml")[-1].headers


def test_max_age_from_config(tmp_path: Path, web: FixtureServer) -> None:
    config = config_for(tmp_path, web, {"Gazette": "/feeds/rss2.xml"}, "max_age_days = 5\n")
    result = build_digest(config, today=DAY1)
    # 21 November is five days before the 26th; the 20th is six
    assert [i.article.date for i in result.digest.items] == [dt.date(2026, 11, 21)]


def test_cli_names_failed_sources(tmp_path: Path, web: FixtureServer) -> None:
    config_for(tmp_path, web, {"Gazette": "/feeds/rss2.xml", "Loop": "/loop/a"})
    outcome = CliRunner().invoke(cli, ["build", "--config", str(tmp_path / "config.toml"),
                                       "--date", "2026-11-26"])
    assert outcome.exit_code == 0
    assert "source Loop failed, tried again next run: redirect loop" in outcome.output
    assert "Built Daily Digest" in outcome.output
    listing = CliRunner().invoke(cli, ["sources", "--config", str(tmp_path / "config.toml")])
    assert listing.exit_code == 0
    assert f"Gazette (feed {web.url('/feeds/rss2.xml')}): ok" in listing.output
    assert "Loop (feed" in listing.output
    assert "failing for 1 run(s): redirect loop" in listing.output


def test_folder_and_web_sources_together(project: Path, web: FixtureServer) -> None:
    path = project / "config.toml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "[subscribers]", f'[[sources]]\nname = "Gazette"\nkind = "feed"\n'
        f'url = "{web.url("/feeds/rss2.xml")}"\n\n[subscribers]'), encoding="utf-8")
    result = build_digest(load_config(path), today=DAY1)
    # the Gazette's two stories are the samples 001 and 002 as the folder has them
    coal = [i for i in result.digest.items if "coal terminal" in i.article.title]
    assert len(coal) == 1 and coal[0].article.source == "Samples"  # listed first
    assert coal[0].also_in == ("Gazette",)
    assert len(result.digest.items) == 10


def test_collect_settings_are_checked(tmp_path: Path) -> None:
    from digest.errors import ConfigError

    (tmp_path / "config.toml").write_text(
        "[collect]\ntimeout = 0\nretries = -1\nduplicate_threshold = 1.5\nper_host = \"2\"\n",
        encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path / "config.toml")
    problems = "\n".join(caught.value.problems)
    assert "collect.per_host: expected integer, got string '2'" in problems
    (tmp_path / "config.toml").write_text(
        "[collect]\ntimeout = 0\nretries = -1\nduplicate_threshold = 1.5\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path / "config.toml")
    assert caught.value.problems == [
        "collect.timeout: expected a number above 0, got 0.0",
        "collect.retries: expected 0 or more, got -1",
        "collect.duplicate_threshold: expected a number in (0, 1], got 1.5",
    ]


def test_a_teaser_whose_page_is_gone_keeps_the_teaser(tmp_path: Path, web: FixtureServer) -> None:
    web.routes["/articles/storm-ardith.html"] = lambda handler: handler.reply(
        404, b"gone", "text/plain")
    config = config_for(tmp_path, web, {"Desk": "/feeds/teaser.xml"})
    result = build_digest(config, today=DAY1)
    assert result.failed_sources == {}  # a 404 will not heal: no point asking again
    storm = next(i.article for i in result.digest.items if i.article.section != "Culture")
    assert storm.text.startswith("Storm Ardith") and storm.word_count < 80
    assert any("HTTP 404" in p and "teaser" in p for p in result.problems)


def test_two_sources_cannot_share_a_name(tmp_path: Path) -> None:
    from digest.errors import ConfigError

    (tmp_path / "config.toml").write_text(
        '[[sources]]\nname = "News"\npath = "a"\n\n[[sources]]\nname = "News"\npath = "b"\n',
        encoding="utf-8")
    with pytest.raises(ConfigError, match=r"sources\[1\].name: 'News' is already the name of"):
        load_config(tmp_path / "config.toml")


def test_a_reprint_of_yesterdays_story_is_not_news(tmp_path: Path, web: FixtureServer) -> None:
    config = config_for(tmp_path, web, {"Valley Wire": "/feeds/wire-a.xml"})
    assert len(build_digest(config, today=DAY1).digest.items) == 2
    config = config_for(tmp_path, web, {"Valley Wire": "/feeds/wire-a.xml",
                                        "Elmsworth Courier": "/feeds/wire-b.xml"})
    second = build_digest(config, today=DAY2)
    titles = sorted(item.article.title for item in second.digest.items)
    assert titles == ["A night on Mill Lane: bakers, buckets and a broken promise",
                      "Gazette: Harbour city votes to close coal terminal by 2031"]
    assert second.merged == 1
