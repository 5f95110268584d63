"""The portal's HTTP interface (DESIGN.md §9; paths, form fields and status codes are contract).

Routes only wire: who is asking (``_account``), may they (``authorize``), what to answer,
and an audit row for every request for a file or an outcome, allowed or refused. Every
refusal of a path is the same 404 page. Handlers are plain ``def``: the database calls are
blocking, so Starlette runs them in its thread pool.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from sqlalchemy.engine import Engine
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException

from feedbackcyclus.portal_database import database_location, open_engine
from feedbackcyclus.settings import Settings
from portal import audit
from portal.accounts import Account, Throttled, account_exists, authenticate
from portal.analyst import analyst_view
from portal.authz import PERIOD, allowed_files, authorize, published_periods
from portal.clock import Clock, utc_now
from portal.outcomes import MAX_UPLOAD_BYTES, OutcomeRejected, check_rows, latest_for, parse_upload, store
from portal.pages import Pages
from portal.renderers import MEDIA_TYPES, rendered
from portal.roles import OUTCOME_CODES, OUTCOME_LABELS, check_user_name
from portal.security import SecurityHeaders
from portal.sessions import create_session, csrf_token, csrf_valid, end_session, session_account
from portal.signals import user_signals

COOKIE = "fbc_sessie"
_SMALL_FILE = 1024 * 1024  # bytes; larger files are streamed
_DOWNLOAD_TYPES = {".csv": "text/csv; charset=utf-8", ".parquet": "application/vnd.apache.parquet",
                   ".json": "application/json", ".md": "text/markdown; charset=utf-8",
                   ".xlsx": MEDIA_TYPES["xlsx"], ".pdf": MEDIA_TYPES["pdf"]}


@dataclass
class PortalState:
    settings: Settings
    reports: Path
    engine: Engine
    clock: Clock = utc_now
    pages: Pages = field(default_factory=Pages)

    @property
    def idle(self) -> timedelta:
        return timedelta(minutes=self.settings.portal.session_idle_minutes)

    @property
    def cache_dir(self) -> Path:
        return self.settings.state_dir / "portal-cache"


def create_app(settings: Settings, reports: Path | None = None, engine: Engine | None = None,
               clock: Clock = utc_now) -> FastAPI:
    state = PortalState(settings, Path(reports or settings.reports),
                        engine or open_engine(database_location(settings)), clock)
    app = FastAPI(title="Feedbackcyclus-portaal", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.portal = state
    app.add_middleware(SecurityHeaders, secure=settings.portal.secure_cookies)

    def _account(request: Request) -> tuple[Account | None, str | None]:
        token = request.cookies.get(COOKIE)
        return session_account(state.engine, token, state.idle, state.clock), token

    def _log(request: Request, account: Account | None, result: str) -> None:
        audit.record(state.engine, account.gebruiker if account else "(geen sessie)",
                     account.rol if account else "", request.method, request.url.path, result, state.clock)

    def _not_found() -> HTMLResponse:
        return state.pages.render("fout.html", status_code=404, titel="Niet gevonden",
                                  melding="Deze pagina of dit bestand bestaat niet, of u hebt er geen toegang toe.")

    def _no_session(request: Request) -> Response:
        if request.method == "GET":
            return RedirectResponse("/login", status_code=303)
        return state.pages.render("fout.html", status_code=401, titel="Niet aangemeld",
                                  melding="Meld u eerst aan.")

    @app.exception_handler(StarletteHTTPException)
    def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 405:
            return state.pages.render("fout.html", status_code=405, titel="Niet toegestaan", melding="")
        return _not_found()

    @app.get("/static/portal.css")
    def stylesheet() -> Response:
        return Response(state.pages.stylesheet, media_type="text/css; charset=utf-8",
                        headers={"Cache-Control": "public, max-age=3600"})

    @app.get("/login")
    def login_form(request: Request) -> HTMLResponse:
        return state.pages.render("login.html", account=None)

    @app.post("/login")
    async def login(request: Request) -> Response:
        form = await request.form()
        user, password = str(form.get("gebruiker") or ""), str(form.get("wachtwoord") or "")
        return await run_in_threadpool(_login, user, password)  # Argon2 and the database block: not in the loop

    def _login(user: str, password: str) -> Response:
        # A name that is no account may be a password typed in the wrong field: never log it.
        try:
            logged_name = user if account_exists(state.engine, check_user_name(user)) else "(onbekende naam)"
        except ValueError:
            logged_name = "(onbekende naam)"
        portal = state.settings.portal
        try:
            account = authenticate(state.engine, user, password, max_failures=portal.login_max_failures,
                                   window=timedelta(minutes=portal.login_window_minutes), now=state.clock)
        except Throttled:
            audit.record(state.engine, logged_name, "", "POST", "/login", "429 geblokkeerd", state.clock)
            return state.pages.render("login.html", status_code=429, account=None,
                                      melding="Te veel mislukte pogingen. Probeer het over 15 minuten opnieuw.")
        if account is None:
            audit.record(state.engine, logged_name, "", "POST", "/login", "401 geweigerd", state.clock)
            return state.pages.render("login.html", status_code=401, account=None,
                                      melding="Gebruikersnaam of wachtwoord onjuist.")
        token = create_session(state.engine, account, state.clock)
        audit.record(state.engine, account.gebruiker, account.rol, "POST", "/login", "303 aangemeld", state.clock)
        response = RedirectResponse("/", status_code=303)
        response.set_cookie(COOKIE, token, httponly=True, samesite="strict", secure=portal.secure_cookies,
                            path="/", max_age=None)
        return response

    @app.post("/logout")
    def logout(request: Request) -> Response:
        account, token = _account(request)
        end_session(state.engine, token)
        if account:
            audit.record(state.engine, account.gebruiker, account.rol, "POST", "/logout", "303 afgemeld", state.clock)
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict",
                               secure=state.settings.portal.secure_cookies)
        return response

    @app.get("/")
    def index(request: Request) -> Response:
        account, token = _account(request)
        if account is None:
            return _no_session(request)
        periods = [{"periode": p, "bestanden": allowed_files(account, state.reports, p)}
                   for p in published_periods(state.reports)]
        return state.pages.render("index.html", account=account, csrf=csrf_token(token), perioden=periods,
                                  meldt=account.rol in OUTCOME_CODES or account.rol == "analist")

    def _feedback_page(request: Request, account: Account, token: str, period: str, status_code: int = 200,
                       meldingen: list[str] | None = None, opgeslagen: int | None = None) -> HTMLResponse:
        common = {"account": account, "csrf": csrf_token(token), "periode": period, "meldingen": meldingen or [],
                  "opgeslagen": opgeslagen}
        if account.rol == "analist":
            return state.pages.render("analist.html", status_code=status_code,
                                      analyse=analyst_view(state.engine, state.reports, period), **common)
        signals = user_signals(account, state.reports, period)
        latest = latest_for(state.engine, [s.signaal_id for s in signals])
        codes = OUTCOME_CODES.get(account.rol, ())
        return state.pages.render("terugkoppeling.html", status_code=status_code, signalen=signals, laatste=latest,
                                  codes=[(c, OUTCOME_LABELS[c]) for c in codes], labels=OUTCOME_LABELS, **common)

    def _period_published(period: str) -> bool:
        return bool(PERIOD.match(period)) and period in published_periods(state.reports)

    @app.get("/perioden/{period}/terugkoppeling")
    def feedback_form(request: Request, period: str) -> Response:
        account, token = _account(request)
        if account is None:
            _log(request, None, "303 geen sessie")
            return _no_session(request)
        if not _period_published(period):
            _log(request, account, "404")
            return _not_found()
        saved = request.query_params.get("opgeslagen")
        _log(request, account, "200")
        return _feedback_page(request, account, token, period,
                              opgeslagen=int(saved) if saved and saved.isdigit() else None)

    @app.post("/perioden/{period}/terugkoppeling")
    async def feedback_submit(request: Request, period: str) -> Response:
        form = await request.form()
        fields = {k: str(form.get(k) or "") for k in ("csrf_token", "signaal_id", "uitkomst", "toelichting")}
        upload = form.get("bestand")
        data = await upload.read(MAX_UPLOAD_BYTES + 1) if isinstance(upload, UploadFile) and upload.filename else None
        return await run_in_threadpool(_submit, request, period, fields, data)

    def _submit(request: Request, period: str, fields: dict[str, str], upload: bytes | None) -> Response:
        account, token = _account(request)
        if account is None:
            _log(request, None, "401 geen sessie")
            return _no_session(request)
        if not csrf_valid(token, fields["csrf_token"]):
            _log(request, account, "403 csrf")
            return state.pages.render("fout.html", status_code=403, titel="Formulier verlopen",
                                      melding="Het formulier is verlopen of niet van dit portaal. Laad de pagina "
                                              "opnieuw en probeer het nog eens.")
        if not _period_published(period):
            _log(request, account, "404")
            return _not_found()
        try:
            if upload is not None:
                raw = parse_upload(upload)
            else:
                raw = [(None, [fields["signaal_id"], fields["uitkomst"], "", fields["toelichting"]])]
            own = [s.signaal_id for s in user_signals(account, state.reports, period)]
            rows = check_rows(account, own, raw, state.clock().date())
        except OutcomeRejected as exc:
            _log(request, account, "422")
            return _feedback_page(request, account, token, period, status_code=422, meldingen=exc.problems)
        count = store(state.engine, account, period, rows, state.clock)
        _log(request, account, f"303 {count} opgeslagen")
        return RedirectResponse(f"/perioden/{period}/terugkoppeling?opgeslagen={count}", status_code=303)

    def period_file(request: Request) -> Response:
        period, path = request.path_params["period"], request.path_params["path"]
        account, _ = _account(request)
        if account is None:
            _log(request, None, "303 geen sessie")
            return _no_session(request)
        grant = authorize(account, state.reports, period, path)
        if grant is None:
            _log(request, account, "404")
            return _not_found()
        _log(request, account, "200")
        name = path.rsplit("/", 1)[-1]
        headers = {"Cache-Control": "private, no-store"}
        if grant.kind != "file":
            data = rendered(grant.kind, grant.path, state.cache_dir)
            headers["Content-Disposition"] = f'attachment; filename="{name}"'
            return Response(data, media_type=MEDIA_TYPES[grant.kind], headers=headers)
        suffix = grant.path.suffix.lower()
        if suffix == ".html":
            media = "text/html; charset=utf-8"
        else:
            media = _DOWNLOAD_TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"
            headers["Content-Disposition"] = f'attachment; filename="{name}"'
        if grant.path.stat().st_size <= _SMALL_FILE:  # most files: one read in this worker thread
            return Response(grant.path.read_bytes(), media_type=media, headers=headers)
        return FileResponse(grant.path, media_type=media, headers=headers)

    # The hot path (every download) as a plain Starlette route: no FastAPI parameter machinery.
    app.router.add_route("/perioden/{period}/{path:path}", period_file, methods=["GET"])
    return app


def create_app_from_env() -> FastAPI:
    """App factory for ``uvicorn --workers``: each worker process builds its app from the config file."""
    import os

    from feedbackcyclus.settings import load_settings

    settings = load_settings(os.environ.get("FEEDBACKCYCLUS_CONFIG"))
    return create_app(settings.with_paths(reports=os.environ.get("FEEDBACKCYCLUS_PORTAL_REPORTS") or None))
