"""Safe account linking: the key is (issuer, sub); an e-mail links an existing account only when enabled for
that provider AND email_verified is the JSON boolean true."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model

from tests.support.oidc_provider import Client, ProviderHandle, User

from .conftest import ALICE, PUBLIC, Configure, app_json, error_code, sign_in

pytestmark = pytest.mark.django_db
CAROL = User("carol", "carol-pw", email="carol@example.org", email_verified=True, name="Carol")


@pytest.fixture
def local_carol(op: ProviderHandle, django_user_model: Any) -> Any:
    op.add_user(CAROL)
    return django_user_model.objects.create_user("carol-local", CAROL.email, "carols-password")


def signed_in_pk(client: Any) -> int | None:
    value = client.session.get("_auth_user_id")
    return int(value) if value else None


def test_trusted_verified_email_links_the_existing_account(client: Any, op: ProviderHandle, sso: Configure,
                                                           local_carol: Any) -> None:
    """GIVEN PAPERLESS_SOCIAL_ACCOUNT_LINK_BY_EMAIL=authentik and carol's email_verified is JSON true
    WHEN carol signs in at the provider
    THEN she is signed in as the existing local account, which is now connected (by issuer and sub)."""
    sso(link_by_email=("authentik",))
    sign_in(client, op, CAROL)
    assert signed_in_pk(client) == local_carol.pk
    account = SocialAccount.objects.get(user=local_carol)
    assert (account.uid, account.extra_data["iss"]) == (CAROL.sub, op.issuer)


def test_email_linking_is_off_by_default(client: Any, op: ProviderHandle, sso: Configure, local_carol: Any) -> None:
    """GIVEN no e-mail linking configured, and carol's address verified at the provider
    WHEN carol signs in
    THEN she is not signed in as the local account."""
    sign_in(client, op, CAROL)
    assert signed_in_pk(client) != local_carol.pk
    assert not SocialAccount.objects.filter(user=local_carol).exists()


def test_unverified_email_never_links(client: Any, op: ProviderHandle, sso: Configure, django_user_model: Any) -> None:
    """GIVEN linking enabled, but alice's email_verified is false (authentik's default)
    WHEN alice signs in while a local account has her address
    THEN she is not signed in as that account."""
    local = django_user_model.objects.create_user("alice-local", ALICE.email, "pw")
    sso(link_by_email=("authentik",))
    sign_in(client, op, ALICE)
    assert signed_in_pk(client) != local.pk


def test_email_verified_as_a_string_does_not_count(client: Any, op: ProviderHandle, sso: Configure,
                                                   local_carol: Any) -> None:
    """GIVEN linking enabled and the provider sending email_verified as the string "true"
    WHEN carol signs in
    THEN she is not signed in as the local account (only the JSON boolean true counts)."""
    sso(link_by_email=("authentik",))
    with op.misbehaving(email_verified_string=True):
        sign_in(client, op, CAROL)
    assert signed_in_pk(client) != local_carol.pk


def test_linking_trusts_only_the_named_provider(client: Any, op: ProviderHandle, sso: Configure,
                                                local_carol: Any) -> None:
    """GIVEN linking enabled for "company" only, and carol signing in through "authentik"
    WHEN she signs in
    THEN she is not linked to the local account."""
    sso(apps=[app_json(op), app_json(op, provider_id="company", name="Company")], link_by_email=("company",))
    sign_in(client, op, CAROL)
    assert signed_in_pk(client) != local_carol.pk


def test_same_subject_at_another_issuer_is_refused(client: Any, op: ProviderHandle, sso: Configure,
                                                   django_user_model: Any) -> None:
    """GIVEN a local user connected to (other issuer, alice's sub) under provider_id "authentik"
    WHEN the provider now behind "authentik" (a different issuer) signs in a user with the same sub
    THEN the sign-in is refused as an account conflict, not signed into the other person's account."""
    victim = django_user_model.objects.create_user("victim", "victim@example.org", "pw")
    SocialAccount.objects.create(user=victim, provider="authentik", uid=ALICE.sub,
                                 extra_data={"iss": "https://old-idp.example/application/o/paperless/"})
    response = sign_in(client, op, ALICE)
    assert error_code(response) == "sso.account_conflict"
    assert signed_in_pk(client) is None


def test_an_imported_link_without_issuer_is_kept_and_completed(client: Any, op: ProviderHandle, sso: Configure,
                                                               django_user_model: Any) -> None:
    """GIVEN a social account imported from Paperless-ngx (provider "authentik", alice's sub, no issuer recorded)
    WHEN alice signs in
    THEN she is signed in as that user, and the issuer is recorded from now on."""
    owner = django_user_model.objects.create_user("alice-imported", "a@example.org", "pw")
    SocialAccount.objects.create(user=owner, provider="authentik", uid=ALICE.sub, extra_data={})
    sign_in(client, op, ALICE)
    assert signed_in_pk(client) == owner.pk
    assert SocialAccount.objects.get(user=owner).extra_data["iss"] == op.issuer


def test_two_app_entries_for_one_issuer_are_one_identity(client: Any, op: ProviderHandle, sso: Configure) -> None:
    """GIVEN alice created through "authentik", then a second app entry "company" for the same issuer
    WHEN alice signs in through "company"
    THEN she is the same user (the key is issuer and sub, not the app entry)."""
    callback = f"{PUBLIC}/accounts/oidc/company/login/callback/"
    company = Client("paperkeep-company", "company-secret", redirect_uris=[callback])
    op.add_client(company)
    sso(apps=[app_json(op), app_json(op, provider_id="company", name="Company", client=company)])
    sign_in(client, op, ALICE)
    first = signed_in_pk(client)
    client.logout()
    sign_in(client, op, ALICE, provider_id="company")
    assert signed_in_pk(client) == first
    assert get_user_model().objects.filter(email=ALICE.email).count() == 1
