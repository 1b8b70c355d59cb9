"""Load and validate the skill taxonomy (``importlib.resources``; cached; no network)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pydantic import ValidationError

from jdlens.datafiles import parse_yaml, read_file, read_text
from jdlens.diskcache import cached, module_source
from jdlens.errors import DataFileError, TaxonomyError
from jdlens.taxonomy import schema
from jdlens.taxonomy.schema import (
    ID_RE,
    MLOPS_SUBCATEGORIES,
    RelatedFile,
    SkillEntry,
    TaxonomyFile,
)

DATA_PACKAGE = "jdlens.taxonomy.data"
SKILLS_FILE = "skills.yaml"
RELATED_FILE = "related.yaml"


@dataclass(frozen=True)
class Taxonomy:
    version: str
    skills: tuple[SkillEntry, ...]
    by_id: dict[str, SkillEntry] = field(repr=False)

    def closure(self, skill_id: str) -> set[str]:
        """Every id ``skill_id`` implies, transitively (not including itself)."""
        seen: set[str] = set()
        stack = list(self.by_id[skill_id].implies)
        while stack:
            nxt = stack.pop()
            if nxt not in seen:
                seen.add(nxt)
                stack.extend(self.by_id[nxt].implies)
        seen.discard(skill_id)
        return seen

    def category_name(self, category: str) -> str:
        return schema.CATEGORIES.get(category, category)


def read_raw(path: Path | None = None) -> str:
    return read_file(path) if path is not None else read_text(DATA_PACKAGE, SKILLS_FILE)


def _line_of_skill(raw: str) -> dict[int, int]:
    """Map the n-th skill entry to its 1-based line number in the YAML text."""
    lines: dict[int, int] = {}
    n = 0
    for number, line in enumerate(raw.splitlines(), start=1):
        if line.lstrip().startswith("- id:"):
            lines[n] = number
            n += 1
    return lines


def _schema_problems(err: ValidationError, where: dict[int, int], filename: str) -> list[str]:
    problems = []
    for e in err.errors():
        loc = e["loc"]
        prefix = filename
        if len(loc) >= 2 and loc[0] == "skills" and isinstance(loc[1], int):
            prefix = f"{filename}:{where.get(loc[1], '?')} skills[{loc[1]}]"
            loc = loc[2:]
        path = ".".join(str(p) for p in loc)
        problems.append(f"{prefix} {path}: {e['msg']}")
    return problems


def surface_key(alias: str) -> str:
    """How the matcher reads an alias: case-folded, '-' and '_' as spaces, runs of spaces as one."""
    return " ".join(alias.casefold().replace("-", " ").replace("_", " ").split())


def _entry_problems(s: SkillEntry, at: str) -> list[str]:
    problems = []
    if not ID_RE.match(s.id):
        problems.append(
            f"{at} id: use lowercase letters, digits and '_' only, starting with a letter or digit"
        )
    if s.category not in schema.CATEGORIES:
        problems.append(f"{at} category: unknown {s.category!r}")
    if s.category == "mlops" and not s.subcategory:
        problems.append(f"{at} subcategory: required for mlops, one of {', '.join(MLOPS_SUBCATEGORIES)}")
    if s.subcategory and s.category == "mlops" and s.subcategory not in MLOPS_SUBCATEGORIES:
        problems.append(f"{at} subcategory: unknown {s.subcategory!r}")
    all_aliases = [s.name, *s.aliases, *s.cs_aliases]
    for amb in s.ambiguous:
        if amb not in all_aliases:
            problems.append(f"{at} ambiguous: {amb!r} is not one of the skill's names or aliases")
    return problems


def _alias_problems(s: SkillEntry, at: str, ci: dict[str, str], cs: dict[str, str]) -> list[str]:
    """An alias (as the matcher reads it) must belong to one skill only."""
    problems = []
    for alias in [a for a in (s.name, *s.aliases) if a not in s.cs_aliases]:
        owner = ci.setdefault(surface_key(alias), s.id)
        if owner != s.id:
            problems.append(f"{at} aliases: {alias!r} already names {owner!r}")
    for alias in s.cs_aliases:
        owner = cs.setdefault(alias, s.id)
        if owner != s.id:
            problems.append(f"{at} cs_aliases: {alias!r} already names {owner!r}")
    return problems


def _semantic_problems(data: TaxonomyFile, where: dict[int, int], filename: str) -> list[str]:
    problems: list[str] = []
    ids: dict[str, int] = {}
    ci: dict[str, str] = {}
    cs: dict[str, str] = {}
    for i, s in enumerate(data.skills):
        at = f"{filename}:{where.get(i, '?')} skills[{i}] ({s.id})"
        problems.extend(_entry_problems(s, at))
        if s.id in ids:
            problems.append(f"{at} id: duplicate of skills[{ids[s.id]}]")
        ids.setdefault(s.id, i)
        problems.extend(_alias_problems(s, at, ci, cs))
    for i, s in enumerate(data.skills):
        at = f"{filename}:{where.get(i, '?')} skills[{i}] ({s.id})"
        for target in s.implies:
            if target not in ids:
                problems.append(f"{at} implies: unknown id {target!r}")
            elif target == s.id:
                problems.append(f"{at} implies: implies itself")
    problems.extend(_cycles(data, ids, where, filename))
    return problems


def _cycles(data: TaxonomyFile, ids: dict[str, int], where: dict[int, int], filename: str) -> list[str]:
    graph: dict[str, list[str]] = {}
    for s in data.skills:  # a duplicated id keeps the implications of every entry
        graph.setdefault(s.id, []).extend(t for t in s.implies if t in ids)
    state: dict[str, int] = {}
    problems: list[str] = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in graph[node]:
            if state.get(nxt) == 1:
                i = ids[node]
                cycle = (
                    " -> ".join([*trail[trail.index(nxt) :], node, nxt])
                    if nxt in trail
                    else f"{node} -> {nxt}"
                )
                problems.append(f"{filename}:{where.get(i, '?')} skills[{i}] ({node}) implies: cycle {cycle}")
            elif state.get(nxt) is None:
                visit(nxt, [*trail, node])
        state[node] = 2

    for node in graph:
        if node not in state:
            visit(node, [])
    return problems


def _parse(path: Path | None, raw: str | None = None) -> tuple[TaxonomyFile | None, list[str]]:
    """The parsed file, or None and every problem with its location."""
    filename = str(path) if path else f"{DATA_PACKAGE}/{SKILLS_FILE}"
    try:
        raw = read_raw(path) if raw is None else raw
        doc = parse_yaml(raw, filename)
    except DataFileError as exc:
        return None, [f"{filename}: {exc.params['reason']}"]
    where = _line_of_skill(raw)
    try:
        data = TaxonomyFile.model_validate(doc)
    except ValidationError as exc:
        return None, _schema_problems(exc, where, filename)
    problems = _semantic_problems(data, where, filename)
    return (None if problems else data), problems


def validate_taxonomy(path: Path | None = None) -> list[str]:
    """Every problem in the taxonomy file, each with its location; empty when valid."""
    return _parse(path)[1]


def _build(data: TaxonomyFile) -> Taxonomy:
    return Taxonomy(version=data.version, skills=tuple(data.skills), by_id={s.id: s for s in data.skills})


def _validated(path: Path | None, raw: str | None = None) -> Taxonomy:
    data, problems = _parse(path, raw)
    if data is None:
        raise TaxonomyError(problems)
    return _build(data)


def compiled_parts(raw: str) -> list[str | bytes]:
    """What a compiled taxonomy is built from: the data file and the modules that define its shape."""
    return [raw, module_source(__file__), module_source(schema.__file__)]


@lru_cache(maxsize=4)
def load_taxonomy(path: Path | None = None) -> Taxonomy:
    """The validated taxonomy (parsed and checked once); raises TaxonomyError listing every problem.

    The package's own taxonomy is validated once per version and then read from the on-disk cache
    (``jdlens.diskcache``); a file given by ``path`` is always parsed and validated.
    """
    if path is not None:
        return _validated(path)
    try:
        raw = read_raw()
    except OSError as exc:
        raise TaxonomyError([f"{DATA_PACKAGE}/{SKILLS_FILE}: cannot read: {exc}"]) from exc
    return cached("taxonomy", compiled_parts(raw), lambda: _validated(None, raw), Taxonomy)


@dataclass(frozen=True)
class Related:
    """Declared neighbours (``data/related.yaml``): the only pairs that earn related-skill credit."""

    version: str
    neighbours: dict[str, frozenset[str]] = field(repr=False)

    def of(self, skill_id: str) -> frozenset[str]:
        return self.neighbours.get(skill_id, frozenset())


def _related_problems(data: RelatedFile, taxonomy: Taxonomy, filename: str) -> list[str]:
    problems = []
    for i, group in enumerate(data.groups):
        for member in group.members:
            if member not in taxonomy.by_id:
                problems.append(f"{filename} groups[{i}] ({group.name}): unknown skill id {member!r}")
        if len(set(group.members)) != len(group.members):
            problems.append(f"{filename} groups[{i}] ({group.name}): a member is listed twice")
    return problems


@lru_cache(maxsize=4)
def load_related(path: Path | None = None) -> Related:
    """The validated related-skill groups; raises TaxonomyError listing every problem."""
    filename = str(path) if path else f"{DATA_PACKAGE}/{RELATED_FILE}"
    try:
        raw = read_file(path) if path is not None else read_text(DATA_PACKAGE, RELATED_FILE)
        data = RelatedFile.model_validate(parse_yaml(raw, filename))
    except DataFileError as exc:
        raise TaxonomyError([f"{filename}: {exc.params['reason']}"]) from exc
    except ValidationError as exc:
        raise TaxonomyError([f"{filename}: {exc}"]) from exc
    problems = _related_problems(data, load_taxonomy(), filename)
    if problems:
        raise TaxonomyError(problems)
    out: dict[str, set[str]] = {}
    for group in data.groups:
        for member in group.members:
            out.setdefault(member, set()).update(m for m in group.members if m != member)
    return Related(version=data.version, neighbours={k: frozenset(v) for k, v in out.items()})
