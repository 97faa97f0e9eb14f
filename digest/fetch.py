"""Polite HTTP: timeouts, a redirect limit, conditional GET, retries with backoff, a size cap."""

from __future__ import annotations

import logging
import threading
import time
import urllib.error
import urllib.request
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from email.message import Message
from importlib import metadata
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

from digest.config import CollectSettings

logger = logging.getLogger(__name__)

REDIRECTS = (301, 302, 303, 307, 308)
CHUNK = 64 * 1024
_SAFE = "/:@!$&'()*+,;=?%~-._"  # already-escaped and reserved characters stay as they are
MAX_RETRY_AFTER = 60.0  # a Retry-After longer than this is a reason to try next run instead
HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml",
              "application/xml", "text/xml", "application/feed+json", "application/json",
              "text/plain", "text/html")  # some servers label feeds as plain text or HTML


def default_user_agent() -> str:
    """`digest/<version>`, with a note saying what kind of client this is."""
    try:
        version = metadata.version("digest")
    except metadata.PackageNotFoundError:
        version = "dev"
    return f"digest/{version} (daily news digest; one request per source per run)"


class FetchError(Exception):
    """A URL could not be fetched; `retryable` when trying again later may help."""

    def __init__(self, url: str, reason: str, *, retryable: bool = False,
                 temporary: bool | None = None, retry_after: float | None = None) -> None:
        self.url = url
        self.reason = reason
        self.retryable = retryable  # worth another attempt in this run
        # worth another attempt next run: a server that is down may be up tomorrow,
        # a 404 or a PDF where a page was expected will not change
        self.temporary = retryable if temporary is None else temporary
        self.retry_after = retry_after  # seconds the server asked us to wait, if it did
        super().__init__(f"{url}: {reason}")


@dataclass(frozen=True)
class Response:
    """What a server answered, after redirects."""

    url: str  # the final address, after redirects
    status: int  # 200, or 304 when the validators still hold
    body: bytes
    content_type: str  # media type, lower case, without parameters
    charset: str | None
    etag: str | None
    last_modified: str | None

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    def expect(self, types: Iterable[str]) -> None:
        """Refuse a body whose content type is not one of `types` (an image for a page, say)."""
        types = tuple(types)
        if not self.not_modified and self.content_type and self.content_type not in types:
            raise FetchError(self.url, f"unexpected content type {self.content_type!r} "
                                       f"(expected {' or '.join(types)})")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    # redirects are followed by Fetcher itself, to count them and catch loops
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


class Fetcher:
    """Fetch URLs politely; one Fetcher is shared by every source of a run."""

    def __init__(self, settings: CollectSettings, *,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.settings = settings
        self.user_agent = settings.user_agent or default_user_agent()
        self._sleep = sleep
        self._opener = urllib.request.build_opener(_NoRedirect)
        self._hosts: dict[str, threading.BoundedSemaphore] = {}
        self._lock = threading.Lock()

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
            accept: str = "*/*") -> Response:
        """GET with conditional headers; retries timeouts and 5xx answers with backoff."""
        headers = {"User-Agent": self.user_agent, "Accept": accept,
                   "Accept-Encoding": "gzip"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        attempt = 0
        while True:
            try:
                return self._follow(url, headers)
            except FetchError as exc:
                if not exc.retryable or attempt >= self.settings.retries:
                    raise
                pause = self.settings.backoff * 2**attempt
                if exc.retry_after is not None:  # the server knows best, within reason
                    pause = max(pause, min(exc.retry_after, MAX_RETRY_AFTER))
                logger.info("%s; trying again in %.1fs", exc, pause)
                self._sleep(pause)
                attempt += 1

    def _follow(self, url: str, headers: dict[str, str]) -> Response:
        seen = []
        current = url
        for _ in range(self.settings.max_redirects + 1):
            if current in seen:
                raise FetchError(url, f"redirect loop ({' → '.join([*seen, current])})")
            seen.append(current)
            status, reply_headers, body = self._once(current, headers)
            if status not in REDIRECTS:
                return _response(current, status, reply_headers, body)
            location = reply_headers.get("Location")
            if not location:
                raise FetchError(url, f"HTTP {status} redirect without a Location header")
            current = urljoin(current, location)
        raise FetchError(url, f"more than {self.settings.max_redirects} redirects")

    def _slot(self, url: str) -> threading.BoundedSemaphore:
        host = urlsplit(url).netloc.lower()
        with self._lock:
            if host not in self._hosts:
                self._hosts[host] = threading.BoundedSemaphore(self.settings.per_host)
            return self._hosts[host]

    def _once(self, url: str, headers: dict[str, str]) -> tuple[int, Message, bytes]:
        if urlsplit(url).scheme not in ("http", "https"):
            raise FetchError(url, "only http and https addresses can be fetched")
        timeout = self.settings.timeout
        with self._slot(url):
            deadline = time.monotonic() + timeout
            try:
                reply = self._opener.open(urllib.request.Request(_ascii(url), headers=headers),
                                          timeout=timeout)
            except urllib.error.HTTPError as exc:
                reply = exc  # an HTTP error answer still has a status, headers and a body
            except TimeoutError:
                raise FetchError(url, f"timed out after {timeout:g}s", retryable=True) from None
            except urllib.error.URLError as exc:
                if isinstance(exc.reason, TimeoutError):
                    raise FetchError(url, f"timed out after {timeout:g}s",
                                     retryable=True) from None
                raise FetchError(url, f"cannot connect: {exc.reason}", temporary=True) from None
            except (OSError, ValueError) as exc:
                raise FetchError(url, f"cannot connect: {exc}", temporary=True) from None
            with reply:
                status = reply.status if reply.status is not None else reply.code
                if status >= 500 or status == 429:
                    raise FetchError(url, f"HTTP {status} {reply.reason}", retryable=True,
                                     retry_after=_seconds(reply.headers.get("Retry-After")))
                if status >= 400:
                    raise FetchError(url, f"HTTP {status} {reply.reason}")
                if status in REDIRECTS or status == 304:
                    return status, reply.headers, b""
                body = self._read(url, reply, deadline)
        return status, reply.headers, _decode(url, body, reply.headers, self.settings.max_bytes)

    def _read(self, url: str, reply: object, deadline: float) -> bytes:
        cap = self.settings.max_bytes
        length = reply.headers.get("Content-Length")  # type: ignore[attr-defined]
        if length and length.isdigit() and int(length) > cap:
            raise FetchError(url, f"response of {int(length):,} bytes is over the "
                                  f"{cap:,}-byte limit (collect.max_bytes)")
        chunks, size = [], 0
        while True:
            if time.monotonic() > deadline:
                raise FetchError(url, f"timed out after {self.settings.timeout:g}s",
                                 retryable=True)
            try:
                chunk = reply.read(CHUNK)  # type: ignore[attr-defined]
            except TimeoutError:
                raise FetchError(url, f"timed out after {self.settings.timeout:g}s",
                                 retryable=True) from None
            except OSError as exc:
                raise FetchError(url, f"connection broke: {exc}", retryable=True) from None
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            if size > cap:
                raise FetchError(url, f"response is over the {cap:,}-byte limit "
                                      "(collect.max_bytes)")
            chunks.append(chunk)


def _ascii(url: str) -> str:
    """A link as written in a feed ("/café/2026 report") in the form HTTP can carry."""
    parts = urlsplit(url.strip())
    host = parts.hostname.encode("idna").decode() if parts.hostname else ""
    netloc = host + (f":{parts.port}" if parts.port else "")
    if parts.username:
        netloc = f"{parts.username}{':' + parts.password if parts.password else ''}@{netloc}"
    return urlunsplit((parts.scheme, netloc, quote(parts.path, safe=_SAFE),
                       quote(parts.query, safe=_SAFE), ""))


def _seconds(retry_after: str | None) -> float | None:
    """Retry-After in seconds; the HTTP-date form is rare for feeds and is ignored."""
    if retry_after and retry_after.strip().isdigit():
        return float(retry_after.strip())
    return None


def _decode(url: str, body: bytes, headers: Message, cap: int) -> bytes:
    encoding = (headers.get("Content-Encoding") or "").lower()
    if encoding not in ("gzip", "x-gzip", "deflate"):
        return body
    # a small compressed body can expand enormously: the cap applies after decompression too
    inflater = zlib.decompressobj(zlib.MAX_WBITS | 32)  # gzip or zlib header, detected
    try:
        data = inflater.decompress(body, cap + 1)
    except zlib.error as exc:
        raise FetchError(url, f"bad {encoding} body: {exc}") from None
    if len(data) > cap:
        raise FetchError(url, f"response is over the {cap:,}-byte limit once decompressed")
    return data


def _response(url: str, status: int, headers: Message, body: bytes) -> Response:
    content_type = (headers.get_content_type() if headers.get("Content-Type") else "").lower()
    return Response(url=url, status=status, body=body, content_type=content_type,
                    charset=headers.get_content_charset(), etag=headers.get("ETag"),
                    last_modified=headers.get("Last-Modified"))
