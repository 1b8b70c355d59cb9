"""A pattern of names tried only where a name starts finds what the pattern finds (issue 15)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jdlens.extract import education
from jdlens.text.gate import StartGatedPattern
from test_scan_gates import REAL

FIELD_PIECES = st.lists(
    st.sampled_from(
        [
            *"aZ.,;:()/ \n-_é",
            "Computer Science",
            "computer science",
            "COMPUTER SCIENCE",
            "CS",
            "cs",
            "EE",
            "Math",
            "maths",
            "Statistics",
            "STEM",
            "Operations Research",
            "OR",
            "or",
            "Physics",
            "\u0130",  # the dotted capital I and the other characters IGNORECASE reads as ASCII letters
            "\u0131",
            "\u017f",
            "\u212a",
            "ſtatiſtics",
        ]
    ),
    max_size=25,
).map("".join)


def _spans(matches: object) -> list[tuple[int, int, str | None]]:
    return [(m.start(), m.end(), m.lastgroup) for m in matches]  # type: ignore[attr-defined]


@settings(max_examples=500, deadline=None)
@given(FIELD_PIECES)
def test_field_names_gated_are_the_pattern_matches(text: str) -> None:
    gated = education._fields()[0]
    assert _spans(gated.finditer(text)) == _spans(gated.regex.finditer(text))


def test_field_names_of_real_lines() -> None:
    gated = education._fields()[0]
    lines = [line for text in REAL for line in text.split("\n")]
    found = [_spans(gated.finditer(line)) for line in lines]
    assert found == [_spans(gated.regex.finditer(line)) for line in lines]
    assert sum(map(bool, found)) > 5  # real lines name fields


def test_start_gate_falls_back_where_case_folding_moves_letters() -> None:
    gated = StartGatedPattern(re.compile(r"(?i)\bstats\b"), ["stats"])
    assert gated.starts("ſtats") is None  # the long s reads as "s": only the pattern can tell
    assert [m.span() for m in gated.finditer("ſtats and STATS")] == [(0, 5), (10, 15)]
    with pytest.raises(ValueError):
        StartGatedPattern(re.compile("é"), ["é"])
