"""Batch ranking in both directions, and the match / advise / rank commands."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import jdlens
from jdlens.cli import main
from jdlens.errors import InputError

DATA = Path(__file__).resolve().parent / "data"
HARVEY = DATA / "resumes" / "harvey_dent_mle.pdf"
JOHN = DATA / "resumes" / "john_doe.pdf"
ML_JOB = DATA / "jobs" / "ml-eng.txt"


@pytest.fixture
def resume_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "resumes"
    folder.mkdir()
    shutil.copy(HARVEY, folder)
    shutil.copy(JOHN, folder)
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    (folder / "notes.rtf").write_text("ignored", encoding="utf-8")
    return folder


def test_rank_resumes_orders_candidates_and_reports_bad_files(resume_dir: Path) -> None:
    ranking = jdlens.rank_resumes(ML_JOB, resume_dir, workers=1)
    assert [r.name for r in ranking.resumes] == ["harvey_dent_mle.pdf", "john_doe.pdf"]
    assert ranking.resumes[0].score > ranking.resumes[1].score
    assert "PyTorch" in ranking.resumes[0].matched and ranking.resumes[0].evidence
    assert len(ranking.errors) == 1 and ranking.errors[0].startswith("scan.pdf: [JDL0")


def test_rank_jobs_from_a_directory_with_top_gaps(tmp_path: Path) -> None:
    jobs = tmp_path / "jobs"
    jobs.mkdir()
    for name in ("ml-eng.txt", "backend-eng.txt", "data_scientist.docx"):
        shutil.copy(DATA / "jobs" / name, jobs)
    ticks: list[tuple[int, int]] = []
    ranking = jdlens.rank_jobs(HARVEY, jobs, workers=1, progress=lambda a, t: ticks.append((a, t)))
    assert len(ranking.jobs) == 3 and ticks == [(1, 3)] * 3
    assert [j.score for j in ranking.jobs] == sorted((j.score for j in ranking.jobs), reverse=True)
    assert ranking.top_gaps and all(g.median_gain >= 0 for g in ranking.top_gaps)
    assert ranking.median_after is not None and ranking.median_after >= ranking.median_score


def test_rank_jobs_from_a_table_of_real_postings(tmp_path: Path) -> None:
    from conftest import corpus_texts, needs_shared

    needs_shared()
    texts = corpus_texts("hn_whoishiring_2026")[:12]
    table = tmp_path / "jobs.jsonl"
    table.write_text(
        "".join(json.dumps({"text": t, "title": f"post {i}"}) + "\n" for i, t in enumerate(texts))
    )
    ranking = jdlens.rank_jobs(HARVEY, table, workers=2)
    assert sorted(j.index for j in ranking.jobs) == list(range(len(ranking.jobs)))
    assert len(ranking.jobs) + len(ranking.errors) == 12


def test_empty_inputs_are_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        jdlens.rank_resumes(ML_JOB, tmp_path, workers=1)
    assert info.value.code == "JDL032"
    with pytest.raises(InputError):
        jdlens.rank_jobs(HARVEY, [], workers=1)


def test_cli_match_formats(capsys: pytest.CaptureFixture[str]) -> None:
    main(["match", str(HARVEY), str(ML_JOB), "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert data["rules_version"] and data["requirements"]
    main(["match", str(HARVEY), str(ML_JOB), "--format", "markdown"])
    assert capsys.readouterr().out.startswith("# Match score:")
    main(["match", str(HARVEY), str(ML_JOB), "--format", "html"])
    html = capsys.readouterr().out
    assert html.startswith("<!doctype html>") and "<script" not in html
    main(["match", str(HARVEY), str(ML_JOB)])
    out = capsys.readouterr().out
    assert "Match score" in out and "Requirements" in out and "Resume checks" in out


def test_cli_errors_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "resume.pdf"
    bad.write_bytes(b"")
    with pytest.raises(SystemExit) as exit_info:
        main(["match", str(bad), str(ML_JOB)])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "[JDL020]" in err
    with pytest.raises(SystemExit):
        main(["rank", "--resume", str(HARVEY)])
    assert "[JDL050]" in capsys.readouterr().err


def test_cli_advise_and_rank(resume_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["advise", str(ML_JOB), "--resume", str(HARVEY), "--format", "json"])
    advice = json.loads(capsys.readouterr().out)
    assert advice["starting_point"] == "ml_practitioner" and advice["salary"]
    main(["rank", "--job", str(ML_JOB), "--resumes", str(resume_dir), "--workers", "1", "--format", "json"])
    ranking = json.loads(capsys.readouterr().out)
    assert ranking["resumes"][0]["name"] == "harvey_dent_mle.pdf"
    main(["rank", "--job", str(ML_JOB), "--resumes", str(resume_dir), "--workers", "1"])
    captured = capsys.readouterr()
    assert "harvey_dent_mle.pdf" in captured.out and "skipped scan.pdf" in captured.err


POSTINGS = [
    (DATA / "jobs" / "ml-eng.txt").read_text(encoding="utf-8"),
    (DATA / "jobs" / "backend-eng.txt").read_text(encoding="utf-8"),
    "Data Scientist\nRequirements:\n- Python, SQL, statistics\n- scikit-learn and pandas\n- A/B testing\n",
    "Computer Vision Engineer\nRequirements:\n- PyTorch, OpenCV, CUDA\n- C++\n",
]


def test_rank_jobs_does_not_depend_on_the_order_of_postings() -> None:
    forward = jdlens.rank_jobs(HARVEY, POSTINGS, workers=1)
    backward = jdlens.rank_jobs(HARVEY, POSTINGS[::-1], workers=1)
    by_text_f = {POSTINGS[j.index]: j.score for j in forward.jobs}
    by_text_b = {POSTINGS[::-1][j.index]: j.score for j in backward.jobs}
    assert by_text_f == by_text_b
    assert [j.score for j in forward.jobs] == [j.score for j in backward.jobs]
    assert forward.top_gaps == backward.top_gaps and forward.median_score == backward.median_score


def test_rank_resumes_does_not_depend_on_file_names(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    shutil.copy(HARVEY, first / "1.pdf")
    shutil.copy(JOHN, first / "2.pdf")
    shutil.copy(HARVEY, second / "2.pdf")
    shutil.copy(JOHN, second / "1.pdf")
    a = jdlens.rank_resumes(ML_JOB, first, workers=1)
    b = jdlens.rank_resumes(ML_JOB, second, workers=1)
    assert [r.score for r in a.resumes] == [r.score for r in b.resumes]
    assert a.resumes[0].matched == b.resumes[0].matched


def test_rank_analyses_each_posting_once_and_the_resume_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from jdlens.matching import matcher, rank

    analysed: list[str] = []
    parsed: list[object] = []
    real_parallel, real_read = rank.analyze_parallel, matcher.read_resume

    def counting_parallel(texts, **kwargs):  # type: ignore[no-untyped-def]
        analysed.extend(texts)
        return real_parallel(texts, **kwargs)

    def counting_read(*args, **kwargs):  # type: ignore[no-untyped-def]
        parsed.append(args[0])
        return real_read(*args, **kwargs)

    monkeypatch.setattr(rank, "analyze_parallel", counting_parallel)
    monkeypatch.setattr(matcher, "read_resume", counting_read)
    monkeypatch.setattr(matcher, "analyze", lambda *a, **k: pytest.fail("a posting analysed twice"))
    jdlens.rank_jobs(HARVEY, POSTINGS, workers=1)
    assert sorted(analysed) == sorted(POSTINGS) and len(parsed) == 1
