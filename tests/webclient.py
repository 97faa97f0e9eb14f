"""A tiny in-process client for the WSGI application, and helpers shared by the web tests."""

from __future__ import annotations

import email
import email.policy
import io
import re
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from wsgiref.util import setup_testing_defaults


@dataclass
class Reply:
    status: int
    headers: dict[str, str]  # lower-case names
    body: bytes
    header_list: list[tuple[str, str]]

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


class Client:
    """Calls a WSGI application directly, as a server would."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def request(self, method: str, target: str, *, body: bytes = b"",
                content_type: str = "", headers: dict[str, str] | None = None) -> Reply:
        path, _, query = target.partition("?")
        environ: dict[str, Any] = {}
        setup_testing_defaults(environ)
        environ.update(
            REQUEST_METHOD=method, PATH_INFO=path, QUERY_STRING=query,
            CONTENT_LENGTH=str(len(body)), CONTENT_TYPE=content_type,
        )
        environ["wsgi.input"] = io.BytesIO(body)
        for name, value in (headers or {}).items():
            environ["HTTP_" + name.upper().replace("-", "_")] = value
        seen: dict[str, Any] = {}

        def start_response(status: str, header_list: list[tuple[str, str]]) -> None:
            seen["status"] = int(status.split()[0])
            seen["headers"] = header_list

        data = b"".join(self.app(environ, start_response))
        return Reply(seen["status"], {k.lower(): v for k, v in seen["headers"]}, data,
                     seen["headers"])

    def get(self, target: str, **kwargs: Any) -> Reply:
        return self.request("GET", target, **kwargs)

    def post(self, target: str, form: dict[str, str] | None = None, **kwargs: Any) -> Reply:
        body = urllib.parse.urlencode(form or {}).encode()
        return self.request("POST", target, body=body,
                            content_type="application/x-www-form-urlencoded", **kwargs)


def read_eml(path: Path) -> email.message.EmailMessage:
    return email.message_from_bytes(path.read_bytes(), policy=email.policy.default)


def link(message: email.message.EmailMessage, route: str) -> str:
    """The first link to `route` (e.g. /unsubscribe) in a message's text part."""
    text = message.get_body(("plain",)).get_content()
    return re.search(r"https?://\S+" + re.escape(route) + r"\?token=[\w.=-]+", text).group(0)


def local(url: str) -> str:
    """The path and query of an absolute link, for the in-process client."""
    parts = urllib.parse.urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path
