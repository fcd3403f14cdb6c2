"""Test data for the API tests, built through the models and the documents actions."""

from __future__ import annotations

import hashlib
import itertools
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.contrib.auth.models import Group, Permission, User
from PIL import Image

from paperkeep.documents.actions.permissions import Grants, set_permissions
from paperkeep.documents.models import Document, OwnedModel, Tag
from paperkeep.documents.storage.layout import media, thumbnail_path

_counter = itertools.count(1)
# Permissions an ordinary user does not get: whole-library statistics and system monitoring.
GLOBAL_ONLY = ("view_global_statistics", "view_system_monitoring")


@dataclass
class People:
    """The cast of every permission test: an owner, a directly granted user, a user granted through a group,
    a user with no grant, a superuser, and the group."""

    owner: User
    granted: User
    member: User
    stranger: User
    admin: User
    group: Group


def user(name: str, *, perms: bool = True, superuser: bool = False) -> User:
    """Create a user with every ordinary global `documents` permission (or none)."""
    if superuser:
        return User.objects.create_superuser(name, f"{name}@example.org", "password")
    created = User.objects.create_user(name, f"{name}@example.org", "password")
    if perms:
        ordinary = Permission.objects.filter(content_type__app_label="documents").exclude(codename__in=GLOBAL_ONLY)
        created.user_permissions.set(ordinary)
    return created


def people() -> People:
    group = Group.objects.create(name="team")
    member = user("carol")
    member.groups.add(group)
    return People(
        owner=user("alice"),
        granted=user("bob"),
        member=member,
        stranger=user("dave"),
        admin=user("root", superuser=True),
        group=group,
    )


def share(obj: OwnedModel, cast: People, *, change: bool = False) -> None:
    """Grant view (and change) on `obj` to the granted user and the group."""
    users, groups = [cast.granted.pk], [cast.group.pk]
    set_permissions([obj], Grants.of(users, groups, users if change else (), groups if change else ()))


def document(
    *,
    owner: User | None = None,
    title: str | None = None,
    content: str = "",
    tags: list[Tag] | tuple[Tag, ...] = (),
    created: date | None = None,
    files: bool = False,
    **fields: Any,
) -> Document:
    """Create a document row (and, with `files`, an original PDF and a thumbnail on disk)."""
    n = next(_counter)
    values: dict[str, Any] = {
        "title": title if title is not None else f"Document {n}",
        "content": content,
        "mime_type": "application/pdf",
        "checksum": hashlib.sha256(f"doc-{n}".encode()).hexdigest(),
        "owner": owner,
        "original_filename": f"scan-{n}.pdf",
        **fields,
    }
    if created is not None:
        values["created"] = created
    doc = Document.objects.create(**values)
    if tags:
        doc.tags.set(tags)
    if files:
        attach_files(doc)
    return doc


def attach_files(doc: Document, *, archive: bool = True) -> Document:
    """Write an original, an archive PDF and a thumbnail for `doc` and record their names."""
    layout = media()
    layout.ensure()
    doc.filename = f"{doc.pk:07}.pdf"
    (layout.originals / doc.filename).write_bytes(b"%PDF-1.4 original of " + str(doc.pk).encode())
    if archive:
        doc.archive_filename = f"{doc.pk:07}.pdf"
        doc.archive_checksum = hashlib.sha256(f"archive-{doc.pk}".encode()).hexdigest()
        (layout.archive / doc.archive_filename).write_bytes(b"%PDF-1.4 archive of " + str(doc.pk).encode())
    Image.new("RGB", (40, 60), "white").save(thumbnail_path(doc.pk), "WEBP")
    doc.save()
    return doc


def original_bytes(doc: Document) -> bytes:
    return Path(media().originals / str(doc.filename)).read_bytes()
