"""`/api/statistics/`, `/api/ui_settings/`, `/api/remote_version/` (§2.9)."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.db.models import Count, Max, Sum
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from paperkeep import PAPERLESS_COMPAT_VERSION
from paperkeep.api import count_cache
from paperkeep.api.permissions import has_perm, is_superuser
from paperkeep.documents import appconfig, queries
from paperkeep.documents.actions.saved_views import save_ui_settings
from paperkeep.documents.models import Correspondent, Document, DocumentType, StoragePath, Tag, UiSettings


class StatisticsView(APIView):
    """Library statistics: the whole library for superusers and `view_global_statistics`, else what one sees."""

    permission_classes = (IsAuthenticated,)

    def get(self, request: Request) -> Response:
        user = request.user
        everything = is_superuser(user) or has_perm(user, "documents.view_global_statistics")

        def objects(model: Any) -> Any:
            return model.objects.all() if everything else queries.visible(model, user)

        documents = (
            Document.objects.filter(root_document__isnull=True) if everything else queries.visible_documents(user)
        )
        inbox_tags = list(objects(Tag).filter(is_inbox_tag=True).order_by("pk").values_list("pk", flat=True))
        # The document figures are remembered until the next document write (see count_cache).
        scope = {"everything": everything, "inbox": inbox_tags}
        figures = count_cache.remember(
            count_cache.key_for("statistics", user, scope), lambda: _document_figures(documents, inbox_tags)
        )
        current_asn = Document.objects.aggregate(top=Max("archive_serial_number"))["top"] or 0
        return Response(
            {
                "documents_total": figures["total"],
                "documents_inbox": figures["inbox"],
                "inbox_tag": inbox_tags[0] if inbox_tags else None,
                "inbox_tags": inbox_tags or None,
                "document_file_type_counts": figures["by_type"],
                "character_count": figures["characters"],
                "tag_count": objects(Tag).count(),
                "correspondent_count": objects(Correspondent).count(),
                "document_type_count": objects(DocumentType).count(),
                "storage_path_count": objects(StoragePath).count(),
                "current_asn": current_asn,
            }
        )


def _document_figures(documents: Any, inbox_tags: list[int]) -> dict[str, Any]:
    inbox = None
    if inbox_tags:
        tagged = Document.tags.through.objects.filter(tag_id__in=inbox_tags).values("document_id")
        inbox = documents.filter(pk__in=tagged).count()
    by_type = list(
        documents.order_by()
        .values("mime_type")
        .annotate(mime_type_count=Count("pk"), chars=Sum("content_length"))
        .order_by("-mime_type_count")
    )
    return {
        "total": sum(row["mime_type_count"] for row in by_type),
        "inbox": inbox,
        "by_type": [{"mime_type": row["mime_type"], "mime_type_count": row["mime_type_count"]} for row in by_type],
        "characters": sum(row["chars"] or 0 for row in by_type),
    }


class UiSettingsSerializer(serializers.Serializer[dict[str, Any]]):
    settings = serializers.DictField(required=False, allow_null=True)


class UiSettingsView(APIView):
    """The user, their stored UI settings plus the server's, and their permission codenames."""

    permission_classes = (IsAuthenticated,)

    def get(self, request: Request) -> Response:
        user: Any = request.user
        stored = UiSettings.objects.filter(user_id=user.pk).values_list("settings", flat=True).first()
        data: dict[str, Any] = dict(stored or {})
        config = settings.CONFIG
        checking = data.get("update_checking")
        checking = dict(checking) if isinstance(checking, dict) else {}
        checking["backend_setting"] = config.core.enable_update_check
        data["update_checking"] = checking
        data["trash_delay"] = config.trash.empty_trash_delay
        data["version"] = PAPERLESS_COMPAT_VERSION
        data["app_title"] = appconfig.app_title(config)  # the stored configuration's, else PAPERLESS_APP_TITLE
        data["app_logo"] = appconfig.app_logo_url(config)
        data["auditlog_enabled"] = config.core.audit_log_enabled
        data["email_enabled"] = config.email.enabled
        data["ai_enabled"] = False
        user_data: dict[str, Any] = {
            "id": user.pk,
            "username": user.username,
            "is_staff": user.is_staff,
            "is_superuser": user.is_superuser,
            "groups": list(user.groups.values_list("pk", flat=True)),
        }
        if user.first_name:
            user_data["first_name"] = user.first_name
        if user.last_name:
            user_data["last_name"] = user.last_name
        permissions = sorted(re.sub(r"^\w+\.", "", perm) for perm in user.get_all_permissions())
        return Response({"user": user_data, "settings": data, "permissions": permissions})

    def post(self, request: Request) -> Response:
        serializer = UiSettingsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        save_ui_settings(request.user, serializer.validated_data.get("settings"))
        return Response({"success": True})


class RemoteVersionView(APIView):
    """Paperkeep never calls out to GitHub: answered as Paperless does when the release check fails."""

    permission_classes = (IsAuthenticated,)

    def get(self, request: Request) -> Response:
        return Response({"version": "0.0.0", "update_available": False})
