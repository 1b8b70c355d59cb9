"""HTML to text with lxml's HTML parser (libxml2): linear time, no regex over markup.

Dropped: script, style, template, noscript and other non-content elements, elements hidden with
``hidden``, ``aria-hidden="true"`` or an inline ``display:none``/``visibility:hidden``, and embedded
JSON. Block elements end lines; list items become "• " bullets; table cells are separated by " | ".
A schema.org ``JobPosting`` in JSON-LD is found by ``job_posting``.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from jdlens.compiled_regex import compile_pattern

if TYPE_CHECKING:
    import lxml.html

_DROP = frozenset(
    {"script", "style", "template", "noscript", "head", "title", "iframe", "svg", "math", "object", "select"}
)
_BLOCK = frozenset(
    {
        "p", "div", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "dt", "dd",
        "tr", "table", "section", "article", "header", "footer", "aside", "nav", "main", "blockquote",
        "pre", "address", "figure", "figcaption", "form", "fieldset", "details", "summary", "body",
    }
)  # fmt: skip
_CELL = frozenset({"td", "th"})
_HIDDEN_STYLE = compile_pattern(r"(?i)(?:display\s*:\s*none|visibility\s*:\s*hidden)")
_JSON_SCRIPT = compile_pattern(r"(?i)json")
_HTML_START = compile_pattern(
    r"(?i)\A\s*(?:<!doctype\s+html|<html\b|<head\b|<body\b|<\?xml[^>]{0,200}>\s*<html\b)"
)
_HTML_HINT = compile_pattern(
    r"(?i)<\s*/?(?:p|br|div|li|ul|ol|h[1-6]|a|b|i|strong|em|span|table|tr|td|script|style)\b[^<>]{0,300}>"
    r"|&(?:amp|lt|gt|quot|nbsp|#\d+|#x[0-9a-f]+);"
)
_HINT_CHARS = 20_000
# A decimal character reference of 8 or more significant digits names no character (the last is
# 1114111); html.unescape reads it as U+FFFD but raises ValueError past 4,300 digits.
_HUGE_REFERENCE = compile_pattern(r"&#0*[1-9][0-9]{7,};?")


def unescape(text: str) -> str:
    """``html.unescape`` that reads a character reference of any length (a huge one is U+FFFD)."""
    if "&" not in text:
        return text
    return html.unescape(_HUGE_REFERENCE.sub("\ufffd", text))


def looks_like_html(text: str) -> bool:
    """True for markup: a document start, or a common tag or entity in the first 20,000 characters."""
    head = text[:_HINT_CHARS]
    if "<" not in head and "&" not in head:  # every tag opens with "<", every entity with "&"
        return False
    return bool(_HTML_START.match(head) or _HTML_HINT.search(head))


def _parser() -> lxml.html.HTMLParser:
    # lxml is imported by the functions that read markup: a plain-text posting never loads it.
    import lxml.html

    # huge_tree: a text node over 10 MB is kept (inputs are size-limited before they get here)
    return lxml.html.HTMLParser(
        encoding="utf-8", huge_tree=True, remove_comments=True, remove_pis=True, no_network=True
    )


def parse(markup: str) -> Any:
    """The document tree of ``markup``, or None for markup with no elements."""
    if not markup.strip():
        return None
    import lxml.etree as etree
    import lxml.html

    try:
        return lxml.html.document_fromstring(markup.encode("utf-8", errors="replace"), parser=_parser())
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None


def _hidden(el: Any) -> bool:
    if el.get("hidden") is not None or el.get("aria-hidden", "").strip().lower() == "true":
        return True
    style = el.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


def _dropped(el: Any) -> bool:
    tag = el.tag
    if not isinstance(tag, str):  # comments and processing instructions
        return True
    return tag.lower() in _DROP or (tag == "input" and el.get("type", "").lower() == "hidden") or _hidden(el)


def _line_break(out: list[str]) -> None:
    """End the line unless it just ended: adjacent block edges give one break."""
    if out and not out[-1].endswith("\n"):
        out.append("\n")


def tree_text(root: Any) -> str:
    """Visible text of a parsed tree, in document order, without recursion."""
    import lxml.etree as etree

    out: list[str] = []
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if event == "start":
            if _dropped(el):
                walker.skip_subtree()
                continue
            if tag == "li":
                _line_break(out)
                out.append("• ")
            elif tag in _BLOCK:
                _line_break(out)
            elif tag in _CELL:
                out.append(" | ")
            if el.text:
                out.append(el.text)
        else:
            if tag in _BLOCK or tag == "li":
                _line_break(out)
            if el.tail:
                out.append(el.tail)
    return "".join(out)


def html_to_text(markup: str) -> str:
    """The visible text of an HTML document or fragment (entities decoded)."""
    root = parse(markup)
    return "" if root is None else tree_text(root)


@dataclass(frozen=True, slots=True)
class JobPosting:
    """The parts of a schema.org JobPosting the analysis reads."""

    description: str
    title: str | None = None
    location: str | None = None
    salary: str | None = None

    def as_text(self) -> str:
        """The title line, the description as text, then location and salary lines when the record has them.

        The title is in the text (not only in ``title``) so that every door analyses the same text."""
        lines = [self.title] if self.title else []
        lines.append(html_to_text(self.description) if "<" in self.description else self.description)
        if self.location:
            lines.append(f"Location: {self.location}")
        if self.salary:
            lines.append(f"Salary: {self.salary}")
        return "\n".join(lines)


def _objects(node: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    """Every JSON object in ``node`` (lists and ``@graph`` included), to a bounded depth."""
    if depth > 8:
        return
    if isinstance(node, list):
        for item in node:
            yield from _objects(item, depth + 1)
    elif isinstance(node, dict):
        yield node
        for key in ("@graph", "mainEntity", "itemListElement", "item"):
            if key in node:
                yield from _objects(node[key], depth + 1)


def _is_job_posting(obj: dict[str, Any]) -> bool:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return "JobPosting" in kinds and isinstance(obj.get("description"), str)


def _text(value: Any) -> str | None:
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        text = " ".join(str(value).split())
        return text or None
    if isinstance(value, dict):
        return _text(value.get("name"))
    return None


def _place(obj: dict[str, Any]) -> str | None:
    places = obj.get("jobLocation")
    first = places[0] if isinstance(places, list) and places else places
    if not isinstance(first, dict):
        return "Remote" if obj.get("jobLocationType") == "TELECOMMUTE" else None
    address = first.get("address")
    if isinstance(address, str):
        return _text(address)
    if not isinstance(address, dict):
        return None
    keys = ("addressLocality", "addressRegion", "addressCountry")
    parts = [p for p in (_text(address.get(k)) for k in keys) if p]
    return ", ".join(parts) or None


def _salary(obj: dict[str, Any]) -> str | None:
    pay = obj.get("baseSalary")
    if not isinstance(pay, dict):
        return None
    value = pay.get("value")
    currency = _text(pay.get("currency")) or ""
    if isinstance(value, dict):
        low, high = _text(value.get("minValue")), _text(value.get("maxValue"))
        amount = _text(value.get("value"))
        unit = _text(value.get("unitText"))
    else:
        low = high = None
        amount, unit = _text(value), _text(pay.get("unitText"))
    span = f"{low} - {high}" if low and high else low or high or amount
    if not span:
        return None
    return " ".join(p for p in (currency, span, f"per {unit.lower()}" if unit else "") if p)


def posting_from_json(data: Any) -> JobPosting | None:
    """The first JobPosting in parsed JSON(-LD), or None."""
    for obj in _objects(data):
        if _is_job_posting(obj):
            return JobPosting(
                description=obj["description"],
                title=_text(obj.get("title")),
                location=_place(obj),
                salary=_salary(obj),
            )
    return None


def job_posting(root: Any) -> JobPosting | None:
    """A schema.org JobPosting from the page's JSON-LD scripts, or None."""
    for script in root.iter("script"):
        if not _JSON_SCRIPT.search(script.get("type", "")):
            continue
        try:
            data = json.loads(script.text or "")
        except (ValueError, RecursionError):
            continue
        found = posting_from_json(data)
        if found is not None:
            return found
    return None
