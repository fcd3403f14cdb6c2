"""Background task records, shaped like Paperless-ngx 3's PaperlessTask so /api/tasks/ maps 1:1."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class TaskType(models.TextChoices):
    CONSUME_FILE = "consume_file", "Consume File"
    TRAIN_CLASSIFIER = "train_classifier", "Train Classifier"
    SANITY_CHECK = "sanity_check", "Sanity Check"
    INDEX_OPTIMIZE = "index_optimize", "Index Optimize"
    MAIL_FETCH = "mail_fetch", "Mail Fetch"
    LLM_INDEX = "llm_index", "LLM Index"
    EMPTY_TRASH = "empty_trash", "Empty Trash"
    CHECK_WORKFLOWS = "check_workflows", "Check Workflows"
    BULK_UPDATE = "bulk_update", "Bulk Update"
    REPROCESS_DOCUMENT = "reprocess_document", "Reprocess Document"
    BUILD_SHARE_LINK = "build_share_link", "Build Share Link"
    BULK_DELETE = "bulk_delete", "Bulk Delete"


class TriggerSource(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    WEB_UI = "web_ui", "Web UI"
    API_UPLOAD = "api_upload", "API Upload"
    FOLDER_CONSUME = "folder_consume", "Folder Consume"
    EMAIL_CONSUME = "email_consume", "Email Consume"
    SYSTEM = "system", "System"
    MANUAL = "manual", "Manual"


class TaskStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    STARTED = "started", "Started"
    SUCCESS = "success", "Success"
    FAILURE = "failure", "Failure"
    REVOKED = "revoked", "Revoked"


UNFINISHED = (TaskStatus.PENDING, TaskStatus.STARTED)


class PaperlessTask(models.Model):
    """One background task: what it was asked to do (`input_data`), how far it got, and how it ended.

    `result_data` holds one of `document_id`, `duplicate_of`, `reason` / `error_message`, and for failed
    ingests `kept_at`, the path where the input file was kept.
    """

    task_id = models.CharField(max_length=255, unique=True)
    task_type = models.CharField(max_length=50, choices=TaskType.choices, db_index=True)
    trigger_source = models.CharField(max_length=50, choices=TriggerSource.choices, db_index=True)
    status = models.CharField(max_length=30, choices=TaskStatus.choices, default=TaskStatus.PENDING, db_index=True)
    date_created = models.DateTimeField(default=timezone.now, db_index=True)
    date_started = models.DateTimeField(null=True, blank=True)
    date_done = models.DateTimeField(null=True, blank=True, db_index=True)
    duration_seconds = models.FloatField(null=True, blank=True)
    wait_time_seconds = models.FloatField(null=True, blank=True)
    input_data = models.JSONField(default=dict, blank=True)
    result_data = models.JSONField(null=True, blank=True)
    acknowledged = models.BooleanField(default=False, db_index=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Paperkeep's additions: live progress of a running task (Paperless sends these over a websocket only).
    progress = models.PositiveSmallIntegerField(default=0)
    progress_message = models.CharField(max_length=64, blank=True, default="")
    attempts = models.PositiveSmallIntegerField(default=0)
    # The process running it (host:pid:start time), so a restarted worker can tell dead runs from live ones.
    worker = models.CharField(max_length=255, blank=True, default="")

    class Meta:
        ordering = ("-date_created",)
        verbose_name = "task"

    def __str__(self) -> str:
        return f"Task {self.task_id}"

    @property
    def related_document_ids(self) -> list[int]:
        """Return the ids of the documents this task made or found (new document, or the duplicate's original)."""
        data = self.result_data or {}
        ids = [data[key] for key in ("document_id", "duplicate_of") if isinstance(data.get(key), int)]
        return ids

    @property
    def input_filename(self) -> str | None:
        name = (self.input_data or {}).get("filename")
        return name if isinstance(name, str) else None
