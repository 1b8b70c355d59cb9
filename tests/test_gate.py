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
