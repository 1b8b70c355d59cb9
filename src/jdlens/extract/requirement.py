"""Required, preferred or unspecified: from the section a mention sits in and the phrasing of its clause."""

from __future__ import annotations

import re

from jdlens.models import Requirement, SectionKind
from jdlens.text.document import Document

_PREFERRED = re.compile(
    r"(?i)\b(?:preferred|preferably|preference|(?:is |are |a |an |big |huge |strong |definite )plus|"
    r"plus\s*(?:[.!)]|$)|nice[ -]to[ -]have|bonus|ideally|ideal(?:ly)? candidates? (?:will )?(?:also )?have|"
    r"desir(?:ed|able)|(?:an? )?advantage(?:ous)?|good[ -]to[ -]have|helpful|beneficial|would be (?:great|nice|good)|"
    r"not (?:required|necessary|a requirement)|optional|extra credit|appreciated|welcome|"
    r"(?:is|are) a bonus|stand out|sets? you apart)\b"
)
_REQUIRED = re.compile(
    r"(?i)\b(?:require[sd]?|requirements?|must|need(?:ed)? to have|mandatory|essential|minimum|at least|"
    r"\d+\s*\+?\s*(?:years?|yrs?)|proficien(?:t|cy)|strong|solid|expert(?:ise)?|deep (?:knowledge|understanding|experience)|"
    r"experience (?:with|in|using|building|developing|deploying|working)|experienced|knowledge of|understanding of|"
    r"familiar(?:ity)?|fluen(?:t|cy)|skilled|hands[ -]on|you have|you(?:'ve| have) (?:built|worked|used)|"
    r"track record|background in|ability to|comfortable (?:with|in)|command of|mastery)\b"
)
_CLAUSE_BREAK = re.compile(r"(?<=[.!?;])\s+(?=[A-Z•])")
_SECTION_DEFAULT: dict[SectionKind, Requirement] = {
    "requirements": "required",
    "preferred": "preferred",
}


def clause_bounds(doc: Document, pos: int) -> tuple[int, int]:
    """The bullet line, or the sentence within a long line, that holds ``pos``."""
    start, end = doc.line_bounds(pos)
    if end - start <= 220:
        return start, end
    cut_start = start
    for m in _CLAUSE_BREAK.finditer(doc.text, start, end):
        if m.start() >= pos:
            return cut_start, m.start()
        cut_start = m.end()
    return cut_start, end


def classify_requirement(doc: Document, pos: int) -> Requirement:
    """How the posting asks for the thing mentioned at ``pos``."""
    kind = doc.kind_at(pos)
    start, end = clause_bounds(doc, pos)
    clause = doc.text[start:end]
    if _PREFERRED.search(clause):
        return "required" if kind == "requirements" and _explicitly_required(clause) else "preferred"
    default = _SECTION_DEFAULT.get(kind or "other")
    if default:
        return default
    if _REQUIRED.search(clause):
        return "required"
    return "unspecified"


def _explicitly_required(clause: str) -> bool:
    return bool(re.search(r"(?i)\b(?:required|must)\b", clause)) and not re.search(
        r"(?i)\bnot (?:required|a must)\b", clause
    )
