"""Regression guard on the hand-labelled development set (../shared/data/labeled/jdlens_dev_50).

The figures asserted here sit a little below what the analyzer reaches today, so a change that breaks
a whole class of postings fails loudly; `make eval` prints the exact figures.
"""

from __future__ import annotations

import importlib.util
import json
from functools import lru_cache

import pytest

import jdlens
from conftest import SHARED, needs_shared


@lru_cache(maxsize=1)
def scores() -> dict[str, float]:
    spec = importlib.util.spec_from_file_location("skillcanon", SHARED / "eval" / "skillcanon.py")
    assert spec and spec.loader
    sc = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(sc)
    index = sc.alias_index(sc.load(SHARED / "eval" / "core_skills.txt"))
    folder = SHARED / "data" / "labeled" / "jdlens_dev_50"
    posts = {p["hid"]: p for p in map(json.loads, (folder / "postings.jsonl").read_text().splitlines())}
    gold = [json.loads(x) for x in (folder / "gold.jsonl").read_text().splitlines()]
    tp = fp = fn = req_ok = req_n = years_ok = years_n = degree_ok = role_ok = level_ok = 0
    for g in gold:
        p = posts[g["hid"]]
        a = jdlens.analyze(p["text"], title=p.get("title"))
        pred = {}
        for s in a.skills:
            canon = sc.to_canon(s.name, index) or sc.to_canon(s.id, index)
            if canon and pred.get(canon) != "required":
                pred[canon] = s.requirement
        want = {s["name"]: s["req"] for s in g["skills"]}
        ignore = set(g.get("mentioned_only") or [])
        tp += sum(1 for n in pred if n in want)
        fp += sum(1 for n in pred if n not in want and n not in ignore)
        fn += sum(1 for n in want if n not in pred)
        for n, r in pred.items():
            if n in want and want[n] != "unspecified":
                req_n += 1
                req_ok += r == want[n]
        if g["years_acceptable"]:
            years_n += 1
            y = a.experience.min_years
            years_ok += y is not None and any(abs(y - v) < 0.01 for v in g["years_acceptable"])
        degree_ok += (a.education.min_degree or "none") == (g["degree_min"] or "none")
        role_ok += a.role.category in g["role_acceptable"]
        level_ok += a.seniority.level in g["seniority_acceptable"]
    n = len(gold)
    return {
        "precision": tp / (tp + fp),
        "recall": tp / (tp + fn),
        "requirement": req_ok / req_n,
        "years": years_ok / years_n,
        "degree": degree_ok / n,
        "role": role_ok / n,
        "seniority": level_ok / n,
    }


@pytest.mark.parametrize(
    ("metric", "floor"),
    [
        ("precision", 0.95),
        ("recall", 0.93),
        ("requirement", 0.88),
        ("years", 0.93),
        ("degree", 0.94),
        ("role", 0.90),
        ("seniority", 0.88),
    ],
)
def test_dev_set_floor(metric: str, floor: float) -> None:
    needs_shared()
    assert scores()[metric] >= floor, f"{metric} fell to {scores()[metric]:.3f}"
