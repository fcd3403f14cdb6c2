"""The one place that talks HTTP to identity providers: short timeouts, JSON answers, errors as SsoError."""

from __future__ import annotations

from typing import Any

import requests

from paperkeep.accounts.errors import SsoError

TIMEOUT = 10.0
USER_AGENT = "Paperkeep-OIDC/1"


def get_json(url: str, *, error: type[SsoError], what: str, headers: dict[str, str] | None = None) -> Any:
    """GET a JSON document; any network, status or format problem raises `error` naming `what`."""
    try:
        response = requests.get(url, headers={"User-Agent": USER_AGENT, **(headers or {})}, timeout=TIMEOUT)
    except requests.RequestException as exc:
        raise error(f"Could not reach {what} at {url}: {type(exc).__name__}.", detail=str(exc)) from None
    if response.status_code != 200:
        raise error(f"{what.capitalize()} at {url} answered HTTP {response.status_code}.",
                    detail=response.text[:300])
    try:
        return response.json()
    except ValueError:
        raise error(f"{what.capitalize()} at {url} did not answer JSON.", detail=response.text[:300]) from None


def post_form(url: str, data: dict[str, str], *, auth: tuple[str, str] | None = None) -> requests.Response:
    """POST a form; network failures raise SsoError, any HTTP status is returned to the caller."""
    try:
        headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
        return requests.post(url, data=data, auth=auth, headers=headers, timeout=TIMEOUT)
    except requests.RequestException as exc:
        raise SsoError(f"Could not reach the identity provider at {url}: {type(exc).__name__}.",
                       code="sso.provider_unreachable", detail=str(exc)) from None
