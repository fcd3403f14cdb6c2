"""Small pages: "no permissions yet", and the staff's list of recent single sign-on attempts."""

from __future__ import annotations

from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from paperkeep.accounts.conf import auth
from paperkeep.accounts.models import SsoAttempt
from paperkeep.accounts.permissions import has_any_permission


def administrators() -> list[dict[str, str]]:
    """Who can grant permissions: active superusers (name and e-mail), or the configured admin address."""
    people = [{"name": user.get_full_name() or user.get_username(), "email": user.email}
              for user in get_user_model().objects.filter(is_superuser=True, is_active=True).order_by("pk")[:5]]
    return people or [{"name": "your administrator", "email": auth().admin_mail}]


@login_required
def no_permissions(request: HttpRequest) -> HttpResponse:
    if has_any_permission(request.user):  # type: ignore[arg-type]
        return redirect("/")
    return render(request, "accounts/no_permissions.html", {"administrators": administrators()}, status=403)


@staff_member_required(login_url="account_login")
def sso_attempts(request: HttpRequest) -> HttpResponse:
    rows = SsoAttempt.objects.select_related("user")[:200]
    return render(request, "accounts/sso_attempts.html", {"attempts": rows})
