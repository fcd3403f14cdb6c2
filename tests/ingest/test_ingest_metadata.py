"""Metadata: what the source gives wins, matching rules fill the rest, inbox tags are always added."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from paperkeep.documents.actions.objects import create_object
from paperkeep.documents.models import (
    Correspondent,
    CustomField,
    CustomFieldInstance,
    DocumentType,
    MatchingAlgorithm,
    StoragePath,
    Tag,
)
from paperkeep.ingest.context import Overrides, Source
from tests import filegen
from tests.conftest import Dirs
from tests.ingest.helpers import consume_now, document_of

pytestmark = pytest.mark.django_db

LINES = [["Greenfield Insurance", "Policy statement for 2023", "Date: 14.02.2024", "Premium due in March."] * 3]


def test_upload_fields_are_applied(paperkeep_dirs: Dirs, make_user: Any) -> None:
    """GIVEN an upload with title, date, correspondent, type, storage path, a child tag, ASN, custom field, owner
    WHEN it is consumed
    THEN the document has each of them, and the child tag brings its parent."""
    owner = make_user("alice")
    acme = create_object(Correspondent, name="ACME")
    kind = create_object(DocumentType, name="Policy")
    where = create_object(StoragePath, name="flat", path="{{ title }}")
    parent = create_object(Tag, name="insurance")
    child = create_object(Tag, name="car", parent_id=parent.pk)
    amount = CustomField.objects.create(name="Premium", data_type="monetary")
    overrides = Overrides(
        title="My policy", created=date(2020, 1, 2), correspondent_id=acme.pk, document_type_id=kind.pk,
        storage_path_id=where.pk, tag_ids=(child.pk,), archive_serial_number=77, owner_id=owner.pk,
        custom_fields=((amount.pk, "EUR99.00"),),
    )  # fmt: skip
    pdf = filegen.text_pdf(paperkeep_dirs.root / "upload.pdf", LINES)
    document = document_of(consume_now(pdf, overrides=overrides, source=Source.API_UPLOAD, owner_id=owner.pk))
    assert (document.title, document.created, document.archive_serial_number) == ("My policy", date(2020, 1, 2), 77)
    assert (document.correspondent, document.document_type, document.owner) == (acme, kind, owner)
    assert set(document.tags.all()) == {parent, child}
    assert document.filename == "My policy.pdf"
    assert CustomFieldInstance.objects.get(document=document).value == "EUR99.00"


def test_matching_rules_and_inbox_tags_fill_in(paperkeep_dirs: Dirs) -> None:
    """GIVEN a correspondent matching "greenfield", a tag matching "premium", an inbox tag, and a rule that misses
    WHEN a letter mentioning Greenfield and its premium is consumed
    THEN the document gets the correspondent, the matching tag and the inbox tag only."""
    insurer = create_object(Correspondent, name="Greenfield", match="greenfield", matching_algorithm=1)
    create_object(Correspondent, name="Other", match="nothing here", matching_algorithm=MatchingAlgorithm.ALL)
    premium = create_object(Tag, name="premium", match="premium", matching_algorithm=MatchingAlgorithm.LITERAL)
    inbox = create_object(Tag, name="inbox", is_inbox_tag=True)
    document = document_of(consume_now(filegen.text_pdf(paperkeep_dirs.consume / "l.pdf", LINES)))
    assert document.correspondent == insurer
    assert set(document.tags.all()) == {premium, inbox}


def test_a_given_correspondent_beats_a_matching_one(paperkeep_dirs: Dirs) -> None:
    """GIVEN a correspondent whose rule matches the text and another one given with the upload
    WHEN the upload is consumed
    THEN the given one is kept."""
    create_object(Correspondent, name="Greenfield", match="greenfield")
    chosen = create_object(Correspondent, name="Chosen")
    pdf = filegen.text_pdf(paperkeep_dirs.root / "u.pdf", LINES)
    task = consume_now(pdf, overrides=Overrides(correspondent_id=chosen.pk), source=Source.API_UPLOAD)
    assert document_of(task).correspondent == chosen


def test_a_taken_asn_fails_the_task(paperkeep_dirs: Dirs) -> None:
    """GIVEN a document with ASN 5
    WHEN another upload asks for ASN 5
    THEN its task fails with Paperless's reason and code, and the upload is kept."""
    consume_now(filegen.text_pdf(paperkeep_dirs.root / "a.pdf", LINES), overrides=Overrides(archive_serial_number=5),
                source=Source.API_UPLOAD)  # fmt: skip
    other = [["A different letter altogether", "with other words", "on 01.01.2024"] * 3]
    task = consume_now(filegen.text_pdf(paperkeep_dirs.root / "b.pdf", other),
                       overrides=Overrides(archive_serial_number=5), source=Source.API_UPLOAD)  # fmt: skip
    assert task.status == "failure" and task.result_data["code"] == "asn_already_exists"
    assert "archive serial number 5" in task.result_data["reason"]


def test_the_file_date_is_used_when_the_text_has_none(paperkeep_dirs: Dirs) -> None:
    """GIVEN a text file without any date, last modified on 3 May 2021
    WHEN it is consumed
    THEN its created date is that day."""
    import os
    from datetime import datetime

    note = filegen.text_file(paperkeep_dirs.consume / "undated.txt", "No date in here at all.\n")
    stamp = datetime(2021, 5, 3, 12, 0).timestamp()
    os.utime(note, (stamp, stamp))
    assert document_of(consume_now(note)).created == date(2021, 5, 3)
