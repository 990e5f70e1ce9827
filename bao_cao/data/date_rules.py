"""Dates: the ISO dates say what the report's written dates say, events end after they
start, and the supplementary daily series has every day once."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from bao_cao.data.problems import Problem, Tables
from bao_cao.data.table_rules import ISO_DATE


def _date_of(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text and ISO_DATE.match(text) else None
    except ValueError:
        return None


def _written_numbers(start: dt.date, end: dt.date | None, precision: str) -> list[int]:
    """The numbers a Vietnamese date as written must show, in order (day first)."""
    if precision == "month":
        return [start.month, start.year]
    if end is None or end == start:
        return [start.day, start.month, start.year]
    if (end.year, end.month) == (start.year, start.month):
        return [start.day, end.day, start.month, start.year]
    if end.year == start.year:
        return [start.day, start.month, end.day, end.month, start.year]
    return [start.day, start.month, start.year, end.day, end.month, end.year]


def written_date_agrees(
    written: str, start: dt.date, end: dt.date | None = None, precision: str = "day"
) -> bool:
    """ "10/9/2021" agrees with 2021-09-10, not with 2021-10-09; "06/82021" with 2021-08-06.

    The report writes the day first and pads as it likes; its slips may drop a separator,
    so the numbers are matched in order, with or without a leading zero.
    """
    numbers = _written_numbers(start, end, precision)
    pattern = r"\D*" + r"\D*".join(rf"0?{number}" for number in numbers) + r"\D*"
    return re.fullmatch(pattern, written.strip()) is not None


def _reading_of(written: str) -> str:
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", written.strip())
    if not match:
        return ""
    day, month, year = (int(part) for part in match.groups())
    try:
        return f" (as the report writes dates, day first, it is {dt.date(year, month, day)})"
    except ValueError:
        return ""


def date_agreement_rules(tables: Tables) -> Iterator[Problem]:
    """ISO dates say what the report's written dates say, day first."""
    file = tables.file("documents")
    for row_number, row in tables.numbered("documents"):
        date = _date_of(row["date"])
        written = row["date_as_written"]
        recorded = row["date_source"] == "record" and written
        if recorded and date and not written_date_agrees(written, date):
            yield Problem(
                file,
                f"disagrees with date_as_written {written!r}{_reading_of(written)}",
                row_number,
                "date",
                row["date"],
            )
    file = tables.file("events")
    for row_number, row in tables.numbered("events"):
        start, end = _date_of(row["date"]), _date_of(row["date_end"])
        if start and end and end < start:
            yield Problem(
                file, "the last day is before the first", row_number, "date_end", row["date_end"]
            )
            continue
        if start and not written_date_agrees(
            row["date_as_written"], start, end, row["date_precision"]
        ):
            yield Problem(
                file,
                f"disagrees with date_as_written {row['date_as_written']!r}"
                f"{_reading_of(row['date_as_written'])}",
                row_number,
                "date",
                row["date"],
            )


def _source_gap_days(ranges: list[str]) -> set[dt.date]:
    """The days of "2020-04-11" and "2020-05-09/2020-05-10" (a range, both days in)."""
    days = set()
    for item in ranges:
        first, _, last = item.partition("/")
        day, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last or first)
        while day <= end:
            days.add(day)
            day += dt.timedelta(days=1)
    return days


def _days_text(days: list[dt.date]) -> str:
    if len(days) == 1:
        return f"{days[0].isoformat()} is missing"
    return f"{len(days)} days are missing, {days[0].isoformat()} to {days[-1].isoformat()}"


def daily_series_rules(tables: Tables) -> Iterator[Problem]:
    """A daily series (x-daily-series) has every day once, in order, from its first to its
    last, but for the days its source itself lacks (source-gaps): a deleted day, or a date
    far after the last, is named with the missing dates."""
    for name, resource in tables.resources.items():
        series = resource["schema"].get("x-daily-series")
        if not series or name not in tables.rows:
            continue
        column, file = series["field"], tables.file(name)
        source_gaps = _source_gap_days(series.get("source-gaps", []))
        previous: dt.date | None = None
        for row_number, row in tables.numbered(name):
            day = _date_of(row[column])
            if day is None:
                continue
            if previous is not None and day <= previous:
                yield Problem(
                    file,
                    f"the rows must be in date order, one per day: this date comes after "
                    f"{previous.isoformat()} (sort the sheet by {column}, oldest first)",
                    row_number,
                    column,
                    row[column],
                )
                previous = day  # compared with the row before it, not with the highest
                continue
            if previous is not None:
                between = [previous + dt.timedelta(days=n) for n in range(1, (day - previous).days)]
                missing = [d for d in between if d not in source_gaps]
                if missing:
                    yield Problem(
                        file,
                        f"the series must have every day: after {previous.isoformat()} comes "
                        f"this date, so {_days_text(missing)} (add a row for each day, with 0 "
                        "where nothing was reported, or correct the date)",
                        row_number,
                        column,
                        row[column],
                    )
            previous = day
