"""`python -m ei_pulumi check`: a read-only audit of a live EI setup or SageMaker private network,
and the IAM evaluation it needs."""

DEFAULT_TIMEOUT = 45.0
"""Seconds the whole reading may take: an endpoint that never answers ends the audit within a minute.
Here rather than in ``checks`` so that the CLI's help names it without loading the audit."""
