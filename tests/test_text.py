"""Normalization (HTML, Markdown, glued scraped text) and section detection."""

from __future__ import annotations

import csv

import pytest

import jdlens
from conftest import SHARED, needs_shared, real_snippet
from jdlens.job.pipeline import prepare
from jdlens.text.normalize import normalize, unglue
from jdlens.text.sections import find_sections, heading_kind


def test_html_is_stripped_and_entities_decoded() -> None:
    raw = "Acme | Remote<p>We use Python &amp; Go.<ul><li>5+ years</li><li>PyTorch</li></ul>"
    text = normalize(raw)
    assert "<" not in text and "&amp;" not in text
    assert "We use Python & Go." in text
    assert "• 5+ years" in text.splitlines()


def test_markdown_headings_and_emphasis() -> None:
    text = normalize("## Requirements\n- **5+ years** of Python\n* SQL")
    assert text.splitlines() == ["Requirements", "• 5+ years of Python", "• SQL"]


def test_glued_lines_are_restored_but_product_names_kept() -> None:
    glued = "perception systemsWork closely with our team. Experience with PyTorch, JavaScript and TensorFlow"
    text = unglue(glued, ("PyTorch", "TensorFlow"))
    assert "systems\nWork closely" in text
    assert "PyTorch" in text and "JavaScript" in text and "TensorFlow" in text


def test_glued_heading_after_sentence_and_before_years() -> None:
    text = normalize(
        "delivering related products.1+ years of hands-on experience. What We're Looking For5+ years"
    )
    lines = text.splitlines()
    assert "1+ years of hands-on experience." in lines[1]
    assert lines[-1] == "5+ years"


def test_real_glued_linkedin_posting_gets_its_sections() -> None:
    raw = real_snippet("linkedin_ml_us_2024", "Looking For5+ years of backend", before=1500, after=900)
    kinds = [s.kind for s in prepare(raw).sections]
    assert "responsibilities" in kinds and "requirements" in kinds


def test_heading_kinds() -> None:
    assert heading_kind("Minimum Qualifications:") == "requirements"
    assert heading_kind("Preferred Qualifications") == "preferred"
    assert heading_kind("Nice to have") == "preferred"
    assert heading_kind("It'd be even better if you…") == "preferred"
    assert heading_kind("What You'll Do") == "responsibilities"
    assert heading_kind("Benefits") == "benefits"
    assert heading_kind("About Us") == "about_company"
    assert heading_kind("• Experience with Python and SQL is required for this role") is None


def test_inline_heading_opens_section() -> None:
    sections = find_sections("Intro line\nRequirements: Python, SQL\nBonus: Kafka")
    assert [s.kind for s in sections] == ["intro", "requirements", "preferred"]


def test_sections_cover_the_text_in_order() -> None:
    text = normalize("About us\nWe build.\nResponsibilities\n• Ship\nQualifications\n• Python\nPerks\n• Food")
    sections = find_sections(text)
    assert sections[0].start == 0 and sections[-1].end == len(text)
    assert all(a.end == b.start for a, b in zip(sections, sections[1:], strict=False))


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("We Prefer", "preferred"),
        ("What would make you stand out", "preferred"),
        ("Things that would make you stand out:", "preferred"),
        ("It's a plus if you have:", "preferred"),
        ("Ideally you also have", "preferred"),
        ("Extra credit:", "preferred"),
        ("What we need from you", "requirements"),
        # items, not headings: they name what is wished for
        ("Python is a plus", None),
        ("Knowledge of Kafka is a plus", None),
        ("Experience with Spark preferred", None),
        # a sentence is not a heading
        ("Plan requirements with internal customers.", None),
    ],
)
def test_headings_are_a_class(line: str, kind: str | None) -> None:
    assert heading_kind(line) == kind


def test_heading_glued_to_the_line_before() -> None:
    text = "Requirements\nExperience with R, Python, or MATLAB.Extra credit:\nFamiliarity with Bayesian inference."
    kinds = [(s.kind, s.heading) for s in find_sections(text)]
    assert kinds[-1] == ("preferred", "Extra credit")


_PREFERRED_HEADINGS = (
    "We Prefer",
    "Bonus points:",
    "What would make you stand out",
    "Extra credit",
    "Even better",
)
_MINIMUM_HEADINGS = ("What you'll need:", "Requirements", "You have", "Must haves")


def _google_rows(limit: int) -> list[dict[str, str]]:
    csv.field_size_limit(1 << 30)
    path = SHARED / "data/postings/google_careers_2018/job_skills.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [
            r for r in csv.DictReader(handle) if r["Minimum Qualifications"] and r["Preferred Qualifications"]
        ]
    return rows[:limit]


def _google_accuracy(glued: bool, limit: int) -> float:
    """Skills of the Minimum block must come out required, skills only in the Preferred block preferred."""
    ok = n = 0
    for i, row in enumerate(_google_rows(limit)):
        minimum, preferred = row["Minimum Qualifications"].strip(), row["Preferred Qualifications"].strip()
        parts = [_MINIMUM_HEADINGS[i % 4], minimum, _PREFERRED_HEADINGS[i % 5], preferred]
        a = jdlens.analyze(("" if glued else "\n").join(parts), title=row["Title"])
        pref_at = a.text.find(preferred.split("\n", 1)[0][:40])
        if pref_at < 0:  # normalization changed the line: no answer key for this row
            continue
        for skill in a.skills:
            places = {e.start >= pref_at for e in skill.evidence}
            n += 1
            ok += skill.requirement == ("preferred" if places == {True} else "required")
    return ok / n


@pytest.mark.parametrize("glued", [False, True])
def test_google_minimum_preferred_under_other_headings(glued: bool) -> None:
    """The employer's own Minimum / Preferred split (google_careers_2018), under rephrased headings,
    on separate lines or glued to the line before as scrapers leave them."""
    needs_shared()
    assert _google_accuracy(glued, limit=200) >= 0.95
