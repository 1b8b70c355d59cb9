"""Both directions of ``jdlens rank`` read each posting once and each resume once (issue 9), and the
median search of ``rank`` re-scores exactly what ``match`` scores."""

from __future__ import annotations

import shutil
import statistics
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import jdlens
from jdlens import api
from jdlens.cli import main
from jdlens.job import parallel
from jdlens.matching import matcher, mentor

DATA = Path(__file__).resolve().parent / "data"
HARVEY = DATA / "resumes" / "harvey_dent_mle.pdf"
JOHN = DATA / "resumes" / "john_doe.pdf"
ML_JOB = DATA / "jobs" / "ml-eng.txt"
POSTINGS = {
    "ml.txt": ML_JOB.read_text(encoding="utf-8"),
    "backend.txt": (DATA / "jobs" / "backend-eng.txt").read_text(encoding="utf-8"),
    "ds.txt": "Data Scientist\nRequirements:\n- Python, SQL, statistics\n- scikit-learn and pandas\n",
    "cv.txt": "Computer Vision Engineer\nRequirements:\n- PyTorch, OpenCV, CUDA\n- C++\n",
}


def _counting(calls: list[Any], real: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        calls.append(args[0])
        return real(*args, **kwargs)

    return wrapper


@pytest.fixture
def counts(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[Any]]:
    """Every posting analysis (through the facade, the batch and the matcher) and every resume read."""
    seen: dict[str, list[Any]] = {"analysed": [], "read": []}
    real_analyze = jdlens.job.pipeline.analyze
    for module in (api, parallel, matcher):
        monkeypatch.setattr(module, "analyze", _counting(seen["analysed"], real_analyze))
    monkeypatch.setattr(matcher, "read_resume", _counting(seen["read"], matcher.read_resume))
    return seen


def test_rank_job_against_resumes_analyses_the_posting_once_and_reads_each_resume_once(
    tmp_path: Path, counts: dict[str, list[Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "resumes"
    folder.mkdir()
    for source in (HARVEY, JOHN):
        shutil.copy(source, folder)
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    main(["rank", "--job", str(ML_JOB), "--resumes", str(folder), "--workers", "1", "--format", "json"])
    assert "harvey_dent_mle.pdf" in capsys.readouterr().out
    assert len(counts["analysed"]) == 1
    assert sorted(Path(p).name for p in counts["read"]) == ["harvey_dent_mle.pdf", "john_doe.pdf", "scan.pdf"]


def test_rank_resume_against_postings_analyses_each_posting_once_and_reads_the_resume_once(
    tmp_path: Path, counts: dict[str, list[Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "jobs"
    folder.mkdir()
    for name, text in POSTINGS.items():
        (folder / name).write_text(text, encoding="utf-8")
    main(["rank", "--resume", str(HARVEY), "--jobs", str(folder), "--workers", "1", "--format", "json"])
    assert "median_score" in capsys.readouterr().out
    assert len(counts["analysed"]) == len(POSTINGS) == len(set(counts["analysed"]))
    assert [Path(p).name for p in counts["read"]] == ["harvey_dent_mle.pdf"]


def test_the_median_search_scores_what_match_scores() -> None:
    resume = jdlens.read_resume(JOHN)
    jobs = [jdlens.analyze(t) for t in POSTINGS.values()]
    scores = [jdlens.match(resume, j).score for j in jobs]
    gaps = [jdlens.match(resume, j).missing for j in jobs]
    top, after = mentor.raise_median(resume, jobs, scores, gaps)
    assert top, "the developer's resume misses ML skills the postings ask for"
    shown = [i for gain in top for i in gain.skills]
    assert after == statistics.median(jdlens.match(mentor.with_skills(resume, shown), j).score for j in jobs)
    for gain in top:
        what_if = mentor.with_skills(resume, gain.skills)
        deltas = [jdlens.match(what_if, j).score - s for j, s in zip(jobs, scores, strict=True)]
        assert gain.median_gain == round(statistics.median(deltas), 1)
    for job in jobs:
        full = jdlens.match(resume, job)
        assert matcher.standing(resume, job) == (
            full.score,
            full.raw_score,
            sum(g.status == "missing" for g in full.missing),
        )
