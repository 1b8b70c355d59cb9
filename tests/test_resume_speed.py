"""The cheaper ways of reading a resume give the answers of the plain ones (issue 9: reading speed)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jdlens.matching.explain import _ING_TO_ED, WEAK_VERBS, _weak_verb
from jdlens.resume import checks
from jdlens.resume.checks import quantified

STATEMENT = st.lists(
    st.sampled_from(
        [*"ab .,$€%x5 0 9", "2019", "p95", "$ 5", "£12k", "3.5", "10x", "ms", "million", "Helped", "Was "]
        + ["involved in ", "Responsible for building ", "Utilized ", "Worked on ", "in charge of", " "]
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
