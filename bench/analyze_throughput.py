"""Single-process throughput and peak memory of ``jdlens.analyze`` over the shared corpora.

Beside it, one bare Aho-Corasick pass of the taxonomy's aliases over the same texts: the ceiling that
any matcher built on the same automaton could reach. First, the start-up: ``import jdlens`` plus a
first analysis in a fresh interpreter, CPU time, with an empty compiled-taxonomy cache and with a
filled one (``jdlens.taxonomy.compiled``), both with compiled bytecode.

    python -m bench.analyze_throughput --shared ../shared [--limit N] [--stages] [--passes K]

``--stages`` prints, instead of the table, the CPU time of each stage of the analysis (its functions
wrapped with a timer, no profiler) over the sample, best of ``--passes`` passes.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import jdlens
import jdlens.job.pipeline as pipeline
import jdlens.text.document as document
from bench.corpora import postings
from jdlens.extract.skills import SkillMatcher, fold, get_matcher


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bare_automaton_pass(texts: list[str]) -> float:
    """Seconds for one case-folded Aho-Corasick pass over every text (no rules, no model building)."""
    automaton = get_matcher()._automaton
    start = time.process_time()
    for text in texts:
        for _ in automaton.iter(fold(text)):
            pass
    return time.process_time() - start


FIRST_ANALYSIS = (
    "import time; t = time.process_time(); import jdlens; "
    "jdlens.analyze('Senior ML Engineer in Austin, TX. Requirements: 5+ years of Python and PyTorch; "
    "a BS in Computer Science. $150,000 - $180,000 a year.'); print(time.process_time() - t)"
)


def startup(cache_home: str, pycache: str) -> tuple[float, float]:
    """(CPU seconds of import plus first analysis inside the child, CPU seconds of the whole child).

    The child reads compiled bytecode from ``pycache`` (as an installed wheel has it), whatever
    ``PYTHONDONTWRITEBYTECODE`` says in the calling environment."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    env = {**os.environ, "XDG_CACHE_HOME": cache_home, "PYTHONPYCACHEPREFIX": pycache}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    out = subprocess.run(
        [sys.executable, "-c", FIRST_ANALYSIS], env=env, capture_output=True, text=True, check=True
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    child = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return float(out.stdout.strip()), child


STARTS = 5  # the filled-cache figure is the best of this many fresh interpreters


def print_startup() -> None:
    with tempfile.TemporaryDirectory() as pycache:
        with tempfile.TemporaryDirectory() as scratch:
            startup(scratch, pycache)  # writes the bytecode; not timed
        with tempfile.TemporaryDirectory() as cache_home:
            cold = startup(cache_home, pycache)
            warm = min(startup(cache_home, pycache) for _ in range(STARTS))
    for label, (inside, whole) in (("empty cache", cold), (f"filled cache, best of {STARTS}", warm)):
        print(
            f"start-up, {label}: import + first analysis {inside:.3f} s CPU ({whole:.3f} s with the interpreter)"
        )


# stage name -> (module or class, attribute): each is wrapped where the pipeline calls it
STAGES: dict[str, tuple[Any, str]] = {
    "normalization": (document, "normalize"),
    "sections": (document, "find_sections"),
    "document (prepare less the two above)": (pipeline, "prepare"),
    "skill matching": (SkillMatcher, "find"),
    "mentions (required/preferred)": (pipeline, "build_mentions"),
    "experience": (pipeline, "extract_experience"),
    "education": (pipeline, "extract_education"),
    "location": (pipeline, "extract_location"),
    "salary": (pipeline, "extract_salary"),
    "role": (pipeline, "classify_role"),
    "seniority": (pipeline, "classify_seniority"),
    "red flags": (pipeline, "find_red_flags"),
    "implied skills": (pipeline, "implied_skills"),
}
_INSIDE_PREPARE = ("normalization", "sections")


def _timed(func: Callable[..., Any], name: str, spent: dict[str, float]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return func(*args, **kwargs)
        finally:
            spent[name] += time.process_time() - start

    return wrapper


@contextmanager
def stage_timers() -> Iterator[dict[str, float]]:
    """CPU seconds per stage while the block runs (every stage function wrapped, then restored)."""
    spent: dict[str, float] = defaultdict(float)
    saved = [(owner, attr, getattr(owner, attr)) for owner, attr in STAGES.values()]
    for name, (owner, attr) in STAGES.items():
        setattr(owner, attr, _timed(getattr(owner, attr), name, spent))
    try:
        yield spent
    finally:
        for owner, attr, func in saved:
            setattr(owner, attr, func)


def print_stages(items: list[tuple[str, str | None]], passes: int) -> None:
    """Per-stage CPU time over ``items``, the best of ``passes`` passes (each stage its own best)."""
    best: dict[str, float] = {}
    totals = []
    for _ in range(passes):
        start = time.process_time()
        with stage_timers() as spent:
            for text, title in items:
                jdlens.analyze(text, title=title)
        totals.append(time.process_time() - start)
        prepare = "document (prepare less the two above)"
        spent[prepare] -= sum(spent[n] for n in _INSIDE_PREPARE)
        for name in STAGES:
            best[name] = min(best.get(name, float("inf")), spent[name])
    total = min(totals)
    print(
        f"{len(items)} postings, best of {passes} passes, CPU time; all: {total:.3f} s, {len(items) / total:.0f}/s"
    )
    for name, seconds in best.items():
        print(f"  {name:40} {seconds:7.3f} s {100 * seconds / total:5.1f}%")
    rest = total - sum(best.values())
    print(f"  {'rest (models, budget, glue)':40} {rest:7.3f} s {100 * rest / total:5.1f}%")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--limit", type=int, default=0, help="at most this many postings per corpus")
    parser.add_argument("--stages", action="store_true", help="CPU time per stage instead of the table")
    parser.add_argument("--passes", type=int, default=3, help="with --stages: best of this many passes")
    args = parser.parse_args()
    by_corpus: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
    for corpus, text, title in postings(args.shared):
        if not args.limit or len(by_corpus[corpus]) < args.limit:
            by_corpus[corpus].append((text, title))
    if not by_corpus:
        raise SystemExit(f"no corpora found under {args.shared}/data/postings")
    if args.stages:
        jdlens.analyze("warm up: Python and SQL")
        print_stages([item for items in by_corpus.values() for item in items], args.passes)
        return
    print_startup()
    jdlens.analyze("warm up: Python and SQL")
    print(
        f"machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}, "
        f"single process"
    )
    print(f"{'corpus':24} {'postings':>8} {'MB':>6} {'postings/s':>11} {'MB/s':>6} {'automaton MB/s':>15}")
    total_n = total_bytes = 0
    total_time = total_bare = 0.0
    for corpus, items in by_corpus.items():
        texts = [t for t, _ in items]
        size = sum(len(t.encode()) for t in texts)
        start = time.process_time()
        for text, title in items:
            jdlens.analyze(text, title=title)
        elapsed = time.process_time() - start
        bare = bare_automaton_pass(texts)
        total_n, total_bytes, total_time, total_bare = (
            total_n + len(texts),
            total_bytes + size,
            total_time + elapsed,
            total_bare + bare,
        )
        print(
            f"{corpus:24} {len(texts):8d} {size / 1e6:6.1f} {len(texts) / elapsed:11.0f} {size / 1e6 / elapsed:6.2f} "
            f"{size / 1e6 / bare:15.1f}"
        )
    print(
        f"{'all':24} {total_n:8d} {total_bytes / 1e6:6.1f} {total_n / total_time:11.0f} "
        f"{total_bytes / 1e6 / total_time:6.2f} {total_bytes / 1e6 / total_bare:15.1f}"
    )
    print(f"peak memory (max RSS): {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
