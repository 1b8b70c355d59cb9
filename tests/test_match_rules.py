"""The score's contracts: one rules file, monotone in skill evidence, deterministic, skills gate the rest,
related credit only between declared neighbours, and a str is always text."""

from __future__ import annotations

import gc
import itertools
from datetime import date
from pathlib import Path

import pytest
import yaml

import jdlens
from jdlens.errors import InputError, JdlensError, RulesError
from jdlens.matching import explain, matcher, rewrite
from jdlens.matching.rules import load_rules, weights_markdown
from jdlens.models import Resume
from jdlens.resume import checks, parse_resume_text
from jdlens.taxonomy import load_related, load_taxonomy

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "src" / "jdlens" / "matching" / "data" / "rules.yaml"
TODAY = date(2026, 1, 1)
JOB = """Machine Learning Engineer
Requirements:
- 3+ years of experience building ML systems
- Python, PyTorch, Kubernetes, SQL
- Experience with AWS and Airflow
- Bachelor's degree in Computer Science
Nice to have:
- Apache Spark
- MLflow
"""
WORK = {
    "python": "Wrote Python services for model training",
    "pytorch": "Trained PyTorch ranking models",
    "kubernetes": "Deployed model servers on Kubernetes",
    "sql": "Wrote SQL queries over the event warehouse",
    "aws": "Ran training jobs on AWS",
    "airflow": "Scheduled pipelines with Airflow",
    "apache_spark": "Processed logs with Apache Spark",
    "mlflow": "Tracked experiments in MLflow",
}


def resume_text(skills: list[str], title: str = "Machine Learning Engineer") -> str:
    bullets = "\n".join(f"• {WORK[s]}" for s in skills) or "• Improved team processes"
    return (
        f"Pat Doe\n{title}\npat@example.com | (555) 123-4567\n"
        f"Experience\n{title}, Acme, Jan 2019 - Present\n{bullets}\n"
        "Education\nB.S. Computer Science, State University, 2018\n"
    )


def score_of(skills: list[str], job: jdlens.JobAnalysis) -> int:
    return jdlens.match(parse_resume_text(resume_text(skills), today=TODAY), job).score


@pytest.fixture(scope="module")
def job() -> jdlens.JobAnalysis:
    return jdlens.analyze(JOB)


def test_docs_publish_the_rules_file_weights() -> None:
    docs = (ROOT / "docs" / "scoring.md").read_text(encoding="utf-8")
    assert weights_markdown(load_rules()) in docs, "regenerate the tables: weights_markdown(load_rules())"
    assert f"`{load_rules().version}`" in docs


def test_changing_a_weight_in_the_rules_file_changes_the_result(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, job: jdlens.JobAnalysis
) -> None:
    resume = parse_resume_text(resume_text(["python", "pytorch"]), today=TODAY)
    before = jdlens.match(resume, job)
    data = yaml.safe_load(RULES.read_text(encoding="utf-8"))
    data["credit"]["shown"] = 0.5
    changed = tmp_path / "rules.yaml"
    changed.write_text(yaml.safe_dump(data), encoding="utf-8")
    monkeypatch.setattr(matcher, "load_rules", lambda: load_rules(changed))
    after = jdlens.match(resume, job)
    assert after.score < before.score
    assert {r.id: r.credit for r in after.requirements}["pytorch"] == 0.5


def test_an_invalid_rules_file_is_a_coded_error(tmp_path: Path) -> None:
    bad = tmp_path / "rules.yaml"
    data = yaml.safe_load(RULES.read_text(encoding="utf-8"))
    del data["credit"]["listed"]
    bad.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(RulesError) as err:
        load_rules(bad)
    assert err.value.code == "JDL012" and "listed" in err.value.message


def test_adding_a_required_skill_with_evidence_never_lowers_the_score(job: jdlens.JobAnalysis) -> None:
    names = list(WORK)
    for size in (0, 1, 3, 5):
        for subset in itertools.islice(itertools.combinations(names, size), 12):
            base = score_of(list(subset), job)
            for extra in names:
                if extra not in subset:
                    assert score_of([*subset, extra], job) >= base, (subset, extra)


def test_removing_a_skill_never_raises_the_score(job: jdlens.JobAnalysis) -> None:
    full = list(WORK)
    top = score_of(full, job)
    for gone in full:
        assert score_of([s for s in full if s != gone], job) <= top, gone


def test_score_is_deterministic_and_cache_free_in_result(job: jdlens.JobAnalysis) -> None:
    text = resume_text(["python", "pytorch", "aws"])
    first = jdlens.match(text, JOB).to_dict()
    matcher.clear_caches()
    again = jdlens.match(text, JOB).to_dict()
    assert first == again
    assert first["band"] in ("strong", "partial", "weak")


def test_years_and_degree_do_not_lift_a_resume_without_the_skills(job: jdlens.JobAnalysis) -> None:
    senior = (
        "Dana Roe\nSenior Attorney\ndana@example.com | (555) 987-6543\n"
        "Experience\nSenior Attorney, Law Firm, Jan 2004 - Present\n"
        "• Drafted contracts and represented clients in court\n"
        "Education\nPh.D. Law, State University, 2003\n"
    )
    result = jdlens.match(parse_resume_text(senior, today=TODAY), job)
    assert result.subscores["experience_years"].score == 100
    assert result.score <= 5 and result.band == "weak"
    skilled = score_of(list(WORK), job)
    assert skilled >= 55 and jdlens.match(resume_text(list(WORK)), JOB).band == "strong"


def test_related_credit_only_between_declared_neighbours(job: jdlens.JobAnalysis) -> None:
    related = load_related()
    assert "tensorflow" in related.of("pytorch") and "gcp" in related.of("aws")
    assert "python" not in related.of("cpp") and "cpp" not in related.of("python")
    taxonomy = load_taxonomy()
    assert all(i in taxonomy.by_id for ids in related.neighbours.values() for i in ids)
    cpp_job = jdlens.analyze("ML Engineer\nRequirements:\n- C++ and CUDA\n- PyTorch\n")
    text = (
        "Pat Doe\nExperience\nML Engineer, Acme, 2019 - 2024\n"
        "• Trained TensorFlow models in Python\nEducation\nB.S. Physics\n"
    )
    result = jdlens.match(parse_resume_text(text, today=TODAY), cpp_job)
    rows = {r.id: r for r in result.requirements}
    assert rows["cpp"].status == "missing" and rows["cpp"].via == ()
    assert rows["pytorch"].how == "related" and rows["pytorch"].via == ("tensorflow",)
    assert "related" in (rows["pytorch"].note or "")
    for s in result.suggestions:
        assert "PyTorch" not in s.message and "C++" not in s.message


def test_every_matched_row_quotes_the_resume(job: jdlens.JobAnalysis) -> None:
    resume = parse_resume_text(resume_text(list(WORK)), today=TODAY)
    result = jdlens.match(resume, job)
    for row in result.requirements:
        if row.status != "missing":
            assert row.resume_evidence, row.id
            for e in row.resume_evidence:
                assert resume.text[e.start : e.end] == e.text


def test_add_keyword_advice_only_for_a_skill_the_resume_shows(job: jdlens.JobAnalysis) -> None:
    resume = parse_resume_text(resume_text(["python", "pytorch"]) + "Skills\nk8s\n", today=TODAY)
    result = jdlens.match(resume, job)
    rows = {r.id: r for r in result.requirements}
    for s in result.suggestions:
        if s.kind == "add_keyword":
            named = [r for r in rows.values() if f'"{r.name}"' in s.message]
            assert named and all(r.how == "alias" for r in named), s.message


# Scraped postings are often one line of a few hundred characters with a period in it: that is text.
LONG_LINES = [
    "Senior ML Engineer. " + "We build PyTorch models for ranking and search. " * n for n in (6, 12, 20)
]


@pytest.mark.parametrize("line", LONG_LINES)
def test_a_long_single_line_is_text_never_a_path(line: str) -> None:
    assert 256 <= len(line) < 1024 and "\n" not in line and "." in line
    result = jdlens.match(line, line)
    assert 0 <= result.score <= 100
    assert jdlens.rank_jobs(line, [line, JOB], workers=1).jobs


def test_a_file_name_too_long_is_a_coded_error() -> None:
    too_long = Path("r" * 300 + ".pdf")
    with pytest.raises(JdlensError) as err:
        jdlens.match(too_long, JOB)
    assert err.value.code.startswith("JDL")
    with pytest.raises(InputError):
        jdlens.match(resume_text(["python"]), Path("j" * 300 + ".txt"))


def test_bytes_and_pathlike_are_files(tmp_path: Path) -> None:
    text = resume_text(["python", "pytorch"])
    path = tmp_path / "resume.txt"
    path.write_text(text, encoding="utf-8")
    by_text = jdlens.match(text, JOB).score
    assert jdlens.match(path, JOB).score == by_text
    assert jdlens.match(text.encode("utf-8"), JOB).score == by_text
    assert jdlens.match(str(path), JOB).resume_years is None  # a str is read as resume text, not a path


def test_resume_texts_are_not_kept_between_calls() -> None:
    """Resumes are personal data: the matcher memoises posting texts only, never a resume text."""
    marker = "Trained a churn model for the Zyxwv dairy cooperative"
    jdlens.match(resume_text(["python", "kubernetes"]) + f"• {marker}\n", JOB)
    gc.collect()
    kept = [o for o in gc.get_objects() if isinstance(o, Resume) and marker in o.text]
    assert kept == [], "a resume read from text outlives the call"
    memos = (
        matcher._VIEWS,
        matcher._PARTS,
        checks._READINGS,
        checks._QUANTIFIED,
        rewrite._RESUME_NUMBERS,
        rewrite._RESUME_WORDS,
        explain._WEAK_OPENINGS,
    )
    assert all(ref() is not None for memo in memos for ref in memo.refs())
    assert matcher._job_from_text.cache_info().currsize >= 1


def test_tooling_without_an_ml_background_is_gated(job: jdlens.JobAnalysis) -> None:
    """An ML posting's languages, databases and clouds without any ML skill do not make an ML match; ML
    skills the posting does not list still count as background."""
    tools = (
        "Pat Doe\nBackend Engineer\npat@example.com | (555) 123-4567\n"
        "Experience\nBackend Engineer, Acme, Jan 2019 - Present\n• Wrote Python services for billing\n"
        "• Ran the services on Kubernetes and AWS\n• Wrote SQL queries over the event warehouse\n"
        "Education\nB.S. Computer Science, State University, 2018\n"
    )
    tools_only = jdlens.match(parse_resume_text(tools, today=TODAY), job)
    ml_work = tools + "Projects\n• Trained XGBoost and scikit-learn churn models\n"
    with_ml = jdlens.match(parse_resume_text(ml_work, today=TODAY), job)
    assert tools_only.subscores["field_background"].score == 0
    assert with_ml.subscores["field_background"].score > 0
    assert with_ml.score > tools_only.score
    gate = load_rules().background.gate
    ungated = 100 * min(1.0, tools_only.raw_score / 100 / gate)
    assert tools_only.raw_score <= gate * 100 + 1e-6 and ungated > tools_only.raw_score


def test_a_posting_without_ml_skills_is_not_judged_by_ml_background() -> None:
    web = jdlens.analyze("Frontend Developer\nRequirements:\n- React, TypeScript and CSS\n- Jest tests\n")
    result = jdlens.match(parse_resume_text(resume_text(["python"]), today=TODAY), web)
    assert result.subscores["field_background"].weight == 0
    assert "not scored" in result.subscores["field_background"].detail
