"""Paperless-ngx's API conventions: versions, headers, envelope, pagination, authentication (§2.1, §2.12)."""

from __future__ import annotations

import base64

import pytest
from django.test import Client
from rest_framework.test import APIClient

from paperkeep import PAPERLESS_COMPAT_VERSION
from tests.api import factories
from tests.api.conftest import ClientFor


@pytest.fixture
def thirty_tags(cast: factories.People) -> None:
    from paperkeep.documents.actions.objects import create_object
    from paperkeep.documents.models import Tag

    for n in range(30):
        create_object(Tag, name=f"tag {n:02}")


def test_unauthenticated_request_is_401_with_token_challenge(db: None) -> None:
    """GIVEN no credentials WHEN listing documents' neighbours (tags) THEN 401 with `WWW-Authenticate: Token`."""
    response = APIClient().get("/api/tags/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_basic_auth_is_accepted(cast: factories.People) -> None:
    """GIVEN HTTP Basic credentials WHEN listing tags THEN 200."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Basic " + base64.b64encode(b"alice:password").decode())
    assert client.get("/api/tags/").status_code == 200


def test_wrong_basic_auth_is_challenged_with_basic(cast: factories.People) -> None:
    """GIVEN a wrong Basic password WHEN requesting THEN 401 whose challenge is Basic."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Basic " + base64.b64encode(b"alice:wrong").decode())
    response = client.get("/api/tags/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Basic")


def test_session_auth_needs_csrf_for_writes(cast: factories.People) -> None:
    """GIVEN a logged-in browser session WHEN posting without and with the CSRF token THEN 403, then 201."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.owner)
    assert client.get("/api/tags/").status_code == 200
    assert client.post("/api/tags/", {"name": "x"}, content_type="application/json").status_code == 403
    client.get("/admin/login/")  # any page that sets the CSRF cookie
    from django.middleware.csrf import _get_new_csrf_string, _mask_cipher_secret

    secret = _get_new_csrf_string()
    client.cookies["csrftoken"] = secret
    response = client.post(
        "/api/tags/", {"name": "x"}, content_type="application/json", HTTP_X_CSRFTOKEN=_mask_cipher_secret(secret)
    )
    assert response.status_code == 201


def test_version_above_10_is_not_acceptable(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN `Accept: application/json; version=11` WHEN requesting THEN 406."""
    assert client_for(cast.owner, 11).get("/api/tags/").status_code == 406


def test_version_9_list_has_all_ids(cast: factories.People, client_for: ClientFor, thirty_tags: None) -> None:
    """GIVEN 30 tags WHEN listing with version 9 THEN `all` holds all 30 ids, in order before `results`."""
    body = client_for(cast.owner, 9).get("/api/tags/").json()
    assert list(body)[:5] == ["count", "next", "previous", "all", "results"]
    assert len(body["all"]) == 30


def test_version_10_list_has_no_all(cast: factories.People, client_for: ClientFor, thirty_tags: None) -> None:
    """GIVEN tags WHEN listing with version 10 THEN the envelope is count, next, previous, results."""
    body = client_for(cast.owner, 10).get("/api/tags/").json()
    assert list(body)[:4] == ["count", "next", "previous", "results"]
    assert "all" not in body


def test_old_versions_are_answered_in_version_9_shapes(
    cast: factories.People, client_for: ClientFor, thirty_tags: None
) -> None:
    """GIVEN a client sending version=2 (pypaperless 3.1.15) WHEN listing THEN 200 with the v9 `all` list."""
    response = client_for(cast.owner, 2).get("/api/tags/")
    assert response.status_code == 200
    assert len(response.json()["all"]) == 30


def test_no_version_means_version_10(cast: factories.People, client_for: ClientFor, thirty_tags: None) -> None:
    """GIVEN no version in Accept WHEN listing THEN the version-10 envelope (no `all`)."""
    assert "all" not in client_for(cast.owner, None).get("/api/tags/").json()


def test_version_headers_on_authenticated_responses(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN an authenticated request WHEN answered THEN X-Api-Version is 10 and X-Version the Paperless version."""
    response = client_for(cast.owner).get("/api/tags/")
    assert response["X-Api-Version"] == "10"
    assert response["X-Version"] == PAPERLESS_COMPAT_VERSION


def test_no_version_headers_for_anonymous(db: None) -> None:
    """GIVEN no credentials WHEN answered THEN no version headers are sent."""
    response = APIClient().get("/api/tags/")
    assert "X-Api-Version" not in response


def test_page_size_defaults_to_25(cast: factories.People, client_for: ClientFor, thirty_tags: None) -> None:
    """GIVEN 30 tags WHEN listing THEN 25 results, a next link and count 30."""
    body = client_for(cast.owner).get("/api/tags/").json()
    assert (body["count"], len(body["results"]), body["previous"]) == (30, 25, None)
    assert "page=2" in body["next"]


def test_page_size_parameter(cast: factories.People, client_for: ClientFor, thirty_tags: None) -> None:
    """GIVEN 30 tags WHEN asking page 2 with page_size=20 THEN the last 10."""
    body = client_for(cast.owner).get("/api/tags/?page=2&page_size=20").json()
    assert len(body["results"]) == 10
    assert body["next"] is None


def test_page_out_of_range_is_404(cast: factories.People, client_for: ClientFor, thirty_tags: None) -> None:
    """GIVEN 30 tags WHEN asking page 9 THEN 404."""
    assert client_for(cast.owner).get("/api/tags/?page=9").status_code == 404


def test_api_root_lists_resources(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a program asking /api/ for JSON WHEN answered THEN the resource names map to URLs."""
    body = client_for(cast.owner).get("/api/").json()
    assert {"tags", "correspondents", "document_types", "storage_paths"} <= set(body)


def test_api_root_redirects_browsers_to_the_schema_view(db: None) -> None:
    """GIVEN a browser WHEN opening /api/ THEN it is redirected to schema/view/."""
    response = Client().get("/api/", HTTP_ACCEPT="text/html,application/xhtml+xml")
    assert response.status_code == 302
    assert response["Location"] == "schema/view/"


def test_schema_is_openapi(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN an authenticated user WHEN fetching /api/schema/?format=json THEN an OpenAPI 3 document listing tags."""
    response = client_for(cast.owner, None).get("/api/schema/?format=json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/tags/" in schema["paths"]
    detail = schema["paths"]["/api/documents/{id}/"]
    assert {"get", "put", "patch", "delete"} <= set(detail)
    assert detail["get"]["operationId"] and "200" in detail["get"]["responses"]
    assert "UserRequest" in schema["components"]["schemas"]


def test_schema_view_is_html(cast: factories.People) -> None:
    """GIVEN a logged-in browser WHEN opening /api/schema/view/ THEN the Swagger page."""
    client = Client()
    client.force_login(cast.owner)
    response = client.get("/api/schema/view/")
    assert response.status_code == 200
    assert b"swagger" in response.content.lower()
