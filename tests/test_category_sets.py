"""The named category and role sets live in one data file; code names a set, never lists its members."""

from __future__ import annotations

import ast
import typing
from pathlib import Path

import pytest

from jdlens import models
from jdlens.errors import DataFileError
from jdlens.labels import labels
from jdlens.taxonomy import category_sets
from jdlens.taxonomy.category_sets import category_list, category_set, role_set

SRC = Path(category_sets.__file__).resolve().parents[1]


def test_every_set_names_known_categories_and_roles() -> None:
    data = category_sets._sets()
    assert data.categories and data.roles
    known = set(labels().categories)
    roles = set(typing.get_args(models.RoleCategory))
    for name in data.categories:
        assert category_set(name) <= known, name
        assert len(category_list(name)) == len(category_set(name)), f"{name} lists a category twice"
    for name in data.roles:
        assert role_set(name) <= roles, name


def test_an_unknown_set_is_a_coded_data_file_error() -> None:
    with pytest.raises(DataFileError) as info:
        category_set("no such set")
    assert info.value.code == "JDL011"


def _literal_strings(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Set | ast.Tuple | ast.List):
        return [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
    return []


def _literals_naming(known: set[str], at_least: int, skip: frozenset[str] = frozenset()) -> list[str]:
    """Every set, tuple or list literal in the package naming ``at_least`` members of ``known``."""
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        where = str(path.relative_to(SRC))
        if where in skip:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            named = [s for s in _literal_strings(node) if s in known]
            if len(named) >= at_least:
                offenders.append(f"{where}:{getattr(node, 'lineno', 0)} {named[:4]}")
    return offenders


def test_no_module_spells_out_a_set_of_categories() -> None:
    """A literal naming two or more skill categories is a copy of a set that belongs in the data file."""
    known = set(labels().categories) - set(typing.get_args(models.RoleCategory))
    offenders = _literals_naming(known, 2)
    assert not offenders, "category sets written in code:\n" + "\n".join(offenders)


def test_no_module_spells_out_a_set_of_roles() -> None:
    """Role sets (three or more role ids together) belong in the data file too; pairs in rules are fine."""
    roles = set(typing.get_args(models.RoleCategory))
    offenders = _literals_naming(roles, 3, skip=frozenset({"models.py"}))  # models.py: the Literal itself
    assert not offenders, "role sets written in code:\n" + "\n".join(offenders)
