"""Matching resumes against job descriptions: score, requirement table, gaps, checks, suggestions, rewrites."""
