"""The liveness probe `paperkeep serve` waits for."""

from django.http import HttpRequest, JsonResponse

from paperkeep import __version__


def healthz(request: HttpRequest) -> JsonResponse:
    """Answer a liveness probe without touching the database."""
    return JsonResponse({"status": "ok", "version": __version__})
