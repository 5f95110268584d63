"""Serve the deployment ``monthly-feedback-cycle/maandelijks`` (``make serve``).

Schedule: the 5th of every month at 06:00 Europe/Amsterdam, for the previous month (the
flow's ``period`` parameter left empty). Analysts can also start a run for any month from
the Prefect UI or with ``prefect deployment run monthly-feedback-cycle/maandelijks -p period=2026-10``.

Inbox, reports and warehouse are settings of the deployment (its settings file,
``FEEDBACKCYCLUS_CONFIG``), not run parameters: nobody with access to the UI can point a run
at another folder (DESIGN.md §6 v2). The settings are checked when serving starts, so a
broken file stops ``make serve`` instead of the scheduled run weeks later.
"""

from __future__ import annotations

import os

from prefect.schedules import Cron

from feedbackcyclus.locations import check_locations, private_umask
from feedbackcyclus.settings import load_settings
from flows.monthly import monthly_feedback_cycle

DEPLOYMENT_NAME = "maandelijks"
SCHEDULE = Cron("0 6 5 * *", timezone="Europe/Amsterdam")


def serve() -> None:
    private_umask()
    check_locations(load_settings())
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
