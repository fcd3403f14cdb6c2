"""What a single sign-on session remembers (the ID token for logout, the provider's sid for back-channel
logout), and ending sessions."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from importlib import import_module
from typing import Any

from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.http import HttpRequest

from paperkeep.accounts.models import SsoSession

PENDING_KEY = "paperkeep_sso_pending"
SESSION_KEY = "paperkeep_sso"


@dataclass(frozen=True)
class SsoInfo:
    provider_id: str
    issuer: str
    subject: str
    sid: str
    id_token: str

    @classmethod
    def from_session(cls, data: Any) -> SsoInfo | None:
        if not isinstance(data, dict):
            return None
        try:
            return cls(**{key: str(data[key]) for key in ("provider_id", "issuer", "subject", "sid", "id_token")})
        except KeyError:
            return None


def stash_pending(request: HttpRequest, info: SsoInfo) -> None:
    """Remember a completed provider sign-in until Paperkeep's own login (maybe after MFA) finishes."""
    request.session[PENDING_KEY] = asdict(info)


def promote_pending(request: HttpRequest, user: Any) -> SsoInfo | None:
    """On login: turn the pending provider sign-in into this session's SSO record."""
    info = SsoInfo.from_session(request.session.pop(PENDING_KEY, None))
    if info is None:
        return None
    if not SocialAccount.objects.filter(user=user, uid=info.subject, extra_data__iss=info.issuer).exists():
        return None  # a provider sign-in left unfinished (e.g. an abandoned sign-up form) is not this login's
    request.session[SESSION_KEY] = asdict(info)
    if request.session.session_key is None:
        request.session.save()
    SsoSession.objects.update_or_create(
        session_key=request.session.session_key,
        defaults={"user": user, "provider_id": info.provider_id, "issuer": info.issuer, "subject": info.subject,
                  "sid": info.sid},
    )
    return info


def current(request: HttpRequest) -> SsoInfo | None:
    """Return this session's SSO record, if it was started by single sign-on."""
    return SsoInfo.from_session(request.session.get(SESSION_KEY))


def end_sessions(records: Any) -> int:
    """Delete the Django sessions of these SsoSession records (and the records); return how many ended."""
    keys = list(records.values_list("session_key", flat=True))
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for key in keys:
        store().delete(key)
    records.delete()
    return len(keys)
