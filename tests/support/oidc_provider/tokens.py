"""Claim sets for ID tokens, access tokens, userinfo and logout tokens, and their signing.

Every misbehaviour that changes a token is applied here, in one place, so a test that switches
one on gets exactly that defect and nothing else.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from typing import Any

from . import jose
from .model import Client, Misbehaviour, User

ACR = "goauthentik.io/providers/oauth2/default"
BACKCHANNEL_EVENT = "http://schemas.openid.net/event/backchannel-logout"
ID_TOKEN_LIFETIME = 300  # authentik's default access token validity: 5 minutes
LOGOUT_TOKEN_LIFETIME = 120


@dataclass(frozen=True)
class Grant:
    """Who signed in, for which client, with which scopes, in which provider session."""

    user: User
    client: Client
    scopes: tuple[str, ...]
    auth_time: int
    sid: str | None = None
    nonce: str | None = None


def scope_claims(user: User, scopes: tuple[str, ...], mb: Misbehaviour) -> dict[str, Any]:
    """Return `sub` plus the claims authentik's default scope mappings give for `scopes`."""
    claims: dict[str, Any] = {"sub": user.sub}
    if "email" in scopes:
        claims["email"] = user.email
        claims["email_verified"] = "true" if mb.email_verified_string else user.email_verified
    if "profile" in scopes:
        claims["name"] = user.name
        claims["given_name"] = user.given_name if user.given_name is not None else user.name
        if user.family_name is not None:
            claims["family_name"] = user.family_name
        claims["preferred_username"] = user.username
        claims["nickname"] = user.username
    if "profile" in scopes or "groups" in scopes:
        claims["groups"] = list(user.groups)
    return claims


def merge_claims(claims: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    """Apply `overrides` to `claims`; an override of None removes the claim."""
    merged = dict(claims)
    for name, value in overrides.items():
        if value is None:
            merged.pop(name, None)
        else:
            merged[name] = value
    return merged


class TokenFactory:
    """Builds and signs every JWT the provider issues, applying the active misbehaviour."""

    def __init__(self, issuer: str, keyring: jose.KeyRing) -> None:
        self.issuer = issuer
        self.keyring = keyring

    def _iss(self, mb: Misbehaviour) -> str:
        return self.issuer.rstrip("/") + "-impostor/" if mb.wrong_iss else self.issuer

    @staticmethod
    def _times(mb: Misbehaviour, lifetime: int) -> dict[str, int]:
        now = int(time.time()) + mb.clock_skew
        if mb.expired:
            return {"iat": now - 600 - lifetime, "exp": now - 600}
        if mb.iat_in_future:
            return {"iat": now + 3600, "exp": now + 3600 + lifetime}
        return {"iat": now, "exp": now + lifetime}

    def _aud(self, client: Client, mb: Misbehaviour) -> dict[str, Any]:
        if mb.wrong_azp:
            return {"aud": [client.client_id, "someone-else"], "azp": "someone-else"}
        if mb.wrong_aud:
            return {"aud": f"not-{client.client_id}", "azp": client.client_id}
        return {"aud": client.client_id, "azp": client.client_id}

    def _base(self, grant: Grant, mb: Misbehaviour, lifetime: int) -> dict[str, Any]:
        claims: dict[str, Any] = {"iss": self._iss(mb)}
        claims.update(scope_claims(grant.user, grant.scopes, mb))
        claims.update(self._aud(grant.client, mb))
        claims.update(self._times(mb, lifetime))
        claims["auth_time"] = grant.auth_time + mb.clock_skew
        claims["acr"] = ACR
        claims["amr"] = ["pwd"]
        if grant.sid:
            claims["sid"] = grant.sid
        return claims

    def id_token(self, grant: Grant, access_token: str | None, mb: Misbehaviour) -> str:
        """Return a signed ID token for `grant`."""
        claims = self._base(grant, mb, ID_TOKEN_LIFETIME)
        if grant.nonce is not None and not mb.missing_nonce:
            claims["nonce"] = "not-" + grant.nonce if mb.wrong_nonce else grant.nonce
        elif mb.wrong_nonce:
            claims["nonce"] = secrets.token_urlsafe(16)
        if access_token:
            claims["at_hash"] = jose.token_hash(access_token)
        if mb.missing_sub:
            claims.pop("sub", None)
        claims = merge_claims(claims, mb.id_token_claims)
        return self.sign(claims, grant.client, mb)

    def access_token(self, grant: Grant, mb: Misbehaviour, lifetime: int) -> str:
        """Return a signed JWT access token for `grant` (authentik issues JWT access tokens)."""
        claims = self._base(grant, mb, lifetime)
        claims["scope"] = " ".join(grant.scopes)
        claims["client_id"] = grant.client.client_id
        claims["jti"] = secrets.token_hex(16)
        claims["uid"] = secrets.token_hex(16)
        return self.sign(claims, grant.client, mb)

    def logout_token(
        self,
        client: Client,
        *,
        sub: str | None,
        sid: str | None,
        mb: Misbehaviour,
    ) -> str:
        """Return a signed Back-Channel Logout 1.0 logout token."""
        claims: dict[str, Any] = {"iss": self._iss(mb)}
        claims["aud"] = f"not-{client.client_id}" if mb.wrong_aud else client.client_id
        claims.update(self._times(mb, LOGOUT_TOKEN_LIFETIME))
        claims["jti"] = secrets.token_hex(16)
        if not mb.logout_token_no_events:
            claims["events"] = {BACKCHANNEL_EVENT: {}}
        if sub is not None:
            claims["sub"] = sub
        if sid is not None:
            claims["sid"] = sid
        if mb.logout_token_nonce:
            claims["nonce"] = secrets.token_urlsafe(16)
        return self.sign(claims, client, mb, typ="logout+jwt")

    def sign(self, claims: dict[str, Any], client: Client, mb: Misbehaviour, typ: str = "JWT") -> str:
        """Sign `claims` the way `client` is configured, or broken the way `mb` says."""
        if mb.alg_none:
            message = jose.encode({"alg": "none", "typ": typ}, claims)
            return message.decode("ascii") + "."
        header: dict[str, Any] = {"typ": typ}
        if mb.alg_confusion:
            victim = self.keyring.current("ES256" if client.signing == "ES256" else "RS256")
            header.update(alg="HS256", kid=victim.kid)
            message = jose.encode(header, claims)
            signature = jose.hs256(message, victim.public_pem())
        elif (client.signing == "HS256" and not mb.unknown_kid) or mb.unexpected_hs256:
            header["alg"] = "HS256"
            message = jose.encode(header, claims)
            signature = jose.hs256(message, client.client_secret.encode())
        else:
            # unknown_kid on an HS256 client falls back to an unpublished RSA key
            alg = "RS256" if client.signing == "HS256" else client.signing
            key = self.keyring.unpublished(alg) if mb.unknown_kid else self.keyring.current(alg)
            header.update(alg=key.alg, kid=key.kid)
            message = jose.encode(header, claims)
            signature = key.sign(message)
        if mb.bad_signature:
            signature = jose.corrupt(signature)
        return message.decode("ascii") + "." + jose.b64url(signature)
