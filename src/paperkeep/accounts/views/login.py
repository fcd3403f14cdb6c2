"""The login page: the password form (unless SSO-only), one button per provider, and AUTO_LOGIN /
REDIRECT_LOGIN_TO_SSO straight to the provider — except right after logout and with `?local=1`."""

from __future__ import annotations

from typing import Any

from allauth.account.views import LoginView as AllauthLoginView
from django.http import HttpRequest, HttpResponseBase

from paperkeep.accounts import attempts
from paperkeep.accounts.conf import OidcApp, auth, break_glass_user, oidc_apps, regular_login_open
from paperkeep.accounts.errors import SsoError
from paperkeep.accounts.models import SsoAttempt
from paperkeep.accounts.oidc.views import start
from paperkeep.accounts.views.errors import render_sso_error

LOGOUT_STATE_KEY = "paperkeep_logout_state"


def wants_local(request: HttpRequest) -> bool:
    """The break-glass parameter: `?local=1` shows the login page instead of going to the provider."""
    return request.GET.get("local", "") not in ("", "0", "false")


def auto_login_target(request: HttpRequest) -> OidcApp | None:
    """Return the provider to send this visitor to without showing the page, if any."""
    cfg = auth()
    if not (cfg.auto_login or cfg.redirect_login_to_sso) or request.method != "GET":
        return None
    if request.user.is_authenticated or wants_local(request) or "loggedout" in request.GET:
        return None
    apps = oidc_apps()
    return apps[0] if apps else None


def show_password_form(request: HttpRequest) -> bool:
    """The form is shown unless SSO-only mode is on; then only with `?local=1` and a break-glass admin named."""
    return regular_login_open() or (wants_local(request) and break_glass_user() is not None)


class LoginView(AllauthLoginView):
    template_name = "accounts/login.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        app = auto_login_target(request)
        if app is not None:
            try:
                return start(request, app)
            except SsoError as exc:
                attempts.record(request, app.provider_id, SsoAttempt.Outcome.FAILED, code=exc.code,
                                message=exc.message, detail=exc.detail)
                return render_sso_error(request, exc, app.label)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        request = self.request
        state = request.GET.get("state")
        context.update(
            providers=oidc_apps(),
            show_form=show_password_form(request),
            local=wants_local(request),
            loggedout="loggedout" in request.GET,
            provider_logged_out=bool(state) and request.session.get(LOGOUT_STATE_KEY) == state,
            sso_only=not regular_login_open(),
            next_url=request.GET.get("next", ""),
        )
        return context


login = LoginView.as_view()
