"""Read the structure of a resume's normalized text: contact details, bullets, roles and dates, degree."""

from __future__ import annotations

import bisect
import re
from datetime import date

from jdlens.models import Contact, Degree, ResumeEvidence, ResumeRole, ResumeSection
from jdlens.resume.headings import resume_heading, section_at

# Bounded parts (RFC 5321: local part <= 64, label <= 63), each run tried once from its start: linear.
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+")
_PHONE = re.compile(r"(?<![\w/])\+?\(?\d[\d\s().-]{7,18}\d(?![\w/])")
_LINKEDIN = re.compile(r"(?i)linkedin")
_GITHUB = re.compile(r"(?i)github(?:\.com)?\b")
_WEBSITE = re.compile(
    r"(?i)\b(?:https?://|www\.)\S+|(?<![\w-])[\w-]{1,63}\.(?:dev|io|me|ai|com|net|org|site|page)(?:/\S*)?\b"
)

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_YEAR = r"(?:19[6-9]\d|20[0-4]\d)"
_DATE = rf"(?:{_MONTH}\s*,?\s*{_YEAR}|(?:0?[1-9]|1[0-2])\s*[/.-]\s*{_YEAR}|{_YEAR})"
_NOW = r"(?:present|current(?:ly)?|now|today|ongoing|date)"
_RANGE = re.compile(
    rf"(?i)(?<![\w/])(?P<a>{_DATE})\s*(?:[-–—]+|to|until|till)\s*(?P<b>{_DATE}|{_NOW})(?![\w/])"
)
_CLAIMED_YEARS = re.compile(r"(?i)\b(\d{1,2})\+?\s*(?:years?|yrs?)(?:\s+of)?\s+(?:\w+\s+){0,4}?experience")

_DEGREES: list[tuple[Degree, re.Pattern[str]]] = [
    ("phd", re.compile(r"(?i)\b(?:ph\.?\s?d|doctor(?:ate| of philosophy)|d\.?phil)\b")),
    (
        "master",
        re.compile(r"(?i)\b(?:master(?:'?s)?|m\.\s?s\.?|msc|m\.sc|ms|mba|m\.?tech|m\.?eng|m\.?a\.|mphil)\b"),
    ),
    (
        "bachelor",
        re.compile(
            r"(?i)\b(?:bachelor(?:'?s)?|b\.\s?s\.?|bsc|b\.sc|bs|b\.?tech|b\.?e\.|b\.?eng|b\.?a\.|ba|undergraduate degree)\b"
        ),
    ),
]
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z(•])")
_STATEMENT_KINDS = ("experience", "projects")


def find_contact(text: str, header_end: int) -> Contact:
    """Which contact details appear (the header first, the whole text as a fallback)."""
    head = _EMAIL.sub(" ", text[: max(header_end, 600)])
    phones = [m.group(0) for m in _PHONE.finditer(head)]
    return Contact(
        email=bool(_EMAIL.search(text[: max(header_end, 600)]) or _EMAIL.search(text)),
        phone=any(
            9 <= sum(c.isdigit() for c in p) <= 15 and not re.fullmatch(r"\d{4}\s*-\s*\d{4}", p.strip())
            for p in phones
        ),
        linkedin=bool(_LINKEDIN.search(text)),
        github=bool(_GITHUB.search(text)),
        website=any(not re.search(r"(?i)linkedin|github|@", m.group(0)) for m in _WEBSITE.finditer(head)),
    )


def _month_index(token: str, today: date) -> int:
    """Months since year 0 for a date token; a bare year starts in January (and ends in January)."""
    t = token.strip().lower().rstrip(".")
    if re.fullmatch(_NOW, t, re.I):
        return today.year * 12 + today.month - 1
    year = int(re.search(_YEAR, t).group(0))  # type: ignore[union-attr]
    word = re.match(r"[a-z]+", t)
    num = re.match(r"(\d{1,2})\s*[/.-]", t)
    if word and word.group(0)[:3] in _MONTHS:
        month = _MONTHS[word.group(0)[:3]]
    else:
        month = int(num.group(1)) if num else 1
    return year * 12 + month - 1


def _ym(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def find_roles(text: str, sections: list[ResumeSection], today: date | None = None) -> list[ResumeRole]:
    """Every dated role: ranges in experience sections (or anywhere outside education/projects)."""
    today = today or date.today()
    has_experience = any(s.kind == "experience" for s in sections)
    roles: list[ResumeRole] = []
    breaks = _line_index(text)
    for m in _RANGE.finditer(text):
        kind = section_at(sections, m.start())
        if (has_experience and kind != "experience") or kind in ("education", "projects", "certifications"):
            continue
        start = _month_index(m.group("a"), today)
        end_idx = _month_index(m.group("b"), today)
        if end_idx < start or end_idx - start > 50 * 12:
            continue
        current = bool(re.fullmatch(_NOW, m.group("b").strip(), re.I))
        line_start, line_end = _line_bounds(text, m.start())
        roles.append(
            ResumeRole(
                title=_role_title(text, breaks, m.start(), m.end()),
                start=_ym(start),
                end=None if current else _ym(end_idx),
                months=end_idx - start,
                evidence=ResumeEvidence(
                    text=text[line_start:line_end], start=line_start, end=line_end, section=kind
                ),
            )
        )
    return roles


# A line is read at most this far either side of a position: beyond it, a line is a paragraph (or a
# whole one-line file), never a title, and its evidence is the stretch around the position.
_LINE_REACH = 2000


def _line_bounds(text: str, pos: int) -> tuple[int, int]:
    """The line holding ``pos``, clipped to ``_LINE_REACH`` characters either side."""
    lo, hi = max(0, pos - _LINE_REACH), min(len(text), pos + _LINE_REACH)
    start = text.rfind("\n", lo, pos) + 1 or lo
    stop = text.find("\n", pos, hi)
    return start, hi if stop < 0 else stop


_BREAK = re.compile("\n")
_MAX_TITLE_LINE = 800
_TITLE_SPLIT = re.compile(r"\s*(?:,|\||\s@\s|\sat\s|\s[-–—]\s|\()\s*")


def _line_index(text: str) -> list[int]:
    """Positions of the line breaks, for bounds by bisection."""
    return [m.start() for m in _BREAK.finditer(text)]


def _line_of(text: str, breaks: list[int], pos: int) -> tuple[int, int]:
    i = bisect.bisect_left(breaks, pos)
    return (breaks[i - 1] + 1 if i > 0 else 0), (breaks[i] if i < len(breaks) else len(text))


def _role_title(text: str, breaks: list[int], start: int, end: int) -> str | None:
    """The job title written beside a date range: same line, else the next or previous line.

    Lines longer than ``_MAX_TITLE_LINE`` are paragraphs, never titles: they are not read.
    """
    ls, _ = _line_of(text, breaks, start)
    _, le2 = _line_of(text, breaks, end - 1)
    spans = [(ls, le2)]
    if le2 < len(text):
        spans.append(_line_of(text, breaks, le2 + 1))
    if ls > 0:
        spans.append(_line_of(text, breaks, ls - 1))
    for i, (a, b) in enumerate(spans):
        if b - a > _MAX_TITLE_LINE:
            continue
        cand = (text[a:start] + " " + text[end:b]).strip(" ,|–—-:\t") if i == 0 else text[a:b]
        cand = cand.strip().lstrip("• ").strip()
        if not cand or resume_heading(cand) or len(cand.split()) > 16 or cand.endswith("."):
            continue
        title = _TITLE_SPLIT.split(cand, maxsplit=1)[0].strip(" ,|–—-:")
        if 1 <= len(title.split()) <= 8 and re.search(r"[A-Za-z]{2}", title):
            return title
    return None


def total_years(roles: list[ResumeRole]) -> float | None:
    """Years covered by the roles, overlapping periods counted once."""
    spans = sorted((_parse_ym(r.start), _parse_ym(r.start) + r.months) for r in roles)
    if not spans:
        return None
    months, cur_start, cur_end = 0, *spans[0]
    for s, e in spans[1:]:
        if s > cur_end:
            months += cur_end - cur_start
            cur_start, cur_end = s, e
        else:
            cur_end = max(cur_end, e)
    months += cur_end - cur_start
    return round(months / 12, 1)


def _parse_ym(value: str) -> int:
    year, month = value.split("-")
    return int(year) * 12 + int(month) - 1


def claimed_years(text: str) -> float | None:
    """ "5 years of experience" written in the resume (used only when no role is dated)."""
    values = [int(m.group(1)) for m in _CLAIMED_YEARS.finditer(text[:3000]) if 0 < int(m.group(1)) <= 45]
    return float(max(values)) if values else None


def highest_degree(text: str, sections: list[ResumeSection]) -> Degree | None:
    parts = [text[s.start : s.end] for s in sections if s.kind == "education"] or [text]
    blob = "\n".join(parts)
    for degree, pattern in _DEGREES:
        if pattern.search(blob):
            return degree
    return None


def find_statements(text: str, sections: list[ResumeSection]) -> list[ResumeEvidence]:
    """Achievement statements: bullet lines, or sentences of experience/project paragraphs."""
    out: list[ResumeEvidence] = []
    for section in sections:
        if section.kind not in _STATEMENT_KINDS:
            continue
        for start, end in _units(text, section.start, section.end):
            piece = text[start:end]
            if len(piece.split()) >= 4:
                out.append(ResumeEvidence(text=piece, start=start, end=end, section=section.kind))
    if not out:
        out = [
            ResumeEvidence(text=text[s:e], start=s, end=e, section=section_at(sections, s))
            for s, e in _bullet_lines(text)
        ]
    return out


def _bullet_lines(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in re.finditer(r"(?m)^• (.+)$", text):
        spans.append((m.start(1), m.end(1)))
    return spans


def _is_header_line(line: str) -> bool:
    """A role/heading line inside experience: dates, or a short title-like line without a full stop."""
    clean = line.strip()
    if not clean or resume_heading(clean):
        return True
    if clean.startswith("•"):
        return False
    if _RANGE.search(clean) or re.fullmatch(rf"(?i){_DATE}\s*[-–—]?|{_NOW}", clean):
        return True
    words = clean.split()
    if clean.endswith((".", ";")) or len(words) > 14:
        return False
    if len(words) <= 4:
        return True
    alpha = [w for w in words if w[:1].isalpha()]
    capitalized = sum(w[0].isupper() for w in alpha) / max(1, len(alpha))
    return ("," in clean or "|" in clean or " at " in clean) and capitalized >= 0.6


def _units(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a section into statements: a bullet with its wrapped lines, or one sentence of a paragraph."""
    units: list[tuple[int, int]] = []
    cur: tuple[int, int] | None = None
    for m in re.finditer(r"[^\n]+", text[start:end]):
        ls, le = start + m.start(), start + m.end()
        line = m.group(0)
        if _is_header_line(line) and not (
            cur and not line.strip().startswith("•") and _continues(text, cur, line)
        ):
            if cur:
                units.append(cur)
            cur = None
            continue
        if line.startswith("• ") or cur is None:
            if cur:
                units.append(cur)
            cur = (ls + 2 if line.startswith("• ") else ls, le)
        else:
            cur = (cur[0], le)
    if cur:
        units.append(cur)
    return [piece for s, e in units for piece in _sentences(text, s, e)]


def _continues(text: str, cur: tuple[int, int], line: str) -> bool:
    """A wrapped continuation: the previous line did not end a sentence and this one starts lower-case."""
    prev = text[max(cur[0], cur[1] - _LINE_REACH) : cur[1]].rstrip()
    if not prev or prev.endswith((".", "!", "?")):
        return False
    if line[:1].islower():
        return True
    in_bullet = text[max(0, cur[0] - 2) : cur[0]] == "• "
    return in_bullet and not resume_heading(line) and not _RANGE.search(line)


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out, last = [], start
    for m in _SENTENCE.finditer(text, start, end):
        out.append((last, m.start()))
        last = m.end()
    out.append((last, end))
    return [(s, e) for s, e in out if e > s]
