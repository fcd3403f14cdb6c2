"""Registry table: login, signup, sessions, social login (OpenID Connect), remote user, the admin account."""

from __future__ import annotations

from typing import Any

from paperkeep.config import values as v
from paperkeep.config.errors import Invalid
from paperkeep.config.providers import socialaccount_providers
from paperkeep.config.registry import Derived, Var, var
from paperkeep.config.values import Context


def _email_verification(value: str, ctx: Context) -> str:
    # Without a mail server nobody could verify an address, so Paperless-ngx forces "none".
    smtp_enabled = ctx.value("PAPERLESS_EMAIL_HOST") != "localhost" or ctx.value("PAPERLESS_EMAIL_HOST_USER") != ""
    return value if smtp_enabled else "none"


def _proxy_count(ctx: Context) -> int:
    return len(ctx.value("PAPERLESS_TRUSTED_PROXIES"))


def _group_map(text: str, ctx: Context) -> dict[str, tuple[str, ...]]:
    """Parse {"claim value": "local group" | ["group", ...]}: which local groups a claim value grants."""
    data = v.json_object(text, ctx)
    result: dict[str, tuple[str, ...]] = {}
    for claim_value, target in data.items():
        targets = [target] if isinstance(target, str) else target
        if not isinstance(targets, list) or not targets or not all(isinstance(t, str) and t.strip() for t in targets):
            raise Invalid(f"maps {claim_value!r} to {target!r}, which is not a group name or a list of them",
                          '{"claim value": "group name"} or {"claim value": ["group", ...]}',
                          show_value=False, code="config.invalid_group_map")
        result[str(claim_value)] = tuple(t.strip() for t in targets)
    return result


def _flag(name: str, attr: str, default: bool, feature: str) -> Var:
    return var(name, "auth", attr, v.boolean, default, feature=feature)


def _text(name: str, attr: str, default: Any, feature: str, **options: Any) -> Var:
    return var(name, "auth", attr, v.string, default, feature=feature, **options)


AUTH = (
    # The authentik guide's names. Paperless-ngx ignores them; Paperkeep gives them their meaning.
    _flag("ENABLE_ALLAUTH", "enable_allauth", True, "sso"),
    _flag("AUTO_LOGIN", "auto_login", False, "sso"),
    _flag("AUTO_CREATE", "auto_create", False, "sso"),
    var("APPS", "auth", "apps", v.comma_list, (), feature="sso"),
    var("SOCIALACCOUNT_PROVIDERS", "auth", "socialaccount_providers", socialaccount_providers, {}, feature="sso"),
    _flag("SOCIAL_AUTO_SIGNUP", "social_auto_signup", False, "sso"),
    _flag("SOCIALACCOUNT_ALLOW_SIGNUPS", "socialaccount_allow_signups", True, "sso"),
    _flag("ACCOUNT_ALLOW_SIGNUPS", "account_allow_signups", False, "auth"),
    var("ACCOUNT_DEFAULT_GROUPS", "auth", "account_default_groups", v.comma_list, (), feature="auth"),
    var("SOCIAL_ACCOUNT_DEFAULT_GROUPS", "auth", "social_account_default_groups", v.comma_list, (), feature="sso"),
    _flag("SOCIAL_ACCOUNT_SYNC_GROUPS", "sync_groups", False, "sso"),
    _text("SOCIAL_ACCOUNT_SYNC_GROUPS_CLAIM", "sync_groups_claim", "groups", "sso"),
    _text("SOCIAL_ACCOUNT_SYNC_SUPERUSER_GROUP", "sync_superuser_group", None, "sso"),
    _text("SOCIAL_ACCOUNT_SYNC_STAFF_GROUP", "sync_staff_group", None, "sso"),
    # Paperkeep's own SSO extensions (see the README, "Single sign-on").
    _flag("SOCIAL_ACCOUNT_SYNC_GROUPS_CREATE", "sync_groups_create", False, "sso"),
    var("SOCIAL_ACCOUNT_GROUP_MAP", "auth", "group_map", _group_map, {}, feature="sso"),
    var("SOCIAL_ACCOUNT_LINK_BY_EMAIL", "auth", "link_by_email", v.comma_list, (), feature="sso"),
    var("SSO_API_PROVIDERS", "auth", "sso_api_providers", v.comma_list, (), feature="sso"),
    var("SSO_CLOCK_SKEW", "auth", "sso_clock_skew", v.integer(0, 600), 60, feature="sso"),
    _text("SSO_BREAK_GLASS_USER", "break_glass_user", None, "auth"),
    _flag("DISABLE_REGULAR_LOGIN", "disable_regular_login", False, "auth"),
    _flag("REDIRECT_LOGIN_TO_SSO", "redirect_login_to_sso", False, "sso"),
    _text("LOGOUT_REDIRECT_URL", "logout_redirect_url", None, "sessions"),
    var("ACCOUNT_DEFAULT_HTTP_PROTOCOL", "auth", "account_default_http_protocol", v.choice("http", "https"), "https",
        feature="auth"),
    var("ACCOUNT_EMAIL_VERIFICATION", "auth", "account_email_verification",
        v.choice("mandatory", "optional", "none"), "optional", feature="auth", finish=_email_verification),
    _flag("ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS", "account_email_unknown_accounts", True, "auth"),
    _flag("ACCOUNT_SESSION_REMEMBER", "session_remember", True, "sessions"),
    var("SESSION_COOKIE_AGE", "auth", "session_cookie_age", v.integer(1), 1_814_400, feature="sessions"),
    _flag("ENABLE_HTTP_REMOTE_USER", "enable_http_remote_user", False, "auth"),
    _flag("ENABLE_HTTP_REMOTE_USER_API", "enable_http_remote_user_api", False, "auth"),
    _text("HTTP_REMOTE_USER_HEADER_NAME", "http_remote_user_header_name", "HTTP_REMOTE_USER", "auth"),
    var("ALLAUTH_TRUSTED_PROXY_COUNT", "auth", "allauth_trusted_proxy_count", v.integer(0),
        Derived("number of PAPERLESS_TRUSTED_PROXIES", _proxy_count), feature="auth"),
    _text("ALLAUTH_TRUSTED_CLIENT_IP_HEADER", "allauth_trusted_client_ip_header", None, "auth"),
    _text("ADMIN_USER", "admin_user", None, "core"),
    _text("ADMIN_PASSWORD", "admin_password", None, "core", secret=True, keep_whitespace=True),
    _text("ADMIN_MAIL", "admin_mail", "root@localhost", "core"),
)

TABLES: tuple[tuple[Var, ...], ...] = (AUTH,)
