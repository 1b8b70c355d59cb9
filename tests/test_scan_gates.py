"""The cheaper scans of the posting stages find exactly what the plain scans find (issue 15)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from jdlens.extract import blocks, experience
from jdlens.job import classify
from jdlens.models import SectionKind
from jdlens.text import normalize as normalize_module
from jdlens.text import sections
from jdlens.text.document import make_document
from jdlens.text.normalize import normalize

DATA = Path(__file__).resolve().parent / "data"


def _real_texts() -> Iterator[str]:
    """Real posting text of tests/data: job files, HN postings, snippets and NHS excerpts."""
    for path in sorted((DATA / "jobs").glob("*.txt")):
        yield path.read_text(encoding="utf-8")
    for path in sorted((DATA / "postings").glob("*.html")):
        yield normalize(path.read_text(encoding="utf-8"))
    for name, key in (("snippets.jsonl", "text"), ("labeled/nhs_roles_200.jsonl", "excerpt")):
        for line in (DATA / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                yield json.loads(line)[key]


REAL = list(_real_texts())
REAL_LINES = sorted({line for text in REAL for line in text.split("\n") if line.strip()})

# Text made of the pieces the scans look for: glue characters, headings, cue words, non-ASCII letters.
PIECES = st.lists(
    st.sampled_from(
        [*"aZ.?!:;)( \n•*#_-0é?", "Requirements", "Preferred", "Qualifications", "nice to have", "Benefits"]
        + [
            "About Us",
            "What You'll Do",
            "is a plus",
            "We Prefer",
            "must have",
            "É",
            "İ",
            "ſ",
            "\u212a",
            "ℹ",
            "\U0001f600",
        ]
        + ["systemsWork", "RequirementsBA/BS", "MATLAB.Extra credit5 years", "you will:", "Responsibilities"]
    ),
    max_size=40,
).map("".join)


def _plain_glue_points(text: str) -> list[int]:
    return [m.end() for m in sections._GLUE_POINT.finditer(text)]


@settings(max_examples=500, deadline=None)
@given(PIECES)
def test_glue_points_are_the_pattern_matches(text: str) -> None:
    assert sections.glue_points(text) == _plain_glue_points(text)


def test_glue_points_of_real_text() -> None:
    for text in REAL:
        assert sections.glue_points(text) == _plain_glue_points(text)


def _heading_kind_one_by_one(line: str) -> SectionKind | None:
    """``heading_kind`` with each pattern tried in turn (the reference)."""
    if line.lstrip().startswith("•"):
        return None
    raw = line.strip().strip("*#_ ")
    clean = raw.rstrip(".…:").strip()
    if not clean or len(clean) > 80 or len(clean.split()) > sections._MAX_HEADING_WORDS:
        return None
    rules = sections.heading_rules()
    for kind, pattern in rules.whole:
        if pattern.match(clean):
            return kind
    if len(clean.split()) > sections._MAX_KEYWORD_HEADING_WORDS or raw.endswith((".", "!")):
        return None
    for kind, pattern in rules.keyword:
        if pattern.search(clean) and sections.only_heading_words(pattern.sub(" ", clean.lower()), rules):
            return kind
    return sections.heading_class_kind(clean, rules)


@settings(max_examples=500, deadline=None)
@given(PIECES)
def test_heading_kind_is_the_patterns_tried_in_turn(line: str) -> None:
    assert sections.heading_kind(line) == _heading_kind_one_by_one(line)


def test_heading_kind_of_real_lines() -> None:
    kinds = [sections.heading_kind(line) for line in REAL_LINES]
    assert kinds == [_heading_kind_one_by_one(line) for line in REAL_LINES]
    assert len(set(kinds)) > 3  # the lines hold headings of several kinds


def _marks_line_by_line(text: str) -> list[sections.Mark]:
    """``heading_marks`` with the glue points found in each line by the pattern (the reference)."""
    marks: list[sections.Mark] = [(0, "intro", None)]
    for m in re.finditer(r"[^\n]+", text):
        line = m.group(0)
        kind = sections.heading_kind(line)
        if kind is not None:
            marks.append((m.start(), kind, line.strip().rstrip(":").strip()))
            continue
        inline = sections.inline_heading(line)
        if inline is not None:
            marks.append((m.start(), inline[0], line[: inline[1]].strip().rstrip(":–—").strip()))
        for glued_kind, offset, glued in sections.glued_headings(line):
            if inline is None or offset >= inline[1]:
                marks.append((m.start() + offset, glued_kind, glued))
    return marks


@settings(max_examples=500, deadline=None)
@given(PIECES)
def test_heading_marks_are_those_found_line_by_line(text: str) -> None:
    assert sections.heading_marks(text) == _marks_line_by_line(text)


def test_heading_marks_of_real_text() -> None:
    glued = "perception systemsRequirementsBA/BS degree\nPreferred QualificationsMATLAB.Extra credit5 years"
    for text in [*REAL, glued]:
        assert sections.heading_marks(text) == _marks_line_by_line(text)
    assert len(sections.heading_marks(glued)) > 2  # glued headings are found


ROLE_WORDS = st.lists(
    st.sampled_from([*"ab -.\n9é", "machine learning", "ml", "model", "data", "pipeline", "research", "llm"]),
    max_size=30,
).map("".join)


def _separate_counts(text: str) -> tuple[list[int], list[str]]:
    """The role groups and the ML body group counted in two passes, one automaton each (the reference)."""
    rules = classify.load_role_rules()
    hits, first = rules.text.count(text)
    ml_hits, ml_first = rules.ml_body.count(text)
    return hits + ml_hits, first + ml_first


@settings(max_examples=300, deadline=None)
@given(ROLE_WORDS)
def test_one_pass_counts_the_role_and_ml_groups_of_two(text: str) -> None:
    assert classify.load_role_rules().body.count(text) == _separate_counts(text)


def test_one_pass_role_counts_of_real_text() -> None:
    body = classify.load_role_rules().body
    for text in REAL:
        assert body.count(text.lower()) == _separate_counts(text.lower())


def test_a_keyword_of_two_sets_counts_for_each_and_the_last_listing_wins_within_one() -> None:
    groups = classify.build_groups(
        [("a", ["deep learning", "model*"], 1.0), ("b", ["model"], 1.0)], [("ml", ["model*"], 1.0)]
    )
    assert groups.count("models and a model; deep learning") == (
        [1, 1, 2],
        ["deep learning", "model", "model"],
    )


def _camel_tokens_by_pattern(text: str) -> list[tuple[int, int]]:
    """The letter runs around each match of the camel-case seed pattern (the reference)."""
    spans: list[tuple[int, int]] = []
    for m in normalize_module._CAMEL_SEED.finditer(text):
        if spans and m.start() < spans[-1][1]:
            continue
        start = m.start()
        while start > 0 and text[start - 1].isascii() and text[start - 1].isalpha():
            start -= 1
        letters = re.compile("[A-Za-z]*").match(text, m.start())
        spans.append((start, letters.end() if letters else m.end()))
    return spans


@settings(max_examples=500, deadline=None)
@given(PIECES)
def test_camel_tokens_are_the_runs_the_seed_pattern_finds(text: str) -> None:
    assert normalize_module._camel_tokens(text) == _camel_tokens_by_pattern(text)


def test_camel_tokens_of_real_text() -> None:
    for text in REAL:
        assert normalize_module._camel_tokens(text) == _camel_tokens_by_pattern(text)


def test_layout_needs_read_from_the_document_memo_are_those_read_afresh() -> None:
    """The need of each block, kept in the document's memo and read again, is what a fresh read gives."""
    answers = 0
    for text in REAL:
        doc = make_document(text)
        for pos in range(0, len(doc.text), 11):
            remembered = blocks.block_need(doc, pos)
            assert remembered == blocks.block_need(doc, pos, blocks.LayoutCache())
            answers += remembered is not None
    assert answers > 0  # some positions sit in a list the layout decides


def test_kind_and_evidence_read_the_kinds_in_order_as_the_sections_say() -> None:
    for text in REAL[:20]:
        doc = make_document(text)
        for pos in range(-1, len(doc.text) + 2, 7):
            section = doc.section_at(pos)
            assert doc.kind_at(pos) == (section.kind if section else None)
            assert doc.evidence(pos, pos + 5).section == doc.kind_at(pos)


def test_job_talk_scan_that_stops_at_the_third_phrase_decides_as_the_full_count() -> None:
    talk = "You will build models. 5+ years of Python. Experience with SQL. " * 30
    for text in [*REAL, talk, talk[:1300], "About us " * 200]:
        for start, end in ((0, len(text)), (len(text) // 3, len(text))):
            full = end - start > 1200 and len(sections._JOB_TALK.findall(text, start, end)) >= 3
            assert sections._reads_as_job(text, start, end) == full
    assert sections._reads_as_job(talk, 0, len(talk))


UNIT_TEXT = st.lists(
    st.sampled_from(
        ["year", "years", "yr", "yrs", "month", "months", "y", "s", "e", "ar", "mon", "th", " ", "5", "\n"]
    ),
    max_size=30,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(UNIT_TEXT)
def test_unit_words_are_the_plain_patterns_matches(text: str) -> None:
    plain = [m.span() for m in re.finditer(r"years?|yrs?|months?", text)]
    assert experience.unit_words(text) == plain


def test_unit_words_of_real_text() -> None:
    for text in REAL:
        lower = text.lower()
        assert experience.unit_words(lower) == [m.span() for m in re.finditer(r"years?|yrs?|months?", lower)]
