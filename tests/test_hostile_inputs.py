"""Regression cases from ``make fuzz``, one per class of finding: each input is read to a result or to a
coded jdlens error, never to an uncaught exception."""

from __future__ import annotations

import io
import json
import struct
import zipfile
from pathlib import Path

import pytest

import jdlens
from jdlens.errors import JdlensError
from jdlens.job.batch import analyze_table
from jdlens.market.fields import normalized_description
from jdlens.market.store import ingest_files
from jdlens.matching.rank import load_postings
from jdlens.sources.markup import unescape

POSTING = "Machine Learning Engineer\nRequirements: Python, SQL and PyTorch; 3+ years.\n"


def _docx(text: str) -> bytes:
    import docx

    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _corrupt_deflate(data: bytes, member: str) -> bytes:
    """The ZIP with ``member``'s compressed stream starting with an invalid deflate block type."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(member)
    name_len, extra_len = struct.unpack("<HH", data[info.header_offset + 26 : info.header_offset + 30])
    start = info.header_offset + 30 + name_len + extra_len
    return data[:start] + b"\xff\xff\xff\xff" + data[start + 4 :]


def test_a_docx_with_a_broken_deflate_stream_is_corrupt_not_a_zlib_error() -> None:
    """fuzz: docx_byte_flips raised zlib.error ("invalid distance too far back") from the API."""
    data = _corrupt_deflate(_docx(POSTING), "word/document.xml")
    with pytest.raises(jdlens.JdlensError) as info:
        jdlens.read_resume(data, filename="cv.docx")
    assert info.value.code == "JDL024"
    with pytest.raises(jdlens.JdlensError):
        jdlens.analyze(data)


def test_lone_surrogates_in_a_json_table_reach_every_table_door(tmp_path: Path) -> None:
    """fuzz: a JSON ``\\ud800`` escape gave a text that the batch output could not encode."""
    path = tmp_path / "jobs.jsonl"
    path.write_text(json.dumps({"title": "ML \ud800", "description": POSTING + "\udfff"}) + "\n")
    out = tmp_path / "out.jsonl"
    report = analyze_table(path, out, workers=1)
    assert report.analyzed == 1 and "\ufffd" in out.read_text(encoding="utf-8")
    texts, titles = load_postings(path)
    assert texts[0].endswith("\ufffd") and titles == ["ML \ufffd"]
    assert ingest_files(path, tmp_path / "m.duckdb", workers=1).files[0].postings_added == 1


def test_a_huge_character_reference_in_a_table_is_read(tmp_path: Path) -> None:
    """fuzz: ``&#`` and 7,000 digits raised ValueError in the description key of market ingest."""
    huge = "&#" + "9" * 7000 + ";"
    assert unescape(f"a {huge} &amp; b") == "a \ufffd & b"
    assert normalized_description(f"<p>Python {huge}</p>") == "python"
    path = tmp_path / "jobs.csv"
    path.write_text(f'title,description\nML Engineer,"<p>{POSTING}{huge}</p>"\n', encoding="utf-8")
    assert ingest_files(path, tmp_path / "m.duckdb", workers=1).files[0].postings_added == 1


def test_a_10_mb_text_is_refused_within_a_second_under_default_limits(tmp_path: Path) -> None:
    """Issue 10's target: a 10 MB text is analysed in <= 5 s or refused in <= 1 s (it is refused)."""
    import time

    from jdlens.config import get_settings

    get_settings.cache_clear()
    text = ("Requirements: 5+ years of Python, SQL and PyTorch; Kubernetes is a plus.\n" * 150_000)[
        : 10 * 1024 * 1024
    ]
    path = tmp_path / "big.txt"
    path.write_text(text, encoding="utf-8")
    for given in (text, path, text.encode("utf-8")):
        started = time.thread_time()
        with pytest.raises(jdlens.JdlensError) as info:
            jdlens.analyze(given)
        assert info.value.code in ("JDL070", "JDL007"), info.value.message
        assert time.thread_time() - started < 1, type(given).__name__


def _zip_version_13_3(data: bytes) -> bytes:
    """The bytes with every entry's "version needed to extract" set to 13.3, which zipfile refuses
    with NotImplementedError when it opens the archive (found by the fuzz run)."""
    out = bytearray(data)
    for signature, offset in ((b"PK\x01\x02", 6), (b"PK\x03\x04", 4)):
        at = out.find(signature)
        while at >= 0:
            struct.pack_into("<H", out, at + offset, 133)
            at = out.find(signature, at + 4)
    return bytes(out)


def test_a_zip_of_a_version_zipfile_cannot_read_is_a_coded_error() -> None:
    data = _zip_version_13_3(_docx("Jane Roe\nExperience\nML Engineer 2019 - 2024\nPython"))
    with pytest.raises(JdlensError):
        jdlens.read_resume(data, filename="resume.docx")
    with pytest.raises(JdlensError):
        jdlens.analyze(data)
