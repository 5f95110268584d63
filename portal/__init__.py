"""The feedbackcyclus portal (DESIGN.md §9): accounts, authorisation, outcomes and audit.

A package of its own: it serves the published period folders read-only and keeps its
state (accounts, sessions, outcomes, audit log) in the portal database. It never imports
the pipeline's internals (``flows``, ``transforms``, ``schemas``).
"""
