"""One subscriber's message: the headers mailbox providers look for, the unsubscribe links, DKIM."""

from __future__ import annotations

import binascii
import datetime as dt
import email
import email.policy
import hashlib
import html
import logging
import os
import re
import uuid
from dataclasses import dataclass, replace
from email.message import EmailMessage, MIMEPart
from email.utils import format_datetime, formataddr, parseaddr
from pathlib import Path
from urllib.parse import quote

import dkim

from digest.config import Config
from digest.context import UNSUBSCRIBE_MARKER
from digest.errors import DeliveryError
from digest.models import Subscriber
from digest.render import RenderedDigest
from digest.tokens import TokenClaims, sign

logger = logging.getLogger(__name__)

DKIM_KEY_ENV = "DIGEST_DKIM_PRIVATE_KEY"
# the headers a DKIM signature covers: RFC 8058 asks for both List-Unsubscribe headers
DKIM_HEADERS = (
    b"from", b"to", b"subject", b"date", b"message-id", b"reply-to", b"list-id",
    b"list-unsubscribe", b"list-unsubscribe-post", b"mime-version", b"content-type",
)
# long List-Unsubscribe URLs must stay whole: folding them would break the one-click link
POLICY = email.policy.SMTP.clone(max_line_length=998)


class _RawPolicy(email.policy.EmailPolicy):
    """Stores header values as given: compose() encodes and folds them itself, once per digest
    where it can, which makes a message several times faster to build and send."""

    def header_store_parse(self, name: str, value: str) -> tuple[str, str]:
        unfolded = value.replace("\r\n ", "").replace("\r\n\t", "")
        if "\n" in unfolded or "\r" in unfolded:
            raise ValueError(f"header {name} would contain a line break")
        return (name, value)


RAW = _RawPolicy(linesep="\r\n", max_line_length=998)


def message_id(date: dt.date, email_address: str, sender: str) -> str:
    """The same Message-ID for the same digest and subscriber, so a resend is recognisable."""
    domain = parseaddr(sender)[1].rpartition("@")[2] or "digest.invalid"
    token = hashlib.sha256(
        f"{date.isoformat()}\0{email_address.lower()}".encode()
    ).hexdigest()[:24]
    return f"<digest-{date:%Y%m%d}-{token}@{domain}>"


def unsubscribe_token(config: Config, subscriber: Subscriber, secret: bytes) -> str:
    """A signed token naming the subscriber and the list; only the secret can make one."""
    return sign(TokenClaims(subscriber.email, config.list_id, "unsubscribe"), secret)


def unsubscribe_url(config: Config, subscriber: Subscriber, secret: bytes) -> str:
    """Where the subscriber goes to stop receiving the digest: a signed, unforgeable link."""
    token = unsubscribe_token(config, subscriber, secret)
    return f"{config.delivery.base_url.rstrip('/')}/unsubscribe?token={token}"


def unsubscribe_mailto(config: Config, subscriber: Subscriber, secret: bytes) -> str:
    """A mailto: address for List-Unsubscribe; the subject carries the same signed token."""
    mailbox = config.delivery.unsubscribe_mailto or parseaddr(config.delivery.from_)[1]
    token = unsubscribe_token(config, subscriber, secret)
    return f"mailto:{mailbox}?subject={quote('unsubscribe ' + token)}"


def with_visible_unsubscribe(rendered: RenderedDigest) -> RenderedDigest:
    """The digest with an unsubscribe link in both parts, even if a custom template left it out."""
    text, page = rendered.email_text, rendered.email_html
    if UNSUBSCRIBE_MARKER not in text:
        logger.warning("email.txt has no unsubscribe_url: adding an unsubscribe line")
        text = text.rstrip("\n") + f"\n\nUnsubscribe: {UNSUBSCRIBE_MARKER}\n"
    if UNSUBSCRIBE_MARKER not in page:
        logger.warning("email.mjml has no unsubscribe_url: adding an unsubscribe link")
        link = f'<p style="text-align:center"><a href="{UNSUBSCRIBE_MARKER}">Unsubscribe</a></p>'
        head, found, tail = page.rpartition("</body>")
        page = f"{head}{link}</body>{tail}" if found else page + link
    return replace(rendered, email_text=text, email_html=page)


@dataclass(frozen=True)
class DkimSigner:
    """Signs finished messages for one domain and selector with a private key."""

    domain: str
    selector: str
    private_key: bytes

    def sign(self, message: EmailMessage) -> EmailMessage:
        """The same message with a DKIM-Signature header in front."""
        raw = message.as_bytes(policy=POLICY)
        present = {name.lower().encode() for name in message.keys()}
        signature = dkim.sign(
            raw, self.selector.encode(), self.domain.encode(), self.private_key,
            include_headers=[h for h in DKIM_HEADERS if h in present],
        )
        # parsed from the exact bytes that were signed, so sending re-emits them unchanged
        return email.message_from_bytes(signature + raw, policy=POLICY)  # type: ignore[return-value]


def make_signer(config: Config) -> DkimSigner | None:
    """The DKIM signer configured in [delivery.dkim], or None when signing is off."""
    settings = config.delivery.dkim
    if not settings.domain:
        return None
    key = os.environ.get(DKIM_KEY_ENV, "").encode()
    path = config.resolve(settings.key_file)
    if not key:
        try:
            key = Path(path).read_bytes()
        except OSError as exc:
            raise DeliveryError("DKIM", f"cannot read the private key {path}: {exc}",
                                hint="check delivery.dkim.key_file in config.toml") from None
    if b"PRIVATE KEY" not in key:
        raise DeliveryError("DKIM", f"{path} is not a PEM private key",
                            hint="generate one with `openssl genrsa -out dkim.pem 2048`")
    return DkimSigner(settings.domain, settings.selector, key)


def _one_line(text: str) -> str:
    # a header can never carry a line break from an article or a title
    return " ".join(text.split())


def _qp(text: str) -> str:
    # binascii's quoted-printable is C: the bodies are encoded once per digest, not per reader
    return binascii.b2a_qp(text.encode("utf-8"), istext=True).decode("ascii")


def _header(name: str, value: str) -> str:
    """A header value in its final, encoded and folded form."""
    folded = POLICY.header_factory(name, _one_line(value)).fold(policy=POLICY)
    return folded.partition(": ")[2].rstrip("\r\n")


@dataclass(frozen=True)
class PreparedEmail:
    """A digest's email, encoded once: only the per-subscriber parts are filled in later."""

    text: str  # the text part, quoted-printable, with SLOT where each link goes
    html: str  # the HTML part, likewise
    boundary: str
    subject: str  # encoded once: the same for every subscriber

    def fill(self, link: str) -> tuple[str, str]:
        """Both parts with this subscriber's unsubscribe link in place."""
        return (self.text.replace(SLOT, _qp(link)),
                self.html.replace(SLOT, _qp(html.escape(link))))


# where a link goes in an encoded body: a NUL never occurs in quoted-printable output; the soft
# line breaks around it keep every line within 76 characters whatever the link's length
SLOT = "\x00"


def prepare_email(rendered: RenderedDigest, *, title: str) -> PreparedEmail:
    """Encode a rendered digest's two parts once, leaving a slot for the unsubscribe link."""
    rendered = with_visible_unsubscribe(rendered)

    def encode(body: str) -> str:
        return f"=\n{SLOT}=\n".join(_qp(piece) for piece in body.split(UNSUBSCRIBE_MARKER))

    # quoted-printable turns every "=" into "=3D", so a boundary starting "==" cannot occur
    boundary = f"==digest-{uuid.uuid4().hex}=="
    return PreparedEmail(encode(rendered.email_text), encode(rendered.email_html), boundary,
                         _header("Subject", title))


def compose(
    config: Config, prepared: PreparedEmail | RenderedDigest, *, date: dt.date,
    subscriber: Subscriber, now: dt.datetime, secret: bytes, title: str | None = None,
    signer: DkimSigner | None = None, message_id_override: str | None = None,
) -> EmailMessage:
    """One subscriber's complete message: text/plain first, text/html last, UTF-8.

    Give it a PreparedEmail when sending many; a RenderedDigest (with `title`) is prepared
    on the spot, which suits a single message such as a preview."""
    if isinstance(prepared, RenderedDigest):
        if title is None:
            raise TypeError("compose() needs the title to prepare a RenderedDigest")
        prepared = prepare_email(prepared, title=title)
    url = unsubscribe_url(config, subscriber, secret)
    message = EmailMessage(policy=RAW)
    message["Subject"] = prepared.subject
    message["From"] = _header("From", config.delivery.from_)
    # formataddr quotes and encodes the name, so a name like "A, B <x@y>" adds no recipient
    message["To"] = formataddr((_one_line(subscriber.name or ""), subscriber.email))
    if config.delivery.reply_to:
        message["Reply-To"] = _header("Reply-To", config.delivery.reply_to)
    message["Date"] = format_datetime(now)
    message["Message-ID"] = message_id_override or message_id(
        date, subscriber.email, config.delivery.from_)
    list_name = _one_line(config.digest.title).replace('"', "")
    message["List-Id"] = _header("List-Id", f'"{list_name}" <{config.list_id}>')
    message["List-Unsubscribe"] = (
        f"<{url}>, <{unsubscribe_mailto(config, subscriber, secret)}>"
    )
    # RFC 8058: the URL takes a POST with this body and unsubscribes without a page
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message["X-Digest-Date"] = date.isoformat()
    message["MIME-Version"] = "1.0"
    message["Content-Type"] = f'multipart/alternative; boundary="{prepared.boundary}"'
    # quoted-printable keeps the text readable in the raw message and the HTML far smaller
    # than base64 would, which matters for Gmail's clipping limit
    text, page = prepared.fill(url)
    message.set_payload([_part("plain", text), _part("html", page)])
    return signer.sign(message) if signer else message


def _part(subtype: str, payload: str) -> MIMEPart:
    part = MIMEPart(policy=RAW)
    part["Content-Type"] = f'text/{subtype}; charset="utf-8"'
    part["Content-Transfer-Encoding"] = "quoted-printable"
    part.set_payload(payload)
    return part


def safe_filename(address: str) -> str:
    """An address as a file name, for the outbox."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", address.lower())
