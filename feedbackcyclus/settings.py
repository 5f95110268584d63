"""The one typed settings object that every layer receives as an argument.

Defaults are the contract's (DESIGN.md §4, §7). An analyst can override them in a TOML
file (``--config``, else ``FEEDBACKCYCLUS_CONFIG``, else ``config/feedbackcyclus.toml``), and
the CLI overrides the paths. Nothing reads configuration from globals after this object is
built.

Every setting is checked when the file is loaded (``feedbackcyclus.settings_check``): type,
range and unit come from the field's metadata (``setting(...)``), so a wrong value stops
with exit 2 naming the key and the file before any work is done — not after a full ingest,
and never silently (a negative threshold would switch a gate off). A section is a field of
``Settings`` whose value is a dataclass: adding one (``brief: BriefSettings =
section(BriefSettings)``) is the only line needed to have it read and checked.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from feedbackcyclus.errors import ConfigError
from feedbackcyclus.settings_check import check_sections, section, setting

DEFAULT_CONFIG = Path("config/feedbackcyclus.toml")


@dataclass(frozen=True)
class RuleSettings:
    """Thresholds of the matching rules (DESIGN.md §4)."""

    rni_window_months: int = setting(6, minimum=1, maximum=24)
    rni_min_months: int = setting(4, minimum=1, maximum=24)
    multi_min_employers: int = setting(3, minimum=2)
    multi_hours_above: float = setting(259.5, minimum=0)  # 1.5 × 173 hours

    def cross_checks(self) -> list[tuple[str, str]]:
        if self.rni_min_months > self.rni_window_months:
            return [("rni_min_months", f"{self.rni_min_months} is groter dan rni_window_months "
                                       f"({self.rni_window_months})")]
        return []


@dataclass(frozen=True)
class QualitySettings:
    """Thresholds of the batch quality gates (DESIGN.md §7). Shares are fractions in [0, 1]."""

    max_quarantine_share: float = setting(0.01, minimum=0, maximum=1)
    max_finding_share: float = setting(0.05, minimum=0, maximum=1)
    max_row_change: float = setting(0.20, minimum=0)
    max_null_share_required: float = setting(0.01, minimum=0, maximum=1)
    max_unknown_employer_share: float = setting(0.01, minimum=0, maximum=1)
    max_unknown_code_share: float = setting(0.01, minimum=0, maximum=1)
    max_duplicate_key_share: float = setting(0.01, minimum=0, maximum=1)
    max_snapshot_lag_days: int = setting(62, minimum=0)
    # a re-delivered month (DESIGN.md §7 v2): an input byte-identical to the one of P−1
    max_identical_to_previous: int = setting(0, minimum=0, maximum=1)  # 1 = allowed
    # payroll rows whose declaration period (tijdvak) lies wholly outside P
    max_payroll_outside_period_share: float = setting(0.5, minimum=0, maximum=1)
    min_year: int = setting(1880, minimum=1000, maximum=9999)
    max_year: int = setting(2100, minimum=1000, maximum=9999)

    def cross_checks(self) -> list[tuple[str, str]]:
        if self.min_year > self.max_year:
            return [("min_year", f"{self.min_year} ligt na max_year ({self.max_year})")]
        return []


@dataclass(frozen=True)
class EngineSettings:
    """DuckDB and publishing resources. ``threads = None`` lets DuckDB use every core.

    The memory limit keeps a national run (33 million input rows) inside a 6 GiB budget:
    beyond it DuckDB spills to ``temp_directory`` (default: ``duckdb-tmp`` beside the
    warehouse file) instead of growing. ``None`` lets DuckDB take 80 % of the RAM.
    """

    threads: int | None = setting(None, minimum=1, maximum=1024)
    memory_limit: str | None = setting("4GB", unit="bytes", minimum=128 * 1024 ** 2)
    temp_directory: Path | None = setting(None)
    publish_workers: int | None = setting(None, minimum=1, maximum=1024)  # None = one per core


def _placeholder(what: str, key: str) -> str:
    return f"[{what} — in te stellen in [brief] {key}]"


@dataclass(frozen=True)
class LetterSettings:
    """The sender of the employer letters and municipality summaries (DESIGN.md §5).

    The defaults are visibly marked placeholders, never invented addresses: a letter sent
    with them shows at a glance what still has to be configured. Give values that read in
    Dutch and English alike (a name, an address, a URL, a phone number): foreign employers get
    the English letter with the same values. The letter date is ``briefdatum_werkdagen``
    working days after peildatum (not "today", so a rerun publishes the same bytes); the
    response date is ``reactietermijn_dagen`` days later, moved to a working day.
    """

    afzender: str = _placeholder("AFZENDER", "afzender")
    afzender_adres: str = _placeholder("POSTADRES AFZENDER", "afzender_adres")
    contact: str = _placeholder("CONTACTGEGEVENS (telefoon, e-mail)", "contact")
    reactiekanaal: str = _placeholder("REACTIEKANAAL (portaal, e-mail of postadres)", "reactiekanaal")
    portaal_url: str = _placeholder("ADRES VAN HET PORTAAL", "portaal_url")
    ondertekenaar: str = _placeholder("NAAM EN FUNCTIE ONDERTEKENAAR", "ondertekenaar")
    briefdatum_werkdagen: int = setting(10, minimum=0, maximum=60)
    reactietermijn_dagen: int = setting(28, minimum=1, maximum=365)


@dataclass(frozen=True)
class Settings:
    inbox: Path = setting(Path("var/inbox"))
    reports: Path = setting(Path("var/reports"))
    warehouse: Path = setting(Path("var/warehouse.duckdb"))
    # where run state goes (Prefect home, quality reports of failed runs, temp files):
    # ``None`` = the warehouse's folder, never the current directory
    state_dir: Path | None = setting(None)
    source_mappings: Path | None = setting(None)  # None: the project's config/bronnen.toml when present
    accept_quality_warnings: bool = setting(False)
    rules: RuleSettings = section(RuleSettings)
    quality: QualitySettings = section(QualitySettings)
    engine: EngineSettings = section(EngineSettings)
    brief: LetterSettings = section(LetterSettings)
    state_derived: bool = field(default=False, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.state_dir is None:
            object.__setattr__(self, "state_dir", Path(self.warehouse).parent)
            object.__setattr__(self, "state_derived", True)

    def with_paths(self, inbox: str | Path | None = None, reports: str | Path | None = None,
                   warehouse: str | Path | None = None) -> Settings:
        """Return a copy with the CLI's path options applied (state follows a moved warehouse)."""
        changes: dict[str, Path | None] = {}
        if inbox:
            changes["inbox"] = Path(inbox)
        if reports:
            changes["reports"] = Path(reports)
        if warehouse:
            changes["warehouse"] = Path(warehouse)
            if self.state_derived:
                changes["state_dir"] = None
        return replace(self, **changes)

    @property
    def quality_dir(self) -> Path:
        """Where a failed run keeps its quality report (nothing is published then)."""
        return self.state_dir / "kwaliteit"


def config_source(path: str | Path | None = None) -> tuple[Path, bool]:
    """The settings file to read and whether it must exist (named explicitly)."""
    if path:
        return Path(path), True
    if os.environ.get("FEEDBACKCYCLUS_CONFIG"):
        return Path(os.environ["FEEDBACKCYCLUS_CONFIG"]), True
    return DEFAULT_CONFIG, False


def load_settings(path: str | Path | None = None) -> Settings:
    """Defaults, overlaid with the TOML file; every value checked (``ConfigError``, exit 2)."""
    source, required = config_source(path)
    settings = Settings()
    if source.is_file():
        settings = _from_toml(source)
    elif required:
        raise ConfigError("het instellingenbestand bestaat niet", file=str(source))
    if os.environ.get("FEEDBACKCYCLUS_STATE_DIR"):
        settings = replace(settings, state_dir=Path(os.environ["FEEDBACKCYCLUS_STATE_DIR"]))
    return settings


def _from_toml(p: Path) -> Settings:
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"geen geldige TOML: {exc}", file=str(p)) from None
    except OSError as exc:
        raise ConfigError(f"onleesbaar: {exc.strerror}", file=str(p)) from None
    return check_sections(Settings, data, file=str(p), base=p.parent)
