"""Read the structure of a resume's normalized text: contact details, bullets, roles and dates, degree."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from functools import lru_cache

from jdlens.compiled_regex import compile_pattern
from jdlens.models import Contact, Degree, ResumeEvidence, ResumeRole, ResumeSection
from jdlens.resume import dates
from jdlens.resume.headings import resume_heading, section_at
from jdlens.resume.professions import ProfessionEntry, is_study, title_profession
from jdlens.text.gate import GatedPattern, digit_run_starts, find_all, finditer_at, gate_text, literal_gate

# Bounded parts (RFC 5321: local part <= 64, label <= 63), each run tried once from its start: linear.
_EMAIL = compile_pattern(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+")
_PHONE = compile_pattern(
    r"(?=[+(\d])(?<![\w/])\+?\(?\d[\d\s().-]{7,18}\d(?![\w/])"
)  # opens with +, ( or a digit
_LINKEDIN = GatedPattern(r"(?i)linkedin")
_GITHUB = GatedPattern(r"(?i)github(?:\.com)?\b")
_SITE_ENDINGS = "dev|io|me|ai|com|net|org|site|page"
_SITE_LABEL = 63
_WEBSITE = compile_pattern(
    rf"(?i)\b(?:https?://|www\.)\S+|(?<![\w-])[\w-]{{1,{_SITE_LABEL}}}\.(?:{_SITE_ENDINGS})(?:/\S*)?\b"
)
# Where each pattern can start, read out without trying it at every position: an address at most 64
# characters before its "@", a phone number at "+", "(" or a run of digits, a site at "http" or "www."
# or at most 63 characters before a ".com" (any case).
_LOCAL_PART = 64
_SITE_DOT = compile_pattern(rf"\.(?i:{_SITE_ENDINGS})")  # opens with a literal ".": the scan jumps to each

_CLAIMED_YEARS = compile_pattern(
    r"(?i)\b(\d{1,2}(?:\.\d)?)\+?\s*(?:years?|yrs?)['’]?(?:\s+of)?\s+(?:[\w/-]+\s+){0,4}?(?:experience|exp)\b"
    r"|\b(?:total|overall|work|professional)?\s*(?:experience|exp)\.?\s*[:-]\s*(?:of\s+)?(?:over\s+|about\s+|around\s+)?"
    r"(\d{1,2}(?:\.\d)?)\+?\s*(?:years?|yrs?)\b"
)
_PARENTHESISED_DURATION = compile_pattern(
    r"\(([^()\n]{2,30})\)|^\W*duration\s*[:-]\s*(.{2,30})$", re.I | re.M
)
_TITLE_LOOKBACK = 4
_TITLE_WORDS = 8
_NON_WORK_KINDS = ("education", "projects", "certifications", "publications")
_DATE_LINE = compile_pattern(rf"(?i)(?:{dates.DATE}|{dates.NOW})\s*[-–—]?")
# A date holds a year ("19xx", "20xx") or a short one ("'18"); a "now" phrase opens with one of these
# words: a line with neither is no date line, and the large pattern is not tried on it.
_NOW_WORDS = literal_gate(dates.NOW, min_len=1)
_DEGREES: list[tuple[Degree, re.Pattern[str]]] = [
    ("phd", compile_pattern(r"(?i)\b(?:ph\.?\s?d|doctor(?:ate| of philosophy)|d\.?phil)\b")),
    (
        "master",
        compile_pattern(
            r"(?i)\b(?:master(?:'?s)?|m\.\s?s\.?|msc|m\.sc|ms|mba|m\.?tech|m\.?eng|m\.?a\.|mphil)\b"
        ),
    ),
    (
        "bachelor",
        compile_pattern(
            r"(?i)\b(?:bachelor(?:'?s)?|b\.\s?s\.?|bsc|b\.sc|bs|b\.?tech|b\.?e\.|b\.?eng|b\.?a\.|ba|undergraduate degree)\b"
        ),
    ),
]
_SENTENCE = compile_pattern(r"[.!?](\s+)(?=[A-Z(•])")  # opens with its punctuation: the scan skips to it
_YEAR_NUMBER = compile_pattern(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_YEAR_RANGE = compile_pattern(r"\d{4}\s*-\s*\d{4}")
_NOT_A_SITE = compile_pattern(r"(?i)linkedin|github|@")
_STATEMENT_KINDS = ("experience", "projects")


def find_contact(text: str, header_end: int) -> Contact:
    """Which contact details appear (the header first, the whole text as a fallback)."""
    top = text[: max(header_end, 600)]
    at_top = "@" in top  # an address needs its "@": without one, no address search
    head = _blank(top, [m.span() for m in _emails(top)]) if at_top else top
    phones = [m.group(0) for m in finditer_at(_PHONE, head, _phone_starts(head))]
    return Contact.trusted(
        email=bool((at_top and next(_emails(top), None)) or ("@" in text and next(_emails(text), None))),
        phone=any(
            9 <= sum(c.isdigit() for c in p) <= 15 and not _YEAR_RANGE.fullmatch(p.strip()) for p in phones
        ),
        linkedin=bool(_LINKEDIN.search_text(text)),
        github=bool(_GITHUB.search_text(text)),
        website=any(
            not _NOT_A_SITE.search(m.group(0)) for m in finditer_at(_WEBSITE, head, _site_starts(head))
        ),
    )


def _emails(text: str) -> Iterator[re.Match[str]]:
    """``_EMAIL.finditer(text)``, tried only in the 64 characters before each "@" (its local part)."""
    ats = find_all(text, "@")
    few = len(ats) * _LOCAL_PART <= len(text)
    starts = sorted({s for at in ats for s in range(max(0, at - _LOCAL_PART), at)}) if few else None
    return finditer_at(_EMAIL, text, starts)


def _phone_starts(text: str) -> list[int]:
    return sorted(set(digit_run_starts(text) + find_all(text, "+") + find_all(text, "(")))


def _site_starts(text: str) -> list[int] | None:
    low = gate_text(text)
    if low is None:
        return None
    found = find_all(low, "http") + find_all(low, "www.")
    for m in _SITE_DOT.finditer(text):
        found.extend(range(max(0, m.start() - _SITE_LABEL), m.start()))
    return sorted(set(found))


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with each span replaced by one space (what ``pattern.sub(" ", text)`` gives)."""
    parts, last = [], 0
    for start, end in spans:
        parts += [text[last:start], " "]
        last = end
    return "".join([*parts, text[last:]])


def find_roles(text: str, sections: list[ResumeSection], today: date | None = None) -> list[ResumeRole]:
    """Every dated role: ranges in experience sections (or, without one, anywhere outside education,
    projects, certifications and publications); a range beside a study title is education."""
    today = today or date.today()
    has_experience = any(s.kind == "experience" for s in sections)
    roles: list[ResumeRole] = []
    seen: set[tuple[int, int]] = set()
    for span in dates.find_spans(text, today):
        kind = section_at(sections, span.at)
        if (has_experience and kind != "experience") or kind in _NON_WORK_KINDS:
            continue
        if (span.start, span.end) in seen:
            continue
        same, around = _entry_lines(text, span)
        # the next line belongs to this entry only when the dates stand alone on their line
        entry = [same, *around] if not same else [same, *around[1:]]
        if any(study_line(line) for line in entry if len(line.split()) <= _TITLE_WORDS):
            continue
        seen.add((span.start, span.end))
        line_start, line_end = _line_bounds(text, span.at)
        roles.append(
            ResumeRole.trusted(
                title=_role_title(same, around),
                start=dates.ym(span.start),
                end=None if span.current else dates.ym(span.end),
                months=span.end - span.start,
                evidence=ResumeEvidence.trusted(
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


def _entry_lines(text: str, span: dates.Span) -> tuple[str, list[str]]:
    """The rest of the range's line, then the next line and up to four lines above (stopping at a
    line that holds another year, which belongs to the entry before)."""
    ls, _ = _line_bounds(text, span.at)
    _, le = _line_bounds(text, max(span.at, span.until - 1))
    same = (text[ls : span.at] + " " + text[span.until : le]).strip(" ,|–—-:()\t")
    around: list[str] = []
    if le < len(text):
        around.append(text[le + 1 : _line_bounds(text, le + 1)[1]].strip())
    cursor = ls
    for _ in range(_TITLE_LOOKBACK):
        if cursor <= 0:
            break
        prev_start = text.rfind("\n", 0, cursor - 1) + 1
        line = text[prev_start : cursor - 1].strip()
        if (("19" in line or "20" in line) and _YEAR_NUMBER.search(line)) or resume_heading(line):
            break
        around.append(line)
        cursor = prev_start
    return same, around


# Every separator opens with whitespace, ",", "|", "@", "(" or the "i" of "in": the look-ahead turns the
# other positions away before the alternatives are tried (the same splits).
_TITLE_SPLIT = compile_pattern(r"(?=[\s,|@(i])\s*(?:,|\||\s@\s|@|\sat\s|\s[-–—]\s|\(|\bin\s(?=[A-Z]))\s*")


_TITLE_LABEL = compile_pattern(r"(?i)^(?:job |current )?(?:title|position|designation|role)$")


def _title_of(line: str) -> str | None:
    """A job title in one line: the part before a company or place; a "Label: value" line only
    when the label names the title ("Job Title:", "Designation:"); "Software Engineer, Machine
    Learning" keeps the field it names."""
    cand = line.strip().lstrip("• ").strip()
    head, _, rest = cand.partition(" | ")
    if rest and resume_heading(head):
        cand = rest  # a table row: the heading cell, then the entry
    if ":" in cand:
        label, _, value = cand.partition(":")
        if not _TITLE_LABEL.match(label.strip()):
            return None
        cand = value.strip()
    if not cand or resume_heading(cand) or len(cand.split()) > 16 or cand.endswith("."):
        return None
    parts = _TITLE_SPLIT.split(cand, maxsplit=2)
    title = parts[0].strip(" ,|–—-:")
    if len(parts) > 1 and cand[len(parts[0]) :].lstrip().startswith(","):
        field = _field_named(parts[1])
        title = f"{title}, {field}" if field else title
    if 1 <= len(title.split()) <= _TITLE_WORDS and re.search(r"[A-Za-z]{2}", title):
        return title
    return None


@lru_cache(maxsize=4096)
def profession_of(title: str) -> ProfessionEntry | None:
    """``title_profession``, remembered while one resume is read (the same lines are asked about for
    several roles and again for the headline); ``forget_titles`` empties it."""
    return title_profession(title)


@lru_cache(maxsize=4096)
def study_line(line: str) -> bool:
    """``is_study``, remembered while one resume is read (a line beside two ranges is asked twice)."""
    return is_study(line)


def forget_titles() -> None:
    """Empty the per-title look-ups (``parse_resume_text`` calls it when it is done with a resume)."""
    profession_of.cache_clear()
    study_line.cache_clear()


def _field_named(text: str) -> str | None:
    """The field a title's comma qualifier names ("AI", "Machine Learning"), when it opens with one."""
    entry = profession_of(text)
    m = entry.title.search(text) if entry is not None and entry.role != "other" else None
    return text[: m.end()].strip() if m is not None and m.start() == 0 else None


def experience_titles(text: str, sections: list[ResumeSection], limit: int = 3) -> list[str]:
    """Titles of an undated experience list: its first short lines that name a profession."""
    found: list[str] = []
    for section in sections:
        if section.kind != "experience":
            continue
        for m in re.finditer(r"[^\n]+", text[section.start : section.end]):
            title = _title_of(m.group(0)) if len(m.group(0).split()) <= 12 else None
            if title and profession_of(title) is not None:
                found.append(title)
                if len(found) >= limit:
                    return found
    return found


def _role_title(same: str, around: list[str]) -> str | None:
    """The job title beside a date range: the first nearby line that names a profession, else the
    first title-like one (same line, next line, then the lines above)."""
    first: str | None = None
    for line in [same, *around]:
        title = _title_of(line)
        if title:
            if profession_of(title) is not None:
                return title
            first = first or title
    return first


def total_years(roles: list[ResumeRole]) -> float | None:
    """Years covered by the roles, overlapping periods counted once."""
    if not roles:
        return None
    months = dates.merged_months([(_parse_ym(r.start), _parse_ym(r.start) + r.months) for r in roles])
    return round(months / 12, 1)


def _parse_ym(value: str) -> int:
    year, month = value.split("-")
    return int(year) * 12 + int(month) - 1


def undated_years(text: str, sections: list[ResumeSection]) -> float | None:
    """Durations written for undated jobs ("(24 months)", "Duration: 2 years") in experience sections."""
    months = 0
    for section in sections:
        if section.kind != "experience":
            continue
        for m in _PARENTHESISED_DURATION.finditer(text, section.start, section.end):
            found = dates.duration_months(m.group(1) or m.group(2) or "")
            months += found or 0
    return round(months / 12, 1) if months else None


def claimed_years(text: str) -> float | None:
    """ "5+ years of experience", "Total Exp: 12 years" written in the resume (used only when no role
    is dated)."""
    values = [
        float(m.group(1) or m.group(2))
        for m in _CLAIMED_YEARS.finditer(text[:3000])
        if 0 < float(m.group(1) or m.group(2)) <= 45
    ]
    return max(values) if values else None


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
                out.append(ResumeEvidence.trusted(text=piece, start=start, end=end, section=section.kind))
    if not out:
        out = [
            ResumeEvidence.trusted(text=text[s:e], start=s, end=e, section=section_at(sections, s))
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
    if _date_line(clean) or dates.has_range(clean):  # the one-date test first: it is the cheaper
        return True
    words = clean.split()
    if clean.endswith((".", ";")) or len(words) > 14:
        return False
    if len(words) <= 4:
        return True
    alpha = [w for w in words if w[:1].isalpha()]
    capitalized = sum(w[0].isupper() for w in alpha) / max(1, len(alpha))
    return ("," in clean or "|" in clean or " at " in clean) and capitalized >= 0.6


def _date_line(clean: str) -> bool:
    """A line that is one date or "now" word (the end of a range whose start is on the line above)."""
    if not ("19" in clean or "20" in clean or "'" in clean) and _NOW_WORDS is not None:
        low = gate_text(clean)
        if low is not None and not low.startswith(_NOW_WORDS):
            return False
    return _DATE_LINE.fullmatch(clean) is not None


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
    return in_bullet and not resume_heading(line) and not dates.has_range(line)


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out, last = [], start
    for m in _SENTENCE.finditer(text, start, end):
        out.append((last, m.start(1)))
        last = m.end()
    out.append((last, end))
    return [(s, e) for s, e in out if e > s]
