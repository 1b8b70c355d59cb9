"""Degree level, preference, fields and equivalence on real postings (text read from ../shared)."""

from __future__ import annotations

import json

import pytest

from conftest import SHARED, dev_postings, needs_shared, real_snippet
from jdlens.extract.education import extract_education
from jdlens.models import Education
from jdlens.text import make_document


def education(text: str) -> Education:
    return extract_education(make_document(text))


@pytest.mark.parametrize(
    ("corpus", "anchor", "after", "minimum", "preferred"),
    [
        # linkedin_ml_us_2024
        ("linkedin_ml_us_2024", "EducationBS/MS in Computer Science, Data Science", 40, "bachelor", None),
        (
            "linkedin_ml_us_2024",
            "MS or PhD in computer science or equivalent experience required",
            0,
            "master",
            None,
        ),
        ("linkedin_ml_us_2024", "A master’s degree or above in Data Science", 40, "master", None),
        # "Bachelor's ... (Master's or PhD preferred ...)": bachelor required, PhD the highest preferred
        ("linkedin_ml_us_2024", "A Bachelor’s degree (Master’s or PhD preferred;", 60, "bachelor", "phd"),
        # indeed_ds_2020
        ("indeed_ds_2020", "M.S. or Ph.D. in Computer Science, Electrical Engineering", 30, "master", None),
        ("indeed_ds_2020", "Advanced degree (PhD) in Machine Learning, Data Science", 40, "phd", None),
        # glassdoor_ds_2020: "Minimum a master's degree ..., Ph.D. preferred"
        ("glassdoor_ds_2020", "Minimum a master’s degree in a relevant field", 120, "master", "phd"),
    ],
)
def test_levels(corpus: str, anchor: str, after: int, minimum: str, preferred: str | None) -> None:
    ed = education(real_snippet(corpus, anchor, after=after))
    assert (ed.min_degree, ed.preferred_degree) == (minimum, preferred)
    assert ed.evidence and all(ev.text for ev in ed.evidence)


def test_degree_only_preferred_gives_none(dev_posting) -> None:
    # dev D000 (linkedin_ml_us_2024): "Nice to have:MSc or PhD in perception or closely related field"
    ed = education(dev_posting("D000")["text"])
    assert (ed.min_degree, ed.preferred_degree) == ("none", "phd")


def test_required_and_preferred_headings_on_one_line(dev_posting) -> None:
    # dev D015: "Required Education: Bachelor's degree ..." then "Preferred Education: Master's degree ..."
    ed = education(dev_posting("D015")["text"])
    assert (ed.min_degree, ed.preferred_degree) == ("bachelor", "master")
    assert "computer science" in ed.fields


def test_master_as_a_verb_is_not_a_degree(dev_posting) -> None:
    # dev D036 (indeed_ds_2020): "A drive to learn and master new technologies" beside "a degree in Statistics"
    ed = education(dev_posting("D036")["text"])
    assert ed.min_degree == "bachelor"
    assert {"statistics", "mathematics", "computer science"} <= set(ed.fields)


def test_equivalent_experience() -> None:
    # glassdoor_ds_2020: "... or a related technical field, or equivalent practical experience."
    text = real_snippet(
        "glassdoor_ds_2020", "Degree in computer science, engineering, mathematics, statistics", after=80
    )
    assert education(text).equivalent_experience is True
    # linkedin_ml_us_2024: "or a related field" is about the field, not experience
    text = real_snippet(
        "linkedin_ml_us_2024", "Bachelor's degree in Computer Science, Machine Learning, or a related field."
    )
    assert education(text).equivalent_experience is False


def test_no_education_mentioned(dev_posting) -> None:
    # dev D007 (linkedin_ml_us_2024, Perplexity): no degree anywhere
    assert education(dev_posting("D007")["text"]).min_degree is None


def test_dev_set_accuracy() -> None:
    needs_shared()
    gold = [
        json.loads(x) for x in (SHARED / "data/labeled/jdlens_dev_50/gold.jsonl").read_text().splitlines()
    ]
    posts = dev_postings()
    ok = sum(
        (education(posts[g["hid"]]["text"]).min_degree or "none") == (g["degree_min"] or "none") for g in gold
    )
    assert ok / len(gold) >= 0.9
