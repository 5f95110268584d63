"""Serve the deployment ``monthly-feedback-cycle/maandelijks`` (``make serve``).

Schedule: the 5th of every month at 06:00 Europe/Amsterdam, for the previous month (the
flow's ``period`` parameter left empty). Analysts can also start a run for any month from
the Prefect UI or with ``prefect deployment run monthly-feedback-cycle/maandelijks -p period=2026-10``.
"""

from __future__ import annotations

import os

from prefect.schedules import Cron

from flows.monthly import monthly_feedback_cycle

DEPLOYMENT_NAME = "maandelijks"
SCHEDULE = Cron("0 6 5 * *", timezone="Europe/Amsterdam")


def serve() -> None:
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    monthly_feedback_cycle.serve(
        name=DEPLOYMENT_NAME,
        schedules=[SCHEDULE],
        description="Maandelijkse feedbackcyclus: polis tegen BRP en RNI, signalen per doelgroep.",
        tags=["feedbackcyclus"],
        limit=1,
    )


if __name__ == "__main__":
    serve()
