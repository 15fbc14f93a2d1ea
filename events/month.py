"""The month view's grid: weeks of days, Monday first, each in-month day with the events under way on it."""

import calendar
import datetime
from dataclasses import dataclass, field

from django.utils import timezone

# Months outside these years give a 404: no CEP event is older, and links beyond would lead crawlers on forever.
FIRST_YEAR = 1980
YEARS_AHEAD = 10
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass
class CalendarEntry:
    event: object
    starts_today: bool


@dataclass
class CalendarDay:
    date: datetime.date
    in_month: bool
    is_today: bool
    entries: list[CalendarEntry] = field(default_factory=list)


@dataclass(frozen=True)
class Month:
    year: int
    month: int

    @classmethod
    def of(cls, year: int, month: int) -> "Month | None":
        """The month, or None when it is no month or outside the years the view serves."""
        if not 1 <= month <= 12 or not FIRST_YEAR <= year <= timezone.localdate().year + YEARS_AHEAD:
            return None
        return cls(year, month)

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, self.month, 1)

    @property
    def previous(self) -> "Month | None":
        return Month.of(self.year - 1, 12) if self.month == 1 else Month.of(self.year, self.month - 1)

    @property
    def next(self) -> "Month | None":
        return Month.of(self.year + 1, 1) if self.month == 12 else Month.of(self.year, self.month + 1)

    def weeks(self) -> list[list[datetime.date]]:
        return calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(self.year, self.month)

    def search_bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        """UTC moments wide enough for any zone's local month: zones run from UTC-12 to UTC+14."""
        last_day = self.weeks()[-1][-1]
        start = datetime.datetime.combine(self.first_day, datetime.time(), tzinfo=datetime.UTC)
        end = datetime.datetime.combine(last_day + datetime.timedelta(days=1), datetime.time(), tzinfo=datetime.UTC)
        return start - datetime.timedelta(days=1), end + datetime.timedelta(days=1)


def local_dates(event) -> list[datetime.date]:
    """The days an event is under way on, in its own zone; one ending at midnight does not take the next day."""
    first = event.local_start.date()
    last = max(first, (event.local_end - datetime.timedelta(microseconds=1)).date())
    return [first + datetime.timedelta(days=offset) for offset in range((last - first).days + 1)]


def month_weeks(month: Month, events) -> list[list[CalendarDay]]:
    today = timezone.localdate()
    days = {
        date: CalendarDay(date=date, in_month=date.month == month.month, is_today=date == today)
        for week in month.weeks()
        for date in week
    }
    for event in events:
        for date in local_dates(event):
            day = days.get(date)
            if day and day.in_month:
                day.entries.append(CalendarEntry(event=event, starts_today=date == event.local_start.date()))
    return [[days[date] for date in week] for week in month.weeks()]
