"""Vietnamese formatting of numbers, money, dates and the report's qualified quantities.

Vietnamese writes a decimal comma and groups thousands with a dot (62,31; 6.621); dates
day first (13/10/2023); money in "tỷ đồng". Numbers come from Babel's Vietnamese locale
(CLDR); what is the report's own is kept here: its ways of hedging a figure ("trên 240",
"hàng trăm"), never turned into a bare number, and how it writes numbers ("16 tỷ").
"""

from __future__ import annotations

import datetime as dt
import functools
import re

import icu
from babel.numbers import format_compact_decimal, format_decimal

from bao_cao.data.reading import is_missing

LOCALE = "vi"
BILLION = 1_000_000_000
MILLION = 1_000_000


@functools.cache
def _collator() -> icu.Collator:
    return icu.Collator.createInstance(icu.Locale(LOCALE))


def alphabetical(text: str) -> bytes:
    """A key that orders words by the Vietnamese alphabet (ICU's collation, from CLDR):
    a ă â b c d đ e ê … o ô ơ … u ư …, tones after letters. Code-point order put
    "BTĐKT" after "BTT" and "đi từng ngõ" after "VXNV"."""
    return _collator().getSortKey(text)


def number(value: float, decimals: int | None = None) -> str:
    """62.31 → "62,31"; 6621 → "6.621"; 16000000000 → "16.000.000.000"."""
    if decimals is None:
        return format_decimal(value, locale=LOCALE, decimal_quantization=False)
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=LOCALE)


def percent(value: float) -> str:
    """62.31 → "62,31%" (the report writes the sign without a space)."""
    return f"{number(value)}%"


def money(value_dong: float) -> str:
    """16e9 → "16 tỷ đồng"; 2.5e9 → "2,5 tỷ đồng"; 300e6 → "300 triệu đồng"."""
    if abs(value_dong) >= MILLION:
        words = format_compact_decimal(
            value_dong, format_type="long", locale=LOCALE, fraction_digits=2
        )
        return f"{words} đồng"
    return f"{number(value_dong)} đồng"


def date(value: dt.date | dt.datetime) -> str:
    """2021-08-06 → "06/08/2021"."""
    return value.strftime("%d/%m/%Y")


def month(value: dt.date | dt.datetime) -> str:
    """2021-08-06 → "8/2021" (axis labels)."""
    return f"{value.month}/{value.year}"


def quantity(value: float | None, unit: str, qualifier: str, as_written: str) -> str:
    """An indicator as a reader should read it, keeping the report's qualifier.

    exact 62.31 % → "62,31%"; exact 16e9 đồng → "16 tỷ đồng"; more_than 240 văn bản →
    "trên 240 văn bản"; order_of_magnitude → the report's words ("hàng trăm cuộc họp").
    """
    if qualifier == "order_of_magnitude" or value is None or is_missing(value):
        return f"{as_written} {unit}".strip()
    if unit == "%":
        shown = percent(value)
    elif unit == "đồng":
        shown = money(value)
    else:
        shown = f"{number(value)} {unit}"
    return f"trên {shown}" if qualifier == "more_than" else shown


WRITTEN_NUMBER = re.compile(r"(?P<number>\d+(?:\.\d{3})*(?:,\d+)?)\s*(?P<scale>tỷ|triệu)?")


def parse_written(as_written: str) -> float | None:
    """The number the report writes: "62,31%" → 62.31; "03" → 3; "16 tỷ" → 16e9;
    "trên 240" → 240; "không có" → 0; "hàng trăm" → None (not a number)."""
    if as_written.strip().startswith("không"):
        return 0.0
    match = WRITTEN_NUMBER.search(as_written)
    if not match:
        return None
    value = float(match["number"].replace(".", "").replace(",", "."))
    scale = {"tỷ": BILLION, "triệu": MILLION}.get(match["scale"] or "", 1)
    return value * scale
