"""Check the input: it exists, is not empty or too large, is not a refused duplicate, and its ASN is free."""

from __future__ import annotations

import dataclasses

from django.conf import settings
from django.db.models import Q

from paperkeep.documents.actions.documents import check_asn
from paperkeep.documents.models import Document
from paperkeep.documents.storage.durable import sha256_file
from paperkeep.ingest.context import Context
from paperkeep.ingest.errors import Duplicate, InputMissing
from paperkeep.parsers import check_file

PROGRESS = (0, "new_file")


def run(ctx: Context) -> Context:
    path = ctx.input.path
    if not path.is_file():
        raise InputMissing(f"{ctx.input.original_filename}: the file is gone ({path}).")
    stat = path.stat()
    check_file(path, ctx.options)
    checksum = sha256_file(path)
    same = list(
        Document.global_objects.filter(Q(checksum=checksum) | Q(archive_checksum=checksum))
        .order_by("pk")
        .values_list("pk", "deleted_at")
    )
    if same and settings.CONFIG.consumer.delete_duplicates:
        first, deleted_at = same[0]
        where = " (in the trash)" if deleted_at else ""
        raise Duplicate(
            f"Not consuming {ctx.input.original_filename}: it is a duplicate of document #{first}{where}.",
            duplicate_of=first,
            in_trash=deleted_at is not None,
        )
    check_asn(ctx.input.overrides.archive_serial_number)
    return dataclasses.replace(
        ctx,
        size=stat.st_size,
        mtime_ns=stat.st_mtime_ns,
        checksum=checksum,
        duplicates=tuple(pk for pk, _deleted in same),
    )
