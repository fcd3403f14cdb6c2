"""The authentik integration guide's three Paperless-ngx configuration blocks, verbatim, and their placeholders.

Copied from ../shared/seed/authentik-integration-guide.txt so the tests do not depend on that file at run time.
"""

from __future__ import annotations

from typing import Any

import yaml

COMPOSE_ENVIRONMENT = """\
environment:
    PAPERLESS_ENABLE_ALLAUTH: true
    PAPERLESS_APPS: allauth.socialaccount.providers.openid_connect
    PAPERLESS_SOCIALACCOUNT_PROVIDERS: >
        {
          "openid_connect": {
            "APPS": [
              {
                "provider_id": "authentik",
                "name": "authentik",
                "client_id": "<client_id>",
                "secret": "<client_secret>",
                "settings": {
                  "server_url": "https://authentik.company/application/o/<application_slug>/.well-known/openid-configuration",
                  "claims": {"username": "email"}
                }
              }
            ],
            "OAUTH_PKCE_ENABLED": "True"
          }
        }
    PAPERLESS_AUTO_LOGIN: true
    PAPERLESS_AUTO_CREATE: true
    PAPERLESS_LOGOUT_REDIRECT_URL: "https://authentik.company/application/o/<application_slug>/end-session/"
"""

ENV_FILE = """\
PAPERLESS_ENABLE_ALLAUTH=true
PAPERLESS_APPS=allauth.socialaccount.providers.openid_connect
PAPERLESS_SOCIALACCOUNT_PROVIDERS={"openid_connect": {"APPS": [{"provider_id": "authentik", "name": "authentik", "client_id": "<client_id>", "secret": "<client_secret>", "settings": {"server_url": "https://authentik.company/application/o/<application_slug>/.well-known/openid-configuration", "claims": {"username": "email"}}}], "OAUTH_PKCE_ENABLED": "True"}}
PAPERLESS_AUTO_LOGIN=true
PAPERLESS_AUTO_CREATE=true
PAPERLESS_LOGOUT_REDIRECT_URL=https://authentik.company/application/o/<application_slug>/end-session/
"""  # noqa: E501

PAPERLESS_CONF = """\
PAPERLESS_ENABLE_ALLAUTH=true
PAPERLESS_APPS=allauth.socialaccount.providers.openid_connect
PAPERLESS_SOCIALACCOUNT_PROVIDERS={"openid_connect":{"OAUTH_PKCE_ENABLED":true,"APPS":[{"provider_id":"authentik","name":"authentik","client_id":"<Client ID>","secret":"<Client Secret>","settings":{"server_url":"https://authentik.company/application/o/paperless/.well-known/openid-configuration"}}]}}
"""  # noqa: E501

CLIENT_ID = "pk-client-4711"
CLIENT_SECRET = "s3cr3t-Kw9x-do-not-print"
SLUG = "paperless"  # the paperless.conf block spells the slug out as "paperless"
PLACEHOLDERS = {
    "<client_id>": CLIENT_ID,
    "<Client ID>": CLIENT_ID,
    "<client_secret>": CLIENT_SECRET,
    "<Client Secret>": CLIENT_SECRET,
    "<application_slug>": SLUG,
}


def fill(text: str) -> str:
    """Replace the guide's placeholders with one set of real-looking values."""
    for placeholder, value in PLACEHOLDERS.items():
        text = text.replace(placeholder, value)
    return text


def compose_value(value: Any) -> str:
    """Hand a YAML value over as docker compose does: booleans become "true"/"false", the rest its text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def compose_environment(yaml_text: str) -> dict[str, str]:
    """Parse a compose `environment:` mapping into the strings the container's environment receives."""
    mapping = yaml.safe_load(yaml_text)["environment"]
    return {str(key): compose_value(value) for key, value in mapping.items()}


def break_json(text: str) -> str:
    """Drop the last closing brace of the provider JSON: the classic copy-paste mistake."""
    cut = text.rindex("}")
    return text[:cut] + text[cut + 1 :]
