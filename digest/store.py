"""Every SQL statement digest runs lives here, so another database can take SQLite's place."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from digest.errors import StoreError
from digest.models import Article, Delivery, Subscriber

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    collected_at TEXT NOT NULL,
    digest_date TEXT,
    data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_digest ON articles(digest_date);
CREATE INDEX IF NOT EXISTS articles_hash ON articles(content_hash);
CREATE TABLE IF NOT EXISTS digests (
    date TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    built_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS subscribers (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name TEXT,
    status TEXT NOT NULL DEFAULT 'active',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
"""

# the delivery ledger: one row per (digest, subscriber); `next_attempt` is when a row in
# 'retry' may be tried again
DELIVERY_SCHEMA = """
CREATE TABLE IF NOT EXISTS deliveries (
    digest_date TEXT NOT NULL,
    email TEXT NOT NULL COLLATE NOCASE,
    status TEXT NOT NULL,
    message_id TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    next_attempt TEXT,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (digest_date, email)
);
CREATE INDEX IF NOT EXISTS deliveries_status ON deliveries(digest_date, status);
"""


@dataclass(frozen=True)
class LedgerChange:
    """One ledger row's move to a new state."""

    email: str
    status: str
    error: str | None = None
    attempt: bool = False  # counts one more try
    next_attempt: dt.datetime | None = None


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _article_from_json(data: str) -> Article:
    raw = json.loads(data)
    raw["date"] = dt.date.fromisoformat(raw["date"]) if raw.get("date") else None
    raw["paragraphs"] = tuple(raw["paragraphs"])
    return Article(**raw)


def _article_to_json(article: Article) -> str:
    raw = asdict(article)
    raw["date"] = article.date.isoformat() if article.date else None
    return json.dumps(raw, ensure_ascii=False)


class Store:
    """The SQLite store: articles seen, digests built, subscribers and the delivery ledger."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # autocommit mode: every transaction below is explicit
            self.db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=FULL")
            self.db.executescript(SCHEMA)
            self.db.executescript(DELIVERY_SCHEMA)
            self._upgrade_deliveries()
        except sqlite3.Error as exc:
            raise StoreError(
                f"cannot open the database {self.path}: {exc}",
                hint="check [store] path in config.toml and that its folder is writable",
            ) from None

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken eagerly so concurrent writers queue instead of failing."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # -- articles ---------------------------------------------------------------------------

    def add_articles(self, articles: Iterable[Article]) -> list[Article]:
        """Remember articles; return the ones not seen before (by id or identical content)."""
        new = []
        with self.transaction() as db:
            for article in articles:
                seen = db.execute(
                    "SELECT 1 FROM articles"
                    " WHERE id = ? OR (content_hash = ? AND content_hash != '')",
                    (article.id, article.content_hash),
                ).fetchone()
                if seen:
                    continue
                db.execute(
                    "INSERT INTO articles (id, source, content_hash, collected_at, data)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (article.id, article.source, article.content_hash, _now(),
                     _article_to_json(article)),
                )
                new.append(article)
        return new

    def articles_for(self, date: dt.date) -> list[Article]:
        """Articles already in this date's digest, and those in no digest yet."""
        rows = self.db.execute(
            "SELECT data FROM articles WHERE digest_date IS NULL OR digest_date = ?"
            " ORDER BY collected_at, id",
            (date.isoformat(),),
        ).fetchall()
        return [_article_from_json(row["data"]) for row in rows]

    def assign_articles(self, date: dt.date, ids: Iterable[str]) -> None:
        """Mark articles as belonging to this date's digest."""
        with self.transaction() as db:
            db.executemany(
                "UPDATE articles SET digest_date = ? WHERE id = ? AND digest_date IS NULL",
                [(date.isoformat(), i) for i in ids],
            )

    # -- digests ----------------------------------------------------------------------------

    def record_digest(self, date: dt.date, title: str) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT INTO digests (date, title, built_at) VALUES (?, ?, ?)"
                " ON CONFLICT(date) DO UPDATE SET title = excluded.title,"
                " built_at = excluded.built_at",
                (date.isoformat(), title, _now()),
            )

    def digest_dates(self) -> list[dt.date]:
        """Dates that have a digest, newest first."""
        rows = self.db.execute("SELECT date FROM digests ORDER BY date DESC").fetchall()
        return [dt.date.fromisoformat(row["date"]) for row in rows]

    # -- subscribers ------------------------------------------------------------------------

    def add_subscriber(self, email: str, name: str | None = None, *,
                       status: str = "active") -> bool:
        """Add a subscriber; an address already known keeps its state. True if it was new."""
        with self.transaction() as db:
            cur = db.execute(
                "INSERT INTO subscribers (email, name, status, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT(email) DO NOTHING",
                (email, name, status, _now(), _now()),
            )
            return cur.rowcount == 1

    def set_subscriber_status(self, email: str, status: str) -> bool:
        """Change a subscriber's state; False when the address is unknown."""
        with self.transaction() as db:
            cur = db.execute(
                "UPDATE subscribers SET status = ?, updated_at = ? WHERE email = ?",
                (status, _now(), email),
            )
            return cur.rowcount == 1

    def remove_subscriber(self, email: str) -> bool:
        """Forget a subscriber entirely; False when the address is unknown."""
        with self.transaction() as db:
            return db.execute("DELETE FROM subscribers WHERE email = ?", (email,)).rowcount == 1

    def subscribers(self, status: str | None = None) -> list[Subscriber]:
        """Subscribers, optionally only those in one state, in the order they joined."""
        sql = "SELECT id, email, name, status FROM subscribers"
        args: tuple = ()
        if status:
            sql += " WHERE status = ?"
            args = (status,)
        rows = self.db.execute(sql + " ORDER BY id", args).fetchall()
        return [Subscriber(email=r["email"], name=r["name"], status=r["status"], id=r["id"])
                for r in rows]

    # -- subscriber lists: lookup, import ---------------------------------------------------

    def subscriber(self, email: str) -> Subscriber | None:
        """One subscriber by address (case-insensitive), None when unknown."""
        row = self.db.execute("SELECT id, email, name, status FROM subscribers WHERE email = ?",
                              (email,)).fetchone()
        if row is None:
            return None
        return Subscriber(email=row["email"], name=row["name"], status=row["status"],
                          id=row["id"])

    def merge_subscribers(
        self, rows: Iterable[Subscriber], decide: Callable[[str | None, str], str],
    ) -> list[tuple[Subscriber, str | None]]:
        """Add or update many subscribers in one transaction; `decide(old, new)` picks the
        state. Returns each row with its state before (None when it was new)."""
        done = []
        with self.transaction() as db:
            for sub in rows:
                old = db.execute("SELECT status FROM subscribers WHERE email = ?",
                                 (sub.email,)).fetchone()
                before = old["status"] if old else None
                status = decide(before, sub.status)
                db.execute(
                    "INSERT INTO subscribers (email, name, status, created_at, updated_at)"
                    " VALUES (?, ?, ?, ?, ?) ON CONFLICT(email) DO UPDATE SET"
                    " name = COALESCE(excluded.name, subscribers.name),"
                    " status = excluded.status, updated_at = excluded.updated_at",
                    (sub.email, sub.name, status, _now(), _now()),
                )
                done.append((Subscriber(sub.email, sub.name, status), before))
        return done

    # -- the delivery ledger ----------------------------------------------------------------

    def _upgrade_deliveries(self) -> None:
        # a database made by an earlier version lacks `next_attempt`
        columns = {row["name"] for row in self.db.execute("PRAGMA table_info(deliveries)")}
        if "next_attempt" not in columns:
            self.db.execute("ALTER TABLE deliveries ADD COLUMN next_attempt TEXT")

    def plan_deliveries(self, date: dt.date, planned: Iterable[tuple[str, str]]) -> None:
        """Create a 'pending' ledger row per (email, message_id) that has none yet."""
        with self.transaction() as db:
            db.executemany(
                "INSERT INTO deliveries (digest_date, email, status, message_id, updated_at)"
                " VALUES (?, ?, 'pending', ?, ?) ON CONFLICT(digest_date, email) DO NOTHING",
                [(date.isoformat(), email, mid, _now()) for email, mid in planned],
            )

    def plan_delivery(self, date: dt.date, email: str, message_id: str) -> Delivery:
        """Create the ledger row for (digest, subscriber) if needed and return its state."""
        self.plan_deliveries(date, [(email, message_id)])
        return self.delivery(date, email)

    @staticmethod
    def _delivery(row: sqlite3.Row) -> Delivery:
        return Delivery(
            digest_date=dt.date.fromisoformat(row["digest_date"]), email=row["email"],
            status=row["status"], message_id=row["message_id"], attempts=row["attempts"],
            error=row["error"],
            next_attempt=dt.datetime.fromisoformat(row["next_attempt"])
            if row["next_attempt"] else None,
        )

    def delivery(self, date: dt.date, email: str) -> Delivery | None:
        """The ledger row for (digest, subscriber), None when there is none."""
        row = self.db.execute(
            "SELECT * FROM deliveries WHERE digest_date = ? AND email = ?",
            (date.isoformat(), email),
        ).fetchone()
        return self._delivery(row) if row else None

    def deliveries(self, date: dt.date, status: str | None = None) -> list[Delivery]:
        """The ledger rows of one digest, optionally only those in one state."""
        sql = "SELECT * FROM deliveries WHERE digest_date = ?"
        args: tuple = (date.isoformat(),)
        if status:
            sql += " AND status = ?"
            args += (status,)
        return [self._delivery(row) for row in self.db.execute(sql + " ORDER BY email", args)]

    def mark_deliveries(self, date: dt.date, changes: Iterable[LedgerChange]) -> None:
        """Apply several ledger changes in one transaction (one disk sync, not several)."""
        with self.transaction() as db:
            db.executemany(
                "UPDATE deliveries SET status = ?, error = ?, updated_at = ?,"
                " attempts = attempts + ?, next_attempt = ?"
                " WHERE digest_date = ? AND email = ?",
                [(c.status, c.error, _now(), int(c.attempt),
                  c.next_attempt.isoformat() if c.next_attempt else None, date.isoformat(),
                  c.email) for c in changes],
            )

    def mark_delivery(self, date: dt.date, email: str, status: str, *,
                      error: str | None = None, attempt: bool = False,
                      next_attempt: dt.datetime | None = None) -> None:
        """Move a ledger row to a new state; `attempt` counts one more try."""
        self.mark_deliveries(date, [LedgerChange(email, status, error, attempt, next_attempt)])
