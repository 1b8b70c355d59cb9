"""The job-description pipeline: analyze one posting (role, seniority, flags), many in parallel, a
table of postings in batch, and the readable summaries."""
