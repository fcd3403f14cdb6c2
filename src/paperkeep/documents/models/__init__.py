"""Paperkeep's document models; field names follow Paperless-ngx so the REST API maps 1:1."""

from paperkeep.documents.models.custom_fields import (
    VALUE_COLUMN,
    CustomField,
    CustomFieldDataType,
    CustomFieldInstance,
)
from paperkeep.documents.models.document import ASN_MAX, Document, Note
from paperkeep.documents.models.matching import (
    DEFAULT_TAG_COLOR,
    MAX_TAG_DEPTH,
    Correspondent,
    DocumentType,
    MatchingAlgorithm,
    MatchingModel,
    StoragePath,
    Tag,
)
from paperkeep.documents.models.ownership import GRANT_FIELDS, OwnedModel
from paperkeep.documents.models.tasks import UNFINISHED, PaperlessTask, TaskStatus, TaskType, TriggerSource

__all__ = [
    "ASN_MAX",
    "DEFAULT_TAG_COLOR",
    "GRANT_FIELDS",
    "MAX_TAG_DEPTH",
    "UNFINISHED",
    "VALUE_COLUMN",
    "Correspondent",
    "CustomField",
    "CustomFieldDataType",
    "CustomFieldInstance",
    "Document",
    "DocumentType",
    "MatchingAlgorithm",
    "MatchingModel",
    "Note",
    "OwnedModel",
    "PaperlessTask",
    "StoragePath",
    "Tag",
    "TaskStatus",
    "TaskType",
    "TriggerSource",
]

# REST API models (saved views, UI settings, share links).
from paperkeep.documents.models.sharing import ShareLink
from paperkeep.documents.models.views import SavedView, SavedViewFilterRule, UiSettings

__all__ += ["SavedView", "SavedViewFilterRule", "ShareLink", "UiSettings"]

# Document history (audit log).
from paperkeep.documents.models.history import DocumentHistory  # noqa: E402

__all__ += ["DocumentHistory"]

# The UI-edited application configuration (`/api/config/`).
from paperkeep.documents.models.appconfig import ApplicationConfiguration  # noqa: E402

__all__ += ["ApplicationConfiguration"]
