"""Vietnamese formatting."""

from __future__ import annotations

import datetime as dt

import pytest

from bao_cao import fmt


@pytest.mark.parametrize(
    ("value", "expected"),
    [(62.31, "62,31"), (6621, "6.621"), (16_000_000_000, "16.000.000.000"), (0, "0"), (2.5, "2,5")],
)
def test_number_uses_decimal_comma_and_thousands_dot(value, expected):
    assert fmt.number(value) == expected


def test_percent_money_and_dates():
    assert fmt.percent(62.31) == "62,31%"
    assert fmt.percent(100) == "100%"
    assert fmt.money(16e9) == "16 tỷ đồng"
    assert fmt.money(2.5e9) == "2,5 tỷ đồng"
    assert fmt.money(300e6) == "300 triệu đồng"
    assert fmt.date(dt.date(2021, 8, 6)) == "06/08/2021"
    assert fmt.month(dt.date(2021, 8, 6)) == "8/2021"


def test_quantity_keeps_the_reports_qualifier():
    assert fmt.quantity(240, "văn bản", "more_than", "trên 240") == "trên 240 văn bản"
    assert fmt.quantity(None, "cuộc họp", "order_of_magnitude", "hàng trăm") == "hàng trăm cuộc họp"
    assert fmt.quantity(62.31, "%", "exact", "62,31%") == "62,31%"
    assert fmt.quantity(16e9, "đồng", "exact", "16 tỷ") == "16 tỷ đồng"
    assert fmt.quantity(3, "vòng kiểm soát", "exact", "03") == "3 vòng kiểm soát"
    assert fmt.quantity(float("nan"), "suất quà", "order_of_magnitude", "hàng vạn") == (
        "hàng vạn suất quà"
    )


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("62,31%", 62.31),
        ("100%", 100),
        ("03", 3),
        ("05 tập thể", 5),
        ("16 tỷ", 16e9),
        ("trên 240", 240),
        ("không có", 0),
        ("6.621", 6621),
        ("hàng trăm", None),
    ],
)
def test_parse_written_reads_the_reports_numbers(written, expected):
    assert fmt.parse_written(written) == expected


def test_words_sort_by_the_vietnamese_alphabet():
    """Code-point order put BTĐKT after BTT, QĐ after QH15, "đi từng ngõ" after VXNV."""
    words = ["VXNV", "đi từng ngõ", "QH15", "QĐ", "BTT", "BTĐKT", "Ủy ban", "UBND", "ân", "an"]
    assert sorted(words, key=fmt.alphabetical) == [
        "an", "ân", "BTĐKT", "BTT", "đi từng ngõ", "QĐ", "QH15", "UBND", "Ủy ban", "VXNV",
    ]  # fmt: skip
