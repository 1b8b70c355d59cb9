"""Ingest into DuckDB: normalized tables, dedupe, idempotence, resume after a crash, bad rows, formats,
and the column presets on real rows of the shared corpora."""

from __future__ import annotations

import gzip
import html
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import DATA, SHARED, needs_shared, one, sql
from jdlens.errors import InputError
from jdlens.market import fields as nz
from jdlens.market.database import TABLES
from jdlens.market.filters import Filters
from jdlens.market.reports import compute_report
from jdlens.market.store import ingest_files

SAMPLE = DATA / "market" / "hn_ml_sample.jsonl"
ROOT = Path(__file__).resolve().parents[1]


def dump(db: Path) -> dict[str, list[tuple]]:
    """Every data row of every table, sorted (the sources table without its clock columns)."""
    out = {}
    for table, cols in TABLES.items():
        names = [c for c, _ in cols if c not in ("started_at", "finished_at")]
        out[table] = sorted(sql(db, f"SELECT {', '.join(names)} FROM {table}"), key=repr)
    return out


def sample_rows() -> list[dict]:
    return [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()]


def write_jsonl(path: Path, rows: list, raw_lines: tuple[str, ...] = ()) -> Path:
    lines = [json.dumps(r) for r in rows] + list(raw_lines)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("market") / "sample.duckdb"
    ingest_files([SAMPLE], db, workers=1)
    return db


def test_every_posting_is_stored_once_with_its_analysis(sample_db):
    rows = sample_rows()
    distinct = len({nz.description_key(r["text"]) for r in rows})
    assert one(sample_db, "SELECT count(*) FROM postings") == distinct
    assert one(sample_db, "SELECT count(DISTINCT posting_id) FROM postings") == distinct
    assert one(sample_db, "SELECT count(*) FROM descriptions") == distinct
    # each posting's skills are listed once, stated or implied, with a category from the taxonomy
    assert (
        one(
            sample_db,
            "SELECT count(*) FROM (SELECT posting_id, skill_id FROM posting_skills "
            "GROUP BY ALL HAVING count(*) > 1)",
        )
        == 0
    )
    assert (
        one(
            sample_db,
            "SELECT count(*) FROM posting_skills s LEFT JOIN skills k USING (skill_id) "
            "WHERE k.skill_id IS NULL OR k.category <> s.category",
        )
        == 0
    )
    assert (
        one(
            sample_db,
            "SELECT count(*) FROM posting_skills WHERE requirement NOT IN "
            "('required', 'preferred', 'unspecified')",
        )
        == 0
    )
    stated = dict(
        sql(sample_db, "SELECT posting_id, count(*) FROM posting_skills WHERE NOT implied GROUP BY 1")
    )
    for pid, n in sql(sample_db, "SELECT posting_id, n_skills FROM postings"):
        assert stated.get(pid, 0) == n


def test_hn_metadata_comes_from_the_post(sample_db):
    rows = {str(r["id"]): r for r in sample_rows()}
    got = sql(sample_db, "SELECT native_id, company, date_posted, month FROM postings")
    for native_id, company, date, month in got:
        raw = rows[native_id]
        head = html.unescape(raw["text"].split("<p>")[0])
        if "|" in head:  # "Company | Role | ..." first line: the company is the first field
            assert company and company in head.split("|")[0] and "<" not in company.replace("<20", "")
        else:
            assert company is None
        assert date == nz.parse_date(str(raw["time"])) and month == date.strftime("%Y-%m")


def test_salaries_are_annual_usd_with_the_conversion_stated(sample_db):
    rows = sql(
        sample_db,
        "SELECT min_annual, max_annual, mid_annual, min_orig, max_orig, usd_per_unit, period, "
        "currency FROM salaries",
    )
    assert rows, "the sample has posts with pay ranges"
    factors = nz.currency_table()["annualization"]
    rates = nz.currency_table()["usd_per_unit"]
    for lo, hi, mid, lo0, hi0, rate, period, currency in rows:
        assert rate == rates[currency]
        assert lo == pytest.approx(lo0 * factors[period] * rate, abs=0.01)
        assert hi == pytest.approx(hi0 * factors[period] * rate, abs=0.01)
        assert lo <= mid <= hi
    assert "European Central Bank" in one(sample_db, "SELECT value FROM meta WHERE key = 'currency'")


def test_posting_texts_are_stored_with_zstd_and_read_back_whole(sample_db):
    methods = sql(
        sample_db,
        "SELECT DISTINCT compression FROM pragma_storage_info('descriptions') "
        "WHERE column_name = 'text' AND segment_type = 'VARCHAR'",
    )
    assert methods == [("ZSTD",)]
    stored = {t for (t,) in sql(sample_db, "SELECT text FROM descriptions")}
    assert stored <= {r["text"] for r in sample_rows()} and len(stored) == one(
        sample_db, "SELECT count(*) FROM descriptions"
    )


def test_reingesting_adds_nothing(sample_db, tmp_path):
    before = dump(sample_db)
    again = ingest_files([SAMPLE], sample_db, workers=1)
    assert again.files[0].already_ingested and again.postings_added == 0
    copy = tmp_path / "renamed.jsonl"  # the same bytes under another name are the same source
    copy.write_bytes(SAMPLE.read_bytes())
    assert ingest_files([copy], sample_db, workers=1).files[0].already_ingested
    assert dump(sample_db) == before


def test_copies_of_a_description_are_folded_and_counted(tmp_path):
    rows = sample_rows()[:12]
    variants = [
        dict(r, id=f"copy-{r['id']}", text="  " + r["text"].upper().replace("<p>", "\n\n") + " !! ")
        for r in rows[:5]
    ]
    src = write_jsonl(tmp_path / "with_copies.jsonl", rows + variants)
    db = tmp_path / "m.duckdb"
    result = ingest_files([src], db, workers=1)
    assert result.duplicates == 5 and result.postings_added == 12
    assert one(db, "SELECT count(*) FROM duplicates") == 5
    # every folded row points at a stored posting with the same normalized description
    assert one(db, "SELECT count(*) FROM duplicates d JOIN postings p USING (desc_hash)") == 5
    assert one(db, "SELECT duplicates FROM sources") == 5


def test_bad_rows_are_reported_and_skipped(tmp_path):
    rows = sample_rows()[:10]
    rows.insert(3, {"id": "empty", "time": "1767374628", "text": "   "})
    src = write_jsonl(tmp_path / "bad.jsonl", rows, raw_lines=('{"id": "broken", "text": "unterminated',))
    db = tmp_path / "m.duckdb"
    result = ingest_files([src], db, workers=1)
    reasons = {b.row: b.reason for b in result.bad_rows}
    assert reasons[3] == "no description text"
    assert reasons[11].startswith("invalid JSON")
    assert result.postings_added == 10 and result.files[0].bad_rows == 2
    assert sorted(sql(db, "SELECT row_no FROM bad_rows")) == [(3,), (11,)]


def test_csv_line_with_extra_fields_is_reported(tmp_path):
    import pandas as pd

    frame = pd.DataFrame(sample_rows()[:6])[["id", "title", "text"]]
    path = tmp_path / "posts.csv"
    head = frame[:3].to_csv(index=False)
    tail = frame[3:].to_csv(index=False, header=False)
    path.write_text(head + "999,a title,some text,an,extra,field\n" + tail, encoding="utf-8")
    db = tmp_path / "m.duckdb"
    result = ingest_files([path], db, mapping=["text=text,title=title,native_id=id"], workers=1)
    assert result.postings_added == 6
    # the bad line is the 4th record (index 3) on physical line 5, after the header and three rows
    assert [(b.row, b.where) for b in result.bad_rows] == [(3, "line 5")]
    assert "expected 3 fields" in result.bad_rows[0].reason
    assert one(db, "SELECT count(*) FROM bad_rows WHERE row_no = 3") == 1
    assert result.files[0].rows_read == 7 and result.files[0].bad_rows == 1


def test_an_interrupted_ingest_resumes_without_loss_or_duplicates(tmp_path):
    clean = tmp_path / "clean.duckdb"
    ingest_files([SAMPLE], clean, workers=1, batch_size=8)

    db = tmp_path / "interrupted.duckdb"

    def crash(window: int) -> None:
        if window == 1:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ingest_files([SAMPLE], db, workers=1, batch_size=8, on_commit=crash)
    assert one(db, "SELECT rows_done FROM sources") == 16 and not one(db, "SELECT complete FROM sources")
    resumed = ingest_files([SAMPLE], db, workers=1, batch_size=8)
    assert resumed.files[0].resumed_from == 16 and resumed.files[0].rows_read == 24
    assert dump(db) == dump(clean)


def test_a_killed_process_resumes_without_loss_or_duplicates(tmp_path):
    """The process dies mid-ingest (no cleanup, no rollback call); the next run completes the job."""
    clean = tmp_path / "clean.duckdb"
    ingest_files([SAMPLE], clean, workers=1, batch_size=5)
    db = tmp_path / "killed.duckdb"
    script = textwrap.dedent(f"""
        import os
        from jdlens.market.store import ingest_files

        def die(window):
            if window == 2:
                os._exit(9)

        ingest_files([{str(SAMPLE)!r}], {str(db)!r}, workers=1, batch_size=5, on_commit=die)
    """)
    proc = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    assert proc.returncode == 9, proc.stderr
    assert one(db, "SELECT rows_done FROM sources") == 15
    ingest_files([SAMPLE], db, workers=1, batch_size=5)
    assert dump(db) == dump(clean)


def _children(pid: int) -> set[int]:
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text(encoding="ascii", errors="replace")
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry))
    return found


def _running(pid: int) -> bool:
    """Alive and not a zombie (a reparented process may never be reaped in a container)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process table from /proc")
def test_no_worker_outlives_a_parent_killed_mid_ingest(tmp_path):
    """kill -9 of an ingest while its analysis workers run: every worker exits within seconds."""
    import signal
    import time

    rows = [
        dict(r, id=f"{r['id']}-{i}", text=f"{r['text']}\nReference {i}.")
        for i in range(80)
        for r in sample_rows()
    ]
    source = write_jsonl(tmp_path / "many.jsonl", rows)
    script = f"from jdlens.market.store import ingest_files; ingest_files([{str(source)!r}], {str(tmp_path / 'k.duckdb')!r}, workers=2)"
    proc = subprocess.Popen(
        [sys.executable, "-c", script], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT / "src")}
    )
    workers: set[int] = set()
    deadline = time.monotonic() + 120
    while len(workers) < 2 and proc.poll() is None and time.monotonic() < deadline:
        workers = _children(proc.pid)
        time.sleep(0.05)
    assert len(workers) >= 2, "the ingest ended before its workers were seen"
    time.sleep(0.5)  # the workers are at work, between tasks or inside one
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 10
    while any(_running(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    alive = [w for w in workers if _running(w)]
    for w in alive:
        os.kill(w, signal.SIGKILL)
    assert not alive, f"{len(alive)} worker(s) still running 10 s after the parent was killed"


def test_gzip_jsonl_and_parquet_give_the_same_rows(tmp_path):
    import pandas as pd

    rows = sample_rows()[:8]
    gz = tmp_path / "posts.jsonl.gz"
    with gzip.open(gz, "wt", encoding="utf-8") as fh:
        fh.writelines(json.dumps(r) + "\n" for r in rows)
    pq = tmp_path / "posts.parquet"
    pd.DataFrame(rows).astype({"id": str, "time": str}).to_parquet(pq)
    a, b = tmp_path / "a.duckdb", tmp_path / "b.duckdb"
    ingest_files([gz], a, workers=1)
    ingest_files([pq], b, workers=1)
    cols = "native_id, desc_hash, title, company, date_posted, role, seniority, city, remote"
    assert sql(a, f"SELECT {cols} FROM postings ORDER BY row_no") == sql(
        b, f"SELECT {cols} FROM postings ORDER BY row_no"
    )
    assert len(sql(a, "SELECT * FROM postings")) == 8


def test_missing_file_and_unsupported_format(tmp_path):
    with pytest.raises(InputError, match="JDL001"):
        ingest_files([tmp_path / "nope.csv"], tmp_path / "m.duckdb")
    odd = tmp_path / "posts.xlsx"
    odd.write_bytes(b"PK\x03\x04")
    with pytest.raises(InputError, match="JDL005"):
        ingest_files([odd], tmp_path / "m.duckdb")


def test_jobspy_csv_layout(tmp_path):
    """The columns the JobSpy scraper writes: pay fields, remote flag, company size and industry."""
    import pandas as pd

    texts = [r["text"] for r in sample_rows()[:3]]
    frame = pd.DataFrame(
        {
            "id": ["in-1", "li-2", "in-3"],
            "site": ["indeed", "linkedin", "indeed"],
            "job_url": ["https://example.org/1", "https://example.org/2", "https://example.org/3"],
            "title": ["Machine Learning Engineer", "Senior Data Scientist", "ML Platform Engineer"],
            "company": ["Acme", "Globex", "Initech"],
            "location": ["Austin, TX", "Remote", "Seattle, WA"],
            "date_posted": ["2025-05-01", "2025-05-02", ""],
            "job_type": ["fulltime", "fulltime", "contract"],
            "interval": ["yearly", "hourly", ""],
            "min_amount": ["150000", "80", ""],
            "max_amount": ["190000", "95", ""],
            "currency": ["USD", "USD", ""],
            "is_remote": ["False", "True", "False"],
            "description": texts,
            "company_industry": ["Software", "", "Consulting"],
            "company_num_employees": ["1,001 to 5,000", "", "10,001+"],
        }
    )
    path = tmp_path / "jobspy.csv"
    frame.to_csv(path, index=False)
    db = tmp_path / "m.duckdb"
    result = ingest_files([path], db, workers=1)
    assert result.files[0].layout.startswith("jobspy:")
    got = sql(
        db,
        "SELECT p.native_id, p.board, p.state, p.remote, p.company_size, p.industry, y.min_annual, "
        "y.max_annual, y.origin FROM postings p LEFT JOIN salaries y USING (posting_id) ORDER BY row_no",
    )
    assert got[0] == (
        "https://example.org/1",
        "indeed",
        "TX",
        "onsite",
        "1,001-5,000",
        "Software",
        150000.0,
        190000.0,
        "source",
    )
    assert got[1][3] == "remote" and got[1][6:8] == (80 * 2080.0, 95 * 2080.0)
    assert got[2][4] == "10,000+"


def _head_csv(src: Path, dest: Path, n: int) -> Path:
    import pandas as pd

    pd.read_csv(src, dtype=str, keep_default_na=False, nrows=n).to_csv(dest, index=False)
    return dest


def _head_lines(src: Path, dest: Path, n: int) -> Path:
    opener = gzip.open if src.suffix == ".gz" else open
    with opener(src, "rt", encoding="utf-8") as fh:
        lines = [next(fh) for _ in range(n)]
    with opener(dest, "wt", encoding="utf-8") as out:
        out.writelines(lines)
    return dest


@pytest.fixture(scope="module")
def shared_db(tmp_path_factory) -> Path:
    """The first rows of each shared corpus, ingested with its detected preset."""
    needs_shared()
    folder = tmp_path_factory.mktemp("shared")
    base = SHARED / "data" / "postings"
    files = [
        _head_csv(base / "linkedin_ml_us_2024/postings.csv", folder / "linkedin.csv", 25),
        _head_csv(base / "glassdoor_ds_2020/glassdoor_jobs.csv", folder / "glassdoor.csv", 25),
        _head_csv(base / "indeed_ds_2020/postings.csv", folder / "indeed.csv", 15),
        _head_csv(base / "google_careers_2018/job_skills.csv", folder / "google.csv", 20),
        _head_lines(base / "nhs_jobs_2020/jobs.jsonl.gz", folder / "nhs.jsonl.gz", 20),
        _head_lines(base / "pythonjobs_2013_2020/pythonjobs.jsonl", folder / "pythonjobs.jsonl", 15),
    ]
    db = folder / "shared.duckdb"
    ingest_files(files, db, workers=1)
    return db


def layout_of(db: Path, name: str) -> str:
    return one(db, "SELECT layout FROM sources WHERE name LIKE ?", [f"%{name}"])


def postings_of(db: Path, name: str, cols: str) -> list[tuple]:
    return sql(
        db,
        f"SELECT {cols} FROM postings p JOIN sources s USING (source_id) WHERE s.name LIKE ? ORDER BY row_no",
        [f"%{name}"],
    )


def test_linkedin_places_dates_and_levels(shared_db):
    assert layout_of(shared_db, "linkedin.csv").startswith("linkedin:")
    rows = postings_of(
        shared_db, "linkedin.csv", "city, state, country, date_posted, source_seniority, company"
    )
    us = [r for r in rows if r[2] == "US"]
    assert us and all(r[1] is None or len(r[1]) == 2 for r in us)  # "California" -> CA
    assert all(r[3] is not None and r[5] for r in rows)


def test_glassdoor_company_size_industry_and_estimates(shared_db):
    rows = postings_of(shared_db, "glassdoor.csv", "company, company_size, industry, state")
    assert all("\n" not in (r[0] or "") for r in rows)  # "PNNL\n3.8": the rating is not the name
    assert {r[1] for r in rows} <= {label for _, label in nz.SIZE_BUCKETS} | {None}
    assert sum(1 for r in rows if r[2]) > len(rows) // 2
    origins = sql(
        shared_db,
        "SELECT DISTINCT y.origin FROM salaries y JOIN postings p USING (posting_id) "
        "JOIN sources s USING (source_id) WHERE s.name LIKE '%glassdoor.csv'",
    )
    assert ("source estimate",) in origins


def test_indeed_title_and_location_are_split(shared_db):
    rows = postings_of(shared_db, "indeed.csv", "title, city, state")
    assert all(" - " not in r[0] or r[1] for r in rows)
    assert sum(1 for r in rows if r[2]) >= len(rows) - 1


def test_google_required_and_preferred_sections(shared_db):
    texts = sql(
        shared_db,
        "SELECT d.text FROM descriptions d JOIN postings p USING (desc_hash) "
        "JOIN sources s USING (source_id) WHERE s.name LIKE '%google.csv'",
    )
    assert texts and all("Minimum qualifications:" in t[0] for t in texts)
    prefs = sql(
        shared_db,
        "SELECT count(*) FROM posting_skills k JOIN postings p USING (posting_id) "
        "JOIN sources s USING (source_id) WHERE s.name LIKE '%google.csv' "
        "AND k.requirement = 'preferred'",
    )
    assert prefs[0][0] > 0


def test_jobposting_salary_in_pounds_is_converted(shared_db):
    rows = sql(
        shared_db,
        "SELECT y.currency, y.min_orig, y.min_annual, y.usd_per_unit, p.country, p.city "
        "FROM salaries y JOIN postings p USING (posting_id) JOIN sources s USING (source_id) "
        "WHERE s.name LIKE '%nhs.jsonl.gz'",
    )
    assert rows
    rate = nz.currency_table()["usd_per_unit"]["GBP"]
    for currency, lo0, lo, r, country, city in rows:
        assert (currency, r, country) == ("GBP", rate, "GB")
        assert lo == pytest.approx(lo0 * rate, abs=0.01)
        assert city is None or not city.isupper()


def test_pythonjobs_dates_from_front_matter(shared_db):
    import re

    raw = _head_lines(
        SHARED / "data/postings/pythonjobs_2013_2020/pythonjobs.jsonl", shared_db.parent / "p", 15
    )
    created = {i: json.loads(line).get("created") for i, line in enumerate(raw.read_text().splitlines())}
    rows = postings_of(shared_db, "pythonjobs.jsonl", "row_no, date_posted")
    assert rows
    for row_no, date in rows:  # "!!timestamp '2017-01-27'" -> 2017-01-27; no front-matter date -> none
        m = re.search(r"\d{4}-\d{2}-\d{2}", created[row_no] or "")
        assert (date.isoformat() if date else None) == (m.group(0) if m else None)


def test_every_place_of_a_posting_is_stored(tmp_path):
    # location fields as the AI-lab ATS snapshot writes them: several places in one string
    body = "We build ranking models. You have 3+ years of Python and PyTorch experience."
    rows = [
        {
            "id": "a",
            "title": "ML Engineer",
            "location": "San Francisco, CA | New York City, NY",
            "text": body,
        },
        {"id": "b", "title": "ML Engineer", "location": "London", "text": body + " London team."},
        {
            "id": "c",
            "title": "ML Engineer",
            "location": "New York; Remote; San Francisco",
            "text": body + " Two offices.",
        },
    ]
    db = tmp_path / "m.duckdb"
    ingest_files([write_jsonl(tmp_path / "places.jsonl", rows)], db, workers=1)
    places = sql(
        db,
        "SELECT p.native_id, pp.place_no, pp.city, pp.state, pp.country FROM postings p "
        "JOIN posting_places pp USING (posting_id) ORDER BY 1, 2",
    )
    assert places == [
        ("a", 0, "San Francisco", "CA", "US"),
        ("a", 1, "New York", "NY", "US"),
        ("b", 0, "London", None, "GB"),
        ("c", 0, "New York", "NY", "US"),
        ("c", 1, "San Francisco", "CA", "US"),
    ]
    # the first place is the posting's own row; the work mode is no place
    first = sql(db, "SELECT native_id, city, state, country, remote FROM postings ORDER BY 1")
    assert first == [
        ("a", "San Francisco", "CA", "US", None),
        ("b", "London", None, "GB", None),
        ("c", "New York", "NY", "US", "remote"),
    ]
    # the report counts a posting once in each place it names, and a filter matches any of them
    report = compute_report(db, Filters(location="San Francisco"))
    assert report.postings == 2  # a and c: San Francisco is the second place of c
    cities = {r[0]: r[1] for r in compute_report(db).table("cities").rows}
    assert cities == {"New York, NY": 2, "San Francisco, CA": 2, "London, GB": 1}
