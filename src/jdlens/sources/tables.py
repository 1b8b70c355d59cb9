"""Stream the rows of a postings table (CSV, JSON Lines or a JSON array, Parquet; gzip allowed) as flat
dicts, in file order. Batch analysis, ranking and market ingest all read tables through here."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from jdlens.errors import InputError

FORMATS = ("csv", "jsonl", "parquet")
_GZIP_MAGIC = b"\x1f\x8b"
_BAD_LINE = re.compile(r"Skipping line (\d+): (.*)")


@dataclass(frozen=True)
class RawRow:
    """One source row: ``data`` with dotted keys for nested objects, or ``error`` when unreadable."""

    row_no: int
    data: dict[str, Any] | None
    error: str | None = None


def file_format(path: Path) -> str:
    """``csv``, ``jsonl`` or ``parquet`` from the file name (``.gz`` allowed)."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    last = suffixes[-1] if suffixes else ""
    kinds = {
        ".csv": "csv",
        ".tsv": "csv",
        ".jsonl": "jsonl",
        ".ndjson": "jsonl",
        ".json": "jsonl",
        ".parquet": "parquet",
        ".pq": "parquet",
    }
    if last not in kinds:
        raise InputError(
            "JDL005", suffix=last or path.name, allowed="CSV, JSONL or JSON (.gz allowed), Parquet"
        )
    return kinds[last]


def check_file(path: Path) -> None:
    if not path.is_file():
        raise InputError("JDL001", path=str(path))


def fingerprint(path: Path) -> str:
    """A content hash of the file: the same bytes are the same source wherever they live."""
    digest = hashlib.blake2b(digest_size=16)
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _open_bytes(path: Path) -> IO[bytes]:
    with path.open("rb") as fh:
        magic = fh.read(2)
    return gzip.open(path, "rb") if magic == _GZIP_MAGIC else path.open("rb")


def flatten(obj: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """``{"a": {"b": 1}}`` -> ``{"a.b": 1}``; lists stay values."""
    out: dict[str, Any] = {}
    for key, value in obj.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(flatten(value, name + "."))
        else:
            out[name] = value
    return out


def _starts_with_array(path: Path) -> bool:
    with _open_bytes(path) as raw:
        head = raw.read(4096).lstrip()
    return head.startswith(b"[")


def _iter_json_array(path: Path) -> Iterator[RawRow]:
    with _open_bytes(path) as raw:
        try:
            items = json.load(io.TextIOWrapper(raw, encoding="utf-8", errors="replace"))
        except json.JSONDecodeError as exc:
            raise InputError("JDL006", path=str(path), reason=f"invalid JSON: {exc.msg}") from exc
    for row_no, obj in enumerate(items):
        if isinstance(obj, dict):
            yield RawRow(row_no, flatten(obj))
        else:
            yield RawRow(row_no, None, f"a JSON {type(obj).__name__}, not an object")


def _iter_jsonl(path: Path) -> Iterator[RawRow]:
    if _starts_with_array(path):
        yield from _iter_json_array(path)
        return
    with _open_bytes(path) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8", errors="replace")
        row_no = 0
        for line in text:
            if not line.strip():
                continue
            yield json_record(line, row_no)
            row_no += 1


def json_record(line: str, row_no: int) -> RawRow:
    """One non-blank JSON Lines line as a row (also used where Spark reads the lines)."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return RawRow(row_no, None, f"invalid JSON: {exc.msg} at column {exc.colno}")
    if isinstance(obj, dict):
        return RawRow(row_no, flatten(obj))
    return RawRow(row_no, None, f"a JSON {type(obj).__name__}, not an object")


def _iter_parquet(path: Path, chunk: int) -> Iterator[RawRow]:
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
    except Exception as exc:  # pyarrow raises several types for a corrupt file
        raise InputError("JDL006", path=str(path), reason=str(exc)) from exc
    row_no = 0
    # one row group at a time: iter_batches keeps dictionary-encoded columns' dictionaries growing
    for group in range(pf.num_row_groups):
        table = pf.read_row_group(group)
        for batch in table.to_batches(max_chunksize=chunk):
            for record in batch.to_pylist():
                yield RawRow(row_no, flatten(record))
                row_no += 1
        del table


def _iter_csv(path: Path, chunk: int) -> Iterator[RawRow]:
    import pandas as pd

    sep = "\t" if ".tsv" in [s.lower() for s in path.suffixes] else ","
    try:
        reader = pd.read_csv(
            path,
            dtype=str,
            keep_default_na=False,
            chunksize=chunk,
            sep=sep,
            on_bad_lines="warn",
            encoding_errors="replace",
            compression="infer",
        )
    except (ValueError, OSError, pd.errors.ParserError) as exc:
        raise InputError("JDL006", path=str(path), reason=str(exc).splitlines()[0]) from exc
    row_no = 0
    with reader:
        while True:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                try:
                    frame = next(reader)
                except StopIteration:
                    break
                except pd.errors.ParserError as exc:
                    raise InputError("JDL006", path=str(path), reason=str(exc).splitlines()[0]) from exc
            for problem in _bad_lines(caught):
                yield RawRow(-1, None, problem)
            for record in frame.to_dict("records"):
                yield RawRow(row_no, record)
                row_no += 1


def _bad_lines(caught: list[warnings.WarningMessage]) -> Iterator[str]:
    for w in caught:
        lines = str(w.message).splitlines()
        found = [m for m in map(_BAD_LINE.search, lines) if m]
        yield from (f"line {m.group(1)}: {m.group(2).strip()}" for m in found)
        if not found and lines:
            yield lines[0]


def iter_rows(path: Path, chunk: int = 5000) -> Iterator[RawRow]:
    """Every row of the file in order. A row that cannot be read comes with ``error`` set; CSV lines
    with the wrong number of fields come with ``row_no == -1`` (they have no row number)."""
    check_file(path)
    kind = file_format(path)
    if kind == "jsonl":
        return _iter_jsonl(path)
    if kind == "parquet":
        return _iter_parquet(path, chunk)
    return _iter_csv(path, chunk)


def peek_columns(path: Path, sample: int = 50) -> list[str]:
    """Column names of a file (for JSON Lines: the union of keys over the first rows, in order)."""
    check_file(path)
    kind = file_format(path)
    if kind == "parquet":
        import pyarrow.parquet as pq

        names = pq.ParquetFile(path).schema_arrow
        return list(flatten({f.name: _struct_stub(f.type) for f in names}).keys())
    seen: dict[str, None] = {}
    for n, row in enumerate(iter_rows(path, chunk=sample)):
        if n >= sample:
            break
        for key in row.data or {}:
            seen.setdefault(key, None)
    return list(seen)


def _struct_stub(arrow_type: Any) -> Any:
    import pyarrow as pa

    if pa.types.is_struct(arrow_type):
        return {f.name: _struct_stub(f.type) for f in arrow_type}
    return None


def count_rows(path: Path) -> int | None:
    """The number of rows when it is cheap to know (JSON Lines, Parquet), else None."""
    kind = file_format(path)
    if kind == "parquet":
        import pyarrow.parquet as pq

        return int(pq.ParquetFile(path).metadata.num_rows)
    if kind == "jsonl" and not _starts_with_array(path):
        with _open_bytes(path) as fh:
            return sum(1 for line in fh if line.strip())
    return None
