"""What a spreadsheet program does to a CSV it opens and saves, said in staff terms.

Excel turns what looks like a date or a number into one, in the computer's own format,
and saves it as it shows it: a date as 3/18/2020 (a US region) or as its serial number
(44584), a range "3-7" as the date "7-Mar", 16000000000 as "1.6E+10", "05" as "5". Each
rule here recognises one of those, says what Excel did and how to undo it, and never
offers a date that the cell does not certainly mean.
"""

from __future__ import annotations

import datetime as dt
import re

# Excel's day 0 (its 1900 date system, which counts a 29/02/1900 that never was).
EXCEL_EPOCH = dt.date(1899, 12, 30)
SERIAL = re.compile(r"^\d{5}(?:\.0+)?$")
SLASHED = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$")
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# "7-Mar", "Mar-07", "07-thg 3" (Excel in Vietnamese shows months as "thg").
DAY_MONTH_NAME = re.compile(r"^(\d{1,2})[- ]([A-Za-z]{3})$")
MONTH_NAME_DAY = re.compile(r"^([A-Za-z]{3})[- ](\d{1,2})$")
DAY_THG = re.compile(r"^(\d{1,2})[- ]thg (\d{1,2})$", re.IGNORECASE)
SCIENTIFIC = re.compile(r"^-?\d+(?:[.,]\d+)?[eE][+-]?\d+$")

AS_TEXT = (
    "before typing, format the column as Text (Format Cells › Text), or start the cell "
    "with an apostrophe ('); then save again as CSV UTF-8"
)


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def date_rule(cell: str) -> str | None:
    """What Excel did to a date column's cell, or None if it is none of its doings."""
    text = cell.strip()
    # Excel's serials of 2000-01-01 to 2099-12-31: another number names no date for certain.
    if SERIAL.match(text) and 36526 <= int(float(text)) <= 73050:
        day = EXCEL_EPOCH + dt.timedelta(days=int(float(text)))
        return (
            f"{text} is the number Excel keeps for the date {day.isoformat()} (the column "
            f"was formatted as a number, so it saved the number): write {day.isoformat()}, "
            "and format the column as Text (or as the date format yyyy-mm-dd) before saving"
        )
    match = SLASHED.match(text)
    if not match:
        return None
    first, second, year = (int(part) for part in match.groups())
    if year < 100:
        return (
            "a two-digit year: Excel wrote the date in the computer's short format; write the "
            "date in full as YYYY-MM-DD (format the column as Text, or as yyyy-mm-dd, first)"
        )
    day_first, month_first = _date(year, second, first), _date(year, first, second)
    if day_first and month_first and day_first != month_first:
        return (
            f"this date could be {day_first.isoformat()} (day first, as Vietnamese dates are "
            f"written) or {month_first.isoformat()} (month first, as Excel writes dates when "
            "Windows' region is English (United States)): write the date the row means as "
            "YYYY-MM-DD, and format the column as Text (or as yyyy-mm-dd) before saving"
        )
    if month_first and not day_first:
        return (
            f"month first: Excel wrote this date as Windows' region English (United States) "
            f"writes dates; it is {month_first.isoformat()}: write that, and format the column "
            "as Text (or as yyyy-mm-dd) before saving"
        )
    if day_first:
        return f"dates are written YYYY-MM-DD: write {day_first.isoformat()}"
    return "not a real calendar date; dates are written YYYY-MM-DD (for example 2021-09-10)"


def range_turned_date(cell: str) -> str | None:
    """A text such as "3-7" (a range, a number pair) that Excel turned into a date."""
    text = cell.strip()
    month = day = None
    if match := DAY_MONTH_NAME.match(text):
        if match[2].lower() in MONTHS:
            day, month = int(match[1]), MONTHS.index(match[2].lower()) + 1
    elif match := MONTH_NAME_DAY.match(text):
        if match[1].lower() in MONTHS:
            month, day = MONTHS.index(match[1].lower()) + 1, int(match[2])
    elif match := DAY_THG.match(text):
        day, month = int(match[1]), int(match[2])
    if month is None or day is None or not 1 <= day <= 31:
        return None
    return (
        f"Excel turned what was typed (probably “{month}-{day}” or “{day}-{month}”, a range "
        f"or a pair of numbers) into a date, and saved the date as it showed it, {text!r}: "
        f"type the text again as the report writes it; {AS_TEXT}"
    )


def scientific_rule(cell: str) -> str | None:
    """A number Excel saved in scientific notation (as it showed it in a narrow column)."""
    if not SCIENTIFIC.match(cell.strip()):
        return None
    return (
        "Excel saved this number in scientific notation, as it showed it in a column too "
        "narrow for its digits, and digits may be lost: write the number in full (digits "
        "only), format the column as Number with 0 decimals or as Text, and save again"
    )


def dropped_zero(value: str, source: str) -> str | None:
    """The report's words hold the value with a leading zero ("05", "06/8/2021") that a
    spreadsheet dropped when it read the cell as a number or a date."""
    for candidate in {f"0{value}", re.sub(r"(?<!\d)(\d)(?=/)", r"0\1", value)} - {value}:
        if re.search(rf"(?<![\w/]){re.escape(candidate)}(?![\w/])", source):
            return (
                f"the report writes {candidate!r}: Excel dropped the leading zero when it read "
                f"the cell as a number or a date; type {candidate!r} again; {AS_TEXT}"
            )
    return None
