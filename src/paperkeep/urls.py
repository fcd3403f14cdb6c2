"""The URL root: API, accounts, admin and the web app."""

from django.contrib import admin
from django.urls import include, path, re_path

from paperkeep.accounts import urls as accounts_urls
from paperkeep.api.views.config import serve_logo
from paperkeep.api.views.share_links import shared_file

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include(accounts_urls.root_patterns)),
    path("api/", include(accounts_urls.api_urlpatterns)),  # before the API's own routes, so these win
    path("api/", include("paperkeep.api.urls")),
    re_path(r"^logo(?:/(?P<filename>.+))?/?$", serve_logo, name="app_logo"),
    re_path(r"^share/(?P<slug>\w+)/?$", shared_file, name="share"),
    path("", include("paperkeep.web.urls")),
]
