"""Which local account a provider identity belongs to. The key is (issuer, sub); an e-mail address links an
existing account only when an administrator trusts that provider's verified addresses."""

from __future__ import annotations

import logging
from typing import Any

from allauth.account.utils import filter_users_by_email
from allauth.socialaccount.models import SocialAccount

from paperkeep.accounts.conf import auth, oidc_apps
from paperkeep.accounts.errors import AccountConflict

logger = logging.getLogger(__name__)


def account_for(provider_id: str, issuer: str, subject: str) -> SocialAccount | None:
    """Return the social account of (issuer, sub), or None; a (provider_id, sub) link to another issuer raises.

    Rows made before issuers were recorded (e.g. imported from Paperless-ngx) match on (provider_id, sub) and
    take the issuer of their next sign-in.
    """
    provider_ids = [app.provider_id for app in oidc_apps()]
    candidates = list(SocialAccount.objects.filter(uid=subject, provider__in=provider_ids).select_related("user"))
    exact = [acc for acc in candidates if acc.extra_data.get("iss") == issuer]
    if exact:
        return next((acc for acc in exact if acc.provider == provider_id), exact[0])
    same_provider = next((acc for acc in candidates if acc.provider == provider_id), None)
    if same_provider is None:
        return None
    recorded = same_provider.extra_data.get("iss")
    if not recorded:
        return same_provider
    raise AccountConflict(
        f"The account {same_provider.user} is linked to this user id at another identity provider ({recorded}); "
        f"the provider {provider_id!r} is now {issuer}. An administrator must remove the old link first.",
        detail=f"SocialAccount {same_provider.pk}: recorded issuer {recorded}, token issuer {issuer}",
    )


def email_link_allowed(provider_id: str, claims: dict[str, Any]) -> bool:
    """Tell whether this provider's e-mail claim may pick an existing account: explicitly trusted, and
    `email_verified` is the JSON boolean true."""
    return provider_id in auth().link_by_email and claims.get("email_verified") is True


def user_by_trusted_email(provider_id: str, claims: dict[str, Any]) -> tuple[Any, str] | None:
    """Return (user, email) when a trusted, verified address names exactly one active account; else None."""
    email = claims.get("email")
    if not isinstance(email, str) or not email or not email_link_allowed(provider_id, claims):
        return None
    users = [user for user in filter_users_by_email(email, prefer_verified=True) if user.is_active]
    if len(users) != 1:
        if users:
            logger.warning("Not linking %s by e-mail: %d accounts share it", email, len(users))
        return None
    logger.info("Linking provider %s identity to %s by its verified e-mail", provider_id, users[0])
    return users[0], email
