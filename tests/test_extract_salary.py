"""Salary on real postings (text read from ../shared; anchors quote the real sentences)."""

from __future__ import annotations

import json

import pytest

from conftest import SHARED, dev_postings, needs_shared, real_snippet
from jdlens.extract.salary import extract_salary
from jdlens.money import parse_salary_string
from jdlens.text import make_document
from test_salary_statements import STATEMENTS


def salary(text: str) -> tuple[float, float, str, str] | None:
    s = extract_salary(make_document(text))
    if s is None:
        return None
    assert s.evidence and s.evidence[0].text
    return s.min, s.max, s.currency, s.period


@pytest.mark.parametrize(
    ("corpus", "anchor", "want"),
    [
        ("linkedin_ml_us_2024", "Compensation Range: $190K - $240K", (190_000, 240_000, "USD", "year")),
        ("linkedin_ml_us_2024", "environments$19 - $65 an hourOur internship", (19, 65, "USD", "hour")),
        (
            "linkedin_ml_us_2024",
            "Compensation: $75k - $135k, depending on experience",
            (75_000, 135_000, "USD", "year"),
        ),
        # "from $129,300/year in our lowest geographic market up to $223,600/year in our highest"
        (
            "linkedin_ml_us_2024",
            "ranges from $129,300/year in our lowest geographic market up to $223,600/year",
            (129_300, 223_600, "USD", "year"),
        ),
        (
            "hn_whoishiring_2026",
            "Comp: Top-tier EU salaries (~€90k - €120k)",
            (90_000, 120_000, "EUR", "year"),
        ),
        ("hn_whoishiring_2026", "| Rails | €60k-€90k", (60_000, 90_000, "EUR", "year")),
        ("hn_whoishiring_2026", "Comp: ₹40L–₹70L base", (4_000_000, 7_000_000, "INR", "year")),
        ("hn_whoishiring_2026", "Comp: ₹40–60L + ESOPs", (4_000_000, 6_000_000, "INR", "year")),
        ("hn_whoishiring_2026", "$120-$130k CAD", (120_000, 130_000, "CAD", "year")),
        ("glassdoor_ds_2020", "£50,000 – £70,000 See Advert", (50_000, 70_000, "GBP", "year")),
    ],
)
def test_ranges(corpus: str, anchor: str, want: tuple[float, float, str, str]) -> None:
    assert salary(real_snippet(corpus, anchor, before=40, after=40)) == want


def test_hn_single_figures_per_level_are_spanned() -> None:
    # hn_whoishiring_2026: "Junior SWE ($250k + equity), Senior SWE ($375k + equity)": single figures count
    # when "+ equity" marks them as pay, and figures for several levels stated together span one range.
    text = real_snippet("hn_whoishiring_2026", "Junior SWE ($250k + equity)", before=60, after=60)
    assert salary(text) == (250_000, 375_000, "USD", "year")


def test_location_ranges_stated_together_are_spanned(dev_posting) -> None:
    # dev D019 (linkedin_ml_us_2024): Santa Monica $138,900-$186,200 ... San Francisco $152,100 - 203,900
    assert salary(dev_posting("D019")["text"]) == (138_900, 203_900, "USD", "year")


def test_separate_pay_statements_keep_the_first(dev_posting) -> None:
    # dev D012 (linkedin_ml_us_2024): "National Pay Statement" $86,100 - $151,800, later a "Premium" metro range
    assert salary(dev_posting("D012")["text"]) == (86_100, 151_800, "USD", "year")


@pytest.mark.parametrize(
    ("corpus", "anchor"),
    [
        ("linkedin_ml_us_2024", "We've raised $30M+ to date and are backed by Bain Capital"),  # funding
        (
            "linkedin_ml_us_2024",
            "has raised $315 million in funding, at a valuation of $2.1 billion",
        ),  # valuation
        ("linkedin_ml_us_2024", "a one-time $500 home office stipend"),  # equipment stipend
        ("glassdoor_ds_2020", "Annual $2,000 learning budget and Citi Bike membership"),  # learning budget
    ],
)
def test_money_that_is_not_pay(corpus: str, anchor: str) -> None:
    assert salary(real_snippet(corpus, anchor, before=60, after=60)) is None


def test_revenue_and_giving_are_not_pay(dev_posting) -> None:
    # dev D010: "more than $1 billion invested ...; $65 million in charitable giving" plus the real pay range
    assert salary(dev_posting("D010")["text"]) == (70_000, 77_000, "USD", "year")
    # dev D039 (indeed_ds_2020): "Total revenue for the year ended March 31, 2019 was $4.8 billion."
    assert salary(dev_posting("D039")["text"]) is None


def test_dev_set_accuracy() -> None:
    needs_shared()
    gold = [
        json.loads(x) for x in (SHARED / "data/labeled/jdlens_dev_50/gold.jsonl").read_text().splitlines()
    ]
    posts = dev_postings()
    scored = [g for g in gold if g["salary"]]
    ok = 0
    for g in scored:
        got = salary(posts[g["hid"]]["text"])
        want = g["salary"]
        ok += got is not None and all(
            abs(v - want[k]) <= 0.011 * want[k] for v, k in zip(got, ("min", "max"), strict=False)
        )
    assert ok / len(scored) >= 0.9
    unlabelled = [g for g in gold if not g["salary"]]
    assert sum(salary(posts[g["hid"]]["text"]) is not None for g in unlabelled) <= 1


def _statement(sid: str) -> str:
    return next(s["text"] for s in STATEMENTS if s["id"] == sid)


def test_every_range_is_reported_with_its_label_and_base_wins_over_total() -> None:
    # linkedin_ml_us_2024 (Morningstar): "Base Salary Compensation Range$79,091.00 - 134,455.00 USD Annual
    # Total Cash Compensation Range$87,000.00 - 147,900.00 USD Annual"
    s = extract_salary(make_document(_statement("S103")))
    assert s is not None and (s.min, s.max) == (79_091, 134_455)
    assert [(r.min, r.max, r.label) for r in s.ranges] == [
        (79_091, 134_455, "base"),
        (87_000, 147_900, "total"),
    ]
    # hn_whoishiring_2026: "$200k Salary - $400k Total Compensation"
    s = extract_salary(make_document(_statement("S106")))
    assert s is not None and (s.min, s.max) == (200_000, 200_000) and s.ranges[1].label == "total"


def test_tiers_stated_together_are_labelled_and_spanned() -> None:
    # linkedin_ml_us_2024: "Zone A: $192,600 - $267,700Zone B: $173,400 - $241,000Zone C: $159,900 - $222,200"
    s = extract_salary(make_document(_statement("S231")))
    assert s is not None and (s.min, s.max) == (159_900, 267_700)
    assert {r.label for r in s.ranges} == {"tier"} and len(s.ranges) == 3


@pytest.mark.parametrize("sid", ["S056", "S062", "S065", "S032", "S095"])
def test_benefit_and_company_money_is_not_pay(sid: str) -> None:
    # housing subsidy $2,000/month; tuition up to $5,250 a year; donations matched up to $15,000;
    # a $5,250 education budget; "(ACVs $100k–$1m+)" beside the OTE
    s = extract_salary(make_document(_statement(sid)))
    assert s is None or all(r.label == "total" for r in s.ranges)


def test_hourly_to_yearly_range_keeps_both_ends() -> None:
    # linkedin_ml_us_2024 (Meta): "$85.10/hour to $251,000/year + bonus + equity + benefits"
    s = extract_salary(make_document(_statement("S047")))
    assert s is not None and (round(s.min), s.max, s.period) == (177_008, 251_000, "year")


def test_the_postings_own_currency_wins_when_pay_is_stated_in_two() -> None:
    # hn_whoishiring_2026 (Coram AI): "Salary - $150k–$250k USD / £90k–£130k GBP + equity"
    doc = make_document(_statement("S166"))
    first = extract_salary(doc)
    assert first is not None and (first.min, first.max, first.currency) == (150_000, 250_000, "USD")
    uk = extract_salary(doc, "United Kingdom")
    assert uk is not None and (uk.min, uk.max, uk.currency) == (90_000, 130_000, "GBP")
    assert [r.label for r in uk.ranges] == ["base", "base"]  # one pay in two currencies is no tier


@pytest.mark.parametrize(
    ("field", "want"),
    [
        # NHS Jobs 2020 salary strings (nhs_jobs_2020 baseSalary): typing slips a reader looks past
        ("£19.21 to ££30.74", (19.21, 30.74, "hour")),  # the sign typed twice
        ("£82,096 to £10,683 pa", (10_683, 82_096, "year")),  # a range written from its top
        ("£15.65 P/H / £34,271.62", (15.65, 15.65, "hour")),  # one pay in two periods: the first
        ("£24,907 / £26,970 / £27,416 / £30,615", (24_907, 30_615, "year")),  # pay points: first to last
    ],
)
def test_nhs_salary_strings(field: str, want: tuple[float, float, str]) -> None:
    got = parse_salary_string(field, currency="GBP")
    assert got is not None and (got.low, got.high, got.period) == want
