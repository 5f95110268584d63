"""One module per command of the ``feedbackcyclus`` CLI (DESIGN.md §6, §9).

Each module has ``add_parsers(sub)``, which declares its sub-command(s) and binds the
function that carries it out (``set_defaults(execute=…)``), and that function, called by
``flows.cli.main`` as ``execute(args, settings) -> exit code``. Errors an operator can fix
are raised as ``FeedbackError`` (exit 2 via ``main``), never printed here.

- ``run``: ``run`` and ``backfill`` (the cascade rule ``plan_periods``)
- ``generate``: sample inputs (the only module that imports ``sample_data``)
- ``purge``, ``status``, ``brieven``
- ``portal``: ``portal``, ``account``, ``audit`` (the web stack is imported only there)
"""
