"""Advice from a match or a job analysis: learning path with courses, salary band, interview topics."""
