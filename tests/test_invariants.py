"""Common checks over every fixture posting and resume, in the spirit of scikit-learn's estimator checks.

Whatever the extractors find, these hold for every input: evidence points into the analysed text,
the output is deterministic and survives a JSON round trip, and batch results keep input order on
one worker and on several.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from pydantic import BaseModel

import jdlens
from jdlens.matching.matcher import job_file_text
from jdlens.matching.rank import rank_resumes
from jdlens.models import Evidence, JobAnalysis, MatchResult, Resume, ResumeEvidence
from jdlens.resume import parse_resume_text, read_resume

DATA = Path(__file__).resolve().parent / "data"
ROOT = DATA.parents[1]
MAX_POSTINGS = 40


@cache
def postings() -> tuple[tuple[str, str], ...]:
    """(name, text) of every fixture posting: files, the demo and sample corpora (first 40 rows)."""
    files = sorted((DATA / "postings").glob("*")) + sorted((DATA / "jobs").glob("*"))
    files.append(ROOT / "examples" / "hn_senior_ml_engineer.html")
    out = [(p.name, job_file_text(p)) for p in files if p.is_file()]
    sample = (DATA / "market" / "hn_ml_sample.jsonl").read_text(encoding="utf-8").splitlines()
    out += [(f"hn_ml_sample:{i + 1}", json.loads(line)["text"]) for i, line in enumerate(sample) if line]
    return tuple(out[:MAX_POSTINGS])


@cache
def analyses() -> tuple[JobAnalysis, ...]:
    return tuple(jdlens.analyze(text) for _, text in postings())


RESUME_TEXT = (
    "Pat Doe\nMachine Learning Engineer\npat@example.com | (555) 123-4567\n"
    "Experience\nML Engineer, Acme, Jan 2019 - Dec 2024\n"
    "• Trained PyTorch ranking models in Python, raising click-through by 12%\n"
    "• Deployed models on Kubernetes with MLflow tracking\n"
    "Education\nB.S. Computer Science, 2014 - 2018\nSkills\nPython, PyTorch, Kubernetes, SQL\n"
)


@cache
def resumes() -> tuple[Resume, ...]:
    files = sorted((DATA / "resumes").glob("*.pdf"))
    return tuple(read_resume(p) for p in files) + (parse_resume_text(RESUME_TEXT),)


def _spans(model: BaseModel, kind: type[BaseModel]) -> Iterator[BaseModel]:
    """Every ``kind`` instance anywhere inside ``model``."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        items = (
            value
            if isinstance(value, list | tuple)
            else list(value.values())
            if isinstance(value, dict)
            else [value]
        )
        for item in items:
            if isinstance(item, kind):
                yield item
            elif isinstance(item, BaseModel):
                yield from _spans(item, kind)


def _bad_spans(text: str, spans: Iterator[BaseModel]) -> list[str]:
    bad = []
    for span in spans:
        start, end, quoted = span.start, span.end, span.text  # type: ignore[attr-defined]
        if not (0 <= start < end <= len(text)) or text[start:end] != quoted:
            bad.append(f"{start}-{end} {quoted!r} vs {text[max(0, start) : max(0, end)]!r}")
    return bad


def test_fixtures_are_many_and_varied() -> None:
    assert len(postings()) == MAX_POSTINGS
    assert {p.suffix for p in (DATA / "jobs").iterdir()} >= {".txt", ".docx"}


@pytest.mark.parametrize("index", range(MAX_POSTINGS))
def test_posting_evidence_points_into_the_text(index: int) -> None:
    analysis = analyses()[index]
    spans = list(_spans(analysis, Evidence))
    assert spans or not analysis.skills
    assert not _bad_spans(analysis.text, iter(spans)), postings()[index][0]
    for skill in analysis.skills:
        assert skill.evidence, f"{skill.name} has no evidence"


@pytest.mark.parametrize("index", range(MAX_POSTINGS))
def test_posting_analysis_is_deterministic_and_survives_json(index: int) -> None:
    name, text = postings()[index]
    first = analyses()[index]
    assert jdlens.analyze(text).to_dict() == first.to_dict(), name
    back = JobAnalysis.model_validate_json(json.dumps(first.to_dict(include_text=True)))
    assert back == first


def test_resume_evidence_points_into_the_resume_text() -> None:
    for resume in resumes():
        assert not _bad_spans(resume.text, _spans(resume, ResumeEvidence)), resume.filename


def test_match_evidence_points_into_both_texts_and_is_deterministic() -> None:
    for resume in resumes():
        for analysis in analyses()[:6]:
            result = jdlens.match(resume, analysis)
            for row in result.requirements:
                assert not _bad_spans(analysis.text, iter(row.job_evidence)), row.name
                assert not _bad_spans(resume.text, iter(row.resume_evidence)), row.name
            assert 0 <= result.score <= 100
            again = jdlens.match(resume, analysis)
            assert again.to_dict() == result.to_dict()
            assert MatchResult.model_validate_json(json.dumps(result.to_dict())) == result


def test_analyze_many_keeps_input_order_on_one_and_several_workers() -> None:
    texts = [text for _, text in postings()[:24]] + [""]  # an empty text yields its error in place
    one = [
        r.to_dict(include_text=True) if isinstance(r, JobAnalysis) else r.code
        for r in jdlens.analyze_many(texts, workers=1)
    ]
    two = [
        r.to_dict(include_text=True) if isinstance(r, JobAnalysis) else r.code
        for r in jdlens.analyze_many(texts, workers=2)
    ]
    assert one == two
    assert one[-1] == "JDL002"
    assert [r["text"] for r in one[:-1]] == [a.text for a in analyses()[:24]]


def test_batch_command_keeps_row_order_on_several_workers(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from jdlens.cli import app

    rows = [{"title": name, "text": text} for name, text in postings()[:20]]
    source = tmp_path / "postings.jsonl"
    source.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    outputs = []
    for workers in (1, 2):
        out = tmp_path / f"out{workers}.jsonl"
        args = ["analyze", "--input", str(source), "--text-column", "text", "--title-column", "title"]
        result = CliRunner().invoke(app, [*args, "--output", str(out), "--workers", str(workers)])
        assert result.exit_code == 0, result.output
        outputs.append([json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()])
    assert outputs[0] == outputs[1]
    assert [o["title"] for o in outputs[1]] == [r["title"] for r in rows]


def test_rank_resumes_is_the_same_on_one_and_several_workers(tmp_path: Path) -> None:
    folder = tmp_path / "resumes"
    folder.mkdir()
    for pdf in (DATA / "resumes").glob("*.pdf"):
        (folder / pdf.name).write_bytes(pdf.read_bytes())
    lines = RESUME_TEXT.splitlines()
    for i in range(8):  # enough files for the process pool to be used; each resume a different subset
        kept = [line for j, line in enumerate(lines) if (j + i) % 5 or j < 2]
        (folder / f"candidate_{i}.txt").write_text("\n".join(kept) + "\n", encoding="utf-8")
    job = analyses()[0]
    one = rank_resumes(job, folder, workers=1)
    two = rank_resumes(job, folder, workers=2)
    assert one.to_dict() == two.to_dict()
    by_name = {r.name: r.score for r in two.resumes}
    for name, score in by_name.items():
        alone = jdlens.match(
            folder / name if (folder / name).exists() else next(folder.glob(f"{name}*")), job
        )
        assert alone.score == score, name


def test_rank_jobs_is_the_same_on_one_and_several_workers() -> None:
    texts = [text for _, text in postings()[:16]]
    resume = resumes()[-1]
    one = jdlens.rank_jobs(resume, texts, workers=1)
    two = jdlens.rank_jobs(resume, texts, workers=2)
    assert one.to_dict() == two.to_dict()
    for ranked in two.jobs[:5]:
        assert ranked.score == jdlens.match(resume, texts[ranked.index]).score
