"""Logout: POST ends the Paperkeep session (and its SSO record), then goes where logout.logout_target says."""

from __future__ import annotations

from allauth.account.adapter import get_adapter
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from paperkeep.accounts import sessions
from paperkeep.accounts.logout import logout_target
from paperkeep.accounts.models import SsoSession
from paperkeep.accounts.views.login import LOGOUT_STATE_KEY


@never_cache
def logout(request: HttpRequest) -> HttpResponse:
    """GET asks for confirmation (no page can sign you out unasked); POST signs out."""
    if request.method != "POST":
        if not request.user.is_authenticated:
            return redirect("account_login")
        return render(request, "accounts/logout_confirm.html")
    info = sessions.current(request)
    target = logout_target(request, info)
    if request.session.session_key:
        SsoSession.objects.filter(session_key=request.session.session_key).delete()
    if request.user.is_authenticated:
        get_adapter(request).logout(request)
    if target.state:
        request.session[LOGOUT_STATE_KEY] = target.state
    return HttpResponseRedirect(target.url)
