"""Plain records that go into and come out of the search index."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class DocRecord:
    """Everything the index knows about one document (names, ids and who may view it)."""

    id: int
    title: str = ""
    content: str = ""
    notes: tuple[str, ...] = ()
    note_users: tuple[str, ...] = ()  # usernames of the note authors, for `notes.user:`
    custom_fields: tuple[tuple[str, str], ...] = ()  # (field name, value as text; a select gives its label)
    custom_field_ids: tuple[int, ...] = ()
    correspondent: str | None = None
    correspondent_id: int | None = None
    document_type: str | None = None
    document_type_id: int | None = None
    storage_path: str | None = None
    storage_path_id: int | None = None
    tags: tuple[str, ...] = ()
    tag_ids: tuple[int, ...] = ()
    asn: int | None = None
    created: date | datetime | None = None
    added: datetime | None = None
    modified: datetime | None = None
    page_count: int | None = None
    mime_type: str = ""
    original_filename: str = ""
    checksum: str = ""
    owner_id: int | None = None
    owner: str | None = None  # the owner's username, for `owner:`
    viewer_user_ids: tuple[int, ...] = ()  # users with a view (or change) grant
    viewer_group_ids: tuple[int, ...] = ()  # groups with a view (or change) grant


@dataclass(frozen=True, slots=True)
class Viewer:
    """Who is asking: a user and their current groups, or a superuser who sees everything."""

    user_id: int | None
    group_ids: tuple[int, ...] = ()
    superuser: bool = False

    @classmethod
    def anonymous(cls) -> Viewer:
        """Return a viewer who sees only documents without an owner."""
        return cls(user_id=None)

    @classmethod
    def root(cls) -> Viewer:
        """Return a viewer who sees every document (for management commands)."""
        return cls(user_id=None, superuser=True)


@dataclass(frozen=True, slots=True)
class IdFilter:
    """A filter on one foreign-key id (correspondent, document type, storage path, owner)."""

    any_of: tuple[int, ...] = ()  # `__id`, `__id__in`
    none_of: tuple[int, ...] = ()  # `__id__none`
    isnull: bool | None = None  # `__isnull`


@dataclass(frozen=True, slots=True)
class TimeRange:
    """Bounds on a date or datetime field; a `date` bound on a datetime field means local midnight."""

    gte: date | datetime | None = None
    gt: date | datetime | None = None
    lte: date | datetime | None = None
    lt: date | datetime | None = None


@dataclass(frozen=True, slots=True)
class IntRange:
    """Bounds on an integer field such as the archive serial number."""

    exact: int | None = None
    gte: int | None = None
    gt: int | None = None
    lte: int | None = None
    lt: int | None = None
    isnull: bool | None = None


@dataclass(frozen=True, slots=True)
class Filters:
    """The list filters that are applied inside the index, so search composes with them."""

    ids: tuple[int, ...] | None = None  # `id__in`; None means no restriction
    tags_all: tuple[int, ...] = ()
    tags_any: tuple[int, ...] = ()
    tags_none: tuple[int, ...] = ()
    is_tagged: bool | None = None
    inbox_tag_ids: tuple[int, ...] = ()
    is_in_inbox: bool | None = None  # needs inbox_tag_ids
    correspondent: IdFilter | None = None
    document_type: IdFilter | None = None
    storage_path: IdFilter | None = None
    owner: IdFilter | None = None
    custom_fields_all: tuple[int, ...] = ()
    custom_fields_any: tuple[int, ...] = ()
    custom_fields_none: tuple[int, ...] = ()
    has_custom_fields: bool | None = None
    created: TimeRange | None = None
    added: TimeRange | None = None
    modified: TimeRange | None = None
    asn: IntRange | None = None
    mime_type: str | None = None  # case-insensitive substring, like `mime_type=` in Paperless-ngx


@dataclass(frozen=True, slots=True)
class Sort:
    """An ordering the index can apply itself; `field` uses Paperless-ngx ordering names."""

    field: str
    descending: bool = True


@dataclass(frozen=True, slots=True)
class SearchRequest:
    """One search: the query text, who asks, filters, ordering and the page wanted."""

    viewer: Viewer
    query: str = ""
    mode: str = "query"  # "query" (full syntax), "text" (substring words), "title" (substring in titles)
    filters: Filters = field(default_factory=Filters)
    sort: Sort | None = None  # None: best match first
    page: int = 1
    page_size: int = 25
    highlight: bool = True
    now: datetime | None = None  # for relative dates; None means the current time
    highlight_open: str = "<b>"  # what Paperless-ngx 3.0.5 sends; its docs show <span class="match">
    highlight_close: str = "</b>"
    score_cut: bool = True  # drop hits under the index's fuzzy threshold (False: scoring known hits, e.g. a page)


@dataclass(frozen=True, slots=True)
class Hit:
    """One document of a result page, with what Paperless-ngx puts in `__search_hit__`."""

    id: int
    score: float
    rank: int  # 1-based position in the whole result, as Paperless-ngx's code does
    highlights: str = ""
    note_highlights: str | None = None  # None when the document has no notes


@dataclass(frozen=True, slots=True)
class SearchPage:
    """A page of hits and the number of visible documents that matched."""

    total: int
    hits: tuple[Hit, ...]
    page: int
    page_size: int

    @property
    def ids(self) -> list[int]:
        """Return the document ids of this page in order."""
        return [hit.id for hit in self.hits]
