"""``jdlens analyze``: formats, batch mode, and one-line errors for bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from jdlens.cli import main

POSTING = (
    "Senior Machine Learning Engineer\nRequirements\n• 5+ years of Python and PyTorch\n• BS/MS in Computer Science\n"
    "Nice to have\n• Kubernetes\nSalary: $150,000 - $190,000 per year"
)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_json_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    job = tmp_path / "job.txt"
    job.write_text(POSTING)
    code, out, _ = run(capsys, "analyze", str(job), "--format", "json", "--title", "Senior ML Engineer")
    data = json.loads(out)
    assert code == 0
    assert {s["name"] for s in data["skills"]} >= {"Python", "PyTorch", "Kubernetes"}
    assert data["seniority"]["level"] == "senior"
    assert "text" not in data


def test_markdown_and_text_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    job = tmp_path / "job.md"
    job.write_text(POSTING)
    code, out, _ = run(capsys, "analyze", str(job), "--format", "markdown")
    assert code == 0 and "| PyTorch |" in out
    code, out, _ = run(capsys, "analyze", str(job))
    assert code == 0 and "PyTorch" in out and "Seniority" in out


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda p: None, "JDL001"),
        (lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00"), "JDL005"),
        (lambda p: p.write_bytes(bytes(range(256)) * 8), "JDL003"),
        (lambda p: p.write_text("   \n\n"), "JDL002"),
    ],
    ids=["missing", "image", "binary", "empty"],
)
def test_bad_input_is_one_line_and_nonzero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], setup, message
) -> None:
    path = tmp_path / "job.txt"
    setup(path)
    code, _, err = run(capsys, "analyze", str(path))
    assert code != 0
    assert message in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_batch_survives_bad_rows(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    table = tmp_path / "postings.jsonl"
    rows = [
        {"title": "ML Engineer", "description": POSTING},
        {"title": "Empty", "description": ""},
        {"title": "Data Scientist", "description": "Requirements\n• SQL and R"},
    ]
    table.write_text("\n".join(json.dumps(r) for r in rows) + "\n{not json\n")
    out = tmp_path / "out.jsonl"
    code, shown, err = run(
        capsys,
        "analyze",
        "--input",
        str(table),
        "--title-column",
        "title",
        "--output",
        str(out),
        "--workers",
        "1",
    )
    assert code == 0
    lines = [json.loads(x) for x in out.read_text().splitlines()]
    assert [("analysis" in x) for x in lines] == [True, False, True, False]
    assert "JDL002" in lines[1]["error"] and "invalid JSON" in lines[3]["error"]
    assert "2 analyzed, 2 skipped, of 4 rows" in shown
    assert "skipped line 2" in err


def test_batch_unknown_column(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    table = tmp_path / "postings.csv"
    table.write_text("title,body\nML,Python\n")
    code, _, err = run(
        capsys,
        "analyze",
        "--input",
        str(table),
        "--text-column",
        "description",
        "-o",
        str(tmp_path / "o.jsonl"),
    )
    assert code != 0 and "JDL004" in err and "body" in err


def test_batch_csv_and_parquet_in_parallel(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    texts = [POSTING, "Requirements\n• Go and Rust", "Nice to have\n• Spark"] * 3
    pq.write_table(pa.table({"description": texts}), tmp_path / "p.parquet")
    out = tmp_path / "o.jsonl"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "jdlens",
            "analyze",
            "--input",
            str(tmp_path / "p.parquet"),
            "-o",
            str(out),
            "--workers",
            "2",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(x) for x in out.read_text().splitlines()]
    assert [r["row"] for r in rows] == list(range(1, 10))
    assert {s["name"] for s in rows[1]["analysis"]["skills"]} >= {"Go", "Rust"}


def test_stdin(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(POSTING.encode())))
    code, out, _ = run(capsys, "analyze", "-", "--format", "json")
    assert code == 0 and json.loads(out)["salary"]["min"] == 150000


def test_batch_reads_a_json_array_and_gzip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import gzip

    rows = [{"description": POSTING}, {"description": "Requirements\n• SQL and R"}]
    (tmp_path / "p.json").write_text(json.dumps(rows))
    with gzip.open(tmp_path / "p.jsonl.gz", "wt") as handle:
        handle.write("\n".join(json.dumps(r) for r in rows))
    for name in ("p.json", "p.jsonl.gz"):
        out = tmp_path / f"{name}.out.jsonl"
        code, _, err = run(
            capsys, "analyze", "--input", str(tmp_path / name), "-o", str(out), "--workers", "1"
        )
        assert code == 0, err
        assert [("analysis" in json.loads(x)) for x in out.read_text().splitlines()] == [True, True]
