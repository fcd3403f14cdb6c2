"""Detect the type by content (libmagic), pick the parser, and the stored file's extension."""

from __future__ import annotations

import dataclasses

from paperkeep.ingest.context import Context
from paperkeep.parsers import UnsupportedType, detect_mime, extension_for, get_parser

PROGRESS = (5, "new_file")


def run(ctx: Context) -> Context:
    mime = detect_mime(ctx.input.path)
    parser = get_parser(mime, ctx.input.path)
    if parser is None:
        raise UnsupportedType(f"{ctx.input.original_filename}: files of type {mime} are not supported.")
    extension = extension_for(mime) or ctx.input.path.suffix.lower()
    return dataclasses.replace(ctx, mime=mime, extension=extension, parser_name=parser.name)
