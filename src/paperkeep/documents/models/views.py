"""Saved views and per-user UI settings, shaped like Paperless-ngx's so the REST API maps 1:1."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from paperkeep.documents.models.ownership import OwnedModel


class SavedView(OwnedModel):
    """A named document filter with its sort order and display settings."""

    class DisplayMode(models.TextChoices):
        TABLE = "table", "Table"
        SMALL_CARDS = "smallCards", "Small Cards"
        LARGE_CARDS = "largeCards", "Large Cards"

    name = models.CharField(max_length=128)
    sort_field = models.CharField(max_length=128, null=True, blank=True)  # noqa: DJ001 (Paperless: null means default)
    sort_reverse = models.BooleanField(default=False)
    page_size = models.PositiveIntegerField(null=True, blank=True, validators=[MinValueValidator(1)])
    display_mode = models.CharField(  # noqa: DJ001 (Paperless: null means default)
        max_length=128, choices=DisplayMode.choices, null=True, blank=True
    )
    display_fields = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ("name",)
        verbose_name = "saved view"

    def __str__(self) -> str:
        return f"SavedView {self.name}"


class SavedViewFilterRule(models.Model):
    """One rule of a saved view: a rule type (Paperless's numbers 0-49) and its value."""

    saved_view = models.ForeignKey(SavedView, on_delete=models.CASCADE, related_name="filter_rules")
    rule_type = models.PositiveSmallIntegerField()
    value = models.CharField(max_length=255, blank=True, null=True)  # noqa: DJ001 (Paperless: null allowed)

    class Meta:
        verbose_name = "filter rule"

    def __str__(self) -> str:
        return f"SavedViewFilterRule: {self.rule_type} : {self.value}"


class UiSettings(models.Model):
    """A user's web UI settings, stored as the JSON the UI sends.

    Its Meta also carries Paperless-ngx's two global permissions that belong to no model.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ui_settings")
    settings = models.JSONField(null=True)

    class Meta:
        verbose_name = "UI settings"
        permissions = [
            ("view_global_statistics", "Can view statistics of the whole library"),
            ("view_system_monitoring", "Can view the system status"),
        ]

    def __str__(self) -> str:
        return f"UI settings of {self.user_id}"
