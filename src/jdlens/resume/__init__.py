"""Resumes: read PDF, DOCX, TXT and Markdown files into a structured ``Resume``; run resume checks."""

from jdlens.resume.build import parse_resume_text, read_resume

__all__ = ["parse_resume_text", "read_resume"]
