"""A document's files: download, preview, thumbnail (with ETag) and file metadata (§2.2)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any
from unicodedata import normalize
from urllib.parse import quote

from django.http import FileResponse, HttpResponse, HttpResponseNotModified
from django.utils.http import http_date
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from paperkeep.api.params import flag
from paperkeep.api.serializers.documents import public_filename
from paperkeep.documents import queries
from paperkeep.documents.errors import NotFound, StorageError
from paperkeep.documents.models import Document
from paperkeep.documents.storage.layout import archive_path, original_path, thumbnail_path

_STOPWORDS = {
    "en": {"the", "and", "of", "to", "is", "in", "for", "you", "with", "this"},
    "de": {"der", "die", "und", "das", "ist", "nicht", "mit", "sie", "ein", "für"},
    "fr": {"le", "la", "les", "et", "est", "des", "une", "pour", "vous", "dans"},
    "es": {"el", "los", "las", "y", "es", "una", "para", "por", "con", "que"},
    "it": {"il", "di", "che", "è", "per", "una", "sono", "con", "gli", "della"},
    "nl": {"de", "het", "een", "en", "van", "is", "niet", "voor", "met", "zijn"},
}
_WORD = re.compile(r"\w+")


def guess_language(text: str) -> str:
    """Guess the language of a text from common words (Paperless answers `en` when unsure)."""
    words = _WORD.findall(text[:20000].lower())
    scores = {lang: sum(1 for w in words if w in common) for lang, common in _STOPWORDS.items()}
    best = max(scores, key=lambda lang: scores[lang])
    return best if scores[best] > 0 else "en"


def content_disposition(disposition: str, filename: str) -> str:
    """Return a Content-Disposition header with an ASCII fallback and the UTF-8 name (RFC 5987)."""
    ascii_name = normalize("NFKD", filename.replace(",", "_")).encode("ascii", "ignore").decode("ascii")
    ascii_name = ascii_name.replace("\\", "_").replace('"', "_")
    return f"{disposition}; filename=\"{ascii_name}\"; filename*=utf-8''{quote(filename)}"


def _size(path: Path | None) -> int | None:
    return path.stat().st_size if path is not None and path.is_file() else None


class DocumentFilesMixin:
    """download/, preview/, thumb/ and metadata/ on a document; hidden or missing documents are 404."""

    request: Request

    def file_document(self, pk: Any) -> Document:
        """Return the document (or the `?version=` of it) whose files the requester may read, trash included."""
        user = self.request.user
        try:
            document = queries.access_document(user, pk)
        except NotFound:
            trashed = queries.trashed_documents(user).filter(pk=_int(pk)).first()
            if trashed is None:
                raise
            document = trashed
        version = self.request.query_params.get("version")
        if version is None:
            return document
        root_id = document.root_document_id or document.pk
        chosen = Document.global_objects.filter(pk=_int(version)).first()
        if chosen is None or (chosen.pk != root_id and chosen.root_document_id != root_id):
            raise NotFound("Invalid version parameter")
        return chosen

    def _serve(self, document: Document, disposition: str) -> FileResponse:
        use_archive = not flag(self.request.query_params, "original") and bool(document.archive_filename)
        try:
            if use_archive:
                path = archive_path(str(document.archive_filename))
                mime, name = "application/pdf", public_filename(document, archive=True)
                if flag(self.request.query_params, "follow_formatting"):
                    name = Path(str(document.archive_filename)).name
            else:
                if not document.filename:
                    raise NotFound()
                path = original_path(document.filename)
                mime, name = document.mime_type, public_filename(document, archive=False)
                if flag(self.request.query_params, "follow_formatting"):
                    name = Path(document.filename).name
                if disposition == "inline" and mime in ("application/csv", "text/csv"):
                    mime = "text/plain"
            handle = path.open("rb")
        except (FileNotFoundError, StorageError):
            raise NotFound() from None
        response = FileResponse(handle, content_type=mime)
        response["Content-Disposition"] = content_disposition(disposition, name)
        return response

    @action(methods=["get"], detail=True, filter_backends=[])
    def download(self, request: Request, pk: str | None = None) -> FileResponse:
        """Serve the archive PDF (or the original with `?original=true`) as an attachment."""
        return self._serve(self.file_document(pk), "attachment")

    @action(methods=["get"], detail=True, filter_backends=[])
    def preview(self, request: Request, pk: str | None = None) -> FileResponse:
        """Serve the file inline, for the browser's viewer."""
        response = self._serve(self.file_document(pk), "inline")
        response["Cache-Control"] = "no-cache"
        return response

    @action(methods=["get"], detail=True, filter_backends=[])
    def thumb(self, request: Request, pk: str | None = None) -> HttpResponse | FileResponse:
        """Serve the WebP thumbnail; `If-None-Match` with the current ETag answers 304."""
        document = self.file_document(pk)
        path = thumbnail_path(document.pk)
        try:
            stat = path.stat()
        except FileNotFoundError:
            raise NotFound() from None
        etag = '"' + hashlib.sha256(f"{document.pk}:{stat.st_mtime_ns}:{stat.st_size}".encode()).hexdigest()[:32] + '"'
        last_modified = http_date(stat.st_mtime)
        response: HttpResponse | FileResponse
        if etag in [tag.strip() for tag in request.META.get("HTTP_IF_NONE_MATCH", "").split(",")]:
            response = HttpResponseNotModified()
        else:
            response = FileResponse(path.open("rb"), content_type="image/webp")
        response["ETag"] = etag
        response["Last-Modified"] = last_modified
        response["Cache-Control"] = "no-cache"
        return response

    @action(methods=["get"], detail=True, filter_backends=[])
    def metadata(self, request: Request, pk: str | None = None) -> Response:
        """Return checksums, sizes, names and the embedded metadata of the original and the archive."""
        document = self.file_document(pk)
        original = original_path(document.filename) if document.filename else None
        archive = archive_path(document.archive_filename) if document.archive_filename else None
        is_pdf = document.mime_type == "application/pdf"
        from paperkeep.parsers.pdf import extract_metadata  # pdfium is loaded only by the few who ask for metadata

        return Response(
            {
                "original_checksum": document.checksum,
                "original_size": _size(original),
                "original_mime_type": document.mime_type,
                "media_filename": document.filename,
                "has_archive_version": archive is not None,
                "original_metadata": extract_metadata(original) if original and is_pdf and original.is_file() else [],
                "archive_checksum": document.archive_checksum,
                "archive_media_filename": document.archive_filename,
                "original_filename": document.original_filename,
                "archive_size": _size(archive),
                "archive_metadata": extract_metadata(archive) if archive and archive.is_file() else None,
                "lang": guess_language(document.content or ""),
            }
        )


def _int(value: Any) -> int:
    try:
        return int(str(value))
    except ValueError:
        raise NotFound() from None
