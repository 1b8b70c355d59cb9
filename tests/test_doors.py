"""One door: the same file gives the same analysis through the CLI, the Python API and the web, and the
same table gives the same columns and the same bad-row positions to analyze --input, rank and ingest."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

import jdlens
from jdlens.cli import main
from jdlens.market.store import ingest_files
from jdlens.matching.rank import load_postings
from jdlens.web.app import create_app

POSTING = (
    "Senior Machine Learning Engineer\n"
    "Requirements\n"
    "• 5+ years of Python and PyTorch\n"
    "• MSc in Computer Science\n"
    "Nice to have\n"
    "• Kubernetes and Spark\n"
    "Salary: €80,000 - €95,000 per year. Location: Berlin, Germany."
)


def _html(text: str) -> bytes:
    lines = text.split("\n")
    items = "".join(f"<li>{line[2:]}</li>" for line in lines if line.startswith("• "))
    page = (
        "<!DOCTYPE html><html><head><style>.java{color:red}</style></head><body>"
        f'<script>var tags=["Java","Scala"]</script><h1>{lines[0]}</h1><ul>{items}</ul>'
        f"<p>{lines[-1]}</p><noscript>Enable Rust</noscript></body></html>"
    )
    return page.encode("utf-8")


def _json_ld(text: str) -> bytes:
    lines = text.split("\n")
    record = {"@context": "https://schema.org", "@type": "JobPosting", "title": lines[0]}
    record["description"] = "<br>".join(lines[1:])
    page = f'<html><body><p>Menu</p><script type="application/ld+json">{json.dumps(record)}</script></body></html>'
    return page.encode("utf-8")


def _docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _pdf(text: str) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    font = "Helvetica"
    try:
        pdfmetrics.registerFont(TTFont("DejaVu", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"))
        font = "DejaVu"
    except Exception:  # no TrueType font here: Helvetica has no euro glyph in its text layer
        text = text.replace("€", "EUR ")
    pdf.setFont(font, 10)
    for n, line in enumerate(text.split("\n")):
        pdf.drawString(72, 720 - 14 * n, line)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


CORPUS: dict[str, Callable[[], bytes]] = {
    "utf8.txt": lambda: POSTING.encode("utf-8"),
    "bom.txt": lambda: b"\xef\xbb\xbf" + POSTING.encode("utf-8"),
    "windows.txt": lambda: POSTING.replace("\n", "\r\n").encode("cp1252"),
    "unicode.txt": lambda: POSTING.encode("utf-16"),
    "posting.md": lambda: ("# " + POSTING.replace("• ", "- ")).encode("utf-8"),
    "posting.html": lambda: _html(POSTING),
    "jsonld.html": lambda: _json_ld(POSTING),
    "posting.docx": lambda: _docx(POSTING),
    "posting.pdf": lambda: _pdf(POSTING),
}


def _cli(capsys: pytest.CaptureFixture[str], path: Path) -> dict[str, Any]:
    try:
        main(["analyze", str(path), "--format", "json"])
    except SystemExit as exc:
        assert not exc.code, capsys.readouterr().err
    out = capsys.readouterr().out
    return json.loads(out)


@pytest.fixture(scope="module")
def web() -> TestClient:
    return TestClient(create_app())


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_same_file_same_analysis_through_every_door(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], web: TestClient
) -> None:
    data = CORPUS[name]()
    path = tmp_path / name
    path.write_bytes(data)
    from_path = jdlens.analyze(path).to_dict()
    from_bytes = jdlens.analyze(data).to_dict()
    from_cli = _cli(capsys, path)
    response = web.post("/api/analyze", files={"job_file": (name, data)})
    assert response.status_code == 200, response.text
    from_web = response.json()
    assert from_path == from_bytes == from_cli == from_web
    skills = {s["name"] for s in from_path["skills"]}
    assert {"Python", "PyTorch", "Kubernetes"} <= skills and not {"Java", "Scala", "Rust"} & skills
    if name != "posting.pdf" or "€" in jdlens.analyze(path, title=None).text:
        assert from_path["salary"]["currency"] == "EUR" and from_path["salary"]["min"] == 80000


def test_analyze_bytes_is_not_their_repr() -> None:
    analysis = jdlens.analyze(POSTING.encode("cp1252"))
    assert not analysis.text.startswith("b'") and "€80,000" in analysis.text


def test_binary_path_is_a_coded_error(tmp_path: Path) -> None:
    binary = tmp_path / "ls"
    binary.write_bytes(b"\x7fELF\x02\x01\x01" + bytes(range(256)) * 4)
    with pytest.raises(jdlens.JdlensError) as info:
        jdlens.analyze(binary)
    assert info.value.code == "JDL005"
    with pytest.raises(jdlens.JdlensError):
        jdlens.match("Python developer", binary)


# ---- tables -------------------------------------------------------------------------------------

LINKEDIN_HEADER = (
    "job_title,company_name,company_address_locality,company_address_region,job_description_text\n"
)


def _linkedin_csv(path: Path) -> Path:
    rows = [
        'ML Engineer,Acme,Austin,TX,"Requirements\n• Python and PyTorch"',
        "Data Scientist,Beta,Boston,MA,SQL and R required",
        "broken,line,with,too,many,fields",
        'MLOps Engineer,Gamma,Denver,CO,"Kubernetes, Docker\nand Terraform"',
    ]
    path.write_text(LINKEDIN_HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_linkedin_layout_read_alike_by_analyze_rank_and_ingest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = _linkedin_csv(tmp_path / "linkedin.csv")
    out = tmp_path / "out.jsonl"
    try:
        main(["analyze", "--input", str(table), "-o", str(out), "--workers", "1"])
    except SystemExit as exc:
        assert not exc.code, capsys.readouterr().err
    lines = [json.loads(x) for x in out.read_text().splitlines()]
    assert [(r["row"], r["where"], "analysis" in r) for r in lines] == [
        (1, "line 2", True),
        (2, "line 4", True),
        (3, "line 5", False),
        (4, "line 6", True),
    ]
    assert lines[0]["title"] == "ML Engineer" and "expected 5 fields" in lines[2]["error"]
    assert "line 5: expected 5 fields" in capsys.readouterr().err

    errors: list[str] = []
    positions: list[str] = []
    texts, titles = load_postings(table, errors=errors, positions=positions)
    assert len(texts) == 3 and titles[2] == "MLOps Engineer"
    assert positions == ["line 2", "line 4", "line 6"]
    assert errors == ["line 5: expected 5 fields, saw 6"]

    result = ingest_files(table, tmp_path / "m.duckdb", workers=1)
    assert result.files[0].postings_added == 3 and result.files[0].rows_read == 4
    assert [(b.row, b.where) for b in result.bad_rows] == [(2, "line 5")]


def test_table_in_cp1252_keeps_the_euro(tmp_path: Path) -> None:
    table = tmp_path / "jobs.csv"
    table.write_bytes('title,description\nML Engineer,"Python; salary €80,000"\n'.encode("cp1252"))
    texts, _ = load_postings(table)
    assert texts == ["Python; salary €80,000"]
