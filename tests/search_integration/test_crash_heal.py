"""After a crash between a database commit and its index write, the index heals when the worker starts."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from celery.signals import worker_ready
from django.db import transaction
from django.utils import timezone

from paperkeep.documents import search as documents_search
from paperkeep.documents.models import Document
from paperkeep.documents.sanity import check
from paperkeep.documents.search import journal
from paperkeep.tasks import lifecycle  # noqa: F401  (connects the worker start-up handlers, as the worker does)
from tests.api import factories
from tests.search_integration.conftest import ClientFor, MakeDocument, ids_of, search


def _unindexed(**fields: Any) -> Document:
    """A document committed by a process that died before its index write (the seam never ran)."""
    with transaction.atomic():
        return factories.document(**fields)


def _index_findings(report: Any) -> list[str]:
    return [finding.message for finding in report.problems if "search index" in finding.message]


def test_a_document_committed_but_never_indexed_is_indexed_at_worker_start(
    cast: factories.People, client_for: ClientFor, make_document: MakeDocument, override_config: Any
) -> None:
    """GIVEN an indexed document and one whose row was committed without its index write
    WHEN the worker starts again
    THEN both are found."""
    override_config("consumer", disable=True)
    indexed = make_document(owner=cast.owner, title="Harbour permit")
    lost = _unindexed(owner=cast.owner, title="Harbour fees")
    client = client_for(cast.owner)
    assert ids_of(search(client, query="harbour")) == [indexed.pk]
    worker_ready.send(sender=None)
    assert sorted(ids_of(search(client, query="harbour"))) == [indexed.pk, lost.pk]


def test_a_change_and_a_deletion_that_missed_the_index_are_reconciled(
    cast: factories.People, client_for: ClientFor, make_document: MakeDocument
) -> None:
    """GIVEN two indexed documents; one is retitled and the other deleted without reaching the index
    WHEN the index is reconciled
    THEN the new title is found, the old one is not, and the deleted document is no longer counted."""
    changed = make_document(owner=cast.owner, title="Glacier tour")
    deleted = make_document(owner=cast.owner, title="Glacier map")
    later = timezone.now() + timedelta(seconds=5)  # the index keeps `modified` to the second
    Document.objects.filter(pk=changed.pk).update(title="Volcano tour", modified=later)
    Document.objects.filter(pk=deleted.pk).delete()
    found = documents_search.reconcile()
    assert (found.stale, found.extra) == ({changed.pk}, {deleted.pk})
    client = client_for(cast.owner)
    assert ids_of(search(client, query="volcano")) == [changed.pk]
    assert search(client, query="glacier")["count"] == 0


def test_ids_left_pending_by_a_dead_writer_are_synced_by_the_next_write(
    cast: factories.People, client_for: ClientFor, make_document: MakeDocument
) -> None:
    """GIVEN a document whose writer noted its id and died before writing the index
    WHEN any other document is indexed
    THEN the noted document is indexed too and the note is gone."""
    lost = _unindexed(owner=cast.owner, title="Orchard lease")
    folder = documents_search.get_index().path
    journal.note(folder, [lost.pk])
    make_document(owner=cast.owner, title="Unrelated")
    assert ids_of(search(client_for(cast.owner), query="orchard")) == [lost.pk]
    assert journal.pending(folder).files == ()


def test_the_sanity_checker_reports_drift_and_repairs_it(
    cast: factories.People, client_for: ClientFor, make_document: MakeDocument
) -> None:
    """GIVEN an index that lacks one committed document
    WHEN the sanity checker runs with clean=False, then normally
    THEN it first warns about that document, then repairs the index (reported as cleaned), and it is found."""
    make_document(owner=cast.owner, title="Indexed")
    lost = _unindexed(owner=cast.owner, title="Lighthouse survey")
    report = check(clean=False)  # (the factory's documents have no files: those findings are not ours)
    assert _index_findings(report) == [f"Document #{lost.pk} is not in the search index."]
    repaired = check()
    assert _index_findings(repaired) == [] and any("re-indexed 1 document" in line for line in repaired.cleaned)
    assert _index_findings(check(clean=False)) == []
    assert ids_of(search(client_for(cast.owner), query="lighthouse")) == [lost.pk]
