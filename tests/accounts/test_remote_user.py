"""Paperless-ngx's other login variants: a trusted proxy's remote-user header (web, and API with _API, custom
header name) and the fixed PAPERLESS_AUTO_LOGIN_USERNAME."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from typing import Any

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db
AUTHN = "django.contrib.auth.middleware.AuthenticationMiddleware"


def enable_remote_user(settings: Any, *, api: bool = False, header: str = "HTTP_REMOTE_USER") -> None:
    auth = dataclasses.replace(settings.CONFIG.auth, enable_http_remote_user=True, enable_http_remote_user_api=api,
                               http_remote_user_header_name=header)
    settings.CONFIG = dataclasses.replace(settings.CONFIG, auth=auth)
    settings.HTTP_REMOTE_USER_HEADER_NAME = header
    middleware = list(settings.MIDDLEWARE)
    middleware.insert(middleware.index(AUTHN) + 1, "paperkeep.accounts.middleware.HttpRemoteUserMiddleware")
    settings.MIDDLEWARE = middleware
    settings.AUTHENTICATION_BACKENDS = ["paperkeep.accounts.backends.RemoteUserBackend",
                                        *settings.AUTHENTICATION_BACKENDS]
    if api:
        rest = dict(settings.REST_FRAMEWORK)
        rest["DEFAULT_AUTHENTICATION_CLASSES"] = ["paperkeep.api.authentication.PaperlessRemoteUserAuthentication",
                                                  *rest["DEFAULT_AUTHENTICATION_CLASSES"]]
        settings.REST_FRAMEWORK = rest


def test_remote_user_header_signs_in_and_creates_the_user(client: Any, settings: Any) -> None:
    """GIVEN PAPERLESS_ENABLE_HTTP_REMOTE_USER
    WHEN a page is requested with Remote-User: rita
    THEN rita is created and signed in."""
    enable_remote_user(settings)
    assert client.get("/accounts/profile/", HTTP_REMOTE_USER="rita").status_code == 200
    assert get_user_model().objects.filter(username="rita").exists()


def test_remote_user_header_is_ignored_by_the_api_without_api_flag(client: Any, settings: Any) -> None:
    """GIVEN remote user for the web only
    WHEN the API is called with the header (and no session)
    THEN it is not authenticated."""
    enable_remote_user(settings)
    assert client.get("/api/profile/", HTTP_REMOTE_USER="rita").status_code in (401, 403)


def test_remote_user_header_works_for_the_api_with_api_flag(client: Any, settings: Any) -> None:
    """GIVEN PAPERLESS_ENABLE_HTTP_REMOTE_USER_API
    WHEN the API is called with the header
    THEN it answers as that user."""
    enable_remote_user(settings, api=True)
    response = client.get("/api/profile/", HTTP_REMOTE_USER="rita")
    assert response.status_code == 200


def test_custom_header_name(client: Any, settings: Any) -> None:
    """GIVEN PAPERLESS_HTTP_REMOTE_USER_HEADER_NAME=HTTP_X_AUTHENTIK_USERNAME (an authentik proxy outpost)
    WHEN a page is requested with that header
    THEN its user is signed in; the default header is ignored."""
    enable_remote_user(settings, header="HTTP_X_AUTHENTIK_USERNAME")
    assert client.get("/accounts/profile/", HTTP_REMOTE_USER="mallory").status_code == 302
    assert client.get("/accounts/profile/", HTTP_X_AUTHENTIK_USERNAME="olivia").status_code == 200


def test_auto_login_username_signs_every_request_in(client: Any, settings: Any, django_user_model: Any) -> None:
    """GIVEN PAPERLESS_AUTO_LOGIN_USERNAME=kiosk (an existing user)
    WHEN a page is requested without any credentials
    THEN it is served as kiosk."""
    django_user_model.objects.create_user("kiosk", "k@example.org", "pw")
    settings.AUTO_LOGIN_USERNAME = "kiosk"
    middleware = list(settings.MIDDLEWARE)
    middleware.insert(middleware.index(AUTHN) + 1, "paperkeep.accounts.middleware.AutoLoginMiddleware")
    settings.MIDDLEWARE = middleware
    page = client.get("/accounts/profile/")
    assert page.status_code == 200 and "kiosk" in page.content.decode()


def settings_in_a_fresh_process(**env: str) -> dict[str, Any]:
    code = ("import json, paperkeep.settings as s; print(json.dumps({'middleware': s.MIDDLEWARE, "
            "'backends': s.AUTHENTICATION_BACKENDS, 'apps': s.INSTALLED_APPS}))")
    environ = {**os.environ, "PAPERLESS_SECRET_KEY": "x" * 40, **env}
    result = subprocess.run([sys.executable, "-c", code], env=environ, capture_output=True, text=True, timeout=60,
                            check=True)
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def test_settings_wire_the_remote_user_variant_and_extra_apps() -> None:
    """GIVEN PAPERLESS_ENABLE_HTTP_REMOTE_USER=true and PAPERLESS_APPS naming allauth's openid_connect and github apps
    WHEN the Django settings are derived in a fresh process
    THEN the remote-user middleware and backend are in place, github is installed, and allauth's openid_connect app
    is replaced by Paperkeep's provider (it is not installed)."""
    derived = settings_in_a_fresh_process(
        PAPERLESS_ENABLE_HTTP_REMOTE_USER="true",
        PAPERLESS_APPS="allauth.socialaccount.providers.openid_connect,allauth.socialaccount.providers.github",
    )
    assert "paperkeep.accounts.middleware.HttpRemoteUserMiddleware" in derived["middleware"]
    assert derived["backends"][0] == "paperkeep.accounts.backends.RemoteUserBackend"
    assert "allauth.socialaccount.providers.github" in derived["apps"]
    assert "allauth.socialaccount.providers.openid_connect" not in derived["apps"]
