"""Reading resumes, in CPU time on one core (``time.process_time``; wall clock is noisy when shared).

    python -m bench.resume_reading --shared ../shared [--passes 3] [--resumes 1000]

Reported: ``parse_resume_text`` per resume over the real dev resumes (both sets; the fixtures when
../shared is absent), ``resume_parts`` per parsed resume (the checks, rule rewrites, verb suggestions
and plain statements ``jdlens.match`` computes for resume text on top of the parse), the reading part of "one posting against 1,000 resumes" (1,000 real texts),
and ``read_resume`` per file and per page for PDFs (the public sample resumes in tests/data and a
generated file whose first page is a scan) and a generated DOCX. Only timings are printed: no
resume text is logged or stored.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from bench.fuzz_files import pdf_pages
from jdlens.matching.matcher import resume_parts
from jdlens.resume import parse_resume_text, read_resume
from jdlens.resume.read import read_raw

TESTS_DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "resumes"
DEV_SETS = ("resume_dev.jsonl", "resume_dev_tech.jsonl")
_TEXT_PAGE = """Jane Roe
Data Scientist
Experience
Jan 2019 - Present Senior Data Scientist, Acme Analytics, Boston
• Built churn models in Python and scikit-learn, cutting churn by 12%
• Deployed a real-time scoring service with Docker and Kubernetes on AWS
2016 - 2018 Data Analyst, Example Bank
• Wrote SQL reports and Tableau dashboards for 12 teams
Education
M.S. Statistics, Example University, 2016
Skills
Python, SQL, Spark, TensorFlow, PyTorch, Airflow"""


def cpu(fn: Callable[[], object]) -> float:
    """CPU seconds of one call."""
    start = time.process_time()
    fn()
    return time.process_time() - start


def _jsonl_texts(path: Path, limit: int | None = None) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()[:limit]
    return [json.loads(line)["text"] for line in lines if line.strip()]


def dev_texts(shared: Path) -> dict[str, list[str]]:
    """The dev resume texts by set, or the Resume-Matcher samples of tests/data without ../shared."""
    root = shared / "data" / "resumes" / "jdlens_resume_dev"
    found = {name: _jsonl_texts(root / name) for name in DEV_SETS if (root / name).is_file()}
    if found:
        return found
    samples = sorted((TESTS_DATA / "labelled" / "resume_matcher").glob("*.txt"))
    return {"tests/data samples": [p.read_text(encoding="utf-8") for p in samples]}


def parse_ms(texts: list[str], passes: int) -> float:
    """Milliseconds of CPU per resume: the fastest of ``passes`` passes over all texts."""
    return min(cpu(lambda: [parse_resume_text(t) for t in texts]) for _ in range(passes)) / len(texts) * 1000


def parts_ms(texts: list[str], passes: int) -> float:
    """Milliseconds of CPU per resume for ``resume_parts`` of the parsed texts (fastest of ``passes``)."""
    parsed = [parse_resume_text(t) for t in texts]
    return min(cpu(lambda: [resume_parts(r) for r in parsed]) for _ in range(passes)) / len(texts) * 1000


def generated_docx() -> bytes:
    """A one-page DOCX resume: a header, headings, list bullets and a skills table."""
    import docx

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Jane Roe | jane.roe@example.com"
    for line in _TEXT_PAGE.split("\n")[1:]:
        if line in ("Experience", "Education", "Skills"):
            document.add_heading(line, 1)
        elif line.startswith("• "):
            document.add_paragraph(line[2:], style="List Bullet")
        else:
            document.add_paragraph(line)
    table = document.add_table(rows=2, cols=2)
    for row, (group, names) in enumerate((("Languages", "Python, SQL"), ("Cloud", "AWS, GCP"))):
        table.cell(row, 0).text = group
        table.cell(row, 1).text = names
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def file_ms(data: bytes, name: str, repeat: int) -> tuple[float, float, int]:
    """Median CPU milliseconds of the file's text (``read_raw``) and of ``read_resume``, and its pages."""
    pages = read_raw(data, name).pages or 1
    text = statistics.median(cpu(lambda: read_raw(data, name)) for _ in range(repeat)) * 1000
    whole = statistics.median(cpu(lambda: read_resume(data, name)) for _ in range(repeat)) * 1000
    return text, whole, pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--resumes", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=20, help="reads of each file (the median is shown)")
    args = parser.parse_args(argv)
    sets = dev_texts(args.shared)
    parse_resume_text(next(iter(sets.values()))[0])  # load the taxonomy, matcher and heading rules
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} cores, load {load}")
    print("CPU time (process_time), one process")
    for name, texts in sets.items():
        print(f"parse_resume_text, {name} ({len(texts)}): {parse_ms(texts, args.passes):6.2f} ms per resume")
        print(f"resume_parts,      {name} ({len(texts)}): {parts_ms(texts, args.passes):6.2f} ms per resume")
    pool = args.shared / "data" / "resumes" / "jdlens_resume_dev" / "livecareer_all.jsonl"
    if pool.is_file():
        texts = _jsonl_texts(pool, args.resumes)
        seconds = cpu(lambda: [parse_resume_text(t) for t in texts])
        print(f"read {len(texts)} real resume texts (1 posting x N, reading part): {seconds:6.2f} s")
    files = [(p.read_bytes(), p.name) for p in sorted(TESTS_DATA.glob("*.pdf"))]
    files += [(pdf_pages(None, _TEXT_PAGE), "scan_first.pdf"), (generated_docx(), "generated.docx")]
    for data, name in files:
        text, whole, pages = file_ms(data, name, args.repeat)
        print(
            f"{name:22s} {pages} page(s): text {text:6.2f} ms ({text / pages:5.2f} ms/page), "
            f"read_resume {whole:6.2f} ms"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
