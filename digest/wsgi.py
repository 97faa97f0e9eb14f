"""The small amount of HTTP the web pages need on top of WSGI: requests, responses, safe paths."""

from __future__ import annotations

import email
import email.policy
import re
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MAX_BODY = 16_384  # bytes; every form here is a few short fields
STATUS_TEXT = {200: "OK", 301: "Moved Permanently", 302: "Found", 400: "Bad Request",
               404: "Not Found", 405: "Method Not Allowed", 413: "Content Too Large",
               429: "Too Many Requests", 500: "Internal Server Error", 503: "Service Unavailable"}


@dataclass
class Response:
    """What a route answers."""

    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Request:
    """The parts of a WSGI request the routes use."""

    method: str
    path: str
    query: dict[str, str]
    environ: dict[str, Any]

    def form(self) -> dict[str, str]:
        """The posted form fields (urlencoded or multipart), first value of each."""
        return read_form(self.environ)


def read_form(environ: dict[str, Any]) -> dict[str, str]:
    """Form fields from a POST body; ValueError when it is too large or unreadable."""
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise ValueError("bad Content-Length") from None
    if length > MAX_BODY:
        raise OverflowError(length)
    body = environ["wsgi.input"].read(length) if length > 0 else b""
    ctype = environ.get("CONTENT_TYPE", "")
    if ctype.startswith("multipart/form-data"):
        # RFC 8058 allows a multipart one-click POST as well as an urlencoded one
        message = email.message_from_bytes(
            b"Content-Type: " + ctype.encode("latin-1") + b"\r\n\r\n" + body,
            policy=email.policy.HTTP,
        )
        fields = {}
        for part in message.iter_parts() if message.is_multipart() else []:
            name = part.get_param("name", header="content-disposition")
            if name and name not in fields:
                fields[str(name)] = part.get_payload(decode=True).decode("utf-8", "replace")
        return fields
    pairs = urllib.parse.parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
    return {k: v for k, v in reversed(pairs)}


class Refused(ValueError):
    """A path that tries to leave the output folder or reach a hidden file."""


def output_file(root: Path, path: str) -> Path | None:
    """The file a URL path names inside `root`, None when missing; Refused when it escapes."""
    # PATH_INFO is decoded once by the server; decoding until nothing changes also refuses
    # %252e%252e and the like, in case a proxy in front decodes again
    candidates = [path]
    while len(candidates) < 5 and urllib.parse.unquote(candidates[-1]) != candidates[-1]:
        candidates.append(urllib.parse.unquote(candidates[-1]))
    for candidate in candidates:
        text = candidate.replace("\\", "/")
        parts = text.split("/")
        if ("\0" in text or "//" in text or not text.startswith("/")
                or re.match(r"^/*[A-Za-z]:", text)  # a Windows drive letter
                or any(p == ".." or p.startswith(".") for p in parts)):
            raise Refused(path)
    target = (root / path.lstrip("/")).resolve()
    if not target.is_relative_to(root.resolve()):  # a symbolic link pointing outside
        raise Refused(path)
    if target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None
