"""The one typed settings object that every layer receives as an argument.

Defaults are the contract's (DESIGN.md §4, §7). An analyst can override them in a TOML
file (``FEEDBACKCYCLUS_CONFIG`` or ``config/feedbackcyclus.toml``), and the CLI overrides
the paths. Nothing reads configuration from globals after this object is built.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path


@dataclass(frozen=True)
class RuleSettings:
    """Thresholds of the matching rules (DESIGN.md §4)."""

    rni_window_months: int = 6
    rni_min_months: int = 4
    multi_min_employers: int = 3
    multi_hours_above: float = 259.5  # 1.5 × 173 hours


@dataclass(frozen=True)
class QualitySettings:
    """Thresholds of the batch quality gates (DESIGN.md §7)."""

    max_quarantine_share: float = 0.01
    max_finding_share: float = 0.05
    max_row_change: float = 0.20
    max_null_share_required: float = 0.01
    max_unknown_employer_share: float = 0.01
    max_unknown_code_share: float = 0.01
    max_duplicate_key_share: float = 0.01
    max_snapshot_lag_days: int = 62
    min_year: int = 1880
    max_year: int = 2100


@dataclass(frozen=True)
class EngineSettings:
    """DuckDB and publishing resources. ``threads = None`` lets DuckDB use every core.

    The memory limit keeps a national run (33 million input rows) inside a 6 GiB budget:
    beyond it DuckDB spills to ``temp_directory`` (default: ``duckdb-tmp`` beside the
    warehouse file) instead of growing. ``None`` lets DuckDB take 80 % of the RAM.
    """

    threads: int | None = None
    memory_limit: str | None = "4GB"
    temp_directory: str | None = None
    publish_workers: int | None = None  # processes writing employer folders; None = one per core


@dataclass(frozen=True)
class PortalSettings:
    """The portal (DESIGN.md §9): where its database lives and how sessions behave.

    ``database`` is a file path (SQLite) or a ``postgresql://`` URL; ``None`` means
    ``portal.sqlite3`` beside the warehouse. ``secure_cookies`` must be on behind a TLS
    reverse proxy (the cookie is then only sent over HTTPS).
    """

    database: str | None = None
    secure_cookies: bool = False
    session_idle_minutes: int = 30
    login_max_failures: int = 5
    login_window_minutes: int = 15


@dataclass(frozen=True)
class Settings:
    inbox: Path = Path("var/inbox")
    reports: Path = Path("var/reports")
    warehouse: Path = Path("var/warehouse.duckdb")
    state_dir: Path = Path("var")
    source_mappings: Path = Path("config/bronnen.toml")
    accept_quality_warnings: bool = False
    rules: RuleSettings = field(default_factory=RuleSettings)
    quality: QualitySettings = field(default_factory=QualitySettings)
    engine: EngineSettings = field(default_factory=EngineSettings)
    portal: PortalSettings = field(default_factory=PortalSettings)

    def with_paths(self, inbox: str | Path | None = None, reports: str | Path | None = None,
                   warehouse: str | Path | None = None) -> Settings:
        """Return a copy with the CLI's path options applied."""
        changes: dict[str, Path] = {}
        if inbox:
            changes["inbox"] = Path(inbox)
        if reports:
            changes["reports"] = Path(reports)
        if warehouse:
            changes["warehouse"] = Path(warehouse)
        return replace(self, **changes)

    @property
    def quality_dir(self) -> Path:
        """Where a failed run keeps its quality report (nothing is published then)."""
        return self.state_dir / "kwaliteit"


def _section(cls, values: dict):
    known = {f.name for f in fields(cls)}
    unknown = set(values) - known
    if unknown:
        raise ValueError(f"onbekende instelling(en) in [{cls.__name__}]: {', '.join(sorted(unknown))}")
    return cls(**values)


def load_settings(path: str | Path | None = None) -> Settings:
    """Defaults, overlaid with a TOML file when one exists."""
    candidate = path or os.environ.get("FEEDBACKCYCLUS_CONFIG") or "config/feedbackcyclus.toml"
    p = Path(candidate)
    settings = Settings()
    if p.is_file():
        settings = _from_toml(p)
    if os.environ.get("FEEDBACKCYCLUS_STATE_DIR"):
        settings = replace(settings, state_dir=Path(os.environ["FEEDBACKCYCLUS_STATE_DIR"]))
    return settings


def _from_toml(p: Path) -> Settings:
    data = tomllib.loads(p.read_text(encoding="utf-8"))
    top = {k: v for k, v in data.items() if not isinstance(v, dict)}
    for key in ("inbox", "reports", "warehouse", "state_dir", "source_mappings"):
        if key in top:
            top[key] = Path(top[key])
    return Settings(
        **top,
        rules=_section(RuleSettings, data.get("rules", {})),
        quality=_section(QualitySettings, data.get("quality", {})),
        engine=_section(EngineSettings, data.get("engine", {})),
        portal=_section(PortalSettings, data.get("portal", {})),
    )
