"""The public Python API names the real input types at its doors and says what each door raises."""

from __future__ import annotations

import typing

import pytest

import jdlens
from jdlens import api

DOORS = ["advise", "analyze", "match", "rank_jobs", "rank_resumes", "read_resume", "ingest", "report"]


def test_the_facade_only_re_exports() -> None:
    for name in api.__all__:
        assert (
            getattr(api, name).__module__.startswith("jdlens.")
            and getattr(api, name).__module__ != "jdlens.api"
        )
        assert getattr(jdlens, name) is getattr(api, name)


@pytest.mark.parametrize("name", DOORS)
def test_a_door_is_typed_without_any(name: str) -> None:
    function = getattr(jdlens, name)
    hints = typing.get_type_hints(function)
    assert "return" in hints
    inputs = {k: v for k, v in hints.items() if k not in ("return", "filters")}
    assert inputs, name
    for param, hint in inputs.items():
        assert hint is not typing.Any and "typing.Any" not in str(hint), f"{name}({param}: Any)"


@pytest.mark.parametrize("name", DOORS)
def test_a_door_says_what_it_raises(name: str) -> None:
    doc = getattr(jdlens, name).__doc__ or ""
    assert "Raises" in doc or "raises" in doc, f"{name} does not say what it raises"
    assert "JDL0" in doc


def test_help_of_match_reads_well() -> None:
    import pydoc

    text = pydoc.render_doc(jdlens.match, renderer=pydoc.plaintext)
    assert "resume" in text and "JobAnalysis" in text and "ResumeError" in text
