"""A real client, PyPI's pypaperless 3.1.15, against a live Paperkeep server (it sends API version 2).

The server is pytest-django's live server (a real HTTP server thread on the test database); the client is
pypaperless over aiohttp, unchanged.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest
from pypaperless import Paperless
from pypaperless.exceptions import BadJsonResponseError
from rest_framework.authtoken.models import Token

from paperkeep.documents.actions.objects import create_object
from paperkeep.documents.models import Correspondent, PaperlessTask, Tag
from paperkeep.ingest import runner
from tests import filegen
from tests.api import factories

T = TypeVar("T")
pytestmark = pytest.mark.e2e


def run(coroutine_function: Callable[[Paperless], Awaitable[T]], url: str, token: str) -> T:
    async def session() -> T:
        async with Paperless(url, token) as paperless:
            return await coroutine_function(paperless)

    return asyncio.run(session())


@pytest.fixture
def server(live_server: Any, cast: factories.People) -> tuple[str, str]:
    """Return the live server's URL and alice's token."""
    token, _ = Token.objects.get_or_create(user=cast.owner)
    return live_server.url, token.key


def test_generate_token_and_connect(live_server: Any, cast: factories.People) -> None:
    """GIVEN a live server WHEN pypaperless gets a token from /api/token/ and connects
    THEN it sees the Paperless version and the resources it knows."""
    token = asyncio.run(Paperless.generate_api_token(live_server.url, "alice", "password"))

    async def connect(paperless: Paperless) -> tuple[str | None, set[str]]:
        return paperless.host_version, {str(r) for r in paperless.remote_resources}

    version, resources = run(connect, live_server.url, token)
    assert version == "3.0.5"
    assert {"documents", "tags", "correspondents", "document_types", "storage_paths", "custom_fields",
            "saved_views", "share_links", "users", "groups", "tasks", "status"} <= resources  # fmt: skip


def test_list_and_page_documents(server: tuple[str, str], cast: factories.People) -> None:
    """GIVEN 7 documents WHEN pypaperless pages through them 3 at a time and asks `all()`
    THEN it visits 3 pages, every document once, and `all()` lists the 7 ids."""
    docs = [factories.document(owner=cast.owner, title=f"Doc {n}") for n in range(7)]

    async def page_through(paperless: Paperless) -> tuple[int, list[int], list[int]]:
        seen: list[int] = []
        pages = 0
        async for page in paperless.documents.pages(page_size=3):
            pages += 1
            seen.extend(item.id for item in page.items)
        return pages, seen, await paperless.documents.all()

    pages, seen, every = run(page_through, *server)
    assert pages == 3
    assert sorted(seen) == sorted(every) == sorted(d.pk for d in docs)


def test_filtered_iteration(server: tuple[str, str], cast: factories.People) -> None:
    """GIVEN two invoices and a letter WHEN pypaperless iterates with reduce(title__icontains) THEN the invoices."""
    invoices = {factories.document(owner=cast.owner, title=f"Invoice {n}").pk for n in range(2)}
    factories.document(owner=cast.owner, title="Letter")

    async def reduce(paperless: Paperless) -> set[int]:
        async with paperless.documents.reduce(title__icontains="invoice"):
            return {doc.id async for doc in paperless.documents}

    assert run(reduce, *server) == invoices


def test_read_document_and_thumbnail(server: tuple[str, str], cast: factories.People) -> None:
    """GIVEN a document with files WHEN pypaperless reads it, its thumbnail, download and metadata THEN all load."""
    doc = factories.document(owner=cast.owner, title="Bill", content="total 12.00", files=True)

    async def read(paperless: Paperless) -> tuple[Any, Any, Any, Any]:
        document = await paperless.documents(doc.pk)
        return document, await document.get_thumbnail(), await document.get_download(), await document.get_metadata()

    document, thumb, download, meta = run(read, *server)
    assert (document.title, document.content) == ("Bill", "total 12.00")
    assert thumb.content_type == "image/webp" and thumb.content[:4] == b"RIFF"
    assert download.content.startswith(b"%PDF")
    assert meta.has_archive_version is True


def test_hidden_document_is_not_readable(server: tuple[str, str], cast: factories.People) -> None:
    """GIVEN bob's private document WHEN alice's client asks for it THEN the request fails (404)."""
    doc = factories.document(owner=cast.granted)

    async def read(paperless: Paperless) -> Any:
        return await paperless.documents(doc.pk)

    with pytest.raises(Exception) as failure:
        run(read, *server)
    assert "404" in str(failure.value) or isinstance(failure.value, BadJsonResponseError)


def test_tags_crud(server: tuple[str, str], cast: factories.People) -> None:
    """GIVEN pypaperless WHEN it creates, reads, renames and deletes a tag THEN each step lands on the server."""

    async def crud(paperless: Paperless) -> tuple[int, str, bool]:
        draft = paperless.tags.draft(
            name="Receipts", color="#ff0000", is_inbox_tag=False, match="", matching_algorithm=0, is_insensitive=True
        )
        pk = await draft.save()
        tag = await paperless.tags(pk)
        tag.name = "Old receipts"
        await tag.update()
        renamed = (await paperless.tags(pk)).name
        return pk, renamed, await tag.delete()

    pk, renamed, deleted = run(crud, *server)
    assert renamed == "Old receipts"
    assert deleted is True
    assert not Tag.objects.filter(pk=pk).exists()


def test_correspondents_crud(server: tuple[str, str], cast: factories.People) -> None:
    """GIVEN pypaperless WHEN it creates, lists, updates and deletes a correspondent THEN the server follows."""
    create_object(Correspondent, name="Existing")

    async def crud(paperless: Paperless) -> tuple[list[str], str, bool]:
        pk = await paperless.correspondents.draft(
            name="ACME", match="acme", matching_algorithm=1, is_insensitive=True
        ).save()
        names = [c.name async for c in paperless.correspondents]
        acme = await paperless.correspondents(pk)
        acme.name = "ACME Corp"
        await acme.update()
        return names, (await paperless.correspondents(pk)).name, await acme.delete()

    names, renamed, deleted = run(crud, *server)
    assert names == ["ACME", "Existing"]
    assert (renamed, deleted) == ("ACME Corp", True)
    assert Correspondent.objects.count() == 1


def test_upload_and_wait_for_the_task(server: tuple[str, str], cast: factories.People, tmp_path: Path) -> None:
    """GIVEN a born-digital PDF WHEN pypaperless uploads it, reads the queued task, a worker consumes it, and the
    client polls the task again THEN the task is pending first, then succeeds, and the new document is readable.

    The worker runs after the first read, not beside the polling: this test's live server shares an in-memory
    SQLite database (shared cache) with the test, where a write beside a read fails at once with "table is
    locked" instead of waiting, which never happens with the file database Paperkeep runs on (tests/test_serve.py
    and tests/ingest cover a real worker beside a real server)."""
    pdf = filegen.text_pdf(tmp_path / "letter.pdf", [["Dear customer, your invoice number 4711."]])

    async def upload(paperless: Paperless) -> str:
        return str(
            await paperless.documents.draft(document=pdf.read_bytes(), filename="letter.pdf", title="Letter").save()
        )

    task_id = run(upload, *server)
    assert PaperlessTask.objects.filter(task_id=task_id).exists()

    async def status_now(paperless: Paperless) -> str:
        return str((await paperless.tasks(task_id)).status)

    assert run(status_now, *server).upper().endswith("PENDING")
    worker = threading.Thread(target=runner.run, args=(task_id,))
    worker.start()
    worker.join(timeout=120)

    async def wait(paperless: Paperless) -> tuple[str, Any, Any]:
        for _ in range(480):
            task = await paperless.tasks(task_id)
            if str(task.status).upper().endswith(("SUCCESS", "FAILURE")):
                document = await paperless.documents(task.related_document) if task.related_document else None
                return str(task.status), document, task.result
            await asyncio.sleep(0.25)
        return "timeout", None, None

    status, document, result = run(wait, *server)
    assert status.upper().endswith("SUCCESS"), (status, result)
    assert document.title == "Letter"
    assert "4711" in document.content
