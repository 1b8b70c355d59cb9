"""Required vs preferred from the layout of a posting whose requirement headings were lost.

Scraped postings often keep their lists (blocks of lines between blank lines) but lose the headings
that named them. A block most of whose lines begin as qualifications ("BA/BS degree ...", "3 years
of experience ...", "Knowledge of ...") rather than duties ("Design ...", "Work with ...") is a list
of qualifications. Employers list the minimum first: the first list of qualifications is what the
posting requires, and qualifications that directly follow such a list, with no heading between them,
are the preferred list. A list has two lines or more, most of which state qualifications: blocks of
one line each (a blank line between every item) carry no such structure, so a one-line block never
makes the next one preferred.

Only sections that are not already requirements or preferred are read this way. The work for one
position is bounded (a block is read up to ``MAX_BLOCK`` characters and ``MAX_LINES`` lines, and
only the block before it is looked at), so reading every mention stays linear in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from jdlens.compiled_regex import compile_pattern
from jdlens.datafiles import load_yaml
from jdlens.text.document import Document

Need = Literal["required", "preferred"]

MAX_BLOCK = 4000
MAX_LINES = 40
_LINE_HEAD = 200  # how much of a line is read to tell how it begins
_READ = ("intro", "responsibilities", "other", "tech_stack")
_BULLET = compile_pattern(r"^[\s•*\-–—·o]*(?:\d{1,2}[.)]\s*)?")


@dataclass(frozen=True)
class Block:
    start: int
    end: int
    lines: int
    qualifications: bool  # a list of qualifications: two lines or more, most of them qualifications
    qualifying: bool  # a list of qualifications, or one line that states one


@lru_cache(maxsize=1)
def _openers() -> re.Pattern[str]:
    raw = load_yaml("jdlens.extract.data", "needs.yaml")
    return compile_pattern(r"(?i)(?:" + "|".join(raw["qualification_openers"]) + r")")


def qualification_line(line: str) -> bool:
    """Whether a line begins as a qualification ("Experience with ...", "BS degree ...")."""
    start = _BULLET.match(line)
    return _openers().match(line, start.end() if start else 0) is not None


def _read_block(text: str, start: int, end: int, heads: dict[str, bool] | None = None) -> Block:
    """The block [start, end) read: its lines, and whether most of them begin as a qualification (each
    line's head looked up in ``heads`` first, the answers of the lines read before). The lines are read
    in order only until the answer is known: when most of them do, or too few are left for most to."""
    lines = [ln for ln in text[start:end].split("\n", MAX_LINES)[:MAX_LINES] if ln.strip()]
    heads = {} if heads is None else heads
    most = len(lines) // 2 + 1  # the fewest lines that are most of them
    hits = 0
    for i, ln in enumerate(lines):
        head = ln[:_LINE_HEAD]
        states = heads.get(head)
        if states is None:
            states = heads[head] = qualification_line(head)
        hits += states
        if hits >= most or hits + len(lines) - i - 1 < most:
            break
    qualifications = len(lines) >= 2 and hits >= most
    return Block(start, end, len(lines), qualifications, qualifications or (len(lines) == 1 and hits == 1))


def block_bounds(text: str, pos: int, lo: int, hi: int) -> tuple[int, int] | None:
    """Where the block (lines between blank lines, within [lo, hi)) holding ``pos`` starts and ends, or
    None when it is longer than ``MAX_BLOCK`` (a wall of text has no list structure)."""
    cut = text.rfind("\n\n", max(lo, pos - MAX_BLOCK), pos)
    if cut < 0 and pos - lo > MAX_BLOCK:
        return None
    start = cut + 2 if cut >= 0 else lo
    stop = text.find("\n\n", pos, min(hi, start + MAX_BLOCK))
    if stop < 0:
        if hi - start > MAX_BLOCK:
            return None
        stop = hi
    return start, stop


def block_at(text: str, pos: int, lo: int, hi: int, heads: dict[str, bool] | None = None) -> Block | None:
    """The block holding ``pos`` (see ``block_bounds``), read."""
    bounds = block_bounds(text, pos, lo, hi)
    return None if bounds is None else _read_block(text, *bounds, heads)


@dataclass
class LayoutCache:
    """Per-document memo: the need of each block, whether each line states a qualification (by the
    line's start), whether each line head read in a block does (by the head itself), and the answer for
    a line of a section (by the line's and the section's start; see ``block_need``)."""

    blocks: dict[int, Need | None] = field(default_factory=dict)
    lines: dict[int, bool] = field(default_factory=dict)
    heads: dict[str, bool] = field(default_factory=dict)
    at_line: dict[tuple[int, int], Need | None] = field(default_factory=dict)


def block_need(
    doc: Document, pos: int, cache: LayoutCache | None = None, line: tuple[int, int] | None = None
) -> Need | None:
    """Required or preferred by the layout at ``pos``, or None when the layout says nothing.

    In the first list of qualifications only the lines that state a qualification are required (a
    duty that slipped into the list stays as it was); every line of a later list is preferred.

    Every position of a line that ends within ``MAX_BLOCK`` of its section's start reads the same
    block (the look-back for a blank line then starts at the section's start, and no line holds a
    blank line), so the answer is kept per line and section. ``line`` is ``doc.line_bounds(pos)``
    where the caller has it."""
    section = doc.section_at(pos)
    if section is None or section.kind not in _READ:
        return None
    cache = cache or _layout_of(doc)
    lo, hi = line or doc.line_bounds(pos)
    key = (lo, section.start) if pos < hi and hi - MAX_BLOCK <= section.start else None
    if key is not None and key in cache.at_line:
        return cache.at_line[key]
    need = _layout_need(doc, pos, section.start, section.end, cache, lo, hi)
    if key is not None:
        cache.at_line[key] = need
    return need


def _layout_need(
    doc: Document, pos: int, start: int, end: int, cache: LayoutCache, lo: int, hi: int
) -> Need | None:
    """``block_need`` at ``pos`` in the section [start, end), on the line [lo, hi), read afresh."""
    bounds = block_bounds(doc.text, pos, start, end)
    if bounds is None:
        return None
    if bounds[0] in cache.blocks:
        need = cache.blocks[bounds[0]]
    else:
        block = _read_block(doc.text, *bounds, cache.heads)
        need = cache.blocks[bounds[0]] = _need_of(doc.text, block, start, cache.heads)
    if need != "required":
        return need
    states = cache.lines.get(lo)
    if states is None:
        states = cache.lines[lo] = qualification_line(doc.text[lo : min(hi, lo + _LINE_HEAD)])
    return need if states else None


def _layout_of(doc: Document) -> LayoutCache:
    """The document's own layout memo, for the callers that keep none (the years and degree extractors)."""
    cache = doc.memo.get(__name__)
    if not isinstance(cache, LayoutCache):
        cache = doc.memo[__name__] = LayoutCache()
    return cache


def _need_of(text: str, block: Block, lo: int, heads: dict[str, bool] | None = None) -> Need | None:
    if not block.qualifying:  # then no list of qualifications either: the block before does not matter
        return None
    previous = None
    if block.start - 2 > lo:
        previous = block_at(text, block.start - 3, lo, block.start - 2, heads)
    if previous is not None and previous.qualifications:
        return "preferred"
    return "required" if block.qualifications else None
