"""The OpenID Connect endpoints: start a sign-in, the redirect URI (callback), and back-channel logout."""

from __future__ import annotations

import logging
from typing import Any

from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.helpers import complete_social_login
from allauth.socialaccount.internal import statekit
from allauth.socialaccount.models import SocialAccount
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from paperkeep.accounts import attempts, linking, sessions
from paperkeep.accounts.adapters import NOTE
from paperkeep.accounts.conf import OidcApp, oidc_app
from paperkeep.accounts.errors import ProviderRefused, ProviderUnknown, SsoError, StateMismatch
from paperkeep.accounts.models import SsoAttempt, SsoSession
from paperkeep.accounts.oidc import discovery, flow, jwtcheck
from paperkeep.accounts.views.errors import render_sso_error

logger = logging.getLogger(__name__)


def _app(provider_id: str) -> OidcApp:
    app = oidc_app(provider_id)
    if app is None:
        raise ProviderUnknown(f"There is no sign-in provider called {provider_id!r} here (or single sign-on is "
                              "switched off).")
    return app


def start(request: HttpRequest, app: OidcApp) -> HttpResponse:
    """Send the browser to the provider; used by the login button and by AUTO_LOGIN."""
    provider = get_adapter(request).get_provider(request, app.provider_id)
    return provider.redirect_from_request(request)


@never_cache
def login(request: HttpRequest, provider_id: str) -> HttpResponse:
    """POST (the login button): go to the provider. GET: ask first, so no page can sign you in unasked."""
    try:
        app = _app(provider_id)
        if request.method == "POST":
            return start(request, app)
    except SsoError as exc:
        attempts.record(request, provider_id, SsoAttempt.Outcome.FAILED, process=request.GET.get("process", "login"),
                        code=exc.code, message=exc.message, detail=exc.detail)
        return render_sso_error(request, exc, provider_id)
    process = request.GET.get("process", "login")
    return render(request, "accounts/provider_confirm.html", {"app": app, "process": process,
                                                                 "next": request.GET.get("next", "")})


def _pending(state: dict[str, Any]) -> flow.Pending:
    return flow.Pending(nonce=str(state.get("nonce", "")), code_verifier=state.get("pkce_code_verifier"),
                        redirect_uri=str(state.get("redirect_uri", "")))


def _provider_error(request: HttpRequest, app: OidcApp) -> ProviderRefused:
    error = request.GET.get("error", "")
    description = request.GET.get("error_description", "")
    if error == "access_denied":
        return ProviderRefused(f"{app.label} did not let you sign in to Paperkeep (access denied). You may have "
                               "cancelled, or your account there is not allowed to use this application.",
                               code="sso.access_denied", detail=description)
    if not error:
        return ProviderRefused(f"{app.label} sent you back without a sign-in code.", code="sso.no_code")
    return ProviderRefused(f"{app.label} reported an error: {error}.", code="sso.provider_error", detail=description)


def _outcome(request: HttpRequest, process: str, login: Any) -> tuple[str, str, str, Any]:
    if hasattr(request, NOTE):
        code, message = getattr(request, NOTE)
        outcome = SsoAttempt.Outcome.PENDING if code == "sso.signup_form" else SsoAttempt.Outcome.FAILED
        return outcome, code, message, None
    if process == "connect":
        account = SocialAccount.objects.filter(provider=login.account.provider, uid=login.account.uid).first()
        if account is not None and request.user.is_authenticated and account.user_id == request.user.pk:
            return SsoAttempt.Outcome.CONNECTED, "", "", request.user
        return SsoAttempt.Outcome.FAILED, "sso.connect_conflict", \
            "This identity is already connected to another Paperkeep account.", None
    if request.user.is_authenticated:
        return SsoAttempt.Outcome.OK, "", "", request.user
    return SsoAttempt.Outcome.PENDING, "sso.next_step", "Signed in at the provider; another step is pending " \
        "(a second factor, or e-mail verification).", login.user


@never_cache
def callback(request: HttpRequest, provider_id: str) -> HttpResponse:
    """The redirect URI: check state, redeem the code, check the tokens, then let allauth sign in or sign up."""
    process, identity = "login", None
    app: OidcApp | None = None
    try:
        app = _app(provider_id)
        state_id = request.GET.get("state") or ""
        state = statekit.unstash_state(request, provider_id=provider_id, state_id=state_id) if state_id else None
        if state is None:
            raise StateMismatch("This sign-in was not started in this browser, was already completed, or is too old "
                                "(the state does not match). Please start again from the login page.")
        process = str(state.get("process") or "login")
        if "error" in request.GET or "code" not in request.GET:
            raise _provider_error(request, app)
        identity = flow.complete(app, request.GET["code"], _pending(state))
        existing = linking.account_for(provider_id, identity.issuer, identity.subject)
        provider = get_adapter(request).get_provider(request, provider_id)
        social = provider.sociallogin_from_response(
            request, {"iss": identity.issuer, "id_token": identity.id_claims, "userinfo": identity.userinfo})
        if existing is not None:
            social.account.provider = existing.provider
        social.state = state
        if process == "login":
            sid = identity.id_claims.get("sid")
            sessions.stash_pending(request, sessions.SsoInfo(
                provider_id, identity.issuer, identity.subject, sid if isinstance(sid, str) else "",
                identity.id_token))
        response = complete_social_login(request, social)
    except SsoError as exc:
        attempts.record(request, provider_id, SsoAttempt.Outcome.FAILED, process=process, code=exc.code,
                        message=exc.message, detail=exc.detail,
                        subject=identity.subject if identity else exc.subject,
                        claims=identity.claims if identity else exc.claims)
        return render_sso_error(request, exc, app.label if app else provider_id)
    outcome, code, message, user = _outcome(request, process, social)
    attempts.record(request, provider_id, outcome, process=process, code=code, message=message,
                    subject=identity.subject, claims=identity.claims, user=user)
    return response


def _logout_error(message: str) -> JsonResponse:
    response = JsonResponse({"error": "invalid_request", "error_description": message}, status=400)
    response["Cache-Control"] = "no-store"
    return response


@csrf_exempt
@require_POST
def backchannel_logout(request: HttpRequest, provider_id: str) -> HttpResponse:
    """OpenID Connect Back-Channel Logout 1.0: a signed logout token ends that user's (or session's) sessions."""
    token = request.POST.get("logout_token", "")
    if not token:
        return _logout_error("logout_token is missing")
    try:
        app = _app(provider_id)
        meta = discovery.metadata(app)
        claims = jwtcheck.validate_logout_token(token, flow.verifier_for(app, meta))
    except SsoError as exc:
        logger.warning("Back-channel logout from %s refused: %s", provider_id, exc.message)
        return _logout_error(exc.message)
    records = SsoSession.objects.filter(provider_id=provider_id, issuer=claims["iss"])
    if claims.get("sid"):
        records = records.filter(sid=claims["sid"])
    if claims.get("sub"):
        records = records.filter(subject=claims["sub"])
    ended = sessions.end_sessions(records)
    logger.info("Back-channel logout from %s ended %d session(s)", provider_id, ended)
    response = HttpResponse(status=200)
    response["Cache-Control"] = "no-store"
    return response
