"""Source mappings (``config/bronnen.toml``): supplier headers → contract columns, per input.

Applied to the header before the contract check, so a delivery with LO3-style headers
(``01.20``, ``08.09.10``, ``16.09.10``) or a supplier's own names is read as if it used ours.
Two forms per input under ``[<input>.kolommen]``:
- ``"header" = "column"``: the delivered header is that contract column;
- ``column = ["header1", "header2"]``: a fallback list, the first of those headers present in
  the file is the column and the others are ignored (a GBA-V extract has both ``08.11.15``,
  the official street name, and ``08.11.10``; mapping both to ``straat`` would be ambiguous).
For a GBA-V extract (``[gbav.kolommen]``) the targets are LO3 element numbers.

The setting ``source_mappings`` names the file. Unset, the project's own
``config/bronnen.toml`` is used when it is there; set to a file that does not exist, the run
stops (exit 2): a configured mapping that silently does nothing would misread every delivery.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from feedbackcyclus.errors import InputError
from schemas.contract import CONTRACTS
from schemas.lo3 import ELEMENT

DATE_FORMATS = ("JJJJ-MM-DD", "JJJJMMDD", "DD-MM-JJJJ")
DEFAULT_MAPPING = Path(__file__).resolve().parent.parent / "config" / "bronnen.toml"
INPUTS = (*CONTRACTS, "gbav")


@dataclass(frozen=True)
class SourceMapping:
    columns: dict[str, str] = field(default_factory=dict)  # normalised supplier header → contract column
    date_format: str = "JJJJ-MM-DD"
    fallbacks: dict[str, tuple[str, ...]] = field(default_factory=dict)  # column → headers, first present wins

    @property
    def day_first(self) -> bool:
        return self.date_format == "DD-MM-JJJJ"

    def rename(self, headers: list[str]) -> list[str]:
        """Headers as contract columns; a contract name in the file wins over a mapped one, and
        a fallback list over a plain mapping."""
        present = set(headers)
        chosen: dict[str, str] = {}  # header → column, from the fallback lists
        for column, candidates in self.fallbacks.items():
            if column in present:
                continue
            first = next((h for h in candidates if h in present), None)
            if first is not None:
                chosen[first] = column
        taken = present | set(chosen.values())
        out, used = [], set()
        for h in headers:
            if h in chosen and h not in used:
                out.append(chosen[h])
                used.add(h)
                continue
            target = self.columns.get(h)
            out.append(target if target and target not in taken else h)
        return out


def mapping_path(configured: Path | None) -> Path | None:
    """The mapping file to read: the configured one (which must exist), else the project's own."""
    if configured is not None:
        if not Path(configured).is_file():
            raise InputError("het ingestelde bestand met bronkoppelingen bestaat niet", file=str(configured),
                             rule="instelling source_mappings wijst naar een bestaand TOML-bestand")
        return Path(configured)
    return DEFAULT_MAPPING if DEFAULT_MAPPING.is_file() else None


def _valid_target(name: str, target: str) -> bool:
    if name == "gbav":
        return bool(ELEMENT.match(target))
    return target in CONTRACTS[name].column_names


def load_mappings(path: Path | None) -> dict[str, SourceMapping]:
    """Read the mapping file; None means: headers are the contract's names."""
    if path is None:
        return {}
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"bronkoppeling onleesbaar: {exc}", file=str(path), rule="geldig TOML") from None
    mappings = {}
    for name, section in data.items():
        if name not in INPUTS:
            raise InputError(f"onbekende invoer [{name}]", file=str(path), rule="polis, werkgevers, brp, rni of gbav")
        columns, fallbacks = {}, {}
        for key, value in section.get("kolommen", {}).items():
            if isinstance(value, list):
                fallbacks[str(key).strip().lower()] = tuple(str(v).strip().lower() for v in value)
            else:
                columns[str(key).strip().lower()] = str(value)
        wrong = sorted({t for t in [*columns.values(), *fallbacks] if not _valid_target(name, t)})
        if wrong:
            raise InputError(f"[{name}] koppelt naar onbekende kolom(men) {', '.join(wrong)}", file=str(path),
                             rule="doel is een contractkolom (bij gbav een LO3-elementnummer)")
        fmt = section.get("datumformaat", "JJJJ-MM-DD")
        if fmt not in DATE_FORMATS:
            raise InputError(f"[{name}] datumformaat {fmt!r} onbekend", file=str(path),
                             rule=" of ".join(DATE_FORMATS))
        mappings[name] = SourceMapping(columns=columns, date_format=fmt, fallbacks=fallbacks)
    return mappings
