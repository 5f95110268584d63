"""Test hooks for crash-safety tests: pause or fail at a named stage.

``FEEDBACKCYCLUS_PAUSE_AT=<stage>`` (and optionally ``FEEDBACKCYCLUS_PAUSE_FILE``, a file that is
created when the pause starts) makes the run sleep there so a test can SIGKILL it.
``FEEDBACKCYCLUS_FAIL_AT=<stage>`` makes ``fail_point`` raise ``OSError`` there (errno from
``FEEDBACKCYCLUS_FAIL_ERRNO``, default EIO), so a test can make e.g. the final swap fail.
Stages: ``ingest``, ``warehouse-write``, ``publish``, ``swap``, ``commit``. Without the
variables this does nothing.
"""

from __future__ import annotations

import errno
import os
import time
from pathlib import Path


def pause_point(stage: str) -> None:
    if os.environ.get("FEEDBACKCYCLUS_PAUSE_AT") != stage:
        return
    marker = os.environ.get("FEEDBACKCYCLUS_PAUSE_FILE")
    if marker:
        Path(marker).write_text(stage)
    time.sleep(float(os.environ.get("FEEDBACKCYCLUS_PAUSE_SECONDS", "600")))


def fail_point(stage: str, path: Path | None = None) -> None:
    """Raise the configured ``OSError`` at ``stage`` (a test hook; a no-op otherwise)."""
    if os.environ.get("FEEDBACKCYCLUS_FAIL_AT") != stage:
        return
    code = int(os.environ.get("FEEDBACKCYCLUS_FAIL_ERRNO", str(errno.EIO)))
    raise OSError(code, os.strerror(code), str(path) if path else None)
