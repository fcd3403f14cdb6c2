"""`/api/share_links/` (list, read, create, delete) and the public `/share/<slug>/` download."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django_filters import rest_framework as filters
from rest_framework import exceptions, status
from rest_framework.filters import OrderingFilter
from rest_framework.request import Request
from rest_framework.response import Response

from paperkeep.api.serializers.documents import public_filename
from paperkeep.api.serializers.sharing import ShareLinkWriteSerializer, share_link_object
from paperkeep.api.views.document_files import content_disposition
from paperkeep.api.views.owned import OwnedObjectViewSet
from paperkeep.documents import queries
from paperkeep.documents.actions import sharing
from paperkeep.documents.errors import NotFound, StorageError
from paperkeep.documents.models import ShareLink
from paperkeep.documents.storage.layout import archive_path, original_path


class ShareLinkFilterSet(filters.FilterSet):
    class Meta:
        model = ShareLink
        fields = {"created": ["date__gt", "gt", "date__lt", "lt"], "expiration": ["date__gt", "gt", "date__lt", "lt"]}


class ShareLinkViewSet(OwnedObjectViewSet):
    model = ShareLink
    queryset = ShareLink.objects.none()
    write_serializer = ShareLinkWriteSerializer
    filter_backends = (filters.DjangoFilterBackend, OrderingFilter)
    filterset_class = ShareLinkFilterSet
    ordering_fields = ("created", "expiration", "document")
    http_method_names = ["get", "post", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[Any]:
        return super().get_queryset().order_by("created")

    def represent(self, objects: Sequence[Any], *, detail: bool = False) -> list[dict[str, Any]]:
        return [share_link_object(link) for link in objects]

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = ShareLinkWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            document = queries.access_document(request.user, data["document"])
        except NotFound:
            raise exceptions.ValidationError(
                {"document": [f'Invalid pk "{data["document"]}" - object does not exist.']}
            ) from None
        link = sharing.create_share_link(
            document, owner_id=request.user.pk, expiration=data.get("expiration"), file_version=data["file_version"]
        )
        return Response(share_link_object(link), status=status.HTTP_201_CREATED)

    def delete_object(self, obj: Any) -> None:
        sharing.delete_share_link(obj)


def shared_file(request: HttpRequest, slug: str) -> HttpResponse | FileResponse:
    """Serve a shared document's file to anyone holding the link, until it expires."""
    link = ShareLink.objects.select_related("document", "document__correspondent").filter(slug=slug).first()
    login = settings.LOGIN_URL
    if link is None or link.document.deleted_at is not None:
        return HttpResponseRedirect(f"{login}?sharelink_notfound=1")
    if link.expiration is not None and link.expiration < timezone.now():
        return HttpResponseRedirect(f"{login}?sharelink_expired=1")
    document = link.document
    use_archive = link.file_version == ShareLink.FileVersion.ARCHIVE and bool(document.archive_filename)
    try:
        if use_archive:
            path, mime = archive_path(str(document.archive_filename)), "application/pdf"
        elif document.filename:
            path, mime = original_path(document.filename), document.mime_type
        else:
            return HttpResponseRedirect(f"{login}?sharelink_notfound=1")
        handle = path.open("rb")
    except (FileNotFoundError, StorageError):
        return HttpResponseRedirect(f"{login}?sharelink_notfound=1")
    response = FileResponse(handle, content_type=mime)
    response["Content-Disposition"] = content_disposition("inline", public_filename(document, archive=use_archive))
    return response
