"""Browser views."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from paperkeep import __version__


def healthz(request: HttpRequest) -> JsonResponse:
    """Answer a liveness probe without touching the database."""
    return JsonResponse({"status": "ok", "version": __version__})


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Show the signed-in landing page."""
    return render(request, "web/home.html", {"version": __version__})
