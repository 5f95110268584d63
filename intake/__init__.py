"""Reading, decoding and staging the inputs of a period: the input contract enforced.

DESIGN.md §2 v2 puts this beside ``schemas/`` (the contract it enforces) and outside
``transforms/`` (the rules of §4), which never reads a file. Dependencies point one way:
``flows/`` → ``intake/`` → ``schemas/``; nothing here imports Prefect, ``flows/`` or
``transforms/``.
"""
