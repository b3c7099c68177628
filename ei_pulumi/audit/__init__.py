"""`python -m ei_pulumi check`: a read-only audit of a live EI setup or SageMaker private network,
and the IAM evaluation it needs."""
