"""Named sets of skill categories and roles (``data/category_sets.yaml``): the one home for the groups
that red flags, role fit, resume checks and report sections read."""

from __future__ import annotations

import typing
from functools import cache

from pydantic import BaseModel, ConfigDict

from jdlens.datafiles import load_model, read_text
from jdlens.diskcache import cached, module_source
from jdlens.errors import DataFileError
from jdlens.labels import labels
from jdlens.models import RoleCategory

DATA_PACKAGE = "jdlens.taxonomy.data"
SETS_FILE = "category_sets.yaml"


class CategorySetsFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    version: str
    categories: dict[str, tuple[str, ...]]
    roles: dict[str, tuple[str, ...]]


@cache
def _sets() -> CategorySetsFile:
    """The sets, validated once per version of the file (and of the labels it is checked against)
    and then read from the on-disk cache (``jdlens.diskcache``): an analysis reads them
    without building a validator."""
    parts: list[str | bytes] = [
        read_text(DATA_PACKAGE, SETS_FILE),
        read_text("jdlens.data", "labels.yaml"),
        module_source(__file__),
    ]
    return cached("category-sets", parts, _validated, CategorySetsFile)


def _validated() -> CategorySetsFile:
    data = load_model(DATA_PACKAGE, SETS_FILE, CategorySetsFile)
    known_categories = set(labels().categories)
    known_roles = set(typing.get_args(RoleCategory))
    for name, members in data.categories.items():
        unknown = sorted(set(members) - known_categories)
        if unknown:
            raise DataFileError(
                name=f"{DATA_PACKAGE}:{SETS_FILE}", reason=f"categories.{name}: unknown {unknown}"
            )
    for name, members in data.roles.items():
        unknown = sorted(set(members) - known_roles)
        if unknown:
            raise DataFileError(name=f"{DATA_PACKAGE}:{SETS_FILE}", reason=f"roles.{name}: unknown {unknown}")
    return data


def _member(table: dict[str, tuple[str, ...]], kind: str, name: str) -> tuple[str, ...]:
    try:
        return table[name]
    except KeyError:
        raise DataFileError(name=f"{DATA_PACKAGE}:{SETS_FILE}", reason=f"no {kind} set {name!r}") from None


@cache
def category_list(name: str) -> tuple[str, ...]:
    """The skill categories of set ``name``, in the file's order."""
    return _member(_sets().categories, "category", name)


@cache
def category_set(name: str) -> frozenset[str]:
    """The skill categories of set ``name``."""
    return frozenset(category_list(name))


@cache
def role_set(name: str) -> frozenset[str]:
    """The role ids of set ``name``."""
    return frozenset(_member(_sets().roles, "role", name))
