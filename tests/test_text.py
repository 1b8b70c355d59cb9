"""Normalization (HTML, Markdown, glued scraped text) and section detection."""

from __future__ import annotations

from conftest import real_snippet
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
