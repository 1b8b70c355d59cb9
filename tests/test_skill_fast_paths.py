"""The shortcuts of the skill matcher's hot path keep what the full checks find (issue 15)."""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jdlens.extract import skills
from jdlens.extract.skills import _SAFE_EDGE, _clean_edges, get_matcher
from test_scan_gates import REAL


def test_safe_edge_characters_are_never_word_characters() -> None:
    for c in _SAFE_EDGE:
        assert not c.isalnum() and c not in "_+#." and len(c) == 1
    for before, after in itertools.product(sorted(_SAFE_EDGE), repeat=2):
        assert _clean_edges(f"{before}x.y{after}", 1, 4)  # a hit between two safe characters is clean


def _find_without_shortcuts(text: str) -> list[skills.Hit]:
    """``find`` with every hit's edges checked by ``_clean_edges``."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(skills, "_SAFE_EDGE", frozenset())
        return get_matcher().find(text)


SAMPLES = [
    "Python, R, Go and C++ (C#, .NET) • Spark/Hadoop — SQL; MS in Statistics or Computer Science",
    "Bachelor's degree in Statistics, Mathematics or a related field; experience with R and Excel.",
    "We excel at R&D. Go to https://example.com/pytorch or mail jobs@nhs.net",
]


def test_fields_of_study_are_the_taxonomys() -> None:
    matcher = get_matcher()
    assert matcher._fields == {i for i, entry in matcher.taxonomy.by_id.items() if entry.field_of_study}
    assert matcher._fields  # "MS in Statistics" is read for a degree


def test_find_is_the_find_without_shortcuts() -> None:
    matcher = get_matcher()
    for text in [*REAL, *SAMPLES]:
        assert matcher.find(text) == _find_without_shortcuts(text)
    assert any(h.skill_id == "r" for h in matcher.find(SAMPLES[1]))  # the ambiguous reading runs


# Every phrase the tool-phrase pattern reads, drawn from the pattern itself (a phrase added to it is drawn too).
TOOL_PHRASE = st.from_regex(
    re.compile(skills._TOOL_PHRASE.pattern.removesuffix(r"\s*$"), re.I), fullmatch=True
)


@settings(max_examples=500, deadline=None)
@given(TOOL_PHRASE, st.sampled_from(["", "Strong ", "x, "]), st.sampled_from(["", "  ", "\t", "\n"]))
def test_every_tool_phrase_passes_its_gate(phrase: str, head: str, tail: str) -> None:
    before = head + phrase + tail
    assert skills._TOOL_PHRASE.search(before) is not None
    assert skills.tool_phrase_before(before)


TOOL_TEXT = st.lists(
    st.one_of(TOOL_PHRASE, st.sampled_from([" ", "\n", "x", ",", "with", "as", "ıng", "wıth", "ſuch as"])),
    max_size=8,
).map(" ".join)


@settings(max_examples=400, deadline=None)
@given(TOOL_TEXT)
def test_tool_phrase_gate_is_the_pattern_search(before: str) -> None:
    assert skills.tool_phrase_before(before) == (skills._TOOL_PHRASE.search(before) is not None)


def test_tool_phrase_gate_on_real_contexts() -> None:
    """What comes before every word of the real postings and resumes kept for tests (the 40 characters
    the matcher reads): the gate says what the pattern says."""
    count = 0
    for text in REAL:
        folded = skills.fold(text)
        for at in range(0, len(folded), 7):
            before = folded[max(0, at - 40) : at]
            assert skills.tool_phrase_before(before) == (skills._TOOL_PHRASE.search(before) is not None)
            count += 1
    assert count > 1000
