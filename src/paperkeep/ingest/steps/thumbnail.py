"""Make the WebP thumbnail from the archive PDF if there is one, else from the original."""

from __future__ import annotations

import dataclasses

from paperkeep.ingest.context import Context
from paperkeep.parsers import make_thumbnail

PROGRESS = (70, "generating_thumbnail")


def run(ctx: Context) -> Context:
    archive = ctx.parsed.archive_path if ctx.parsed else None
    source, mime = (archive, "application/pdf") if archive else (ctx.input.path, ctx.mime)
    return dataclasses.replace(ctx, thumbnail=make_thumbnail(source, mime, ctx.workdir, ctx.options))
