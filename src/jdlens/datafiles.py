"""One loader for the package's data files: read through ``importlib.resources``, parsed once with
libyaml when it is present, validated against a pydantic model where one is given, and cached: in
memory, and on disk as a pickle keyed on the file's text (``jdlens.diskcache``), so that a start
after the first reads no YAML and does not import the parser.

A file that is missing, is not valid YAML or does not fit its model raises ``DataFileError``
(JDL011), naming the file. Loaded values are shared: callers must not mutate them.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError

from jdlens.diskcache import cached
from jdlens.errors import DataFileError

if TYPE_CHECKING:
    import yaml

M = TypeVar("M", bound=BaseModel)


def read_text(package: str, name: str) -> str:
    """The text of data file ``name`` in ``package`` (e.g. ``"jdlens.data"``, ``"labels.yaml"``)."""
    try:
        return resources.files(package).joinpath(name).read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError, UnicodeDecodeError) as exc:
        raise DataFileError(name=f"{package}:{name}", reason=type(exc).__name__) from exc


def read_file(path: Path) -> str:
    """The text of a data file given by path (a user's override of a packaged file)."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(name=str(path), reason=f"cannot read: {type(exc).__name__}") from exc


def yaml_problem(exc: yaml.YAMLError) -> str:
    """A YAML error in one line, with the line it was found at."""
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return f"YAML error at line {mark.line + 1}: {problem}" if mark is not None else f"YAML error: {problem}"


def parse_yaml(text: str, where: str) -> Any:
    """Parse YAML text; ``where`` names it in the error."""
    import yaml  # only when a text is parsed: a start with a filled cache needs no parser

    try:
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise DataFileError(name=where, reason=yaml_problem(exc)) from exc


@cache
def load_yaml(package: str, name: str) -> Any:
    """The parsed content of a YAML data file (cached in memory and on disk, keyed on its text)."""
    text, where = read_text(package, name), f"{package}:{name}"
    return cached(f"data-{package}-{name}", [text], lambda: parse_yaml(text, where), object)


@cache
def load_model(package: str, name: str, model: type[M]) -> M:
    """A YAML data file validated against ``model`` (cached)."""
    try:
        return model.model_validate(load_yaml(package, name))
    except ValidationError as exc:
        first = exc.errors()[0]
        at = ".".join(str(p) for p in first["loc"])
        raise DataFileError(name=f"{package}:{name}", reason=f"{at}: {first['msg']}") from exc
