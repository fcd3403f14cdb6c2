"""allauth's customisation seam: signup rules, SSO-only mode, default groups and starter permissions, group
sync, account linking, and where people land."""

from __future__ import annotations

import logging
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp, SocialLogin
from django import forms
from django.contrib.auth.models import Group
from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from paperkeep.accounts import groups, linking, sessions
from paperkeep.accounts.conf import OIDC, auth, break_glass_user, oidc_apps, password_login_allowed, public_origin
from paperkeep.accounts.oidc.provider import claim_mapping, claims_of
from paperkeep.accounts.permissions import forget_cached_permissions, grant_starter_permissions, has_any_permission

logger = logging.getLogger(__name__)
NOTE = "paperkeep_sso_note"  # request attribute: why the social flow stopped (read by the callback view)


def note(request: HttpRequest, code: str, message: str) -> None:
    """Tell the callback view why the allauth flow ended the way it did."""
    setattr(request, NOTE, (code, message))


def add_groups(user: Any, names: tuple[str, ...]) -> list[str]:
    """Add the user to the named groups that exist; return the names that do not."""
    found = list(Group.objects.filter(name__in=names))
    user.groups.add(*found)
    forget_cached_permissions(user)
    missing = sorted(set(names) - {group.name for group in found})
    if missing:
        logger.warning("Default group(s) %s do not exist; %s was not added to them", ", ".join(missing), user)
    return missing


def _no_permissions_url(request: HttpRequest) -> str | None:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and not has_any_permission(user):
        return reverse("accounts:no_permissions")
    return None


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        cfg = auth()
        return cfg.account_allow_signups and not cfg.disable_regular_login

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        username = credentials.get("username") or credentials.get("login")
        if not password_login_allowed(username):
            named = break_glass_user()
            hint = f" Only {named!r} may still sign in with a password." if named else ""
            raise forms.ValidationError("Sign-in with a password is switched off; use single sign-on." + hint)
        super().pre_authenticate(request, **credentials)

    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            add_groups(user, auth().account_default_groups)
        return user

    def login(self, request: HttpRequest, user: Any) -> None:
        super().login(request, user)
        sessions.promote_pending(request, user)

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        return _no_permissions_url(request) or str(super().get_login_redirect_url(request))

    def get_signup_redirect_url(self, request: HttpRequest) -> str:
        return _no_permissions_url(request) or str(super().get_signup_redirect_url(request))

    def is_safe_url(self, url: str | None) -> bool:
        # Only our own addresses: the request's host (already checked against ALLOWED_HOSTS) and PAPERLESS_URL's.
        from allauth.core import context

        hosts = set()
        request = context.request
        if request is not None:
            hosts.add(request.get_host())
        origin = public_origin()
        if origin:
            hosts.add(origin.split("://", 1)[1])
        return bool(url) and url_has_allowed_host_and_scheme(url, allowed_hosts=hosts)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def list_apps(self, request: HttpRequest | None, provider: str | None = None,
                  client_id: str | None = None) -> list[SocialApp]:
        apps = [app for app in super().list_apps(request, provider=provider, client_id=client_id)
                if app.provider != OIDC]
        for oidc in oidc_apps():
            if provider not in (None, OIDC, oidc.provider_id) or client_id not in (None, oidc.client_id):
                continue
            apps.append(SocialApp(provider=OIDC, provider_id=oidc.provider_id, name=oidc.name,
                                  client_id=oidc.client_id, secret=oidc.secret, settings=dict(oidc.settings)))
        return apps

    def is_open_for_signup(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        if auth().socialaccount_allow_signups:
            return True
        note(request, "sso.signup_closed", "No Paperkeep account is linked to this identity, and sign-up through "
             "single sign-on is switched off (PAPERLESS_SOCIALACCOUNT_ALLOW_SIGNUPS=false).")
        return False

    def is_auto_signup_allowed(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        cfg = auth()
        allowed = cfg.auto_create or cfg.social_auto_signup
        if not allowed:
            note(request, "sso.signup_form", "The account is created after the sign-up form is filled in "
                 "(PAPERLESS_AUTO_CREATE / PAPERLESS_SOCIAL_AUTO_SIGNUP are off).")
        return allowed

    def authenticate_by_email(self, sociallogin: SocialLogin) -> tuple[Any, str] | None:
        provider_id = sociallogin.account.provider
        return linking.user_by_trusted_email(provider_id, claims_of(sociallogin.account.extra_data))

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        super().pre_social_login(request, sociallogin)
        if sociallogin.is_existing and sociallogin.state.get("process") != "connect":
            self._sync_groups(sociallogin)

    def save_user(self, request: HttpRequest, sociallogin: SocialLogin, form: Any = None) -> Any:
        user = super().save_user(request, sociallogin, form)
        cfg = auth()
        configured = tuple(dict.fromkeys((*cfg.social_account_default_groups, *cfg.account_default_groups)))
        add_groups(user, configured)
        self._sync_groups(sociallogin)
        if not configured and not has_any_permission(user):
            grant_starter_permissions(user)
        return user

    def get_connect_redirect_url(self, request: HttpRequest, socialaccount: Any) -> str:
        return reverse("accounts:profile")

    def _sync_groups(self, sociallogin: SocialLogin) -> None:
        if sociallogin.account.provider not in {app.provider_id for app in oidc_apps()}:
            return
        app = next(a for a in oidc_apps() if a.provider_id == sociallogin.account.provider)
        claim = claims_of(sociallogin.account.extra_data).get(claim_mapping(app)["groups"])
        groups.sync_user_groups(sociallogin.user, claim)
