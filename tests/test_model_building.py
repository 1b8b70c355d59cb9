"""Models built without validation (``trusted``, ``template`` + ``adopt``) are the models validation
builds: the same fields in field order, the same values, and refused when a field is wrong."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from pydantic import ValidationError

import jdlens
from jdlens.models import Evidence, Gap, Model, RequirementMatch

DATA = Path(__file__).parent / "data"

ROW = {
    "kind": "skill",
    "id": "pytorch",
    "name": "PyTorch",
    "category": "dl_framework",
    "requirement": "required",
    "priority": 0.9,
    "status": "partial",
    "how": "related",
    "credit": 0.5,
    "via": ("tensorflow",),
    "job_evidence": (Evidence(text="PyTorch", start=10, end=17, section="requirements"),),
    "resume_evidence": (),
    "note": "related: TensorFlow",
}


def _same(built: Model, validated: Model, *, fields_set: bool = True) -> None:
    assert built == validated
    assert list(built.__dict__) == list(type(built).model_fields)  # the JSON keys' order
    assert built.model_dump_json() == validated.model_dump_json()
    if fields_set:
        assert built.model_fields_set == validated.model_fields_set


def test_trusted_is_the_validated_model() -> None:
    _same(RequirementMatch.trusted(**ROW), RequirementMatch(**ROW))
    given = {k: ROW[k] for k in ("kind", "id", "name", "requirement", "priority", "status", "credit")}
    _same(RequirementMatch.trusted(**given), RequirementMatch(**given))  # defaults and factories filled


def test_trusted_refuses_a_missing_or_unknown_field() -> None:
    with pytest.raises(TypeError, match="required"):
        RequirementMatch.trusted(kind="skill", id="x")
    with pytest.raises(TypeError, match="no field"):
        RequirementMatch.trusted(**ROW, colour="blue")


def test_a_template_row_adopted_is_the_validated_model() -> None:
    posting = {
        k: ROW[k] for k in ("kind", "id", "name", "category", "requirement", "priority", "job_evidence")
    }
    template = RequirementMatch.template(**posting)
    assert list(template) == list(RequirementMatch.model_fields)
    row = template.copy()
    row.update({k: ROW[k] for k in ROW.keys() - posting.keys()})
    _same(RequirementMatch.adopt(row), RequirementMatch(**ROW))


def test_adopt_and_template_refuse_wrong_fields() -> None:
    with pytest.raises(TypeError, match="differ"):
        RequirementMatch.adopt({k: v for k, v in ROW.items() if k != "note"})
    with pytest.raises(TypeError, match="differ"):
        RequirementMatch.adopt({**{k: v for k, v in ROW.items() if k != "note"}, "notes": None})
    with pytest.raises(TypeError, match="no field"):
        RequirementMatch.template(colour="blue")


def test_every_row_and_gap_of_a_match_is_what_validation_builds() -> None:
    # Resume-Matcher's posting and resume (Apache-2.0, tests/data/README.md)
    result = jdlens.match(DATA / "resumes" / "harvey_dent_mle.pdf", DATA / "jobs" / "ml-eng.txt")
    assert result.requirements and result.missing
    built: list[Model] = [*result.requirements, *result.missing, *result.suggestions]
    for model in built:
        # validated again from its dump (every field is then set, so the set fields are not compared)
        _same(model, type(model).model_validate(model.model_dump()), fields_set=False)
    assert all(isinstance(g, Gap) for g in result.missing)


def test_adopt_all_is_adopt_and_refuses_what_adopt_refuses() -> None:
    posting = {
        k: ROW[k] for k in ("kind", "id", "name", "category", "requirement", "priority", "job_evidence")
    }
    template = RequirementMatch.template(**posting)
    rows = [template | {k: ROW[k] for k in ROW.keys() - posting.keys()} for _ in range(3)]
    built = RequirementMatch.adopt_all([r.copy() for r in rows])
    for model, row in zip(built, rows, strict=True):
        _same(model, RequirementMatch.adopt(row.copy()))
        _same(model, RequirementMatch(**ROW))
    assert RequirementMatch.adopt_all([]) == []
    with pytest.raises(TypeError, match="differ"):
        RequirementMatch.adopt_all([rows[0].copy(), {k: v for k, v in ROW.items() if k != "note"}])
    with pytest.raises(TypeError, match="out of order"):
        RequirementMatch.adopt_all([dict(reversed(rows[0].items()))])


def test_adopted_models_share_a_fields_set_nothing_changes() -> None:
    """Adopted rows share one fields set: a frozen model refuses assignment before pydantic would add
    to it, and ``model_copy`` (with an update too) copies it, so no row's set ever changes."""
    posting = {
        k: ROW[k] for k in ("kind", "id", "name", "category", "requirement", "priority", "job_evidence")
    }
    template = RequirementMatch.template(**posting)
    rest = {k: ROW[k] for k in ROW.keys() - posting.keys()}
    first, second = RequirementMatch.adopt_all([template | rest, template | rest])
    alone = RequirementMatch.adopt(template | rest)
    every = set(RequirementMatch.model_fields)
    assert first.model_fields_set is second.model_fields_set is alone.model_fields_set
    with pytest.raises(ValidationError):
        first.note = "changed"  # type: ignore[misc]
    copied = first.model_copy(update={"note": "changed"})
    assert copied.note == "changed" and copied.model_fields_set is not first.model_fields_set
    assert first.model_fields_set == every and first.note == ROW["note"]
    assert pickle.loads(pickle.dumps(first)) == first
