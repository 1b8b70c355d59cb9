"""Read job descriptions from files: one text file, or a table of postings (CSV, JSONL, Parquet)."""

from __future__ import annotations

import csv
import gzip
import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from jdlens.errors import InputError

TABLE_SUFFIXES = (".csv", ".jsonl", ".ndjson", ".json", ".parquet", ".csv.gz", ".jsonl.gz", ".ndjson.gz")
_BINARY_SNIFF = 8192


def _suffix(path: Path) -> str:
    name = path.name.lower()
    for suffix in sorted(TABLE_SUFFIXES, key=len, reverse=True):
        if name.endswith(suffix):
            return suffix
    return path.suffix.lower()


def decode_text(data: bytes, where: str) -> str:
    """Bytes of a text file as str; a file with NUL bytes or undecodable content is binary."""
    if b"\x00" in data[:_BINARY_SNIFF]:
        raise InputError("JDL003", path=where)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
        controls = sum(1 for c in text[:_BINARY_SNIFF] if ord(c) < 32 and c not in "\n\r\t\f")
        if controls > len(text[:_BINARY_SNIFF]) * 0.01:
            raise InputError("JDL003", path=where) from None
        return text


def read_text_source(source: str) -> str:
    """A job description from a path, or from standard input when ``source`` is ``-``."""
    if source == "-":
        data = sys.stdin.buffer.read()
        where = "standard input"
    else:
        path = Path(source)
        if not path.is_file():
            raise InputError("JDL001", path=source)
        data = path.read_bytes()
        where = source
    text = decode_text(data, where)
    if not text.strip():
        raise InputError("JDL002", where=f" ({where})")
    return text


def _open_text(path: Path) -> io.TextIOBase:
    if path.name.lower().endswith(".gz"):
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8", errors="replace")
    return open(path, encoding="utf-8", errors="replace", newline="")


def _iter_csv(path: Path) -> Iterator[dict[str, Any]]:
    csv.field_size_limit(1 << 30)
    with _open_text(path) as handle:
        yield from csv.DictReader(handle)


def _iter_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with _open_text(path) as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                yield {"__error__": f"line {number}: invalid JSON ({exc.msg})"}
                continue
            yield record if isinstance(record, dict) else {"__error__": f"line {number}: not a JSON object"}


def _iter_json_array(path: Path) -> Iterator[dict[str, Any]]:
    with _open_text(path) as handle:
        try:
            data = json.load(handle)
        except json.JSONDecodeError:
            handle.seek(0)
            yield from _iter_jsonl(path)
            return
    records = data if isinstance(data, list) else [data]
    for record in records:
        yield record if isinstance(record, dict) else {"__error__": "not a JSON object"}


def _iter_parquet(path: Path) -> Iterator[dict[str, Any]]:
    import pyarrow.parquet as pq

    parquet = pq.ParquetFile(path)
    for batch in parquet.iter_batches(batch_size=2048):
        yield from batch.to_pylist()


def iter_records(path: Path) -> Iterator[dict[str, Any]]:
    """Rows of a postings table as dicts; a row that cannot be parsed carries an ``__error__`` key."""
    if not path.is_file():
        raise InputError("JDL001", path=str(path))
    suffix = _suffix(path)
    readers = {
        ".csv": _iter_csv,
        ".csv.gz": _iter_csv,
        ".jsonl": _iter_jsonl,
        ".ndjson": _iter_jsonl,
        ".jsonl.gz": _iter_jsonl,
        ".ndjson.gz": _iter_jsonl,
        ".json": _iter_json_array,
        ".parquet": _iter_parquet,
    }
    reader = readers.get(suffix)
    if reader is None:
        raise InputError("JDL005", suffix=suffix or path.name, allowed=", ".join(TABLE_SUFFIXES))
    try:
        yield from reader(path)
    except (OSError, csv.Error, ValueError) as exc:
        raise InputError("JDL006", path=str(path), reason=str(exc).splitlines()[0]) from exc


def table_columns(path: Path) -> list[str]:
    """Column names of a postings table (from its first record or schema)."""
    if _suffix(path) == ".parquet":
        import pyarrow.parquet as pq

        return list(pq.ParquetFile(path).schema_arrow.names)
    for record in iter_records(path):
        if "__error__" not in record:
            return list(record)
    return []
