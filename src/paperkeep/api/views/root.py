"""`/api/`: the resource index for programs, a redirect to the Swagger view for browsers."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponseRedirect
from django.urls import NoReverseMatch
from rest_framework import routers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse

# Endpoints outside the router that clients (pypaperless) look for in the index.
EXTRA_RESOURCES = {
    "status": "api-status",
    "statistics": "api-statistics",
    "ui_settings": "api-ui-settings",
    "profile": "api-profile",
    "trash": "api-trash",
    "remote_version": "api-remote-version",
}


def wants_html(request: Any) -> bool:
    accept = request.META.get("HTTP_ACCEPT", "")
    return "text/html" in accept and "application/json" not in accept


class ApiRootView(routers.APIRootView):
    """List the resources (`{name: url}`), or send a browser to the API documentation."""

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if request.method == "GET" and wants_html(request):
            return HttpResponseRedirect("schema/view/")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().get(request, *args, **kwargs)
        data = dict(response.data)
        for name, url_name in EXTRA_RESOURCES.items():
            try:
                data[name] = reverse(url_name, request=request, format=kwargs.get("format"))
            except NoReverseMatch:
                continue
        return Response(dict(sorted(data.items())))


class ApiRouter(routers.DefaultRouter):
    """A DefaultRouter (trailing slashes) whose root view is `ApiRootView`."""

    APIRootView = ApiRootView
    include_format_suffixes = False
