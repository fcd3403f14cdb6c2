"""Documents and their notes. Trash is a soft delete: `deleted_at` is set, rows and files stay."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import TypeVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Length
from django.utils import timezone

from paperkeep.documents.models.matching import Correspondent, DocumentType, StoragePath, Tag
from paperkeep.documents.models.ownership import OwnedModel

ASN_MAX = 0xFFFFFFFF
_M = TypeVar("_M", bound=models.Model)


class LiveManager(models.Manager[_M]):
    """Rows not in the trash (the default manager, as Paperless's soft-delete manager)."""

    def get_queryset(self) -> models.QuerySet[_M]:
        return super().get_queryset().filter(deleted_at__isnull=True)


class TrashManager(models.Manager[_M]):
    """Rows in the trash."""

    def get_queryset(self) -> models.QuerySet[_M]:
        return super().get_queryset().filter(deleted_at__isnull=False)


class Document(OwnedModel):
    """One stored document: its original file, optional archive PDF/A, thumbnail, text and metadata.

    `Document.objects` hides trashed documents; `Document.global_objects` sees all of them.
    """

    correspondent = models.ForeignKey(
        Correspondent, null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )
    document_type = models.ForeignKey(
        DocumentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )
    storage_path = models.ForeignKey(
        StoragePath, null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="documents")

    title = models.CharField(max_length=128, blank=True, db_index=True)
    content = models.TextField(blank=True, help_text="The text of the document, used for search and matching.")
    content_length = models.GeneratedField(
        expression=Length("content"), output_field=models.PositiveIntegerField(), db_persist=True
    )
    mime_type = models.CharField(max_length=256, editable=False)
    checksum = models.CharField(max_length=64, editable=False, db_index=True, help_text="SHA-256 of the original.")
    archive_checksum = models.CharField(  # noqa: DJ001 (NULL: no archive)
        max_length=64, editable=False, null=True, blank=True, db_index=True, help_text="SHA-256 of the archive."
    )
    page_count = models.PositiveIntegerField(null=True, blank=True, validators=[MinValueValidator(1)])

    created = models.DateField(default=timezone.localdate, db_index=True)
    modified = models.DateTimeField(auto_now=True, editable=False, db_index=True)
    added = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    deleted_at = models.DateTimeField(null=True, blank=True, db_index=True)

    # Paths relative to the originals/ and archive/ folders; unique, so two rows never share a file.
    # NULL rather than "": they are unique, and a document may have no archive.
    filename = models.CharField(max_length=1024, editable=False, unique=True, null=True, default=None)  # noqa: DJ001
    archive_filename = models.CharField(  # noqa: DJ001
        max_length=1024, editable=False, unique=True, null=True, default=None
    )
    original_filename = models.CharField(  # noqa: DJ001
        max_length=1024, editable=False, null=True, blank=True, default=None
    )

    archive_serial_number = models.BigIntegerField(
        null=True,
        blank=True,
        unique=True,
        db_index=True,
        validators=[MinValueValidator(0), MaxValueValidator(ASN_MAX)],
    )

    # Document versions (Paperless-ngx 3): a version is a child row pointing at its root.
    root_document = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="versions")
    version_index = models.PositiveIntegerField(null=True, blank=True)
    version_label = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001

    objects = LiveManager["Document"]()
    global_objects = models.Manager["Document"]()
    deleted_objects = TrashManager["Document"]()

    class Meta:
        ordering = ("-created", "-id")
        verbose_name = "document"
        base_manager_name = "global_objects"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(archive_serial_number__gte=0) & models.Q(archive_serial_number__lte=ASN_MAX),
                name="documents_document_asn_range",
            ),
        ]
        indexes = [models.Index(fields=["owner", "created"], name="documents_owner_created_idx")]

    def __str__(self) -> str:
        return f"{self.created} {self.title}".strip()

    @property
    def has_archive_version(self) -> bool:
        return self.archive_filename is not None

    @property
    def thumbnail_name(self) -> str:
        """Return the thumbnail's path relative to the thumbnails/ folder (always `<pk:07>.webp`)."""
        return f"{self.pk:07}.webp"

    @property
    def file_type(self) -> str:
        """Return the original's extension without the dot, e.g. `pdf`."""
        return PurePosixPath(self.filename or "").suffix.lstrip(".").lower()


class Note(models.Model):
    """A user's note on a document."""

    note = models.TextField(blank=True)
    created = models.DateTimeField(default=timezone.now, db_index=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="notes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="notes"
    )

    objects = LiveManager["Note"]()
    global_objects = models.Manager["Note"]()

    class Meta:
        ordering = ("created",)
        verbose_name = "note"
        base_manager_name = "global_objects"

    def __str__(self) -> str:
        return self.note[:40]
