"""django-allauth's URLs, as `allauth.urls` builds them, except that its MFA pages load on first use.

`allauth.mfa.base.views` imports allauth's WebAuthn support and with it fido2 and cryptography (~10 MiB), which a
web worker that only serves documents never needs; Paperkeep offers TOTP and recovery codes. The MFA pages keep
their names and paths (`mfa_authenticate` is where a login with TOTP continues), and their views load when first
asked for.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from allauth import app_settings
from allauth.mfa import app_settings as mfa_settings
from allauth.socialaccount import providers
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, include, path


def _deferred(name: str) -> Any:
    """A view that imports `allauth.mfa.base.views.<name>` on its first call."""

    def view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from allauth.mfa.base import views

        response: HttpResponse = getattr(views, name)(request, *args, **kwargs)
        return response

    view.__name__ = name
    return view


def _mfa_patterns() -> list[URLPattern | URLResolver]:
    patterns: list[URLPattern | URLResolver] = [
        path("", _deferred("index"), name="mfa_index"),
        path("authenticate/", _deferred("authenticate"), name="mfa_authenticate"),
        path("reauthenticate/", _deferred("reauthenticate"), name="mfa_reauthenticate"),
    ]
    if mfa_settings._TRUST_STAGE_ENABLED:
        patterns.append(path("trust/", _deferred("trust"), name="mfa_trust"))
    kinds = {"totp": "totp/", "recovery_codes": "recovery-codes/", "webauthn": "webauthn/"}
    for kind, prefix in kinds.items():
        if kind in mfa_settings.SUPPORTED_TYPES:
            patterns.append(path(prefix, include(f"allauth.mfa.{kind}.urls")))
    return patterns


def _provider_patterns() -> list[URLPattern | URLResolver]:
    """Each installed provider's URLs; OpenID Connect last, since its patterns would shadow the others'."""
    classes = sorted(providers.registry.get_class_list(), key=lambda cls: cls.id == "openid_connect")
    patterns: list[URLPattern | URLResolver] = []
    for provider_class in classes:
        patterns += getattr(import_module(f"{provider_class.get_package()}.urls"), "urlpatterns", None) or []
    return patterns


urlpatterns: list[URLPattern | URLResolver] = [path("", include("allauth.account.urls"))]
if app_settings.MFA_ENABLED:
    urlpatterns.append(path("2fa/", include(_mfa_patterns())))
if app_settings.SOCIALACCOUNT_ENABLED:
    urlpatterns.append(path("3rdparty/", include("allauth.socialaccount.urls")))
    urlpatterns += _provider_patterns()
