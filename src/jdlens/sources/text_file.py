"""Read one job description from a file or standard input (tables of postings: ``jdlens.sources.tables``)."""

from __future__ import annotations

import sys
from pathlib import Path

from jdlens.errors import InputError

_BINARY_SNIFF = 8192


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
