"""Stream the rows of a postings table (CSV, JSON Lines or a JSON array, Parquet; gzip allowed) as flat
dicts, in file order. Batch analysis, ranking and market ingest all read tables through here.

Every record gets ``row_no`` (its index among the file's records, from 0, bad ones included) and a
position to report, ``where``: ``line N`` (the 1-based physical line it starts on) for CSV and JSON
Lines, ``record N`` (the index) for Parquet and JSON arrays. A row that cannot be read is yielded with
``error`` and its ``code`` set, never dropped. Every format is read as a stream in bounded pieces (a
JSON array by ijson, Parquet in record batches, a JSON Lines line at most a bounded length), and a
field over ``Settings.max_text_chars`` characters makes its row a bad row (JDL007) in every format.
Text is decoded by ``sources.encoding.sniff_encoding`` unless given."""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, cast

import ijson

from jdlens.compiled_regex import compile_pattern
from jdlens.config import get_settings
from jdlens.errors import InputError
from jdlens.sources.columns import Layout, resolve_mapping
from jdlens.sources.encoding import sniff_encoding

FORMATS = ("csv", "jsonl", "parquet")
_GZIP_MAGIC = b"\x1f\x8b"
# what a truncated or corrupt gzip stream raises while it is read
_GZIP_ERRORS = (EOFError, gzip.BadGzipFile, zlib.error)
_HEAD_BYTES = 1 << 16
_BLOCK = 1 << 20
UNREADABLE_ROW = "JDL009"  # the code of a record that cannot be read
OVERSIZED_ROW = "JDL007"  # the code of a record with a field over the character limit
# a JSON Lines line may escape every character of a field at the limit (\uXXXX: 6 characters)
_LINE_FACTOR = 6
_LINE_SLACK = 1 << 20


@dataclass(frozen=True)
class RawRow:
    """One source row: ``data`` with dotted keys for nested objects, or ``error`` when unreadable."""

    row_no: int
    data: dict[str, Any] | None
    error: str | None = None
    line: int | None = None  # 1-based physical line the record starts on (CSV, JSON Lines)
    code: str = UNREADABLE_ROW  # the jdlens error code of a bad row (``error`` set)

    @property
    def where(self) -> str:
        """The row's position in its file, as every command reports it."""
        return f"line {self.line}" if self.line is not None else f"record {self.row_no}"


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
    if magic == _GZIP_MAGIC:
        return cast(IO[bytes], gzip.GzipFile(path, "rb"))
    return path.open("rb")


def _open_text(path: Path, encoding: str | None) -> IO[str]:
    """The file as text: the given encoding, else one sniffed from its first 64 KB."""
    if encoding is None:
        with _open_bytes(path) as raw:
            encoding = sniff_encoding(raw.read(_HEAD_BYTES))
    return io.TextIOWrapper(_open_bytes(path), encoding=encoding, errors="replace", newline="")


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


def _field_limit() -> int:
    return get_settings().max_text_chars


_SURROGATE = compile_pattern("[\ud800-\udfff]")


def _clean_text(data: dict[str, Any]) -> dict[str, Any]:
    """Lone surrogates (a JSON ``\\ud800`` escape names no character) become U+FFFD, as undecodable
    bytes do: what a table yields always encodes as UTF-8."""
    for key, value in data.items():
        if isinstance(value, str) and _has_surrogate(value):
            data[key] = _SURROGATE.sub("\ufffd", value)
        elif isinstance(value, list):
            data[key] = [
                _SURROGATE.sub("\ufffd", v) if isinstance(v, str) and _has_surrogate(v) else v for v in value
            ]
    return data


def _has_surrogate(value: str) -> bool:
    """Whether ``value`` holds a lone surrogate: exactly when strict UTF-8 cannot encode it (an encoder
    pass is several times faster than the pattern's search)."""
    if value.isascii():
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def oversized(data: dict[str, Any], limit: int) -> int | None:
    """The length of the first field (a string, or a list of strings) over ``limit`` characters."""
    if not limit:
        return None
    for value in data.values():
        if isinstance(value, str):
            size = len(value)
        elif isinstance(value, list):
            size = sum(len(v) for v in value if isinstance(v, str))
        else:
            continue
        if size > limit:
            return size
    return None


def record_row(obj: Any, row_no: int, line_no: int | None = None) -> RawRow:
    """A decoded record as a row: an object within the field limit, else a bad row saying why."""
    if not isinstance(obj, dict):
        return RawRow(row_no, None, f"a JSON {type(obj).__name__}, not an object", line_no)
    try:
        data = _clean_text(flatten(obj))
    except RecursionError:
        return RawRow(row_no, None, "invalid JSON: nested too deep", line_no)
    limit = _field_limit()
    size = oversized(data, limit)
    if size is not None:
        reason = f"a field of {size} characters, over the limit of {limit} (JDLENS_MAX_TEXT_CHARS)"
        return RawRow(row_no, None, reason, line_no, OVERSIZED_ROW)
    return RawRow(row_no, data, None, line_no)


class _Utf8Reader:
    """A text stream read back as UTF-8 bytes, in bounded pieces (ijson parses bytes)."""

    def __init__(self, text: IO[str]) -> None:
        self.text = text

    def read(self, size: int = -1) -> bytes:
        if size == 0:  # ijson asks for nothing to learn whether the stream gives bytes or text
            return b""
        return self.text.read(size if size > 0 else _BLOCK).encode("utf-8", "surrogatepass")


def _iter_json_array(path: Path, encoding: str | None) -> Iterator[RawRow]:
    """Each element of a top-level JSON array, parsed as a stream: one element in memory at a time.
    Invalid JSON ends the array: the rows before it are kept and the rest is one bad row."""
    row_no = 0
    with _open_text(path, encoding) as text:
        try:
            for obj in ijson.items(_Utf8Reader(text), "item", use_float=True):
                yield record_row(obj, row_no)
                row_no += 1
        except (ijson.JSONError, RecursionError, UnicodeError) as exc:
            reason = f"invalid JSON ({str(exc)[:120]}); the rest of the file cannot be read"
            yield RawRow(row_no, None, reason)


def bounded_lines(text: IO[str], cap: int) -> Iterator[tuple[int, str | None]]:
    """(1-based line number, line) of every line; ``None`` for a line over ``cap`` characters, whose
    rest is skipped in bounded pieces (a cap of 0: no limit)."""
    line_no = 0
    while True:
        line = text.readline(cap + 1) if cap else text.readline()
        if not line:
            return
        line_no += 1
        if cap and len(line) > cap and not line.endswith(("\n", "\r")):
            while True:
                rest = text.readline(cap)
                if not rest or rest.endswith(("\n", "\r")):
                    break
            yield line_no, None
            continue
        yield line_no, line


def _line_cap() -> int:
    limit = _field_limit()
    return limit * _LINE_FACTOR + _LINE_SLACK if limit else 0


def _iter_jsonl(path: Path, encoding: str | None) -> Iterator[RawRow]:
    if _starts_with_array(path):
        yield from _iter_json_array(path, encoding)
        return
    cap = _line_cap()
    with _open_text(path, encoding) as text:
        row_no = 0
        for line_no, line in bounded_lines(text, cap):
            if line is None:
                reason = f"a line over {cap} characters (JDLENS_MAX_TEXT_CHARS)"
                yield RawRow(row_no, None, reason, line_no, OVERSIZED_ROW)
            elif not line.strip():
                continue
            else:
                yield json_record(line, row_no, line_no)
            row_no += 1


def json_record(line: str, row_no: int, line_no: int | None = None) -> RawRow:
    """One non-blank JSON Lines line as a row (also used where Spark reads the lines)."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return RawRow(row_no, None, f"invalid JSON: {exc.msg} at column {exc.colno}", line_no)
    except RecursionError:
        return RawRow(row_no, None, "invalid JSON: nested too deep", line_no)
    return record_row(obj, row_no, line_no)


def _iter_parquet(path: Path, chunk: int) -> Iterator[RawRow]:
    """Records in batches of ``chunk`` (pyarrow ``iter_batches``): one batch in memory at a time. A
    batch that cannot be decoded ends the file: the rest is one bad row. Without ``pre_buffer=False``
    the reader keeps every row group's column chunks it has read until the file is closed, so its
    memory grows with the file (about 1 GB for a 935 MB corpus of a million postings)."""
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path, pre_buffer=False)
    except Exception as exc:  # pyarrow raises several types for a corrupt file
        raise InputError("JDL006", path=str(path), reason=str(exc)[:200]) from None
    row_no = 0
    try:
        for batch in pf.iter_batches(batch_size=chunk):
            for record in batch.to_pylist():
                yield record_row(record, row_no)
                row_no += 1
    except Exception as exc:  # a corrupt page or row group (pyarrow raises several types)
        yield RawRow(
            row_no, None, f"unreadable Parquet ({str(exc)[:120]}); the rest of the file cannot be read"
        )
    finally:
        pf.close()


def _csv_header(names: list[str]) -> list[str]:
    """Column names, a repeated one suffixed ``.1``, ``.2`` (as pandas does)."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        n = seen.get(name, 0)
        seen[name] = n + 1
        out.append(name if n == 0 else f"{name}.{n}")
    return out


def _iter_csv(path: Path, encoding: str | None) -> Iterator[RawRow]:
    """Records with the physical line each starts on; a record with the wrong number of fields, or a
    field over the character limit, is a bad row at its line."""
    sep = "\t" if ".tsv" in [s.lower() for s in path.suffixes] else ","
    csv.field_size_limit(_field_limit() or sys.maxsize)
    with _open_text(path, encoding) as text:
        reader = csv.reader(text, delimiter=sep)
        header: list[str] | None = None
        row_no, last_line = 0, 0
        while True:
            start = last_line + 1
            try:
                fields = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                code = OVERSIZED_ROW if "field larger" in str(exc) else UNREADABLE_ROW
                if reader.line_num == last_line:  # no progress: the rest cannot be read
                    yield RawRow(row_no, None, f"unreadable CSV: {exc}", start, code)
                    return
                last_line = reader.line_num
                yield RawRow(row_no, None, f"unreadable CSV: {exc}", start, code)
                row_no += 1
                continue
            last_line = reader.line_num
            if not fields or (len(fields) == 1 and not fields[0].strip()):
                continue
            if header is None:
                header = _csv_header(fields)
                continue
            if len(fields) != len(header):
                reason = f"expected {len(header)} fields, saw {len(fields)}"
                yield RawRow(row_no, None, reason, start)
            else:
                yield RawRow(row_no, dict(zip(header, fields, strict=True)), None, start)
            row_no += 1


def iter_rows(path: Path, chunk: int = 5000, *, encoding: str | None = None) -> Iterator[RawRow]:
    """Every record of the file in order; one that cannot be read comes with ``error`` set."""
    check_file(path)
    kind = file_format(path)
    if kind == "jsonl":
        return _until_broken(_iter_jsonl(path, encoding))
    if kind == "parquet":
        return _iter_parquet(path, chunk)
    return _until_broken(_iter_csv(path, encoding))


def _until_broken(rows: Iterator[RawRow]) -> Iterator[RawRow]:
    """The rows, and where a gzip stream turns out truncated or corrupt, one bad row for the rest:
    the rows read before it are kept."""
    row_no = 0
    try:
        for row in rows:
            row_no = row.row_no + 1
            yield row
    except _GZIP_ERRORS as exc:
        reason = f"truncated or corrupt gzip ({str(exc)[:120]}); the rest of the file cannot be read"
        yield RawRow(row_no, None, reason)


def peek_columns(path: Path, sample: int = 50) -> list[str]:
    """Column names of a file (for JSON Lines: the union of keys over the first rows, in order)."""
    check_file(path)
    kind = file_format(path)
    if kind == "parquet":
        import pyarrow.parquet as pq

        try:
            names = pq.ParquetFile(path).schema_arrow
        except Exception as exc:  # pyarrow raises several types for a corrupt file
            raise InputError("JDL006", path=str(path), reason=str(exc)[:200]) from None
        return list(flatten({f.name: _struct_stub(f.type) for f in names}).keys())
    if kind == "csv":
        return _csv_columns(path)
    seen: dict[str, None] = {}
    for n, row in enumerate(iter_rows(path, chunk=sample)):
        if n >= sample:
            break
        for key in row.data or {}:
            seen.setdefault(key, None)
    return list(seen)


def table_layout(path: Path, text_column: str | None = None, title_column: str | None = None) -> Layout:
    """The file's layout: the named columns (which must exist), else a preset, else the guesses."""
    overrides = {k: v for k, v in (("text", text_column), ("title", title_column)) if v}
    return resolve_mapping(peek_columns(path), overrides=overrides)


def _csv_columns(path: Path) -> list[str]:
    sep = "\t" if ".tsv" in [s.lower() for s in path.suffixes] else ","
    csv.field_size_limit(_field_limit() or sys.maxsize)
    try:
        with _open_text(path, None) as text:
            for fields in csv.reader(text, delimiter=sep):
                if fields and any(f.strip() for f in fields):
                    return _csv_header(fields)
    except csv.Error as exc:
        raise InputError("JDL006", path=str(path), reason=f"unreadable CSV header: {exc}") from None
    except _GZIP_ERRORS as exc:
        raise InputError("JDL006", path=str(path), reason=f"truncated or corrupt gzip: {exc}") from None
    return []


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
    try:
        if kind == "jsonl" and not _starts_with_array(path):
            with _open_bytes(path) as fh:
                return _count_lines(fh)
    except _GZIP_ERRORS:
        return None  # reading the rows reports the broken stream where it is
    return None


def _count_lines(fh: IO[bytes]) -> int:
    """Non-blank lines, counted in blocks of a megabyte (a line of any length costs no memory)."""
    count = 0
    filled = False  # the line being read has a non-blank byte
    for block in iter(lambda: fh.read(_BLOCK), b""):
        pieces = block.split(b"\n")
        for piece in pieces[:-1]:
            if filled or piece.strip():
                count += 1
            filled = False
        filled = filled or bool(pieces[-1].strip())
    return count + filled
