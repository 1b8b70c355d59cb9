"""Small helpers shared by the field extractors: number words, clause bounds, required/preferred cues."""

from __future__ import annotations

import re
from typing import Literal

from jdlens.text.document import Document

Need = Literal["required", "preferred"]

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
_SENTENCE_END = re.compile(r"(?:(?<=[a-z]{3})|(?<=[0-9)]))[.!?;](?=\s|[A-Z0-9•(]|$)")
_HEADING_CUES = re.compile(
    r"(?i)(?<![a-z])(?P<pref>preferred(?: qualifications?| education| skills?| experience| requirements?)?|nice[ -]to[ -]haves?|"
    r"bonus(?: points?)?|even better|desired(?: skills| qualifications)?|pluses|good to have|ideally)\b|"
    r"(?<![a-z])(?P<req>(?:basic|minimum|required|key|essential) (?:qualifications?|education|requirements?|skills)|"
    r"requirements|must[ -]haves?|what you(?:'ll|’ll| will)? need|you have|qualifications)\b"
)
_AFTER_PREF = re.compile(
    r"(?i)^[^.;\n]{0,40}?\b(?:(?:is |are |would be |strongly |highly )?(?:preferred|desired|desirable|a plus|a bonus|"
    r"an advantage|advantageous|nice to have|a big plus|helpful|beneficial))\b"
)
_BEFORE_PREF = re.compile(
    r"(?i)\b(?:preferably|ideally|prefer(?:red)?|bonus if|plus if|nice if)\b[^.;\n]{0,25}$"
)
_BEFORE_REQ = re.compile(r"(?i)\b(?:required|requires?|must|minimum|at least)\b[^.;\n]{0,25}$")
_AFTER_REQ = re.compile(r"(?i)^[^.;\n]{0,30}?\b(?:is |are )?(?:required|a must)\b")


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


def heading_need(text: str, lo: int, pos: int) -> Need | None:
    """The nearest required/preferred heading cue between ``lo`` and ``pos`` (same line, glued headings)."""
    need: Need | None = None
    for m in _HEADING_CUES.finditer(text, max(lo, pos - 600), pos):
        need = "preferred" if m.group("pref") else "required"
    return need


def local_need(
    text: str, start: int, end: int, clause: tuple[int, int], stop: int | None = None
) -> Need | None:
    """Required/preferred wording right around a mention ("PhD preferred", "preferably a Master's").

    ``stop`` ends the look-ahead early, e.g. at the next alternative that the wording binds to instead.
    """
    after = text[end : min(clause[1], end + 60, stop if stop is not None else len(text))]
    before = text[max(clause[0], start - 40) : start]
    if _AFTER_PREF.match(after) or _BEFORE_PREF.search(before):
        return "preferred"
    if _AFTER_REQ.match(after) or _BEFORE_REQ.search(before):
        return "required"
    return None


def need_at(doc: Document, start: int, end: int, stop: int | None = None) -> Need:
    """Whether the statement at [start, end) is asked for (required) or only wished for (preferred)."""
    lo, hi = doc.line_bounds(start)
    clause = clause_bounds(doc.text, start, end, lo, hi)
    need = local_need(doc.text, start, end, clause, stop) or heading_need(doc.text, lo, start)
    if need is None:
        need = "preferred" if doc.kind_at(start) == "preferred" else "required"
    return need
