"""`/api/config/` (the application configuration: a list of its one row, GET/PUT/PATCH on it) and `/logo/`."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_safe
from rest_framework import mixins, viewsets
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated

from paperkeep.api.permissions import ModelPermissions
from paperkeep.api.serializers.config import ApplicationConfigurationSerializer
from paperkeep.documents import appconfig
from paperkeep.documents.models import ApplicationConfiguration


class ApplicationConfigurationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet[ApplicationConfiguration],
):
    """View needs `view_applicationconfiguration`, change needs `change_applicationconfiguration`; no create or
    delete (405). The list is not paginated, as in Paperless-ngx."""

    permission_classes = (IsAuthenticated, ModelPermissions)
    permission_model = ApplicationConfiguration
    serializer_class = ApplicationConfigurationSerializer
    parser_classes = (JSONParser, MultiPartParser, FormParser)
    pagination_class = None

    def get_queryset(self) -> Any:
        appconfig.app_config()  # the row exists even if a restore or a flush removed it
        return ApplicationConfiguration.objects.all()


@require_safe
def serve_logo(request: HttpRequest, filename: str | None = None) -> FileResponse:
    """Send the configured logo as an attachment (an SVG never runs in this origin), whatever name is asked."""
    logo = appconfig.app_config().app_logo
    if not logo:
        raise Http404("No logo configured")
    try:
        handle = logo.open("rb")
    except FileNotFoundError as exc:
        raise Http404("No logo configured") from exc
    import magic  # loaded on the first logo request

    content_type = magic.from_buffer(handle.read(4096), mime=True) or "application/octet-stream"
    handle.seek(0)
    response = FileResponse(handle, content_type=content_type, as_attachment=True, filename=logo.name)
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response
