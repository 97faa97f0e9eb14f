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
from digest.models import Article, Delivery, JobProgress, LockHolder, Subscriber

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

# the web pages' own state: when each address last asked for a confirmation email
WEB_SCHEMA = """
CREATE TABLE IF NOT EXISTS subscribe_requests (
    email TEXT NOT NULL COLLATE NOCASE,
    requested_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS subscribe_requests_email ON subscribe_requests(email, requested_at);
"""

# the scheduler's tables: one lock per job name, and how far each date's daily job got
SCHEDULER_SCHEMA = """
CREATE TABLE IF NOT EXISTS locks (
    name TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    acquired_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS jobs (
    date TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    started_at TEXT,
    updated_at TEXT NOT NULL
);
"""

# -- sources: what identifies an article, what a web server told us, how each source fared
SOURCES_SCHEMA = """
CREATE TABLE IF NOT EXISTS article_keys (
    key TEXT PRIMARY KEY,  -- 'url:<canonical URL>', 'guid:<feed GUID>' or 'hash:<content hash>'
    article_id TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS article_keys_article ON article_keys(article_id);
CREATE TABLE IF NOT EXISTS article_also_in (
    article_id TEXT NOT NULL,
    source TEXT NOT NULL,
    url TEXT,
    PRIMARY KEY (article_id, source)
);
CREATE TABLE IF NOT EXISTS http_validators (
    url TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS source_status (
    name TEXT PRIMARY KEY,
    last_ok TEXT,
    last_error TEXT,
    failures INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL
);
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
            self.db.executescript(WEB_SCHEMA)
            self.db.executescript(SCHEDULER_SCHEMA)
            self.db.executescript(SOURCES_SCHEMA)
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

    # -- sources: article identity, "also in", HTTP validators, source health ----------------

    def find_article(self, keys: Iterable[str]) -> str | None:
        """The id of a stored article matching any of these keys, or None."""
        for key in keys:
            row = self.db.execute(
                "SELECT article_id FROM article_keys WHERE key = ?", (key,)
            ).fetchone()
            if row is None and key.startswith("id:"):
                # articles stored before keys were kept are still found by their id
                row = self.db.execute(
                    "SELECT id AS article_id FROM articles WHERE id = ?", (key[3:],)
                ).fetchone()
            if row:
                return row["article_id"]
        return None

    def insert_article(self, article: Article, keys: Iterable[str]) -> None:
        """Store a new article under its keys; call inside `transaction()`."""
        self.db.execute(
            "INSERT INTO articles (id, source, content_hash, collected_at, data)"
            " VALUES (?, ?, ?, ?, ?)",
            (article.id, article.source, article.content_hash, _now(),
             _article_to_json(article)),
        )
        self.add_article_keys(article.id, keys)

    def add_article_keys(self, article_id: str, keys: Iterable[str]) -> None:
        """Let these keys find the article from now on; call inside `transaction()`."""
        self.db.executemany(
            "INSERT INTO article_keys (key, article_id) VALUES (?, ?)"
            " ON CONFLICT(key) DO NOTHING",
            [(key, article_id) for key in keys],
        )

    def add_also_in(self, article_id: str, source: str, url: str | None) -> None:
        """Note that another source carried the same story; call inside `transaction()`."""
        self.db.execute(
            "INSERT INTO article_also_in (article_id, source, url) VALUES (?, ?, ?)"
            " ON CONFLICT(article_id, source) DO NOTHING",
            (article_id, source, url),
        )

    def also_in(self, ids: Iterable[str]) -> dict[str, tuple[str, ...]]:
        """For each article id, the other sources that carried the same story."""
        found: dict[str, list[str]] = {}
        for article_id in ids:
            rows = self.db.execute(
                "SELECT also.source FROM article_also_in AS also"
                " JOIN articles ON articles.id = also.article_id"
                " WHERE also.article_id = ? AND also.source != articles.source"
                " ORDER BY also.rowid",
                (article_id,),
            ).fetchall()
            if rows:
                found[article_id] = [row["source"] for row in rows]
        return {key: tuple(sources) for key, sources in found.items()}

    def article_ids(self) -> list[str]:
        """Every id an article is known by, to skip fetching what is already stored."""
        rows = self.db.execute(
            "SELECT substr(key, 4) AS id FROM article_keys WHERE key LIKE 'id:%'"
            " UNION SELECT id FROM articles"
        ).fetchall()
        return [row["id"] for row in rows]

    def recent_articles(self, since: dt.date) -> list[Article]:
        """Articles in no digest yet or in a digest dated `since` or later."""
        rows = self.db.execute(
            "SELECT data FROM articles WHERE digest_date IS NULL OR digest_date >= ?"
            " ORDER BY collected_at, id",
            (since.isoformat(),),
        ).fetchall()
        return [_article_from_json(row["data"]) for row in rows]

    def validators(self, url: str) -> tuple[str | None, str | None]:
        """The ETag and Last-Modified a server last sent for this URL."""
        row = self.db.execute(
            "SELECT etag, last_modified FROM http_validators WHERE url = ?", (url,)
        ).fetchone()
        return (row["etag"], row["last_modified"]) if row else (None, None)

    def save_validators(self, url: str, etag: str | None, last_modified: str | None) -> None:
        """Remember a response's validators for the next conditional GET."""
        with self.transaction() as db:
            db.execute(
                "INSERT INTO http_validators (url, etag, last_modified, updated_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT(url) DO UPDATE SET etag = excluded.etag,"
                " last_modified = excluded.last_modified, updated_at = excluded.updated_at",
                (url, etag, last_modified, _now()),
            )

    def record_source(self, name: str, *, error: str | None) -> None:
        """Remember how a source fared; a failure counts up until the next success."""
        with self.transaction() as db:
            if error is None:
                db.execute(
                    "INSERT INTO source_status (name, last_ok, failures, updated_at)"
                    " VALUES (?, ?, 0, ?) ON CONFLICT(name) DO UPDATE SET"
                    " last_ok = excluded.last_ok, last_error = NULL, failures = 0,"
                    " updated_at = excluded.updated_at",
                    (name, _now(), _now()),
                )
            else:
                db.execute(
                    "INSERT INTO source_status (name, last_error, failures, updated_at)"
                    " VALUES (?, ?, 1, ?) ON CONFLICT(name) DO UPDATE SET"
                    " last_error = excluded.last_error, failures = failures + 1,"
                    " updated_at = excluded.updated_at",
                    (name, error, _now()),
                )

    def source_status(self) -> dict[str, tuple[str | None, int]]:
        """Each source's last error (None after a success) and failures in a row."""
        rows = self.db.execute("SELECT name, last_error, failures FROM source_status").fetchall()
        return {row["name"]: (row["last_error"], row["failures"]) for row in rows}

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

    # -- web pages: subscribe and confirm ---------------------------------------------------

    def subscriber_status(self, email: str) -> str | None:
        """The state of one address (any letter case), or None when it is unknown."""
        row = self.db.execute("SELECT status FROM subscribers WHERE email = ?",
                              (email,)).fetchone()
        return row["status"] if row else None

    def allow_subscribe_request(self, email: str, *, now: dt.datetime, limit: int,
                                window: dt.timedelta) -> bool:
        """Count one more confirmation request for an address; False when over the limit."""
        cutoff = (now - window).astimezone(dt.UTC).isoformat(timespec="seconds")
        with self.transaction() as db:
            # old requests no longer count: forget them so the table stays small
            db.execute("DELETE FROM subscribe_requests WHERE requested_at <= ?", (cutoff,))
            (count,) = db.execute(
                "SELECT COUNT(*) FROM subscribe_requests WHERE email = ?", (email,)
            ).fetchone()
            if count >= limit:
                return False
            db.execute(
                "INSERT INTO subscribe_requests (email, requested_at) VALUES (?, ?)",
                (email, now.astimezone(dt.UTC).isoformat(timespec="seconds")),
            )
            return True
    # -- scheduler: the run lock and each date's job progress -------------------------------

    def take_lock(
        self, name: str, owner: str, *, now: dt.datetime, until: dt.datetime,
        is_stale: Callable[[LockHolder], bool],
    ) -> LockHolder | None:
        """Take the named lock; None on success, else who holds it (and is not stale)."""
        with self.transaction() as db:
            holder = self.lock_holder(name)
            if holder and holder.owner != owner and not is_stale(holder):
                return holder
            db.execute(
                "INSERT INTO locks (name, owner, acquired_at, expires_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT(name) DO UPDATE SET owner = excluded.owner,"
                " acquired_at = excluded.acquired_at, expires_at = excluded.expires_at",
                (name, owner, now.isoformat(), until.isoformat()),
            )
            return None

    def renew_lock(self, name: str, owner: str, *, until: dt.datetime) -> bool:
        """Push the lock's expiry on; False when the lock is no longer ours."""
        with self.transaction() as db:
            cur = db.execute("UPDATE locks SET expires_at = ? WHERE name = ? AND owner = ?",
                             (until.isoformat(), name, owner))
            return cur.rowcount == 1

    def release_lock(self, name: str, owner: str) -> None:
        """Give the lock up, if it is still ours."""
        with self.transaction() as db:
            db.execute("DELETE FROM locks WHERE name = ? AND owner = ?", (name, owner))

    def lock_holder(self, name: str) -> LockHolder | None:
        row = self.db.execute("SELECT * FROM locks WHERE name = ?", (name,)).fetchone()
        if row is None:
            return None
        return LockHolder(name=row["name"], owner=row["owner"],
                          acquired_at=dt.datetime.fromisoformat(row["acquired_at"]),
                          expires_at=dt.datetime.fromisoformat(row["expires_at"]))

    def job(self, date: dt.date) -> JobProgress | None:
        """How far the daily job for this date got, or None if it never started."""
        row = self.db.execute("SELECT * FROM jobs WHERE date = ?", (date.isoformat(),)).fetchone()
        return _job_from_row(row) if row else None

    def jobs(self) -> list[JobProgress]:
        """Every date's job progress, oldest first."""
        return [_job_from_row(r) for r in self.db.execute("SELECT * FROM jobs ORDER BY date")]

    def start_job(self, date: dt.date, *, now: dt.datetime) -> JobProgress:
        """Count one more run of this date's job, keeping the progress already made."""
        with self.transaction() as db:
            db.execute(
                "INSERT INTO jobs (date, state, attempts, started_at, updated_at)"
                " VALUES (?, 'pending', 1, ?, ?) ON CONFLICT(date) DO UPDATE SET"
                " attempts = attempts + 1, started_at = excluded.started_at,"
                " updated_at = excluded.updated_at",
                (date.isoformat(), now.isoformat(), now.isoformat()),
            )
        return self.job(date)

    def set_job_state(self, date: dt.date, state: str, *, now: dt.datetime) -> None:
        """Record a step of this date's job as done; a step done clears the last error."""
        with self.transaction() as db:
            db.execute("UPDATE jobs SET state = ?, error = NULL, updated_at = ? WHERE date = ?",
                       (state, now.isoformat(), date.isoformat()))

    def fail_job(self, date: dt.date, error: str, *, now: dt.datetime) -> None:
        """Record why this date's job failed; its progress so far is kept."""
        with self.transaction() as db:
            db.execute("UPDATE jobs SET error = ?, updated_at = ? WHERE date = ?",
                       (error, now.isoformat(), date.isoformat()))


def _job_from_row(row: sqlite3.Row) -> JobProgress:
    return JobProgress(
        date=dt.date.fromisoformat(row["date"]), state=row["state"], attempts=row["attempts"],
        error=row["error"],
        started_at=dt.datetime.fromisoformat(row["started_at"]) if row["started_at"] else None,
    )
