"""The shortcuts of the skill matcher's hot path keep what the full checks find (issue 15)."""

from __future__ import annotations

import itertools

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


# Every phrase the tool-phrase pattern reads, spelled out (its alternatives, each optional part both ways).
TOOL_PHRASES = [
    *(f"experience {w}" for w in ("with", "in", "using", "of")),
    "experienced with", "experienced in", "proficient in", "proficient with", "proficiency in",
    "proficiency with", "knowledge of", "familiar with", "familiarity with", "expertise in",
    "expertise with", "skilled in", "skills in", "fluent in", "fluency in", "written in", "built with",
    "built in", "using", "use of", "such as", "e.g.", "e.g.,", "i.e.", "i.e.,", "including", "language",
    "languages", "language like", "languages such as", "tool like", "tools like", "like",
    "programming in", "coding in", "develop in", "development in", "background in", "hands-on",
]  # fmt: skip


@pytest.mark.parametrize("phrase", TOOL_PHRASES)
def test_every_tool_phrase_passes_its_gate(phrase: str) -> None:
    for before in (phrase, f"Strong {phrase}  ", phrase.upper() + "\t", f"x {phrase}\n"):
        assert skills._TOOL_PHRASE.search(before) is not None
        assert skills.tool_phrase_before(before)


TOOL_TEXT = st.lists(
    st.sampled_from(
        [*(p.split()[-1] for p in TOOL_PHRASES), *TOOL_PHRASES, " ", "\n", "x", ",", "ıng", "wıth", "ſuch as"]
    ),
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
