"""My Profile: change your name and e-mail, and your local password when password sign-in is allowed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from paperkeep.accounts import profile_actions


def _report_errors(request: HttpRequest, form: PasswordChangeForm | profile_actions.DetailsForm) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))


@login_required
@require_POST
def update_details(request: HttpRequest) -> HttpResponse:
    form = profile_actions.DetailsForm(request.POST)
    if form.is_valid():
        profile_actions.update_details(request.user, form.details())
        messages.info(request, "Your details were saved.")
    else:
        _report_errors(request, form)
    return redirect("accounts:profile")


@login_required
@require_POST
def change_password(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not profile_actions.password_change_allowed(user):
        return HttpResponseForbidden("Your password is managed by your sign-in provider.")
    form = PasswordChangeForm(user, request.POST)
    if form.is_valid():
        form.save()
        update_session_auth_hash(request, form.user)
        messages.info(request, "Your password was changed.")
    else:
        _report_errors(request, form)
    return redirect("accounts:profile")
