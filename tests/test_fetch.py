from __future__ import annotations

import threading

import pytest

from digest.config import CollectSettings
from digest.fetch import HTML_TYPES, Fetcher, FetchError

from .webserver import FixtureServer


def fetcher(**settings: object) -> tuple[Fetcher, list[float]]:
    """A Fetcher whose pauses between retries are recorded instead of slept."""
    pauses: list[float] = []
    options = {"timeout": 2.0, "retries": 2, "backoff": 0.5, **settings}
    return Fetcher(CollectSettings(**options), sleep=pauses.append), pauses  # type: ignore[arg-type]


def test_descriptive_user_agent_and_conditional_get(web: FixtureServer) -> None:
    get, _ = fetcher()
    first = get.get(web.url("/feeds/rss2.xml"))
    assert first.status == 200 and first.etag and first.last_modified
    assert first.content_type == "application/rss+xml"
    again = get.get(web.url("/feeds/rss2.xml"), etag=first.etag,
                    last_modified=first.last_modified)
    assert again.not_modified and again.body == b""
    seen = web.hits("/feeds/rss2.xml")
    assert seen[0].headers["User-Agent"].startswith("digest/")
    assert "If-None-Match" not in seen[0].headers
    assert seen[1].headers["If-None-Match"] == first.etag
    assert seen[1].headers["If-Modified-Since"] == first.last_modified


def test_user_agent_can_be_set(web: FixtureServer) -> None:
    get, _ = fetcher(user_agent="my-digest/2 (+mailto:me@example.org)")
    get.get(web.url("/feeds/atom.xml"))
    assert web.hits("/feeds/atom.xml")[0].headers["User-Agent"] == (
        "my-digest/2 (+mailto:me@example.org)")


def test_5xx_is_retried_with_doubling_pauses_then_reported(web: FixtureServer) -> None:
    get, pauses = fetcher(retries=2, backoff=0.5)
    with pytest.raises(FetchError, match="HTTP 500") as caught:
        get.get(web.url("/status/500"))
    assert caught.value.retryable
    assert len(web.hits("/status/500")) == 3
    assert pauses == [0.5, 1.0]


def test_a_passing_server_error_is_ridden_out(web: FixtureServer) -> None:
    answers = iter([503, 200])

    def flaky(handler: object) -> None:
        status = next(answers)
        if status == 200:
            return handler.file("/feeds/rss2.xml")  # type: ignore[attr-defined]
        return handler.reply(status, b"busy", "text/plain")  # type: ignore[attr-defined]

    web.routes["/flaky"] = flaky
    get, pauses = fetcher()
    assert get.get(web.url("/flaky")).status == 200
    assert pauses == [0.5]


@pytest.mark.parametrize("status", [404, 410, 403])
def test_client_errors_are_not_retried(web: FixtureServer, status: int) -> None:
    get, pauses = fetcher()
    with pytest.raises(FetchError, match=f"HTTP {status}"):
        get.get(web.url(f"/status/{status}"))
    assert len(web.hits(f"/status/{status}")) == 1 and pauses == []


def test_a_response_slower_than_the_timeout_fails_after_retries(web: FixtureServer) -> None:
    get, pauses = fetcher(timeout=0.2, retries=1, backoff=0.1)
    with pytest.raises(FetchError, match=r"timed out after 0.2s"):
        get.get(web.url("/slow"))
    assert len(web.hits("/slow")) == 2 and pauses == [0.1]


def test_redirects_are_followed_to_the_final_address(web: FixtureServer) -> None:
    get, _ = fetcher()
    response = get.get(web.url("/moved/feeds/rss2.xml"))
    assert response.url == web.url("/feeds/rss2.xml") and b"Harbour Gazette" in response.body
    assert get.get(web.url("/chain/5")).url == web.url("/feeds/rss2.xml")


def test_redirect_loop_and_too_many_redirects_fail(web: FixtureServer) -> None:
    get, pauses = fetcher()
    with pytest.raises(FetchError, match="redirect loop"):
        get.get(web.url("/loop/a"))
    with pytest.raises(FetchError, match="more than 5 redirects"):
        get.get(web.url("/chain/6"))
    assert pauses == []  # a loop does not heal by waiting


@pytest.mark.parametrize("path", ["/big", "/big-unsized", "/gzip-bomb"])
def test_responses_over_the_size_cap_are_refused(web: FixtureServer, path: str) -> None:
    get, _ = fetcher(max_bytes=100_000)
    with pytest.raises(FetchError, match="100,000-byte limit"):
        get.get(web.url(path))


def test_gzip_bodies_are_decompressed(web: FixtureServer) -> None:
    get, _ = fetcher()
    plain = get.get(web.url("/feeds/atom.xml")).body
    assert get.get(web.url("/gzip/feeds/atom.xml")).body == plain
    assert "gzip" in web.hits("/gzip/feeds/atom.xml")[0].headers["Accept-Encoding"]


def test_unexpected_content_type_is_refused(web: FixtureServer) -> None:
    get, _ = fetcher()
    response = get.get(web.url("/pages/chart.png"))
    with pytest.raises(FetchError, match="unexpected content type 'image/png'"):
        response.expect(HTML_TYPES)


def test_unreachable_server_and_other_schemes_fail_clearly() -> None:
    get, pauses = fetcher()
    with pytest.raises(FetchError, match="cannot connect"):
        get.get("http://127.0.0.1:9/feed.xml")  # the discard port: nothing listens
    with pytest.raises(FetchError, match="only http and https"):
        get.get("ftp://127.0.0.1/feed.xml")
    assert pauses == []


def test_at_most_per_host_requests_at_once(web: FixtureServer) -> None:
    get, _ = fetcher(per_host=2)
    threads = [threading.Thread(target=get.get, args=(web.url("/hold/feeds/rss2.xml"),))
               for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(web.hits("/hold/feeds/rss2.xml")) == 6
    assert web.max_in_flight <= 2


def test_retry_after_is_honoured_within_reason(web: FixtureServer) -> None:
    answers = iter(["3", "3600", None])

    def busy(handler: object) -> None:
        wait = next(answers)
        if wait is None:
            return handler.file("/feeds/rss2.xml")  # type: ignore[attr-defined]
        return handler.reply(429, b"slow down", "text/plain",  # type: ignore[attr-defined]
                             {"Retry-After": wait})

    web.routes["/busy"] = busy
    get, pauses = fetcher(retries=2, backoff=0.5)
    assert get.get(web.url("/busy")).status == 200
    assert pauses == [3.0, 60.0]  # an hour is capped: the next run will try again


def test_links_with_spaces_and_accents_are_escaped(web: FixtureServer) -> None:
    web.routes["/caf%C3%A9/a%20b"] = lambda handler: handler.file("/feeds/rss2.xml")
    get, _ = fetcher()
    assert get.get(web.url("/café/a b#comments")).status == 200
    assert get.get(web.url("/caf%C3%A9/a%20b")).status == 200  # escaped once, not twice
