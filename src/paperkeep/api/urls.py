"""Every route under `/api/` (Paperless-ngx's paths, trailing slashes required)."""

from __future__ import annotations

from importlib.util import find_spec
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import include, path, re_path

from paperkeep.api import search_hook
from paperkeep.api.schema import use_spectacular
from paperkeep.api.search import views as search_views
from paperkeep.api.views import (
    accounts,
    bulk,
    bulk_download,
    config,
    custom_fields,
    documents,
    logs,
    objects,
    operations,
    profile,
    saved_views,
    share_links,
    status,
    system,
    trash,
)
from paperkeep.api.views.auth import ObtainTokenView
from paperkeep.api.views.root import ApiRouter

router = ApiRouter()
router.register("documents", documents.DocumentViewSet, basename="documents")
router.register("correspondents", objects.CorrespondentViewSet, basename="correspondents")
router.register("document_types", objects.DocumentTypeViewSet, basename="document_types")
router.register("tags", objects.TagViewSet, basename="tags")
router.register("storage_paths", objects.StoragePathViewSet, basename="storage_paths")
router.register("custom_fields", custom_fields.CustomFieldViewSet, basename="custom_fields")
router.register("saved_views", saved_views.SavedViewViewSet, basename="saved_views")
router.register("share_links", share_links.ShareLinkViewSet, basename="share_links")
router.register("users", accounts.UserViewSet, basename="users")
router.register("groups", accounts.GroupViewSet, basename="groups")
router.register("config", config.ApplicationConfigurationViewSet, basename="config")
router.register("logs", logs.LogViewSet, basename="logs")

def _schema(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """The OpenAPI schema; drf-spectacular (~15 MiB) is loaded on the first request for it, not at start."""
    from drf_spectacular.views import SpectacularAPIView

    use_spectacular()
    response: HttpResponse = SpectacularAPIView.as_view()(request, *args, **kwargs)
    return response


def _schema_browser(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """The browsable schema view, loaded on first use like the schema."""
    from drf_spectacular.views import SpectacularSwaggerView

    use_spectacular()
    response: HttpResponse = SpectacularSwaggerView.as_view(url_name="schema")(request, *args, **kwargs)
    return response


urlpatterns = [
    path("token/", ObtainTokenView.as_view(), name="api-token"),
    path("schema/", _schema, name="schema"),
    path("schema/view/", _schema_browser, name="swagger-ui"),
    path("auth/", include("rest_framework.urls", namespace="rest_framework")),
    path("documents/bulk_edit/", bulk.BulkEditView.as_view(), name="api-bulk-edit"),
    path("documents/delete/", bulk.DeleteDocumentsView.as_view(), name="api-delete-documents"),
    path("documents/reprocess/", operations.ReprocessView.as_view(), name="api-reprocess-documents"),
    path("documents/rotate/", operations.RotateView.as_view(), name="api-rotate-documents"),
    path("documents/merge/", operations.MergeView.as_view(), name="api-merge-documents"),
    path("documents/edit_pdf/", operations.EditPdfView.as_view(), name="api-edit-pdf-documents"),
    path("documents/remove_password/", operations.RemovePasswordView.as_view(), name="api-remove-password-documents"),
    path("documents/selection_data/", bulk.SelectionDataView.as_view(), name="api-selection-data"),
    path("documents/bulk_download/", bulk_download.BulkDownloadView.as_view(), name="api-bulk-download"),
    path("bulk_edit_objects/", bulk.BulkEditObjectsView.as_view(), name="api-bulk-edit-objects"),
    path("trash/", trash.TrashView.as_view(), name="api-trash"),
    path("statistics/", system.StatisticsView.as_view(), name="api-statistics"),
    path("ui_settings/", system.UiSettingsView.as_view(), name="api-ui-settings"),
    path("remote_version/", system.RemoteVersionView.as_view(), name="api-remote-version"),
    path("status/", status.SystemStatusView.as_view(), name="api-status"),
    path("profile/", profile.ProfileView.as_view(), name="api-profile"),
    path("profile/generate_auth_token/", profile.GenerateAuthTokenView.as_view(), name="api-generate-token"),
    path("search/autocomplete/", search_views.AutocompleteView.as_view(), name="api-search-autocomplete"),
    path("search/", search_views.GlobalSearchView.as_view(), name="api-global-search"),
]
search_hook.register(search_views.IndexSearchBackend())  # full-text search for bulk edit's `all` + `filters`

# --- Ingest routes (post_document, tasks) belong to the ingest work. Its module `paperkeep.api.ingest_urls`, once
# it exists, provides `urlpatterns` (matched before the router, so `documents/post_document/` is not taken for a
# document id) and may provide `register(router)` to add viewsets such as `tasks` to the router and its index.
if find_spec("paperkeep.api.ingest_urls") is not None:
    from paperkeep.api import ingest_urls

    urlpatterns.append(path("", include(ingest_urls)))
    if hasattr(ingest_urls, "register"):
        ingest_urls.register(router)

urlpatterns += [re_path(r"^", include(router.urls))]
