"""The values that travel through the pipeline: what was asked (Overrides, IngestInput) and what was found."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from paperkeep.documents.actions.documents import NewDocument
from paperkeep.documents.storage.placement import StagedFiles
from paperkeep.parsers import ParseOptions, ParseResult


class Source(StrEnum):
    """Where an input came from (the task's trigger_source)."""

    CONSUME_FOLDER = "folder_consume"
    API_UPLOAD = "api_upload"
    WEB_UI = "web_ui"
    MANUAL = "manual"


@dataclass(frozen=True)
class Overrides:
    """Metadata given with the input (upload fields, consume sub-folder tags); None means "not given"."""

    title: str | None = None
    created: date | None = None
    correspondent_id: int | None = None
    document_type_id: int | None = None
    storage_path_id: int | None = None
    tag_ids: tuple[int, ...] = ()
    archive_serial_number: int | None = None
    owner_id: int | None = None
    custom_fields: tuple[tuple[int, Any], ...] = ()

    def to_json(self) -> dict[str, Any]:
        """Return a JSON-safe dict (stored in the task's input_data)."""
        return {
            "title": self.title,
            "created": self.created.isoformat() if self.created else None,
            "correspondent": self.correspondent_id,
            "document_type": self.document_type_id,
            "storage_path": self.storage_path_id,
            "tags": list(self.tag_ids),
            "archive_serial_number": self.archive_serial_number,
            "owner": self.owner_id,
            "custom_fields": [[field_id, value] for field_id, value in self.custom_fields],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Overrides:
        created = data.get("created")
        return cls(
            title=data.get("title"),
            created=date.fromisoformat(created) if created else None,
            correspondent_id=data.get("correspondent"),
            document_type_id=data.get("document_type"),
            storage_path_id=data.get("storage_path"),
            tag_ids=tuple(data.get("tags") or ()),
            archive_serial_number=data.get("archive_serial_number"),
            owner_id=data.get("owner"),
            custom_fields=tuple((int(pair[0]), pair[1]) for pair in data.get("custom_fields") or ()),
        )


@dataclass(frozen=True)
class IngestInput:
    """One input file and what to do with it. `staged` inputs are our own copies (uploads, the command line)."""

    task_id: str
    path: Path
    original_filename: str
    source: Source
    overrides: Overrides = field(default_factory=Overrides)
    staged: bool = False
    fingerprint: str = ""  # "<size>:<mtime_ns>" of a consume-folder file when it was submitted

    def to_json(self) -> dict[str, Any]:
        return {
            "filename": self.original_filename,
            "path": str(self.path),
            "source": self.source.value,
            "staged": self.staged,
            "fingerprint": self.fingerprint,
            "overrides": self.overrides.to_json(),
        }

    @classmethod
    def from_json(cls, task_id: str, data: Mapping[str, Any]) -> IngestInput:
        return cls(
            task_id=task_id,
            path=Path(data["path"]),
            original_filename=data["filename"],
            source=Source(data["source"]),
            overrides=Overrides.from_json(data.get("overrides") or {}),
            staged=bool(data.get("staged")),
            fingerprint=str(data.get("fingerprint") or ""),
        )


@dataclass(frozen=True)
class Context:
    """What the steps have found so far. Each step returns a new Context (dataclasses.replace)."""

    input: IngestInput
    options: ParseOptions
    workdir: Path
    size: int = 0
    mtime_ns: int = 0
    checksum: str = ""
    duplicates: tuple[int, ...] = ()
    mime: str = ""
    extension: str = ""
    parser_name: str = ""
    parsed: ParseResult | None = None
    thumbnail: Path | None = None
    date: date | None = None
    matched: Mapping[str, Any] = field(default_factory=dict)
    metadata: NewDocument | None = None
    staged: StagedFiles | None = None
    document_id: int | None = None
