"""Placing files: final names, collisions, moves and deletions that never lose or overwrite a file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.db import transaction

from paperkeep.documents.actions.documents import delete_documents, update_document
from paperkeep.documents.actions.objects import create_object
from paperkeep.documents.models import Correspondent, Document, StoragePath
from paperkeep.documents.storage import journal
from paperkeep.documents.storage.layout import media
from tests.conftest import Dirs
from tests.documents.factories import stored_document

pytestmark = pytest.mark.django_db(transaction=True)


def test_default_names_are_the_padded_id(paperkeep_dirs: Dirs) -> None:
    """GIVEN no filename format
    WHEN a document is stored
    THEN original, archive and thumbnail are named after its id, and no journal or staging is left."""
    document = stored_document(paperkeep_dirs.root / "work")
    layout = media()
    assert document.filename == f"{document.pk:07}.txt"
    assert (layout.originals / document.filename).is_file()
    assert (layout.archive / f"{document.pk:07}.pdf").is_file()
    assert (layout.thumbnails / f"{document.pk:07}.webp").is_file()
    assert list(layout.journal.iterdir()) == [] and list(layout.staging.iterdir()) == []


def test_a_collision_gets_a_suffix_and_never_overwrites(paperkeep_dirs: Dirs, override_config: Any) -> None:
    """GIVEN a filename format `{{ title }}` and a stranger's file already named `Letter.txt`
    WHEN two documents titled Letter are stored
    THEN they get `Letter_01.txt` and `Letter_02.txt`, and the stranger's file is untouched."""
    override_config("ocr", filename_format="{{ title }}")
    originals = media().originals
    originals.mkdir(parents=True)
    (originals / "Letter.txt").write_text("not ours")
    first = stored_document(paperkeep_dirs.root / "work", "Letter")
    second = stored_document(paperkeep_dirs.root / "work", "Letter")
    assert (first.filename, second.filename) == ("Letter_01.txt", "Letter_02.txt")
    assert (originals / "Letter.txt").read_text() == "not ours"


def test_storage_path_template_wins_over_the_format(paperkeep_dirs: Dirs, override_config: Any) -> None:
    """GIVEN a filename format and a storage path with its own template
    WHEN a document with that storage path is stored
    THEN the storage path's template names it."""
    override_config("ocr", filename_format="{{ title }}")
    path = create_object(StoragePath, name="by year", path="{{ created_year }}/{{ title }}")
    document = stored_document(paperkeep_dirs.root / "work", "Bill", storage_path_id=path.pk)
    assert document.filename == "2024/Bill.txt"


def test_a_hostile_template_falls_back_to_the_default_name(paperkeep_dirs: Dirs, override_config: Any) -> None:
    """GIVEN a filename format that tries to walk attributes
    WHEN a document is stored
    THEN it gets the default name, inside the originals folder."""
    override_config("ocr", filename_format="{{ ''.__class__.__mro__ }}/../../{{ title }}")
    document = stored_document(paperkeep_dirs.root / "work", "Bill")
    assert document.filename == f"{document.pk:07}.txt"


def test_changing_metadata_moves_the_files(paperkeep_dirs: Dirs, override_config: Any) -> None:
    """GIVEN a format using the correspondent and a stored document without one
    WHEN the document gets a correspondent
    THEN its files move to the new names after the commit and the old names are gone."""
    override_config("ocr", filename_format="{{ correspondent }}/{{ title }}")
    document = stored_document(paperkeep_dirs.root / "work", "Bill")
    old = media().originals / document.filename
    acme = create_object(Correspondent, name="ACME")
    update_document(document, correspondent_id=acme.pk)
    document.refresh_from_db()
    assert document.filename == "ACME/Bill.txt"
    assert (media().originals / "ACME/Bill.txt").is_file()
    assert (media().archive / "ACME/Bill.pdf").is_file()
    assert not old.exists()
    assert not (media().originals / "none").exists()


def test_a_rolled_back_move_keeps_the_old_files(paperkeep_dirs: Dirs, override_config: Any) -> None:
    """GIVEN a format using the title and a stored document
    WHEN its title changes inside a transaction that is rolled back
    THEN the row keeps the old name, the old file is there, and the new name is gone."""
    override_config("ocr", filename_format="{{ title }}")
    document = stored_document(paperkeep_dirs.root / "work", "Bill")
    with pytest.raises(RuntimeError), transaction.atomic():
        update_document(document, title="Renamed")
        raise RuntimeError("roll back")
    # The journal stays until its outcome is settled: by the next worker start (writer dead) or, as here, directly.
    entries = journal.read_all()
    assert len(entries) == 1
    journal.settle(entries[0])
    document = Document.objects.get(pk=document.pk)
    assert document.filename == "Bill.txt"
    assert (media().originals / "Bill.txt").is_file()
    assert not (media().originals / "Renamed.txt").exists()


def test_deleting_removes_files_only_after_the_commit(paperkeep_dirs: Dirs) -> None:
    """GIVEN a stored document
    WHEN it is deleted for good
    THEN the row and its three files are gone."""
    document = stored_document(paperkeep_dirs.root / "work")
    files = [media().originals / document.filename, media().thumbnails / f"{document.pk:07}.webp"]
    delete_documents([document])
    assert not Document.global_objects.exists()
    assert not any(path.exists() for path in files)


def test_deleting_moves_files_to_the_empty_trash_dir(paperkeep_dirs: Dirs, override_config: Any) -> None:
    """GIVEN PAPERLESS_EMPTY_TRASH_DIR and a stored document
    WHEN it is deleted for good
    THEN its original and archive are moved there, not destroyed."""
    bin_dir = paperkeep_dirs.root / "bin"
    override_config("paths", empty_trash_dir=bin_dir)
    document = stored_document(paperkeep_dirs.root / "work")
    delete_documents([document])
    assert sorted(p.suffix for p in Path(bin_dir).iterdir()) == [".pdf", ".txt"]
