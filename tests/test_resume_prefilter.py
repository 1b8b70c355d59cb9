"""The words a pattern's every match holds (``resume.prefilter``), and the resume readers that skip the
pattern where none of its words is: they find what the plain readers find (issue 9: reading speed)."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SHARED
from jdlens.resume import dates, headings, professions
from jdlens.resume.prefilter import WordGate, required_words
from jdlens.text.gate import gate_text
from jdlens.text.normalize import normalize

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize(
    ("pattern", "words"),
    [
        (r"(?:[a-z/-]+ ){0,2}experience(?: summary| details)?", ("experience",)),
        (r"(?:work|employment) (?:history|record)", ("history", "record")),
        (r"licen[cs]es", ("licen",)),
        (r"degrees?|schooling", ("degree", "schooling")),
        (r"ab+c", ("ab",)),
        (r"ab{1,}cd", ("ab",)),
        (r"a{,3}bcd", ("bcd",)),
        (r"x(?=abcdef)y", ("x",)),
        (r"\bfoo\b", ("foo",)),
        (r"^student$", ("student",)),
        (r"(?P<k0>skills?)|(?P<k1>tools)", ("skill", "tools")),
        (r"c\+\+ developer", ("c++ developer",)),
    ],
)
def test_required_words_of_known_patterns(pattern: str, words: tuple[str, ...]) -> None:
    assert required_words(pattern) == words


@pytest.mark.parametrize(
    "pattern",
    [
        r"a|b?",
        r"(?x)abc",
        r"a(?i)bc",
        r"(?i:abc)",
        r"\x41bc",
        r"a{x}b",
        r"(?(1)a|b)",
        r"[abc]",
        r"(?:abc)?",
        r"x*",
        r"(?#c)ab",
    ],
)
def test_patterns_read_for_no_sure_words(pattern: str) -> None:
    assert required_words(pattern) is None


def test_case_blind_patterns_have_lower_case_words() -> None:
    assert required_words("aBc|Dé", re.IGNORECASE) is None  # a non-ASCII word: no case-blind reading
    assert required_words("aBc|DEF", re.IGNORECASE) == ("abc", "def")
    assert required_words("(?i)aBc") == ("abc",)
    assert required_words("(?s)aBc") == ("aBc",)
    assert required_words("abc", re.VERBOSE) is None


# Patterns built from literals, classes, groups, alternatives, quantifiers and assertions.
ATOMS = st.sampled_from(["a", "b", "ab", "ba", " ", "-", r"\.", "[ab]", r"\d", ".", r"\b", "^", "$"])


def _patterns() -> st.SearchStrategy[str]:
    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        group = st.tuples(inner, inner).map(lambda p: f"(?:{p[0]}|{p[1]})")
        named = inner.map(lambda p: f"(?P<g>{p})")
        look = inner.map(lambda p: f"(?={p})")
        quantified = st.tuples(inner, st.sampled_from(["?", "*", "+", "{2}", "{0,2}", "{1,}", "+?"])).map(
            lambda p: f"(?:{p[0]}){p[1]}"
        )
        return st.lists(st.one_of(inner, group, named, look, quantified), min_size=1, max_size=4).map("".join)

    return st.recursive(st.lists(ATOMS, min_size=1, max_size=5).map("".join), extend, max_leaves=12)


def _compiles(pattern: str) -> bool:
    try:
        re.compile(pattern)
    except re.error:
        return False
    return pattern.count("(?P<g>") <= 1


# derandomized: a drawn pattern that few texts fullmatch (anchors, lookaheads, word edges inside) can
# keep ``from_regex`` drawing for many minutes; the same 300 examples run every time, in seconds
@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.data())
def test_every_match_of_a_generated_pattern_holds_a_word(data: st.DataObject) -> None:
    pattern = data.draw(_patterns().filter(_compiles))
    words = required_words(pattern)
    if words is None:
        return
    for _ in range(5):
        text = data.draw(st.from_regex(pattern, fullmatch=True))
        assert any(w in text for w in words), (pattern, words, text)


RULES = headings.load_heading_rules()


@pytest.mark.parametrize("pattern", [RULES.any_kind, RULES.field_label])
def test_the_heading_patterns_have_words(pattern: re.Pattern[str]) -> None:
    assert required_words(pattern.pattern) is not None


@settings(max_examples=500, deadline=None)
@given(
    st.sampled_from([RULES.any_kind, RULES.field_label]).flatmap(lambda p: st.from_regex(p, fullmatch=True))
)
def test_every_heading_holds_a_word(text: str) -> None:
    gates = [g for g in (RULES.heading_gate, RULES.label_gate) if g is not None]
    assert len(gates) == 2
    assert any(g.holds(headings.squeeze(text)) for g in gates)


def test_a_word_gate_needs_a_word() -> None:
    with pytest.raises(ValueError):
        WordGate((" ",))
    gate = WordGate(("in a nutshell", "skill", "skills"))
    assert gate.holds("inanutshell") and gate.holds("xskillsx") and not gate.holds("skil")


def _gated_and_plain(lines: list[str], monkeypatch: pytest.MonkeyPatch) -> tuple[list[object], list[object]]:
    """Each line's heading kind and the field-label counts, gated, then with the gates off."""
    found = []
    for rules in (RULES, dataclasses.replace(RULES, heading_gate=None, label_gate=None)):
        monkeypatch.setattr(headings, "load_heading_rules", lambda rules=rules: rules)
        headings.forget_lines()
        numbered = [(i, line) for i, line in enumerate(lines) if line]
        found.append(
            [headings.resume_heading(line) for line in lines] + [headings._field_label_counts(numbered)]
        )
    headings.forget_lines()
    return found[0], found[1]


def _test_resume_lines() -> list[str]:
    texts = [
        p.read_text(encoding="utf-8")
        for p in sorted((DATA / "resumes/labelled/resume_matcher").glob("*.txt"))
    ]
    dev = SHARED / "data/resumes/jdlens_resume_dev"
    for name in ("resume_dev.jsonl", "resume_dev_tech.jsonl", "github_cvs.jsonl"):
        if (dev / name).is_file():  # real resumes, when the shared corpora are beside the repo
            rows = (dev / name).read_text(encoding="utf-8").splitlines()
            texts += [json.loads(row).get("text", "") for row in rows[::3]]
    lines = [line for text in texts for line in normalize(text).split("\n")]
    return [line for text in texts for line in text.split("\n")] + lines


def test_gated_headings_are_the_plain_headings_on_real_resumes(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = _test_resume_lines()
    assert len(lines) > 100
    gated, plain = _gated_and_plain(lines, monkeypatch)
    assert gated == plain
    assert sum(kind is not None for kind in plain[:-1]) > 10


HEADING_PIECES = st.lists(
    st.sampled_from(
        ["Work", " ", "  ", "\u00a0", "\t", "History", "E X P E R I E N C E", "EXPERIENCE", "E XPERIENCE"]
        + ["Skills", "&", "Tools", "technologies", "Tech", "Stack", "In", "a", "Nutshell", "•", ":-"]
        + ["Educational", "Qualification", "Personal Details", "DECLARATION", "(4 YEARS)", "x", "2019"]
        + ["İ", "ı", "ſ", "K", "Σ", "R&D", "Courses", "Course", "work", "Responsibilities", "★", "."]
        + [")", "(", "|", "-", "Licen", "ces"]
    ),
    max_size=10,
).map("".join)


@settings(max_examples=600, deadline=None)
@given(st.lists(HEADING_PIECES, max_size=8))
def test_gated_headings_are_the_plain_headings(lines: list[str]) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        gated, plain = _gated_and_plain(lines, monkeypatch)
    assert gated == plain


def _sections_gated_and_plain(texts: list[str]) -> tuple[list[object], list[object]]:
    """The sections of each text with the word gates, then with them off (every line cleaned and tried)."""
    found = []
    for rules in (RULES, dataclasses.replace(RULES, heading_gate=None, label_gate=None)):
        with pytest.MonkeyPatch.context() as monkeypatch:
            monkeypatch.setattr(headings, "load_heading_rules", lambda rules=rules: rules)
            headings.forget_lines()
            found.append([headings.find_resume_sections(t) for t in texts])
    headings.forget_lines()
    return found[0], found[1]


def test_sections_are_found_the_same_without_the_gates() -> None:
    texts = [
        p.read_text(encoding="utf-8")
        for p in sorted((DATA / "resumes/labelled/resume_matcher").glob("*.txt"))
    ]
    dev = SHARED / "data/resumes/jdlens_resume_dev"
    for name in ("resume_dev.jsonl", "resume_dev_tech.jsonl", "github_cvs.jsonl"):
        if (dev / name).is_file():  # real resumes, when the shared corpora are beside the repo
            rows = (dev / name).read_text(encoding="utf-8").splitlines()
            texts += [json.loads(row).get("text", "") for row in rows[::7]]
    gated, plain = _sections_gated_and_plain([normalize(t) for t in texts])
    assert gated == plain
    assert sum(len(found) for found in plain) > 3 * len(texts)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(HEADING_PIECES, max_size=6).map(" | ".join), max_size=8).map("\n".join))
def test_generated_sections_are_found_the_same_without_the_gates(text: str) -> None:
    gated, plain = _sections_gated_and_plain([text, text + "\nTechnologies: Python\nTechnologies: SQL"])
    assert gated == plain


STUDY = professions.load_professions().study


@settings(max_examples=400, deadline=None)
@given(st.from_regex(STUDY))
def test_every_study_match_holds_a_study_word(text: str) -> None:
    gate = professions.load_professions().study_gate
    assert gate is not None
    low = gate_text(text)
    assert low is None or gate.holds("".join(low.split()))


STUDY_PIECES = st.lists(
    st.sampled_from(
        ["B.Tech", "B. Tech", "b tech", "M.Sc", "Student", "STUDENT", "student", " ", "  ", "\t", "\u00a0"]
        + ["Research", "Graduate", "High", "School", "class", "X", "XII", "CGPA", "GPA", "in", "of", "degree"]
        + ["Ph.D.", "PhD", "Bachelor", "'s", "Master", "Diploma", "10th", "İ", "ı", "ſ", "K", "x", ".", "-"]
        + ["Software Engineer", "Intern", "Teaching Assistant", "Company", "2019", "|", ","]
    ),
    max_size=10,
).map("".join)


@settings(max_examples=600, deadline=None)
@given(STUDY_PIECES)
def test_gated_study_is_the_study_pattern(line: str) -> None:
    assert professions.is_study(line) == bool(STUDY.search(line.strip()))


def _windows_found(text: str) -> list[tuple[list[tuple[int, int]], list[tuple[int, int]]]]:
    """Each year window's ranges as the gated scan finds them, and as the pattern tried everywhere does."""
    return [
        (
            [m.span() for m in dates._ranges(text, lo, hi)],
            [m.span() for m in dates.range_pattern().finditer(text, lo, hi)],
        )
        for lo, hi in dates._year_windows(text)
    ]


def test_gated_studies_and_ranges_are_the_plain_ones_on_real_resumes() -> None:
    lines = _test_resume_lines()
    assert [professions.is_study(line) for line in lines] == [bool(STUDY.search(ln.strip())) for ln in lines]
    assert sum(professions.is_study(line) for line in lines) > 5
    text = "\n".join(lines)
    found = _windows_found(text)
    assert all(gated == plain for gated, plain in found)
    assert sum(len(plain) for _, plain in found) > 20


RANGE_PIECES = st.lists(
    st.sampled_from(
        [
            "Jan 2019",
            "JAN",
            "Mayo",
            "May",
            "Marketing",
            "Fromage",
            "From",
            "from ",
            "Sincerely",
            "since",
            "SINCE",
        ]
        + [
            "Fall 2018 - Spring 2019",
            "Summer 2020 to now",
            "Fall",
            "FALL 2019",
            "Autumn",
            "winter",
            "Spring",
            "Summer",
            "sept",
            "Sept.",
            "june",
            "Oct",
            "Nov",
        ]
        + [" ", " - ", "–", "to", "Present", "now", "till date", "2019", "2020", "'18", "12/2018", "03", "/"]
        + ["\n", "x", "a", "and", "ma", "ſince", "İ", "٣", "2021-05", "20th", "onwards", "on", "Dec'18", "."]
    ),
    max_size=16,
).map("".join)


@settings(max_examples=800, deadline=None)
@given(RANGE_PIECES)
def test_ranges_tried_at_their_opening_words_are_the_pattern_scan(text: str) -> None:
    for gated, plain in _windows_found(text):
        assert gated == plain


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(alphabet=st.characters(max_codepoint=127), max_size=12), st.text(max_size=12)))
def test_first_letter_and_first_alnum_are_the_character_tests(text: str) -> None:
    assert headings._first_letter(text) == next((c for c in text if c.isalpha()), "")
    assert headings._first_alnum(text) == next((c for c in text if c.isalnum()), "")


LABELLED_LINES = st.lists(
    st.sampled_from(
        ["PROJECTS", "Projects:", "Technologies", "Technologies: Python, SQL", "Awards", "EXPERIENCE"]
        + ["Skills", "Tools", "Education", "Responsibilities:", "Built a model", "Courses", "x"]
    ),
    max_size=12,
).map("\n".join)


def _sections_counting_every_line(texts: list[str]) -> tuple[list[object], list[object]]:
    """The sections of each text, then the same with every field label counted before any heading is
    read (what the lazy count must give)."""
    found = [[headings.find_resume_sections(t) for t in texts]]
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(
            headings._RepeatedLabels,
            "__call__",
            lambda self, clean: headings._field_label_counts(self._lines)[clean] > 1,
        )
        headings.forget_lines()
        found.append([headings.find_resume_sections(t) for t in texts])
    headings.forget_lines()
    return found[0], found[1]


def test_field_labels_counted_only_when_a_heading_is_one() -> None:
    texts = [normalize(p.read_text(encoding="utf-8")) for p in sorted((DATA / "resumes").rglob("*.txt"))]
    lazy, eager = _sections_counting_every_line(texts)
    assert lazy == eager


@settings(max_examples=300, deadline=None)
@given(LABELLED_LINES)
def test_generated_field_labels_counted_only_when_a_heading_is_one(text: str) -> None:
    lazy, eager = _sections_counting_every_line([text])
    assert lazy == eager
