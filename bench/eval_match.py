"""Do ML / data-science resumes rank above other professions' resumes on real ML postings?

For every posting, each resume gets the jdlens match score and two baselines computed in the same run:

* ``tfidf``: TF-IDF cosine between resume and posting (vocabulary and IDF over all texts of the run);
* ``keyword_share``: the share of the posting's skills that the resume names anywhere (the plain ATS count).

ROC AUC is measured within each posting (each positive resume against each negative one, ties count
half) and averaged over postings: once against the other technical professions and once against all.

    python -m bench.eval_match --shared ../shared [--postings 200] [--resumes DIR_OR_CSV] [--json OUT]

``--resumes`` takes a directory with one sub-directory per profession label (``ml/``, ``frontend/``, ...)
holding PDF/DOCX/TXT/MD resumes, or a CSV with columns ``label`` and ``text`` (or ``path``). Without it,
the labelled fixtures of ../shared/data/resumes/resume_matcher_samples are used: fictional resumes with
the profession stated in each file name (one ML engineer, four other technical profiles, one product
manager) -- far too few for a strong claim; the report says so.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

import jdlens
from bench.corpora import postings
from jdlens.models import JobAnalysis, Resume
from jdlens.resume import parse_resume_text

POSITIVE = frozenset(
    {"ml", "ml_engineer", "machine_learning", "data_science", "data_scientist", "ds", "ai", "mle"}
)
NON_TECHNICAL = frozenset({"product_manager", "pm", "sales", "hr", "marketing", "finance", "design", "other"})
SAMPLES = "data/resumes/resume_matcher_samples"
# fixture file -> profession label (from the file names and the resumes' own titles)
SAMPLE_LABELS = {
    "legacy/Data/Resumes/harvey_dent_mle.pdf": "ml_engineer",
    "legacy/Data/Resumes/john_doe.pdf": "fullstack_java",
    "legacy/Data/Resumes/bruce_wayne_fullstack.pdf": "fullstack",
    "legacy/Data/Resumes/barry_allen_fe.pdf": "frontend",
    "legacy/Data/Resumes/alfred_pennyworth_pm.pdf": "product_manager",
    "apps/backend/e2e_monitor/fixtures/master.json": "backend",
}
_TOKEN = re.compile(r"[a-z][a-z0-9+#.]*[a-z0-9+#]|[a-z]")


def master_json_text(path: Path) -> str:
    """The Resume-Matcher master.json as plain resume text."""
    data = json.loads(path.read_text(encoding="utf-8"))
    info = data.get("personalInfo", {})
    lines = [
        info.get("name", ""),
        info.get("title", ""),
        info.get("email", ""),
        "Summary",
        data.get("summary", ""),
    ]
    lines.append("Experience")
    for job in data.get("workExperience", []):
        lines.append(f"{job.get('title')}, {job.get('company')}, {job.get('years')}")
        lines += [f"• {d}" for d in job.get("description", [])]
    lines.append("Education")
    lines += [
        f"{e.get('degree')}, {e.get('institution')}, {e.get('years')}" for e in data.get("education", [])
    ]
    lines.append("Projects")
    for p in data.get("personalProjects", []):
        lines.append(str(p.get("name")))
        lines += [f"• {d}" for d in p.get("description", [])]
    extra = data.get("additional", {})
    if isinstance(extra, dict):
        lines.append("Skills")
        lines += [", ".join(v) for v in extra.values() if isinstance(v, list)]
    return "\n".join(str(x) for x in lines if x)


def sample_resumes(shared: Path) -> list[tuple[str, str, Resume]]:
    out = []
    for rel, label in SAMPLE_LABELS.items():
        path = shared / SAMPLES / rel
        if not path.exists():
            continue
        resume = (
            parse_resume_text(master_json_text(path)) if path.suffix == ".json" else jdlens.read_resume(path)
        )
        out.append((path.name, label, resume))
    return out


def labelled_resumes(source: Path) -> list[tuple[str, str, Resume]]:
    """(name, label, resume) from a directory of label folders or a CSV with label and text/path."""
    out = []
    if source.is_dir():
        for folder in sorted(p for p in source.iterdir() if p.is_dir()):
            for file in sorted(folder.iterdir()):
                if file.suffix.lower() in (".pdf", ".docx", ".txt", ".md"):
                    out.append((file.name, folder.name.lower(), jdlens.read_resume(file)))
        return out
    csv.field_size_limit(1 << 30)
    with source.open(encoding="utf-8", newline="") as handle:
        for i, row in enumerate(csv.DictReader(handle)):
            label = str(row.get("label") or row.get("Category") or "").strip().lower().replace(" ", "_")
            if row.get("path"):
                resume = jdlens.read_resume(Path(row["path"]))
            else:
                resume = parse_resume_text(str(row.get("text") or row.get("Resume") or ""))
            out.append((f"row {i}", label, resume))
    return out


def ml_postings(shared: Path, limit: int) -> list[JobAnalysis]:
    """Distinct real ML postings (LinkedIn ML jobs, US), analysed."""
    seen: set[str] = set()
    texts, titles = [], []
    for _, text, title in postings(shared, ("linkedin_ml_us_2024",)):
        key = " ".join(text.lower().split())[:2000]
        if key in seen or len(text) < 400:
            continue
        seen.add(key)
        texts.append(text)
        titles.append(title)
        if len(texts) >= limit:
            break
    return [a for a in jdlens.analyze_many(texts, titles=titles) if isinstance(a, JobAnalysis)]


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def tfidf_vectors(docs: list[str]) -> list[dict[str, float]]:
    counts = [Counter(tokens(d)) for d in docs]
    df = Counter(t for c in counts for t in c)
    n = len(docs)
    out = []
    for c in counts:
        vec = {t: (1 + math.log(v)) * math.log((1 + n) / (1 + df[t])) for t, v in c.items()}
        norm = math.sqrt(sum(x * x for x in vec.values())) or 1.0
        out.append({t: x / norm for t, x in vec.items()})
    return out


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(t, 0.0) for t, x in a.items())


def keyword_share(job: JobAnalysis, resume: Resume) -> float:
    wanted = job.skill_ids()
    return len(wanted & resume.skill_ids()) / len(wanted) if wanted else 0.0


def auc(pos: list[float], neg: list[float]) -> float | None:
    if not pos or not neg:
        return None
    wins = sum(1.0 if p > n else 0.5 if p == n else 0.0 for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


def evaluate(jobs: list[JobAnalysis], resumes: list[tuple[str, str, Resume]]) -> dict:
    labels = [label for _, label, _ in resumes]
    positive = [label in POSITIVE for label in labels]
    technical = [not p and label not in NON_TECHNICAL for p, label in zip(positive, labels, strict=True)]
    vectors = tfidf_vectors([j.text for j in jobs] + [r.text for _, _, r in resumes])
    job_vecs, res_vecs = vectors[: len(jobs)], vectors[len(jobs) :]
    methods = {"jdlens": [], "keyword_share": [], "tfidf": []}
    start = time.perf_counter()
    for j, job in enumerate(jobs):
        methods["jdlens"].append([jdlens.match(r, job).score for _, _, r in resumes])
        methods["keyword_share"].append([keyword_share(job, r) for _, _, r in resumes])
        methods["tfidf"].append([cosine(job_vecs[j], v) for v in res_vecs])
    seconds = time.perf_counter() - start
    report: dict = {
        "postings": len(jobs),
        "resumes": dict(Counter(labels)),
        "match_seconds": round(seconds, 2),
    }
    for name, rows in methods.items():
        for subset, mask in (("vs_technical", technical), ("vs_all", [not p for p in positive])):
            values = [
                auc(
                    [s for s, p in zip(row, positive, strict=True) if p],
                    [s for s, m in zip(row, mask, strict=True) if m],
                )
                for row in rows
            ]
            kept = [v for v in values if v is not None]
            report[f"{name}_{subset}"] = round(statistics.mean(kept), 4) if kept else None
    return report


def print_report(report: dict, source: str) -> None:
    print(f"resumes: {source}; labels {report['resumes']}; {report['postings']} real ML postings")
    print(f"{'method':<16}{'AUC vs technical':>18}{'AUC vs all':>12}")
    for name in ("jdlens", "keyword_share", "tfidf"):
        tech, every = report[f"{name}_vs_technical"], report[f"{name}_vs_all"]
        print(f"{name:<16}{tech if tech is not None else '-':>18}{every if every is not None else '-':>12}")
    positives = sum(v for k, v in report["resumes"].items() if k in POSITIVE)
    if positives < 10:
        print(
            f"note: only {positives} ML/DS resume(s) in this set: the AUC rests on very few pairs per posting. "
            "A labelled resume set by profession is not in ../shared; pass one with --resumes."
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--postings", type=int, default=200, help="how many distinct real ML postings")
    parser.add_argument(
        "--resumes", type=Path, help="labelled resumes: a directory of label folders, or a CSV"
    )
    parser.add_argument("--json", type=Path, help="also write the report as JSON")
    args = parser.parse_args(argv)
    if not (args.shared / "data").is_dir():
        print(f"skipped: {args.shared}/data not found", file=sys.stderr)
        return 0
    resumes = labelled_resumes(args.resumes) if args.resumes else sample_resumes(args.shared)
    jobs = ml_postings(args.shared, args.postings)
    report = evaluate(jobs, resumes)
    print_report(report, str(args.resumes or f"../shared/{SAMPLES} (fictional fixtures)"))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
