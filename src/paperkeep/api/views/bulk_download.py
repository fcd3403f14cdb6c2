"""`POST /api/documents/bulk_download/`: a ZIP of the selected documents' archive and/or original files."""

from __future__ import annotations

import os
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import FileResponse
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.views import APIView

from paperkeep.api.serializers.documents import public_filename
from paperkeep.api.views.bulk import DocumentSelectionSerializer, selected_documents
from paperkeep.documents.models import Document
from paperkeep.documents.storage.layout import archive_path, original_path

COMPRESSION = {"none": zipfile.ZIP_STORED, "deflated": zipfile.ZIP_DEFLATED, "bzip2": zipfile.ZIP_BZIP2,
               "lzma": zipfile.ZIP_LZMA}  # fmt: skip


class BulkDownloadSerializer(DocumentSelectionSerializer):
    content = serializers.ChoiceField(choices=["archive", "originals", "both"], default="archive")
    compression = serializers.ChoiceField(choices=list(COMPRESSION), default="none")
    follow_formatting = serializers.BooleanField(default=False)


class ZipWriter:
    """Adds documents' files to a ZIP under unique names (public names, or the stored paths)."""

    def __init__(self, archive: zipfile.ZipFile, *, follow_formatting: bool) -> None:
        self.zip = archive
        self.follow_formatting = follow_formatting
        self.names: set[str] = set()

    def _name(self, document: Document, *, archive: bool, folder: str) -> str:
        if self.follow_formatting:
            stored = document.archive_filename if archive else document.filename
            return f"{folder}{stored}"
        base = public_filename(document, archive=archive)
        stem, dot, extension = base.rpartition(".")
        name, counter = f"{folder}{base}", 0
        while name in self.names:
            counter += 1
            name = f"{folder}{stem}_{counter:02}{dot}{extension}" if dot else f"{folder}{base}_{counter:02}"
        return name

    def add(self, document: Document, *, archive: bool, folder: str = "") -> None:
        path = archive_path(str(document.archive_filename)) if archive else original_path(str(document.filename))
        name = self._name(document, archive=archive, folder=folder)
        self.names.add(name)
        self.zip.write(path, name)


class BulkDownloadView(APIView):
    permission_classes = (IsAuthenticated,)

    def post(self, request: Request) -> Any:
        serializer = BulkDownloadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        ids = selected_documents(request.user, data)
        documents = list(Document.objects.filter(pk__in=ids).select_related("correspondent").order_by("pk"))
        Path(settings.SCRATCH_DIR).mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=settings.SCRATCH_DIR, suffix="-bulk-download.zip")
        os.close(handle)
        temporary = Path(name)
        try:
            with zipfile.ZipFile(temporary, "w", COMPRESSION[data["compression"]]) as archive:
                writer = ZipWriter(archive, follow_formatting=data["follow_formatting"])
                for document in documents:
                    self._add(writer, document, data["content"])
            stream = temporary.open("rb")
        finally:
            temporary.unlink(missing_ok=True)  # the open handle keeps the data until the response is sent
        return FileResponse(stream, as_attachment=True, filename="documents.zip", content_type="application/zip")

    @staticmethod
    def _add(writer: ZipWriter, document: Document, content: str) -> None:
        has_archive = bool(document.archive_filename)
        if content == "both":
            if has_archive:
                writer.add(document, archive=True, folder="archive/")
            if document.filename:
                writer.add(document, archive=False, folder="originals/")
        elif content == "originals" or not has_archive:
            if document.filename:
                writer.add(document, archive=False)
        else:
            writer.add(document, archive=True)
