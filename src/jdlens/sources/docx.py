"""DOCX text the way Word shows it, streamed from the ZIP with a bounded, hardened XML parser.

Read: paragraphs (list items as "• " bullets), runs inside content controls (``w:sdt``), custom XML,
smart tags, hyperlinks and insertions; text boxes once (``mc:Choice``, never also ``mc:Fallback``);
tables cell by cell, each cell on its own line, nested tables once; headers first and footers last.
Every part is read through a byte budget (zip bombs) and parsed without entities or network.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from typing import Any

from jdlens.compiled_regex import compile_pattern
from jdlens.errors import DocumentLimitError, LimitError, ResumeError

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_BODY_PART = "word/document.xml"
_HEADER = compile_pattern(r"word/header\d*\.xml")
_FOOTER = compile_pattern(r"word/footer\d*\.xml")
_PICTURES = frozenset(  # pictures themselves, not drawings (a drawing may be a text box)
    {
        "{urn:schemas-microsoft-com:vml}imagedata",
        "{http://schemas.openxmlformats.org/drawingml/2006/picture}pic",
    }
)
MIN_CHARS = 30  # a file of pictures with fewer visible characters than this is a scan
_CELL_ENDS = frozenset({f"{_W}tc", f"{_W}tr"})
# Tag names compared for every element: built once, not per comparison.
_P = f"{_W}p"
_T = f"{_W}t"
_TAB = f"{_W}tab"
_BREAKS = frozenset({f"{_W}br", f"{_W}cr"})
_PPR = f"{_W}pPr"
_NUM_PR = f"{_W}numPr"
_P_STYLE = f"{_W}pStyle"
_VAL = f"{_W}val"
_FALLBACK = f"{_MC}Fallback"


def is_docx(names: list[str]) -> bool:
    return _BODY_PART in names


class _Budget:
    """Bytes left to decompress across all parts of one file."""

    def __init__(self, limit: int, where: str) -> None:
        self.left = limit
        self.limit = limit
        self.where = where

    def read(self, zf: zipfile.ZipFile, name: str) -> bytes:
        try:
            with zf.open(name) as part:
                data = part.read(self.left + 1)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
            raise ResumeError("JDL024", where=self.where, reason=f"{name}: {type(exc).__name__}") from None
        if len(data) > self.left:
            raise DocumentLimitError("JDL028", where=self.where, limit=self.limit)
        self.left -= len(data)
        return data


class _Lines:
    """Lines of one part: a stack of open paragraphs (text boxes nest paragraphs in paragraphs)."""

    def __init__(self, max_chars: int, where: str) -> None:
        self.lines: list[str] = []
        self.stack: list[list[str]] = []
        self.bullet: list[bool] = []
        self.chars = 0
        self.max_chars = max_chars
        self.where = where
        self.pictures = 0

    def add(self, text: str) -> None:
        self.chars += len(text)
        if self.chars > self.max_chars:
            raise LimitError("JDL007", where=self.where, limit=self.max_chars)
        if self.stack:
            self.stack[-1].append(text)
        else:
            self.lines.append(text)

    def open_paragraph(self) -> None:
        self.stack.append([])
        self.bullet.append(False)

    def close_paragraph(self) -> None:
        if not self.stack:
            return
        text = "".join(self.stack.pop())
        bullet = self.bullet.pop()
        self.lines.append(f"• {text.strip()}" if bullet and text.strip() else text)

    def end_cell(self) -> None:
        """Cells and rows end lines: a table-layout resume keeps each heading on its own line."""
        if self.lines and self.lines[-1] != "":
            self.lines.append("")


def _is_list(ppr: Any) -> bool:
    if ppr.find(_NUM_PR) is not None:
        return True
    style = ppr.find(_P_STYLE)
    return style is not None and "List" in style.get(_VAL, "")


def _events(data: bytes) -> Iterator[tuple[str, Any]]:
    import lxml.etree as etree  # imported when a DOCX is read: a text posting never loads lxml

    return etree.iterparse(
        io.BytesIO(data),
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        remove_comments=True,
        remove_pis=True,
        huge_tree=False,
        load_dtd=False,
    )


def _part_lines(data: bytes, where: str, max_chars: int, root_tag: str | None) -> _Lines:
    out = _Lines(max_chars, where)
    skip = 0
    first = True
    for event, el in _events(data):
        tag = el.tag
        if not isinstance(tag, str):
            continue
        if first:
            first = False
            if root_tag is not None and tag != root_tag:
                local = tag.rsplit("}", 1)[-1]
                raise ResumeError(
                    "JDL024", where=where, reason=f"the body's root is <{local}>, not <w:document>"
                )
        if tag == _FALLBACK:
            skip += 1 if event == "start" else -1
            continue
        if skip:
            continue
        if event == "start":
            _start(out, tag)
        else:
            _end(out, el, tag)
    return out


def _start(out: _Lines, tag: str) -> None:
    if tag == _P:
        out.open_paragraph()
    elif tag in _PICTURES:
        out.pictures += 1


def _end(out: _Lines, el: Any, tag: str) -> None:
    if tag == _T:
        out.add(el.text or "")
    elif tag == _TAB:
        out.add("\t")
    elif tag in _BREAKS:
        out.add("\n")
    elif tag == _PPR and out.bullet:
        out.bullet[-1] = _is_list(el)
    elif tag == _P:
        out.close_paragraph()
        el.clear(keep_tail=True)
    elif tag in _CELL_ENDS:
        out.end_cell()
        el.clear(keep_tail=True)


def _zip(data: bytes, where: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as exc:
        raise ResumeError(
            "JDL024", where=where, reason=f"damaged ZIP container ({type(exc).__name__})"
        ) from None


def _parse(budget: _Budget, zf: zipfile.ZipFile, name: str, max_chars: int, root: str | None) -> _Lines:
    import lxml.etree as etree

    try:
        return _part_lines(budget.read(zf, name), budget.where, max_chars, root)
    except etree.XMLSyntaxError as exc:
        raise ResumeError("JDL024", where=budget.where, reason=f"{name}: {str(exc)[:80]}") from None


def docx_text(data: bytes, where: str, *, max_decompressed: int, max_chars: int) -> str:
    """Headers, body and footers as lines; JDL027 for a file of pictures with no text."""
    zf = _zip(data, where)
    with zf:
        names = zf.namelist()
        if not is_docx(names):
            raise ResumeError("JDL025", where=where, actual="a ZIP archive")
        budget = _Budget(max_decompressed, where)
        body = _parse(budget, zf, _BODY_PART, max_chars, f"{_W}document")
        heads = [_parse(budget, zf, n, max_chars, None) for n in sorted(names) if _HEADER.fullmatch(n)]
        foots = [_parse(budget, zf, n, max_chars, None) for n in sorted(names) if _FOOTER.fullmatch(n)]
    text = "\n".join(_unique_parts(heads) + ["\n".join(body.lines)] + _unique_parts(foots))
    if body.pictures and len("".join(text.split())) < MIN_CHARS:
        raise ResumeError("JDL027", where=where)
    if len(text) > max_chars:
        raise LimitError("JDL007", where=where, limit=max_chars)
    return _tidy(text)


def _unique_parts(parts: list[_Lines]) -> list[str]:
    """Each distinct header (or footer) text once: first-page and default headers often repeat."""
    seen: dict[str, None] = {}
    for part in parts:
        text = "\n".join(part.lines).strip()
        if text:
            seen.setdefault(text, None)
    return list(seen)


def _tidy(text: str) -> str:
    lines = text.split("\n")
    out: list[str] = []
    for line in lines:
        if line.strip() or (out and out[-1].strip()):
            out.append(line)
    return "\n".join(out).strip("\n")
