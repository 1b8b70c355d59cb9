"""The cheaper ways of reading a resume give the answers of the plain ones (issue 9: reading speed)."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SHARED
from jdlens.job.pipeline import analyze
from jdlens.matching.explain import _ING_TO_ED, WEAK_VERBS, _weak_verb
from jdlens.matching.matcher import score_and_gaps
from jdlens.matching.rewrite import _opens_sentence
from jdlens.resume import checks, dates, headings, parse, parse_resume_text
from jdlens.resume.checks import quantified
from jdlens.text import normalize
from jdlens.text.gate import GatedPattern, GateIndex, finditer_at

STATEMENT = st.lists(
    st.sampled_from(
        [*"ab .,$€%x5 0 9", "2019", "p95", "$ 5", "£12k", "3.5", "10x", "ms", "million", "Helped", "Was "]
        + ["involved in ", "Responsible for building ", "Utilized ", "Worked on ", "in charge of", " "]
        + ["deployed", "unit tests", "A/B tests", "CI/CD", "ci", "real-time", "ſ", "•"]
    ),
    max_size=30,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(STATEMENT)
def test_quantified_is_the_number_pattern_searched_everywhere(text: str) -> None:
    assert quantified(text) == bool(checks._NUMBER.search(text))


def _weak_verb_one_by_one(text: str) -> tuple[str, str, int] | None:
    """The weak opening as the patterns tried in turn find it (the reference)."""
    stripped = text.strip()
    for pattern, replacement, advice in WEAK_VERBS:
        m = pattern.match(stripped)
        if m:
            if m.groupdict().get("stem") is not None:
                stem = m.group("stem").lower()
                replacement = next((v for k, v in _ING_TO_ED.items() if stem.startswith(k)), "")
            return replacement, advice, m.end()
    return None


@settings(max_examples=400, deadline=None)
@given(STATEMENT)
def test_one_pattern_of_weak_openings_finds_the_first_that_matches(text: str) -> None:
    assert _weak_verb(text) == _weak_verb_one_by_one(text)


@pytest.mark.parametrize("name", ["_PRODUCTION", "_NOTEBOOK", "_RESEARCH", "_TESTING", "_CICD", "_REVIEW"])
@pytest.mark.parametrize(
    "text",
    [
        "Deployed the model to production behind a real-time API (p99 latency 40 ms)",
        "Wrote unit tests; A/B tests of the ranking; CI/CD with GitHub Actions and code reviews",
        "Published at NeurIPS; thesis on Kaggle notebooks in Jupyter",
        "• Réal-time ſerving • Zürich",
        "nothing to see",
        "",
    ],
)
def test_gated_checks_find_what_the_patterns_find(name: str, text: str) -> None:
    gated = getattr(checks, name)
    assert gated.gate is not None
    found, plain = gated.search_text(text), gated.regex.search(text)
    assert (found and found.span()) == (plain and plain.span())


CONTACT_TEXT = st.lists(
    st.sampled_from(
        [
            *"ab .@-+()/_0 19\n•é٣ſKİ:",
            "www.",
            "http://",
            ".com",
            ".AI",
            ".io/x",
            "jane@x.io",
            "+1 (555) 123-4567",
        ]
        + ["linkedin.com/in/jane", "GitHub.com/jane", "2019 - 2021", "(+44) 20 7946 0958", "me.dev"]
    ),
    max_size=60,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(CONTACT_TEXT)
def test_contact_patterns_tried_at_their_starts_find_every_match(text: str) -> None:
    """Tried only where an address, a phone number or a site can start, the contact patterns find what
    they find when tried at every position."""
    assert [m.span() for m in parse._emails(text)] == [m.span() for m in parse._EMAIL.finditer(text)]
    phones = finditer_at(parse._PHONE, text, parse._phone_starts(text))
    assert [m.span() for m in phones] == [m.span() for m in parse._PHONE.finditer(text)]
    sites = finditer_at(parse._WEBSITE, text, parse._site_starts(text))
    assert [m.span() for m in sites] == [m.span() for m in parse._WEBSITE.finditer(text)]
    assert parse._blank(text, [m.span() for m in parse._emails(text)]) == parse._EMAIL.sub(" ", text)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["Till", " ", "date", "TO", "Present", "now", "Jan", "2019", "'18", "-", "to", "ı", "Dev"]
        ),
        max_size=6,
    ).map("".join)
)
def test_date_line_is_the_date_pattern_on_the_whole_line(line: str) -> None:
    assert parse._date_line(line) == (parse._DATE_LINE.fullmatch(line) is not None)


MARKUP_TEXT = st.lists(
    st.sampled_from(
        [*"ab \t\u00a0\u2003\u202f\n\r#[]()*_•-1.2)", "**", "__", "[x](y)", "## ", "1. ", "• ", "  "]
    ),
    max_size=40,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(MARKUP_TEXT)
def test_normalizer_shortcuts_change_nothing(text: str) -> None:
    """Bullets read at line starts only, markup and space patterns skipped when their character is absent:
    the same text as the patterns applied to the whole text."""
    assert normalize._bullets(text) == normalize._BULLET.sub("• ", text)
    assert normalize._has_spaces(text) == bool(normalize._SPACES.search(text))
    plain = normalize._MD_EMPH.sub(r"\2", normalize._MD_HEADING.sub("", normalize._MD_LINK.sub(r"\1", text)))
    assert normalize.strip_markdown(text) == plain


def test_space_characters_are_the_space_pattern_class() -> None:
    singles = re.compile(r"[\t\u00a0\u2000-\u200b\u202f\u3000]")
    assert sorted(normalize._SPACE_CHARS) == [chr(c) for c in range(0x3100) if singles.fullmatch(chr(c))]
    assert normalize._SPACES.pattern.startswith(singles.pattern)


RANGE_TEXT = st.lists(
    st.sampled_from(
        ["Jan 2019", " - ", "Present", "\n", "since 20191", "2019", "'18", "to", " ", "Mar", "12/2018", "x"]
        + ["from ", "onwards", "till date", "–", "2021-05", "a", "Summer 2020", "20th March 2014"]
        + ["TO", "Until", "Thru", "THROUGH", "upto", "~", "SINCE", " On", "ſince", "Dec’18", "1999"]
        + ["Winter 2019", "/", ".", "Sept. 2020", "Fall'18", "sin", "Fro", "é"]
    ),
    max_size=16,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(RANGE_TEXT)
def test_ranges_tried_at_line_openings_are_the_pattern_scan(text: str) -> None:
    """The range pattern tried only at the openings of lines holding a year finds what it finds when
    tried at every position of each window."""
    for lo, hi in dates._year_windows(text):
        expected = [m.span() for m in dates.range_pattern().finditer(text, lo, hi)]
        assert [m.span() for m in dates._ranges(text, lo, hi)] == expected


@settings(max_examples=400, deadline=None)
@given(RANGE_TEXT)
def test_has_range_is_the_range_search(text: str) -> None:
    """A line's range, looked for only where a range can open, is what the range pattern's search finds
    (a line, and the same text with its line breaks)."""
    for line in (text.replace("\n", " "), text):
        assert dates.has_range(line) == bool(dates.range_pattern().search(line))


def test_every_separator_holds_a_range_word() -> None:
    """Each ASCII separator of a range holds one of the words ``has_range`` looks for (one added to the
    pattern without its word fails here)."""
    for alternative in dates._SEP.removeprefix("(?:").removesuffix(")").split("|"):
        word = alternative.replace(r"\b", "").rstrip("+")
        if word.isascii():
            assert any(w in word for w in dates._IN_LINE_RANGE_WORDS), word


def test_has_range_on_real_resume_lines() -> None:
    """Every dated line of 300 real resumes (the matching dev pool: one date per line, ranges, prose):
    ``has_range`` says what the range pattern's search says (most lines holding a year hold no range);
    the ranges found in each resume are the pattern's."""
    pool = SHARED / "data" / "resumes" / "jdlens_resume_dev" / "livecareer_all.jsonl"
    if not pool.is_file():
        pytest.skip("../shared/data is not beside the repository")
    rows = pool.read_text(encoding="utf-8").splitlines()[:300]
    lines = [line.strip() for row in rows for line in json.loads(row)["text"].splitlines()]
    dated = [line for line in lines if "19" in line or "20" in line]
    assert len(dated) > 2000
    found = [line for line in dated if dates.has_range(line)]
    assert 0 < len(found) < len(dated) / 2
    for line in dated:
        assert dates.has_range(line) == bool(dates.range_pattern().search(line)), line
    for row in rows:  # and the ranges of each whole resume, as ``find_spans`` reads them
        text = json.loads(row)["text"]
        for lo, hi in dates._year_windows(text):
            expected = [m.span() for m in dates.range_pattern().finditer(text, lo, hi)]
            assert [m.span() for m in dates._ranges(text, lo, hi)] == expected


@settings(max_examples=300, deadline=None)
@given(STATEMENT, st.integers(0, 40), st.integers(0, 40))
def test_gate_index_searches_a_span_as_the_pattern_does(text: str, a: int, b: int) -> None:
    """The pattern's words found once in the whole text: a span of it is searched as the plain pattern
    searches the span alone (a string that is not the text's span is searched plainly)."""
    start, end = min(a, b, len(text)), min(max(a, b), len(text))
    for name in ("_PRODUCTION", "_TESTING", "_CICD", "_NUMBER"):
        pattern = getattr(checks, name)
        if not isinstance(pattern, GatedPattern):
            continue
        index = GateIndex(pattern, text)
        for span in (text[start:end], "Deployed " + text[start:end]):
            found, plain = index.search(span, start), pattern.regex.search(span)
            assert (found and found.span()) == (plain and plain.span())


@settings(max_examples=300, deadline=None)
@given(STATEMENT, st.lists(st.tuples(st.integers(0, 60), st.integers(0, 30), st.booleans()), max_size=6))
def test_gate_index_holders_are_its_searches(text: str, cuts: list[tuple[int, int, bool]]) -> None:
    """Which spans hold a match, read in one walk over the pattern's words, is what searching each span
    says: for statements in order (the walk), and for spans out of order or not the text's (one by one)."""
    spans = []
    for at, width, foreign in cuts:
        start = min(at, len(text))
        span = text[start : start + width]
        spans.append(("Deployed " + span if foreign else span, start))
    ordered = sorted({(s, a) for s, a in spans if not s.startswith("Deployed ")}, key=lambda x: x[1])
    apart = [x for i, x in enumerate(ordered) if i == 0 or ordered[i - 1][1] + len(ordered[i - 1][0]) <= x[1]]
    for name in ("_PRODUCTION", "_TESTING", "_CICD", "_REVIEW", "_NOTEBOOK", "_RESEARCH"):
        pattern = getattr(checks, name)
        index = GateIndex(pattern, text)
        for group in (spans, apart):
            assert index.holders(group) == [index.search(s, a) is not None for s, a in group]


@settings(max_examples=300, deadline=None)
@given(STATEMENT)
def test_one_scan_finds_each_patterns_words_where_its_own_search_does(text: str) -> None:
    """The checks' patterns' words found in one pass over the text are, for each pattern, the places its
    own ``str.find`` pass gives (or none, where that pass is not made), so every search is the same."""
    patterns = checks._CHECK_PATTERNS
    for sample in (text, text.upper(), "Jupyter and CI/CD in production: " + text):
        for alone, scanned in zip(
            (GateIndex(p, sample) for p in patterns), checks._CHECK_SCAN.indexes(sample), strict=True
        ):
            assert scanned._starts == alone._starts


def test_one_scan_of_real_resumes_is_each_patterns_own() -> None:
    data = Path(__file__).parent / "data"
    texts = [p.read_text(encoding="utf-8") for p in sorted((data / "resumes").rglob("*.txt"))]
    assert len(texts) >= 5
    found = 0
    for text in texts:
        for p, scanned in zip(checks._CHECK_PATTERNS, checks._CHECK_SCAN.indexes(text), strict=True):
            alone = GateIndex(p, text)
            assert scanned._starts == alone._starts
            found += len(alone._starts or ())
    assert found > 20


# What the rewrite check reads as a sentence's first word: the text before it, read by this pattern
# (the reference; the check reads only the whitespace just before the word).
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|\n|•\s*)$")
PROSE = st.lists(
    st.sampled_from([*"Ab .!?:;\n•\t\u2003x,\u00a0", "Python", "AWS", "\n\n", ". ", "• "]), max_size=20
).map("".join)


@settings(max_examples=500, deadline=None)
@given(PROSE)
def test_a_sentence_opening_is_what_the_prefix_pattern_says(text: str) -> None:
    for pos in range(len(text) + 1):
        assert _opens_sentence(text, pos) == bool(_SENTENCE_START.search(text[:pos]))


def test_a_resume_read_without_its_statements_scores_the_same() -> None:
    """``rank_resumes`` reads resumes without their statements: no part of the score may read them."""
    data = Path(__file__).parent / "data"
    texts = [
        p.read_text(encoding="utf-8")
        for p in sorted((data / "resumes/labelled/resume_matcher").glob("*.txt"))
    ]
    dev = SHARED / "data/resumes/jdlens_resume_dev/resume_dev.jsonl"
    if dev.is_file():  # real resumes of every profession, when the shared corpora are beside the repo
        texts += [json.loads(line)["text"] for line in dev.read_text(encoding="utf-8").splitlines()[::5]]
    jobs = [analyze(p.read_text(encoding="utf-8")) for p in sorted((data / "jobs").glob("*.txt"))]
    assert len(texts) >= 5 and len(jobs) >= 2
    for text in texts:
        full, lean = parse_resume_text(text), parse_resume_text(text, statements=False)
        assert not lean.bullets
        assert lean.model_dump(exclude={"bullets"}) == full.model_dump(exclude={"bullets"})
        for job in jobs:
            assert score_and_gaps(lean, job, status="matched") == score_and_gaps(full, job, status="matched")


def _field_label_counts_plain(lines: list[tuple[int, str]]) -> Counter[str]:
    """Every line cleaned and tried (the reference for the first-letter gate)."""
    rules = headings.load_heading_rules()
    counts: Counter[str] = Counter()
    for _, line in lines:
        head = line.split(":", 1)[0] if ":" in line[:40] else line
        if len(head) > headings.MAX_HEADING_CHARS + 20 or head.count(" ") > headings.MAX_HEADING_WORDS + 6:
            continue
        clean = headings.clean_heading(head)
        if clean and rules.field_label.fullmatch(clean):
            counts[clean] += 1
    return counts


HEADING_LINES = st.lists(
    st.sampled_from(
        ["Technologies", "T E C H N O L O G I E S", "• Tools:", "tools", "TOOLS (3)", "Awards", "İ", "Ⅻ"]
        + ["Environment: AWS", "- Responsibilities -", "Duties.", "Projects", "Course work", "x", "Python"]
        + ["Achievements & Awards", "(Technologies)", "★ Coursework", "2019 Tools", "", " ", ":"]
    ),
    max_size=12,
)


@settings(max_examples=400, deadline=None)
@given(HEADING_LINES)
def test_field_labels_gated_by_first_letter_count_what_every_line_tried_counts(lines: list[str]) -> None:
    numbered = [(i, line) for i, line in enumerate(lines) if line]
    assert headings._field_label_counts(numbered) == _field_label_counts_plain(numbered)
    headings.forget_lines()


TITLE_LINE = st.lists(
    st.sampled_from(
        ["Data", " ", "Scientist", ",", " | ", "@", " at ", " - ", "–", "(", "in ", "In", "\t", "Acme"]
    ),
    max_size=14,
).map("".join)


@given(TITLE_LINE)
def test_title_separators_split_as_the_plain_pattern(line: str) -> None:
    plain = re.compile(r"\s*(?:,|\||\s@\s|@|\sat\s|\s[-–—]\s|\(|\bin\s(?=[A-Z]))\s*")
    assert parse._TITLE_SPLIT.split(line, maxsplit=2) == plain.split(line, maxsplit=2)
