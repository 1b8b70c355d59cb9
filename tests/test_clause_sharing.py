"""Required/preferred read once per clause, and cue patterns tried only on clauses that hold one of
their words, give what reading every mention on its own with the plain patterns gives (issue 15)."""

from __future__ import annotations

import bisect
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jdlens.extract import blocks, requirement
from jdlens.extract.blocks import LayoutCache, block_need
from jdlens.models import Requirement
from jdlens.text.document import Document, make_document
from jdlens.text.gate import WordGatedPattern, required_words
from jdlens.text.sections import heading_rules
from test_scan_gates import PIECES, REAL


@pytest.mark.parametrize(
    ("pattern", "words"),
    [
        (r"\b(?:prefers?|preferred|preferably)\b", ("prefer",)),  # a word holding another is dropped
        (r"(?:is |are |a )plus", ("plus",)),  # the longest word of the run, wherever it stands
        (r"\bdesir(?:ed|able)\b", ("desirable", "desired")),  # the parser's common start goes on
        (r"\d+\s*(?:years?|yrs?)", None),  # "yr" is shorter than 3
        (r"(?:abc)+x|de?f", None),  # "df" need not occur ("f" alone is too short)
        (r"(?:abc)*xyz|(?:pqr){1,3}", ("pqr", "xyz")),  # a repeat that may be absent holds nothing
        (r"(?i)plus", None),  # folding case: the words are not the pattern's own
        (r"good(?i:plus)", ("good",)),
        (r"[ab]cd|e", None),
        (r"\bnot (?:required|necessary)\b", ("not necessary", "not required")),  # a run goes on in each
        (r"(?:is |are )plus|(?:x|y) to learn", (" to learn", "plus")),  # spaces at either end do not count
    ],
)
def test_required_words(pattern: str, words: tuple[str, ...] | None) -> None:
    assert required_words(re.compile(pattern)) == words


def test_required_words_of_the_cues() -> None:
    words = required_words(heading_rules().preferred_cue)
    assert words is not None and "plus" in words and "prefer" in words and "not required" in words
    assert all(len(w.strip()) >= 3 for w in words)


CUE_PIECES = st.lists(
    st.sampled_from(
        [
            *"abc(). \n,;:",
            "is a plus",
            "plus.",
            "a plus",
            "preferred",
            "prefer",
            "nice to have",
            "nice-to-have",
            "desirable",
            "desired",
            "ideally",
            "ideal candidates will have",
            "not required",
            "willing to learn",
            "or able to pick up",
            "not afraid to pick",
            "stand out",
            "sets you apart",
            "bonus",
            "optional",
            "python",
            "good to have",
            "would be great",
            "advantageous",
            "  ",
        ]
    ),
    max_size=30,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(st.one_of(CUE_PIECES, PIECES.map(str.lower)))
def test_word_gated_cues_find_what_the_cue_pattern_finds(text: str) -> None:
    plain = heading_rules().preferred_cue
    gated = WordGatedPattern(plain)
    assert [m.span() for m in gated.finditer(text)] == [m.span() for m in plain.finditer(text)]
    assert (gated.search(text) is None) == (plain.search(text) is None)


def test_word_gated_cues_on_real_lines() -> None:
    plain = heading_rules().preferred_cue
    gated = WordGatedPattern(plain)
    lines = [line for text in REAL for line in text.lower().split("\n")]
    found = [[m.span() for m in gated.finditer(line)] for line in lines]
    assert found == [[m.span() for m in plain.finditer(line)] for line in lines]
    assert sum(map(bool, found)) > 10  # real lines hold cues
    assert sum(gated.may_match(line) for line in lines) < len(lines) / 2  # and most are skipped


def _plain_classify(doc: Document, pos: int) -> Requirement:
    """The reference: every step for this one mention, the clause read with the plain cue pattern."""
    kind = doc.kind_at(pos)
    lo, hi = doc.line_bounds(pos)
    spans = requirement._split_line(doc, lo, hi)
    i = max(0, bisect.bisect_right([a for a, _ in spans], pos) - 1)
    if i > 0 and spans[i - 1][1] >= pos:
        i -= 1
    start, end = spans[i]
    chars = list(doc.lower[start:end])
    inside = None
    for m in requirement._PAREN.finditer(doc.lower, start, end):
        if m.start() < pos < m.end() and inside is None:
            inside = m.end()
        if len(m.group(1).split()) > requirement._SHORT_ASIDE:
            chars[m.start() - start : m.end() - start] = " " * (m.end() - m.start())
    info = requirement.ClauseInfo(doc.lower[start:inside] if inside is not None else "".join(chars))
    if info.preferred_at(pos - start):
        return "required" if kind == "requirements" and info.explicitly_required else "preferred"
    default = requirement._SECTION_DEFAULT.get(kind or "other")
    if default:
        return default
    return block_need(doc, pos) or ("required" if info.requires else "unspecified")


ASIDES = (
    "Requirements:\n• Python, Go, or Rust (other languages are a plus)\n• SQL (preferred)\n"
    "Nice to have: Spark, Kafka (or Flink, Beam and other stream tools) and Airflow\n"
    "About the work\nYou will use Scala (experience with Java is a plus, not required) daily. "
    "Ideally you know Docker; Kubernetes is a bonus (must be comfortable on call).\n\n"
    "• 3+ years of Python\n• Knowledge of SQL (Postgres or MySQL)\n\n• Experience with Airflow\n• Kafka is a plus"
)


def _check_every_word(texts: list[str]) -> int:
    checked = 0
    for raw in texts:
        doc = make_document(raw)
        shared = requirement.RequirementReader(doc)
        positions = [m.start() for m in re.finditer(r"\S+", doc.text)]
        got = [shared.classify(p, doc.kind_at(p), *doc.line_bounds(p)) for p in positions]
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(requirement, "preferred_cue", lambda: heading_rules().preferred_cue)
            want = [_plain_classify(doc, p) for p in positions]
        assert got == want
        checked += len(positions)
    return checked


def test_shared_reading_of_real_text_is_each_mention_read_alone() -> None:
    assert _check_every_word([*REAL, ASIDES]) > 5000


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(CUE_PIECES, PIECES), max_size=4).map("\n".join))
def test_shared_reading_of_generated_text_is_each_mention_read_alone(text: str) -> None:
    if text.strip():
        _check_every_word([text])


def test_the_reading_sees_asides_and_cues() -> None:
    doc = make_document(ASIDES)
    reader = requirement.RequirementReader(doc)
    said = {
        word: reader.classify(p, doc.kind_at(p), *doc.line_bounds(p))
        for word in ("Rust", "languages", "SQL", "Kafka", "Flink", "Scala", "Java", "Docker", "Kubernetes")
        for p in [doc.text.index(word)]
    }
    assert said["Rust"] == "required"
    assert said["SQL"] == "preferred"  # a short aside qualifies its clause
    assert said["languages"] == "preferred"  # inside the aside: the aside's own cue
    assert said["Kafka"] == "preferred" and said["Kubernetes"] == "preferred"


def _layout_per_position(texts: list[str]) -> int:
    """``block_need`` with the document's memo against a fresh memo at every position."""
    checked = 0
    for raw in texts:
        doc = make_document(raw)
        positions = [m.start() for m in re.finditer(r"\S+", doc.text)] + [len(doc.text)]
        shared = [block_need(doc, p) for p in positions]
        assert shared == [block_need(doc, p, LayoutCache()) for p in positions]
        checked += sum(n is not None for n in shared)
    return checked


LISTS = (
    "About the role\n\nYou will:\n• Design models\n• Work with data\n\n"
    "• BS degree in CS\n• 3+ years of Python\n• Knowledge of SQL\n\n"
    "• Experience with Spark\n• Familiarity with Airflow\n\nBenefits\n• Health"
)


def test_layout_per_line_is_layout_per_position() -> None:
    long_wall = "Intro\n" + ("word " * 900 + "\n") * 2 + "\n" + LISTS  # lines beyond MAX_BLOCK of the start
    assert _layout_per_position([*REAL, LISTS, long_wall, LISTS.replace("\n\n", "\n\n\n")]) > 20


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(CUE_PIECES, PIECES, st.just(LISTS)), max_size=5).map("\n".join))
def test_layout_per_line_of_generated_text(text: str) -> None:
    if text.strip():
        _layout_per_position([text])


def _every_line_counted(text: str, start: int, end: int) -> tuple[int, bool, bool]:
    """A block's lines and verdicts with every line read (the reference of the early stop)."""
    lines = [ln for ln in text[start:end].split("\n", blocks.MAX_LINES)[: blocks.MAX_LINES] if ln.strip()]
    hits = sum(blocks.qualification_line(ln[: blocks._LINE_HEAD]) for ln in lines)
    most = len(lines) >= 2 and 2 * hits > len(lines)
    return len(lines), most, most or (len(lines) == 1 and hits == 1)


def _blocks_of(text: str) -> list[tuple[int, int]]:
    cuts = [0, *(m.end() for m in re.finditer(r"\n\n", text)), len(text) + 2]
    return [(a, b - 2) for a, b in zip(cuts, cuts[1:], strict=False) if b - 2 > a]


def test_blocks_read_until_the_verdict_is_known() -> None:
    seen = set()
    for text in [*REAL, LISTS, ASIDES]:
        for start, end in _blocks_of(text):
            block = blocks._read_block(text, start, end)
            assert (block.lines, block.qualifications, block.qualifying) == _every_line_counted(
                text, start, end
            )
            seen.add((block.qualifications, block.qualifying))
    assert seen == {(True, True), (False, True), (False, False)}  # every verdict occurs


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["• 3+ years of Python", "• Design models", "BS degree", "Work with data", "", " "]),
        max_size=12,
    ).map("\n".join)
)
def test_blocks_of_generated_lines(text: str) -> None:
    block = blocks._read_block(text, 0, len(text))
    assert (block.lines, block.qualifications, block.qualifying) == _every_line_counted(text, 0, len(text))
