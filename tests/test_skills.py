"""Skill matching on real posting text, including the ambiguous names.

Each case reads a sentence from a real posting in ../shared/data (found by a short anchor) and lists
the skills that must and must not be found there.
"""

from __future__ import annotations

import pytest

from conftest import real_snippet
from jdlens.extract.skills import get_matcher


def names_in(text: str) -> set[str]:
    matcher = get_matcher()
    return {matcher.taxonomy.by_id[h.skill_id].name for h in matcher.find(text)}


# (corpus, anchor, extra characters after the anchor, must find, must not find)
CASES = [
    ("glassdoor_ds_2020", "across R&D and Vaccines", 40, set(), {"R"}),
    ("glassdoor_ds_2020", "core R&D efforts for data products", 20, set(), {"R"}),
    ("linkedin_ml_us_2024", "and go to market strategy", 20, set(), {"Go"}),
    ("linkedin_ml_us_2024", "answers questions about your go-to-market", 20, set(), {"Go"}),
    ("linkedin_ml_us_2024", "think bigger, spark innovation", 30, set(), {"Apache Spark"}),
    ("linkedin_ml_us_2024", "you excel at interpreting data", 40, set(), {"Excel"}),
    ("linkedin_ml_us_2024", "To excel in this role", 60, set(), {"Excel"}),
    (
        "linkedin_ml_us_2024",
        "Advanced Python, SQL, and advanced Excel skills",
        0,
        {"Python", "SQL", "Excel"},
        set(),
    ),
    ("glassdoor_ds_2020", "Solid understanding of Microsoft Excel", 0, {"Excel"}, set()),
    (
        "linkedin_ml_us_2024",
        "MLflow, Kubeflow, Python/R, SQL",
        40,
        {"MLflow", "Kubeflow", "Python", "R", "SQL", "GCP"},
        set(),
    ),
    (
        "linkedin_ml_us_2024",
        "coding skills in Python, C/C++, or Java",
        0,
        {"Python", "C", "C++", "Java"},
        {"JavaScript"},
    ),
    ("linkedin_ml_us_2024", "such as Java, C# or Python", 0, {"Java", "C#", "Python"}, {"C"}),
    (
        "glassdoor_ds_2020",
        "C#/.NET, C++, C, Scala, Python, R, Java",
        0,
        {"C#", ".NET", "C++", "C", "Scala", "Python", "R", "Java"},
        set(),
    ),
    (
        "linkedin_ml_us_2024",
        "React, TypeScript, Node.js, and Postgres",
        0,
        {"TypeScript", "Node.js", "PostgreSQL"},
        {"JavaScript"},
    ),
    ("linkedin_ml_us_2024", "Proficiency in Python, R, or Julia", 0, {"Python", "R", "Julia"}, set()),
    ("linkedin_ml_us_2024", "Deep expertise in Python, Go, or Rust", 0, {"Python", "Go", "Rust"}, set()),
    (
        "linkedin_ml_us_2024",
        "such as Python, Scala, Java, or SQL",
        0,
        {"Python", "Scala", "Java", "SQL"},
        {"JavaScript"},
    ),
    ("linkedin_ml_us_2024", "Proficiency in Go or Python", 0, {"Go", "Python"}, set()),
    ("linkedin_ml_us_2024", "million Series C funding", 20, set(), {"C"}),
    ("linkedin_ml_us_2024", "operators and C-suite executives", 0, set(), {"C"}),
    (
        "linkedin_ml_us_2024",
        "Python (preferred), Ruby, JavaScript, or Java",
        0,
        {"Python", "JavaScript", "Java"},
        set(),
    ),
    ("linkedin_ml_us_2024", "programming, e.g. JavaScript", 0, {"JavaScript"}, {"Java"}),
    ("linkedin_ml_us_2024", "Experience with R preferred", 0, {"R"}, set()),
]


@pytest.mark.parametrize(
    ("corpus", "anchor", "after", "present", "absent"), CASES, ids=[c[1][:40] for c in CASES]
)
def test_real_sentences(corpus: str, anchor: str, after: int, present: set[str], absent: set[str]) -> None:
    found = names_in(real_snippet(corpus, anchor, after=after))
    assert present <= found, f"missing {present - found} in {found}"
    assert not (absent & found), f"wrongly found {absent & found}"


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        ("Experience with scikit-learn, sklearn or scikit learn", {"scikit-learn"}, set()),
        ("We use k8s and GCP; deep knowledge of Kubernetes", {"Kubernetes", "GCP"}, set()),
        ("Strong C++ and C# skills", {"C++", "C#"}, {"C"}),
        ("Built with PySpark on Databricks", {"Apache Spark", "Databricks"}, set()),
        ("Hugging Face Transformers and Amazon SageMaker", {"Hugging Face", "SageMaker"}, set()),
        ("a plus: JavaScript", {"JavaScript"}, {"Java"}),
        ("Grade C or above in GCSE maths", set(), {"C"}),
        ("Ready to go above and beyond?", set(), {"Go"}),
    ],
)
def test_boundaries_and_aliases(text: str, present: set[str], absent: set[str]) -> None:
    found = names_in(text)
    assert present <= found, f"missing {present - found} in {found}"
    assert not (absent & found), f"wrongly found {absent & found}"


def test_evidence_offsets_point_into_text() -> None:
    text = "Requirements\n• 3+ years with PyTorch and Docker"
    for hit in get_matcher().find(text):
        assert text[hit.start : hit.end].lower() == hit.alias.lower() or hit.ambiguous is False


def test_longest_match_wins_but_implied_parent_kept() -> None:
    found = names_in("Experience with TensorFlow Serving")
    assert "TensorFlow Serving" in found


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        ("Develop, optimize, and deploy large-scale machine learning models", {"model deployment"}, set()),
        (
            "experience in training, deploying, monitoring, debugging, and iterating on production machine learning "
            "systems",
            {"model deployment"},
            set(),
        ),
        ("Monitor production models for drift", {"model monitoring"}, set()),
        ("design, develop, and evaluate predictive models", {"model evaluation"}, set()),
        ("We deploy our platform to hospitals.", set(), {"model deployment"}),
    ],
)
def test_verb_phrases_state_skills(text: str, present: set[str], absent: set[str]) -> None:
    found = names_in(text)
    assert present <= found, f"missing {present - found} in {found}"
    assert not (absent & found)
