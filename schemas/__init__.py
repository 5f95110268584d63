"""Contracts: what an input must look like (DESIGN.md §3) and the row rules that enforce it."""
