"""Source mappings (``config/bronnen.toml``): supplier headers → contract columns, per input.

Applied to the header before the contract check, so a delivery with LO3-style headers
(``01.20``, ``08.09.10``, ``16.09.10``) or a supplier's own names is read as if it used ours.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from feedbackcyclus.errors import InputError
from schemas.contract import CONTRACTS

DATE_FORMATS = ("JJJJ-MM-DD", "JJJJMMDD", "DD-MM-JJJJ")


@dataclass(frozen=True)
class SourceMapping:
    columns: dict[str, str] = field(default_factory=dict)  # normalised supplier header → contract column
    date_format: str = "JJJJ-MM-DD"

    @property
    def day_first(self) -> bool:
        return self.date_format == "DD-MM-JJJJ"

    def rename(self, headers: list[str]) -> list[str]:
        """Headers as contract columns; a contract name in the file wins over a mapped one."""
        present = set(headers)
        out = []
        for h in headers:
            target = self.columns.get(h)
            out.append(target if target and target not in present else h)
        return out


def load_mappings(path: Path | None) -> dict[str, SourceMapping]:
    """Read the mapping file; an absent file means: headers are the contract's names."""
    if path is None or not Path(path).is_file():
        return {}
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"bronkoppeling onleesbaar: {exc}", file=str(path), rule="geldig TOML") from None
    mappings = {}
    for name, section in data.items():
        if name not in CONTRACTS:
            raise InputError(f"onbekende invoer [{name}]", file=str(path), rule="polis, werkgevers, brp of rni")
        columns = {str(k).strip().lower(): v for k, v in section.get("kolommen", {}).items()}
        wrong = sorted(set(columns.values()) - set(CONTRACTS[name].column_names))
        if wrong:
            raise InputError(f"[{name}] koppelt naar onbekende kolom(men) {', '.join(wrong)}", file=str(path),
                             rule="doel is een contractkolom")
        fmt = section.get("datumformaat", "JJJJ-MM-DD")
        if fmt not in DATE_FORMATS:
            raise InputError(f"[{name}] datumformaat {fmt!r} onbekend", file=str(path),
                             rule=" of ".join(DATE_FORMATS))
        mappings[name] = SourceMapping(columns=columns, date_format=fmt)
    return mappings
