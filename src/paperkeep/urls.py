"""The URL root: API, accounts, admin and the web app."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("paperkeep.api.urls")),
    path("", include("paperkeep.web.urls")),
]
