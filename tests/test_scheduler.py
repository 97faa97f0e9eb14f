"""The scheduler under an injected clock: days pass in milliseconds, the rest is real."""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from digest.build import run_daily
from digest.cli import cli
from digest.config import Config, load_config
from digest.errors import ConfigError
from digest.locks import DAILY_LOCK
from digest.models import JobProgress, LockHolder
from digest.scheduler import DailyScheduler
from digest.store import Store
from digest.timetable import Timetable

from .conftest import write_config

LONDON = ZoneInfo("Europe/London")


class FakeClock:
    """The one fake: a UTC clock that moves only when the scheduler waits."""

    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


def utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)


def make_config(project: Path, schedule: str) -> Config:
    write_config(project, "\n[schedule]\n" + schedule)
    return load_config(project / "config.toml")


def run_scheduler(
    config: Config, clock: FakeClock, until: dt.datetime, *,
    on_wait: Callable[[FakeClock], None] = lambda clock: None,
    job: Callable[[dt.date], object] | None = None, once: bool = False,
) -> tuple[list[str], list[tuple[dt.date, dt.datetime]], bool]:
    """Run the real daily job under the fake clock until `until`; what it said and ran."""
    stop = threading.Event()
    said: list[str] = []
    started: list[tuple[dt.date, dt.datetime]] = []

    def daily(day: dt.date):  # noqa: ANN202 - the real job, noting when it started
        started.append((day, clock()))
        if job is not None:
            job(day)
        return run_daily(config, today=day, now=clock, stop=stop.is_set)

    def wait(seconds: float) -> None:
        clock.advance(seconds)
        on_wait(clock)
        if clock() >= until:
            stop.set()

    scheduler = DailyScheduler(config, job=daily, clock=clock, announce=said.append, stop=stop)
    ok = scheduler.run(wait=wait, once=once)
    return said, started, ok


def jobs(config: Config) -> list[JobProgress]:
    with Store(config.store_path) as store:
        return store.jobs()


def outbox(config: Config, day: str) -> list[str]:
    return sorted(p.name for p in (config.outbox_dir / day).glob("*.eml"))


@pytest.mark.parametrize(("zone", "first_run"), [
    ("UTC", "2026-11-26T07:00"),
    ("Europe/London", "2026-11-26T07:00"),  # GMT in winter
    ("America/New_York", "2026-11-26T12:00"),
    ("Asia/Kolkata", "2026-11-27T01:30"),  # 06:00 UTC on the 26th is 11:30 there: missed
])
def test_runs_every_day_at_the_time_in_its_zone(project: Path, zone: str, first_run: str) -> None:
    config = make_config(project, f'time = "07:00"\ntimezone = "{zone}"\ncatch_up = false\n')
    clock = FakeClock(utc("2026-11-26T06:00"))
    said, started, ok = run_scheduler(config, clock, utc("2026-11-29T23:00"))
    assert ok
    first = utc(first_run)
    assert [moment for _, moment in started] == [first + dt.timedelta(days=n)
                                                 for n in range(len(started))]
    assert [day for day, _ in started] == [m.astimezone(ZoneInfo(zone)).date()
                                           for _, m in started]
    assert len(started) >= 3
    progress = jobs(config)
    assert [(j.date, j.attempts) for j in progress] == [(day, 1) for day, _ in started]
    assert progress[0].state == "sent" and {j.state for j in progress[1:]} == {"empty"}
    assert outbox(config, progress[0].date.isoformat()) == ["demo_example.org.eml",
                                                             "second_example.org.eml"]
    assert said[0].startswith("Next run: ") and f"({zone})" in said[0]


def test_runs_only_on_the_chosen_weekdays(project: Path) -> None:
    config = make_config(project, 'time = "6:30"\ndays = ["mon", "Wednesday", "fri"]\n')
    clock = FakeClock(utc("2026-11-23T00:00"))  # a Monday
    said, started, _ = run_scheduler(config, clock, utc("2026-12-06T23:59"))
    assert [day.strftime("%a %d") for day, _ in started] == [
        "Mon 23", "Wed 25", "Fri 27", "Mon 30", "Wed 02", "Fri 04"]
    assert all(moment.time() == dt.time(6, 30) for _, moment in started)
    assert said[0] == "Next run: Monday 23 November 2026 06:30 UTC (UTC), in 6 h 30 min"
    # after Friday's run the next one is announced for Monday, not Saturday
    assert said[said.index("2026-11-27: no new articles, nothing to send") + 1].startswith(
        "Next run: Monday 30 November 2026 06:30")


@pytest.mark.parametrize(("start", "at", "expected"), [
    # spring forward, Sunday 29 March 2026: 07:00 is 07:00 GMT before, 06:00 UTC after
    ("2026-03-27T12:00", "07:00",
     ["2026-03-28T07:00", "2026-03-29T06:00", "2026-03-30T06:00", "2026-03-31T06:00"]),
    # 01:30 does not exist on the 29th (01:00 GMT jumps to 02:00 BST): it runs an hour
    # later that day, and once the next day at 01:30 BST, although `schedule` wakes twice
    ("2026-03-27T12:00", "01:30",
     ["2026-03-28T01:30", "2026-03-29T01:30", "2026-03-30T00:30", "2026-03-31T00:30"]),
    # fall back, Sunday 25 October 2026: 07:00 BST is 06:00 UTC before, 07:00 GMT after
    ("2026-10-23T12:00", "07:00",
     ["2026-10-24T06:00", "2026-10-25T07:00", "2026-10-26T07:00", "2026-10-27T07:00"]),
    # 01:30 happens twice on the 25th: it runs at the first one only
    ("2026-10-23T12:00", "01:30",
     ["2026-10-24T00:30", "2026-10-25T00:30", "2026-10-26T01:30", "2026-10-27T01:30"]),
])
def test_daylight_saving_changes_in_london(
    project: Path, start: str, at: str, expected: list[str],
) -> None:
    config = make_config(project, f'time = "{at}"\ntimezone = "Europe/London"\ncatch_up = false\n')
    clock = FakeClock(utc(start))
    _, started, _ = run_scheduler(config, clock, utc(start) + dt.timedelta(days=4, hours=1))
    assert [moment for _, moment in started] == [utc(e) for e in expected]
    assert [day for day, _ in started] == [utc(e).astimezone(LONDON).date() for e in expected]
    for moment in started:
        assert moment[1].astimezone(LONDON).strftime("%H:%M") in (at, "02:30")
    assert all(j.attempts == 1 for j in jobs(config))


def test_a_due_time_schedule_did_not_wake_for_still_runs(
    project: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    config = make_config(project, 'time = "07:00"\ncatch_up = false\n')
    monkeypatch.setattr(DailyScheduler, "_register", lambda self, scheduler: None)
    clock = FakeClock(utc("2026-11-27T06:00"))
    _, started, _ = run_scheduler(config, clock, utc("2026-11-28T08:00"))
    # with no job in `schedule` it naps a minute at a time and notices each due time itself
    assert [moment for _, moment in started] == [utc("2026-11-27T07:00"),
                                                 utc("2026-11-28T07:00")]


def test_timetable_agrees_with_the_local_time_on_both_changes() -> None:
    table = Timetable(dt.time(7, 0), LONDON, frozenset(range(7)))
    for day in (dt.date(2026, 3, 28), dt.date(2026, 3, 29), dt.date(2026, 10, 25)):
        local = table.slot(day).astimezone(LONDON)
        assert (local.date(), local.time()) == (day, dt.time(7, 0))
    assert table.next(utc("2026-03-29T05:59")) == (dt.date(2026, 3, 29), utc("2026-03-29T06:00"))
    assert table.latest(utc("2026-10-25T06:59")) == (dt.date(2026, 10, 24),
                                                     utc("2026-10-24T06:00"))


@pytest.mark.parametrize("catch_up", [True, False])
def test_started_after_the_time_catches_up_unless_told_not_to(
    project: Path, catch_up: bool,
) -> None:
    config = make_config(project, f'time = "07:00"\ncatch_up = {str(catch_up).lower()}\n')
    clock = FakeClock(utc("2026-11-27T09:30"))
    said, started, _ = run_scheduler(config, clock, utc("2026-11-28T08:00"))
    if catch_up:
        assert started == [(dt.date(2026, 11, 27), utc("2026-11-27T09:30")),
                           (dt.date(2026, 11, 28), utc("2026-11-28T07:00"))]
        assert said[:2] == ["2026-11-27: sent to 2 subscriber(s) (0 already had it)",
                            "Next run: Saturday 28 November 2026 07:00 UTC (UTC), in 21 h 30 min"]
    else:
        assert started == [(dt.date(2026, 11, 28), utc("2026-11-28T07:00"))]
        assert said[0].startswith("Next run: Saturday 28 November 2026 07:00")


@pytest.mark.parametrize("catch_up", [True, False])
def test_woken_after_sleeping_through_the_time(project: Path, catch_up: bool) -> None:
    config = make_config(project, f'time = "07:00"\ncatch_up = {str(catch_up).lower()}\n')
    clock = FakeClock(utc("2026-11-27T05:00"))

    def machine_sleeps(clock: FakeClock) -> None:
        # the lid closes at 06:00 and opens at 14:00: one wait lasts eight hours
        if clock() == utc("2026-11-27T06:00"):
            clock.advance(8 * 3600)

    _, started, _ = run_scheduler(config, clock, utc("2026-11-28T08:00"), on_wait=machine_sleeps)
    expected = [(dt.date(2026, 11, 28), utc("2026-11-28T07:00"))]
    if catch_up:
        expected.insert(0, (dt.date(2026, 11, 27), utc("2026-11-27T14:00")))
    assert started == expected


def test_a_date_already_done_is_not_run_again(project: Path) -> None:
    config = make_config(project, 'time = "07:00"\n')
    run_daily(config, today=dt.date(2026, 11, 27), now=lambda: utc("2026-11-27T08:00"))
    clock = FakeClock(utc("2026-11-27T09:00"))
    said, started, _ = run_scheduler(config, clock, utc("2026-11-27T12:00"))
    assert started == []
    assert said == ["Next run: Saturday 28 November 2026 07:00 UTC (UTC), in 22 h 00 min"]
    assert [j.attempts for j in jobs(config)] == [1]


def test_a_failing_run_is_retried_with_backoff_then_given_up_and_the_next_day_runs(
    project: Path, caplog: pytest.LogCaptureFixture,
) -> None:
    config = make_config(project, 'time = "07:00"\nretries = 2\nretry_delay = 600\n')
    blocker = config.outbox_dir
    blocker.write_text("a file where the outbox folder should be")  # every delivery fails

    def unblock_at_midnight(clock: FakeClock) -> None:
        if clock() >= utc("2026-11-28T00:00") and blocker.is_file():
            blocker.unlink()

    clock = FakeClock(utc("2026-11-27T06:00"))
    with caplog.at_level(logging.ERROR, logger="digest"):
        said, started, ok = run_scheduler(config, clock, utc("2026-11-28T08:00"),
                                          on_wait=unblock_at_midnight)
    # first run at 07:00, then 10 and 20 minutes after each failure, then no more
    assert [moment for _, moment in started] == [
        utc("2026-11-27T07:00"), utc("2026-11-27T07:10"), utc("2026-11-27T07:30"),
        utc("2026-11-28T07:00")]
    assert ok  # the last run, the next day's, went well
    first, second = jobs(config)
    assert (first.state, first.attempts) == ("built", 3)
    assert first.error.startswith("NotADirectoryError")  # the outbox could not be written
    assert (second.state, second.attempts, second.error) == ("empty", 1, None)
    failures = [r.getMessage() for r in caplog.records if "failed (attempt" in r.getMessage()]
    assert len(failures) == 3
    assert "(attempt 1 of 3): NotADirectoryError" in failures[0]
    assert any("giving up on 2026-11-27 after 3 attempts" in r.getMessage()
               for r in caplog.records)
    assert "Retry of 2026-11-27: Friday 27 November 2026 07:10 UTC (UTC), in 0 h 10 min" in said


def test_a_crashing_job_is_logged_and_the_scheduler_keeps_going(
    project: Path, caplog: pytest.LogCaptureFixture,
) -> None:
    config = make_config(project, 'time = "07:00"\nretries = 1\nretry_delay = 60\n')
    crashes = []

    def crash_on_friday(day: dt.date) -> None:
        if day == dt.date(2026, 11, 27):
            crashes.append(day)
            raise RuntimeError("disk on fire")

    clock = FakeClock(utc("2026-11-27T06:00"))
    with caplog.at_level(logging.ERROR, logger="digest"):
        _, started, ok = run_scheduler(config, clock, utc("2026-11-28T08:00"),
                                       job=crash_on_friday)
    assert len(crashes) == 2  # the run and one retry
    assert started[-1] == (dt.date(2026, 11, 28), utc("2026-11-28T07:00"))
    assert ok
    assert any("RuntimeError: disk on fire" in r.getMessage() for r in caplog.records)


def test_stop_after_the_build_then_the_next_start_sends_without_rebuilding(
    project: Path,
) -> None:
    config = make_config(project, 'time = "07:00"\n')
    clock = FakeClock(utc("2026-11-27T07:00"))
    stop = threading.Event()
    said: list[str] = []
    results = []

    def job(day: dt.date):  # noqa: ANN202
        stop.set()  # as if SIGTERM arrived while it builds
        results.append(run_daily(config, today=day, now=clock, stop=stop.is_set))
        return results[-1]

    DailyScheduler(config, job=job, clock=clock, announce=said.append, stop=stop).run()
    assert results[0].stopped and results[0].send is None
    assert [(j.state, j.attempts) for j in jobs(config)] == [("built", 1)]
    assert outbox(config, "2026-11-27") == []
    page = config.output_dir / "2026-11-27" / "email.html"
    built_at = page.stat().st_mtime_ns

    def resume(day: dt.date):  # noqa: ANN202
        results.append(run_daily(config, today=day, now=clock))
        return results[-1]

    clock.advance(120)
    assert DailyScheduler(config, job=resume, clock=clock, announce=said.append).run(once=True)
    assert results[1].build is None  # not built again
    assert len(results[1].send.sent) == 2
    assert page.stat().st_mtime_ns == built_at
    assert [(j.state, j.attempts) for j in jobs(config)] == [("sent", 2)]


def test_once_runs_a_due_job_and_exits(project: Path) -> None:
    config = make_config(project, 'time = "07:00"\n')
    clock = FakeClock(utc("2026-11-27T07:05"))
    said, started, ok = run_scheduler(config, clock, utc("2026-11-30T00:00"), once=True)
    assert ok and started == [(dt.date(2026, 11, 27), utc("2026-11-27T07:05"))]
    assert said[-1].startswith("Next run: Saturday 28 November 2026 07:00")
    again_said, again, _ = run_scheduler(config, clock, utc("2026-11-30T00:00"), once=True)
    assert again == [] and len(again_said) == 1


def test_a_lock_held_by_a_live_process_keeps_the_scheduler_and_digest_run_out(
    project: Path, caplog: pytest.LogCaptureFixture,
) -> None:
    config = make_config(project, 'time = "07:00"\n')
    clock = FakeClock(utc("2026-11-27T07:00"))
    other = f"{socket.gethostname()}:{os.getpid()}:another"  # alive: this very process
    with Store(config.store_path) as store:
        # The CLI below reads the real clock: the lock must not expire by that clock either
        # (an hour after the fake 07:00 let `digest run` through after 08:00 UTC on the fake
        # day, which was the day the test first ran that late).
        assert store.take_lock(DAILY_LOCK, other, now=clock(),
                               until=clock() + dt.timedelta(days=3650),
                               is_stale=lambda holder: False) is None
    with caplog.at_level(logging.WARNING, logger="digest"):
        said, started, ok = run_scheduler(config, clock, clock(), once=True)
    assert ok and len(started) == 1
    assert jobs(config) == []  # nothing built, no attempt counted
    assert "holds the 'daily' lock" in caplog.text
    assert any(line.startswith("Retry of 2026-11-27") for line in said)

    for command in ("run", "build", "send"):
        result = CliRunner().invoke(cli, [command, "--config", str(project / "config.toml"),
                                          "--date", "2026-11-27"])
        assert result.exit_code == 75, (command, result.output)
        assert f"pid {os.getpid()}" in result.output and "wait for it to finish" in result.output
    assert not (project / "out").exists() and jobs(config) == []


@pytest.mark.parametrize(("owner", "expires", "taken"), [
    ("elsewhere:4242:abc", "2026-11-27T06:59", True),  # expired: its heartbeat stopped
    ("elsewhere:4242:abc", "2026-11-27T07:01", False),  # alive on another machine
    (f"{socket.gethostname()}:999999:abc", "2026-11-27T08:00", True),  # pid gone, here
])
def test_stale_locks_are_taken_over(project: Path, owner: str, expires: str,
                                    taken: bool) -> None:
    config = make_config(project, 'time = "07:00"\n')
    with Store(config.store_path) as store:
        store.take_lock(DAILY_LOCK, owner, now=utc("2026-11-27T06:00"), until=utc(expires),
                        is_stale=lambda holder: True)
    clock = FakeClock(utc("2026-11-27T07:00"))
    run_scheduler(config, clock, clock(), once=True)
    assert [j.state for j in jobs(config)] == (["sent"] if taken else [])
    with Store(config.store_path) as store:
        holder = store.lock_holder(DAILY_LOCK)
    # a finished run gives the lock back; a lock not taken stays with its owner
    assert holder is None if taken else isinstance(holder, LockHolder)


@pytest.mark.parametrize(("extra", "message"), [
    ('timezone = "Europe/Lundon"\n', "schedule.timezone: expected an IANA time zone name"),
    ('timezone = "localtime"\n', "schedule.timezone: expected an IANA time zone name"),
    ('days = ["mon", "funday"]\n', "schedule.days: expected weekdays among mon, tue"),
    ("days = []\n", "schedule.days: expected weekdays"),
    ("retries = -1\n", "schedule.retries: expected 0 or more"),
    ("retry_delay = 0\n", "schedule.retry_delay: expected seconds > 0"),
    ('catch_up = "yes"\n', "schedule.catch_up: expected boolean, got string"),
])
def test_schedule_settings_are_checked(project: Path, extra: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        make_config(project, extra)


def _until(condition: Callable[[], bool]) -> None:
    """Poll for something a background thread does (no time limit: it comes or the test hangs)."""
    while not condition():
        threading.Event().wait(0.01)


def test_the_heartbeat_keeps_the_lock_and_notices_when_it_is_taken_over(project: Path) -> None:
    from digest.locks import LockBusy, LockLost, StoreLock

    config = make_config(project, "")
    real = lambda: dt.datetime.now(dt.UTC)  # noqa: E731 - the heartbeat runs in real time
    with Store(config.store_path) as store:
        lock = StoreLock(config.store_path, DAILY_LOCK, ttl=0.3, now=real)
        lock.acquire(store)
        first = store.lock_holder(DAILY_LOCK).expires_at
        _until(lambda: store.lock_holder(DAILY_LOCK).expires_at > first)  # renewed
        with pytest.raises(LockBusy):
            StoreLock(config.store_path, DAILY_LOCK, now=real).acquire(store)
        lock.check()  # still ours
        # another process decides we are stale (we stalled past the expiry) and takes it
        store.take_lock(DAILY_LOCK, "elsewhere:1:x", now=real(),
                        until=real() + dt.timedelta(hours=1), is_stale=lambda holder: True)
        _until(lambda: lock.lost)
        with pytest.raises(LockLost):
            lock.check()
        lock.release(store)
        assert store.lock_holder(DAILY_LOCK).owner == "elsewhere:1:x"  # not ours to release


class _NoWaitEvent(threading.Event):
    """The stop event, with waiting on it forbidden: the signal handler sets it, and waiting
    on it from the main thread could deadlock against that (see `DailyScheduler.nap`)."""

    def wait(self, timeout: float | None = None) -> bool:
        raise AssertionError("the scheduler waited on the event its signal handler sets")


def test_an_idle_scheduler_naps_without_taking_the_stop_events_lock(project: Path) -> None:
    config = make_config(project, 'time = "07:00"\ncatch_up = false\n')
    stop = _NoWaitEvent()
    # A clock standing at noon: the day's run is long past and not caught up, so nothing runs
    # (on the real clock a run fell due when the suite ran between 07:00 and 07:15).
    scheduler = DailyScheduler(config, job=lambda day: None, announce=lambda text: None,
                               stop=stop, clock=lambda: utc("2026-03-02T12:00"))
    # the stop comes from another thread while the scheduler naps; it must notice without
    # ever calling stop.wait
    setter = threading.Timer(0.3, stop.set)
    setter.start()
    try:
        assert scheduler.run() is True
    finally:
        setter.cancel()
    assert stop.is_set()


def test_the_first_signal_asks_to_stop_and_a_second_stops_at_once() -> None:
    # The handler runs on the main thread: the first signal asks for a stop (the scheduler's
    # nap sees it without taking the event's lock), a second one stops at once.
    import signal

    from digest.scheduler import stop_on_signals

    stop = threading.Event()
    said: list[str] = []
    with stop_on_signals(stop, announce=said.append):
        signal.raise_signal(signal.SIGTERM)
        assert stop.is_set() and said == ["SIGTERM: stopping after the current step"]
        with pytest.raises(KeyboardInterrupt):
            signal.raise_signal(signal.SIGINT)
