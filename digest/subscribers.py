"""The subscriber list: checked addresses, states, CSV import and export.

States: pending (waiting to confirm), active (receives the digest), unsubscribed, bounced.
Unsubscribed and bounced are final as far as lists go: no add or import makes such an address
active again, so someone who left is never mailed because an old list was imported later.
"""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TextIO

from email_validator import EmailNotValidError, validate_email

from digest.errors import DigestError
from digest.models import Subscriber
from digest.store import Store

logger = logging.getLogger(__name__)

STATES = ("pending", "active", "unsubscribed", "bounced")
FINAL = ("unsubscribed", "bounced")
COLUMNS = ("email", "name", "status")


class BadAddress(DigestError):
    """An address that cannot receive mail."""


def check_address(address: str) -> str:
    """The address in normal form; BadAddress says what is wrong with it."""
    try:
        # no DNS: digest must work offline, and a typo'd domain will bounce and be marked
        checked = validate_email(address.strip(), check_deliverability=False,
                                 allow_smtputf8=False)
    except EmailNotValidError as exc:
        raise BadAddress(f"{address!r} is not a valid email address: {exc}") from None
    return checked.ascii_email or checked.normalized


def next_state(old: str | None, wanted: str) -> str:
    """The state an address ends in when a list asks for `wanted` and it is now `old`."""
    if old in FINAL:
        return old  # never mailed again, whatever a later list says
    if wanted in FINAL or old is None:
        return wanted
    if old == "active":
        return "active"  # a stale list saying "pending" does not stop a confirmed reader
    return wanted


@dataclass
class ImportReport:
    """What an import did, and each row it could not use, by line number."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    kept: list[tuple[str, str]] = field(default_factory=list)  # (address, final state kept)
    problems: list[str] = field(default_factory=list)  # "line N: why"


def add(store: Store, address: str, *, name: str | None = None,
        status: str = "active") -> tuple[Subscriber, str | None]:
    """Add one subscriber (or update its name); returns it and its state before."""
    if status not in STATES:
        raise DigestError(f"unknown state {status!r}", hint=f"one of {', '.join(STATES)}")
    [result] = store.merge_subscribers([Subscriber(check_address(address), name, status)],
                                       next_state)
    return result


def remove(store: Store, address: str, *, forget: bool = False) -> bool:
    """Stop mailing an address (kept as unsubscribed), or erase it; False if unknown."""
    address = address.strip()
    if forget:
        return store.remove_subscriber(address)
    return store.set_subscriber_status(address, "unsubscribed")


def read_csv(handle: TextIO) -> tuple[list[tuple[int, Subscriber]], list[str]]:
    """Rows of a CSV with an `email` column (optional `name`, `status`), and each bad row."""
    reader = csv.DictReader(handle)
    fields = [f.strip().lower() for f in reader.fieldnames or []]
    if "email" not in fields:
        raise DigestError("the CSV has no `email` column in its first line",
                          hint="start the file with a header line such as: email,name")
    reader.fieldnames = fields
    rows, problems = [], []
    seen: set[str] = set()
    for record in reader:
        line = reader.line_num
        raw = (record.get("email") or "").strip()
        status = (record.get("status") or "active").strip().lower()
        if not raw:
            problems.append(f"line {line}: no email address")
            continue
        try:
            address = check_address(raw)
        except BadAddress as exc:
            problems.append(f"line {line}: {exc.message}")
            continue
        if status not in STATES:
            problems.append(f"line {line}: unknown status {status!r} "
                            f"(one of {', '.join(STATES)})")
            continue
        if address.lower() in seen:
            problems.append(f"line {line}: {address} appears earlier in the file")
            continue
        seen.add(address.lower())
        name = (record.get("name") or "").strip() or None
        rows.append((line, Subscriber(address, name, status)))
    return rows, problems


def import_csv(store: Store, handle: TextIO) -> ImportReport:
    """Import a CSV: bad rows are reported by line number and the rest are imported."""
    rows, problems = read_csv(handle)
    report = ImportReport(problems=problems)
    for sub, before in store.merge_subscribers([s for _, s in rows], next_state):
        if before is None:
            report.added.append(sub.email)
        elif before in FINAL:
            report.kept.append((sub.email, before))
        else:
            report.updated.append(sub.email)
    for problem in problems:
        logger.warning("import: %s", problem)
    return report


def export_csv(subscribers: Iterable[Subscriber]) -> str:
    """Subscribers as CSV (email, name, status), readable by import_csv."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for sub in subscribers:
        writer.writerow((sub.email, sub.name or "", sub.status))
    return out.getvalue()
