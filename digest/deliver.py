"""Send a digest to every subscriber exactly once, keeping a ledger row per (digest, subscriber).

The ledger's states: pending → sending → sent; a temporary refusal → retry (with a time for the
next try) → … → sent or failed; a permanent refusal → failed. A row still 'sending' when a run
starts belongs to a run that was killed between handing the message over and recording it: that
message is in doubt. It is logged and sent again with the same Message-ID, which lets mail
clients recognise the copy. Only one message is ever in that state, because messages are sent one
at a time and each is recorded before the next is handed over.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import parseaddr

from digest.config import Config
from digest.errors import DeliveryError
from digest.message import (
    compose,
    make_signer,
    message_id,
    prepare_email,
    unsubscribe_url,
)
from digest.models import Delivery, Subscriber
from digest.render import RenderedDigest
from digest.store import LedgerChange, Store
from digest.tokens import load_secret
from digest.transports import (
    TRANSPORTS,
    OutboxTransport,
    Pacer,
    PermanentFailure,
    ServerUnavailable,
    SmtpTransport,
    TemporaryFailure,
    Transport,
    make_transport,
)

__all__ = [
    "TRANSPORTS", "OutboxTransport", "SendReport", "SmtpTransport", "Transport", "compose",
    "make_transport", "message_id", "plan_send", "send_digest", "send_test_copy",
    "unsubscribe_url",
]

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], None]  # (done, total)


@dataclass
class SendReport:
    """What one send did."""

    sent: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # sent or given up in an earlier run
    failed: list[str] = field(default_factory=list)  # refused for good, or out of retries
    in_doubt: list[str] = field(default_factory=list)  # interrupted earlier: sent again


@dataclass(frozen=True)
class PlannedMessage:
    """What a send would do for one subscriber (for --dry-run)."""

    subscriber: Subscriber
    message_id: str
    action: str  # send, retry, resend (in doubt), already sent, failed earlier


@contextmanager
def _one_sender(config: Config) -> Iterator[None]:
    """Hold a lock so two sends never run at once; the OS releases it if the process dies."""
    try:
        import fcntl
    except ImportError:  # Windows: no flock; one scheduler per machine is the rule there
        yield
        return
    path = config.store_path.with_name(config.store_path.name + ".send.lock")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise DeliveryError("every subscriber", "another `digest send` is running",
                                hint="wait for it to finish; it holds " + str(path)) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


_ACTIONS = {"pending": "send", "retry": "retry", "sending": "resend (in doubt)",
            "sent": "already sent", "failed": "failed earlier"}


def plan_send(config: Config, store: Store, *, date: dt.date) -> list[PlannedMessage]:
    """What sending this digest would do, subscriber by subscriber; nothing is recorded."""
    plan = []
    for subscriber in store.subscribers("active"):
        delivery = store.delivery(date, subscriber.email)
        mid = delivery.message_id if delivery else message_id(
            date, subscriber.email, config.delivery.from_)
        plan.append(PlannedMessage(subscriber, mid,
                                   _ACTIONS[delivery.status] if delivery else "send"))
    return plan


def send_test_copy(
    config: Config, store: Store, rendered: RenderedDigest, *, date: dt.date, title: str,
    address: str, transport: Transport, now: Callable[[], dt.datetime],
) -> str:
    """Send one copy to `address`, outside the ledger; returns its Message-ID."""
    subscriber = store.subscriber(address) or Subscriber(address)
    # a Message-ID of its own, so the test copy is never mistaken for the real one
    domain = parseaddr(config.delivery.from_)[1].rpartition("@")[2] or "digest.invalid"
    mid = f"<digest-test-{uuid.uuid4().hex}@{domain}>"
    message = compose(
        config, prepare_email(rendered, title=title), date=date, subscriber=subscriber,
        now=now(), secret=load_secret(config.secret_key_path), signer=make_signer(config),
        message_id_override=mid,
    )
    try:
        transport.send(message, address)
    finally:
        transport.close()
    return mid


class _Run:
    """One pass of sending over the ledger, with its clock, pacing and report."""

    def __init__(self, config: Config, store: Store, rendered: RenderedDigest, *,
                 date: dt.date, title: str, transport: Transport,
                 now: Callable[[], dt.datetime], pacer: Pacer) -> None:
        self.config, self.store, self.date = config, store, date
        # encoded once here; each message only fills in its subscriber's parts
        self.prepared = prepare_email(rendered, title=title)
        self.transport, self.now, self.pacer = transport, now, pacer
        self.secret = load_secret(config.secret_key_path)
        self.signer = make_signer(config)
        self.report = SendReport()
        self._unrecorded: list[LedgerChange] = []

    def attempt(self, subscriber: Subscriber, delivery: Delivery) -> None:
        email = subscriber.email
        # the list may change while a long send runs: someone who unsubscribed a minute ago
        # must not get this digest
        current = self.store.subscriber(email)
        if current is None or current.status != "active":
            logger.info("%s is no longer active: not sent", email)
            self.report.skipped.append(email)
            return
        if delivery.status == "sending":
            logger.warning("delivery of %s to %s is in doubt: an earlier run stopped after "
                           "handing it over and before recording it; sending again with the "
                           "same Message-ID %s", self.date, email, delivery.message_id)
            self.report.in_doubt.append(email)
        message = compose(self.config, self.prepared, date=self.date, subscriber=subscriber,
                          now=self.now(), secret=self.secret, signer=self.signer,
                          message_id_override=delivery.message_id)
        self.pacer.wait()
        # recorded before the hand-over: a crash from here on leaves the row 'sending'. The
        # previous message's 'sent' goes in the same transaction, one disk sync for both;
        # until then that row too reads 'sending', so still only one row is ever in doubt
        self.store.mark_deliveries(self.date, [*self._unrecorded, LedgerChange(
            email, "sending", attempt=True)])
        self._unrecorded = []
        try:
            self.transport.send(message, email)
        except ServerUnavailable:
            # nothing reached the server: the row goes back to waiting, the run stops
            self.store.mark_delivery(self.date, email, delivery.status
                                     if delivery.status != "sending" else "pending")
            raise
        except PermanentFailure as exc:
            logger.error("delivery of %s to %s refused for good: %s", self.date, email,
                         exc.reason)
            self.store.mark_delivery(self.date, email, "failed", error=exc.reason)
            if exc.recipient_refused:
                self.store.set_subscriber_status(email, "bounced")
                logger.warning("%s bounced: it will not be mailed again", email)
            self.report.failed.append(email)
        except TemporaryFailure as exc:
            self._postpone(email, delivery.attempts + 1, exc)
        else:
            self._unrecorded = [LedgerChange(email, "sent")]
            self.report.sent.append(email)

    def flush(self) -> None:
        """Record an outcome still held back for the next transaction."""
        if self._unrecorded:
            self.store.mark_deliveries(self.date, self._unrecorded)
            self._unrecorded = []

    def _postpone(self, email: str, attempts: int, exc: TemporaryFailure) -> None:
        if exc.in_doubt:
            logger.warning("delivery of %s to %s is in doubt (%s); it will be retried",
                           self.date, email, exc.reason)
        if attempts > self.config.delivery.retries:
            logger.error("delivery of %s to %s failed after %d tries: %s", self.date, email,
                         attempts, exc.reason)
            self.store.mark_delivery(self.date, email, "failed", error=exc.reason)
            self.report.failed.append(email)
            return
        wait = self.config.delivery.backoff * 2 ** (attempts - 1)
        logger.warning("delivery of %s to %s deferred (%s): retry %d of %d in %gs", self.date,
                       email, exc.reason, attempts, self.config.delivery.retries, wait)
        self.store.mark_delivery(self.date, email, "retry", error=exc.reason,
                                 next_attempt=self.now() + dt.timedelta(seconds=wait))


def send_digest(
    config: Config, store: Store, rendered: RenderedDigest, *, date: dt.date, title: str,
    transport: Transport, now: Callable[[], dt.datetime],
    sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic,
    progress: Progress | None = None,
) -> SendReport:
    """Send a rendered digest to every active subscriber who has not had it yet."""
    if config.delivery.transport == "smtp" and not config.delivery.base_url.startswith("https:"):
        logger.warning("delivery.base_url is not https: mailbox providers ignore a one-click "
                       "List-Unsubscribe that is not https (%s)", config.delivery.base_url)
    with _one_sender(config):
        active = {s.email.lower(): s for s in store.subscribers("active")}
        store.plan_deliveries(date, [(s.email, message_id(date, s.email, config.delivery.from_))
                                     for s in active.values()])
        run = _Run(config, store, rendered, date=date, title=title, transport=transport,
                   now=now, pacer=Pacer(config.delivery.rate, clock=clock, sleep=sleep))
        ledger = [d for d in store.deliveries(date) if d.email.lower() in active]
        # the message in doubt first, so that a second kill never leaves two rows 'sending'
        todo = sorted((d for d in ledger if d.status in ("pending", "sending", "retry")),
                      key=lambda d: d.status != "sending")
        run.report.skipped = [d.email for d in ledger if d.status in ("sent", "failed")]
        total, done = len(todo), 0
        try:
            # first every message's first try (and any retry already due), then the retries
            for delivery in todo:
                if delivery.status == "retry" and delivery.next_attempt and \
                        delivery.next_attempt > now():
                    continue
                run.attempt(active[delivery.email.lower()], delivery)
                done += 1
                if progress:
                    progress(done, total)
            run.flush()
            while retries := [d for d in store.deliveries(date, "retry")
                              if d.email.lower() in active]:
                due = min(retries, key=lambda d: d.next_attempt or now())
                wait = ((due.next_attempt or now()) - now()).total_seconds()
                if wait > 0:
                    logger.info("waiting %.0fs for the next retry", wait)
                    sleep(wait)
                run.attempt(active[due.email.lower()], due)
                run.flush()
                if store.delivery(date, due.email).status != "retry":
                    done += 1
                    if progress:
                        progress(done, total)
        finally:
            run.flush()
            transport.close()
        return run.report
