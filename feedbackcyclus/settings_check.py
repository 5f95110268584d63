"""Checking settings at load: per-field metadata on the settings dataclasses.

``setting(default, minimum=…, maximum=…, unit="bytes", nonempty=True)`` declares a field with
its check; the type comes from the annotation (``int``, ``float``, ``bool``, ``str``, ``Path``,
optionally ``| None``). ``check_sections`` turns a parsed TOML document into the settings
object, section by section, and raises ``ConfigError`` naming ``[section] key`` and the file
for the first value that does not fit. A class may add ``cross_checks()`` for rules between
its fields. Why here and not in ``Settings``: so sections added later (letters, portal) get
the same checks by declaring their fields with ``setting``. A field whose type is a
dataclass is read as a ``[section]`` even without ``section(...)``; plain fields (without
``setting``) still get the type check; ``list[str]`` fields are checked item by item.
"""

from __future__ import annotations

import dataclasses
import re
import typing
from pathlib import Path
from types import NoneType, UnionType
from typing import Any

from feedbackcyclus.errors import ConfigError

_UNITS = {"b": 1, "kb": 1000, "mb": 1000 ** 2, "gb": 1000 ** 3, "tb": 1000 ** 4,
          "kib": 1024, "mib": 1024 ** 2, "gib": 1024 ** 3, "tib": 1024 ** 4}
_SIZE = re.compile(r"\s*([0-9]+(?:\.[0-9]+)?)\s*([a-z]+)\s*", re.ASCII | re.IGNORECASE)


def setting(default: Any, *, minimum: float | None = None, maximum: float | None = None,
            unit: str | None = None, nonempty: bool = False, choices: tuple | None = None) -> Any:
    """A settings field with the checks applied when it is read from a file."""
    return dataclasses.field(default=default, metadata={
        "minimum": minimum, "maximum": maximum, "unit": unit, "nonempty": nonempty, "choices": choices})


def section(cls: type) -> Any:
    """A ``[section]`` of the settings file, read and checked with ``cls``'s field metadata."""
    return dataclasses.field(default_factory=cls, metadata={"section": cls})


def byte_size(text: str) -> int:
    """``"4GB"`` → 4 000 000 000; ``ValueError`` for anything DuckDB would not take as a size."""
    m = _SIZE.fullmatch(text)
    if not m or m.group(2).lower() not in _UNITS:
        raise ValueError(f"{text!r} is geen geheugengrootte (bijvoorbeeld \"4GB\" of \"512MiB\")")
    return int(float(m.group(1)) * _UNITS[m.group(2).lower()])


def _kinds(hint: Any) -> tuple[type, bool]:
    """The value type of an annotation and whether ``None`` is allowed."""
    if isinstance(hint, UnionType) or typing.get_origin(hint) is typing.Union:
        args = [a for a in typing.get_args(hint) if a is not NoneType]
        return args[0], len(args) < len(typing.get_args(hint))
    return hint, False


_TYPE_NAMES = {int: "geheel getal", float: "getal", bool: "true/false-waarde", str: "tekst",
               Path: "pad (tekst)"}


def check_value(key: str, value: Any, f: dataclasses.Field, hint: Any, file: str, base: Path | None) -> Any:
    kind, _ = _kinds(hint)
    if typing.get_origin(kind) in (list, tuple):
        if not isinstance(value, list):
            raise ConfigError(f"{value!r} is geen lijst", key=key, file=file)
        item = dataclasses.field(metadata=f.metadata)
        items = [check_value(f"{key}[{i}]", v, item, typing.get_args(kind)[0], file, base)
                 for i, v in enumerate(value)]
        return tuple(items) if typing.get_origin(kind) is tuple else items
    wrong = ConfigError(f"{value!r} is geen {_TYPE_NAMES.get(kind, getattr(kind, '__name__', str(kind)))}",
                        key=key, file=file)
    if kind is bool:
        if not isinstance(value, bool):
            raise wrong
    elif kind is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise wrong
    elif kind is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise wrong
        value = float(value)
    elif kind in (str, Path) and not isinstance(value, str):
        raise wrong
    meta = f.metadata
    if meta.get("choices") and value not in meta["choices"]:
        raise ConfigError(f"{value!r} is niet een van {', '.join(map(str, meta['choices']))}", key=key, file=file)
    if kind in (str, Path) and (meta.get("nonempty") or kind is Path) and not value.strip():
        raise ConfigError("mag niet leeg zijn", key=key, file=file)
    if "\x00" in str(value):
        raise ConfigError("bevat een NUL-teken", key=key, file=file)
    measured = value
    if meta.get("unit") == "bytes":
        try:
            measured = byte_size(value)
        except ValueError as exc:
            raise ConfigError(str(exc), key=key, file=file) from None
    if meta.get("minimum") is not None and measured < meta["minimum"]:
        raise ConfigError(f"{value!r} is kleiner dan het minimum {_show(meta['minimum'], meta)}", key=key, file=file)
    if meta.get("maximum") is not None and measured > meta["maximum"]:
        raise ConfigError(f"{value!r} is groter dan het maximum {_show(meta['maximum'], meta)}", key=key, file=file)
    if kind is Path:
        path = Path(value).expanduser()
        value = path if path.is_absolute() or base is None else base / path
    return value


def _show(limit: float, meta: dict) -> str:
    return f"{limit // 1024 ** 2} MiB" if meta.get("unit") == "bytes" else f"{limit:g}"


def build(cls: type, values: dict, *, file: str, base: Path | None, prefix: str = "") -> Any:
    """An instance of ``cls`` from ``values`` (one TOML table), every field checked."""
    hints = typing.get_type_hints(cls)
    by_name = {f.name: f for f in dataclasses.fields(cls) if f.init}
    kwargs: dict[str, Any] = {}
    for key, value in values.items():
        name = f"{prefix}{key}"
        f = by_name.get(key)
        if f is None:
            raise ConfigError("onbekende instelling", key=name, file=file)
        section_cls = f.metadata.get("section") or (hints[key] if dataclasses.is_dataclass(hints[key]) else None)
        if section_cls is not None:
            if not isinstance(value, dict):
                raise ConfigError("hoort een sectie te zijn", key=f"[{key}]", file=file)
            kwargs[key] = build(section_cls, value, file=file, base=base, prefix=f"[{key}] ")
        elif isinstance(value, dict):
            raise ConfigError("is geen sectie", key=f"[{name}]", file=file)
        else:
            kwargs[key] = check_value(name, value, f, hints[key], file, base)
    instance = cls(**kwargs)
    for key, message in getattr(instance, "cross_checks", list)():
        raise ConfigError(message, key=f"{prefix}{key}", file=file)
    return instance


def check_sections(cls: type, data: dict, *, file: str, base: Path | None = None) -> Any:
    """The top-level settings object from a parsed TOML document."""
    return build(cls, data, file=file, base=base)
