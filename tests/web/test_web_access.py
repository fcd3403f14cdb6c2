"""Who gets which page: sign-in, the "no permissions yet" page, a 403 that names the missing permission."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User

from tests.api import factories
from tests.web.conftest import BrowserFor, text_of

pytestmark = pytest.mark.django_db

PAGES = ("/", "/documents/", "/manage/", "/tasks/", "/trash/", "/documents/1/")


@pytest.mark.parametrize("path", PAGES)
def test_a_visitor_who_is_not_signed_in_is_sent_to_the_login_page(client: Any, path: str) -> None:
    """GIVEN nobody signed in
    WHEN they open a page of the app
    THEN they are redirected to the login page, which will bring them back."""
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_a_user_without_any_permission_sees_whom_to_ask(browser_for: BrowserFor) -> None:
    """GIVEN a signed-in user with no permission at all (a fresh SSO account) and an administrator
    WHEN they open the dashboard
    THEN they land on the "no permissions yet" page naming the administrator, not on an empty or endless page."""
    User.objects.create_superuser("boss", "boss@example.org", "pw")
    nobody = User.objects.create_user("newbie", "newbie@example.org", "pw")
    response = browser_for(nobody).get("/", follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/no-permissions/"
    assert "boss@example.org" in text_of(response)


def test_a_page_needing_a_missing_permission_says_which(browser_for: BrowserFor) -> None:
    """GIVEN a user who may see tasks but not documents
    WHEN they open the documents page
    THEN the answer is 403 naming documents.view_document and whom to ask."""
    User.objects.create_superuser("boss", "boss@example.org", "pw")
    clerk = factories.user("clerk", perms=False)
    clerk.user_permissions.add(*factories.Permission.objects.filter(codename="view_paperlesstask"))
    response = browser_for(clerk).get("/documents/")
    assert response.status_code == 403
    assert "documents.view_document" in text_of(response) and "boss@example.org" in text_of(response)


def test_the_liveness_probe_answers_without_signing_in(client: Any) -> None:
    """GIVEN nobody signed in
    WHEN /healthz is asked
    THEN it answers 200 with status ok (paperkeep serve waits for it)."""
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["status"] == "ok"
