"""The Spark bench's readings of the JVMs: GC logs and class histograms (lines as Java 17 writes them)."""

from __future__ import annotations

from pathlib import Path

from bench.spark_bench import gc_peaks, parse_histogram, submit_args

GC_LOG = """\
[12.915s][info][gc] GC(5) Concurrent Mark Cycle
[12.975s][info][gc] GC(5) Pause Remark 31M->31M(114M) 10.168ms
[13.005s][info][gc] GC(5) Pause Cleanup 32M->32M(114M) 0.077ms
[13.007s][info][gc] GC(5) Concurrent Mark Cycle 92.170ms
[40.100s][info   ][gc] GC(21) Pause Young (Normal) (G1 Evacuation Pause) 412M->301M(926M) 9.337ms
[46.098s][info   ][gc] GC(22) Pause Full (Heap Inspection Initiated GC) 330M->129M(926M) 108.467ms
[54.005s][info   ][gc] GC(33) Concurrent Undo Cycle
[54.101s][info   ][gc] GC(34) Pause Young (Mixed) (G1 Evacuation Pause) 280M->140M(947M) 4.001ms
[78.907s][info   ][gc] GC(58) Pause Full (Heap Inspection Initiated GC) 274M->146M(160M) 284.499ms
"""

HISTOGRAM = """\
11808:
 num     #instances         #bytes  class name (module)
-------------------------------------------------------
   1:           569       85774336  [J (java.base@17.0.15)
   2:         78454       23272480  [B (java.base@17.0.15)
   3:          5044        2491720  [I (java.base@17.0.15)
   4:         75922        1822128  java.lang.String (java.base@17.0.15)
4573:             1             16  sun.util.resources.cldr.provider.CLDRLocaleDataMetaInfo (jdk.localedata@17.0.15)
Total        402246      113560536
"""


def test_gc_peaks_keep_full_collections_apart_from_the_others(tmp_path: Path) -> None:
    (tmp_path / "gc-4242.log").write_text(GC_LOG, encoding="utf-8")
    peaks = gc_peaks(tmp_path)["4242"]
    assert peaks["heap_after_gc_mb"] == 301  # young, mixed, remark, cleanup: live and garbage alike
    assert peaks["heap_after_full_gc_mb"] == 146  # what survived a full collection
    assert peaks["full_gcs"] == 2
    assert peaks["heap_committed_mb"] == 947
    assert peaks["concurrent_cycles"] == 2  # the starts of a mark cycle and of an undo cycle, not their ends


def test_a_class_histogram_gives_the_live_bytes_and_the_largest_classes() -> None:
    got = parse_histogram(HISTOGRAM, top=2)
    assert got is not None
    assert round(got["live_mb"], 1) == 108.3
    assert [c["class"] for c in got["top"]] == ["[J", "[B"]
    assert got["top"][0]["instances"] == 569
    assert parse_histogram("11808:\nCommand not found\n") is None


def test_the_executor_heap_is_set_through_the_environment_only_when_asked() -> None:
    assert submit_args(None) == {}
    args = submit_args("512m")["PYSPARK_SUBMIT_ARGS"]
    assert "--conf spark.executor.memory=512m" in args
    assert args.endswith("pyspark-shell")
