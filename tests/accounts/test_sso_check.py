"""`paperkeep sso check` says in plain words what is wrong with each provider, and what to enter there."""

from __future__ import annotations

import time
from email.utils import formatdate
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from paperkeep.accounts.diagnostics import skew_finding
from tests.support.oidc_provider import ProviderHandle

from .conftest import CALLBACK, LOGGED_OUT, Configure, app_json

pytestmark = pytest.mark.django_db


def check() -> tuple[str, bool]:
    """Run the command; return its output and whether it reported errors."""
    out = StringIO()
    try:
        call_command("sso", "check", stdout=out)
    except CommandError:
        return out.getvalue(), True
    return out.getvalue(), False


def test_a_good_configuration_passes(op: ProviderHandle, sso: Configure) -> None:
    """GIVEN the authentik app and PAPERLESS_URL
    WHEN `sso check` runs
    THEN it reports discovery, issuer, PKCE and signing as ok, prints the exact redirect URI, and no error."""
    output, failed = check()
    assert not failed, output
    assert "discovery document reachable" in output and f"issuer {op.issuer} matches" in output
    assert f"(Strict): {CALLBACK}" in output
    assert "PKCE S256 supported" in output and "RS256" in output
    assert "0 error(s)" in output


def test_end_session_setup_names_the_post_logout_uri(op: ProviderHandle, sso: Configure) -> None:
    """GIVEN LOGOUT_REDIRECT_URL = the provider's end-session endpoint
    WHEN `sso check` runs
    THEN it says logout is RP-initiated and which post-logout redirect URI to allow."""
    sso(logout_redirect_url=op.end_session_endpoint)
    output, _ = check()
    assert "RP-initiated" in output and LOGGED_OUT in output


def test_unreachable_discovery_is_an_error(op: ProviderHandle, sso: Configure) -> None:
    """GIVEN server_url on a closed port
    WHEN `sso check` runs
    THEN it fails, saying the discovery document is unreachable at that URL."""
    app = app_json(op)
    app["settings"]["server_url"] = "http://127.0.0.1:9/application/o/paperless/.well-known/openid-configuration"
    sso(apps=[app])
    output, failed = check()
    assert failed and "unreachable" in output and "127.0.0.1:9" in output


def test_issuer_mismatch_is_an_error_with_the_fix(op: ProviderHandle, sso: Configure) -> None:
    """GIVEN server_url naming the provider by another host name than its issuer
    WHEN `sso check` runs
    THEN it fails and says what server_url should be."""
    app = app_json(op)
    app["settings"]["server_url"] = op.discovery_url.replace("127.0.0.1", "localhost")
    sso(apps=[app])
    output, failed = check()
    assert failed and "Set server_url to " + op.issuer.rstrip("/") + "/.well-known/openid-configuration" in output


def test_missing_public_url_and_plain_http_are_warned(op: ProviderHandle, sso: Configure, settings: Any) -> None:
    """GIVEN PAPERLESS_URL unset, then set to plain http on a public name
    WHEN `sso check` runs
    THEN it warns about the Host header, then about http."""
    settings.PUBLIC_ORIGIN = None
    assert "PAPERLESS_URL is not set" in check()[0]
    settings.PUBLIC_ORIGIN = "http://paperless.company"
    assert "plain http" in check()[0]


def test_pkce_off_is_warned(op: ProviderHandle, sso: Configure) -> None:
    """GIVEN OAUTH_PKCE_ENABLED false
    WHEN `sso check` runs
    THEN it warns that PKCE is off."""
    sso(pkce=False)
    assert "PKCE is switched off" in check()[0]


def test_no_provider_is_an_error(op: ProviderHandle, sso: Configure) -> None:
    """GIVEN no openid_connect apps
    WHEN `sso check` runs
    THEN it fails saying none is configured."""
    sso(apps=[])
    output, failed = check()
    assert failed and "no OpenID Connect provider is configured" in output


@pytest.mark.parametrize(("offset", "level"), [(0, "ok"), (40, "warning"), (-300, "error")])
def test_clock_skew_is_judged_against_the_tolerance(offset: int, level: str) -> None:
    """GIVEN a provider Date header `offset` seconds from our clock, tolerance 60 s
    WHEN judged
    THEN in step is ok, 40 s is a warning, five minutes is an error naming the offset."""
    now = float(int(time.time()))  # HTTP dates have whole seconds
    finding = skew_finding(formatdate(now + offset, usegmt=True), now, 60)
    assert finding.level == level
    if level == "error":
        assert "-300 s" in finding.message
