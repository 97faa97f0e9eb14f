"""A real HTTP server on 127.0.0.1 serving tests/fixtures/web, plus misbehaving routes."""

from __future__ import annotations

import gzip
import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

FIXTURES = Path(__file__).parent / "fixtures" / "web"
LAST_MODIFIED = "Wed, 25 Nov 2026 06:00:00 GMT"
TYPES = {".html": "text/html; charset=utf-8", ".png": "image/png", ".json": "application/json"}


@dataclass(frozen=True)
class Seen:
    path: str
    headers: dict[str, str]


Route = Callable[["Handler"], None]


class FixtureServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, root: Path = FIXTURES) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.root = root
        self.seen: list[Seen] = []
        self.routes: dict[str, Route] = {}  # path → handler, overriding the files
        self.release = threading.Event()  # lets the slow route finish at shutdown
        self.lock = threading.Lock()
        self.in_flight = 0
        self.max_in_flight = 0
        self.thread = threading.Thread(target=self.serve_forever, args=(0.02,), daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def hits(self, path: str) -> list[Seen]:
        return [s for s in self.seen if urlsplit(s.path).path == path]

    def start(self) -> FixtureServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.release.set()
        self.shutdown()
        self.server_close()


class Handler(BaseHTTPRequestHandler):
    server: FixtureServer

    def log_message(self, *args: object) -> None:  # keep test output quiet
        pass

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        server = self.server
        with server.lock:
            server.seen.append(Seen(self.path, dict(self.headers.items())))
            server.in_flight += 1
            server.max_in_flight = max(server.max_in_flight, server.in_flight)
        try:
            self.route()
        finally:
            with server.lock:
                server.in_flight -= 1

    def route(self) -> None:
        path = urlsplit(self.path).path
        if path in self.server.routes:
            return self.server.routes[path](self)
        parts = path.strip("/").split("/")
        if parts[0] == "status":
            return self.reply(int(parts[1]), b"server trouble", "text/plain")
        if parts[0] == "slow":  # answers long after any test's timeout
            self.server.release.wait(10)
            return self.file("/feeds/rss2.xml")
        if parts[0] == "loop":
            return self.redirect("/loop/b" if parts[1] == "a" else "/loop/a")
        if parts[0] == "chain":  # /chain/N redirects N times before the feed
            left = int(parts[1])
            return self.redirect(f"/chain/{left - 1}" if left > 1 else "/feeds/rss2.xml")
        if parts[0] == "moved":
            return self.redirect("/" + "/".join(parts[1:]), status=301)
        if parts[0] == "hold":  # keeps the request open briefly, to see requests overlap
            time.sleep(0.05)
            return self.file("/" + "/".join(parts[1:]))
        if parts[0] == "big":
            return self.reply(200, b"<rss>" + b"x" * 300_000 + b"</rss>", "application/rss+xml")
        if parts[0] == "big-unsized":  # no Content-Length: the cap must hold while reading
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.end_headers()
            for _ in range(30):
                self.wfile.write(b"y" * 10_000)
            return None
        if parts[0] == "gzip":
            body = self.body_of("/" + "/".join(parts[1:]))
            return self.reply(200, gzip.compress(body), "application/rss+xml",
                              {"Content-Encoding": "gzip"})
        if parts[0] == "gzip-bomb":
            return self.reply(200, gzip.compress(b"z" * 2_000_000), "application/rss+xml",
                              {"Content-Encoding": "gzip"})
        return self.file(path)

    def body_of(self, path: str) -> bytes:
        data = (self.server.root / path.lstrip("/")).read_bytes()
        return data.replace(b"http://BASE", self.server.base.encode())

    def file(self, path: str) -> None:
        target = self.server.root / path.lstrip("/")
        if not target.is_file() or ".." in path:
            return self.reply(404, b"not found", "text/plain")
        body = self.body_of(path)
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return None
        kind = TYPES.get(target.suffix)
        if kind is None:
            kind = "application/atom+xml" if b"<feed" in body[:300] else "application/rss+xml"
        return self.reply(200, body, kind, {"ETag": etag, "Last-Modified": LAST_MODIFIED})

    def redirect(self, location: str, *, status: int = 302) -> None:
        self.send_response(status)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def reply(self, status: int, body: bytes, kind: str,
              headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)
