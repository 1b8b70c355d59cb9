"""Small helpers shared by the field extractors: number words, clause bounds, required/preferred wording.

The wording is data (extract/data/needs.yaml); headings are data too (text/data/headings.yaml), found by
text/sections.py and read here through the section a statement sits in, or the heading its line opens with.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from jdlens.compiled_regex import compile_pattern
from jdlens.datafiles import load_yaml
from jdlens.extract.blocks import Need, block_need
from jdlens.text.document import Document
from jdlens.text.sections import alternatives, run_in_heading

__all__ = ["NUMBER", "Need", "clause_bounds", "local_need", "need_at", "to_number"]

NUMBER_WORDS: dict[str, float] = {
    "zero": 0,
    "one": 1,
    "a": 1,
    "an": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
}
NUMBER = (
    r"(?:\d{1,2}(?:\.\d)?|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)"
)

# A sentence ends at . ! ? ; after a word of 3+ lowercase letters, a digit or a bracket ("field.3+ years"),
# never inside abbreviations such as "B.S.", "Ph.D." or "e.g.".
_SENTENCE_END = compile_pattern(r"(?:(?<=[a-z]{3})|(?<=[0-9)]))[.!?;](?=\s|[A-Z0-9•(]|$)")


@dataclass(frozen=True)
class _NeedCues:
    """The wording of extract/data/needs.yaml around a statement, compiled."""

    after_preferred: re.Pattern[str]
    before_preferred: re.Pattern[str]
    after_required: re.Pattern[str]
    before_required: re.Pattern[str]


@lru_cache(maxsize=1)
def need_cues() -> _NeedCues:
    raw = load_yaml("jdlens.extract.data", "needs.yaml")
    return _NeedCues(
        after_preferred=compile_pattern(
            rf"(?i)^[^.;\n]{{0,40}}?\b(?:{alternatives(raw['after_preferred'])})\b"
        ),
        before_preferred=compile_pattern(
            rf"(?i)\b(?:{alternatives(raw['before_preferred'])})\b[^.;\n]{{0,25}}$"
        ),
        after_required=compile_pattern(
            rf"(?i)^[^.;\n]{{0,30}}?\b(?:{alternatives(raw['after_required'])})\b"
        ),
        before_required=compile_pattern(
            rf"(?i)\b(?:{alternatives(raw['before_required'])})\b[^.;\n]{{0,25}}$"
        ),
    )


def to_number(token: str) -> float | None:
    token = token.lower()
    if token in NUMBER_WORDS:
        return NUMBER_WORDS[token]
    try:
        return float(token)
    except ValueError:
        return None


def clause_bounds(text: str, start: int, end: int, lo: int, hi: int) -> tuple[int, int]:
    """The sentence around [start, end) within [lo, hi) (usually the line)."""
    left = lo
    for m in _SENTENCE_END.finditer(text, max(lo, start - 300), start):
        left = m.end()
    stop = _SENTENCE_END.search(text, end, min(hi, end + 400))
    return left, stop.start() + 1 if stop else hi


def local_need(
    text: str, start: int, end: int, clause: tuple[int, int], stop: int | None = None
) -> Need | None:
    """Required/preferred wording right around a mention ("PhD preferred", "preferably a Master's").

    ``stop`` ends the look-ahead early, e.g. at the next alternative that the wording binds to instead.
    """
    after = text[end : min(clause[1], end + 60, stop if stop is not None else len(text))]
    before = text[max(clause[0], start - 40) : start]
    cues = need_cues()
    if cues.after_preferred.match(after) or cues.before_preferred.search(before):
        return "preferred"
    if cues.after_required.match(after) or cues.before_required.search(before):
        return "required"
    return None


def need_at(doc: Document, start: int, end: int, stop: int | None = None) -> Need:
    """Whether the statement at [start, end) is asked for (required) or only wished for (preferred)."""
    lo, hi = doc.line_bounds(start)
    clause = clause_bounds(doc.text, start, end, lo, hi)
    need = local_need(doc.text, start, end, clause, stop)
    if need is not None:
        return need
    kind = run_in_heading(doc.text, lo, start) or doc.kind_at(start)
    if kind in ("requirements", "preferred"):
        return "preferred" if kind == "preferred" else "required"
    return block_need(doc, start) or "required"
