"""Resume sections: summary, experience, education, skills, projects, publications, certifications, other.

The headings are data (``resume/data/headings.yaml``); this module cleans a line the way a reader
ignores decoration (bullets, emoji, rules, ":-", "(4 YEARS)", letter-spaced or small capitals) and
applies three reading rules: a field label written under every entry ("Technologies", "Awards") is
not a section, a "Label: values" line inside a job or project is a field of that entry, and a group
name inside a skills list ("Languages", "Tools") is not a new section.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from jdlens.compiled_regex import compile_pattern
from jdlens.datafiles import load_yaml
from jdlens.models import ResumeSection, ResumeSectionKind
from jdlens.resume.prefilter import WordGate, required_words
from jdlens.text.gate import literal_gate

DATA_PACKAGE = "jdlens.resume.data"
MAX_HEADING_WORDS = 6
MAX_HEADING_CHARS = 60
_INLINE_KINDS: tuple[ResumeSectionKind, ...] = ("skills", "certifications")
# Inside a job or a project, "Technologies: ..." or "Courses: ..." is a field of the entry.
_ENTRY_KINDS: tuple[ResumeSectionKind, ...] = ("experience", "projects")
_TRAILING_NOTE = compile_pattern(r"\s*\([^()\n]{0,30}\)\s*$")
_SMALL_CAPS = compile_pattern(r"\b([A-Z]) (?=[A-Z]{2,}\b)")
_LETTER_SPACED = compile_pattern(r"(?:[A-Za-z] ){2,}[A-Za-z]")
_GAPS = compile_pattern(r"\s{2,}")


@dataclass(frozen=True)
class HeadingRules:
    version: str
    kinds: tuple[tuple[ResumeSectionKind, re.Pattern[str]], ...]
    any_kind: re.Pattern[str]  # the kinds in order, one group each: the first that matches names the line
    inline: tuple[tuple[ResumeSectionKind, re.Pattern[str]], ...]
    field_label: re.Pattern[str]
    field_words: tuple[str, ...] | None  # one of which opens every field label (``text.gate.literal_gate``)
    skill_group: re.Pattern[str]
    # The words one of which every heading and every field label holds (``prefilter.required_words``):
    # a line holding none of them, squeezed (``squeeze``), is neither, and is not cleaned.
    heading_gate: WordGate | None
    label_gate: WordGate | None


def _word_gate(pattern: re.Pattern[str]) -> WordGate | None:
    words = required_words(pattern.pattern, pattern.flags & ~re.UNICODE)
    return WordGate(words) if words is not None and all(w.isascii() for w in words) else None


def _alternation(fragments: list[str]) -> str:
    return "|".join(f"(?:{f})" for f in fragments)


@lru_cache(maxsize=1)
def load_heading_rules() -> HeadingRules:
    raw = load_yaml(DATA_PACKAGE, "headings.yaml")
    kinds = tuple((entry["kind"], _alternation(entry["phrases"])) for entry in raw["kinds"])
    any_kind = compile_pattern("|".join(f"(?P<k{i}>{p})" for i, (_, p) in enumerate(kinds)))
    field_label = compile_pattern(_alternation(raw["field_labels"]))
    return HeadingRules(
        version=str(raw["version"]),
        kinds=tuple((kind, compile_pattern(rf"(?:{p})")) for kind, p in kinds),
        any_kind=any_kind,
        inline=tuple(
            (k, compile_pattern(rf"(?i)^(?:{p})\s*:\s*(?=\S)")) for k, p in kinds if k in _INLINE_KINDS
        ),
        field_label=field_label,
        field_words=literal_gate(_alternation(raw["field_labels"]), min_len=1),
        skill_group=compile_pattern(_alternation(raw["skill_groups"])),
        heading_gate=_word_gate(any_kind),
        label_gate=_word_gate(field_label),
    )


def _strip_decoration(text: str) -> str:
    start, end = 0, len(text)
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not (text[end - 1].isalnum() or text[end - 1] == ")"):
        end -= 1
    return text[start:end]


@lru_cache(maxsize=8192)
def clean_heading(line: str) -> str:
    """A heading line as a reader sees it: lower case, no decoration, "&" as "and"."""
    text = _strip_decoration(line.strip())
    if text.endswith(")"):  # a trailing note ends the line with its bracket
        text = _strip_decoration(_TRAILING_NOTE.sub("", text))
    if text.isupper():
        text = _SMALL_CAPS.sub(r"\1", text)
    words = [w.replace(" ", "") if _letter_spaced(w) else w for w in _gaps_split(text)]
    text = " ".join(words).replace("&", " and ")
    return " ".join(text.split()).lower()


def squeeze(line: str) -> str:
    """``line`` lower-cased, "&" read as "and", without whitespace. ``clean_heading`` only takes off the
    ends, removes or changes whitespace, reads "&" as "and" and lower-cases: a cleaned line, squeezed the
    same way, is a part of the squeezed line, so a word it holds is in the squeezed line too."""
    return "".join(line.lower().replace("&", "and").split())


def _gaps_split(text: str) -> list[str]:
    """``_GAPS.split(text)``; a text whose every gap is one whitespace character (most lines) is one piece,
    known without the pattern (``str.split`` and the pattern agree on what whitespace is)."""
    words = text.split()
    if words and len(text) - sum(map(len, words)) == len(words) - 1 and not text[0].isspace():
        return [text]
    return _GAPS.split(text)


def _letter_spaced(word: str) -> bool:
    return len(word) > 4 and word[1] == " " and _LETTER_SPACED.fullmatch(word) is not None


def forget_lines() -> None:
    """Empty the per-line look-ups (``parse_resume_text`` calls it when it is done with a resume)."""
    resume_heading.cache_clear()
    clean_heading.cache_clear()


@lru_cache(maxsize=8192)
def resume_heading(line: str) -> ResumeSectionKind | None:
    """The section a heading line opens, or None when the line is not a resume heading (remembered only
    while one resume is read: the reader asks about the same lines while finding sections, roles and
    statements; ``forget_lines`` empties it when the resume is done)."""
    if len(line) > MAX_HEADING_CHARS + 20 or line.count(" ") > MAX_HEADING_WORDS + 6:
        return None
    rules = load_heading_rules()
    if rules.heading_gate is not None and not rules.heading_gate.holds(squeeze(line)):
        return None  # no heading's word: no heading
    if _first_letter(line).islower():
        return None  # a wrapped fragment of a sentence ("research"), not a heading
    clean = clean_heading(line)
    if not clean or len(clean.split()) > MAX_HEADING_WORDS or len(clean) > MAX_HEADING_CHARS:
        return None
    m = rules.any_kind.fullmatch(clean)
    return rules.kinds[int(m.lastgroup[1:])][0] if m is not None and m.lastgroup else None


def _inline(line: str) -> tuple[ResumeSectionKind, str] | None:
    if ":" not in line:  # "Skills: Python, SQL" holds its colon
        return None
    clean = line.strip().lstrip("•*#_ ")
    for kind, pattern in load_heading_rules().inline:
        if pattern.match(clean):
            return kind, clean.split(":", 1)[0].strip()
    return None


def _first_cell(line: str) -> str:
    """A table row read cell by cell ("Technical Skills | Python, SQL") starts with its heading cell."""
    return line.split(" | ", 1)[0] if " | " in line else line


def _lines(text: str) -> list[tuple[int, str]]:
    """The text's non-empty lines with their offsets (split once, read by both passes)."""
    found: list[tuple[int, str]] = []
    pos = 0
    for line in text.split("\n"):
        if line:
            found.append((pos, line))
        pos += len(line) + 1
    return found


def _field_label_counts(lines: list[tuple[int, str]]) -> Counter[str]:
    """How often each field label is written, as a heading line or before a colon."""
    rules = load_heading_rules()
    # a cleaned heading opens with its line's first letter or digit, lower-cased: a line whose first one
    # opens no field label's word is not one, and is not cleaned
    firsts = frozenset(w[:1] for w in rules.field_words) if rules.field_words is not None else None
    gate = rules.label_gate
    counts: Counter[str] = Counter()
    for _, line in lines:
        head = line.split(":", 1)[0] if ":" in line[:40] else line
        if len(head) > MAX_HEADING_CHARS + 20 or head.count(" ") > MAX_HEADING_WORDS + 6:
            continue
        if firsts is not None and _first_alnum(head).lower()[:1] not in firsts:
            continue
        if gate is not None and not gate.holds(squeeze(head)):
            continue  # no word of a field label: no label
        clean = clean_heading(head)
        if not clean or (rules.field_words is not None and not clean.startswith(rules.field_words)):
            continue
        if rules.field_label.fullmatch(clean):
            counts[clean] += 1
    return counts


# In ASCII text a letter is one of these, and a letter or digit one of those (``str.isalpha``, ``isalnum``).
_ASCII_LETTER = compile_pattern(r"[A-Za-z]")
_ASCII_ALNUM = compile_pattern(r"[A-Za-z0-9]")


def _first_letter(text: str) -> str:
    if text.isascii():
        m = _ASCII_LETTER.search(text)
        return m.group() if m is not None else ""
    return next((c for c in text if c.isalpha()), "")


def _first_alnum(text: str) -> str:
    if text.isascii():
        m = _ASCII_ALNUM.search(text)
        return m.group() if m is not None else ""
    return next((c for c in text if c.isalnum()), "")


class _RepeatedLabels:
    """Whether a cleaned heading is a field label written more than once (then it is no section). The
    lines are counted (``_field_label_counts``) only when a heading is a field label at all: most
    resumes have none, and only a field label can be counted."""

    __slots__ = ("_counts", "_lines")

    def __init__(self, lines: list[tuple[int, str]]) -> None:
        self._lines = lines
        self._counts: Counter[str] | None = None

    def __call__(self, clean: str) -> bool:
        if not load_heading_rules().field_label.fullmatch(clean):
            return False
        if self._counts is None:
            self._counts = _field_label_counts(self._lines)
        return self._counts[clean] > 1


def _opens_section(clean: str, current: ResumeSectionKind, repeated: _RepeatedLabels) -> bool:
    rules = load_heading_rules()
    if repeated(clean):
        return False
    return not (current == "skills" and rules.skill_group.fullmatch(clean))


def find_resume_sections(text: str) -> list[ResumeSection]:
    """Consecutive sections; text before the first heading is the ``header`` (name, contact)."""
    lines = _lines(text)
    repeated = _RepeatedLabels(lines)
    marks: list[tuple[int, ResumeSectionKind, str | None]] = [(0, "header", None)]
    for start, line in lines:
        cell = _first_cell(line)
        kind = resume_heading(cell)
        if kind is not None:
            if _opens_section(clean_heading(cell), marks[-1][1], repeated):
                marks.append((start, kind, _strip_decoration(cell.strip()) or None))
            continue
        inline = _inline(line) if marks[-1][1] not in _ENTRY_KINDS else None
        if inline is not None and marks[-1][1] != inline[0]:
            if _opens_section(clean_heading(inline[1]), marks[-1][1], repeated):
                marks.append((start, inline[0], inline[1]))
    sections: list[ResumeSection] = []
    for i, (start, kind, heading) in enumerate(marks):
        end = marks[i + 1][0] if i + 1 < len(marks) else len(text)
        if end > start:
            sections.append(ResumeSection.trusted(kind=kind, heading=heading, start=start, end=end))
    return sections


def section_at(sections: list[ResumeSection], pos: int) -> ResumeSectionKind | None:
    found: ResumeSectionKind | None = None
    for section in sections:
        if section.start <= pos:
            found = section.kind
        else:
            break
    return found
