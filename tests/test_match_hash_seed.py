"""A match is the same in every process: no result may follow the order of a set of strings, which
changes with ``PYTHONHASHSEED``. An either/or requirement met by two alternatives of equal credit is
met through the one the posting names first."""

from __future__ import annotations

import json
import os
import subprocess
import sys

SCRIPT = """
import json, jdlens
job = "Machine Learning Engineer\\nRequirements:\\n- Experience with PyTorch or TensorFlow or JAX\\n- Python\\n"
resume = (
    "Jane Roe\\nExperience\\nML Engineer, Acme, 2019 - 2024\\n"
    "- Built models in TensorFlow and JAX and Keras\\nSkills: Python, TensorFlow, JAX\\n"
)
m = jdlens.match(resume, job)
print(json.dumps([[r.id, r.via, r.note, r.credit] for r in m.requirements]))
"""


def _run(seed: int) -> list[list[object]]:
    env = {**os.environ, "PYTHONHASHSEED": str(seed)}
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=True, timeout=120
    )
    return json.loads(out.stdout)


def test_alternatives_of_equal_credit_do_not_follow_the_hash_seed() -> None:
    results = [_run(seed) for seed in (1, 2, 3, 4)]
    assert all(r == results[0] for r in results)
    pytorch = next(row for row in results[0] if row[0] == "pytorch")
    assert pytorch[1] == ["tensorflow"]  # the alternative the posting names first
