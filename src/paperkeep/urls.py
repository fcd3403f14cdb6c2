"""The URL root: API, accounts, admin and the web app."""

from django.contrib import admin
from django.urls import include, path

from paperkeep.accounts import urls as accounts_urls

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include(accounts_urls.root_patterns)),
    path("api/", include(accounts_urls.api_urlpatterns)),  # before the API's own routes, so these win
    path("api/", include("paperkeep.api.urls")),
    path("", include("paperkeep.web.urls")),
]
