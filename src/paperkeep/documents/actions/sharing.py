"""Share links: create (with a random 50-character slug) and delete."""

from __future__ import annotations

from datetime import datetime

from django.utils.crypto import get_random_string

from paperkeep.documents.models import Document, ShareLink

SLUG_LENGTH = 50


def create_share_link(
    document: Document, *, owner_id: int | None, expiration: datetime | None = None, file_version: str = "archive"
) -> ShareLink:
    """Create a share link for a document; an archive link to a document without an archive serves the original."""
    if file_version not in ShareLink.FileVersion.values:
        file_version = ShareLink.FileVersion.ARCHIVE
    return ShareLink.objects.create(
        document=document,
        owner_id=owner_id,
        expiration=expiration,
        file_version=file_version,
        slug=get_random_string(SLUG_LENGTH),
    )


def delete_share_link(link: ShareLink) -> None:
    """Delete a share link: its URL stops working at once."""
    link.delete()
