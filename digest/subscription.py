"""Subscribe with double opt-in, confirm, unsubscribe: the rules behind the subscriber pages."""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr

from email_validator import EmailNotValidError, validate_email

from digest.config import Config
from digest.deliver import Transport
from digest.errors import DeliveryError
from digest.store import Store
from digest.tokens import BadToken, TokenClaims, load_secret, sign, verify

logger = logging.getLogger(__name__)

MAX_NAME = 100


class InvalidAddress(ValueError):
    """What was typed is not a usable email address."""


class RateLimited(Exception):
    """This address asked for too many confirmation emails lately."""


@dataclass(frozen=True)
class SubscribeOutcome:
    """What a subscribe request did; the page shows the same thing whatever happened."""

    email: str
    sent: bool  # a confirmation email went out (False when already subscribed)


def clean_address(raw: str) -> str:
    """A normalised email address, or InvalidAddress; line breaks never get through."""
    text = raw.strip()
    # checked before the validator so a header injection is refused whatever it accepts
    if not text or any(c in text for c in "\r\n\0") or len(text) > 254:
        raise InvalidAddress("enter one email address")
    try:
        result = validate_email(text, check_deliverability=False)
    except EmailNotValidError as exc:
        raise InvalidAddress(str(exc)) from None
    return result.normalized


def clean_name(raw: str) -> str | None:
    """A display name on one line, or None."""
    name = " ".join(raw.split())[:MAX_NAME]
    return name or None


def check_token(config: Config, token: str, *, purpose: str, now: dt.datetime) -> TokenClaims:
    """A genuine token for this list and purpose; BadToken otherwise."""
    secret = config_secret(config)
    claims = verify(token, secret, purpose=purpose, now=now.timestamp())
    if claims.list_id != config.list_id:
        raise BadToken("token is for another list")
    return claims


def config_secret(config: Config) -> bytes:
    """The signing key used for every link of this list."""
    return load_secret(config.secret_key_path)


def confirm_url(config: Config, email: str, *, now: dt.datetime) -> str:
    """A signed link that confirms a subscription, valid for server.confirm_hours."""
    expires = now + dt.timedelta(hours=config.server.confirm_hours)
    claims = TokenClaims(email, config.list_id, "confirm", int(expires.timestamp()))
    token = sign(claims, config_secret(config))
    return f"{config.delivery.base_url.rstrip('/')}/confirm?token={token}"


def confirmation_message(config: Config, *, email: str, url: str,
                         now: dt.datetime) -> EmailMessage:
    """The email that asks a new subscriber to confirm."""
    title = config.digest.title
    message = EmailMessage()
    message["Subject"] = f"Confirm your subscription to {title}"
    message["From"] = config.delivery.from_
    message["To"] = email
    if config.delivery.reply_to:
        message["Reply-To"] = config.delivery.reply_to
    message["Date"] = format_datetime(now)
    domain = parseaddr(config.delivery.from_)[1].rpartition("@")[2] or "digest.invalid"
    message["Message-ID"] = make_msgid("confirm", domain=domain)
    message["Auto-Submitted"] = "auto-generated"
    hours = config.server.confirm_hours
    message.set_content(
        f"Someone, probably you, asked to receive {title} at {email}.\n\n"
        f"To confirm, open this link within {hours} hours:\n\n{url}\n\n"
        "If it was not you, ignore this message: nothing will be sent to you.\n",
        cte="quoted-printable",
    )
    return message


def request_subscription(
    config: Config, store: Store, *, email: str, name: str = "", transport: Transport,
    now: dt.datetime,
) -> SubscribeOutcome:
    """Record a pending subscriber and mail them a confirmation link (double opt-in)."""
    address = clean_address(email)
    server = config.server
    if not store.allow_subscribe_request(
        address, now=now, limit=server.subscribe_limit,
        window=dt.timedelta(hours=server.subscribe_window_hours),
    ):
        logger.warning("subscribe requests for %s are over the limit", address)
        raise RateLimited(address)
    store.add_subscriber(address, clean_name(name), status="pending")
    if store.subscriber_status(address) == "active":
        # nothing to confirm; the page does not say so, to keep the list private
        return SubscribeOutcome(address, sent=False)
    message = confirmation_message(config, email=address,
                                   url=confirm_url(config, address, now=now), now=now)
    try:
        transport.send(message, address)
    except (OSError, smtplib.SMTPException) as exc:
        raise DeliveryError(address, f"cannot send the confirmation email: {exc}") from None
    finally:
        transport.close()
    logger.info("confirmation email sent to %s", address)
    return SubscribeOutcome(address, sent=True)


def confirm(config: Config, store: Store, token: str, *, now: dt.datetime) -> str | None:
    """Activate the subscriber a confirm token names; None when they are no longer known."""
    claims = check_token(config, token, purpose="confirm", now=now)
    if store.subscriber_status(claims.email) is None:
        return None
    store.set_subscriber_status(claims.email, "active")
    return claims.email


def unsubscribe(config: Config, store: Store, token: str, *, now: dt.datetime) -> str:
    """Stop sending to the address an unsubscribe token names; safe to repeat."""
    claims = check_token(config, token, purpose="unsubscribe", now=now)
    if store.set_subscriber_status(claims.email, "unsubscribed"):
        logger.info("%s unsubscribed", claims.email)
    return claims.email
