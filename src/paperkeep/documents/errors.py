"""Domain errors of the documents layer: each a class with a stable `code`, rendered once by the API and the UI."""

from __future__ import annotations

from typing import ClassVar


class DocumentsError(Exception):
    """Base of every documents-layer error; `message` is for people, `code` for programs."""

    code: ClassVar[str] = "documents_error"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotFound(DocumentsError):
    """The object does not exist, or the user may not see it: the two are never told apart."""

    code = "not_found"

    def __init__(self, message: str = "Not found.") -> None:
        super().__init__(message)


class PermissionDenied(DocumentsError):
    """The user may see the object but not make this change."""

    code = "permission_denied"

    def __init__(self, message: str = "Insufficient permissions.") -> None:
        super().__init__(message)


class InvalidValue(DocumentsError):
    """A value a caller passed is not acceptable; `field` names it."""

    code = "invalid"


class AsnAlreadyExists(InvalidValue):
    code = "asn_already_exists"


class AsnAlreadyExistsInTrash(InvalidValue):
    code = "asn_already_exists_in_trash"


class AsnOutOfRange(InvalidValue):
    code = "asn_value_out_of_range"


class TagTreeTooDeep(InvalidValue):
    code = "tag_tree_too_deep"


class TagCycle(InvalidValue):
    code = "tag_cycle"


class StorageError(DocumentsError):
    """A file could not be written, moved or found in the media folders."""

    code = "storage_error"
