"""Where logout sends the browser: PAPERLESS_LOGOUT_REDIRECT_URL, done properly as RP-initiated logout
(id_token_hint, post_logout_redirect_uri, state) when that URL is the provider's end-session endpoint."""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from paperkeep.accounts.conf import absolute_url, auth, oidc_app, oidc_apps
from paperkeep.accounts.errors import SsoError
from paperkeep.accounts.oidc import discovery
from paperkeep.accounts.sessions import SsoInfo

logger = logging.getLogger(__name__)
LOGGED_OUT_QUERY = "loggedout=1"


@dataclass(frozen=True)
class LogoutTarget:
    url: str
    state: str | None = None  # set for RP-initiated logout; checked when the provider sends the browser back


def _same_endpoint(a: str, b: str) -> bool:
    pa, pb = urlsplit(a), urlsplit(b)
    return (pa.scheme, pa.netloc.lower(), pa.path.rstrip("/")) == (pb.scheme, pb.netloc.lower(), pb.path.rstrip("/"))


def logged_out_path() -> str:
    return f"{reverse('account_login')}?{LOGGED_OUT_QUERY}"


def post_logout_redirect_uri(request: HttpRequest) -> str:
    """The address the provider sends the browser back to after ending its session (register it there)."""
    return absolute_url(request, logged_out_path())


def _end_session_endpoint(provider_id: str) -> str | None:
    app = oidc_app(provider_id)
    if app is None:
        return None
    try:
        return discovery.metadata(app).end_session_endpoint
    except SsoError as exc:
        logger.warning("Cannot read %s's end-session endpoint: %s", provider_id, exc.message)
        return None


def is_end_session_url(url: str) -> bool:
    """Tell whether the URL is the end-session endpoint of any configured provider."""
    return any(_same_endpoint(url, endpoint) for app in oidc_apps()
               if (endpoint := _end_session_endpoint(app.provider_id)))


def logout_target(request: HttpRequest, info: SsoInfo | None) -> LogoutTarget:
    """Decide where the browser goes after Paperkeep's session ends."""
    configured = auth().logout_redirect_url
    local = LogoutTarget(settings.LOGOUT_REDIRECT_URL if not configured else logged_out_path())
    if not configured:
        return local
    if info is not None:
        endpoint = _end_session_endpoint(info.provider_id)
        app = oidc_app(info.provider_id)
        if endpoint and app and _same_endpoint(configured, endpoint):
            state = secrets.token_urlsafe(16)
            params = {"id_token_hint": info.id_token, "post_logout_redirect_uri": post_logout_redirect_uri(request),
                      "state": state, "client_id": app.client_id}
            separator = "&" if "?" in endpoint else "?"
            return LogoutTarget(endpoint + separator + urlencode(params), state)
    elif is_end_session_url(configured):
        return local  # a password session has nothing to end at the provider
    return LogoutTarget(configured)
