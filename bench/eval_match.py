"""Do data-science resumes rank above other professions' resumes on real ML postings?

The real resume development set (``../shared/data/resumes/jdlens_resume_dev``: real resumes labelled by
profession, DATA-SCIENCE the positives) against the same real ML postings as
``../shared/eval/score_match_dev.py``, with its two baselines computed in the same run (the share of the
posting's core skills the resume names; TF-IDF cosine). Each posting is analysed once and each resume
parsed once; the score is the one ``jdlens.match`` gives (``score_and_gaps`` on the parsed inputs).

ROC AUC is measured within each posting (ties count half) and averaged over postings. Besides the whole
run it reports two held-out splits, so a change fitted to one half shows on the other: the postings in
two halves (even and odd positions of the sample), and the resumes in two halves by a hash of their id
(each half keeps its own positives and negatives).

    python -m bench.eval_match --shared ../shared [--set dev|tech|both] [--jobs 40] [--json OUT]
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from jdlens.job.pipeline import analyze
from jdlens.matching.matcher import score_and_gaps
from jdlens.resume import parse_resume_text

SETS = {"dev": "resume_dev.jsonl", "tech": "resume_dev_tech.jsonl"}
POSITIVE = "DATA-SCIENCE"
TECHNICAL = frozenset({"INFORMATION-TECHNOLOGY", "ENGINEERING", "SOFTWARE-ENGINEERING", "ECONOMICS-RESEARCH"})


def load_set(shared: Path, name: str) -> list[dict[str, str]]:
    path = shared / "data" / "resumes" / "jdlens_resume_dev" / SETS[name]
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def reference(shared: Path) -> Any:
    """The shared scoring script (its posting sample and baselines), imported from ../shared/eval."""
    sys.path.insert(0, str(shared / "eval"))
    return importlib.import_module("score_match_dev")


def hash_half(resume_id: str) -> int:
    return hashlib.sha1(resume_id.encode("utf-8")).digest()[0] % 2


def _auc(ref: Any, scores: list[float], labels: list[bool], keep: list[bool] | None = None) -> float:
    keep = keep or [True] * len(scores)
    pos = [s for s, p, k in zip(scores, labels, keep, strict=True) if p and k]
    neg = [s for s, p, k in zip(scores, labels, keep, strict=True) if not p and k]
    return float(ref.auc(pos, neg))


def _mean(values: list[float]) -> float:
    kept = [v for v in values if v == v]
    return round(statistics.mean(kept), 4) if kept else float("nan")


def evaluate(shared: Path, name: str, jobs: int) -> dict[str, Any]:
    ref = reference(shared)
    cvs = load_set(shared, name)
    labels = [c["category"] == POSITIVE for c in cvs]
    start = time.process_time()
    resumes = [parse_resume_text(c["text"]) for c in cvs]
    parse_s = time.process_time() - start
    postings = ref.ml_postings(jobs)
    start = time.process_time()
    analyses = [analyze(p["job_description_text"]) for p in postings]
    analyse_s = time.process_time() - start
    cv_skills = [ref.skills(c["text"]) for c in cvs]
    texts = [c["text"] for c in cvs]
    halves = [hash_half(c["id"]) for c in cvs]
    cats = sorted({c["category"] for c in cvs} - {POSITIVE})
    aucs: dict[str, list[float]] = defaultdict(list)
    per_cat: dict[str, list[float]] = defaultdict(list)
    pos_scores: list[float] = []
    neg: dict[str, list[float]] = defaultdict(list)
    score_s = 0.0
    for j, (posting, job) in enumerate(zip(postings, analyses, strict=True)):
        start = time.process_time()
        ours = [float(score_and_gaps(r, job)[0]) for r in resumes]
        score_s += time.process_time() - start
        want = ref.skills(posting["job_description_text"])
        methods = {
            "jdlens": ours,
            "keyword_share": [len(want & s) / max(1, len(want)) for s in cv_skills],
            "tfidf": ref.tfidf(texts, posting["job_description_text"]),
        }
        for method, scores in methods.items():
            aucs[method].append(_auc(ref, scores, labels))
            aucs[f"{method}/postings_{j % 2}"].append(_auc(ref, scores, labels))
            for h in (0, 1):
                aucs[f"{method}/resumes_{h}"].append(_auc(ref, scores, labels, [x == h for x in halves]))
        for cat in cats:
            per_cat[cat].append(
                _auc(ref, ours, labels, [p or c["category"] == cat for p, c in zip(labels, cvs, strict=True)])
            )
        for s, p, c in zip(ours, labels, cvs, strict=True):
            if p:
                pos_scores.append(s)
            else:
                neg["technical" if c["category"] in TECHNICAL else "non_technical"].append(s)
                neg["all"].append(s)
    pairs = len(resumes) * len(analyses)
    return {
        "set": name,
        "jobs": len(analyses),
        "resumes": len(resumes),
        "positives": sum(labels),
        "auc": {k: _mean(v) for k, v in sorted(aucs.items())},
        "per_category": dict(sorted(((k, _mean(v)) for k, v in per_cat.items()), key=lambda kv: kv[1])),
        "median_positive": statistics.median(pos_scores),
        "median_negative": {k: statistics.median(v) for k, v in neg.items()},
        "cpu_s": {
            "parse_each_ms": round(1000 * parse_s / len(resumes), 2),
            "analyse_each_ms": round(1000 * analyse_s / len(analyses), 2),
        },
        "parsed_pairs_per_cpu_s": round(pairs / score_s, 1) if score_s else None,
    }


def print_report(r: dict[str, Any]) -> None:
    a = r["auc"]
    print(f"set {r['set']}: {r['resumes']} resumes ({r['positives']} DATA-SCIENCE) x {r['jobs']} postings")
    print(f"{'':16}{'all':>8}{'post.0':>8}{'post.1':>8}{'res.0':>8}{'res.1':>8}")
    for m in ("jdlens", "keyword_share", "tfidf"):
        cols = [a[m]] + [a[f"{m}/{h}"] for h in ("postings_0", "postings_1", "resumes_0", "resumes_1")]
        print(f"{m:16}" + "".join(f"{v:8.3f}" for v in cols))
    print(
        "AUC against each profession (worst first): "
        + ", ".join(f"{k} {v:.3f}" for k, v in list(r["per_category"].items())[:6])
    )
    med = r["median_negative"]
    print(
        f"median score: data science {r['median_positive']:g}; technical {med.get('technical', float('nan')):g}; "
        f"non-technical {med.get('non_technical', float('nan')):g}"
    )
    print(
        f"CPU: parse {r['cpu_s']['parse_each_ms']} ms/resume, analyse {r['cpu_s']['analyse_each_ms']} ms/posting, "
        f"score {r['parsed_pairs_per_cpu_s']} parsed pairs/s"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--set", choices=[*SETS, "both"], default="both")
    parser.add_argument("--jobs", type=int, default=40, help="how many postings of the shared sample")
    parser.add_argument("--json", type=Path, help="also write the reports as JSON")
    args = parser.parse_args(argv)
    if not (args.shared / "data" / "resumes" / "jdlens_resume_dev").is_dir():
        print(f"skipped: {args.shared}/data/resumes/jdlens_resume_dev not found", file=sys.stderr)
        return 0
    reports = [evaluate(args.shared, s, args.jobs) for s in (SETS if args.set == "both" else [args.set])]
    for report in reports:
        print_report(report)
    if args.json:
        args.json.write_text(json.dumps(reports, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
