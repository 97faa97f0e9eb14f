"""Run the web application: `digest serve` for deployment, `digest preview` with live reload.

The server is the standard library's wsgiref with one thread per request: the application is
small, needs no dependency, and a reverse proxy sits in front of it in production.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer
from wsgiref.simple_server import make_server as wsgi_server

from digest.build import build_digest
from digest.config import Config, load_config
from digest.errors import DigestError
from digest.livereload import Reloader, Watcher
from digest.render import SHIPPED_TEMPLATES
from digest.web import WebApp
from digest.wsgi import Request, Response

logger = logging.getLogger(__name__)


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True  # a waiting live-reload request must not hold up Ctrl-C
    allow_reuse_address = True


class _Handler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        logger.info("%s %s", self.address_string(), format % args)


def make_server(app: WebApp, *, host: str, port: int) -> WSGIServer:
    """An HTTP server for the application (port 0 picks a free port)."""
    try:
        return wsgi_server(host, port, app, server_class=_ThreadingServer,
                           handler_class=_Handler)
    except OSError as exc:
        raise DigestError(f"cannot listen on {host}:{port}: {exc.strerror or exc}",
                          hint="pick another --port, or stop what is using this one") from None


def server_url(server: WSGIServer) -> str:
    host, port = server.server_address[:2]
    return f"http://{host}:{port}/"


def watched_paths(config: Config, config_path: Path) -> list[Path]:
    """What the preview watches: the config, the templates and every folder source."""
    paths = [config_path, SHIPPED_TEMPLATES]
    if config.output.templates:
        paths.append(config.resolve(config.output.templates))
    paths += [config.resolve(s.path) for s in config.sources if s.kind == "folder" and s.path]
    return paths


@dataclass
class Preview:
    """A running preview: the server, the application and the watcher rebuilding it."""

    server: WSGIServer
    app: WebApp
    reloader: Reloader
    watcher: Watcher
    thread: threading.Thread

    @property
    def url(self) -> str:
        return server_url(self.server)

    def stop(self) -> None:
        self.watcher.stop()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


def start_preview(
    config_path: Path, *, host: str, port: int, today: Callable[[], dt.date],
    interval: float = 0.5, **app_options: object,
) -> Preview:
    """Build, serve on a background thread, and rebuild whenever a watched file changes."""
    config_path = Path(config_path).resolve()
    reloader = Reloader()
    app = WebApp(load_config(config_path), inject=reloader.inject, **app_options)  # type: ignore[arg-type]

    def livereload(request: Request) -> Response:
        return Response(200, reloader.answer(request.query), "application/json",
                        [("Cache-Control", "no-store")])

    app.extra_routes["/_livereload"] = livereload

    def rebuild() -> None:
        try:
            app.config = load_config(config_path)
            result = build_digest(app.config, today=today())
        except DigestError as exc:
            # the pages keep showing the last good build; the open page shows the problem
            reloader.problem = exc.message
            logger.error("rebuild failed, still serving the previous build:\n%s", exc.message)
        else:
            reloader.problem = ""
            for problem in result.problems:
                logger.warning("%s", problem)
        reloader.bump()

    rebuild()
    watcher = Watcher(lambda: watched_paths(app.config, config_path), rebuild,
                      interval=interval)
    server = make_server(app, host=host, port=port)
    thread = threading.Thread(target=server.serve_forever, name="digest-preview", daemon=True)
    thread.start()
    watcher.start()
    return Preview(server, app, reloader, watcher, thread)
