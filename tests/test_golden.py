"""Whole-posting analyses of real postings, checked by hand against the text.

The postings are Hacker News "Who is hiring" posts in tests/data/postings (see tests/data/README.md).
"""

from __future__ import annotations

from pathlib import Path

import jdlens

POSTINGS = Path(__file__).resolve().parent / "data" / "postings"


def analyze(name: str) -> jdlens.JobAnalysis:
    return jdlens.analyze((POSTINGS / name).read_text(encoding="utf-8"))


def by_name(a: jdlens.JobAnalysis) -> dict[str, str]:
    return {s.name: s.requirement for s in a.skills}


def test_liveeo_senior_ml_engineer() -> None:
    a = analyze("hn_47230454.html")
    req = by_name(a)
    for name in ("Python", "PyTorch", "deep learning", "Databricks", "MLflow"):
        assert req.get(name) == "required", (name, req.get(name))
    assert req.get("AWS") == "unspecified" and req.get("PostgreSQL") == "unspecified"  # tech stack line
    assert req.get("Ray") == "preferred"  # "(Bonus points for ... distributed compute with Ray)"
    assert "computer vision" in req
    assert not {"R", "C", "Go"} & set(req)  # "ML R&D lifecycle"
    assert a.role.category == "ml_engineer"
    assert a.seniority.level == "senior"
    assert (a.location.city, a.location.country, a.location.remote) == ("Berlin", "Germany", "hybrid")
    assert a.salary is None and a.experience.min_years is None and a.education.min_degree is None


def test_warmwind_llm_rl_engineer() -> None:
    a = analyze("hn_47229571.html")
    req = by_name(a)
    for name in (
        "large language models",
        "reinforcement learning",
        "PyTorch",
        "TensorFlow",
        "JAX",
        "CUDA",
        "distributed systems",
        "deep learning",
    ):
        assert req.get(name) == "required", (name, req.get(name))
    assert a.role.category in ("nlp_llm", "ml_engineer", "research_scientist")
    assert a.seniority.level == "senior"
    assert a.salary is not None and (a.salary.min, a.salary.currency, a.salary.period) == (
        160000,
        "EUR",
        "year",
    )
    assert a.location.remote == "onsite"


def test_nomi_senior_ml_engineer() -> None:
    a = analyze("hn_46861580.html")
    req = by_name(a)
    assert {"large language models", "RAG"} <= set(req)
    assert a.salary is not None and (a.salary.min, a.salary.max, a.salary.currency) == (150000, 250000, "USD")
    assert a.location.remote == "remote"
    assert a.seniority.level == "senior"
    assert a.role.category in ("ml_engineer", "nlp_llm")
