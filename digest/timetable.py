"""When the daily job is due: pure date arithmetic in the configured time zone."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from digest.config import ScheduleSettings, weekday_number


@dataclass(frozen=True)
class Timetable:
    """When the daily job is due: a local time of day on some weekdays, in one time zone."""

    at: dt.time
    zone: ZoneInfo
    days: frozenset[int]  # 0 = Monday

    @classmethod
    def from_settings(cls, settings: ScheduleSettings) -> Timetable:
        hour, minute = (int(part) for part in settings.time.split(":"))
        days = frozenset(n for n in map(weekday_number, settings.days) if n is not None)
        return cls(dt.time(hour, minute), ZoneInfo(settings.timezone), days)

    def slot(self, day: dt.date) -> dt.datetime:
        """The moment the job is due on `day`, in UTC.

        fold=0 gives the first of a time that happens twice (autumn), and a time skipped by the
        spring change is read with the offset before it, so it runs an hour later that day.
        """
        return dt.datetime.combine(day, self.at, tzinfo=self.zone).astimezone(dt.UTC)

    def latest(self, now: dt.datetime) -> tuple[dt.date, dt.datetime] | None:
        """The last (date, moment) due at or before `now`, within the past week."""
        today = now.astimezone(self.zone).date()
        for back in range(8):
            day = today - dt.timedelta(days=back)
            if day.weekday() in self.days and self.slot(day) <= now:
                return day, self.slot(day)
        return None

    def next(self, now: dt.datetime) -> tuple[dt.date, dt.datetime]:
        """The first (date, moment) due after `now`."""
        today = now.astimezone(self.zone).date()
        for ahead in range(-1, 9):
            day = today + dt.timedelta(days=ahead)
            if day.weekday() in self.days and self.slot(day) > now:
                return day, self.slot(day)
        raise AssertionError("a non-empty set of weekdays always has a next day")
