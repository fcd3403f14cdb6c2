"""Find the created date: the upload's, else the parser's, else the first date in the file name or text."""

from __future__ import annotations

import dataclasses

from django.conf import settings

from paperkeep.ingest.context import Context
from paperkeep.parsers import find_dates

PROGRESS = (90, "parse_date")


def run(ctx: Context) -> Context:
    if ctx.input.overrides.created is not None:
        return dataclasses.replace(ctx, date=ctx.input.overrides.created)
    if ctx.parsed is not None and ctx.parsed.date is not None:
        return dataclasses.replace(ctx, date=ctx.parsed.date.date())
    ocr = settings.CONFIG.ocr
    found = find_dates(
        ctx.parsed.text if ctx.parsed else "",
        ctx.input.original_filename,
        date_order=ocr.date_order,
        filename_date_order=ocr.filename_date_order,
        ignore_dates=ocr.ignore_dates,
        languages=ocr.date_parser_languages,
        limit=1,
    )
    return dataclasses.replace(ctx, date=found[0] if found else None)
