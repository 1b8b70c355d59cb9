"""Years of experience on real postings (text read from ../shared; anchors quote the real sentences)."""

from __future__ import annotations

import json

import pytest

from conftest import SHARED, dev_postings, needs_shared, real_snippet
from jdlens.extract.experience import extract_experience
from jdlens.text import make_document


def years(text: str) -> tuple[float | None, float | None, dict[str, float]]:
    e = extract_experience(make_document(text))
    for ev in e.evidence:
        assert ev.text and ev.end > ev.start
    return e.min_years, e.max_years, e.by_degree


@pytest.mark.parametrize(
    ("corpus", "anchor", "after", "want"),
    [
        # linkedin_ml_us_2024
        ("linkedin_ml_us_2024", "3+ years of experience as a Machine Learning Engineer", 0, (3, None)),
        ("linkedin_ml_us_2024", "3-5+ years of proven experience in an ML/AI architect role", 0, (3, 5)),
        (
            "linkedin_ml_us_2024",
            "2 years minimum experience working with artificial intelligence",
            0,
            (2, None),
        ),
        # indeed_ds_2020
        ("indeed_ds_2020", "1-3 years of working experience in data science", 0, (1, 3)),
        ("indeed_ds_2020", "5-7 years of experience manipulating data sets", 0, (5, 7)),
        # glassdoor_ds_2020: written-out numbers
        ("glassdoor_ds_2020", "Minimum five years’ work experience within Biopharma", 0, (5, None)),
    ],
)
def test_statements(corpus: str, anchor: str, after: int, want: tuple[float, float | None]) -> None:
    low, high, _ = years(real_snippet(corpus, anchor, after=after))
    assert (low, high) == want


def test_glued_sentence_after_degree() -> None:
    # linkedin_ml_us_2024: "...or a related field.3+ years of experience" (scraped text, no space)
    text = real_snippet("linkedin_ml_us_2024", "Machine Learning, or a related field.3+ years", after=60)
    assert years(text)[0] == 3


def test_degree_dependent_years_take_the_smallest() -> None:
    # glassdoor_ds_2020 (dev D023): "BS ... with eight (8) years ...; or MS ... with five (5) years ...; or PhD ..."
    text = real_snippet("glassdoor_ds_2020", "BS in machine learning, cybersecurity, statistics", after=420)
    low, _, by_degree = years(text)
    assert low == 2
    assert by_degree == {"bachelor": 8, "master": 5, "phd": 2}


def test_required_beats_preferred(dev_posting) -> None:
    # dev D011 (linkedin_ml_us_2024): "1+ years of hands-on experience" required, "3+ years" only nice to have
    assert years(dev_posting("D011")["text"])[0] == 1


def test_first_requirement_is_primary(dev_posting) -> None:
    # dev D035 (indeed_ds_2020): 5+ years scripting, 5+ SQL, 3+ ML, 5+ analytics -> 5 (overall), not the max/min
    assert years(dev_posting("D035")["text"])[0] == 5


@pytest.mark.parametrize(
    ("corpus", "anchor"),
    [
        ("indeed_ds_2020", "established 10 years ago, the company is solidly profitable"),  # company age
        ("hn_whoishiring_2026", "We’re a series A company started 2 years ago"),  # company age
        ("linkedin_ml_us_2024", "About You4-year degree in Quantitative disciplines"),  # degree length
        ("glassdoor_ds_2020", "four-year degree in chemistry, biological sciences"),  # degree length
    ],
)
def test_not_experience(corpus: str, anchor: str) -> None:
    assert years(real_snippet(corpus, anchor, before=60, after=60))[0] is None


def test_per_year_figures_are_not_experience(dev_posting) -> None:
    # dev D005: "marketing approximately 3 million hogs per year" is the only other "year" in the posting
    text = dev_posting("D005")["text"]
    assert "hogs per year" in text
    assert years(text)[0] == 2


def test_dev_set_accuracy() -> None:
    needs_shared()
    gold = [
        json.loads(x) for x in (SHARED / "data/labeled/jdlens_dev_50/gold.jsonl").read_text().splitlines()
    ]
    posts = dev_postings()
    scored = [g for g in gold if g["years_acceptable"]]
    ok = 0
    for g in scored:
        low = years(posts[g["hid"]]["text"])[0]
        ok += low is not None and any(abs(low - v) < 0.01 for v in g["years_acceptable"])
    assert ok / len(scored) >= 0.9


def test_google_minimum_qualifications_years() -> None:
    # google_careers_2018 "Minimum Qualifications": the first "N years" figure is the minimum asked for.
    import csv
    import re

    needs_shared()
    path = SHARED / "data/postings/google_careers_2018/job_skills.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["Minimum Qualifications"]][:300]
    agree = 0
    for r in rows:
        quals = r["Minimum Qualifications"]
        stated = re.search(r"(\d+) years? of", quals)
        doc_text = (
            f"Minimum qualifications:\n{quals}\nPreferred qualifications:\n{r['Preferred Qualifications']}"
        )
        low = years(doc_text)[0]
        agree += (low is None and stated is None) or (stated is not None and low == float(stated.group(1)))
    assert agree / len(rows) >= 0.93
