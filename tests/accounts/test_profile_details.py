"""My Profile "Your details": change name and e-mail; change the local password only when password sign-in is
allowed for the user (not in SSO-only mode unless break-glass, not without a usable password)."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db
PASSWORD = "a-strong-local-password-1"
NEW_PASSWORD = "another-strong-password-2"


@pytest.fixture
def alice(django_user_model: Any) -> Any:
    return django_user_model.objects.create_user("alice", "alice@example.org", PASSWORD)


@pytest.fixture
def signed_in(client: Client, alice: Any) -> Client:
    client.force_login(alice)
    return client


def sso_only(settings: Any, break_glass_user: str = "") -> None:
    auth = dataclasses.replace(settings.CONFIG.auth, disable_regular_login=True, break_glass_user=break_glass_user)
    settings.CONFIG = dataclasses.replace(settings.CONFIG, auth=auth)


def change_password(client: Client, old: str, new: str = NEW_PASSWORD) -> Any:
    return client.post("/accounts/profile/password/",
                       {"old_password": old, "new_password1": new, "new_password2": new})


def test_details_are_saved_and_shown_escaped(signed_in: Client, alice: Any) -> None:
    """GIVEN a signed-in user WHEN they save a name with markup and a new e-mail
    THEN the user is updated and the profile page shows the name escaped."""
    response = signed_in.post("/accounts/profile/details/",
                              {"first_name": "<b>Al</b>", "last_name": "Liddell", "email": "al@example.org"})
    assert response.status_code == 302
    alice.refresh_from_db()
    assert (alice.first_name, alice.last_name, alice.email) == ("<b>Al</b>", "Liddell", "al@example.org")
    page = signed_in.get("/accounts/profile/").content.decode()
    assert "&lt;b&gt;Al&lt;/b&gt;" in page
    assert "<b>Al</b>" not in page


def test_invalid_email_is_refused(signed_in: Client, alice: Any) -> None:
    """GIVEN a signed-in user WHEN they submit a malformed e-mail THEN nothing is saved."""
    signed_in.post("/accounts/profile/details/", {"first_name": "X", "last_name": "", "email": "not-an-email"})
    alice.refresh_from_db()
    assert (alice.first_name, alice.email) == ("", "alice@example.org")


def test_wrong_current_password_is_refused(signed_in: Client, alice: Any) -> None:
    """GIVEN a signed-in user WHEN they give a wrong current password THEN the password is unchanged."""
    change_password(signed_in, "wrong-password")
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_weak_new_password_is_refused(signed_in: Client, alice: Any, settings: Any) -> None:
    """GIVEN a configured password validator WHEN the new password fails it THEN the password is unchanged."""
    settings.AUTH_PASSWORD_VALIDATORS = [
        {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"}]
    change_password(signed_in, PASSWORD, new="12345678")
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_right_current_password_changes_it_and_keeps_the_session(signed_in: Client, alice: Any) -> None:
    """GIVEN a signed-in user WHEN they change the password with the right current one
    THEN the new password works and they are still signed in."""
    assert change_password(signed_in, PASSWORD).status_code == 302
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)
    assert signed_in.get("/accounts/profile/").status_code == 200


def test_password_form_absent_in_sso_only_mode(signed_in: Client, alice: Any, settings: Any) -> None:
    """GIVEN SSO-only mode WHEN a normal user opens My Profile THEN there is no password form and a POST is
    forbidden."""
    sso_only(settings, break_glass_user="admin")
    page = signed_in.get("/accounts/profile/").content.decode()
    assert 'id="change-password"' not in page
    assert change_password(signed_in, PASSWORD).status_code == 403
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_password_form_present_for_break_glass_user(signed_in: Client, settings: Any) -> None:
    """GIVEN SSO-only mode with alice as the break-glass user WHEN she opens My Profile
    THEN the password form is there."""
    sso_only(settings, break_glass_user="alice")
    assert 'id="change-password"' in signed_in.get("/accounts/profile/").content.decode()


def test_password_form_absent_without_usable_password(client: Client, django_user_model: Any) -> None:
    """GIVEN a user created by SSO (no usable password) WHEN they open My Profile
    THEN there is no password form and the page says the provider manages it."""
    user = django_user_model.objects.create_user("sso-user", "s@example.org")
    client.force_login(user)
    page = client.get("/accounts/profile/").content.decode()
    assert 'id="change-password"' not in page
    assert 'id="password-managed"' in page


def test_csrf_is_required(alice: Any) -> None:
    """GIVEN a client that enforces CSRF WHEN it posts details without a token THEN it is refused."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    assert client.post("/accounts/profile/details/", {"first_name": "X"}).status_code == 403
    assert change_password(client, PASSWORD).status_code == 403
    alice.refresh_from_db()
    assert alice.first_name == "" and alice.check_password(PASSWORD)
