"""A lock held in the store, so two processes never run the daily job at the same time."""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from digest.errors import DigestError
from digest.models import LockHolder
from digest.store import Store

logger = logging.getLogger(__name__)

DAILY_LOCK = "daily"
LOCK_TTL = 120.0  # seconds a lock lives without a heartbeat; a heartbeat comes every third


class LockBusy(DigestError):
    """Another live process holds the lock."""

    exit_code = 75  # EX_TEMPFAIL: cron and systemd read it as "try again later", not a failure

    def __init__(self, holder: LockHolder) -> None:
        self.holder = holder
        host, pid, _ = _parse_owner(holder.owner)
        super().__init__(
            f"another digest run holds the {holder.name!r} lock (pid {pid} on {host},"
            f" since {holder.acquired_at:%Y-%m-%d %H:%M:%S %Z})",
            hint="wait for it to finish; a lock left by a process that died is taken over"
            " at once on the same machine, and after it expires elsewhere",
        )


class LockLost(DigestError):
    """The lock was taken over while we held it (we stalled past its expiry)."""


def make_owner() -> str:
    """This process's identity in the locks table: host, pid and a nonce against pid reuse."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _parse_owner(owner: str) -> tuple[str, int, str]:
    parts = owner.rsplit(":", 2)
    if len(parts) != 3 or not parts[1].isdigit():
        return owner, -1, ""
    return parts[0], int(parts[1]), parts[2]


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, but someone else's
        return True
    return True


def stale_checker(now: dt.datetime) -> Callable[[LockHolder], bool]:
    """A lock is stale when it expired, or when its process on this machine is gone."""
    here = socket.gethostname()

    def is_stale(holder: LockHolder) -> bool:
        if holder.expires_at <= now:
            return True
        host, pid, _ = _parse_owner(holder.owner)
        return host == here and pid > 0 and not _process_alive(pid)

    return is_stale


class StoreLock:
    """The named lock in the store, kept alive by a heartbeat thread while held."""

    def __init__(self, path: Path, name: str = DAILY_LOCK, *, owner: str | None = None,
                 ttl: float = LOCK_TTL, now: Callable[[], dt.datetime]) -> None:
        self.path = path
        self.name = name
        self.owner = owner or make_owner()
        self.ttl = dt.timedelta(seconds=ttl)
        self.now = now
        self._stop = threading.Event()
        self._lost = threading.Event()
        self._heartbeat: threading.Thread | None = None

    def acquire(self, store: Store) -> None:
        """Take the lock or raise LockBusy naming who holds it."""
        now = self.now()
        holder = self._take(store, now)
        if holder is not None:
            raise LockBusy(holder)
        logger.info("took the %r lock as %s", self.name, self.owner)
        self._stop.clear()
        self._heartbeat = threading.Thread(target=self._beat, name=f"lock-{self.name}",
                                           daemon=True)
        self._heartbeat.start()

    def _take(self, store: Store, now: dt.datetime) -> LockHolder | None:
        stale = stale_checker(now)
        holder = store.lock_holder(self.name)
        if holder and holder.owner != self.owner and stale(holder):
            logger.warning("taking over the %r lock from %s (expired or its process died)",
                           self.name, holder.owner)
        return store.take_lock(self.name, self.owner, now=now, until=now + self.ttl,
                               is_stale=stale)

    def _beat(self) -> None:
        # a connection of its own: sqlite3 connections belong to the thread that opened them
        with Store(self.path) as store:
            while not self._stop.wait(self.ttl.total_seconds() / 3):
                try:
                    renewed = store.renew_lock(self.name, self.owner, until=self.now() + self.ttl)
                except sqlite3.Error as exc:  # the database busy for long: try at the next beat
                    logger.warning("could not renew the %r lock: %s", self.name, exc)
                    continue
                if not renewed:
                    logger.error("lost the %r lock: another process took it over", self.name)
                    self._lost.set()
                    return

    @property
    def lost(self) -> bool:
        """The heartbeat found the lock taken over by another process."""
        return self._lost.is_set()

    def check(self) -> None:
        """Raise LockLost if the lock is no longer ours; called before each step."""
        if self.lost:
            raise LockLost(f"the {self.name!r} lock was taken over by another process",
                           hint="this process stalled longer than the lock lives; the other"
                           " process carries on from the recorded progress")

    def release(self, store: Store) -> None:
        """Stop the heartbeat and give the lock up."""
        self._stop.set()
        if self._heartbeat is not None:
            self._heartbeat.join()
            self._heartbeat = None
        store.release_lock(self.name, self.owner)


@contextmanager
def locked(path: Path, name: str = DAILY_LOCK, *,
           now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC)) -> Iterator[None]:
    """Hold the named lock while inside, for a command that builds or sends on its own."""
    with Store(path) as store:
        lock = StoreLock(path, name, now=now)
        lock.acquire(store)
        try:
            yield
        finally:
            lock.release(store)
