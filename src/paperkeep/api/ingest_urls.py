"""The ingest routes under /api/: post_document (before the router, so it is not read as a document id) and
the tasks viewset (added to the router by `register`)."""

from __future__ import annotations

from django.urls import path
from rest_framework.routers import DefaultRouter

from paperkeep.api.tasks import TasksViewSet
from paperkeep.api.upload import PostDocumentView

urlpatterns = [
    path("documents/post_document/", PostDocumentView.as_view(), name="post_document"),
]


def register(router: DefaultRouter) -> None:
    """Add `tasks` to the API router."""
    router.register("tasks", TasksViewSet, basename="tasks")
