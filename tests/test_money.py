"""jdlens.money: currencies, periods, conversion to annual US dollars, and reading figures."""

from __future__ import annotations

import time

import pytest

from jdlens import money
from jdlens.money import currency_code, find_ranges, parse_number, parse_salary_string
from test_salary_statements import STATEMENTS, agrees, read


@pytest.mark.parametrize(
    ("token", "code"),
    [
        ("£", "GBP"),
        ("€", "EUR"),
        ("$", "USD"),
        ("₹", "INR"),
        ("CA$", "CAD"),
        ("C$", "CAD"),
        ("R$", "BRL"),
        ("usd", "USD"),
    ],
)
def test_currency_symbols_come_from_the_data(token: str, code: str) -> None:
    assert currency_code(token) == code


def test_a_wrong_mapping_in_the_data_is_caught(monkeypatch) -> None:
    # With "£" mapped to EUR, an NHS salary string of the hand-checked corpus reads in the wrong currency.
    item = next(s for s in STATEMENTS if s["id"] == "N00")  # "£24,907 to £30,615 pa (pro-rata)"
    assert agrees(read(item), item["want"])
    table = dict(money.currency_table())
    table["symbols"] = {**table["symbols"], "£": "EUR"}
    monkeypatch.setattr(money, "currency_table", lambda: table)
    assert not agrees(read(item), item["want"])


def test_the_money_data_is_whole() -> None:
    table = money.currency_table()
    rates = table["usd_per_unit"]
    assert all(code in rates for code in table["symbols"].values())
    assert all(code in rates for code in table["country_currency"].values())
    assert set(table["periods"]) == set(money.PERIODS) == set(table["annualization"])
    assert table["date"] and "European Central Bank" in table["source"]


def test_one_home_for_periods_per_year() -> None:
    assert money.periods_per_year() == {"year": 1, "month": 12, "week": 52, "day": 260, "hour": 2080}
    assert money.annual(50, "hour") == 104_000


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("120,000", 120_000),
        ("127 700,00", 127_700),
        ("45.000", 45_000),
        ("66,560.00", 66_560),
        ("162,8000", 162_800),  # a stray digit after a thousands comma
        ("82.95", 82.95),
        ("13,79", 13.79),
    ],
)
def test_number_formats(text: str, value: float) -> None:
    assert parse_number(text)[0] == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("$162,8000 - $203,500", (162_800, 203_500, "USD", "year")),
        ("$85, 000 to $200,000", (85_000, 200_000, "USD", "year")),
        ("$200,00-250,000", (200_000, 250_000, "USD", "year")),
        ("$120,700 -- $228,600 annually", (120_700, 228_600, "USD", "year")),
        ("$85/hr. - $95/hr.", (85, 95, "USD", "hour")),
        ("$56.25/hour to $173,000/year", (117_000, 173_000, "USD", "year")),
        ("€45.000 - € 70.000 per year", (45_000, 70_000, "EUR", "year")),
        ("65-95k€", (65_000, 95_000, "EUR", "year")),
        ("$145~170k", (145_000, 170_000, "USD", "year")),
        ("₹40–60L", (4_000_000, 6_000_000, "INR", "year")),
        ("Minimum: $127 700,00 Maximum: $255 400,00", (127_700, 255_400, "USD", "year")),
    ],
)
def test_ranges(text: str, want: tuple) -> None:
    found = find_ranges(text)[0]
    assert (found.low, found.high, found.currency, found.period) == pytest.approx(want)


def test_fields_read_as_stated() -> None:
    found = parse_salary_string("£24,907 / £26,970 / £27,416 / £30,615", currency="GBP")
    assert found is not None and (found.low, found.high) == (24_907, 30_615)  # the points of one scale
    assert parse_salary_string("Band 6/7 equivalent", currency="GBP") is None  # a grade, not money
    assert parse_salary_string("£375-£450 per session", currency="GBP") is None  # a price per session
    ats = parse_salary_string("$178.2K  $301.5K  Offers Equity")  # ATS summary whose dash was lost
    assert ats is not None and (ats.low, ats.high, ats.period) == (178_200, 301_500, "year")
    bare = parse_salary_string("194K  226K  Offers Equity", currency="GBP")  # no sign: the record's currency
    assert bare is not None and (bare.low, bare.high, bare.currency) == (194_000, 226_000, "GBP")


@pytest.mark.parametrize("text", ["$1," * 30_000, "£" * 100_000, "$1 - " * 20_000, "9" * 100_000])
def test_hostile_text_is_read_in_bounded_time(text: str) -> None:
    started = time.thread_time()
    find_ranges(text)
    parse_salary_string(text)
    assert time.thread_time() - started < 3.0  # linear: about 0.5 s CPU for 100 KB here
