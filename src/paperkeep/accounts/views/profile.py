"""My Profile: who you are, connected accounts (connect, disconnect), personal API tokens, sign out."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from paperkeep.accounts import profile_actions, social, tokens
from paperkeep.accounts.models import ApiToken
from paperkeep.accounts.permissions import has_any_permission

NEW_SECRET_KEY = "paperkeep_new_token"  # noqa: S105 - a session key name, not a secret


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, AbstractBaseUser)
    return render(request, "accounts/profile.html", {
        "accounts": social.accounts_of(user),
        "connect_options": social.connect_options(),
        "tokens": tokens.user_tokens(user),
        "new_secret": request.session.pop(NEW_SECRET_KEY, None),
        "has_password": user.has_usable_password(),
        "password_change_allowed": profile_actions.password_change_allowed(user),
        "has_permissions": has_any_permission(user),
    })


@login_required
@require_POST
def disconnect(request: HttpRequest, account_id: int) -> HttpResponse:
    try:
        social.disconnect(request, account_id)
    except social.DisconnectError as exc:
        messages.error(request, exc.message)
    return redirect("accounts:profile")


@login_required
@require_POST
def create_token(request: HttpRequest) -> HttpResponse:
    days = request.POST.get("expires_in_days", "").strip()
    expires_at = None
    try:
        if days:
            expires_at = timezone.now() + timedelta(days=int(days))
        issued = tokens.create_token(request.user, request.POST.get("name", ""), expires_at)
    except (ValueError, OverflowError):
        messages.error(request, "The expiry must be a whole number of days.")
    except tokens.TokenError as exc:
        messages.error(request, exc.message)
    else:
        request.session[NEW_SECRET_KEY] = {"name": issued.token.name, "secret": issued.secret}
    return redirect("accounts:profile")


@login_required
@require_POST
def revoke_token(request: HttpRequest, token_id: int) -> HttpResponse:
    tokens.revoke_token(get_object_or_404(ApiToken, pk=token_id, user=request.user))
    messages.info(request, "Token revoked.")
    return redirect("accounts:profile")
