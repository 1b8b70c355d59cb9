"""Every match figure on a sample of real pairs, one JSON line each, to compare two versions of the code.

    python -m bench.match_dump --shared ../shared --out before.jsonl [--jobs 10] [--resumes 0]
    python -m bench.match_dump --compare before.jsonl after.jsonl

For each (resume, posting) pair of the dev sets (``jdlens_resume_dev``: resume_dev and resume_dev_tech)
against the shared evaluation's ML postings: the score, band, raw score and cap, every subscore, and
digests of the whole ``match`` result and of what ``score_and_gaps`` returns (score, gaps, rows); then
``rank_jobs`` of a few resumes against the postings (scores, top gaps, medians). A speed change must
leave every line the same: ``--compare`` prints the first differences and exits 1 when there are any.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench.eval_match import SETS, load_set, reference
from jdlens.job.pipeline import analyze
from jdlens.matching.matcher import match, score_and_gaps
from jdlens.matching.rank import rank_jobs
from jdlens.resume import parse_resume_text


def _digest(data: Any) -> str:
    return hashlib.sha1(json.dumps(data, sort_keys=True).encode("utf-8")).hexdigest()[:16]


def lines(shared: Path, jobs: int, resumes: int) -> Iterator[dict[str, Any]]:
    ref = reference(shared)
    postings = ref.ml_postings(jobs)
    analyses = [analyze(p["job_description_text"]) for p in postings]
    cvs = [c for name in SETS for c in load_set(shared, name)]
    if resumes:
        cvs = cvs[:resumes]
    parsed = [parse_resume_text(c["text"]) for c in cvs]
    for c, res in zip(cvs, parsed, strict=True):
        for j, job in enumerate(analyses):
            result = match(res, job)
            total, gaps, rows = score_and_gaps(res, job)
            yield {
                "resume": c["id"],
                "job": j,
                "score": result.score,
                "band": result.band,
                "raw": result.raw_score,
                "cap": result.cap,
                "subscores": {k: [s.score, s.weight] for k, s in result.subscores.items()},
                "match": _digest(result.to_dict()),
                "score_and_gaps": [
                    total,
                    _digest([g.to_dict() for g in gaps]),
                    _digest([r.to_dict() for r in rows]),
                ],
            }
    for c, res in list(zip(cvs, parsed, strict=True))[:: max(1, len(cvs) // 6)]:
        ranking = rank_jobs(res, analyses, workers=1)
        yield {"rank_jobs": c["id"], "ranking": ranking.to_dict()}


def compare(before: Path, after: Path) -> int:
    a = before.read_text(encoding="utf-8").splitlines()
    b = after.read_text(encoding="utf-8").splitlines()
    diffs = [(i, x, y) for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y]
    print(f"{len(a)} and {len(b)} lines; {len(diffs)} differ")
    for i, x, y in diffs[:10]:
        print(f"line {i + 1}:\n  - {x[:400]}\n  + {y[:400]}")
    return 1 if diffs or len(a) != len(b) else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--jobs", type=int, default=10, help="how many postings of the shared sample")
    parser.add_argument("--resumes", type=int, default=0, help="only the first N resumes (0: all)")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--compare", type=Path, nargs=2, metavar=("BEFORE", "AFTER"))
    args = parser.parse_args(argv)
    if args.compare:
        return compare(*args.compare)
    if not (args.shared / "data" / "resumes" / "jdlens_resume_dev").is_dir():
        print(f"skipped: {args.shared}/data/resumes/jdlens_resume_dev not found", file=sys.stderr)
        return 0
    out = args.out.open("w", encoding="utf-8") if args.out else sys.stdout
    for line in lines(args.shared, args.jobs, args.resumes):
        out.write(json.dumps(line, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
