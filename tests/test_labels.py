"""Display words have one home (data/labels.yaml) and cover exactly the values the library computes."""

from __future__ import annotations

import typing

import pytest

from jdlens import labels, models
from jdlens.datafiles import load_yaml
from jdlens.models import Education, Experience, Location, Salary
from jdlens.taxonomy import load_taxonomy

LITERALS = {
    "roles": models.RoleCategory,
    "levels": models.Level,
    "degrees": models.Degree,
    "requirements": models.Requirement,
    "periods": models.Period,
    "remote": models.Remote,
}


@pytest.mark.parametrize("key", sorted(LITERALS))
def test_every_value_of_a_literal_has_a_label_and_no_label_is_stale(key: str) -> None:
    assert set(getattr(labels.labels(), key)) == set(typing.get_args(LITERALS[key]))


def test_roles_are_the_classifiers_roles() -> None:
    roles_file = load_yaml("jdlens.taxonomy.data", "roles.yaml")
    assert set(roles_file["roles"]) | {"other"} == set(labels.labels().roles)


def test_every_taxonomy_category_has_a_label() -> None:
    used = {s.category for s in load_taxonomy().skills}
    assert used <= set(labels.labels().categories)


def test_phrases() -> None:
    assert labels.years_text(Experience(min_years=5)) == "5+ years"
    assert labels.years_text(Experience(min_years=3, max_years=5)) == "3–5 years"
    assert labels.years_text(Experience(max_years=2)) == "up to 2 years"
    assert labels.years_text(Experience()) == "not stated"
    pay = Salary(min=150000, max=190000, currency="USD", period="year")
    assert labels.salary_text(pay) == "$150,000 – $190,000 per year"
    assert labels.salary_text(Salary(min=40, max=40, currency="CHF", period="hour")) == "40 CHF per hour"
    edu = Education(min_degree="bachelor", preferred_degree="master", fields=["Computer Science"])
    assert labels.degree_text(edu) == "Bachelor's required, Master's preferred in Computer Science"
    assert labels.degree_text(Education(min_degree="none")) == "none required"
    loc = Location(city="Austin", state="TX", country="United States", remote="hybrid")
    assert labels.location_text(loc) == "Austin, TX, United States · Hybrid"
    assert labels.role_label("ml_infrastructure") == "ML infrastructure / MLOps engineer"
