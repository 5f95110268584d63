"""Test hook for crash-safety tests: pause at a named stage so a test can SIGKILL the run.

Set ``FEEDBACKCYCLUS_PAUSE_AT=<stage>`` (and optionally ``FEEDBACKCYCLUS_PAUSE_FILE``, a file
that is created when the pause starts). Stages: ``ingest``, ``warehouse-write``,
``publish``, ``swap``. Without the variable this does nothing.
"""

from __future__ import annotations

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
