"""Deliberate mutations of the rules: each must make at least one test fail, with and without ../shared.

    .venv/bin/python -m bench.mutations [--only NAME] [--without-shared-only]

Each mutation edits one line of the source, runs the test suite until its first failure, and puts
the line back. A mutation that no test notices is a rule the suite does not guard. Results go to
standard output as a table; the figures of the last run are in docs/architecture.md.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "jdlens"


@dataclass(frozen=True)
class Mutation:
    name: str
    path: str  # relative to src/jdlens
    old: str
    new: str


MUTATIONS = (
    Mutation(
        "a score weight",
        "matching/data/rules.yaml",
        "  required_skills: 0.58",
        "  required_skills: 0.53",
    ),
    Mutation("related credit 0.35 -> 0.5", "matching/data/rules.yaml", "  related: 0.35", "  related: 0.5"),
    Mutation(
        "process pool results reversed",
        "job/parallel.py",
        "            yield from done",
        "            yield from reversed(done)",
    ),
    Mutation(
        "title precedence: senior before staff_plus",
        "job/classify.py",
        '_LEVEL_ORDER: tuple[Level, ...] = ("intern", "staff_plus", "senior", "junior", "mid")',
        '_LEVEL_ORDER: tuple[Level, ...] = ("intern", "senior", "staff_plus", "junior", "mid")',
    ),
    Mutation(
        "fallback decoding cp1252 -> latin-1",
        "sources/encoding.py",
        '    if best.encoding in _WESTERN and _decodes(sample, "cp1252"):\n        return "cp1252"',
        '    if best.encoding in _WESTERN and _decodes(sample, "latin-1"):\n        return "latin-1"',
    ),
    Mutation("£ read as EUR", "data/currency.yaml", '  "£": GBP', '  "£": EUR'),
)


def run_suite(shared: bool) -> tuple[bool, float]:
    """True when the suite fails (the mutation is caught)."""
    env = dict(os.environ)
    if not shared:
        env["JDLENS_SHARED"] = "/nonexistent"
    started = time.perf_counter()
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-x",
            "-q",
            "-n",
            "2",
            "-p",
            "no:cacheprovider",
            "-m",
            "not browser",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return proc.returncode != 0, time.perf_counter() - started


def apply(m: Mutation) -> str:
    path = SRC / m.path
    original = path.read_text(encoding="utf-8")
    if original.count(m.old) < 1:
        raise SystemExit(f"{m.name}: {m.old!r} is not in {m.path} (update bench/mutations.py)")
    path.write_text(original.replace(m.old, m.new, 1), encoding="utf-8")
    return original


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="run only the mutation whose name contains this")
    parser.add_argument("--without-shared-only", action="store_true")
    args = parser.parse_args()
    chosen = [m for m in MUTATIONS if not args.only or args.only in m.name]
    print("| mutation | caught with ../shared | caught without |")
    print("|---|---|---|")
    missed = 0
    for m in chosen:
        original = apply(m)
        try:
            cells = []
            for shared in [False] if args.without_shared_only else [True, False]:
                caught, seconds = run_suite(shared)
                missed += not caught
                cells.append(f"{'yes' if caught else 'NO'} ({seconds:.0f} s)")
        finally:
            (SRC / m.path).write_text(original, encoding="utf-8")
        print(f"| {m.name} | " + " | ".join(cells) + " |", flush=True)
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()
