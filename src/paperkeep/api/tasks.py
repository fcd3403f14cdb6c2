"""`/api/tasks/`: task records in Paperless-ngx's version-10 shape (paginated) or version-9 shape (a plain list).

Also `acknowledge/`, `status_counts/`, `active/` and `summary/`. Staff see every task, others their own and
unowned ones (`documents.queries.visible_tasks`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.db.models import Avg, Count, Max, Q, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from rest_framework import exceptions, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from paperkeep.api.pagination import StandardPagination
from paperkeep.api.params import flag
from paperkeep.api.permissions import forbidden, has_model_perm
from paperkeep.api.versioning import api_version
from paperkeep.documents import queries
from paperkeep.documents.actions.tasks import acknowledge
from paperkeep.documents.models import UNFINISHED, Document, PaperlessTask, TaskStatus, TaskType, TriggerSource

V9_TASK_NAMES = {TaskType.SANITY_CHECK: "check_sanity", TaskType.LLM_INDEX: "llmindex_update"}
V9_NAME_TO_TYPE = {name: task_type for task_type, name in V9_TASK_NAMES.items()}
V9_TYPES = {TriggerSource.SCHEDULED: "scheduled_task", TriggerSource.MANUAL: "manual_task"}
ORDERINGS = {"date_created", "date_done", "status", "task_type", "duration_seconds", "wait_time_seconds"}
DONE = (TaskStatus.SUCCESS, TaskStatus.FAILURE, TaskStatus.REVOKED)
# What of a task's input_data clients see; the rest (server paths, fingerprints) is the worker's bookkeeping.
PUBLIC_INPUT = ("filename", "source", "overrides")


def public_input(data: dict[str, Any] | None) -> dict[str, Any]:
    """Return the part of input_data shown through the API."""
    return {key: value for key, value in (data or {}).items() if key in PUBLIC_INPUT}


def v10_task(task: PaperlessTask) -> dict[str, Any]:
    """Return a task in the version-10 shape."""
    return {
        "id": task.pk,
        "task_id": task.task_id,
        "task_type": task.task_type,
        "task_type_display": task.get_task_type_display(),
        "trigger_source": task.trigger_source,
        "trigger_source_display": task.get_trigger_source_display(),
        "status": task.status,
        "status_display": task.get_status_display(),
        "date_created": task.date_created,
        "date_started": task.date_started,
        "date_done": task.date_done,
        "duration_seconds": task.duration_seconds,
        "wait_time_seconds": task.wait_time_seconds,
        "input_data": public_input(task.input_data),
        "result_data": task.result_data,
        "related_document_ids": task.related_document_ids,
        "acknowledged": task.acknowledged,
        "owner": task.owner_id,
    }


def v9_result(task: PaperlessTask) -> str | None:
    """Return the version-9 `result` text, e.g. "Success. New document id 12 created"."""
    data = task.result_data or {}
    if task.status == TaskStatus.SUCCESS and "document_id" in data:
        return f"Success. New document id {data['document_id']} created"
    return data.get("reason") or data.get("error_message") or (None if not data else str(data))


def v9_task(task: PaperlessTask, duplicates: dict[int, dict[str, Any]]) -> dict[str, Any]:
    """Return a task in the version-9 shape."""
    data = task.result_data or {}
    related = data.get("document_id") or data.get("duplicate_of")
    duplicate = duplicates.get(data["duplicate_of"]) if isinstance(data.get("duplicate_of"), int) else None
    return {
        "id": task.pk,
        "task_id": task.task_id,
        "task_name": V9_TASK_NAMES.get(TaskType(task.task_type), task.task_type),
        "task_file_name": task.input_filename,
        "type": V9_TYPES.get(TriggerSource(task.trigger_source), "auto_task"),
        "status": task.status.upper(),
        "date_created": task.date_created,
        "date_done": task.date_done,
        "result": v9_result(task),
        "acknowledged": task.acknowledged,
        "related_document": str(related) if related is not None else None,
        "duplicate_documents": [duplicate] if duplicate else [],
        "owner": task.owner_id,
    }


def _values(params: Any, name: str) -> list[str]:
    values: list[str] = []
    for raw in params.getlist(name):
        values.extend(part.strip().lower() for part in str(raw).split(",") if part.strip())
    return values


def filter_tasks(tasks: QuerySet[PaperlessTask], params: Any) -> QuerySet[PaperlessTask]:
    """Apply the `/api/tasks/` filters (with the version-9 names `task_name` and `type` mapped)."""
    if params.get("task_id"):
        tasks = tasks.filter(task_id=params["task_id"])
    types = _values(params, "task_type") + [V9_NAME_TO_TYPE.get(n, n) for n in _values(params, "task_name")]
    if types:
        tasks = tasks.filter(task_type__in=types)
    sources = _values(params, "trigger_source")
    for v9_type in _values(params, "type"):
        sources += {"scheduled_task": ["scheduled"], "manual_task": ["manual"]}.get(
            v9_type, ["web_ui", "api_upload", "folder_consume", "email_consume", "system"]
        )
    if sources:
        tasks = tasks.filter(trigger_source__in=sources)
    if _values(params, "status"):
        tasks = tasks.filter(status__in=_values(params, "status"))
    if "is_complete" in params:
        done = Q(status__in=DONE)
        tasks = tasks.filter(done if flag(params, "is_complete") else ~done)
    if "acknowledged" in params:
        tasks = tasks.filter(acknowledged=flag(params, "acknowledged"))
    if params.get("owner"):
        tasks = tasks.filter(owner_id=params["owner"])
    if params.get("name"):
        name = params["name"]
        tasks = tasks.filter(Q(input_data__filename__icontains=name) | Q(task_type__icontains=name))
    for param, lookup in (("date_created_after", "date_created__gte"), ("date_created_before", "date_created__lte")):
        moment = parse_datetime(params.get(param) or "") if params.get(param) else None
        if moment is not None:
            tasks = tasks.filter(**{lookup: moment})
    ordering = params.get("ordering") or "-date_created"
    if ordering.lstrip("-") in ORDERINGS:
        tasks = tasks.order_by(ordering, "-pk")
    return tasks


def _duplicates(tasks: Iterable[PaperlessTask], user: Any) -> dict[int, dict[str, Any]]:
    ids = {(t.result_data or {}).get("duplicate_of") for t in tasks} - {None}
    if not ids:
        return {}
    visible = Document.global_objects.filter(pk__in=ids).filter(queries.visibility_filter(Document, user))
    return {d.pk: {"id": d.pk, "title": d.title, "deleted_at": d.deleted_at} for d in visible}


class TasksViewSet(viewsets.GenericViewSet):
    """The task list, one task, and the task actions."""

    permission_classes = (IsAuthenticated,)
    pagination_class = StandardPagination
    lookup_value_regex = r"\d+"

    def get_queryset(self) -> QuerySet[PaperlessTask]:
        return queries.visible_tasks(self.request.user)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        tasks = filter_tasks(self.get_queryset(), request.query_params)
        if api_version(request) < 10:
            rows = list(tasks)
            duplicates = _duplicates(rows, request.user)
            return Response([v9_task(task, duplicates) for task in rows])
        page = self.paginate_queryset(tasks)
        assert page is not None
        return self.get_paginated_response([v10_task(task) for task in page])

    def retrieve(self, request: Request, pk: str | None = None, *args: Any, **kwargs: Any) -> Response:
        task = self.get_queryset().filter(pk=int(pk or 0)).first()
        if task is None:
            raise exceptions.NotFound()
        if api_version(request) < 10:
            return Response(v9_task(task, _duplicates([task], request.user)))
        return Response(v10_task(task))

    @action(detail=False, methods=["post"])
    def acknowledge(self, request: Request) -> Any:
        if not has_model_perm(request.user, PaperlessTask, "change"):
            return forbidden()
        tasks = self.get_queryset()
        if flag(request.data, "all"):
            ids = list(tasks.filter(acknowledged=False).values_list("pk", flat=True))
        else:
            wanted = request.data.get("tasks")
            if not isinstance(wanted, list) or not all(isinstance(i, int) for i in wanted):
                raise exceptions.ValidationError({"tasks": ["Expected a list of task ids."]})
            ids = list(tasks.filter(pk__in=wanted).values_list("pk", flat=True))
        return Response({"result": acknowledge(ids)})

    @action(detail=False, methods=["get"])
    def status_counts(self, request: Request) -> Response:
        tasks = self.get_queryset().filter(acknowledged=False)
        counts = tasks.aggregate(
            all=Count("pk"),
            needs_attention=Count("pk", filter=Q(status=TaskStatus.FAILURE)),
            in_progress=Count("pk", filter=Q(status__in=UNFINISHED)),
            completed=Count("pk", filter=Q(status=TaskStatus.SUCCESS)),
        )
        return Response(counts)

    @action(detail=False, methods=["get"])
    def active(self, request: Request) -> Response:
        tasks = self.get_queryset().filter(status__in=UNFINISHED).order_by("-date_created")[:50]
        return Response([v10_task(task) for task in tasks])

    @action(detail=False, methods=["get"])
    def summary(self, request: Request) -> Response:
        try:
            days = int(request.query_params.get("days", 30))
        except ValueError:
            raise exceptions.ValidationError({"days": ["A valid integer is required."]}) from None
        if not 1 <= days <= 365:
            raise exceptions.ValidationError({"days": ["Ensure this value is between 1 and 365."]})
        since = timezone.now() - timedelta(days=days)
        rows = (
            self.get_queryset().filter(date_created__gte=since).values("task_type").order_by("task_type")
            .annotate(
                total_count=Count("pk"),
                pending_count=Count("pk", filter=Q(status__in=UNFINISHED)),
                success_count=Count("pk", filter=Q(status=TaskStatus.SUCCESS)),
                failure_count=Count("pk", filter=Q(status=TaskStatus.FAILURE)),
                avg_duration_seconds=Avg("duration_seconds"),
                avg_wait_time_seconds=Avg("wait_time_seconds"),
                last_run=Max("date_created"),
                last_success=Max("date_done", filter=Q(status=TaskStatus.SUCCESS)),
                last_failure=Max("date_done", filter=Q(status=TaskStatus.FAILURE)),
            )
        )  # fmt: skip
        return Response(list(rows))
