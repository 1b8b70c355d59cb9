"""Find the sections of a job description: responsibilities, requirements, preferred, benefits, ..."""

from __future__ import annotations

import re

from jdlens.budget import spend
from jdlens.models import Section, SectionKind

_HEADINGS: list[tuple[SectionKind, str]] = [
    (
        "preferred",
        r"preferred(?: qualifications?| skills?| experience| requirements?)?|nice[ -]to[ -]haves?|"
        r"bonus(?: points?| skills?)?|(?:big |extra )?plus(?:s)?es|(?:would be )?a plus|desired(?: qualifications?| skills?)?|"
        r"desirable(?: skills?)?|(?:good|great)[ -]to[ -]haves?|extra credit|ideally(?: you(?:'ll)? have)?|"
        r"additional (?:preferred )?qualifications|it would be (?:great|nice) if(?: you have)?|"
        r"you (?:might|may) also have|what (?:would )?(?:sets? you apart|makes you stand out)|"
        r"standout qualifications|preferred but not required|even better|bonus points(?: if you have| for)?|"
        r"(?:it's )?a plus if you have|we'd love (?:it )?if you (?:also )?have|(?:additional|other) (?:skills|qualifications) (?:that are )?(?:a plus|valued)",
    ),
    (
        "requirements",
        r"(?:minimum|basic|required|key|essential|core)? ?(?:qualifications?|requirements?)|"
        r"requirements? and qualifications|qualifications and (?:experience|requirements?|skills)|"
        r"(?:required |key |essential |must[- ]have )?skills(?:,? (?:and|&) (?:experience|qualifications|abilities))?|"
        r"must[ -]haves?|what you(?:'ll| will)? (?:need|bring)(?: to (?:the table|this role))?|"
        r"what we(?:'re| are)? looking for|who you are|about you|you have|you(?:'ll)? bring|your (?:background|profile|skills|experience)|"
        r"experience(?: and skills)?|education(?: and experience)?|(?:we(?:'re| are) looking for|looking for) (?:someone|a candidate|candidates) (?:who|with)(?: has| have)?|"
        r"ideal candidate(?: will have| has)?|the ideal candidate|candidate profile|job requirements|"
        r"to be successful(?: in this role)?(?:,? you(?:'ll| will)? (?:need|have))?|is this you|"
        r"what (?:you need|it takes)(?: to succeed)?|knowledge,? skills,? (?:and|&) abilities",
    ),
    (
        "responsibilities",
        r"(?:key |main |primary |job |your )?(?:responsibilities|duties)|"
        r"what you(?:'ll| will)? (?:do|be doing|work on|achieve)|the role|in this (?:role|position|job)(?:,? you(?:'ll| will))?|(?:your|the) (?:role|job|opportunity|impact|mission)|"
        r"about the (?:role|job|position|team|opportunity)|in this role(?:,? you will)?|(?:as .{0,40}, )?you will|"
        r"day[- ]to[- ]day|position (?:summary|overview|description)|job (?:summary|description|overview)|"
        r"role (?:summary|overview|description)|overview|summary|responsibilities include|what the job involves",
    ),
    (
        "benefits",
        r"benefits?(?: and perks)?|perks(?: and benefits)?|what we offer|we offer|compensation(?: and benefits)?|"
        r"pay(?: range| transparency)?|salary(?: range)?|why (?:join|work)(?: us| with us)?.{0,30}|"
        r"(?:total )?rewards|our benefits|the offer|what(?:'s| is) in it for you",
    ),
    (
        "about_company",
        r"about us|about (?:the )?company|who we are|our (?:mission|story|company|values|culture)|company (?:overview|description)|"
        r"about [A-Z][\w&.\- ]{1,40}|equal (?:employment )?opportunity.*|eeo.*|diversity.{0,40}|life at .{1,40}",
    ),
    (
        "tech_stack",
        r"(?:our |the )?tech(?:nology)? stack|technologies(?: we use)?|tools (?:we use|and technologies)|stack",
    ),
]
_HEADING_RES = [(kind, re.compile(rf"(?i)^(?:{pat})\s*[:\-–—]?\s*$")) for kind, pat in _HEADINGS]
_INLINE_RES = [(kind, re.compile(rf"(?i)^(?:{pat})\s*[:–—]\s*(?=\S)")) for kind, pat in _HEADINGS]
_LINE = re.compile(r"[^\n]+")
# Short lines that read as headings wherever the keyword stands ("It'd be even better if you...").
_KEYWORD_HEADINGS: list[tuple[SectionKind, re.Pattern[str]]] = [
    (
        "preferred",
        re.compile(
            r"(?i)\b(?:even better|nice[ -]to[ -]haves?|bonus points|preferred (?:qualifications|skills|experience)|(?:is |are |a |big )plus(?:es)?\b|good[ -]to[ -]have|desired (?:skills|qualifications))"
        ),
    ),
    (
        "requirements",
        re.compile(
            r"(?i)\b(?:(?:minimum|basic|required) qualifications|requirements|great fit if|must[ -]haves?|what you(?:'ll| will) need|you should have|we(?:'d| would) love to hear from you if)\b"
        ),
    ),
    ("benefits", re.compile(r"(?i)\b(?:what you(?:'ll| will) get|benefits|perks|what we offer)\b")),
    (
        "responsibilities",
        re.compile(r"(?i)\b(?:you(?:'ll| will)(?: be)?:$|responsibilities|day[ -]to[ -]day)"),
    ),
]
_MAX_KEYWORD_HEADING_WORDS = 8
_MAX_HEADING_WORDS = 9
_INLINE_REACH = 100  # an inline heading's colon stands this close to the start of its line


def heading_kind(line: str) -> SectionKind | None:
    """The section a heading line opens, or None when the line is not a heading."""
    if line.lstrip().startswith("•"):
        return None
    clean = line.strip().strip("*#_ ").rstrip(".…:").strip()
    if not clean or len(clean.split()) > _MAX_HEADING_WORDS or len(clean) > 80:
        return None
    for kind, pattern in _HEADING_RES:
        if pattern.match(clean):
            return kind
    if len(clean.split()) <= _MAX_KEYWORD_HEADING_WORDS and not clean.endswith((".", "!")):
        for kind, pattern in _KEYWORD_HEADINGS:
            if pattern.search(clean):
                return kind
    return None


def inline_heading(line: str) -> tuple[SectionKind, int] | None:
    """ "Requirements: Python, SQL" -> ("requirements", offset of "Python")."""
    head = line[:_INLINE_REACH]
    if ":" not in head and "–" not in head and "—" not in head:
        return None
    stripped = line.lstrip("•*#_ ")
    lead = len(line) - len(stripped)
    for kind, pattern in _INLINE_RES:
        m = pattern.match(stripped)
        if m and len(m.group(0).split()) <= _MAX_HEADING_WORDS:
            return kind, lead + m.end()
    return None


def find_sections(text: str) -> list[Section]:
    """Split the text into consecutive sections; text before the first heading is ``intro``."""
    marks: list[tuple[int, SectionKind, str | None]] = [(0, "intro", None)]
    for m in _LINE.finditer(text):
        spend()
        line = m.group(0)
        kind = heading_kind(line)
        if kind is not None:
            marks.append((m.start(), kind, line.strip().rstrip(":").strip()))
            continue
        inline = inline_heading(line)
        if inline is not None:
            marks.append((m.start(), inline[0], line[: inline[1]].strip().rstrip(":–—").strip()))
    sections: list[Section] = []
    for i, (start, kind, heading) in enumerate(marks):
        end = marks[i + 1][0] if i + 1 < len(marks) else len(text)
        if kind in _BOILERPLATE and _reads_as_job(text, start, end):
            kind = "intro"
        if end > start or i == 0:
            sections.append(Section(kind=kind, heading=heading, start=start, end=end))
    return sections


_BOILERPLATE = ("about_company", "benefits")
_JOB_TALK = re.compile(
    r"(?i)\b(?:you will|you'll|you have|\d+\+? years|experience (?:with|in)|proficien|qualifications|requirements)\b"
)
_LONG_BOILERPLATE = 1200


def _reads_as_job(text: str, start: int, end: int) -> bool:
    """A long "About ..." or benefits section that speaks of the candidate's work is the job itself
    (its real headings were lost), not company boilerplate."""
    return end - start > _LONG_BOILERPLATE and len(_JOB_TALK.findall(text, start, end)) >= 3
