"""POST /api/documents/post_document/: the upload source, as Paperless-ngx answers it."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from paperkeep.documents.actions.objects import create_object
from paperkeep.documents.models import CustomField, CustomFieldInstance, PaperlessTask, Tag
from paperkeep.ingest import runner
from tests import filegen
from tests.conftest import Dirs
from tests.ingest.api_client import api_client
from tests.ingest.helpers import document_of

pytestmark = pytest.mark.django_db

URL = "/api/documents/post_document/"
LINES = [["Invoice 2024-118 from Northwind Traders", "Date: 11.01.2024", "Amount due: 220.00 EUR"] * 3]


def pdf_upload(tmp: Dirs, name: str = "invoice.pdf") -> Any:
    path = filegen.text_pdf(tmp.root / name, LINES)
    handle = io.BytesIO(path.read_bytes())
    handle.name = name
    return handle


@pytest.fixture
def uploader(make_user: Any) -> Any:
    return make_user("uploader", perms=("documents.add_document",))


def test_an_upload_answers_the_task_id_as_a_json_string(
    paperkeep_dirs: Dirs, uploader: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """GIVEN a user allowed to add documents
    WHEN they upload a PDF
    THEN the answer is 200 with a bare JSON string: the id of a queued consume task owned by them."""
    with django_capture_on_commit_callbacks(execute=False) as published:
        response = api_client(uploader).post(URL, {"document": pdf_upload(paperkeep_dirs)}, format="multipart")
    assert response.status_code == 200
    task_id = json.loads(response.content)
    assert isinstance(task_id, str)
    task = PaperlessTask.objects.get(task_id=task_id)
    assert (task.status, task.trigger_source, task.owner) == ("pending", "api_upload", uploader)
    assert len(published) == 1


def test_the_uploaded_file_becomes_the_users_document(paperkeep_dirs: Dirs, uploader: Any) -> None:
    """GIVEN an uploaded PDF with a title, date, tag, ASN and a custom field value
    WHEN its task runs and the task is read back by task_id
    THEN the v10 task names the new document, which has all the upload's fields and the uploader as owner."""
    tag = create_object(Tag, name="bills")
    field = CustomField.objects.create(name="Amount", data_type="monetary")
    client = api_client(uploader)
    data = {
        "document": pdf_upload(paperkeep_dirs), "title": "Northwind January", "created": "2024-01-11",
        "tags": [tag.pk], "archive_serial_number": "118", "custom_fields": json.dumps({field.pk: "EUR220.00"}),
    }  # fmt: skip
    task_id = json.loads(client.post(URL, data, format="multipart").content)
    runner.run(task_id)
    listing = client.get("/api/tasks/", {"task_id": task_id}).json()
    assert listing["count"] == 1
    [task] = listing["results"]
    assert task["status"] == "success" and task["related_document_ids"] == [task["result_data"]["document_id"]]
    document = document_of(PaperlessTask.objects.get(task_id=task_id))
    assert (document.title, str(document.created), document.archive_serial_number) == ("Northwind January",
                                                                                      "2024-01-11", 118)  # fmt: skip
    assert list(document.tags.all()) == [tag] and document.owner == uploader
    assert CustomFieldInstance.objects.get(document=document).value == "EUR220.00"


def test_a_datetime_created_becomes_its_local_date(paperkeep_dirs: Dirs, uploader: Any) -> None:
    """GIVEN an upload whose created is a datetime with an offset
    WHEN its task runs
    THEN the document's created is that moment's date in the server's time zone."""
    client = api_client(uploader)
    data = {"document": pdf_upload(paperkeep_dirs), "created": "2016-04-19 06:15:00+02:00"}
    task_id = json.loads(client.post(URL, data, format="multipart").content)
    runner.run(task_id)
    assert str(document_of(PaperlessTask.objects.get(task_id=task_id)).created) == "2016-04-19"


def test_an_unsupported_file_is_refused_at_once(paperkeep_dirs: Dirs, uploader: Any) -> None:
    """GIVEN a file no parser handles
    WHEN it is uploaded
    THEN the answer is 400 on `document` and no task or staged file is left."""
    handle = io.BytesIO(b"\x7fELF\x02\x01\x01" + bytes(300))
    handle.name = "program.pdf"
    response = api_client(uploader).post(URL, {"document": handle}, format="multipart")
    assert response.status_code == 400 and "not supported" in response.json()["document"][0]
    assert not PaperlessTask.objects.exists()
    assert not any((paperkeep_dirs.data / "uploads").iterdir())


def test_an_empty_file_is_refused(paperkeep_dirs: Dirs, uploader: Any) -> None:
    """GIVEN a zero-byte file
    WHEN it is uploaded
    THEN the answer is 400 saying it is empty."""
    handle = io.BytesIO(b"")
    handle.name = "empty.pdf"
    response = api_client(uploader).post(URL, {"document": handle}, format="multipart")
    assert response.status_code == 400 and "empty" in response.json()["document"][0]


def test_a_tag_the_user_cannot_see_is_an_invalid_pk(paperkeep_dirs: Dirs, uploader: Any, make_user: Any) -> None:
    """GIVEN a tag owned by someone else
    WHEN the uploader names it
    THEN the answer is 400, as for a tag that does not exist."""
    hidden = create_object(Tag, name="private", owner_id=make_user("other").pk)
    data = {"document": pdf_upload(paperkeep_dirs), "tags": [hidden.pk]}
    response = api_client(uploader).post(URL, data, format="multipart")
    assert response.status_code == 400 and "does not exist" in response.json()["tags"][0]


def test_without_the_add_permission_the_answer_is_403(paperkeep_dirs: Dirs, make_user: Any) -> None:
    """GIVEN a user without documents.add_document
    WHEN they upload
    THEN the answer is 403 and nothing is queued."""
    response = api_client(make_user("reader")).post(URL, {"document": pdf_upload(paperkeep_dirs)}, format="multipart")
    assert response.status_code == 403 and not PaperlessTask.objects.exists()


def test_an_asn_out_of_range_is_refused(paperkeep_dirs: Dirs, uploader: Any) -> None:
    """GIVEN an ASN above 0xFFFFFFFF
    WHEN it is uploaded
    THEN the answer is 400 on archive_serial_number."""
    data = {"document": pdf_upload(paperkeep_dirs), "archive_serial_number": str(2**32)}
    response = api_client(uploader).post(URL, data, format="multipart")
    assert response.status_code == 400 and "archive_serial_number" in response.json()
