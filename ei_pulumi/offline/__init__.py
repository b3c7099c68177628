"""The offline plan: a simulated AWS account, an in-process run of a program, the stack files it reads."""
