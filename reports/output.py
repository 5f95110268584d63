"""A published file as the manifest lists it."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Output:
    path: str        # relative to the period folder, with '/'
    rows: int | None  # data rows for CSV/Parquet, None for documents
    sha256: str

    def as_manifest(self) -> dict:
        return {"path": self.path, "rows": self.rows, "sha256": self.sha256}


def file_output(root: Path, path: Path, rows: int | None) -> Output:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return Output(path.relative_to(root).as_posix(), rows, digest)


def write_text(root: Path, rel: str, text: str) -> Output:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8")
    path.write_bytes(data)
    return Output(rel, None, hashlib.sha256(data).hexdigest())



def write_new_file(root: Path | str, rel: str, data: bytes, rows: int | None) -> Output:
    """Create a file that must not exist yet in an existing folder, owner-only, in as few system
    calls as possible (the ~80 000 employer folders of a national month make every call count;
    ``root`` may be a plain string for the same reason)."""
    fd = os.open(f"{os.fspath(root)}/{rel}", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)
    return Output(rel, rows, hashlib.sha256(data).hexdigest())
