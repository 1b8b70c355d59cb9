"""Salary over 381 real statements checked by hand (tests/data/salary_statements.jsonl): posting excerpts
(LinkedIn, Glassdoor, Indeed, Hacker News, python.org jobs), NHS salary fields and AI-lab ATS pay summaries.
Every class of issue 11: several ranges, number formats, money that is not pay, two currencies, hourly.
The ``held_out`` slice was not looked at while the reader was fixed; its figure is reported apart."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from conftest import DATA
from jdlens.extract.salary import extract_salary
from jdlens.money import parse_salary_string
from jdlens.text import make_document

STATEMENTS = [json.loads(line) for line in (DATA / "salary_statements.jsonl").read_text("utf-8").splitlines()]


def read(item: dict) -> tuple[float, float, str, str] | None:
    if item["kind"] == "field":
        found = parse_salary_string(item["text"], currency=item.get("currency"))
        return None if found is None else (found.low, found.high, found.currency or "", found.period)
    salary = extract_salary(make_document(item["text"]))
    return None if salary is None else (salary.min, salary.max, salary.currency, salary.period)


def agrees(got: tuple[float, float, str, str] | None, want: dict | None) -> bool:
    if got is None or want is None:
        return got is None and want is None
    close = all(abs(g - want[k]) <= 0.005 * want[k] for g, k in zip(got[:2], ("min", "max"), strict=True))
    return close and got[2:] == (want["currency"], want["period"])


def accuracy(split: str) -> tuple[float, list[str]]:
    items = [s for s in STATEMENTS if s["split"] == split]
    wrong = [s["id"] for s in items if not agrees(read(s), s["want"])]
    return 1 - len(wrong) / len(items), wrong


def test_the_corpus_covers_every_class() -> None:
    classes = Counter(s["class"] for s in STATEMENTS)
    assert len(STATEMENTS) >= 300
    for name in ("notpay", "total", "hourly", "format", "currency2", "nonusd", "tier", "range", "nhs", "ats"):
        assert classes[name] >= 5, name
    assert sum(s["want"] is None for s in STATEMENTS) >= 50  # money that is not pay


@pytest.mark.parametrize(("split", "floor"), [("fix", 0.98), ("held_out", 0.95)])
def test_statements(split: str, floor: float) -> None:
    score, wrong = accuracy(split)
    assert score >= floor, wrong


def test_the_checker_can_fail() -> None:
    item = next(s for s in STATEMENTS if s["want"] and s["kind"] == "text")
    assert not agrees((1.0, 2.0, "USD", "year"), item["want"])
    assert not agrees(None, item["want"])
