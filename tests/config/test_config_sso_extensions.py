"""Paperkeep's own SSO settings parse strictly, and every login/SSO setting is effective."""

from __future__ import annotations

import pytest

from paperkeep.config import REGISTRY, ConfigError

from .conftest import Site


def test_group_map_accepts_names_and_lists(site: Site) -> None:
    """GIVEN PAPERLESS_SOCIAL_ACCOUNT_GROUP_MAP mapping one value to a name and one to a list
    WHEN the configuration loads
    THEN both become tuples of group names."""
    cfg = site.load({"PAPERLESS_SOCIAL_ACCOUNT_GROUP_MAP": '{"authentik Admins": "admins", "staff": ["a", "b"]}'})
    assert cfg.auth.group_map == {"authentik Admins": ("admins",), "staff": ("a", "b")}


@pytest.mark.parametrize("text", ['{"x": 3}', '{"x": []}', '{"x": [""]}', '["admins"]'])
def test_group_map_rejects_anything_else(site: Site, text: str) -> None:
    """GIVEN a group map whose value is a number, an empty list, an empty name, or a list instead of an object
    WHEN the configuration loads
    THEN it stops with an error naming the variable."""
    with pytest.raises(ConfigError) as caught:
        site.load({"PAPERLESS_SOCIAL_ACCOUNT_GROUP_MAP": text})
    assert caught.value.variable == "PAPERLESS_SOCIAL_ACCOUNT_GROUP_MAP"


def test_sso_extensions_have_safe_defaults(site: Site) -> None:
    """GIVEN nothing set
    WHEN the configuration loads
    THEN no e-mail linking, no API providers, no break-glass user, no group creation, 60 s clock skew."""
    auth = site.load().auth
    assert (auth.link_by_email, auth.sso_api_providers, auth.break_glass_user) == ((), (), None)
    assert (auth.sync_groups_create, auth.group_map, auth.sso_clock_skew) == (False, {}, 60)


def test_lists_and_names_are_read(site: Site) -> None:
    """GIVEN e-mail linking and API access for two providers, a break-glass user and a 30 s skew
    WHEN the configuration loads
    THEN each is read as written."""
    auth = site.load({
        "PAPERLESS_SOCIAL_ACCOUNT_LINK_BY_EMAIL": "authentik, company",
        "PAPERLESS_SSO_API_PROVIDERS": "authentik",
        "PAPERLESS_SSO_BREAK_GLASS_USER": "rescue",
        "PAPERLESS_SSO_CLOCK_SKEW": "30",
        "PAPERLESS_SOCIAL_ACCOUNT_SYNC_GROUPS_CREATE": "yes",
    }).auth
    assert auth.link_by_email == ("authentik", "company") and auth.sso_api_providers == ("authentik",)
    assert (auth.break_glass_user, auth.sso_clock_skew, auth.sync_groups_create) == ("rescue", 30, True)


def test_clock_skew_is_bounded(site: Site) -> None:
    """GIVEN a clock skew of an hour
    WHEN the configuration loads
    THEN it is refused (at most 600 s)."""
    with pytest.raises(ConfigError):
        site.load({"PAPERLESS_SSO_CLOCK_SKEW": "3600"})


def test_guide_and_login_settings_are_effective(site: Site) -> None:
    """GIVEN the guide's settings and upstream's login settings set
    WHEN diagnosed
    THEN none is listed as not yet effective."""
    names = ["PAPERLESS_ENABLE_ALLAUTH", "PAPERLESS_AUTO_LOGIN", "PAPERLESS_AUTO_CREATE", "PAPERLESS_APPS",
             "PAPERLESS_DISABLE_REGULAR_LOGIN", "PAPERLESS_REDIRECT_LOGIN_TO_SSO", "PAPERLESS_ENABLE_HTTP_REMOTE_USER",
             "PAPERLESS_SOCIAL_ACCOUNT_SYNC_GROUPS", "PAPERLESS_AUTO_LOGIN_USERNAME", "PAPERLESS_SSO_BREAK_GLASS_USER"]
    assert all(REGISTRY[name].effective for name in names)
    diagnosis = site.diagnose({"PAPERLESS_AUTO_LOGIN": "true", "PAPERLESS_AUTO_CREATE": "true"})
    assert diagnosis.not_yet_effective == []
