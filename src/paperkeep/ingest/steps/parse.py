"""Read the text: the parser extracts it or runs OCR, and makes the archive PDF/A when one is wanted."""

from __future__ import annotations

import dataclasses

from paperkeep.ingest.context import Context
from paperkeep.parsers import UnsupportedType, get_parser

PROGRESS = (20, "parsing_document")


def run(ctx: Context) -> Context:
    parser = get_parser(ctx.mime, ctx.input.path)
    if parser is None:
        raise UnsupportedType.for_mime(ctx.mime)
    parsed = parser.parse(ctx.input.path, ctx.mime, ctx.options, ctx.workdir)
    return dataclasses.replace(ctx, parsed=parsed)
