"""Upload from the browser: the file becomes a task; the task's state and outcome are shown to its owner only."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from paperkeep.documents.models import PaperlessTask
from paperkeep.ingest import runner
from tests import filegen
from tests.api import factories
from tests.web.conftest import BrowserFor, text_of

pytestmark = pytest.mark.django_db


def a_text_file(tmp_path: Path) -> SimpleUploadedFile:
    text = "Invoice from Northwind Traders about the water meter"
    return SimpleUploadedFile("letter.txt", filegen.text_file(tmp_path / "letter.txt", text).read_bytes())


def test_an_upload_becomes_a_document_reachable_from_its_status(cast: factories.People, browser_for: BrowserFor,
                                                                tmp_path: Path) -> None:
    """GIVEN the owner uploads a text file from the web page
    WHEN the worker runs its task and the page asks for the task's state
    THEN the state is success with a link to the new document, which the owner owns."""
    browser = browser_for(cast.owner)
    answer = browser.post("/upload/", {"document": a_text_file(tmp_path)})
    task_id = answer.json()["task_id"]
    task = PaperlessTask.objects.get(task_id=task_id)
    assert (task.trigger_source, task.owner, task.status) == ("web_ui", cast.owner, "pending")
    runner.run(task_id)
    [state] = browser.get("/tasks/status/", {"task_id": task_id}).json()["tasks"]
    assert state["status"] == "success"
    document = browser.get(state["document_url"])
    assert document.status_code == 200 and "water meter" in text_of(document)


def a_damaged_pdf(tmp_path: Path) -> SimpleUploadedFile:
    return SimpleUploadedFile("broken.pdf", filegen.corrupt_pdf(tmp_path / "broken.pdf").read_bytes())


def test_a_failed_task_shows_its_reason(cast: factories.People, browser_for: BrowserFor, tmp_path: Path) -> None:
    """GIVEN the owner uploads a damaged PDF
    WHEN its task runs
    THEN the task's state is failure with the reason, which the tasks page shows too."""
    browser = browser_for(cast.owner)
    task_id = browser.post("/upload/", {"document": a_damaged_pdf(tmp_path)}).json()["task_id"]
    runner.run(task_id)
    [state] = browser.get("/tasks/status/", {"task_id": task_id}).json()["tasks"]
    assert state["status"] == "failure" and "damaged" in state["reason"].lower()
    assert "document_url" not in state
    page = text_of(browser.get("/tasks/", {"tab": "attention"}))
    assert "broken.pdf" in page and "damaged" in page.lower()


def test_an_unsupported_file_is_refused_with_the_reason(cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN a file of a type no parser reads
    WHEN the owner uploads it
    THEN the answer is 400 naming the type, and no task is queued."""
    blob = SimpleUploadedFile("tool.bin", b"\x7fELF\x02\x01\x01" + bytes(200))
    response = browser_for(cast.owner).post("/upload/", {"document": blob})
    assert response.status_code == 400 and "not supported" in response.json()["error"]
    assert not PaperlessTask.objects.exists()


def test_someone_elses_task_is_not_reported(cast: factories.People, browser_for: BrowserFor, tmp_path: Path) -> None:
    """GIVEN a task of alice's upload
    WHEN dave asks for its state and opens the tasks page
    THEN he gets no state for it and does not see its file."""
    task_id = browser_for(cast.owner).post("/upload/", {"document": a_text_file(tmp_path)}).json()["task_id"]
    dave = browser_for(cast.stranger)
    assert dave.get("/tasks/status/", {"task_id": task_id}).json()["tasks"] == []
    assert "letter.txt" not in text_of(dave.get("/tasks/", {"tab": "all"}))


def test_uploading_needs_the_add_permission(cast: factories.People, browser_for: BrowserFor, tmp_path: Path) -> None:
    """GIVEN a user who may view but not add documents
    WHEN they upload a file
    THEN the answer is 403 and nothing is queued."""
    viewer = factories.user("viewer", perms=False)
    viewer.user_permissions.add(*factories.Permission.objects.filter(codename="view_document"))
    response = browser_for(viewer).post("/upload/", {"document": a_text_file(tmp_path)})
    assert response.status_code == 403 and not PaperlessTask.objects.exists()


def test_dismissing_a_failed_task(cast: factories.People, browser_for: BrowserFor, tmp_path: Path) -> None:
    """GIVEN a failed task
    WHEN its owner dismisses all finished tasks
    THEN the task is acknowledged and leaves "Needs attention"."""
    browser = browser_for(cast.owner)
    task_id = browser.post("/upload/", {"document": a_damaged_pdf(tmp_path)}).json()["task_id"]
    runner.run(task_id)
    browser.post("/tasks/dismiss/", {"all": "1", "tab": "attention"})
    assert PaperlessTask.objects.get(task_id=task_id).acknowledged
    assert "Needs attention (0)" in text_of(browser.get("/tasks/"))
