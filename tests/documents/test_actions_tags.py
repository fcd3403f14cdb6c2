"""Tag actions: the tree (at most five deep, no cycles), ancestors added, descendants removed."""

from __future__ import annotations

import pytest

from paperkeep.documents.actions.documents import modify_tags
from paperkeep.documents.actions.objects import create_object, update_object
from paperkeep.documents.errors import TagCycle, TagTreeTooDeep
from paperkeep.documents.models import Document, Tag

pytestmark = pytest.mark.django_db


def chain(depth: int, prefix: str = "level") -> list[Tag]:
    tags: list[Tag] = []
    for level in range(depth):
        tags.append(create_object(Tag, name=f"{prefix}{level}", parent_id=tags[-1].pk if tags else None))
    return tags


def test_adding_a_child_tag_adds_its_ancestors() -> None:
    """GIVEN a tag three levels deep and a document
    WHEN the deepest tag is added to the document
    THEN the document has all three tags."""
    tags = chain(3)
    document = Document.objects.create(title="d", checksum="c", mime_type="text/plain")
    modify_tags([document], add=[tags[-1].pk])
    assert set(document.tags.values_list("pk", flat=True)) == {t.pk for t in tags}


def test_removing_a_parent_tag_removes_its_descendants() -> None:
    """GIVEN a document with a parent tag, its child, and an unrelated tag
    WHEN the parent is removed
    THEN only the unrelated tag is left."""
    parent, child = chain(2)
    other = create_object(Tag, name="other")
    document = Document.objects.create(title="d", checksum="c", mime_type="text/plain")
    modify_tags([document], add=[child.pk, other.pk])
    modify_tags([document], remove=[parent.pk])
    assert list(document.tags.values_list("name", flat=True)) == ["other"]


def test_a_sixth_level_is_refused() -> None:
    """GIVEN a chain of five nested tags
    WHEN a sixth tag is created under the deepest
    THEN TagTreeTooDeep is raised."""
    tags = chain(5)
    with pytest.raises(TagTreeTooDeep):
        create_object(Tag, name="too deep", parent_id=tags[-1].pk)


def test_moving_a_subtree_counts_its_height() -> None:
    """GIVEN a chain of three tags and another chain of three
    WHEN the first chain's root is put under the other chain's leaf (six levels)
    THEN TagTreeTooDeep is raised."""
    first, second = chain(3, "a"), chain(3, "b")
    with pytest.raises(TagTreeTooDeep):
        update_object(first[0], parent_id=second[-1].pk)


def test_a_tag_cannot_become_its_own_ancestor() -> None:
    """GIVEN a parent and child tag
    WHEN the parent is moved under the child
    THEN TagCycle is raised."""
    parent, child = chain(2)
    with pytest.raises(TagCycle):
        update_object(parent, parent_id=child.pk)
