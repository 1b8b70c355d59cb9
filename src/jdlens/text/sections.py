"""Find the sections of a job description: responsibilities, requirements, preferred, benefits, ..."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from jdlens.budget import spend
from jdlens.compiled_regex import compile_pattern
from jdlens.datafiles import load_yaml
from jdlens.models import Section, SectionKind
from jdlens.text.gate import find_all

_MAX_KEYWORD_HEADING_WORDS = 8
_MAX_HEADING_WORDS = 9
_INLINE_REACH = 100  # an inline heading's colon stands this close to the start of its line
_WORD_EDGE = compile_pattern(r"^[^\w']+|[^\w']+$")
_WHOLE_TAIL = r"\s*[:\-–—]?\s*$"


@dataclass(frozen=True)
class HeadingRules:
    """Compiled heading data (text/data/headings.yaml)."""

    version: str
    whole: tuple[tuple[SectionKind, re.Pattern[str]], ...]
    inline: tuple[tuple[SectionKind, re.Pattern[str]], ...]
    keyword: tuple[tuple[SectionKind, re.Pattern[str]], ...]
    whole_first: re.Pattern[str]  # every ``whole`` pattern, in order: the group that matches names the kind
    keyword_any: re.Pattern[str]  # matches where any ``keyword`` pattern does
    words: frozenset[str]
    preferred_cue: re.Pattern[str]
    required_cue: re.Pattern[str]
    heading_required: re.Pattern[str]
    run_in: re.Pattern[str]


def alternatives(parts: list[str]) -> str:
    """Regular-expression alternatives joined into one pattern body."""
    return "|".join(parts)


@lru_cache(maxsize=1)
def heading_rules() -> HeadingRules:
    raw = load_yaml("jdlens.text.data", "headings.yaml")
    heads: list[tuple[SectionKind, str]] = [(k, alternatives(v)) for k, v in raw["headings"].items()]
    cues = raw["cues"]
    keyword: list[tuple[SectionKind, str]] = list(raw["keyword_headings"].items())
    return HeadingRules(
        version=str(raw["version"]),
        whole=tuple((k, compile_pattern(rf"(?i)^(?:{p}){_WHOLE_TAIL}")) for k, p in heads),
        inline=tuple((k, compile_pattern(rf"(?i)^(?:{p})\s*[:–—]\s*(?=\S)")) for k, p in heads),
        keyword=tuple((k, compile_pattern(rf"(?i)\b(?:{p})")) for k, p in keyword),
        whole_first=compile_pattern(
            "(?i)^(?:" + "|".join(f"(?P<h{i}>(?:{p}){_WHOLE_TAIL})" for i, (_, p) in enumerate(heads)) + ")"
        ),
        keyword_any=compile_pattern(r"(?i)\b(?:" + "|".join(f"(?:{p})" for _, p in keyword) + ")"),
        words=frozenset(str(w) for w in raw["heading_words"]),
        preferred_cue=compile_pattern(rf"\b(?:{alternatives(cues['preferred'])})\b"),
        required_cue=compile_pattern(rf"\b(?:{alternatives(cues['required'])})\b"),
        heading_required=compile_pattern(rf"\b(?:{alternatives(raw['heading_required'])})\b"),
        run_in=compile_pattern(
            r"(?:^|(?<=[.!?;:] )|(?<=[.!?;:]))(?=[A-Z])"
            rf"(?:(?P<preferred>(?i:{alternatives(raw['headings']['preferred'])}))|"
            rf"(?P<requirements>(?i:{alternatives(raw['headings']['requirements'])})))"
            r" +(?=[A-Z0-9])",
            re.MULTILINE,
        ),
    )


_RUN_IN_REACH = 600


def run_in_heading(text: str, lo: int, pos: int) -> SectionKind | None:
    """The nearest requirements or preferred heading run into the text before ``pos`` on its line
    (from ``lo``), with no colon and no line break: "Preferred Qualifications 3+ years of ...",
    "... database management. Good to Have A Master's Degree ..." (walls of scraped text)."""
    kind: SectionKind | None = None
    for m in heading_rules().run_in.finditer(text, max(lo, pos - _RUN_IN_REACH), pos):
        kind = "preferred" if m.group("preferred") else "requirements"
    return kind


def heading_class_kind(clean: str, rules: HeadingRules) -> SectionKind | None:
    """A short line made only of heading words and a cue ("We Prefer", "What would make you stand
    out", "It's a plus if you have") introduces a preferred or required list; a line that names
    anything else ("Python is a plus") is an item."""
    lower = clean.lower().replace("’", "'")
    preferred = rules.preferred_cue.search(lower) is not None
    if not preferred and rules.heading_required.search(lower) is None:
        return None
    rest = rules.heading_required.sub(" ", rules.preferred_cue.sub(" ", lower))
    if not only_heading_words(rest, rules):
        return None
    return "preferred" if preferred else "requirements"


def only_heading_words(text: str, rules: HeadingRules) -> bool:
    """True when every word of ``text`` (lower case) belongs to the vocabulary of headings."""
    for token in text.replace("’", "'").split():
        word = _WORD_EDGE.sub("", token)
        if word and word not in rules.words:
            return False
    return True


def heading_kind(line: str) -> SectionKind | None:
    """The section a heading line opens, or None when the line is not a heading."""
    if line.lstrip().startswith("•"):
        return None
    raw = line.strip().strip("*#_ ")
    clean = raw.rstrip(".…:").strip()
    if not clean or len(clean) > 80:
        return None
    words = len(clean.split())
    if words > _MAX_HEADING_WORDS:
        return None
    rules = heading_rules()
    # one match of the patterns of every kind, in order, is the first kind's pattern that matches alone
    whole = rules.whole_first.match(clean)
    if whole is not None:
        return rules.whole[int(str(whole.lastgroup)[1:])][0]
    if words > _MAX_KEYWORD_HEADING_WORDS or raw.endswith((".", "!")):
        return None
    if rules.keyword_any.search(clean) is not None:  # else no keyword pattern matches: skip the loop
        for kind, pattern in rules.keyword:
            if pattern.search(clean) and only_heading_words(pattern.sub(" ", clean.lower()), rules):
                return kind
    return heading_class_kind(clean, rules)


def inline_heading(line: str) -> tuple[SectionKind, int] | None:
    """ "Requirements: Python, SQL" -> ("requirements", offset of "Python")."""
    head = line[:_INLINE_REACH]
    if ":" not in head and "–" not in head and "—" not in head:
        return None
    stripped = line.lstrip("•*#_ ")
    lead = len(line) - len(stripped)
    for kind, pattern in heading_rules().inline:
        m = pattern.match(stripped)
        if m and len(m.group(0).split()) <= _MAX_HEADING_WORDS:
            return kind, lead + m.end()
    return None


# Where scrapers glue a heading to the text around it: after a sentence end or colon, or between a
# lower-case letter and a capital or digit ("RequirementsBA/BS degree", "MATLAB.Extra credit5 years").
# The pattern consumes the character before the glue point (a cut is the match's end): a character
# class scanned is faster than two look-behinds tried at every position.
_GLUE_POINT = compile_pattern(r"[.!?;:)a-z](?=[A-Z0-9])")
_MAX_PIECE = 80
# Each ASCII character as a byte: b"a" for the characters a glue point follows, b"A" for those it
# precedes, b" " for any other. The pattern's classes are ASCII: a non-ASCII character, encoded as "?"
# (read as b"a"), is never a glue point's character.
_GLUE_BYTES = (
    bytes(
        ord("a")
        if chr(b) in ".!?;:)" or "a" <= chr(b) <= "z"
        else ord("A")
        if chr(b).isupper() or chr(b).isdigit()
        else 32
        for b in range(128)
    )
    + b" " * 128
)


def glue_points(text: str) -> list[int]:
    """``[m.end() for m in _GLUE_POINT.finditer(text)]``: every "aA" of the text read as bytes by
    ``_GLUE_BYTES``, found by ``bytes.find`` instead of the pattern tried at every character."""
    marks = text.encode("ascii", "replace").translate(_GLUE_BYTES)
    if text.isascii():
        return [i + 1 for i in find_all(marks, b"aA")]
    return [i + 1 for i in find_all(marks, b"aA") if text[i].isascii()]


def glued_headings(line: str) -> list[tuple[SectionKind, int, str]]:
    """Headings glued inside a line: (kind, offset, heading) for each glue-bounded piece of the line
    that reads as a heading (the line as a whole does not)."""
    return _glued_pieces(line, [m.end() for m in _GLUE_POINT.finditer(line)])


def _glued_pieces(line: str, points: list[int]) -> list[tuple[SectionKind, int, str]]:
    """``glued_headings`` of a line whose glue points (offsets in the line) are known."""
    found: list[tuple[SectionKind, int, str]] = []
    cuts = [0, *points, len(line)]
    for start, end in zip(cuts, cuts[1:], strict=False):
        piece = line[start:end].strip()
        if end - start > _MAX_PIECE or not piece[:1].isupper() or (start == 0 and end == len(line)):
            continue
        if piece.count(" ") >= _MAX_HEADING_WORDS:
            continue
        kind = heading_kind(piece)
        if kind is not None:
            found.append((kind, start, piece.rstrip(":").strip()))
    return found


Mark = tuple[int, SectionKind, str | None]  # where a section starts, its kind, its heading


def heading_marks(text: str) -> list[Mark]:
    """Every heading of the text, in order, after the ``intro`` mark at 0: whole heading lines, inline
    headings and headings glued inside a line."""
    marks: list[Mark] = [(0, "intro", None)]
    # The glue points of every line, found in one pass over the text (no glue point is next to a line
    # break): a line without any, most of them, holds no glued heading and is not cut into pieces.
    glue = glue_points(text)
    g = 0
    end = -1  # the lines ``[^\n]+`` finds, each with its offset, read off one split
    for line in text.split("\n"):
        start, end = end + 1, end + 1 + len(line)
        if not line:
            continue
        spend()
        while g < len(glue) and glue[g] <= start:
            g += 1
        points = []
        while g < len(glue) and glue[g] < end:
            points.append(glue[g] - start)
            g += 1
        # a bullet line (most lines) is no heading: checked here, without a call of heading_kind
        kind = None if line.lstrip().startswith("•") else heading_kind(line)
        if kind is not None:
            marks.append((start, kind, line.strip().rstrip(":").strip()))
            continue
        head = line[:_INLINE_REACH]  # and a line without a colon or dash near its start opens none inline
        inline = inline_heading(line) if ":" in head or "–" in head or "—" in head else None
        if inline is not None:
            marks.append((start, inline[0], line[: inline[1]].strip().rstrip(":–—").strip()))
        for glued_kind, offset, glued in _glued_pieces(line, points) if points else ():
            if inline is None or offset >= inline[1]:
                marks.append((start + offset, glued_kind, glued))
    return marks


def find_sections(text: str) -> list[Section]:
    """Split the text into consecutive sections; text before the first heading is ``intro``."""
    marks = heading_marks(text)
    sections: list[Section] = []
    for i, (start, kind, heading) in enumerate(marks):
        end = marks[i + 1][0] if i + 1 < len(marks) else len(text)
        if kind in _BOILERPLATE and _reads_as_job(text, start, end):
            kind = "intro"
        if end > start or i == 0:
            sections.append(Section.trusted(kind=kind, heading=heading, start=start, end=end))
    return sections


_BOILERPLATE = ("about_company", "benefits")
_JOB_TALK = compile_pattern(
    r"(?i)\b(?:you will|you'll|you have|\d+\+? years|experience (?:with|in)|proficien|qualifications|requirements)\b"
)
_LONG_BOILERPLATE = 1200
_JOB_TALK_MIN = 3


def _reads_as_job(text: str, start: int, end: int) -> bool:
    """A long "About ..." or benefits section that speaks of the candidate's work is the job itself
    (its real headings were lost), not company boilerplate. The scan stops at the third such phrase."""
    if end - start <= _LONG_BOILERPLATE:
        return False
    for count, _ in enumerate(_JOB_TALK.finditer(text, start, end), start=1):
        if count >= _JOB_TALK_MIN:
            return True
    return False
