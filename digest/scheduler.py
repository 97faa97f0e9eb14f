"""Run the daily job at schedule.time in schedule.timezone on the chosen weekdays, once per date.

The `schedule` package wakes the process at each due time. Which date a wake-up is for, and
whether that date still needs its job, is decided here from the time zone and the store's job
progress: so a wake-up that comes late (machine asleep), twice or at a wrong time never builds
or sends a date twice.
"""

from __future__ import annotations

import datetime as dt
import logging
import signal
import threading
import time
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from zoneinfo import ZoneInfo

import schedule

from digest.build import RunResult, utc_now
from digest.config import WEEKDAYS, Config
from digest.errors import DigestError
from digest.locks import LockBusy
from digest.models import JobProgress
from digest.store import Store
from digest.timetable import Timetable

logger = logging.getLogger(__name__)

GRACE = dt.timedelta(minutes=15)  # how late a run still counts as on time when catch_up is off
NAP = 60.0  # longest wait between looks at the clock: a suspend stops monotonic timers
_NAP_SLICE = 0.25  # how often a nap looks whether it was asked to stop
_JOB_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@contextmanager
def schedule_clock(clock: Callable[[], dt.datetime]) -> Iterator[None]:
    """Make the `schedule` package read `clock` instead of the system time, while inside.

    `schedule` calls datetime.datetime.now() itself and takes no clock; this swaps the
    datetime module it sees for one whose now() asks ours, so tests can run days in
    milliseconds and production (clock = the real UTC time) takes the same path.
    """

    class ClockedDatetime(dt.datetime):
        @classmethod
        def now(cls, tz: dt.tzinfo | None = None) -> Any:
            moment = clock()
            # schedule keeps naive times in the machine's local zone when no tz is given
            return moment.astimezone(tz) if tz else moment.astimezone().replace(tzinfo=None)

    shim = types.SimpleNamespace(**{name: getattr(dt, name) for name in dir(dt)
                                    if not name.startswith("_")})
    shim.datetime = ClockedDatetime
    original = schedule.datetime
    schedule.datetime = shim  # type: ignore[attr-defined]
    try:
        yield
    finally:
        schedule.datetime = original  # type: ignore[attr-defined]


def _span(delta: dt.timedelta) -> str:
    minutes = max(0, round(delta.total_seconds() / 60))
    return f"{minutes // 60} h {minutes % 60:02d} min"


def _when(moment: dt.datetime, zone: ZoneInfo, now: dt.datetime) -> str:
    return f"{moment.astimezone(zone):%A %d %B %Y %H:%M %Z} ({zone.key}), in {_span(moment - now)}"


class DailyScheduler:
    """Runs `job(date)` at each due time, catches up, retries with backoff and never doubles."""

    def __init__(
        self, config: Config, *, job: Callable[[dt.date], RunResult],
        clock: Callable[[], dt.datetime] = utc_now, announce: Callable[[str], None] = print,
        stop: threading.Event | None = None,
    ) -> None:
        self.config = config
        self.settings = config.schedule
        self.timetable = Timetable.from_settings(config.schedule)
        self.job = job
        self.clock = clock
        self.announce = announce
        self.stop = stop or threading.Event()
        self.retries: dict[dt.date, dt.datetime] = {}  # dates waiting for a retry, and when
        self.failed = False  # the last run failed
        self.runs = 0  # runs attempted, to announce the next one after each
        self.checked: dt.datetime | None = None  # the due time last looked at
        # attempts this process made per date: bounds retries even when a run fails before
        # the store could count it
        self.attempts: dict[dt.date, int] = {}

    @property
    def max_attempts(self) -> int:
        return 1 + self.settings.retries

    def run(self, *, once: bool = False, wait: Callable[[float], object] | None = None) -> bool:
        """Run until stopped (or one due job when `once`); False if the last run failed."""
        wait = wait or self.nap
        with schedule_clock(self.clock):
            scheduler = schedule.Scheduler()
            self._register(scheduler)
            self.check(scheduler)  # on start: catch up, or resume an interrupted run
            self.announce_next()
            while not once and not self.stop.is_set():
                runs = self.runs
                scheduler.run_pending()
                due = self.timetable.latest(self.clock())
                if due is not None and due[1] != self.checked and not self.stop.is_set():
                    # a due time `schedule` did not wake us for: it compares naive local
                    # times, which repeat when the machine's own clock falls back
                    self.check(scheduler)
                if self.stop.is_set():
                    break
                if self.runs != runs:
                    self.announce_next()
                idle = scheduler.idle_seconds
                wait(min(max(idle if idle is not None else NAP, 1.0), NAP))
        return not self.failed

    def nap(self, seconds: float) -> None:
        """Sleep up to `seconds`, waking within a quarter of a second once `stop` is set.

        Not `self.stop.wait`: the signal handler sets `stop`, and `Event.set` takes the lock
        that `Event.wait` holds for a moment on the same (main) thread, so a signal landing in
        that moment deadlocked the scheduler for good. Reading the flag takes no lock."""
        end = time.monotonic() + seconds
        while not self.stop.is_set():
            left = end - time.monotonic()
            if left <= 0:
                return
            time.sleep(min(left, _NAP_SLICE))

    def _register(self, scheduler: schedule.Scheduler) -> None:
        # "7:00" is valid in config.toml; `schedule` wants two digits for the hour
        at, zone = self.timetable.at.strftime("%H:%M"), self.settings.timezone
        if len(self.timetable.days) == len(WEEKDAYS):
            scheduler.every().day.at(at, zone).do(self.check, scheduler).tag("daily")
            return
        for number in sorted(self.timetable.days):
            every = getattr(scheduler.every(), _JOB_DAYS[number])
            every.at(at, zone).do(self.check, scheduler).tag("daily")

    def announce_next(self) -> None:
        """Say when the next run is, and any retry waiting."""
        now = self.clock()
        day, moment = self.timetable.next(now)
        zone = self.timetable.zone
        self.announce(f"Next run: {_when(moment, zone, now)}")
        for retry_day, moment in sorted(self.retries.items()):
            self.announce(f"Retry of {retry_day}: {_when(moment, zone, now)}")

    def check(self, scheduler: schedule.Scheduler) -> None:
        """Run the job for the last due date if it still needs it."""
        try:
            self._check(scheduler)
        except Exception:  # e.g. the database unreadable for a moment: look again next time
            logger.exception("could not check whether a run is due")
            self.failed = True

    def _check(self, scheduler: schedule.Scheduler) -> None:
        now = self.clock()
        due = self.timetable.latest(now)
        if due is None:
            return
        day, moment = due
        self.checked = moment
        # a run interrupted on an earlier date is finished first: its articles wait in it
        for unfinished in self._unfinished(before=day):
            if unfinished not in self.retries:
                self._run_if_needed(scheduler, unfinished, late=None)
        if day not in self.retries:  # else its retry is already booked
            self._run_if_needed(scheduler, day, late=now - moment)

    def _run_if_needed(self, scheduler: schedule.Scheduler, day: dt.date, *,
                       late: dt.timedelta | None) -> None:
        if self.stop.is_set():
            return
        progress = self._progress(day)
        if progress is not None and progress.done:
            logger.debug("woke for %s, already done", day)
            return
        if self._attempts(day, progress) >= self.max_attempts:
            logger.debug("woke for %s, given up after %d attempts", day,
                         self._attempts(day, progress))
            return
        if late is not None and late > GRACE:
            # a run that started is always resumed; only a run never started can be skipped
            if progress is None and day != self.clock().astimezone(self.timetable.zone).date():
                # a time missed on an earlier day is not caught up: its articles go into the
                # next digest rather than a stale one going out late
                logger.info("not catching up %s: due %s ago", day, _span(late))
                return
            if progress is None and not self.settings.catch_up:
                logger.warning("missed the run for %s (due %s ago) and schedule.catch_up is"
                               " off: its articles go into the next digest", day, _span(late))
                return
            logger.warning("catching up: the run for %s was due %s ago", day, _span(late))
        self._attempt(scheduler, day)

    def _attempts(self, day: dt.date, progress: JobProgress | None) -> int:
        return max(progress.attempts if progress else 0, self.attempts.get(day, 0))

    def _unfinished(self, *, before: dt.date) -> list[dt.date]:
        with Store(self.config.store_path) as store:
            return [job.date for job in store.jobs() if job.date < before and not job.done
                    and job.attempts < self.max_attempts]

    def _progress(self, day: dt.date) -> JobProgress | None:
        with Store(self.config.store_path) as store:
            return store.job(day)

    def _attempt(self, scheduler: schedule.Scheduler, day: dt.date) -> None:
        self.retries.pop(day, None)
        self.failed = False
        self.runs += 1
        self.attempts[day] = self.attempts.get(day, 0) + 1
        try:
            result = self.job(day)
        except LockBusy as exc:
            # another process is on it: look again later, without counting an attempt
            self.attempts[day] -= 1
            logger.warning("%s", exc.message.splitlines()[0])
            self._book_retry(scheduler, day, self.settings.retry_delay)
            return
        except DigestError as exc:
            self._failed(scheduler, day, exc.message)
            return
        except Exception as exc:  # the scheduler must outlive any failing run
            logger.exception("the daily job for %s crashed", day)
            self._failed(scheduler, day, f"{type(exc).__name__}: {exc}")
            return
        if result.stopped:
            self.announce(f"{day}: built; stopping before delivery (the next start sends it)")
            return
        if result.failed:
            self._failed(scheduler, day, f"delivery failed for {', '.join(result.send.failed)}")
            return
        if result.send is None:
            self.announce(f"{day}: no new articles, nothing to send")
        else:
            self.announce(f"{day}: sent to {len(result.send.sent)} subscriber(s)"
                          f" ({len(result.send.skipped)} already had it)")

    def _failed(self, scheduler: schedule.Scheduler, day: dt.date, reason: str) -> None:
        self.failed = True
        attempts = self._attempts(day, self._progress(day))
        logger.error("the daily job for %s failed (attempt %d of %d): %s", day, attempts,
                     self.max_attempts, reason)
        if attempts >= self.max_attempts:
            logger.error("giving up on %s after %d attempts; run `digest run --date %s` once"
                         " the cause is fixed", day, attempts, day)
        else:
            self._book_retry(scheduler, day, self.settings.retry_delay * 2 ** (attempts - 1))

    def _book_retry(self, scheduler: schedule.Scheduler, day: dt.date, seconds: float) -> None:
        self.retries[day] = self.clock() + dt.timedelta(seconds=seconds)

        def retry() -> type[schedule.CancelJob]:
            self.retries.pop(day, None)
            if not self.stop.is_set():
                self._run_if_needed(scheduler, day, late=None)
            return schedule.CancelJob  # one-off

        scheduler.every(seconds).seconds.do(retry).tag("retry")


@contextmanager
def stop_on_signals(stop: threading.Event, *,
                    announce: Callable[[str], None] = print) -> Iterator[None]:
    """SIGTERM or SIGINT asks to stop after the current step; a second one stops at once."""

    asked: list[int] = []

    def handler(signum: int, frame: object) -> None:
        # A plain list first: a second signal landing inside `stop.set()` below must not
        # call it again (the Event's lock is not reentrant).
        if asked or stop.is_set():
            raise KeyboardInterrupt
        asked.append(signum)
        stop.set()
        announce(f"{signal.Signals(signum).name}: stopping after the current step")

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)
