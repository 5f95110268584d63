"""Argument types shared by several commands."""

from __future__ import annotations

import argparse

from feedbackcyclus.periods import parse_period


def period(text: str) -> str:
    """``JJJJ-MM``; anything else is a usage error (exit 2 by argparse, naming the format)."""
    try:
        parse_period(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text
