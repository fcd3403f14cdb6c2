"""Two-factor authentication (TOTP): `/api/profile/totp/` as Paperless-ngx, and the My Profile pages
(set up with a QR code, recovery codes shown once, new recovery codes, deactivate)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from rest_framework import permissions, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from paperkeep.accounts import mfa

SETUP_SECRET_KEY = "paperkeep_totp_setup_secret"  # noqa: S105 - a session key name, not a secret
NEW_CODES_KEY = "paperkeep_new_recovery_codes"


class TotpView(APIView):
    """GET: a new secret with its otpauth URL and QR SVG; POST {secret, code}: activate; DELETE: deactivate."""

    permission_classes = (permissions.IsAuthenticated,)

    def get(self, request: Request) -> Response:
        setup = mfa.start_setup(request.user)
        return Response({"url": setup.url, "qr_svg": setup.qr_svg, "secret": setup.secret})

    def post(self, request: Request) -> Response:
        secret, code = request.data.get("secret"), request.data.get("code")
        if not isinstance(secret, str) or not isinstance(code, str) or not secret or not code:
            return Response({"detail": "secret and code are required"}, status=status.HTTP_400_BAD_REQUEST)
        try:
            codes = mfa.activate(request._request, request.user, secret, code)
        except mfa.InvalidCode:
            # Paperless-ngx answers a wrong code with 200 and success false; its web UI reads `success`.
            return Response({"success": False, "recovery_codes": None})
        except mfa.MfaError as exc:
            return Response({"detail": exc.message}, status=status.HTTP_400_BAD_REQUEST)
        return Response({"success": True, "recovery_codes": codes})

    def delete(self, request: Request) -> Response:
        if not mfa.deactivate(request._request, request.user):
            return Response("TOTP not found", status=status.HTTP_404_NOT_FOUND)
        return Response(True)


totp_api = TotpView.as_view()


@login_required
def setup(request: HttpRequest) -> HttpResponse:
    """Show a QR code for a secret kept in the session; a correct code activates it."""
    user = request.user
    if mfa.is_enabled(user):
        return redirect("accounts:profile")
    secret = request.session.get(SETUP_SECRET_KEY)
    if not isinstance(secret, str) or not secret:
        secret = request.session[SETUP_SECRET_KEY] = mfa.start_setup(user).secret
    error = ""
    if request.method == "POST":
        try:
            codes = mfa.activate(request, user, secret, request.POST.get("code", ""))
        except mfa.MfaError as exc:
            error = exc.message
        else:
            request.session.pop(SETUP_SECRET_KEY, None)
            request.session[NEW_CODES_KEY] = codes
            return redirect("accounts:mfa_recovery_codes")
    return render(request, "accounts/mfa_setup.html", {"setup": mfa.describe(user, secret), "error": error},
                  status=400 if error else 200)


@login_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes, shown once: after set-up or after asking for new ones."""
    codes = request.session.pop(NEW_CODES_KEY, None)
    if not codes:
        return redirect("accounts:profile")
    return render(request, "accounts/mfa_recovery_codes.html", {"codes": codes})


@login_required
@require_POST
def regenerate(request: HttpRequest) -> HttpResponse:
    try:
        request.session[NEW_CODES_KEY] = mfa.regenerate_recovery_codes(request.user)
    except mfa.MfaError as exc:
        messages.error(request, exc.message)
        return redirect("accounts:profile")
    return redirect("accounts:mfa_recovery_codes")


@login_required
@require_POST
def deactivate(request: HttpRequest) -> HttpResponse:
    if mfa.deactivate(request, request.user):
        messages.info(request, "Two-factor authentication is off.")
    return redirect("accounts:profile")
