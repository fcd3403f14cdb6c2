"""Paperless-ngx's list envelope: count, next, previous, [all (versions < 10)], results."""

from __future__ import annotations

from typing import Any

from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from paperkeep.api.versioning import api_version

PAGE_SIZE = 25
MAX_PAGE_SIZE = 100_000


class StandardPagination(PageNumberPagination):
    """`?page=N&page_size=M` (25 by default, at most 100000); an out-of-range page is 404."""

    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def include_all(self) -> bool:
        return api_version(getattr(self, "request", None)) < 10

    def all_ids(self) -> list[int]:
        """Return the ids of every object of the (filtered) list, for the v9 `all` key."""
        assert self.page is not None
        object_list: Any = self.page.paginator.object_list
        ids = getattr(object_list, "all_ids", None)
        if callable(ids):
            return list(ids())
        return list(object_list.values_list("pk", flat=True))

    def get_paginated_response(self, data: Any) -> Response:
        return Response(self.envelope(data))

    def envelope(self, data: Any) -> dict[str, Any]:
        assert self.page is not None
        body: dict[str, Any] = {
            "count": self.page.paginator.count,
            "next": self.get_next_link(),
            "previous": self.get_previous_link(),
        }
        if self.include_all():
            body["all"] = self.all_ids()
        body["results"] = data
        return body

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        response_schema: dict[str, Any] = super().get_paginated_response_schema(schema)
        response_schema["properties"]["all"] = {
            "type": "array",
            "items": {"type": "integer"},
            "description": "Every id of the list; only for API versions below 10.",
        }
        return response_schema
