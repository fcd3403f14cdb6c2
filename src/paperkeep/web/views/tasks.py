"""Uploads from the browser, the tasks they start, and the tasks page with each task's outcome."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from paperkeep.documents import queries
from paperkeep.documents.actions.tasks import acknowledge
from paperkeep.documents.models import UNFINISHED, PaperlessTask, TaskStatus
from paperkeep.ingest.context import Overrides, Source
from paperkeep.parsers import UnsupportedType
from paperkeep.web.access import page
from paperkeep.web.views.common import show

TABS = {
    "attention": ("Needs attention", Q(status__in=[TaskStatus.FAILURE, TaskStatus.REVOKED], acknowledged=False)),
    "running": ("In progress", Q(status__in=UNFINISHED)),
    "done": ("Completed", Q(status=TaskStatus.SUCCESS)),
    "all": ("All", Q()),
}
MAX_STATUS_IDS = 50


def outcome(task: PaperlessTask, visible_ids: set[int]) -> dict[str, Any]:
    """Return a task's state for the upload panel: status, progress, and the document or the reason."""
    data = task.result_data or {}
    document_id = data.get("document_id") if isinstance(data.get("document_id"), int) else None
    answer: dict[str, Any] = {
        "task_id": task.task_id, "status": task.status, "progress": task.progress,
        "message": task.progress_message, "file_name": task.input_filename,
        "reason": data.get("reason") or data.get("error_message"),
    }  # fmt: skip
    if document_id is not None and document_id in visible_ids:
        answer["document_url"] = reverse("web:document", kwargs={"pk": document_id})
    return answer


@require_POST
@page("documents.add_document")
def upload(request: HttpRequest) -> JsonResponse:
    """Take one uploaded file (field `document`), queue it, answer `{"task_id": ...}` or `{"error": ...}`."""
    upload = request.FILES.get("document")
    if upload is None:
        return JsonResponse({"error": "No file was sent."}, status=400)
    if not upload.size:
        return JsonResponse({"error": f"{upload.name} is empty."}, status=400)
    limit = settings.CONFIG.consumer.max_file_size
    if upload.size > limit:
        return JsonResponse({"error": f"{upload.name} is larger than the limit of {limit // 2**20} MiB."}, status=400)
    # Imported here: Celery and the ingest pipeline stay out of the web process until an upload.
    from paperkeep.tasks.consume import submit_upload
    try:
        task_id = submit_upload(upload.name or "document", upload.chunks(), Overrides(owner_id=request.user.pk),
                                source=Source.WEB_UI, owner_id=request.user.pk)  # fmt: skip
    except UnsupportedType as exc:
        return JsonResponse({"error": f"{upload.name}: {exc}"}, status=400)
    return JsonResponse({"task_id": task_id})


@page()
def task_status(request: HttpRequest) -> JsonResponse:
    """Answer the state of the tasks named by `task_id` (repeatable) that the user may see."""
    wanted = request.GET.getlist("task_id")[:MAX_STATUS_IDS]
    tasks = list(queries.visible_tasks(request.user).filter(task_id__in=wanted))
    document_ids = {(t.result_data or {}).get("document_id") for t in tasks}
    visible = set(queries.visible_documents(request.user).filter(pk__in=[i for i in document_ids if isinstance(i, int)])
                  .values_list("pk", flat=True))  # fmt: skip
    return JsonResponse({"tasks": [outcome(task, visible) for task in tasks]})


@page("documents.view_paperlesstask")
def tasks(request: HttpRequest) -> HttpResponse:
    """List the user's tasks by tab, newest first, with each outcome."""
    tab = request.GET.get("tab", "attention")
    tab = tab if tab in TABS else "attention"
    visible = queries.visible_tasks(request.user)
    counts = {key: visible.filter(condition).count() for key, (_label, condition) in TABS.items()}
    if tab == "attention" and not counts["attention"] and "tab" not in request.GET:
        tab = "all"
    paginator = Paginator(visible.filter(TABS[tab][1]).order_by("-date_created", "-pk"), 50)
    current = paginator.get_page(request.GET.get("page"))
    ids = {(t.result_data or {}).get("document_id") for t in current}
    documents = set(queries.visible_documents(request.user).filter(pk__in=[i for i in ids if isinstance(i, int)])
                    .values_list("pk", flat=True))  # fmt: skip
    rows = [(task, outcome(task, documents)) for task in current]
    return show(request, "web/tasks.html", "tasks", {
        "rows": rows, "page_obj": current, "tab": tab, "tabs": [(k, v[0], counts[k]) for k, v in TABS.items()],
    })  # fmt: skip


@require_POST
@page("documents.change_paperlesstask")
def dismiss(request: HttpRequest) -> HttpResponse:
    """Acknowledge the chosen tasks (or all finished ones) so they leave "Needs attention"."""
    visible = queries.visible_tasks(request.user).exclude(status__in=UNFINISHED)
    if request.POST.get("all") != "1":
        visible = visible.filter(pk__in=[int(v) for v in request.POST.getlist("task") if v.isdigit()])
    count = acknowledge(visible.values_list("pk", flat=True))
    messages.success(request, f"Dismissed {count} task(s).")
    return redirect(reverse("web:tasks") + "?tab=" + request.POST.get("tab", "all"))
