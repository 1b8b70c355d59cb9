"""Benchmarks run by ``make bench`` (speed and memory are measured here, not in tests)."""
