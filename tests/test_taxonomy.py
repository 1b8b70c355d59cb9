"""The bundled skill taxonomy: coverage, the core canonical names, implications, and the validator."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import SHARED
from jdlens.taxonomy import load_taxonomy, validate_taxonomy
from jdlens.taxonomy.loader import Taxonomy, surface_key
from jdlens.taxonomy.schema import BUCKETS, CATEGORIES, MLOPS_SUBCATEGORIES

ROOT = Path(__file__).resolve().parents[1]
CORE_SKILLS = SHARED / "eval" / "core_skills.txt"


@pytest.fixture(scope="module")
def tax() -> Taxonomy:
    return load_taxonomy()


def _owners(tax: Taxonomy) -> tuple[dict[str, str], dict[str, str]]:
    """Alias -> skill id, as the matcher reads them (case-insensitive and case-sensitive)."""
    ci: dict[str, str] = {}
    cs: dict[str, str] = {}
    for s in tax.skills:
        for alias in (s.name, *s.aliases):
            if alias not in s.cs_aliases:
                ci[surface_key(alias)] = s.id
        for alias in s.cs_aliases:
            cs[alias] = s.id
    return ci, cs


def _core_entries() -> list[tuple[str, list[str]]]:
    if not CORE_SKILLS.exists():
        pytest.skip("../shared/eval/core_skills.txt is not beside the repository")
    entries = []
    for line in CORE_SKILLS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, aliases = line.partition("|")
            entries.append((name.strip(), [a.strip() for a in aliases.split(",") if a.strip()]))
    return entries


def test_bundled_file_is_valid_and_large(tax: Taxonomy) -> None:
    assert validate_taxonomy() == []
    assert len(tax.skills) >= 600
    assert re.fullmatch(r"\d{4}\.\d+\.\d+", tax.version)


def test_header_names_license_and_seed_sources() -> None:
    raw = yaml.safe_load((ROOT / "src/jdlens/taxonomy/data/skills.yaml").read_text(encoding="utf-8"))
    assert raw["license"] == "Apache-2.0"
    names = " ".join(s["name"] for s in raw["sources"])
    for seed in ("seed 000", "seed 002", "seed 003", "seed 004", "core_skills.txt"):
        assert seed in names


def test_every_category_and_mlops_subcategory_is_used(tax: Taxonomy) -> None:
    used = {s.category for s in tax.skills}
    assert used == set(CATEGORIES)
    mlops = [s for s in tax.skills if s.category == "mlops"]
    assert all(s.subcategory in MLOPS_SUBCATEGORIES for s in mlops)
    assert {s.subcategory for s in mlops} == set(MLOPS_SUBCATEGORIES)


def test_buckets_come_from_the_seeds(tax: Taxonomy) -> None:
    bucketed = [s for s in tax.skills if s.bucket]
    assert {s.bucket for s in bucketed} == set(BUCKETS)
    assert all(s.source and s.source.startswith("seed 00") for s in bucketed)
    by_id = tax.by_id
    assert by_id["python"].bucket == "must_have"
    assert by_id["docker"].bucket == "common_rarely_tested"
    assert by_id["rag"].bucket == "increasingly_common"
    assert by_id["recommendation_systems"].bucket == "seniority_signal"


def test_core_canonical_names_exist_with_their_aliases(tax: Taxonomy) -> None:
    entries = _core_entries()
    assert len(entries) >= 130
    by_name = {s.name: s for s in tax.skills}
    ci, cs = _owners(tax)
    shared = _aliases_listed_twice(entries)
    for name, aliases in entries:
        assert name in by_name, f"core skill {name!r} missing"
        skill_id = by_name[name].id
        for alias in aliases:
            if alias in shared:
                continue
            assert _owner(alias, ci, cs) == skill_id, f"{alias!r} should name {name!r}"
    for alias, names in shared.items():  # "c/c++": matched as C and C++ separately
        parts = {_owner(p, ci, cs) for p in alias.split("/")}
        assert parts == {by_name[n].id for n in names}


def _aliases_listed_twice(entries: list[tuple[str, list[str]]]) -> dict[str, list[str]]:
    seen: dict[str, list[str]] = {}
    for name, aliases in entries:
        for alias in aliases:
            seen.setdefault(alias, []).append(name)
    return {alias: names for alias, names in seen.items() if len(names) > 1}


def _owner(alias: str, ci: dict[str, str], cs: dict[str, str]) -> str | None:
    if alias.startswith("cs:"):
        return cs.get(alias[3:])
    plain = re.sub(r"\s*\(.*?\)", "", alias)  # "cv (as field)" is the alias "cv"
    if surface_key(plain) in ci:
        return ci[surface_key(plain)]
    return next((sid for key, sid in cs.items() if key.casefold() == plain.casefold()), None)


@pytest.mark.parametrize(
    ("phrase", "skill_id"),
    [
        ("neural networks", "deep_learning"),
        ("boosting", "gradient_boosting"),
        ("GBM", "gradient_boosting"),
        ("distributed training", "distributed_systems"),
        ("distributed computing", "distributed_systems"),
        ("generative models", "generative_ai"),
        ("Torch", "pytorch"),
        ("text classification", "nlp"),
        ("word2vec", "nlp"),
        ("TF-IDF", "nlp"),
        ("image recognition", "computer_vision"),
        ("object detection", "computer_vision"),
        ("written and verbal communication", "communication"),
        ("productionize", "model_deployment"),
        ("model drift", "model_monitoring"),
        ("ELT", "data_pipelines"),
        ("dashboards", "data_visualization"),
        ("LLMs", "large_language_models"),
        ("recommender systems", "recommendation_systems"),
        ("statistical modeling", "statistics"),
        ("PySpark", "apache_spark"),
        ("k8s", "kubernetes"),
        ("Hugging Face Transformers", "hugging_face"),
        ("Amazon SageMaker", "sagemaker"),
    ],
)
def test_consistency_rules_and_posting_phrasings(tax: Taxonomy, phrase: str, skill_id: str) -> None:
    ci, cs = _owners(tax)
    assert _owner(phrase, ci, cs) == skill_id


def test_ambiguous_words_carry_context_or_vetoes(tax: Taxonomy) -> None:
    by_id = tax.by_id
    for skill_id, word in [
        ("r", "R"),
        ("c", "C"),
        ("go", "Go"),
        ("excel", "Excel"),
        ("apache_spark", "spark"),
    ]:
        skill = by_id[skill_id]
        assert word in skill.ambiguous
        assert skill.context or skill.veto_prev or skill.veto_next
    assert "&" in by_id["r"].veto_next
    assert {"at", "in"} <= set(by_id["excel"].veto_next)
    assert "series" in by_id["c"].veto_prev
    assert {"R", "C", "Go"} <= {a for s in tax.skills for a in s.cs_aliases}


def test_degree_fields_are_flagged(tax: Taxonomy) -> None:
    for skill_id in ("statistics", "mathematics", "computer_science", "physics", "economics"):
        assert tax.by_id[skill_id].field_of_study


def test_implications(tax: Taxonomy) -> None:
    assert "aws" in tax.closure("sagemaker")
    assert "deep_learning" in tax.closure("pytorch")
    assert "deep_learning" in tax.closure("keras")
    assert "machine_learning" in tax.closure("scikit_learn")
    assert {"gradient_boosting", "machine_learning"} <= tax.closure("xgboost")
    assert "large_language_models" in tax.closure("langchain")
    assert "azure" in tax.closure("azure_ml")
    assert "gcp" in tax.closure("vertex_ai")
    for s in tax.skills:
        assert s.id not in tax.closure(s.id)


def _write(tmp_path: Path, skills: list[dict[str, object]]) -> Path:
    doc = {"version": "1", "license": "Apache-2.0", "sources": [{"name": "test"}], "skills": skills}
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return path


BROKEN: list[dict[str, object]] = [
    {"id": "alpha", "name": "Alpha", "category": "ml_concept", "implies": ["beta"]},
    {"id": "beta", "name": "Beta", "category": "ml_concept", "implies": ["alpha", "ghost"]},
    {"id": "alpha", "name": "Alpha two", "category": "ml_concept"},
    {"id": "gamma", "name": "Gamma", "category": "astrology"},
    {"id": "delta", "name": "Delta", "category": "ml_concept", "aliases": ["alpha"]},
    {"id": "eps", "name": "Eps", "category": "ml_concept", "aliases": ["e"], "ambiguous": ["E"]},
    {"id": "zeta", "name": "Zeta", "category": "mlops"},
    {"id": "eta", "name": "Eta", "category": "ml_concept", "aliases": ["scikit learn"]},
    {"id": "theta", "name": "Theta", "category": "ml_concept", "aliases": ["Scikit-Learn"]},
]

EXPECTED = [
    ("skills[2] (alpha)", "id: duplicate of skills[0]"),
    ("skills[3] (gamma)", "category: unknown 'astrology'"),
    ("skills[1] (beta)", "implies: unknown id 'ghost'"),
    ("implies: cycle", "alpha -> beta -> alpha"),
    ("skills[4] (delta)", "aliases: 'alpha' already names 'alpha'"),
    ("skills[5] (eps)", "ambiguous: 'E' is not one of the skill's names or aliases"),
    ("skills[6] (zeta)", "subcategory: required for mlops"),
    ("skills[8] (theta)", "aliases: 'Scikit-Learn' already names 'eta'"),
]


def test_validator_reports_each_problem_with_its_location(tmp_path: Path) -> None:
    path = _write(tmp_path, BROKEN)
    problems = validate_taxonomy(path)
    lines = {i: n for n, i in _entry_lines(path.read_text(encoding="utf-8")).items()}
    for where, what in EXPECTED:
        hit = [p for p in problems if where in p and what in p]
        assert hit, f"no problem {where} {what} in {problems}"
        assert all(p.startswith(f"{path}:") for p in hit)
    dup = next(p for p in problems if "duplicate" in p)
    assert dup.startswith(f"{path}:{lines[2]} ")
    assert len(problems) == len(EXPECTED)


def _entry_lines(raw: str) -> dict[int, int]:
    numbers = [n for n, line in enumerate(raw.splitlines(), 1) if line.lstrip().startswith("- id:")]
    return {n: i for i, n in enumerate(numbers)}


def test_validator_reports_schema_and_yaml_errors(tmp_path: Path) -> None:
    path = _write(tmp_path, [{"id": "x", "name": "X", "category": "ml_concept", "colour": "red"}])
    assert any("skills[0]" in p and "colour" in p for p in validate_taxonomy(path))
    broken = tmp_path / "broken.yaml"
    broken.write_text("skills: [\n", encoding="utf-8")
    assert validate_taxonomy(broken)[0].startswith(f"{broken}: YAML error")


def test_cli_validate_prints_every_problem_and_fails(tmp_path: Path) -> None:
    path = _write(tmp_path, BROKEN)
    cli = [sys.executable, "-c", "from jdlens.cli import main; main()", "taxonomy", "validate", str(path)]
    result = subprocess.run(cli, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode != 0
    err = " ".join(result.stderr.split())  # rich wraps long lines
    for where, what in EXPECTED:
        assert where in err and what in err
    assert f"{len(EXPECTED)} problem(s)" in err


def test_cli_validate_accepts_the_bundled_file() -> None:
    cli = [sys.executable, "-c", "from jdlens.cli import main; main()", "taxonomy", "validate"]
    result = subprocess.run(cli, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert "valid" in result.stdout
