"""The pipeline, in order. Each step is a module with `PROGRESS = (percent, message)` and
`run(ctx: Context) -> Context`; it raises an IngestError, ParseError or DocumentsError to stop.

PREPARE runs outside any transaction (the slow part: parsing, OCR, thumbnails, copying files to staging).
COMMIT runs inside one transaction that also records the task's success, so a document exists exactly when
its task says so.
"""

from __future__ import annotations

from types import ModuleType

from paperkeep.ingest.steps import (
    apply_metadata,
    check_file,
    detect_type,
    find_date,
    index,
    match,
    parse,
    stage,
    store,
    thumbnail,
)

PREPARE: tuple[ModuleType, ...] = (check_file, detect_type, parse, thumbnail, find_date, match, apply_metadata, stage)
COMMIT: tuple[ModuleType, ...] = (store, index)
STEPS = PREPARE + COMMIT
