"""A heading that names the company opens company boilerplate only when it is about the company.

"About Moloco" is about the company; "The Impact You'll Be Contributing to Moloco" and "What you'll do
at Stripe" introduce the role, and the skills under them are the job's (not masked as boilerplate).
"""

from __future__ import annotations

import pytest

from jdlens.job.pipeline import analyze
from jdlens.text.normalize import normalize
from jdlens.text.sections import find_sections, heading_kind


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("About Moloco:", "about_company"),
        ("Life at Moloco", "about_company"),
        ("The Impact You’ll Be Contributing to Moloco:", "responsibilities"),
        ("The Impact You'll Have", "responsibilities"),
        ("What You'll Be Doing At 222", "responsibilities"),
        ("What you'll do at Stripe:", "responsibilities"),
        ("Your Impact at Google", "responsibilities"),
        ("Your role at Acme", "responsibilities"),
        ("The impact of our platform on advertisers worldwide", None),
    ],
)
def test_company_named_headings(line: str, kind: str | None) -> None:
    assert heading_kind(normalize(line)) == kind


# A real posting's shape (LinkedIn ML intern, 2024): the company paragraph, then the role glued to it
# under a heading that names the company.
MOLOCO = (
    "About Moloco:Moloco is a machine learning company empowering organizations of all sizes to grow. "
    "Join us today and apply now!The Impact You’ll Be Contributing to Moloco:We are seeking exceptional "
    "Machine Learning interns to join us in building a state-of-the-art machine learning system. Some "
    "examples of past intern projects are:Conducting experiments on state-of-the-art machine learning "
    "models using Tensorflow for real world, large scale problems. Building data pipelines with BigQuery "
    "and deploying models on Kubernetes."
)


def test_role_under_a_company_named_heading_is_not_boilerplate() -> None:
    text = normalize(MOLOCO)
    kinds = [(s.kind, s.heading) for s in find_sections(text)]
    assert ("about_company", "About Moloco") in kinds
    assert ("responsibilities", "The Impact You'll Be Contributing to Moloco") in kinds
    found = {m.id for m in analyze(MOLOCO).skills}
    assert {"tensorflow", "bigquery", "kubernetes"} <= found
