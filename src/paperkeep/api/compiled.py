"""Page queries compiled once and run again with other ids.

A list page reads the same few queries every time (its documents, their tags, notes and grants), with only
the page's ids changing. Building and compiling such a query with the ORM costs 0.3-2 ms of Python, more than
SQLite takes to run it. `PageQuery` compiles a query once per (key, number of ids) with placeholder ids,
checks that those ids are the query's trailing parameters and appear nowhere else, and afterwards runs the
stored SQL with the real ids. Anything else the SQL depends on (the requester, the fields asked for) belongs
in the key the caller gives.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Model, QuerySet

M = TypeVar("M", bound=Model)

MAX_IDS = 500  # larger pages are compiled each time (their SQL would crowd the cache)
MAX_ENTRIES = 512
PLACEHOLDER = -1_000_000_000  # placeholder ids count down from here: no row has them, no query sends them


@dataclass(frozen=True)
class Compiled:
    """The SQL of one query shape, its parameters, and which of them are the ids (position, index in ids)."""

    sql: str
    params: tuple[Any, ...]
    slots: tuple[tuple[int, int], ...]
    using: str
    model: type[Model]

    def parameters(self, ids: Sequence[int]) -> list[Any]:
        params = list(self.params)
        for position, index in self.slots:
            params[position] = ids[index]
        return params


class PageQuery(Generic[M]):
    """Queries over a list of ids whose SQL is compiled once per key and id count.

    `build(ids)` (called on the first use of a key, or every time when the SQL cannot be reused) must return
    the queryset for those ids, using each id as a plain parameter (`pk__in=ids`); when the placeholders
    cannot be found exactly so (each the same number of times), the query is compiled on every call.
    """

    def __init__(self) -> None:
        self.cache: OrderedDict[tuple[Hashable, int], Compiled | None] = OrderedDict()
        self.lock = threading.Lock()

    def compiled(self, key: Hashable, count: int, build: Callable[[Sequence[int]], QuerySet[M]]) -> Compiled | None:
        """Return the stored SQL for `key` and `count` ids (compiling it the first time), None if unusable."""
        if count == 0 or count > MAX_IDS:
            return None
        cache_key = (key, count)
        with self.lock:
            if cache_key in self.cache:
                self.cache.move_to_end(cache_key)
                return self.cache[cache_key]
        placeholders = [PLACEHOLDER - position for position in range(count)]  # ids no row has
        queryset = build(placeholders)
        try:
            sql, raw_params = queryset.query.get_compiler(using=queryset.db).as_sql()
        except EmptyResultSet:
            sql, raw_params = "", ()
        params = tuple(raw_params)
        index = {placeholder: position for position, placeholder in enumerate(placeholders)}
        slots = tuple(
            (position, index[value]) for position, value in enumerate(params) if type(value) is int and value in index
        )
        uses = len(slots) // count
        usable = bool(sql) and uses > 0 and sorted(i for _, i in slots) == sorted(list(range(count)) * uses)
        found = Compiled(sql, params, slots, queryset.db, queryset.model) if usable else None
        with self.lock:
            self.cache[cache_key] = found
            while len(self.cache) > MAX_ENTRIES:
                self.cache.popitem(last=False)
        return found

    def rows(
        self, key: Hashable, ids: Sequence[int], build: Callable[[Sequence[int]], QuerySet[Any]]
    ) -> list[tuple[Any, ...]]:
        """Return the rows of a `values_list` query for `ids` (only for columns the database returns as is)."""
        ids = list(dict.fromkeys(ids))
        found = self.compiled(key, len(ids), build)
        if found is None:
            return [tuple(row) for row in build(ids)] if ids else []
        with connections[found.using].cursor() as cursor:
            cursor.execute(found.sql, found.parameters(ids))
            return [tuple(row) for row in cursor.fetchall()]

    def objects(self, key: Hashable, ids: Sequence[int], build: Callable[[Sequence[int]], QuerySet[M]]) -> list[M]:
        """Return the model instances of a model query for `ids` (fields converted, annotations as attributes).

        The query must not `select_related` (its columns would collide): annotate what is needed instead.
        """
        ids = list(dict.fromkeys(ids))
        found = self.compiled(key, len(ids), build)
        if found is None:
            return list(build(ids)) if ids else []
        manager: Any = found.model._base_manager
        return list(manager.raw(found.sql, found.parameters(ids)).using(found.using))


def clear() -> None:
    """Forget every compiled query (tests that change what a key stands for)."""
    for query in list(_registry):
        with query.lock:
            query.cache.clear()


_registry: list[PageQuery[Any]] = []


def page_query() -> PageQuery[Any]:
    """Create a `PageQuery` known to `clear()`."""
    query: PageQuery[Any] = PageQuery()
    _registry.append(query)
    return query
