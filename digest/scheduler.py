"""Run the daily job every day at the configured time, with the `schedule` package."""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from zoneinfo import ZoneInfo

import schedule

from digest.config import Config

logger = logging.getLogger(__name__)


def make_scheduler(config: Config, job: Callable[[dt.date], object]) -> schedule.Scheduler:
    """A scheduler that calls job(today) daily at schedule.time in schedule.timezone."""
    zone = ZoneInfo(config.schedule.timezone)
    scheduler = schedule.Scheduler()

    def daily() -> None:
        today = dt.datetime.now(zone).date()
        try:
            job(today)
        except Exception:  # the scheduler must outlive a failing run
            logger.exception("the daily job for %s failed", today)

    scheduler.every().day.at(config.schedule.time, config.schedule.timezone).do(daily)
    return scheduler


def run_forever(scheduler: schedule.Scheduler, *, sleep: Callable[[float], None] = time.sleep,
                announce: Callable[[str], None] = print) -> None:
    """Wake every so often and run what is due."""
    announce(f"next run at {scheduler.next_run}")
    while True:
        scheduler.run_pending()
        # short naps so a clock change or a sleeping machine is noticed within a minute
        sleep(max(1.0, min(scheduler.idle_seconds or 60.0, 60.0)))
