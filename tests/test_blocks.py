"""How a line begins (extract/blocks.py, extract/data/needs.yaml `qualification_openers`): the shapes of the
qualification lines of google_careers_2018's Minimum and Preferred fields (ordinary wording, written
here), against the duties of its Responsibilities field; and what the layout makes of whole lists."""

from __future__ import annotations

import pytest

import jdlens
from jdlens.extract.blocks import qualification_line


@pytest.mark.parametrize(
    "line",
    [
        "1-year of experience in process and project management.",  # a hyphenated number of years
        "Project management experience.",  # a noun phrase headed by experience, skills, knowledge ...
        "C and C++ programming experience.",
        "HTML5, CSS3, and JavaScript development experience.",
        "Analytical skills and problem-solving abilities.",
        "Interpersonal and organizational skills, with the ability to navigate ambiguity.",
        "CPA certification.",
        "Creative thinker with strong problem solving skills.",  # the candidate described as a person
        "Team player who can work with people from many backgrounds.",
        "Multilingual speaker with 2 years of experience in NLP research.",
        "Passionate about developer tools.",
        "Willingness to travel 25% of the time.",
        "Authorization to work in the United States.",
        "Be currently enrolled in a BA/BS program.",
        "Returning to education on a full-time basis upon completing the internship.",
    ],
)
def test_qualification_lines(line: str) -> None:
    assert qualification_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "Design and build data pipelines for the ads team.",
        "Work with product teams to build knowledge bases.",
        "Improve the customer experience.",  # the head noun after a determiner: a duty's object
        "Lead user experience design for mobile.",  # "experience" inside a longer noun
        "Partner with sales leaders on quarterly plans.",
    ],
)
def test_duty_lines(line: str) -> None:
    assert not qualification_line(line)


def _requirements(*blocks: str) -> dict[str, str]:
    return {s.name: s.requirement for s in jdlens.analyze("\n\n".join(blocks)).skills}


def test_a_minimum_list_of_noun_phrases_keeps_the_next_list_preferred() -> None:
    req = _requirements(
        "Build services for our stores.\nWork with product teams on dashboards.",
        "BA/BS degree or equivalent practical experience.\n1-year of experience in project management.\n"
        "C and C++ programming experience.",
        "MS degree in Computer Science.\nExperience with Kubernetes.\nCreative thinker with Python skills.",
    )
    assert req["C++"] == "required" and req["project management"] == "required"
    assert req["Kubernetes"] == "preferred" and req["Python"] == "preferred"


def test_a_one_line_list_after_a_qualification_list_is_preferred() -> None:
    req = _requirements(
        "Build services for our stores.",
        "BS degree in Computer Science.\n3 years of experience with Python.",
        "Experience with Kubernetes.",
    )
    assert req["Python"] == "required" and req["Kubernetes"] == "preferred"
