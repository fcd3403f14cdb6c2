"""SSO errors: one class per kind, each with a stable code, a title and a message in plain words.

The web error page and the staff's list of sign-in attempts both show `code` and `message`; nothing else
needs to know how a failure was detected.
"""

from __future__ import annotations

from typing import Any


class SsoError(Exception):
    """A single sign-on step failed; `message` says what happened, for the person signing in."""

    code = "sso.failed"
    title = "Single sign-on failed"
    status = 400

    def __init__(self, message: str, *, code: str | None = None, detail: str = "") -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.detail = detail  # for administrators (logged and shown to staff), never secrets
        self.claims: dict[str, Any] | None = None  # what the provider sent, unverified, for staff diagnostics
        self.subject = ""


class ProviderUnknown(SsoError):
    code = "sso.unknown_provider"
    title = "Unknown sign-in provider"
    status = 404


class DiscoveryFailed(SsoError):
    code = "sso.discovery_failed"
    title = "The identity provider cannot be reached"
    status = 502


class IssuerMismatch(SsoError):
    code = "sso.issuer_mismatch"
    title = "The identity provider is configured wrongly"
    status = 502


class StateMismatch(SsoError):
    code = "sso.state_mismatch"
    title = "This sign-in link has expired or was not started here"


class ProviderRefused(SsoError):
    code = "sso.provider_error"
    title = "The identity provider refused the sign-in"
    status = 403


class TokenRejected(SsoError):
    """A token from the provider failed a check; `code` names the check (e.g. sso.token.nonce_mismatch)."""

    code = "sso.token.invalid"
    title = "The identity provider's answer could not be trusted"
    status = 403


class AccountConflict(SsoError):
    code = "sso.account_conflict"
    title = "This sign-in cannot be matched to an account"
    status = 403


class SignupClosed(SsoError):
    code = "sso.signup_closed"
    title = "No account for you yet"
    status = 403


class LoginDisabled(SsoError):
    code = "sso.disabled"
    title = "Single sign-on is switched off"
    status = 404
