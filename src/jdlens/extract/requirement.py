"""Required, preferred or unspecified: from the section a mention sits in, the phrasing of its clause
and, where no heading says, the layout of the lists (extract/blocks.py)."""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from jdlens.compiled_regex import compile_pattern
from jdlens.extract.blocks import block_need
from jdlens.models import Requirement, SectionKind
from jdlens.text.document import Document
from jdlens.text.gate import WordGatedPattern
from jdlens.text.sections import heading_rules

# The cue phrases of a clause that wishes for something or asks for it are text/data/headings.yaml
# `cues` (heading_rules().preferred_cue / required_cue), shared with the heading class of sections.py.
_MUST = compile_pattern(r"\b(?:required|must)\b")
_NOT_REQUIRED = compile_pattern(r"\bnot (?:required|a must)\b")
_CLAUSE_BREAK = compile_pattern(r"(?<=[.!?;])\s+(?=[A-Z•])")
_SECTION_DEFAULT: dict[SectionKind, Requirement] = {
    "requirements": "required",
    "preferred": "preferred",
}


_LONG_LINE = 220  # a longer line is a paragraph: its sentences are the clauses


_PAREN = compile_pattern(r"\(([^()]{0,300})\)")
_SHORT_ASIDE = 4


_SEGMENT = compile_pattern(r"[^,;]+")
_TOKEN = compile_pattern(r"\S+")
_LIST_ITEM_WORDS = 4
_OPENING_WORDS = 0  # a cue that opens its clause governs all of it
# A clause longer than this (none in the shared corpora is over 2,300 characters) is cut into pieces,
# so the work per clause stays bounded whatever the text.
MAX_CLAUSE = 3000


def _segments(clause: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _SEGMENT.finditer(clause)]


def _words(text: str) -> list[str]:
    return [w for w in text.split() if w != "•"]


def _first_words(clause: str, start: int, end: int, n: int) -> list[str]:
    """The first ``n`` words of ``clause[start:end]`` (bullets skipped), reading no further."""
    out: list[str] = []
    for m in _TOKEN.finditer(clause, start, end):
        if m.group(0) != "•":
            out.append(m.group(0))
            if len(out) == n:
                break
    return out


class _Segments:
    """The comma/semicolon segments of a clause, with how far back a list of short items reaches."""

    __slots__ = ("_reach", "spans", "starts")

    def __init__(self, clause: str) -> None:
        self.spans = _segments(clause)
        self.starts = [a for a, _ in self.spans]
        short = [
            len(_first_words(clause, a, b, _LIST_ITEM_WORDS + 1)) <= _LIST_ITEM_WORDS for a, b in self.spans
        ]
        reach: list[int] = []
        for i in range(len(self.spans)):
            reach.append(reach[i - 1] if i > 0 and short[i - 1] else i)
        self._reach = reach

    def index_of(self, pos: int) -> int:
        return bisect.bisect_right(self.starts, pos) - 1

    def list_start(self, index: int) -> int:
        """The first segment of the run of short segments that ends just before ``index``."""
        return self._reach[index]


def _cue_scope(clause: str, segments: _Segments, cue: re.Match[str], opens_clause: bool) -> tuple[int, int]:
    """The stretch of the clause a preference cue speaks about.

    A trailing cue covers its own segment ("Scala is a nice to have"), and the list before it when the
    segment continues a list ("Python, Spark, or Scala is a plus"); a leading cue covers the rest of its
    segment ("..., preferably Python, and ..."), or the rest of the clause when it opens the clause
    ("Bonus points for X, Y, or Z"), stands alone ("Ideally, ...") or opens a list with a colon.
    """
    index = segments.index_of(cue.start())
    seg_start, seg_end = segments.spans[index]
    before = _first_words(clause, seg_start, cue.start(), 1)
    after = _first_words(clause, cue.end(), seg_end, 2)
    if len(after) <= 1 and before:
        start = seg_start
        if before[0].lower() in ("or", "and", "and/or"):
            start = segments.spans[segments.list_start(index)][0]
        return start, cue.end()
    if not after or opens_clause or ":" in clause[cue.end() : seg_end]:
        return cue.start(), len(clause)
    return cue.start(), seg_end


def _opens(clause: str, cue: re.Match[str]) -> bool:
    """Whether no word stands before the cue in its clause."""
    return len(_words(clause[: cue.start()].strip("( "))) <= _OPENING_WORDS


def _merged(scopes: list[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """Overlapping scopes merged into sorted, disjoint [start, end) stretches (starts, ends)."""
    starts: list[int] = []
    ends: list[int] = []
    for a, b in sorted(s for s in scopes if s[0] < s[1]):
        if ends and a <= ends[-1]:
            ends[-1] = max(ends[-1], b)
        else:
            starts.append(a)
            ends.append(b)
    return starts, ends


class ClauseInfo:
    """What a clause says about requirement, worked out once per clause and only as far as asked."""

    __slots__ = ("_ends", "_explicit", "_requires", "_starts", "clause", "preferred_scopes")

    def __init__(self, clause: str) -> None:
        self.clause = clause
        segments: _Segments | None = None
        scopes = []
        opened = True  # once a word stands before a cue, every later cue has one too
        for cue in preferred_cue().finditer(clause):
            segments = segments or _Segments(clause)
            opened = opened and _opens(clause, cue)
            scopes.append(_cue_scope(clause, segments, cue, opened))
        self.preferred_scopes = tuple(scopes)
        self._starts, self._ends = _merged(scopes) if scopes else _NO_SCOPES
        self._requires: bool | None = None
        self._explicit: bool | None = None

    def preferred_at(self, offset: int) -> bool:
        """Whether a preference cue's scope covers ``offset``."""
        i = bisect.bisect_right(self._starts, offset) - 1
        return i >= 0 and offset < self._ends[i]

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


_NO_SCOPES: tuple[list[int], list[int]] = ([], [])


class _Clause:
    """One clause of a line, read once: what it says, its bracketed asides (sorted and disjoint) and,
    for a mention inside an aside, the clause read up to the aside's end.

    "Python, Go, or Rust (other languages are a plus)": the long aside speaks of other languages, so it
    is blanked in what the clause says; a short aside such as "(preferred)" qualifies the whole clause
    and stays. A mention inside an aside reads the clause up to the aside's end instead.
    """

    __slots__ = ("aside_ends", "aside_starts", "cut", "info", "plain", "start")

    def __init__(self, lower: str, start: int, end: int) -> None:
        asides = [m.span() for m in _PAREN.finditer(lower, start, end)]
        self.start = start
        self.aside_starts = [a for a, _ in asides]
        self.aside_ends = [b for _, b in asides]
        long_asides = [(a, b) for a, b in asides if len(lower[a + 1 : b - 1].split()) > _SHORT_ASIDE]
        self.info = ClauseInfo(_blanked(lower, start, end, long_asides))
        self.cut: dict[int, ClauseInfo] = {}
        # no aside and no preference cue: every mention of the clause reads the same from it
        self.plain = not asides and not self.info.preferred_scopes

    def holding(self, pos: int) -> int | None:
        """The end of the aside strictly around ``pos``, if any."""
        i = bisect.bisect_right(self.aside_starts, pos - 1) - 1
        return self.aside_ends[i] if i >= 0 and pos < self.aside_ends[i] else None


def _blanked(text: str, start: int, end: int, asides: list[tuple[int, int]]) -> str:
    """``text[start:end]`` with each of ``asides`` (sorted spans inside it) blanked with spaces."""
    if not asides:
        return text[start:end]
    parts, cut = [], start
    for a, b in asides:
        parts.append(text[cut:a])
        parts.append(" " * (b - a))
        cut = b
    parts.append(text[cut:end])
    return "".join(parts)


@lru_cache(maxsize=1)
def preferred_cue() -> WordGatedPattern:
    """The preference cue pattern, tried only on clauses that hold one of the words every cue contains
    (most clauses hold none)."""
    return WordGatedPattern(heading_rules().preferred_cue)


class RequirementReader:
    """How a document asks for what it mentions, read once per clause and shared by every mention in
    it: the clauses of each line are cut once, each clause's cues and asides read once, and a mention
    of a clause with neither is answered from the clause and the section alone."""

    __slots__ = ("_doc", "_lines")

    def __init__(self, doc: Document) -> None:
        self._doc = doc
        # line start -> (clause starts, clause spans, the clauses read so far by index)
        self._lines: dict[int, tuple[list[int], list[tuple[int, int]], list[_Clause | None]]] = {}

    def classify(self, pos: int, kind: SectionKind | None, lo: int, hi: int) -> Requirement:
        """The requirement of the mention at ``pos``, in a section of ``kind`` (``doc.kind_at(pos)``),
        on the line [lo, hi) (``doc.line_bounds(pos)``)."""
        doc = self._doc
        line = self._lines.get(lo)
        if line is None:
            spans = _split_line(doc, lo, hi)
            line = self._lines[lo] = ([a for a, _ in spans], spans, [None] * len(spans))
        starts, spans, read = line
        i = max(0, bisect.bisect_right(starts, pos) - 1)
        if i > 0 and spans[i - 1][1] >= pos:  # the earlier of two clauses that touch at ``pos``
            i -= 1
        clause = read[i]
        if clause is None:
            clause = read[i] = _Clause(doc.lower, *spans[i])
        info = clause.info
        if not clause.plain:
            aside_end = clause.holding(pos)
            if aside_end is not None:
                info = clause.cut.get(aside_end) or clause.cut.setdefault(
                    aside_end, ClauseInfo(doc.lower[clause.start : aside_end])
                )
            if info.preferred_at(pos - clause.start):
                return "required" if kind == "requirements" and info.explicitly_required else "preferred"
        default = _SECTION_DEFAULT.get(kind or "other")
        if default:
            return default
        # the document's layout memo, shared with the years and degree reads
        by_layout = block_need(doc, pos, None, (lo, hi))
        if by_layout is not None:
            return by_layout
        return "required" if info.requires else "unspecified"


def _split_line(doc: Document, start: int, end: int) -> list[tuple[int, int]]:
    if end - start <= _LONG_LINE:
        return [(start, end)]
    spans, cut = [], start
    for m in _CLAUSE_BREAK.finditer(doc.text, start, end):
        spans.extend(_bounded(doc.text, cut, m.start()))
        cut = m.end()
    spans.extend(_bounded(doc.text, cut, end))
    return spans


def _bounded(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """[start, end) cut at spaces into pieces of at most ``MAX_CLAUSE`` characters."""
    spans = []
    while end - start > MAX_CLAUSE:
        space = text.rfind(" ", start + MAX_CLAUSE // 2, start + MAX_CLAUSE)
        stop = space if space > start else start + MAX_CLAUSE
        spans.append((start, stop))
        start = stop + 1 if space > start else stop
    spans.append((start, end))
    return spans
