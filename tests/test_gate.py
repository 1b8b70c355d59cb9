"""The literal pre-check in front of keyword regexes must never change what the regex finds."""

from __future__ import annotations

import re
import sys

import pytest

from jdlens.text.gate import GatedPattern, gate_text, literal_gate


@pytest.mark.parametrize(
    ("pattern", "gate"),
    [
        (r"\b(?:publish(?:ing|ed)?|publications?|neurips)\b", ("publish", "publication", "neurips")),
        (r"\bintern(?:s)? (?:will|program)\b|\bcurrently enrolled\b", ("intern", "currently enrolled")),
        (r"\b(?:deploy|deploying)\b\s+models?", ("deploy", "deploying")),
        (r"(?:within (?:the first )?\d+ days|\d+[- ]day plan)", None),  # one alternative starts with a digit
        (r"\b(?:go)\b", None),  # too short to be worth a gate
        (
            r"(?<!software )(?<!qa )\bengineering manager",
            ("engineering manager",),
        ),  # look-behinds consume nothing
        (r"(?<![\w(])foo", None),  # a look-behind with a class is not read
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


def test_gate_text_refuses_every_character_ignorecase_reads_as_an_ascii_letter() -> None:
    """The characters ``gate_text`` refuses are exactly the non-ASCII ones that ``re.IGNORECASE`` matches
    with an ASCII letter (or digit or "_"): a gate word found in the lower-cased text is then the only
    place a case-insensitive match can start."""
    letter = re.compile(r"(?i)[a-z0-9_]")
    reads_ascii = [chr(c) for c in range(128, sys.maxunicode + 1) if letter.fullmatch(chr(c))]
    assert reads_ascii
    for char in reads_ascii:
        assert gate_text(f"x{char}y") is None, hex(ord(char))
    assert gate_text("Ünïcode • Zürich") == "ünïcode • zürich"


@pytest.mark.parametrize(
    "pattern",
    [
        r"(?i)\b(?:deploy(?:ed|ing|ment|s)?|in production|real[- ]time|endpoints?)\b",
        r"(?i)\b(?:jupyter|notebooks?|colab|kaggle)\b",
        r"\bDeploy",
    ],
)
@pytest.mark.parametrize(
    "text",
    [
        "DEPLOYED to production; Real-Time serving",
        "• Ran Jupyter NOTEBOOKS on Kaggle",
        "Deploy • Zürich",
        "re-deployed; undeployable",
        "deſployed",
        "DEPLOYİNG",
        "nothing here",
        "",
    ],
)
def test_search_text_equals_the_plain_search_in_any_case(pattern: str, text: str) -> None:
    gated = GatedPattern(pattern)
    found, plain = gated.search_text(text), re.search(pattern, text)
    assert (found and found.span()) == (plain and plain.span())
