"""Check JWTs from a provider as the OpenID Connect RP certification requires: ID tokens, JWT access tokens
and back-channel logout tokens. Every failure is a TokenRejected whose code names the check."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from dataclasses import dataclass
from typing import Any

from paperkeep.accounts.errors import TokenRejected
from paperkeep.accounts.oidc import jwks

ASYMMETRIC = frozenset({"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"})
SYMMETRIC = frozenset({"HS256", "HS384", "HS512"})
BACKCHANNEL_EVENT = "http://schemas.openid.net/event/backchannel-logout"


@dataclass(frozen=True)
class Verifier:
    """What a token from one provider for one client must satisfy."""

    issuer: str
    client_id: str
    client_secret: str
    jwks_uri: str
    algorithms: tuple[str, ...]  # as the provider advertises them; HS* only when it signs that way
    skew: int = 60


def allowed_algorithms(advertised: tuple[str, ...]) -> tuple[str, ...]:
    """Keep the advertised algorithms we can check; `none` never, HMAC only when the provider lists it."""
    return tuple(alg for alg in advertised if alg in ASYMMETRIC or alg in SYMMETRIC)


def _reject(code: str, message: str, detail: str = "") -> TokenRejected:
    return TokenRejected(message, code=f"sso.token.{code}", detail=detail)


def verify_signature(token: str, verifier: Verifier, what: str) -> dict[str, Any]:
    """Return the claims of a token whose signature checks out against the provider's keys (or secret)."""
    import jwt

    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as exc:
        raise _reject("malformed", f"The {what} is not a well-formed JWT.", str(exc)) from None
    alg = header.get("alg")
    if not isinstance(alg, str) or alg.lower() == "none":
        raise _reject("alg_none", f"The {what} is not signed (alg 'none'); unsigned tokens are never accepted.")
    if alg not in verifier.algorithms:
        raise _reject("alg_not_allowed", f"The {what} is signed with {alg}, which this provider does not use "
                      f"(it advertises {', '.join(verifier.algorithms) or 'nothing usable'}).")
    if alg in SYMMETRIC:
        if not verifier.client_secret:
            raise _reject("alg_not_allowed", f"The {what} is signed with {alg}, but this client has no secret.")
        key: Any = verifier.client_secret.encode()
    else:
        kid = header.get("kid")
        key = jwks.signing_key(verifier.jwks_uri, kid if isinstance(kid, str) else None, alg)
    try:
        claims = jwt.decode(token, key, algorithms=[alg], options={
            "verify_signature": True, "verify_aud": False, "verify_iss": False, "verify_exp": False,
            "verify_iat": False, "verify_nbf": False, "require": [],
        })
    except jwt.InvalidSignatureError:
        raise _reject("bad_signature", f"The {what}'s signature does not match the provider's key.") from None
    except jwt.PyJWTError as exc:
        raise _reject("malformed", f"The {what} could not be decoded.", str(exc)) from None
    if not isinstance(claims, dict):
        raise _reject("malformed", f"The {what} carries no claims.")
    return claims


def _check_issuer_and_audience(claims: dict[str, Any], v: Verifier, what: str) -> None:
    if claims.get("iss") != v.issuer:
        raise _reject("wrong_issuer", f"The {what} was issued by {claims.get('iss')!r}, not by {v.issuer!r}.")
    aud = claims.get("aud")
    audiences = [aud] if isinstance(aud, str) else aud if isinstance(aud, list) else []
    if v.client_id not in audiences:
        raise _reject("wrong_audience", f"The {what} is meant for {aud!r}, not for this client ({v.client_id!r}).")
    azp = claims.get("azp")
    if len(audiences) > 1 and azp is None:
        raise _reject("azp_missing", f"The {what} names several audiences but no authorized party (azp).")
    if azp is not None and azp != v.client_id:
        raise _reject("wrong_azp", f"The {what} was issued to {azp!r} (azp), not to this client.")


def _check_times(claims: dict[str, Any], v: Verifier, what: str, now: float, *, need_exp: bool = True) -> None:
    exp, iat = claims.get("exp"), claims.get("iat")
    if need_exp and not isinstance(exp, int | float):
        raise _reject("exp_missing", f"The {what} has no expiry time (exp).")
    if isinstance(exp, int | float) and now > exp + v.skew:
        raise _reject("expired", f"The {what} expired {int(now - exp)} s ago. If it was just issued, the clocks "
                      "of Paperkeep and the identity provider disagree.")
    if not isinstance(iat, int | float):
        raise _reject("iat_missing", f"The {what} has no issue time (iat).")
    if iat > now + v.skew:
        raise _reject("issued_in_future", f"The {what} claims to be issued {int(iat - now)} s in the future; the "
                      "clocks of Paperkeep and the identity provider disagree.")


def _half_hash(value: str, alg: str) -> str:
    bits = int(alg[2:]) if alg[2:].isdigit() else 256
    digest = getattr(hashlib, f"sha{bits}")(value.encode()).digest()
    return base64.urlsafe_b64encode(digest[: len(digest) // 2]).rstrip(b"=").decode()


def validate_id_token(token: str, v: Verifier, *, nonce: str, access_token: str | None = None,
                      now: float | None = None) -> dict[str, Any]:
    """Return the ID token's claims after every check of OpenID Connect Core §3.1.3.7; else TokenRejected."""
    import jwt

    now = time.time() if now is None else now
    claims = verify_signature(token, v, "ID token")
    _check_issuer_and_audience(claims, v, "ID token")
    _check_times(claims, v, "ID token", now)
    if "nonce" not in claims:
        raise _reject("nonce_missing", "The ID token carries no nonce, although this sign-in sent one.")
    if not isinstance(claims["nonce"], str) or not hmac.compare_digest(claims["nonce"], nonce):
        raise _reject("nonce_mismatch", "The ID token belongs to another sign-in (its nonce does not match). "
                      "It may have been replayed.")
    sub = claims.get("sub")
    if not isinstance(sub, str) or not sub:
        raise _reject("sub_missing", "The ID token does not name the user (no sub claim).")
    at_hash = claims.get("at_hash")
    if access_token and isinstance(at_hash, str):
        alg = str(jwt.get_unverified_header(token).get("alg"))
        if not hmac.compare_digest(at_hash, _half_hash(access_token, alg)):
            raise _reject("at_hash_mismatch", "The access token does not belong to the ID token (at_hash).")
    return claims


def validate_access_token(token: str, v: Verifier, *, now: float | None = None) -> dict[str, Any]:
    """Return a JWT access token's claims after checking signature, iss, aud, exp and sub."""
    now = time.time() if now is None else now
    claims = verify_signature(token, v, "access token")
    if claims.get("iss") != v.issuer:
        raise _reject("wrong_issuer", f"The access token was issued by {claims.get('iss')!r}, not by {v.issuer!r}.")
    aud = claims.get("aud")
    audiences = [aud] if isinstance(aud, str) else aud if isinstance(aud, list) else []
    if v.client_id not in audiences:
        raise _reject("wrong_audience", f"The access token is meant for {aud!r}, not for this client.")
    _check_times(claims, v, "access token", now)
    if not isinstance(claims.get("sub"), str) or not claims["sub"]:
        raise _reject("sub_missing", "The access token does not name the user (no sub claim).")
    return claims


def validate_logout_token(token: str, v: Verifier, *, now: float | None = None) -> dict[str, Any]:
    """Return a back-channel logout token's claims after the checks of Back-Channel Logout 1.0 §2.6."""
    now = time.time() if now is None else now
    claims = verify_signature(token, v, "logout token")
    _check_issuer_and_audience(claims, v, "logout token")
    _check_times(claims, v, "logout token", now, need_exp=False)
    events = claims.get("events")
    if not isinstance(events, dict) or not isinstance(events.get(BACKCHANNEL_EVENT), dict):
        raise _reject("not_logout_token", "The logout token lacks the back-channel logout event.")
    if "nonce" in claims:
        raise _reject("nonce_in_logout_token", "A logout token must not carry a nonce.")
    if not claims.get("sub") and not claims.get("sid"):
        raise _reject("sub_missing", "The logout token names neither a user (sub) nor a session (sid).")
    return claims
