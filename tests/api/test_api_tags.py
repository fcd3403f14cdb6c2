"""Tags: nested children, colours, the tree rules, and the v9 `all` list (§2.1)."""

from __future__ import annotations

from paperkeep.documents.actions.objects import create_object
from paperkeep.documents.models import Tag
from tests.api import factories
from tests.api.conftest import ClientFor


def _chain(depth: int, owner_id: int | None = None) -> list[Tag]:
    tags: list[Tag] = []
    for level in range(depth):
        tags.append(
            create_object(Tag, name=f"level {level}", parent_id=tags[-1].pk if tags else None, owner_id=owner_id)
        )
    return tags


def test_children_are_nested(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN parent > child > grandchild WHEN reading the parent THEN its children nest two levels deep."""
    parent, child, grandchild = _chain(3)
    body = client_for(cast.owner).get(f"/api/tags/{parent.pk}/").json()
    assert body["children"][0]["id"] == child.pk
    assert body["children"][0]["children"][0]["id"] == grandchild.pk
    assert body["children"][0]["parent"] == parent.pk


def test_hidden_children_are_not_nested(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a public parent with alice's private child WHEN dave reads the parent THEN no children."""
    parent = create_object(Tag, name="parent")
    create_object(Tag, name="secret", parent_id=parent.pk, owner_id=cast.owner.pk)
    assert client_for(cast.stranger).get(f"/api/tags/{parent.pk}/").json()["children"] == []
    assert len(client_for(cast.owner).get(f"/api/tags/{parent.pk}/").json()["children"]) == 1


def test_list_is_flat_with_nested_children(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a parent and a child WHEN listing THEN both are results and the parent nests the child."""
    parent, child = _chain(2)
    body = client_for(cast.owner).get("/api/tags/").json()
    assert [row["id"] for row in body["results"]] == [parent.pk, child.pk]
    assert body["results"][0]["children"][0]["id"] == child.pk
    assert body["display_count"] == 2


def test_is_root_filter(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a parent and a child WHEN listing with is_root=true THEN only the parent."""
    parent, _child = _chain(2)
    body = client_for(cast.owner).get("/api/tags/?is_root=true").json()
    assert [row["id"] for row in body["results"]] == [parent.pk]


def test_version_9_all_includes_children_of_filtered_tags(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a parent and a child WHEN a v9 client lists root tags THEN `all` also holds the child (Paperless)."""
    parent, child = _chain(2)
    body = client_for(cast.owner, 9).get("/api/tags/?is_root=true").json()
    assert body["all"] == [parent.pk, child.pk]


def test_depth_above_five_is_refused(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a chain five levels deep WHEN adding a sixth level THEN 400 on `parent`."""
    chain = _chain(5)
    response = client_for(cast.owner).post("/api/tags/", {"name": "too deep", "parent": chain[-1].pk}, format="json")
    assert response.status_code == 400
    assert "parent" in response.json()


def test_cycle_is_refused(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN parent > child WHEN making the parent a child of its child THEN 400 and nothing changes."""
    parent, child = _chain(2)
    response = client_for(cast.owner).patch(f"/api/tags/{parent.pk}/", {"parent": child.pk}, format="json")
    assert response.status_code == 400
    assert Tag.objects.get(pk=parent.pk).parent_id is None


def test_hidden_parent_is_refused_like_a_missing_one(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN alice's private tag WHEN dave uses it as a parent THEN 400 "object does not exist"."""
    secret = create_object(Tag, name="secret", owner_id=cast.owner.pk)
    response = client_for(cast.stranger).post("/api/tags/", {"name": "mine", "parent": secret.pk}, format="json")
    assert response.status_code == 400
    assert "does not exist" in response.json()["parent"][0]


def test_moving_a_tag_adds_its_new_parent_to_documents(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a document tagged "child" WHEN "child" moves under "parent" THEN the document has "parent" too."""
    parent = create_object(Tag, name="parent")
    child = create_object(Tag, name="child")
    doc = factories.document(owner=cast.owner, tags=[child])
    client_for(cast.owner).patch(f"/api/tags/{child.pk}/", {"parent": parent.pk}, format="json")
    assert set(doc.tags.values_list("pk", flat=True)) == {parent.pk, child.pk}


def test_color_and_text_color(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a dark and a light colour WHEN creating tags THEN the text colour is white, then black."""
    client = client_for(cast.owner)
    dark = client.post("/api/tags/", {"name": "dark", "color": "#1f2f3f"}, format="json").json()
    light = client.post("/api/tags/", {"name": "light", "color": "#f0f0f0"}, format="json").json()
    assert (dark["text_color"], light["text_color"]) == ("#ffffff", "#000000")


def test_invalid_color_is_refused(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a colour that is not #rrggbb WHEN creating THEN 400 on `color`."""
    response = client_for(cast.owner).post("/api/tags/", {"name": "x", "color": "red"}, format="json")
    assert response.status_code == 400
    assert "color" in response.json()


def test_default_tag_shape(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a new tag WHEN read THEN every Paperless field is there, in Paperless's order."""
    created = client_for(cast.owner).post("/api/tags/", {"name": "Inbox Stuff"}, format="json").json()
    assert list(created) == [
        "id", "slug", "name", "color", "text_color", "match", "matching_algorithm", "is_insensitive",
        "is_inbox_tag", "document_count", "owner", "user_can_change", "parent", "children",
    ]  # fmt: skip
    assert (created["slug"], created["color"], created["matching_algorithm"]) == ("inbox-stuff", "#a6cee3", 1)


def test_superuser_counts_of_many_tags_skip_trash_and_versions(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN 40 tags, tag 0 on a live document, a trashed one and a version WHEN root lists all tags
    THEN tag 0 counts 1 (the whole-list path that subtracts trashed documents and versions)."""
    from paperkeep.documents.actions.documents import trash_documents

    tags = [create_object(Tag, name=f"t{n:02}") for n in range(40)]
    live = factories.document(tags=[tags[0]])
    trash_documents([factories.document(tags=[tags[0]])])
    factories.document(tags=[tags[0]], root_document=live)
    rows = client_for(cast.admin).get("/api/tags/?page_size=100").json()["results"]
    assert rows[0]["document_count"] == 1
    assert rows[1]["document_count"] == 0


def test_display_count_follows_the_filters(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN parent > child and an unrelated tag WHEN listing tags named "level 0"
    THEN display_count is 2: the matching parent and its child, not every visible tag."""
    _chain(2)
    create_object(Tag, name="unrelated")
    body = client_for(cast.owner).get("/api/tags/", {"name__iexact": "level 0"}).json()
    assert (body["count"], body["display_count"]) == (1, 2)


def test_tree_errors_use_paperless_messages(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a five-level chain WHEN a tag is made its own parent, its descendant's child, or a sixth level
    THEN 400 on `parent` with Paperless-ngx's messages."""
    chain = _chain(5)
    client = client_for(cast.owner)
    itself = client.patch(f"/api/tags/{chain[0].pk}/", {"parent": chain[0].pk}, format="json")
    below = client.patch(f"/api/tags/{chain[0].pk}/", {"parent": chain[2].pk}, format="json")
    deep = client.post("/api/tags/", {"name": "too deep", "parent": chain[-1].pk}, format="json")
    assert itself.json() == {"parent": ["Cannot set itself as parent."]}
    assert below.json() == {"parent": ["Cannot set parent to a descendant."]}
    assert deep.json() == {"parent": ["Maximum nesting depth exceeded."]}
