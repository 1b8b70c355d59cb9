"""Analysis CPU time against text size, 10 KB to 10 MB, beside a bare automaton pass (the ceiling).

Texts are real postings of ``../shared/data/postings`` shuffled and concatenated to each size, as
written (line breaks kept) and as one line (line breaks lost, as scrapers lose them). The size limit
and the time budget are lifted for the measurement; the last lines show what the default limits do
with a 10 MB text. A few adversarial texts of issue 10 follow. CPU time of this process, one core.

    python -m bench.size_scaling --shared ../shared [--max-mb 10]
"""

from __future__ import annotations

import argparse
import os
import random
import time
from pathlib import Path

import jdlens
from bench.corpora import postings
from jdlens.config import get_settings
from jdlens.errors import JdlensError
from jdlens.extract.skills import fold, get_matcher

SIZES = (10_000, 100_000, 1_000_000, 10_000_000)
ADVERSARIAL = {
    '56 KB of "Go, R, "': '"Go, R, ' * 7000,
    "63 KB of [": "[" * 63_000,
    "100 KB of (Go, R) asides": "Requirements\n" + "(Go, R) " * 12_500,
    "4,300+ digit entity": "<p>Python &#" + "9" * 5000 + ";</p>",
    "32 KB single word": "Python " + "a" * 32_000,
}


def corpus_text(shared: Path, size: int) -> str:
    texts = [t for _, t, _ in postings(shared)]
    random.Random(0).shuffle(texts)
    out, total = [], 0
    while total < size:
        for text in texts:
            out.append(text)
            total += len(text) + 2
            if total >= size:
                break
    return "\n\n".join(out)[:size]


def cpu(func: object, *args: object) -> tuple[float, str]:
    started = time.process_time()
    try:
        func(*args)  # type: ignore[operator]
        outcome = "analysed"
    except JdlensError as exc:
        outcome = f"refused {exc.code}"
    return time.process_time() - started, outcome


def bare_pass(text: str) -> float:
    automaton = get_matcher()._automaton
    started = time.process_time()
    for _ in automaton.iter(fold(text)):
        pass
    return time.process_time() - started


def _limits(max_chars: str | None, budget: str | None) -> None:
    for name, value in (("JDLENS_MAX_TEXT_CHARS", max_chars), ("JDLENS_TIME_BUDGET", budget)):
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    get_settings.cache_clear()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--max-mb", type=float, default=10, help="largest size to measure, in MB")
    parser.add_argument(
        "--limits-only", action="store_true", help="only what the default limits do with a 10 MB text"
    )
    args = parser.parse_args()
    jdlens.analyze("warm up: Python and SQL")
    big = corpus_text(args.shared, int(max(SIZES) * min(1.0, args.max_mb / 10)))
    if not args.limits_only:
        scaling(big, args.max_mb)
    default_limits(big, args.max_mb)


def scaling(big: str, max_mb: float) -> None:
    """Time against size with the limits lifted, then the adversarial texts."""
    _limits("0", "0")
    print(
        f"{'size':>8} {'layout':8} {'analysis s':>10} {'MB/s':>6} {'s per MB':>8} {'bare pass s':>11} {'ratio':>6}"
    )
    for size in (s for s in SIZES if s <= max_mb * 1_000_000):
        for layout, text in (("lines", big[:size]), ("one line", big[:size].replace("\n", " "))):
            seconds, _ = cpu(jdlens.analyze, text)
            bare = bare_pass(text)
            print(
                f"{size / 1e6:7.2f}M {layout:8} {seconds:10.2f} {size / 1e6 / seconds:6.2f} "
                f"{seconds / (size / 1e6):8.2f} {bare:11.3f} {seconds / max(bare, 1e-9):6.0f}"
            )
    print("adversarial texts (limits lifted):")
    for name, text in ADVERSARIAL.items():
        seconds, outcome = cpu(jdlens.analyze, text)
        print(f"  {name:28} {seconds:6.2f} s  {outcome}")


def default_limits(big: str, max_mb: float) -> None:
    """A 10 MB text under the default limits (refused at once), then with only the budget kept."""
    _limits(None, None)
    settings = get_settings()
    print(f"default limits: {settings.max_text_chars:,} characters, {settings.time_budget_s:g} s CPU budget")
    text = big[: int(10_000_000 * min(1.0, max_mb / 10))]
    seconds, outcome = cpu(jdlens.analyze, text)
    print(f"  {len(text) / 1e6:.0f} MB text: {outcome} in {seconds:.2f} s")
    _limits("0", None)
    seconds, outcome = cpu(jdlens.analyze, text)
    print(f"  same text, size limit lifted, budget kept: {outcome} in {seconds:.2f} s")


if __name__ == "__main__":
    main()
