"""Users and groups pages: permission matrix, and Paperless's superuser rules."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission, User

from tests.api import factories
from tests.web.conftest import BrowserFor, text_of

pytestmark = pytest.mark.django_db


def user_admin() -> User:
    """A staff-less user who may manage users and groups, but is no superuser."""
    manager = factories.user("manager")
    manager.user_permissions.add(*Permission.objects.filter(content_type__app_label="auth",
                                                            codename__regex=r"_(user|group)$"))  # fmt: skip
    return manager


def test_an_admin_creates_a_user_with_permissions_and_a_group(cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN the superuser and a group
    WHEN they create a user with a password, the group and two permissions from the matrix
    THEN the user can sign in with that password, is in the group and holds exactly those permissions."""
    team = Group.objects.create(name="office")
    browser_for(cast.admin).post("/manage/people/users/new/", {
        "username": "erin", "email": "erin@example.org", "password": "a long passphrase 42", "is_active": "1",
        "groups": [team.pk], "permissions": ["documents.view_document", "documents.add_document"]})  # fmt: skip
    erin = User.objects.get(username="erin")
    assert erin.check_password("a long passphrase 42") and list(erin.groups.all()) == [team]
    assert erin.get_user_permissions() == {"documents.view_document", "documents.add_document"}


def test_only_a_superuser_grants_superuser_status(cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN a user manager who is not a superuser
    WHEN they create a user marked superuser
    THEN the page refuses with the reason and no user is created."""
    response = browser_for(user_admin()).post("/manage/people/users/new/", {
        "username": "mallory", "is_active": "1", "is_superuser": "1"})
    assert response.status_code == 400 and "Only a superuser" in text_of(response)
    assert not User.objects.filter(username="mallory").exists()


def test_the_last_superuser_cannot_be_demoted(cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN one superuser
    WHEN they remove their own superuser status
    THEN the page refuses and they stay superuser."""
    response = browser_for(cast.admin).post(f"/manage/people/users/{cast.admin.pk}/", {
        "username": cast.admin.username, "is_active": "1"})
    assert response.status_code == 400 and User.objects.get(pk=cast.admin.pk).is_superuser


def test_a_group_gets_its_permission_matrix(cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN nothing
    WHEN the superuser creates a group with view and change on tags
    THEN the group holds exactly those two permissions."""
    browser_for(cast.admin).post("/manage/people/groups/new/", {
        "name": "taggers", "permissions": ["documents.view_tag", "documents.change_tag", "bogus.do_anything"]})
    group = Group.objects.get(name="taggers")
    assert sorted(group.permissions.values_list("codename", flat=True)) == ["change_tag", "view_tag"]


def test_ordinary_users_cannot_open_user_management(cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN an ordinary user
    WHEN they open the users page
    THEN the answer is 403 naming auth.view_user."""
    response = browser_for(cast.owner).get("/manage/people/")
    assert response.status_code == 403 and "auth.view_user" in text_of(response)
