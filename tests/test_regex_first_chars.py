"""A search told the characters its matches start with finds what ``re.compile``'s search finds: on
every pattern of the library, on real texts and on generated patterns and texts (issue 15)."""

from __future__ import annotations

import re
from pathlib import Path
from re import _parser as parser  # type: ignore[attr-defined]

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import jdlens
from conftest import plain_program, with_faster_program
from jdlens import compiled_regex
from jdlens.regex_first_chars import FOLDS, first_chars, program

DATA = Path(__file__).parent / "data"
# Characters that fold to an ASCII letter, or that an ASCII letter folds to, under re.IGNORECASE:
# the Kelvin sign, the long s, the dotted capital I and the dotless small i.
FOLDING = "\u212a\u017f\u0130\u0131"
EDGE_TEXT = (
    "Spark SPARK spark_sql \u212aubernetes \u017fql PYTHON İstanbul ıt R, C++ & Go; "
    "(remote) Remote-first • Hybrid: 3 days\nRequirements:\n- BS/MS in CS\n  5+ years $120K-$150K/yr "
    "e-mail jobs@x.io https://x.io/a?b=c (555) 123-4567 PhD. M.Sc. nice-to-have\t\u00a0\u2014end"
)


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    return [(m.span(), m.groups()) for m in pattern.finditer(text)]


def _library_patterns() -> dict[tuple[str, int], re.Pattern[str]]:
    """Every pattern the library has compiled once an analysis, a resume and a match have run."""
    jdlens.analyze(EDGE_TEXT, title="Senior ML Engineer")
    jdlens.match(EDGE_TEXT, EDGE_TEXT)
    return dict(compiled_regex._patterns)


def _texts() -> list[str]:
    files = [p for p in sorted(DATA.rglob("*")) if p.suffix in (".txt", ".md", ".html")][:40]
    texts = [p.read_text(encoding="utf-8", errors="replace")[:20_000] for p in files]
    return [*texts, EDGE_TEXT, EDGE_TEXT.upper(), EDGE_TEXT.lower()]


def test_every_library_pattern_finds_what_re_compile_finds() -> None:
    patterns = _library_patterns()
    texts = _texts()
    assert len(patterns) > 150 and len(texts) > 10
    given = 0
    for (source, flags), made in patterns.items():
        plain = re.compile(source, flags)
        if made != plain:
            given += 1
        for text in texts:
            assert _spans(made, text) == _spans(plain, text), source
    assert given > 50, "most of the library's searches are given a first-character set"


@pytest.mark.parametrize(
    ("pattern", "flags", "starts"),
    [
        (r"\bpython\b", re.I, "pP\u212a\u00e9"),  # either case, and every non-ASCII character
        (r"(?:^|\s)go\b", 0, " g\n"),
        (r"(?<![\w.])(?:ph\.?d|bachelor|b\.?s)", re.I, "pPbB\u0130"),
        (r"\d+\s*(?:years?|yrs?)", 0, "0123456789"),
        (r"(?:a|b?)c", 0, "abc"),
        (r"[a-c]x", re.I, "abcABC"),
        (r"(?=x)\w", 0, "x_9\u00e9"),
    ],
)
def test_the_set_holds_every_first_character(pattern: str, flags: int, starts: str) -> None:
    chars = first_chars(parser.parse(pattern, flags), flags)
    assert chars is not None
    made = with_faster_program(pattern, flags)
    assert made != re.compile(pattern, flags)  # the program carries the set
    for char in starts:
        text = char + "python go ph.d bachelor 3 years c x"
        assert _spans(made, text) == _spans(re.compile(pattern, flags), text)


@pytest.mark.parametrize(
    ("pattern", "flags"),
    [
        (r".x", 0),  # any character
        (r"[^a]x", 0),  # a negated class
        (r"(a)?\1x", 0),  # a group reference (after an optional group)
        (r"a*", 0),  # an empty match
        (r"(?=x)", 0),  # only zero-width
        (r"\u212a", re.I),  # a non-ASCII letter under IGNORECASE (it folds to "k")
        (r"(?L)\bx", 0),
    ],
)
def test_a_pattern_whose_first_character_cannot_be_told_gets_no_set(pattern: str, flags: int) -> None:
    if "(?L)" in pattern:
        assert first_chars(parser.parse(pattern.encode(), flags), flags) is None
        return
    assert first_chars(parser.parse(pattern, flags), flags) is None


PIECES = st.sampled_from(
    [
        r"\b", "^", "$", r"(?<=\s)", r"(?<!\w)", r"(?=\w)", r"(?!x)", "a", "B", "k", "s", "i", "-", r"\.",
        " ", r"\s", r"\d", r"\w", r"\W", "[a-c]", "[A-C0-9]", "[kK]", "(?:ab|c)", "(?:x|)", "(?i:k)",
        "(?-i:S)", "a?", "b*", "(?:c|d)+", "[s-t]{0,2}", "(?:i)?", r"\bgo\b", r"(?i)", "é",
        "(?:ab|ac|b|ad)", "(?:k|kb|s|sd|K)", "(?:a(?:x|y)|ab|(?:ac|b)|[ab]c|[0-2])", "(?:(?:go|ga)|gx|(?:i|is))",
        "(?:a|a|b|c)", "(?:[a-c]x|ay|b)", "(?<=(?:ab|ac|b))",
    ]
)  # fmt: skip
TEXT = st.text(alphabet="aAbBcCdDkKsSiIgGoOxX0129 -._\n" + FOLDING + "é•", max_size=40)


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, min_size=1, max_size=6), st.booleans(), TEXT)
def test_generated_patterns_find_what_re_compile_finds(pieces: list[str], ignore: bool, text: str) -> None:
    source = "".join(pieces)
    if "(?i)" in source:
        source = "(?i)" + source.replace("(?i)", "")  # a global flag must open the pattern
    flags = re.I if ignore else 0
    try:
        plain = re.compile(source, flags)
    except re.error:
        return
    made = with_faster_program(source, flags)
    assert _spans(made, text) == _spans(plain, text)
    assert [m.span() for m in made.finditer(text, 1, max(1, len(text) - 1))] == [
        m.span() for m in plain.finditer(text, 1, max(1, len(text) - 1))
    ]


def test_the_folds_are_the_engines() -> None:
    """The characters besides its two cases that each ASCII letter matches under re.IGNORECASE, read
    off the engine for every character (and none under re.ASCII)."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    any_letter = re.compile("(?i)(?:" + "|".join(f"({c})" for c in letters) + ")")
    ascii_letter = re.compile("(?ia)(?:" + "|".join(f"({c})" for c in letters) + ")")
    found: dict[str, list[int]] = {}
    for code in range(0x80, 0x110000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        m = any_letter.fullmatch(chr(code))
        if m is not None:
            found.setdefault(letters[int(m.lastindex or 0) - 1], []).append(code)
        assert ascii_letter.fullmatch(chr(code)) is None
    assert {k: tuple(v) for k, v in found.items()} == FOLDS


@pytest.mark.parametrize(
    ("pattern", "flags"),
    [
        (r"(?:degree|bachelor|master|ph\.?d)", re.I),
        (r"(?i)^(?:requirements|what you.ll do|skills?)\s*:?$", 0),
        (r"\b(?:kotlin|scala|sql)\b", re.I),
        (r"(?i:x|y)|z", 0),
    ],
)
def test_case_blind_alternatives_open_with_their_exact_sets(pattern: str, flags: int) -> None:
    made = with_faster_program(pattern, flags)
    assert plain_program(pattern, flags) != program(parser.parse(pattern, flags), flags)
    for text in (
        "Degree BACHELOR masters PhD ph.d",
        "Requirements:",
        "What you'll do",
        "SQL \u212aotlin Scala ſql",
    ):
        assert _spans(made, text) == _spans(re.compile(pattern, flags), text)
        assert (made.match(text) is None) == (re.compile(pattern, flags).match(text) is None)
