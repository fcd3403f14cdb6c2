"""The state of the documents page: the filter form's fields, search, sort, page and display, read from and
written to the query string, and turned into Paperless's filter pairs (see `filtervars`).

The form uses friendly names (`tag=3&tag=5&tag_mode=any`); any Paperless filter name in the query string
(`title__icontains=x`) is kept as an extra condition, so every saved view and every API-style link works.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Lower
from django.http import QueryDict

from paperkeep.documents.models import Document
from paperkeep.web import filtervars

OBJECT_KINDS = ("correspondent", "document_type", "storage_path")
TAG_MODES = ("all", "any", "none")
OBJECT_MODES = ("any", "none")
DISPLAYS = ("table", "cards")
CF_OPS = ("exists", "exact", "icontains", "gt", "lt")
SORTS = {
    "created": "Created", "added": "Added", "modified": "Modified", "title": "Title",
    "correspondent__name": "Correspondent", "document_type__name": "Document type",
    "storage_path__name": "Storage path", "archive_serial_number": "ASN", "page_count": "Pages",
    "owner": "Owner", "num_notes": "Notes",
}  # fmt: skip
DEFAULT_SORT = "-created"
PAGE_SIZES = (25, 50, 100)


def _ints(values: list[str]) -> tuple[int, ...]:
    return tuple(int(v) for v in values if v.lstrip("-").isdigit())


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


@dataclass(frozen=True)
class ListState:
    """Everything the documents page shows; `extra` holds Paperless filter pairs the form has no field for."""

    q: str = ""
    tags: tuple[int, ...] = ()
    tag_mode: str = "all"
    objects: dict[str, tuple[int, ...]] = field(default_factory=dict)
    modes: dict[str, str] = field(default_factory=dict)
    created_from: date | None = None
    created_to: date | None = None
    added_from: date | None = None
    added_to: date | None = None
    owner: str = ""
    inbox: bool = False
    cf_field: int | None = None
    cf_op: str = "exists"
    cf_value: str = ""
    extra: tuple[tuple[str, str], ...] = ()
    sort: str = DEFAULT_SORT
    page: int = 1
    size: int = PAGE_SIZES[0]
    display: str = "table"
    view: int | None = None

    @classmethod
    def from_params(cls, params: QueryDict) -> ListState:
        """Read the state from a query string (unknown or malformed values fall back to defaults)."""

        def text(name: str, default: str = "") -> str:
            return str(params.get(name, default))

        def number(name: str) -> int | None:
            return int(text(name)) if text(name).isdigit() else None

        def choice(name: str, allowed: tuple[str, ...], default: str) -> str:
            return text(name) if text(name) in allowed else default

        size, owner = number("size"), text("owner")
        searching = bool(text("q").strip()) or any(name in filtervars.SEARCH_NAMES for name in params)
        sort = text("sort") or ("score" if searching else DEFAULT_SORT)
        return cls(
            q=text("q").strip(),
            tags=_ints(params.getlist("tag")),
            tag_mode=choice("tag_mode", TAG_MODES, "all"),
            objects={kind: _ints(params.getlist(kind)) for kind in OBJECT_KINDS if params.getlist(kind)},
            modes={kind: "none" for kind in OBJECT_KINDS if text(f"{kind}_mode") == "none"},
            created_from=_date(text("created_from")), created_to=_date(text("created_to")),
            added_from=_date(text("added_from")), added_to=_date(text("added_to")),
            owner=owner if owner in ("", "me", "unowned", "others") or owner.isdigit() else "",
            inbox=text("inbox") == "1",
            cf_field=number("cf_field"),
            cf_op=choice("cf_op", CF_OPS, "exists"),
            cf_value=text("cf_value"),
            extra=tuple((name, value) for name in params if name in filtervars.NAMES for value in params.getlist(name)),
            sort=sort if sort.lstrip("-") in SORTS or (sort == "score" and searching) else DEFAULT_SORT,
            page=max(1, number("page") or 1),
            size=size if size in PAGE_SIZES else PAGE_SIZES[0],
            display=choice("display", DISPLAYS, "table"),
            view=number("view"),
        )  # fmt: skip

    def mode(self, kind: str) -> str:
        return self.modes.get(kind, "any")

    @property
    def searching(self) -> bool:
        return bool(self.q) or any(name in filtervars.SEARCH_NAMES for name, _value in self.extra)

    @property
    def default_sort(self) -> str:
        """Relevance while searching, else newest first."""
        return "score" if self.searching else DEFAULT_SORT

    def pairs(self, user_id: int | None) -> list[tuple[str, str]]:
        """Return the Paperless filter pairs (search included) this state stands for."""
        out: list[tuple[str, str]] = []
        if self.q:
            out.append(("query", self.q))
        if self.tags:
            out.append((f"tags__id__{'in' if self.tag_mode == 'any' else self.tag_mode}", _csv(self.tags)))
        for kind, chosen in self.objects.items():
            if chosen:
                out.append((f"{kind}__id__{'none' if self.mode(kind) == 'none' else 'in'}", _csv(chosen)))
        for name, value in (("created__date__gte", self.created_from), ("created__date__lte", self.created_to),
                            ("added__date__gte", self.added_from), ("added__date__lte", self.added_to)):  # fmt: skip
            if value is not None:
                out.append((name, value.isoformat()))
        out.extend(self._owner_pairs(user_id))
        if self.inbox:
            out.append(("is_in_inbox", "1"))
        if self.cf_field is not None and (self.cf_op == "exists" or self.cf_value):
            wanted: Any = True if self.cf_op == "exists" else self.cf_value
            out.append(("custom_field_query", json.dumps([self.cf_field, self.cf_op, wanted])))
        return out + list(self.extra)

    def _owner_pairs(self, user_id: int | None) -> list[tuple[str, str]]:
        if self.owner == "me" and user_id is not None:
            return [("owner__id", str(user_id))]
        if self.owner == "unowned":
            return [("owner__isnull", "1")]
        if self.owner == "others" and user_id is not None:
            return [("owner__id__none", str(user_id)), ("owner__isnull", "0")]
        if self.owner.isdigit():
            return [("owner__id", self.owner)]
        return []

    @property
    def filtered(self) -> bool:
        """Tell whether any filter or search is set."""
        return bool(self.pairs(None) or self.owner)

    def params(self, **changes: Any) -> list[tuple[str, str]]:
        """Return the query-string pairs of this state (with `changes` applied), defaults left out."""
        state = replace(self, **changes) if changes else self
        out: list[tuple[str, str]] = []
        if state.q:
            out.append(("q", state.q))
        out += [("tag", str(t)) for t in state.tags]
        if state.tags and state.tag_mode != "all":
            out.append(("tag_mode", state.tag_mode))
        for kind, chosen in state.objects.items():
            out += [(kind, str(i)) for i in chosen]
            if chosen and state.mode(kind) == "none":
                out.append((f"{kind}_mode", "none"))
        for name in ("created_from", "created_to", "added_from", "added_to"):
            value = getattr(state, name)
            if value is not None:
                out.append((name, value.isoformat()))
        if state.owner:
            out.append(("owner", state.owner))
        if state.inbox:
            out.append(("inbox", "1"))
        if state.cf_field is not None:
            out += [("cf_field", str(state.cf_field)), ("cf_op", state.cf_op), ("cf_value", state.cf_value)]
        out += list(state.extra)
        for name, value, default in (("sort", state.sort, state.default_sort), ("size", state.size, PAGE_SIZES[0]),
                                     ("display", state.display, "table"), ("page", state.page, 1),
                                     ("view", state.view, None)):  # fmt: skip
            if value != default:
                out.append((name, str(value)))
        return out

    def query(self, **changes: Any) -> str:
        """Return the query string (without `?`) of this state with `changes` applied."""
        return urlencode(self.params(**changes))

    @classmethod
    def from_pairs(cls, pairs: list[tuple[str, str]], user_id: int | None, **settings: Any) -> ListState:
        """Build the form state from filter pairs (a saved view's rules); what has no field stays in `extra`."""
        fields: dict[str, Any] = {"objects": {}, "modes": {}}
        extra: list[tuple[str, str]] = []
        for name, value in pairs:
            if not _absorb(fields, name, value, user_id):
                extra.append((name, value))
        return cls(**fields, extra=tuple(extra), **settings)

    @classmethod
    def from_saved_view(cls, view: Any, user_id: int | None) -> ListState:
        """Build the state a saved view stands for (its rules, sort, page size and display mode)."""
        pairs = filtervars.from_rules((rule.rule_type, rule.value) for rule in view.filter_rules.all())
        sort = ("-" if view.sort_reverse else "") + (view.sort_field or "created")
        return cls.from_pairs(
            pairs, user_id, view=view.pk,
            sort=sort if sort.lstrip("-") in SORTS or sort == "score" else DEFAULT_SORT,
            display="cards" if view.display_mode in ("smallCards", "largeCards") else "table",
            size=view.page_size if view.page_size in PAGE_SIZES else PAGE_SIZES[0],
        )  # fmt: skip

    def saved_view_fields(self, user_id: int | None) -> dict[str, Any]:
        """Return the saved-view fields (rules, sort, page size, display mode) that store this state."""
        return {
            "rules": filtervars.to_rules(self.pairs(user_id)),
            "sort_field": self.sort.lstrip("-"), "sort_reverse": self.sort.startswith("-"),
            "page_size": self.size, "display_mode": "smallCards" if self.display == "cards" else "table",
        }  # fmt: skip


def ordered(documents: QuerySet[Document], sort: str) -> QuerySet[Document]:
    """Order documents by one of SORTS (`-` for descending), then by id; unknown fields sort by created."""
    descending, name = sort.startswith("-"), sort.lstrip("-")
    if name not in SORTS:
        descending, name = True, "created"
    if name == "num_notes":
        documents = documents.annotate(num_notes=Count("notes", filter=Q(notes__deleted_at__isnull=True)))
    column: Any = {"title": Lower("title"), "owner": F("owner__username")}.get(name, F(name))
    key = column.desc(nulls_last=True) if descending else column.asc(nulls_last=True)
    return documents.order_by(key, "-pk" if descending else "pk")


def _csv(values: tuple[int, ...]) -> str:
    return ",".join(str(v) for v in values)


_DATES = {"created__date__gte": "created_from", "created__date__lte": "created_to",
          "added__date__gte": "added_from", "added__date__lte": "added_to"}  # fmt: skip


def _absorb(fields: dict[str, Any], name: str, value: str, user_id: int | None) -> bool:
    """Put one filter pair into the form fields if the form has a field for it; return whether it did."""
    if name == "query" and "q" not in fields:
        fields["q"] = value
    elif name.startswith("tags__id__") and name.rsplit("__", 1)[1] in ("all", "in", "none") and "tags" not in fields:
        fields["tags"] = _ints(value.split(","))
        fields["tag_mode"] = {"all": "all", "in": "any", "none": "none"}[name.rsplit("__", 1)[1]]
    elif name.rsplit("__id__", 1)[0] in OBJECT_KINDS and name.rsplit("__", 1)[1] in ("in", "none"):
        kind = name.rsplit("__id__", 1)[0]
        if kind in fields["objects"]:
            return False
        fields["objects"][kind] = _ints(value.split(","))
        if name.endswith("__none"):
            fields["modes"][kind] = "none"
    elif name in _DATES and _DATES[name] not in fields:
        fields[_DATES[name]] = _date(value[:10])
    elif name == "owner__id" and "owner" not in fields:
        fields["owner"] = "me" if user_id is not None and value == str(user_id) else value
    elif name == "owner__isnull" and filtervars.flag(value) and "owner" not in fields:
        fields["owner"] = "unowned"
    elif name == "is_in_inbox" and filtervars.flag(value):
        fields["inbox"] = True
    else:
        return False
    return True
