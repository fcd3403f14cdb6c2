"""Why an ingest stops: each a class with a stable code and a message for people."""

from __future__ import annotations

from typing import ClassVar


class IngestError(Exception):
    """An input that will not become a document; `str(error)` says why."""

    code: ClassVar[str] = "ingest_error"
    # Leave the input where it is instead of moving it to failed/ (it will be picked up again).
    leave_in_place: ClassVar[bool] = False

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message

    def details(self) -> dict[str, object]:
        """Extra facts for the task's result_data."""
        return {}


class InputMissing(IngestError):
    code = "file_not_found"


class InputChanged(IngestError):
    """The input was rewritten while it was being consumed."""

    code = "file_changed"
    leave_in_place = True


class Duplicate(IngestError):
    """The same content is already stored (and PAPERLESS_CONSUMER_DELETE_DUPLICATES is set)."""

    code = "document_already_exists"

    def __init__(self, message: str, duplicate_of: int, in_trash: bool) -> None:
        super().__init__(message)
        self.duplicate_of = duplicate_of
        self.in_trash = in_trash
        if in_trash:
            self.code = "document_already_exists_in_trash"  # type: ignore[misc]

    def details(self) -> dict[str, object]:
        return {"duplicate_of": self.duplicate_of, "duplicate_in_trash": self.in_trash}
