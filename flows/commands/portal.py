"""The portal's commands (DESIGN.md §9): ``portal``, ``account add|disable``, ``audit``.

Kept apart so the pipeline's commands do not import the web stack: ``portal``, ``uvicorn``
and the database layer are imported only when one of these commands runs. No default
account exists: the first analyst account is made with ``account add`` on the server.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date

from feedbackcyclus.errors import RunRefused
from feedbackcyclus.settings import Settings


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is geen datum JJJJ-MM-DD") from None


def add_parsers(sub: argparse._SubParsersAction) -> None:
    portal = sub.add_parser("portal", help="start het webportaal (tot het wordt gestopt)")
    portal.add_argument("--host", default="127.0.0.1")
    portal.add_argument("--port", type=int, default=8600)
    portal.add_argument("--reports", help="map met de gepubliceerde perioden")
    portal.add_argument("--workers", type=int, default=1, help="aantal serverprocessen (standaard 1)")

    account = sub.add_parser("account", help="beheer accounts van het portaal")
    actions = account.add_subparsers(dest="account_command", required=True)
    add = actions.add_parser("add", help="maak een account; drukt een willekeurig beginwachtwoord af")
    add.add_argument("--user", required=True)
    add.add_argument("--role", required=True, choices=("analist", "gemeente", "werkgever", "inspectie"))
    add.add_argument("--scope", help="gemeentecode (gemeente) of loonheffingennummer (werkgever)")
    add.add_argument("--password-stdin", action="store_true", help="lees het wachtwoord van stdin")
    disable = actions.add_parser("disable", help="blokkeer een account en beëindig zijn sessies")
    disable.add_argument("--user", required=True)

    audit = sub.add_parser("audit", help="druk het auditlog af als CSV")
    audit.add_argument("--since", type=_date, help="vanaf deze datum (JJJJ-MM-DD, UTC)")
    for p in (portal, account, audit):
        p.set_defaults(execute=execute)


def _engine(settings: Settings):
    from feedbackcyclus.portal_database import database_location, open_engine

    return open_engine(database_location(settings))


def execute(args: argparse.Namespace, settings: Settings) -> int:
    if args.command == "portal":
        return _serve(args, settings)
    if args.command == "audit":
        from portal.audit import as_csv

        sys.stdout.write(as_csv(_engine(settings), args.since))
        return 0
    from portal.accounts import AccountError, add_account, disable_account, generate_password

    try:
        if args.account_command == "disable":
            ended = disable_account(_engine(settings), args.user)
            print(f"Account {args.user} geblokkeerd; {ended} sessie(s) beëindigd.")
            return 0
        password = sys.stdin.readline().rstrip("\r\n") if args.password_stdin else generate_password()
        account = add_account(_engine(settings), args.user, args.role, args.scope, password)
    except (AccountError, ValueError) as exc:
        raise RunRefused(f"account: {exc}") from None
    scope = f", scope {account.scope}" if account.scope else ""
    if args.password_stdin:
        print(f"Account {account.gebruiker} aangemaakt (rol {account.rol}{scope}).")
    else:
        print(f"Account {account.gebruiker} aangemaakt (rol {account.rol}{scope}). Beginwachtwoord (eenmalig "
              "getoond, geef het via een veilig kanaal door):")
        print(password)
    return 0


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from portal.app import create_app

    settings = settings.with_paths(reports=args.reports)
    options = {"host": args.host, "port": args.port, "access_log": False, "proxy_headers": True,
               "log_level": "warning"}
    print(f"Portaal op http://{args.host}:{args.port}/ (rapporten: {settings.reports.resolve()}); stoppen met Ctrl-C",
          flush=True)
    if args.workers > 1:  # each worker process builds the app itself from the same config
        if args.config:
            os.environ["FEEDBACKCYCLUS_CONFIG"] = args.config
        os.environ["FEEDBACKCYCLUS_PORTAL_REPORTS"] = str(settings.reports.resolve())
        create_app(settings)  # fail here, not in the workers, on a bad database setting
        uvicorn.run("portal.app:create_app_from_env", factory=True, workers=args.workers, **options)
    else:
        uvicorn.run(create_app(settings), **options)
    return 0
