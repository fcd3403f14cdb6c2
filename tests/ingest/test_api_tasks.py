"""/api/tasks/: version-10 and version-9 shapes, visibility, filters and acknowledging."""

from __future__ import annotations

from typing import Any

import pytest

from paperkeep.documents.actions import tasks as records
from paperkeep.documents.models import PaperlessTask, TaskType, TriggerSource
from tests.ingest.api_client import api_client

pytestmark = pytest.mark.django_db

V10_FIELDS = [
    "id", "task_id", "task_type", "task_type_display", "trigger_source", "trigger_source_display", "status",
    "status_display", "date_created", "date_started", "date_done", "duration_seconds", "wait_time_seconds",
    "input_data", "result_data", "related_document_ids", "acknowledged", "owner",
]  # fmt: skip
V9_FIELDS = [
    "id", "task_id", "task_name", "task_file_name", "type", "status", "date_created", "date_done", "result",
    "acknowledged", "related_document", "duplicate_documents", "owner",
]  # fmt: skip


def task(task_id: str, owner: Any = None, filename: str = "a.pdf") -> PaperlessTask:
    return records.create_task(
        task_id, task_type=TaskType.CONSUME_FILE, trigger_source=TriggerSource.API_UPLOAD,
        input_data={"filename": filename}, owner_id=owner.pk if owner else None,
    )  # fmt: skip


def finished(task_id: str, owner: Any = None, document_id: int = 12) -> PaperlessTask:
    task(task_id, owner)
    records.claim_task(task_id)
    records.mark_success(task_id, {"document_id": document_id})
    return PaperlessTask.objects.get(task_id=task_id)


def test_version_10_is_a_paginated_list_of_the_new_fields(make_user: Any) -> None:
    """GIVEN a finished consume task
    WHEN the tasks are listed with API version 10
    THEN the answer is the paginated envelope of objects with exactly Paperless 3's fields."""
    owner = make_user("alice")
    finished("t1", owner)
    body = api_client(owner).get("/api/tasks/").json()
    assert list(body) == ["count", "next", "previous", "results"]
    [row] = body["results"]
    assert list(row) == V10_FIELDS
    assert (row["status"], row["status_display"], row["related_document_ids"]) == ("success", "Success", [12])


def test_version_9_is_a_plain_list_of_the_old_fields(make_user: Any) -> None:
    """GIVEN a finished consume task
    WHEN the tasks are listed with API version 9
    THEN the answer is a plain list in the old shape, with the old result text and related document."""
    owner = make_user("alice")
    finished("t1", owner)
    [row] = api_client(owner, version=9).get("/api/tasks/").json()
    assert list(row) == V9_FIELDS
    assert (row["task_name"], row["type"], row["status"]) == ("consume_file", "auto_task", "SUCCESS")
    assert (row["result"], row["related_document"], row["task_file_name"]) == (
        "Success. New document id 12 created", "12", "a.pdf")  # fmt: skip


def test_users_see_their_own_and_unowned_tasks_staff_see_all(make_user: Any) -> None:
    """GIVEN tasks of alice, of bob and one without owner
    WHEN alice, and then a staff user, list tasks
    THEN alice sees hers and the unowned one; staff see all three."""
    alice, bob = make_user("alice"), make_user("bob")
    task("a", alice), task("b", bob), task("none")
    mine = {row["task_id"] for row in api_client(alice).get("/api/tasks/").json()["results"]}
    staff = make_user("staff")
    staff.is_staff = True
    staff.save()
    everything = {row["task_id"] for row in api_client(staff).get("/api/tasks/").json()["results"]}
    assert mine == {"a", "none"} and everything == {"a", "b", "none"}


def test_filters_by_status_and_completion(make_user: Any) -> None:
    """GIVEN a queued and a finished task
    WHEN listed with status=success, and with is_complete=false
    THEN each filter returns the one task it describes."""
    owner = make_user("alice")
    task("queued", owner), finished("done", owner)
    client = api_client(owner)
    assert [r["task_id"] for r in client.get("/api/tasks/?status=success").json()["results"]] == ["done"]
    assert [r["task_id"] for r in client.get("/api/tasks/?is_complete=false").json()["results"]] == ["queued"]


def test_another_users_task_is_not_found(make_user: Any) -> None:
    """GIVEN bob's task
    WHEN alice asks for it by id
    THEN the answer is 404."""
    alice, bob = make_user("alice"), make_user("bob")
    hidden = task("b", bob)
    assert api_client(alice).get(f"/api/tasks/{hidden.pk}/").status_code == 404


def test_acknowledging_needs_the_change_permission(make_user: Any) -> None:
    """GIVEN two finished tasks of alice
    WHEN she acknowledges one without, and then with, documents.change_paperlesstask
    THEN the first is refused with 403 and the second answers {"result": 1}."""
    plain = make_user("plain")
    allowed = make_user("allowed", perms=("documents.change_paperlesstask",))
    first = finished("t1", allowed)
    finished("t2", allowed)
    assert api_client(plain).post("/api/tasks/acknowledge/", {"tasks": [first.pk]}, format="json").status_code == 403
    response = api_client(allowed).post("/api/tasks/acknowledge/", {"tasks": [first.pk]}, format="json")
    assert response.json() == {"result": 1}
    assert list(PaperlessTask.objects.filter(acknowledged=True).values_list("task_id", flat=True)) == ["t1"]


def test_a_failed_duplicate_names_the_original_in_both_versions(make_user: Any) -> None:
    """GIVEN a task failed as a duplicate of document 3
    WHEN it is read in versions 10 and 9
    THEN v10 lists 3 among related_document_ids and v9 gives related_document "3" and the reason as result."""
    owner = make_user("alice")
    task("dup", owner)
    records.claim_task("dup")
    records.mark_failure("dup", "Not consuming a.pdf: it is a duplicate of document #3.", duplicate_of=3)
    [v10] = api_client(owner).get("/api/tasks/").json()["results"]
    [v9] = api_client(owner, version=9).get("/api/tasks/").json()
    assert v10["related_document_ids"] == [3]
    assert (v9["status"], v9["related_document"]) == ("FAILURE", "3") and "duplicate" in v9["result"]


def test_status_counts_and_active(make_user: Any) -> None:
    """GIVEN one queued, one successful and one failed task
    WHEN status_counts and active are read
    THEN the counts add up and active lists only the queued task."""
    owner = make_user("alice")
    task("queued", owner), finished("ok", owner)
    task("bad", owner)
    records.claim_task("bad")
    records.mark_failure("bad", "broken")
    client = api_client(owner)
    assert client.get("/api/tasks/status_counts/").json() == {
        "all": 3, "needs_attention": 1, "in_progress": 1, "completed": 1}  # fmt: skip
    assert [row["task_id"] for row in client.get("/api/tasks/active/").json()] == ["queued"]


def test_input_data_shows_no_server_paths(make_user: Any) -> None:
    """GIVEN a task whose input_data holds the worker's bookkeeping (a server path, a fingerprint)
    WHEN it is read through the API
    THEN only the file name, source and given metadata are shown."""
    owner = make_user("alice")
    records.create_task(
        "t", task_type=TaskType.CONSUME_FILE, trigger_source=TriggerSource.API_UPLOAD, owner_id=owner.pk,
        input_data={"filename": "a.pdf", "path": "/srv/data/uploads/t/a.pdf", "fingerprint": "1:2", "staged": True,
                    "source": "api_upload", "overrides": {"title": "A"}},
    )  # fmt: skip
    [row] = api_client(owner).get("/api/tasks/").json()["results"]
    assert row["input_data"] == {"filename": "a.pdf", "source": "api_upload", "overrides": {"title": "A"}}
