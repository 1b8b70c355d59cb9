"""Table limits in every format: a field over the character limit is a coded bad row at its position in
CSV, JSON Lines, JSON arrays and Parquet; JSON arrays and Parquet are streamed; nothing is dropped."""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from jdlens.config import get_settings
from jdlens.errors import InputError
from jdlens.market.database import connect
from jdlens.market.store import ingest_files
from jdlens.sources.tables import bounded_lines, count_rows, iter_rows, peek_columns

LIMIT = 1000
GOOD = "Requirements: Python, SQL and PyTorch; 3+ years."


@pytest.fixture
def small_limit(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("JDLENS_MAX_TEXT_CHARS", str(LIMIT))
    get_settings.cache_clear()
    yield
    monkeypatch.delenv("JDLENS_MAX_TEXT_CHARS")
    get_settings.cache_clear()


RECORDS = [
    {"title": "ML Engineer", "description": GOOD},
    {"title": "Too long", "description": "x" * (LIMIT + 1)},
    {"title": "Data Scientist", "description": GOOD + " R."},
]


def _write(path: Path, kind: str) -> Path:
    if kind == "jsonl":
        path.write_text("\n".join(json.dumps(r) for r in RECORDS) + "\n", encoding="utf-8")
    elif kind == "json":
        path.write_text(json.dumps(RECORDS, indent=1), encoding="utf-8")
    elif kind == "csv":
        rows = "".join(f'{r["title"]},"{r["description"]}"\n' for r in RECORDS)
        path.write_text("title,description\n" + rows, encoding="utf-8")
    else:
        import pyarrow as pa
        import pyarrow.parquet as pq

        pq.write_table(pa.Table.from_pylist(RECORDS), path, row_group_size=2)
    return path


POSITIONS = {
    "jsonl": ["line 1", "line 2", "line 3"],
    "json": ["record 0", "record 1", "record 2"],
    "csv": ["line 2", "line 3", "line 4"],
    "parquet": ["record 0", "record 1", "record 2"],
}


@pytest.mark.parametrize("kind", sorted(POSITIONS))
def test_a_field_over_the_limit_is_a_coded_bad_row_in_every_format(
    kind: str, tmp_path: Path, small_limit: None
) -> None:
    path = _write(tmp_path / f"jobs.{kind}", kind)
    rows = list(iter_rows(path, chunk=2))
    assert [r.where for r in rows] == POSITIONS[kind]
    assert [r.data is None for r in rows] == [False, True, False]
    assert rows[1].code == "JDL007" and rows[1].error
    assert rows[2].data is not None and rows[2].data["title"] == "Data Scientist"


def test_the_limit_lifted_reads_every_field(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JDLENS_MAX_TEXT_CHARS", "0")
    get_settings.cache_clear()
    try:
        for kind in POSITIONS:
            rows = list(iter_rows(_write(tmp_path / f"jobs.{kind}", kind)))
            assert all(r.data is not None for r in rows), kind
    finally:
        monkeypatch.delenv("JDLENS_MAX_TEXT_CHARS")
        get_settings.cache_clear()


def test_a_json_lines_line_over_the_bound_is_skipped_unread(tmp_path: Path, small_limit: None) -> None:
    path = tmp_path / "jobs.jsonl"
    huge = json.dumps({"description": "y" * (7 * LIMIT + (1 << 20))})
    path.write_text(json.dumps(RECORDS[0]) + "\n" + huge + "\n" + json.dumps(RECORDS[2]) + "\n")
    rows = list(iter_rows(path))
    assert [(r.where, r.code if r.data is None else None) for r in rows] == [
        ("line 1", None),
        ("line 2", "JDL007"),
        ("line 3", None),
    ]
    assert count_rows(path) == 3


def test_bounded_lines_reads_a_long_line_in_pieces() -> None:
    text = io.StringIO("short\n" + "z" * 50 + "\nlast")
    assert list(bounded_lines(text, 10)) == [(1, "short\n"), (2, None), (3, "last")]
    assert list(bounded_lines(io.StringIO("a\n\nb\n"), 0)) == [(1, "a\n"), (2, "\n"), (3, "b\n")]


def test_count_rows_counts_non_blank_lines_across_blocks(tmp_path: Path) -> None:
    path = tmp_path / "jobs.jsonl"
    path.write_bytes(b'{"a": 1}\n  \n' + b'{"b": "' + b"q" * (3 << 20) + b'"}\n\n{"c": 3}')
    assert count_rows(path) == 3


def test_a_json_array_is_streamed_and_broken_json_ends_it_with_one_bad_row(tmp_path: Path) -> None:
    path = tmp_path / "jobs.json"
    good = ",".join(json.dumps(r) for r in (RECORDS[0], RECORDS[2]))
    path.write_text(f'[{good}, {{"title": "cut', encoding="utf-8")
    rows = list(iter_rows(path))
    assert [r.where for r in rows] == ["record 0", "record 1", "record 2"]
    assert rows[0].data is not None and rows[1].data is not None
    assert rows[2].data is None and rows[2].code == "JDL009" and "invalid JSON" in (rows[2].error or "")


def test_a_json_array_keeps_numbers_as_json_does(tmp_path: Path) -> None:
    path = tmp_path / "jobs.json.gz"
    path.write_bytes(
        gzip.compress(json.dumps([{"description": GOOD, "salary_min": 80000.5, "n": 3}]).encode())
    )
    (row,) = list(iter_rows(path))
    assert row.data == {"description": GOOD, "salary_min": 80000.5, "n": 3}
    assert type(row.data["salary_min"]) is float


def test_deeply_nested_json_array_record_is_a_bad_row(tmp_path: Path) -> None:
    path = tmp_path / "jobs.json"
    deep = '{"a":' * 5000 + "1" + "}" * 5000
    path.write_text(f"[{json.dumps(RECORDS[0])}, {deep}, {json.dumps(RECORDS[2])}]")
    rows = list(iter_rows(path))
    assert [r.data is None for r in rows] == [False, True, False]
    assert "nested too deep" in (rows[1].error or "")


def test_a_json_array_in_cp1252_keeps_the_euro(tmp_path: Path) -> None:
    path = tmp_path / "jobs.json"
    path.write_bytes(json.dumps([{"description": "Salary €80,000"}], ensure_ascii=False).encode("cp1252"))
    (row,) = list(iter_rows(path))
    assert row.data == {"description": "Salary €80,000"}


def test_ingest_records_each_bad_rows_position_and_code(tmp_path: Path, small_limit: None) -> None:
    path = tmp_path / "jobs.csv"
    path.write_text(
        "title,description\n"
        f'ML Engineer,"{GOOD}"\n'
        "broken,line,with,too,many\n"
        f'Too long,"{"x" * (LIMIT + 1)}"\n'
        "No text,\n"
        f'Data Scientist,"{GOOD} R."\n',
        encoding="utf-8",
    )
    db = tmp_path / "m.duckdb"
    result = ingest_files(path, db, workers=1)
    assert [(b.where, b.code) for b in result.bad_rows] == [
        ("line 3", "JDL009"),
        ("line 4", "JDL007"),
        ("line 5", "JDL002"),
    ]
    con = connect(db, read_only=True)
    try:
        stored = con.execute(
            "SELECT s.name, b.row_no, b.position, b.code FROM bad_rows b JOIN sources s USING (source_id) "
            "ORDER BY b.row_no"
        ).fetchall()
    finally:
        con.close()
    name = f"{tmp_path.name}/jobs.csv"
    assert stored == [
        (name, 1, "line 3", "JDL009"),
        (name, 2, "line 4", "JDL007"),
        (name, 3, "line 5", "JDL002"),
    ]


def test_a_database_made_before_the_columns_gets_them(tmp_path: Path) -> None:
    import duckdb

    db = tmp_path / "old.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE bad_rows (source_id VARCHAR, row_no BIGINT, reason VARCHAR)")
    con.execute("INSERT INTO bad_rows VALUES ('s', 1, 'old')")
    con.close()
    con = connect(db)
    try:
        assert con.execute("SELECT * FROM bad_rows").fetchall() == [("s", 1, "old", None, None)]
    finally:
        con.close()


@pytest.mark.parametrize("suffix", [".jsonl", ".json", ".csv.gz", ".jsonl.gz"])
def test_a_truncated_gzip_keeps_the_rows_before_and_ends_with_one_bad_row(
    tmp_path: Path, suffix: str
) -> None:
    lines = [json.dumps(RECORDS[0])] * 400
    body = "\n".join(lines) if "csv" not in suffix else "title,description\n" + "x,Python\n" * 4000
    packed = gzip.compress(body.encode())
    path = tmp_path / f"jobs{suffix}"
    path.write_bytes(packed[: len(packed) * 2 // 3])
    rows = list(iter_rows(path))
    assert rows and rows[-1].data is None and rows[-1].code == "JDL009"
    assert "truncated or corrupt gzip" in (rows[-1].error or "")
    assert all(r.data is not None for r in rows[:-1])
    assert [r.row_no for r in rows] == list(range(len(rows)))


def test_gzip_magic_alone_is_one_bad_row_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "jobs.jsonl"
    path.write_bytes(b"\x1f\x8b")
    (row,) = list(iter_rows(path))
    assert row.data is None and "gzip" in (row.error or "")
    csv_path = tmp_path / "jobs.csv"
    csv_path.write_bytes(b"\x1f\x8b\x08\x00")
    with pytest.raises(InputError):
        peek_columns(csv_path)


def test_a_parquet_file_is_read_in_memory_bounded_by_a_row_group(tmp_path: Path) -> None:
    """Arrow's live memory while a file of 20 row groups is read in batches of one row group (0.8 MB
    of text each) stays near one batch; a reader that keeps each group's column chunks until the file
    is closed holds the whole file (16 MB)."""
    import random

    import pyarrow as pa
    import pyarrow.parquet as pq

    rng = random.Random(7)
    texts = ["".join(rng.choices("abcdefghij klmnop", k=4000)) for _ in range(4000)]
    path = tmp_path / "jobs.parquet"
    pq.write_table(
        pa.table({"title": ["ML Engineer"] * 4000, "description": texts}),
        path,
        row_group_size=200,
        compression="none",
    )
    held = pa.total_allocated_bytes()  # what the process holds already (other tests' tables)
    peak = count = 0
    for _ in iter_rows(path, chunk=200):
        count += 1
        peak = max(peak, pa.total_allocated_bytes() - held)
    assert count == 4000
    assert peak < 6 * 2**20, f"{peak / 2**20:.1f} MB of Arrow memory for a 16 MB file"
