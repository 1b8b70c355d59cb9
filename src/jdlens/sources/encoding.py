"""Bytes to text: a byte-order mark, then strict UTF-8, then charset-normalizer's guess.

An ``encoding`` given by the user wins. A UTF-8 file with a few stray bad bytes stays UTF-8 (the bad
bytes become U+FFFD); a file with no valid multi-byte UTF-8 at all is a legacy code page, chosen by
the detector. Files that decode to control characters are binary (JDL003).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from jdlens.compiled_regex import compile_pattern
from jdlens.errors import InputError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SNIFF = 8192
_HIGH = re.compile(rb"[\x80-\xff]")
_NON_ASCII = compile_pattern("[^\x00-\x7f\ufffd]")
_CONTROL = compile_pattern("[\x00-\x08\x0b\x0e-\x1f]")  # below 32, except tab, line feed, form feed, return
_WINDOW = 48
_MAX_WINDOWS = 400
# single-byte Western code pages the detector may name for text that cp1252 reads the same way
# (and DOS/Mac pages it names on short samples: Windows files are far more common than those)
_WESTERN = frozenset(
    {"cp1252", "cp1250", "latin_1", "iso8859_15", "iso8859_2", "cp1254", "iso8859_9", "cp1257", "iso8859_10"}
    | {"cp850", "cp437", "cp775", "cp1125", "mac_iceland", "mac_roman", "mac_latin2", "hp_roman8"}
)


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str


def decode(data: bytes, where: str, encoding: str | None = None) -> Decoded:
    """The text of ``data`` and the encoding it was read with."""
    if encoding:
        return Decoded(_forced(data, where, encoding), encoding)
    for bom, name in _BOMS:
        if data.startswith(bom):
            return Decoded(_check_text(data.decode(name, errors="replace"), where), name)
    if b"\x00" in data[:_SNIFF]:
        return _utf16_or_binary(data, where)
    try:
        return Decoded(_check_text(data.decode("utf-8"), where), "utf-8")
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(data):
        return Decoded(_check_text(data.decode("utf-8", errors="replace"), where), "utf-8")
    name = _detect(data)
    return Decoded(_check_text(data.decode(name, errors="replace"), where), name)


def sniff_encoding(head: bytes) -> str:
    """The encoding of a large file from its first bytes (a table read as a stream): a BOM, UTF-8
    (the head may end inside a character), else the detector's choice."""
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    try:
        head.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 3 and exc.reason == "unexpected end of data":
            return "utf-8"
    return "utf-8" if _mostly_utf8(head) else _detect(head)


def _forced(data: bytes, where: str, encoding: str) -> str:
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise InputError("JDL008", where=where, encoding=encoding, reason="unknown encoding") from None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        reason = f"{exc.reason} at byte {exc.start}"
        raise InputError("JDL008", where=where, encoding=encoding, reason=reason) from None


def _utf16_or_binary(data: bytes, where: str) -> Decoded:
    """NUL bytes without a BOM: UTF-16 text (every other byte NUL for Latin text) or binary."""
    head = data[:_SNIFF]
    even, odd = head[0::2].count(0), head[1::2].count(0)
    half = len(head) // 2 or 1
    if odd > 0.3 * half and even < 0.05 * half:
        return Decoded(_check_text(data.decode("utf-16-le", errors="replace"), where), "utf-16-le")
    if even > 0.3 * half and odd < 0.05 * half:
        return Decoded(_check_text(data.decode("utf-16-be", errors="replace"), where), "utf-16-be")
    raise InputError("JDL003", path=where)


def _mostly_utf8(data: bytes) -> bool:
    """True when well-formed multi-byte UTF-8 sequences are at least as many as invalid bytes."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    good = len(_NON_ASCII.findall(text))
    # legacy code pages almost never form valid multi-byte sequences by chance
    return good > 0 and bad <= good


def _sample(data: bytes) -> bytes:
    """Bytes around the first non-ASCII bytes: what tells code pages apart, in bounded size."""
    parts, last = [], 0
    for n, m in enumerate(_HIGH.finditer(data)):
        if n >= _MAX_WINDOWS:
            break
        start = max(m.start() - _WINDOW, last)
        end = m.start() + _WINDOW
        if start < end:
            parts.append(data[start:end])
            last = end
    return b" ".join(parts) or data[:_SNIFF]


def _detect(data: bytes) -> str:
    """charset-normalizer's choice; cp1252 where a Western single-byte page fits equally."""
    # Imported here: text that decodes as UTF-8 (nearly every input) never loads the detector.
    from charset_normalizer import from_bytes

    sample = _sample(data)
    results = from_bytes(sample)
    best = results.best()
    if best is None or not _decodes(sample, str(best.encoding)):
        return "cp1252"  # the detector found nothing that reads these bytes (seen: "ascii" on one euro)
    if best.encoding in _WESTERN and _decodes(sample, "cp1252"):
        return "cp1252"
    return str(best.encoding)


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def _check_text(text: str, where: str) -> str:
    head = text[:_SNIFF]
    controls = len(_CONTROL.findall(head))
    if controls > len(head) * 0.01 or "\x00" in head:
        raise InputError("JDL003", path=where)
    return text
