"""Serve the output folder on 127.0.0.1 so digests can be previewed in a browser."""

from __future__ import annotations

import functools
import logging
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

logger = logging.getLogger(__name__)


class _Handler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        logger.info("%s %s", self.address_string(), format % args)


def make_server(folder: Path, *, host: str = "127.0.0.1", port: int = 8000) -> ThreadingHTTPServer:
    """An HTTP server for the output folder (port 0 picks a free port)."""
    handler = functools.partial(_Handler, directory=str(folder))
    return ThreadingHTTPServer((host, port), handler)
