"""A document is searchable as soon as its ingest has committed, in this process and in another one."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import time
from dataclasses import asdict

from django.conf import settings
from django.core.management import call_command
from django.db import transaction

from paperkeep.documents import search as documents_search
from paperkeep.documents.models import Document
from paperkeep.documents.search.records import records_for
from tests import filegen
from tests.api import factories
from tests.conftest import Dirs
from tests.search_integration.conftest import ClientFor, ids_of, search

LINES = [["Chimney sweep certificate", "inspection of the flue on 12.03.2024", "No defects found."]]


def test_a_consumed_pdf_is_found_right_after_its_ingest(
    cast: factories.People, client_for: ClientFor, paperkeep_dirs: Dirs
) -> None:
    """GIVEN a born-digital PDF
    WHEN it is consumed through the real pipeline (`consume --now`)
    THEN a search for a word of its text finds it within a second of the command returning."""
    pdf = filegen.text_pdf(paperkeep_dirs.root / "sweep.pdf", LINES)
    call_command("consume", "--now", str(pdf), stdout=io.StringIO(), stderr=io.StringIO())
    finished = time.monotonic()
    body = search(client_for(cast.admin), query="chimney")
    assert time.monotonic() - finished < 1.0
    assert ids_of(body) == [Document.objects.get().pk]
    assert "<b>chimney</b>" in body["results"][0]["__search_hit__"]["highlights"].lower()


def test_a_write_by_another_process_is_found_within_a_second(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a document row, and another process (the worker) that indexes it and exits
    WHEN this process (a web worker with the index open) searches right after
    THEN the document is found within a second."""
    with transaction.atomic():
        document = factories.document(owner=cast.owner, title="Sailing licence")
    [record] = records_for([document.pk]).records
    payload = {**asdict(record), "created": record.created.isoformat(), "added": None, "modified": None}  # type: ignore[union-attr]
    documents_search.get_index()  # this process has the index open, as a web worker has
    script = (
        "import json, sys; from paperkeep.search import DocRecord, open_index\n"
        "data = json.loads(sys.argv[2]); data = {k: tuple(v) if isinstance(v, list) else v for k, v in data.items()}\n"
        "from datetime import date; data['created'] = date.fromisoformat(data['created'])\n"
        "open_index(sys.argv[1], language=sys.argv[3] or None, timezone=sys.argv[4]).upsert([DocRecord(**data)])\n"
    )
    index = documents_search.index_path()
    language = settings.CONFIG.search.language or ""
    subprocess.run(
        [sys.executable, "-c", script, str(index), json.dumps(payload), language, settings.TIME_ZONE],
        check=True,
        env={"PYTHONPATH": "src", "PATH": "/usr/bin:/bin"},
    )
    written = time.monotonic()
    client = client_for(cast.owner)
    while not (found := ids_of(search(client, query="sailing"))) and time.monotonic() - written < 1.0:
        time.sleep(0.05)
    assert found == [document.pk] and time.monotonic() - written < 1.0
