"""Document history (audit log): one row per recorded change of a document, in Paperless-ngx's shape."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class DocumentHistory(models.Model):
    """One entry of a document's history: what happened (`action`), what changed, and who did it.

    `document_id` is a plain column, not a foreign key, so a document's entries outlive its deletion.
    `changes` maps a field to `[old, new]` (strings, as Paperless-ngx's audit log stores them), or to a
    structured change for tags, notes and custom fields (see `documents.history`).
    """

    class Action(models.IntegerChoices):
        CREATE = 0, "create"
        UPDATE = 1, "update"
        DELETE = 2, "delete"

    document_id = models.PositiveIntegerField(db_index=True)
    timestamp = models.DateTimeField(default=timezone.now, db_index=True)
    action = models.PositiveSmallIntegerField(choices=Action.choices)
    changes = models.JSONField(default=dict)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ("-timestamp", "-pk")
        verbose_name = "document history entry"
        verbose_name_plural = "document history"
        default_permissions = ()
        # Named as Paperless-ngx's audit log permission, so its UI's "view_logentry" grants history access.
        permissions = [("view_logentry", "Can view log entry")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} of document {self.document_id}"
