"""The literal pre-check in front of keyword regexes must never change what the regex finds."""

from __future__ import annotations

import re

import pytest

from jdlens.text.gate import GatedPattern, literal_gate


@pytest.mark.parametrize(
    ("pattern", "gate"),
    [
        (r"\b(?:publish(?:ing|ed)?|publications?|neurips)\b", ("publish", "publication", "neurips")),
        (r"\bintern(?:s)? (?:will|program)\b|\bcurrently enrolled\b", ("intern", "currently enrolled")),
        (r"\b(?:deploy|deploying)\b\s+models?", ("deploy", "deploying")),
        (r"(?:within (?:the first )?\d+ days|\d+[- ]day plan)", None),  # one alternative starts with a digit
        (r"\b(?:go)\b", None),  # too short to be worth a gate
    ],
)
def test_literal_gate(pattern: str, gate: tuple[str, ...] | None) -> None:
    assert literal_gate(pattern) == gate


@pytest.mark.parametrize(
    "pattern",
    [r"\b(?:publish(?:ing|ed)?|publications?|neurips)\b", r"\b(?:deploy|deploying)\b\s+models?", r"colou?r"],
)
@pytest.mark.parametrize(
    "text",
    [
        "we publish papers",
        "publications at neurips",
        "deploying models",
        "no match here",
        "the colour red",
        "",
    ],
)
def test_gated_search_equals_plain_search(pattern: str, text: str) -> None:
    gated, plain = GatedPattern(pattern).search(text), re.search(pattern, text)
    assert (gated and gated.span()) == (plain and plain.span())


@pytest.mark.parametrize(
    "pattern",
    [
        r"\b(?:publish(?:ing|ed)?|publications?|neurips)\b",
        r"\b(?:deploy(?:ing|ment|ed)?\b|ship(?:ping)? models|serving)",
        r"\b(?:within (?:the first )?\d+ (?:days|weeks)|first \d+ days|fast[- ]paced)",
    ],
)
@pytest.mark.parametrize(
    "text",
    [
        "we publish papers; published at neurips, unpublished work and republishing",
        "deploying models, deployment, shipping models and serving; redeploy and preserving",
        "within 30 days, within the first 90 weeks; first 10 days in a fast-paced, fast paced team",
        "publishpublishing neuripsneurips",
        "",
    ],
)
def test_gated_matches_are_the_plain_matches(pattern: str, text: str) -> None:
    """Tried only where a leading word occurs, the pattern finds what the regex finds everywhere."""
    gated = GatedPattern(pattern)
    assert gated.gate is not None
    found = gated.search(text)
    plain = re.search(pattern, text)
    assert (found and found.span()) == (plain and plain.span())
    assert [m.span() for m in gated.finditer(text)] == [m.span() for m in re.finditer(pattern, text)]
