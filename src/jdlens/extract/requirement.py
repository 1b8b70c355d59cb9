"""Required, preferred or unspecified: from the section a mention sits in and the phrasing of its clause."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from jdlens.models import Requirement, SectionKind
from jdlens.text.document import Document
from jdlens.text.sections import heading_rules

# The cue phrases of a clause that wishes for something or asks for it are text/data/headings.yaml
# `cues` (heading_rules().preferred_cue / required_cue), shared with the heading class of sections.py.
_MUST = re.compile(r"\b(?:required|must)\b")
_NOT_REQUIRED = re.compile(r"\bnot (?:required|a must)\b")
_CLAUSE_BREAK = re.compile(r"(?<=[.!?;])\s+(?=[A-Z•])")
_SECTION_DEFAULT: dict[SectionKind, Requirement] = {
    "requirements": "required",
    "preferred": "preferred",
}


_LONG_LINE = 220  # a longer line is a paragraph: its sentences are the clauses


_PAREN = re.compile(r"\(([^()]{0,300})\)")
_SHORT_ASIDE = 4


def scoped_clause(text: str, start: int, end: int, pos: int) -> tuple[str, int, bool]:
    """The clause around ``pos`` without asides about other things, ``pos``'s offset in it, and
    whether ``pos`` sits inside an aside (then the clause is cut at the aside's end).

    "Python, Go, or Rust (other languages are a plus)": the aside speaks of other languages, so it is
    blanked; a short aside such as "(preferred)" qualifies the whole clause and stays.
    """
    chars = list(text[start:end])
    for m in _PAREN.finditer(text, start, end):
        if m.start() < pos < m.end():
            return text[start : m.end()], pos - start, True
        if len(m.group(1).split()) > _SHORT_ASIDE:
            chars[m.start() - start : m.end() - start] = " " * (m.end() - m.start())
    return "".join(chars), pos - start, False


_SEGMENT = re.compile(r"[^,;]+")
_LIST_ITEM_WORDS = 4
_OPENING_WORDS = 0  # a cue that opens its clause governs all of it


def _segments(clause: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _SEGMENT.finditer(clause)]


def _words(text: str) -> list[str]:
    return [w for w in text.split() if w != "•"]


def _cue_scope(clause: str, segments: list[tuple[int, int]], cue: re.Match[str]) -> tuple[int, int]:
    """The stretch of the clause a preference cue speaks about.

    A trailing cue covers its own segment ("Scala is a nice to have"), and the list before it when the
    segment continues a list ("Python, Spark, or Scala is a plus"); a leading cue covers the rest of its
    segment ("..., preferably Python, and ..."), or the rest of the clause when it opens the clause
    ("Bonus points for X, Y, or Z"), stands alone ("Ideally, ...") or opens a list with a colon.
    """
    index = next(i for i, (a, b) in enumerate(segments) if a <= cue.start() < b)
    seg_start, seg_end = segments[index]
    before, after = _words(clause[seg_start : cue.start()]), _words(clause[cue.end() : seg_end])
    if len(after) <= 1 and before:
        start = seg_start
        continues_list = before[0].lower() in ("or", "and", "and/or")
        while (
            continues_list
            and index > 0
            and len(_words(clause[slice(*segments[index - 1])])) <= _LIST_ITEM_WORDS
        ):
            index -= 1
            start = segments[index][0]
        return start, cue.end()
    opens_clause = len(_words(clause[: cue.start()].strip("( "))) <= _OPENING_WORDS
    if not after or opens_clause or ":" in clause[cue.end() : seg_end]:
        return cue.start(), len(clause)
    return cue.start(), seg_end


class ClauseInfo:
    """What a clause says about requirement, worked out once per clause and only as far as asked."""

    __slots__ = ("_explicit", "_requires", "clause", "preferred_scopes")

    def __init__(self, clause: str) -> None:
        self.clause = clause
        segments = _segments(clause)
        self.preferred_scopes = tuple(
            _cue_scope(clause, segments, cue) for cue in heading_rules().preferred_cue.finditer(clause)
        )
        self._requires: bool | None = None
        self._explicit: bool | None = None

    @property
    def requires(self) -> bool:
        """Requirement phrasing: "you have", "experience with", "must", "N+ years"."""
        if self._requires is None:
            self._requires = bool(heading_rules().required_cue.search(self.clause))
        return self._requires

    @property
    def explicitly_required(self) -> bool:
        if self._explicit is None:
            self._explicit = bool(_MUST.search(self.clause)) and not _NOT_REQUIRED.search(self.clause)
        return self._explicit


@dataclass
class ClauseCache:
    """Per-document memo: clause spans per line, and what each clause says (most mentions share one)."""

    clauses: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    infos: dict[tuple[int, int], tuple[ClauseInfo, tuple[tuple[int, int], ...]]] = field(default_factory=dict)

    def clause_of(self, doc: Document, pos: int) -> tuple[int, int]:
        start, end = doc.line_bounds(pos)
        spans = self.clauses.get(start)
        if spans is None:
            spans = self.clauses[start] = _split_line(doc, start, end)
        return next((a, b) for a, b in spans if a <= pos <= b)

    def info(self, doc: Document, start: int, end: int) -> tuple[ClauseInfo, tuple[tuple[int, int], ...]]:
        key = (start, end)
        found = self.infos.get(key)
        if found is None:
            asides = tuple(m.span() for m in _PAREN.finditer(doc.lower, start, end))
            clause, _, _ = scoped_clause(doc.lower, start, end, start)
            found = self.infos[key] = (ClauseInfo(clause), asides)
        return found


def _split_line(doc: Document, start: int, end: int) -> list[tuple[int, int]]:
    if end - start <= _LONG_LINE:
        return [(start, end)]
    spans, cut = [], start
    for m in _CLAUSE_BREAK.finditer(doc.text, start, end):
        spans.append((cut, m.start()))
        cut = m.end()
    spans.append((cut, end))
    return spans


def classify_requirement(doc: Document, pos: int, cache: ClauseCache | None = None) -> Requirement:
    """How the posting asks for the thing mentioned at ``pos`` (``cache`` shares clause work per document)."""
    cache = cache or ClauseCache()
    kind = doc.kind_at(pos)
    start, end = cache.clause_of(doc, pos)
    info, asides = cache.info(doc, start, end)
    if any(a < pos < b for a, b in asides):
        clause, offset, _ = scoped_clause(doc.lower, start, end, pos)
        info = ClauseInfo(clause)
    else:
        offset = pos - start
    if any(a <= offset < b for a, b in info.preferred_scopes):
        return "required" if kind == "requirements" and info.explicitly_required else "preferred"
    default = _SECTION_DEFAULT.get(kind or "other")
    if default:
        return default
    return "required" if info.requires else "unspecified"
