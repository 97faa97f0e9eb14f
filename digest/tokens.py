"""Signed, tamper-proof tokens for unsubscribe and confirmation links (HMAC-SHA256)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import logging
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)

SECRET_ENV = "DIGEST_SECRET_KEY"


class BadToken(ValueError):
    """The token was forged, altered, malformed or has expired."""


@dataclass(frozen=True)
class TokenClaims:
    """What a valid token says: who, for which list, for what, until when."""

    email: str
    list_id: str
    purpose: str  # "unsubscribe" or "confirm"
    expires: int | None = None  # seconds since the epoch; None never expires


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def load_secret(key_file: Path) -> bytes:
    """The signing key: DIGEST_SECRET_KEY, else one generated once and kept beside the store."""
    from_env = os.environ.get(SECRET_ENV)
    if from_env:
        return from_env.encode("utf-8")
    if key_file.exists():
        return key_file.read_bytes().strip()
    key_file.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(32).encode("ascii")
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(key)
    logger.warning("%s is not set: generated a signing key in %s; set %s in production",
                   SECRET_ENV, key_file, SECRET_ENV)
    return key


def sign(claims: TokenClaims, secret: bytes) -> str:
    """A URL-safe token carrying the claims and their signature."""
    payload = json.dumps(
        {"e": claims.email, "l": claims.list_id, "p": claims.purpose, "x": claims.expires},
        separators=(",", ":"), sort_keys=True,
    ).encode("utf-8")
    mac = hmac.new(secret, payload, hashlib.sha256).digest()
    return f"{_b64(payload)}.{_b64(mac)}"


def verify(token: str, secret: bytes, *, purpose: str, now: float) -> TokenClaims:
    """The claims of a genuine, unexpired token for this purpose; BadToken otherwise."""
    try:
        payload_part, mac_part = token.split(".")
        payload, mac = _unb64(payload_part), _unb64(mac_part)
    except (ValueError, binascii.Error):
        raise BadToken("malformed token") from None
    if not hmac.compare_digest(mac, hmac.new(secret, payload, hashlib.sha256).digest()):
        raise BadToken("bad signature")
    try:
        raw = json.loads(payload)
        claims = TokenClaims(email=raw["e"], list_id=raw["l"], purpose=raw["p"],
                             expires=raw["x"])
    except (ValueError, KeyError, TypeError):
        raise BadToken("malformed token") from None
    if claims.purpose != purpose:
        raise BadToken("token is for another purpose")
    if claims.expires is not None and now > claims.expires:
        raise BadToken("token has expired")
    return claims
