"""`paperkeep sso check`: fetch each provider's discovery document and say in plain words what is wrong, and
exactly what to enter at the provider."""

from __future__ import annotations

import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

import requests
from django.urls import reverse

from paperkeep.accounts.conf import OidcApp, auth, oidc_apps, public_origin
from paperkeep.accounts.errors import SsoError
from paperkeep.accounts.logout import logged_out_path
from paperkeep.accounts.oidc import discovery, jwtcheck
from paperkeep.accounts.oidc.http import TIMEOUT, USER_AGENT

LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")


@dataclass(frozen=True)
class Finding:
    level: str  # ok, action, info, warning, error
    message: str


def _is_local(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    return host in LOCAL_HOSTS or host.endswith(".localhost")


def skew_finding(server_date: str | None, local_epoch: float, tolerance: int) -> Finding:
    """Compare the provider's HTTP Date with our clock; tokens fail beyond the tolerance."""
    if not server_date:
        return Finding("info", "the provider sent no Date header; clock skew cannot be checked")
    try:
        skew = parsedate_to_datetime(server_date).timestamp() - local_epoch
    except (TypeError, ValueError):
        return Finding("info", f"the provider's Date header {server_date!r} cannot be read")
    if abs(skew) > tolerance:
        return Finding("error", f"the provider's clock is {skew:+.0f} s off from this machine's; tokens will be "
                       f"refused (tolerance {tolerance} s). Synchronise both clocks (NTP).")
    if abs(skew) > max(5, tolerance // 2):
        return Finding("warning", f"the provider's clock is {skew:+.0f} s off from this machine's (tolerance "
                       f"{tolerance} s)")
    return Finding("ok", f"clocks agree within {max(1, round(abs(skew)))} s")


def site_findings() -> list[Finding]:
    """Findings about Paperkeep's own settings, independent of any provider."""
    cfg = auth()
    found: list[Finding] = []
    if not cfg.enable_allauth:
        found.append(Finding("warning", "PAPERLESS_ENABLE_ALLAUTH is false: single sign-on is switched off"))
    origin = public_origin()
    if not origin:
        found.append(Finding("warning", "PAPERLESS_URL is not set: redirect URIs are built from each request's Host "
                             "header, which breaks a Strict redirect URI behind a proxy. Set PAPERLESS_URL."))
    elif origin.startswith("http://") and not _is_local(origin):
        found.append(Finding("warning", f"PAPERLESS_URL is plain http ({origin}): sessions and sign-in codes travel "
                             "unencrypted. Use https."))
    if cfg.disable_regular_login and not cfg.break_glass_user:
        found.append(Finding("info", "SSO-only mode without PAPERLESS_SSO_BREAK_GLASS_USER: if the provider is "
                             "down, nobody can sign in with a password"))
    return found


def _fetch(app: OidcApp) -> tuple[Any, str | None, float]:
    started = time.monotonic()
    response = requests.get(app.discovery_url, headers={"User-Agent": USER_AGENT}, timeout=TIMEOUT)
    elapsed = (time.monotonic() - started) * 1000
    response.raise_for_status()
    return response.json(), response.headers.get("Date"), elapsed


def _logout_findings(app: OidcApp, meta: discovery.Metadata, redirect_base: str) -> list[Finding]:
    configured = auth().logout_redirect_url
    endpoint = meta.end_session_endpoint
    if not endpoint:
        return [Finding("info", "no end-session endpoint in discovery: signing out ends only the Paperkeep session")]
    same = configured and urlsplit(configured)._replace(query="").geturl().rstrip("/") == endpoint.rstrip("/")
    if same:
        return [Finding("ok", "PAPERLESS_LOGOUT_REDIRECT_URL is this provider's end-session endpoint: sign-out is "
                        "RP-initiated (id_token_hint, post_logout_redirect_uri, state)"),
                Finding("action", f"allow this post-logout redirect URI at the provider: {redirect_base}"
                        f"{logged_out_path()}")]
    if configured and "end-session" in configured:
        return [Finding("warning", f"PAPERLESS_LOGOUT_REDIRECT_URL ({configured}) looks like an end-session URL but "
                        f"is not this provider's ({endpoint})")]
    return [Finding("info", f"the provider offers RP-initiated logout; set PAPERLESS_LOGOUT_REDIRECT_URL={endpoint} "
                    "to sign out there too")]


def app_findings(app: OidcApp, redirect_base: str) -> list[Finding]:
    """Check one provider: discovery, issuer, redirect URI, https, PKCE, signing, keys, logout and clocks."""
    found: list[Finding] = []
    callback = redirect_base + reverse("openid_connect_callback", kwargs={"provider_id": app.provider_id})
    found.append(Finding("action", f"allow this exact redirect URI at the provider (Strict): {callback}"))
    try:
        doc, date, elapsed = _fetch(app)
        meta = discovery.parse_metadata(doc, app.discovery_url)
    except (requests.RequestException, ValueError, SsoError) as exc:
        reason = exc.message if isinstance(exc, SsoError) else f"{type(exc).__name__}: {exc}"
        return [*found, Finding("error", f"discovery document unreachable or unusable at {app.discovery_url} "
                                f"({reason})")]
    found.append(Finding("ok", f"discovery document reachable ({elapsed:.0f} ms)"))
    try:
        discovery.check_issuer(app, meta)
        found.append(Finding("ok", f"issuer {meta.issuer} matches server_url"))
    except SsoError as exc:
        found.append(Finding("error", exc.message))
    insecure = [name for name, url in (("authorization", meta.authorization_endpoint), ("token", meta.token_endpoint))
                if url.startswith("http://") and not _is_local(url)]
    if insecure:
        found.append(Finding("warning", f"the provider's {' and '.join(insecure)} endpoint uses plain http"))
    found.extend(_pkce_and_signing(app, meta))
    found.extend(_logout_findings(app, meta, redirect_base))
    found.append(skew_finding(date, time.time(), auth().sso_clock_skew))
    return found


def _pkce_and_signing(app: OidcApp, meta: discovery.Metadata) -> list[Finding]:
    found: list[Finding] = []
    if not app.pkce:
        found.append(Finding("warning", "PKCE is switched off for this provider (OAUTH_PKCE_ENABLED false)"))
    elif "S256" not in meta.code_challenge_methods:
        found.append(Finding("warning", "the provider does not list PKCE S256 in discovery; if sign-in fails, it "
                             "may not support PKCE"))
    else:
        found.append(Finding("ok", "PKCE S256 supported"))
    algorithms = jwtcheck.allowed_algorithms(meta.id_token_algs)
    if not algorithms:
        found.append(Finding("error", f"no usable ID token signing algorithm ({', '.join(meta.id_token_algs)})"))
    elif all(alg in jwtcheck.SYMMETRIC for alg in algorithms):
        found.append(Finding("info", "ID tokens are signed with the client secret (HS256; in authentik: no signing "
                             "key selected). It works; an RS256 signing key is better."))
    else:
        found.append(Finding("ok", f"ID tokens signed with {', '.join(algorithms)}"))
    if not app.secret:
        found.append(Finding("info", "no client secret: Paperkeep acts as a public client (PKCE required)"))
    return found


def run_checks() -> tuple[list[Finding], list[tuple[OidcApp, list[Finding]]]]:
    """Return the site findings and, per configured provider, its findings."""
    discovery.clear_cache()
    origin = public_origin() or f"{auth().account_default_http_protocol}://<your Paperkeep host>"
    apps = oidc_apps()
    site = site_findings()
    if not apps:
        site.append(Finding("error", "no OpenID Connect provider is configured (PAPERLESS_SOCIALACCOUNT_PROVIDERS "
                            "with openid_connect.APPS)"))
    return site, [(app, app_findings(app, origin.rstrip("/"))) for app in apps]
