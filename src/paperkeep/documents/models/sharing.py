"""Share links: a public URL for one document's file, optionally expiring."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from paperkeep.documents.models.document import Document
from paperkeep.documents.models.ownership import OwnedModel


class ShareLink(OwnedModel):
    """`/share/<slug>/` serves `document`'s archive (or original) file to anyone until `expiration`."""

    class FileVersion(models.TextChoices):
        ARCHIVE = "archive", "Archive"
        ORIGINAL = "original", "Original"

    created = models.DateTimeField(default=timezone.now, db_index=True, editable=False)
    expiration = models.DateTimeField(null=True, blank=True, db_index=True)
    slug = models.SlugField(max_length=64, unique=True, editable=False)
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="share_links")
    file_version = models.CharField(max_length=50, choices=FileVersion.choices, default=FileVersion.ARCHIVE)

    class Meta:
        ordering = ("created",)
        verbose_name = "share link"

    def __str__(self) -> str:
        return f"Share Link for {self.document_id}"

    @property
    def expired(self) -> bool:
        return self.expiration is not None and self.expiration < timezone.now()
