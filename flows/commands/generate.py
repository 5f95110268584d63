"""``feedbackcyclus generate``: sample inputs (DESIGN.md §6).

This is the generator's entry point on the product CLI, and so the one product module that
imports ``sample_data`` — lazily, inside ``execute``, so no other command loads it
(checked by ``tests/test_flows_layers.py``).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from feedbackcyclus.settings import Settings
from flows.commands.arguments import period


def add_parsers(sub: argparse._SubParsersAction) -> None:
    gen = sub.add_parser("generate", help="maak voorbeeldinvoer")
    gen.add_argument("--scale", choices=("small", "medium", "national"), default="small")
    gen.add_argument("--periods", type=int, default=6)
    gen.add_argument("--out", required=True)
    gen.add_argument("--seed", type=int, default=20261)
    gen.add_argument("--start", type=period, default="2026-05", help="eerste periode (standaard 2026-05)")
    gen.add_argument("--register-format", choices=("brp-rni", "gbav"), default="brp-rni",
                     help="registers als brp + rni (standaard) of als één GBA-V-extract gbav.csv (DESIGN.md §3a)")
    gen.set_defaults(execute=execute)


def execute(args: argparse.Namespace, settings: Settings) -> int:
    from sample_data.generator import generate

    summary = generate(args.scale, args.periods, Path(args.out), seed=args.seed, start=args.start,
                       register_format=args.register_format)
    print(f"Voorbeeldinvoer geschreven naar {Path(args.out).resolve()}: {summary}")
    return 0
