"""The shortcuts of the skill matcher's hot path keep what the full checks find (issue 15)."""

from __future__ import annotations

import itertools

import pytest

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
