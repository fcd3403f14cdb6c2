"""What the accounts app stores beside Django's users and allauth's social accounts."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models


class SsoAttempt(models.Model):
    """One single sign-on attempt, kept for staff to see why a sign-in failed (the newest few hundred)."""

    class Outcome(models.TextChoices):
        OK = "ok", "signed in"
        CONNECTED = "connected", "account connected"
        PENDING = "pending", "needs another step"
        FAILED = "failed", "failed"

    created = models.DateTimeField(auto_now_add=True, db_index=True)
    provider_id = models.CharField(max_length=128)
    process = models.CharField(max_length=16, default="login")
    outcome = models.CharField(max_length=16, choices=Outcome.choices)
    code = models.CharField(max_length=64, blank=True)
    message = models.TextField(blank=True)
    detail = models.TextField(blank=True)
    subject = models.CharField(max_length=255, blank=True)
    claims = models.JSONField(default=dict, blank=True)  # secrets masked
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ("-created", "-pk")

    def __str__(self) -> str:
        return f"{self.provider_id} {self.outcome} {self.code}"


class SsoSession(models.Model):
    """A Paperkeep session started by single sign-on: what back-channel logout and RP logout need."""

    session_key = models.CharField(max_length=40, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    provider_id = models.CharField(max_length=128)
    issuer = models.CharField(max_length=512)
    subject = models.CharField(max_length=255)
    sid = models.CharField(max_length=255, blank=True, db_index=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = (models.Index(fields=("issuer", "subject")),)

    def __str__(self) -> str:
        return f"{self.provider_id}:{self.subject}"


class GroupSyncState(models.Model):
    """What group sync granted a user, so that it takes back only what it gave (local grants stay)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    groups = models.ManyToManyField(Group, blank=True, related_name="+")
    granted_staff = models.BooleanField(default=False)
    granted_superuser = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"group sync of {self.user_id}"


class ApiToken(models.Model):
    """A personal API token: named, optionally expiring, revocable; only a hash of the secret is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16, unique=True)
    digest = models.CharField(max_length=64)
    created = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created", "-pk")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
