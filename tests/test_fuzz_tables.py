"""A bounded property-based share of the table fuzzing (the full run is ``make fuzz``): any bytes as a
CSV, JSON Lines or JSON table give rows (good or bad, each with its position) or a coded error."""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from jdlens.errors import JdlensError
from jdlens.sources import tables
from jdlens.sources.tables import iter_rows

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
GOOD = json.dumps({"title": "ML Engineer", "description": "Python and SQL"})

pieces = st.sampled_from(
    [GOOD, "{", "}", "[", "]", ",", '"', "\n", "\r\n", "\\ud800", "&#99999999999;", "\x00", "é", "€", " "]
)
texts = st.lists(pieces, max_size=60).map("".join)


def _rows(data: bytes, suffix: str) -> list[tuple[str, bool]]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"jobs{suffix}"
        path.write_bytes(data)
        try:
            rows = list(iter_rows(path))
        except JdlensError:
            return []
    for row in rows:
        assert (row.data is None) == (row.error is not None)
        assert row.where.startswith(("line ", "record "))
        if row.data is not None:
            json.dumps(row.data).encode("utf-8")  # what a table yields always encodes
    return [(r.where, r.data is None) for r in rows]


@FAST
@given(texts, st.sampled_from([".jsonl", ".json", ".csv"]))
def test_any_text_table_reads_to_rows_or_a_coded_error(text: str, suffix: str) -> None:
    _rows(text.encode("utf-8", "surrogatepass"), suffix)


@FAST
@given(st.binary(max_size=2000), st.sampled_from([".jsonl", ".json", ".csv", ".parquet", ".csv.gz"]))
@example(b"\x1f\x8b", ".jsonl")  # a truncated gzip stream (found by this test)
def test_any_bytes_table_reads_to_rows_or_a_coded_error(data: bytes, suffix: str) -> None:
    _rows(data, suffix)


@FAST
@given(st.lists(st.sampled_from([GOOD, "{bad", "[1]", ""]), max_size=20))
def test_json_lines_positions_are_the_lines(lines: list[str]) -> None:
    data = "\n".join(lines)
    rows = _rows(data.encode(), ".jsonl")
    if data.lstrip().startswith("["):
        return  # a file whose first text is "[" is read as one JSON array
    assert rows == [(f"line {n}", text != GOOD) for n, text in enumerate(lines, start=1) if text.strip()]


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        st.sampled_from(["a", " ", "é", "•", "\ud800", "\udfff", "\ud7ff", "\ue000", "\U0001f600"]),
        max_size=12,
    )
)
def test_a_lone_surrogate_is_found_exactly_where_the_pattern_finds_one(text: str) -> None:
    assert tables._has_surrogate(text) == bool(re.search("[\ud800-\udfff]", text))
