"""Who gets an account on first SSO sign-in, named how, and with what: ALLOW_SIGNUPS, AUTO_CREATE, default
groups, the starter permissions, the "no permissions yet" page, and usernames that never take over."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from paperkeep.accounts.models import SsoAttempt
from tests.support.oidc_provider import ProviderHandle

from .conftest import ALICE, Configure, sign_in

pytestmark = pytest.mark.django_db


def signed_in_user(client: Any) -> Any:
    return get_user_model().objects.get(pk=client.session["_auth_user_id"])


def test_allow_signups_false_forbids_new_users(client: Any, op: ProviderHandle, sso: Configure) -> None:
    """GIVEN PAPERLESS_SOCIALACCOUNT_ALLOW_SIGNUPS=false
    WHEN alice (unknown here) signs in at the provider
    THEN no user is created, the page says so, and the attempt is recorded as refused with its reason."""
    sso(socialaccount_allow_signups=False)
    response = sign_in(client, op, ALICE)
    assert "No account for you yet" in response.content.decode()
    assert not get_user_model().objects.filter(email=ALICE.email).exists()
    attempt = SsoAttempt.objects.get()
    assert (attempt.outcome, attempt.code) == ("failed", "sso.signup_closed")


def test_without_auto_create_the_signup_form_is_shown(client: Any, op: ProviderHandle, sso: Configure) -> None:
    """GIVEN AUTO_CREATE and SOCIAL_AUTO_SIGNUP both off
    WHEN alice signs in
    THEN she is sent to the sign-up form, with no user created yet."""
    sso(auto_create=False, social_auto_signup=False)
    response = sign_in(client, op, ALICE)
    assert response["Location"] == "/accounts/3rdparty/signup/"
    assert not get_user_model().objects.filter(email=ALICE.email).exists()


def test_upstreams_social_auto_signup_creates_the_user_too(client: Any, op: ProviderHandle, sso: Configure) -> None:
    """GIVEN AUTO_CREATE off but upstream's PAPERLESS_SOCIAL_AUTO_SIGNUP=true
    WHEN alice signs in
    THEN she is created and signed in."""
    sso(auto_create=False, social_auto_signup=True)
    sign_in(client, op, ALICE)
    assert signed_in_user(client).email == ALICE.email


def test_new_user_gets_the_default_groups(client: Any, op: ProviderHandle, sso: Configure) -> None:
    """GIVEN SOCIAL_ACCOUNT_DEFAULT_GROUPS=editors and ACCOUNT_DEFAULT_GROUPS=everyone (both groups exist)
    WHEN alice is created by SSO
    THEN she is in both groups, and gets no extra starter permissions."""
    Group.objects.create(name="editors")
    Group.objects.create(name="everyone")
    sso(social_account_default_groups=("editors",), account_default_groups=("everyone",))
    sign_in(client, op, ALICE)
    user = signed_in_user(client)
    assert sorted(user.groups.values_list("name", flat=True)) == ["editors", "everyone"]
    assert not user.user_permissions.exists()


def test_without_default_groups_the_user_can_work_with_documents(client: Any, op: ProviderHandle,
                                                                 sso: Configure) -> None:
    """GIVEN no default groups configured
    WHEN alice is created by SSO
    THEN she may view, add, change and delete documents and use tags, and lands on the app, not a dead end."""
    response = sign_in(client, op, ALICE)
    user = signed_in_user(client)
    for perm in ("view_document", "add_document", "change_document", "delete_document", "view_tag", "add_tag"):
        assert user.has_perm(f"documents.{perm}"), perm
    assert response["Location"] == "/"


def test_user_without_any_permission_is_told_whom_to_ask(client: Any, op: ProviderHandle, sso: Configure,
                                                         django_user_model: Any) -> None:
    """GIVEN a default group that grants nothing, and an administrator "Ada Admin"
    WHEN alice is created by SSO
    THEN she lands on a page saying she has no permissions yet and naming the administrator."""
    django_user_model.objects.create_superuser("ada", "ada@example.org", "pw", first_name="Ada", last_name="Admin")
    Group.objects.create(name="nothing")
    sso(social_account_default_groups=("nothing",))
    response = sign_in(client, op, ALICE)
    assert response["Location"] == "/accounts/no-permissions/"
    page = client.get(response["Location"])
    assert page.status_code == 403
    text = page.content.decode()
    assert "no permissions" in text and "Ada Admin" in text and "ada@example.org" in text


def test_preferred_username_never_takes_over_an_existing_user(client: Any, op: ProviderHandle, sso: Configure,
                                                              django_user_model: Any) -> None:
    """GIVEN a local user called "alice" (another person, another e-mail)
    WHEN the provider's alice (preferred_username "alice") signs in for the first time
    THEN a new, differently named user is created and the local alice is not signed in."""
    local = django_user_model.objects.create_user("alice", "other-alice@example.org", "pw")
    sign_in(client, op, ALICE)
    user = signed_in_user(client)
    assert user.pk != local.pk and user.username != "alice"
    assert user.email == ALICE.email


def test_an_existing_email_does_not_sign_into_that_account(client: Any, op: ProviderHandle, sso: Configure,
                                                           django_user_model: Any) -> None:
    """GIVEN a local user with alice's e-mail address and e-mail linking not enabled
    WHEN alice signs in at the provider
    THEN she is not signed in as that user (the sign-up form asks her to resolve the conflict)."""
    django_user_model.objects.create_user("ally", ALICE.email, "pw")
    response = sign_in(client, op, ALICE)
    assert "_auth_user_id" not in client.session
    assert response["Location"] == "/accounts/3rdparty/signup/"
