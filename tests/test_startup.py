"""Start-up: what ``import jdlens`` and a first analysis load, and the compiled-taxonomy cache."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from jdlens import diskcache as compiled
from jdlens.extract.skills import SkillMatcher, get_matcher
from jdlens.taxonomy.loader import Taxonomy, load_taxonomy

# Never needed to analyse a plain-text posting.
HEAVY = (
    "pyspark",
    "duckdb",
    "pandas",
    "pyarrow",
    "matplotlib",
    "pypdfium2",
    "fastapi",
    "jinja2",
    "typer",
    "jdlens.market",
    "jdlens.web",
    "jdlens.cli",
    "jdlens.matching",
    # readers of other formats and the ISO tables: a plain-text posting in Austin, TX needs none
    "lxml",
    "charset_normalizer",
    "pycountry",
)

PROBE = """
import json, sys
import jdlens
before = sorted(sys.modules)
result = jdlens.analyze("Senior ML Engineer in Austin, TX. Requirements: 5+ years of Python and PyTorch.")
print(json.dumps({"before": before, "after": sorted(sys.modules), "skills": [s.id for s in result.skills]}))
"""


def _probe(cache_home: Path) -> dict[str, list[str]]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home)}
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def _loaded(modules: list[str], prefix: str) -> bool:
    return any(m == prefix or m.startswith(prefix + ".") for m in modules)


def test_import_and_first_analysis_load_no_heavy_module(tmp_path: Path) -> None:
    probe = _probe(tmp_path)
    assert not _loaded(probe["before"], "jdlens.models"), "import jdlens alone builds no model"
    assert [m for m in HEAVY if _loaded(probe["after"], m)] == []
    assert {"python", "pytorch"} <= set(probe["skills"])


def test_a_second_start_reads_the_compiled_taxonomy_and_finds_the_same(tmp_path: Path) -> None:
    first = _probe(tmp_path)
    names = sorted(p.name.rsplit("-", 1)[0] for p in (tmp_path / "jdlens").glob("*.pickle"))
    assert [n for n in names if not n.startswith("data-")] == [
        "category-sets",
        "regex-programs",
        "skill-matcher",
        "taxonomy",
    ]
    assert "data-jdlens.text.data-headings.yaml" in names  # the parsed data files too
    again = _probe(tmp_path)
    assert again["skills"] == first["skills"]
    assert _loaded(first["after"], "yaml") and not _loaded(again["after"], "yaml"), "no YAML parsed again"
    # every model of the analysis is built without validation, and the data files come from the
    # cache: no pydantic validator is built, so pydantic never scans installed packages for plugins
    assert not _loaded(again["after"], "importlib.metadata")
    assert not _loaded(again["after"], "pydantic.plugin._loader")


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "jdlens"


def test_cached_builds_once_and_reads_back(cache_home: Path) -> None:
    calls: list[int] = []

    def build() -> Taxonomy:
        calls.append(1)
        return load_taxonomy()

    first = compiled.cached("probe", ["v1"], build, Taxonomy)
    again = compiled.cached("probe", ["v1"], build, Taxonomy)
    assert len(calls) == 1 and again.version == first.version and again is not first


def test_a_changed_input_is_never_read_from_the_old_file(cache_home: Path) -> None:
    compiled.cached("probe", ["v1"], lambda: "old", str)
    assert compiled.cached("probe", ["v2"], lambda: "new", str) == "new"


@pytest.mark.parametrize("damage", [b"", b"not a pickle", pickle.dumps(("another key", "stale"))])
def test_a_damaged_or_foreign_file_is_rebuilt(cache_home: Path, damage: bytes) -> None:
    compiled.cached("probe", ["v1"], lambda: "first", str)
    (path,) = cache_home.glob("probe-*.pickle")
    path.write_bytes(damage)
    assert compiled.cached("probe", ["v1"], lambda: "rebuilt", str) == "rebuilt"
    assert compiled.cached("probe", ["v1"], lambda: "again", str) == "rebuilt"


def test_an_unwritable_cache_directory_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert compiled.cached("probe", ["v1"], lambda: "built", str) == "built"


def test_older_versions_are_pruned(cache_home: Path) -> None:
    for version in range(compiled.KEEP + 3):
        compiled.cached("probe", [str(version)], lambda: "x", str)
    assert len(list(cache_home.glob("probe-*.pickle"))) == compiled.KEEP


def test_the_pickled_matcher_finds_what_a_fresh_one_finds() -> None:
    text = "Requirements: Python, R and Go; experience with Spark and Azure ML. Nice to have: C++ and C#."
    restored = pickle.loads(pickle.dumps(get_matcher()))
    assert isinstance(restored, SkillMatcher) and restored.taxonomy is load_taxonomy()
    assert restored.find(text) == SkillMatcher(load_taxonomy()).find(text)
