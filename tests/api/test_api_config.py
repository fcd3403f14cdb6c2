"""`/api/config/`: the application configuration's shape, its input rules, and who may read or change it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User

from paperkeep.documents.appconfig import app_config
from paperkeep.documents.models import ApplicationConfiguration
from tests.api.conftest import ClientFor

pytestmark = pytest.mark.django_db

URL = "/api/config/"
DETAIL = "/api/config/1/"
# Paperless-ngx's order: DRF puts the id, then the explicitly declared fields, then the model's other fields.
FIELDS = [
    "id", "user_args", "barcode_tag_mapping", "llm_api_key", "output_type", "pages", "language", "mode",
    "archive_file_generation", "image_dpi", "unpaper_clean", "deskew", "rotate_pages", "rotate_pages_threshold",
    "max_image_pixels", "color_conversion_strategy", "app_title", "app_logo", "barcodes_enabled",
    "barcode_enable_tiff_support", "barcode_string", "barcode_retain_split_pages", "barcode_enable_asn",
    "barcode_asn_prefix", "barcode_upscale", "barcode_dpi", "barcode_max_pages", "barcode_enable_tag",
    "barcode_tag_split", "ai_enabled", "llm_embedding_backend", "llm_embedding_model", "llm_embedding_endpoint",
    "llm_embedding_chunk_size", "llm_context_size", "llm_backend", "llm_model", "llm_endpoint", "llm_output_language",
    "llm_request_timeout",
]  # fmt: skip


@pytest.fixture
def admin(db: None) -> User:
    return User.objects.create_superuser("root", "root@example.org", "password")


def test_the_list_is_the_one_configuration_with_every_field_null(admin: User, client_for: ClientFor) -> None:
    """GIVEN a new installation
    WHEN a superuser lists /api/config/
    THEN the answer is an unpaginated list of one object with id 1, Paperless's fields in its order, all null
    except ai_enabled (false)."""
    response = client_for(admin).get(URL)
    assert response.status_code == 200
    body = response.json()
    assert isinstance(body, list) and len(body) == 1
    assert list(body[0]) == FIELDS
    assert body[0]["id"] == 1 and body[0]["ai_enabled"] is False
    assert {name for name, value in body[0].items() if value is not None} == {"id", "ai_enabled"}


def test_the_list_recreates_a_missing_row(admin: User, client_for: ClientFor) -> None:
    """GIVEN the configuration row was deleted (a flush or a partial restore)
    WHEN the list is read
    THEN it still holds the one configuration, all null."""
    ApplicationConfiguration.objects.all().delete()
    body = client_for(admin).get(URL).json()
    assert [item["id"] for item in body] == [1] and body[0]["mode"] is None


def test_patch_changes_only_the_given_field(admin: User, client_for: ClientFor) -> None:
    """GIVEN a stored OCR language
    WHEN the colour strategy is PATCHed
    THEN the strategy is stored, the language kept, and the answer is the whole object."""
    row = app_config()
    row.language = "deu"
    row.save()
    response = client_for(admin).patch(DETAIL, {"color_conversion_strategy": "Gray"}, format="json")
    assert response.status_code == 200
    row.refresh_from_db()
    assert (row.color_conversion_strategy, row.language) == ("Gray", "deu")
    assert response.json()["color_conversion_strategy"] == "Gray" and list(response.json()) == FIELDS


def test_put_of_the_read_object_round_trips(admin: User, client_for: ClientFor) -> None:
    """GIVEN a configuration with values in each family
    WHEN a client PUTs back exactly what it read
    THEN the answer is 200 and equals what it sent."""
    client = client_for(admin)
    client.patch(DETAIL, {"mode": "redo", "pages": 3, "deskew": False, "user_args": '{"jbig2_lossy": true}',
                          "barcode_tag_mapping": '{"TAG:(.*)": "\\\\g<1>"}', "app_title": "Archive",
                          "llm_api_key": "secret-key", "ai_enabled": True}, format="json")  # fmt: skip
    read = client.get(DETAIL).json()
    response = client.put(DETAIL, read, format="json")
    assert response.status_code == 200
    assert response.json() == read
    assert app_config().llm_api_key == "secret-key"


def test_json_fields_are_written_out_as_json_text(admin: User, client_for: ClientFor) -> None:
    """GIVEN user_args sent as a JSON object (or as JSON text)
    WHEN the configuration is read back
    THEN user_args is stored as the object and shown as JSON text, as Paperless-ngx shows it."""
    client = client_for(admin)
    assert client.patch(DETAIL, {"user_args": {"jbig2_lossy": True}}, format="json").status_code == 200
    assert app_config().user_args == {"jbig2_lossy": True}
    assert client.get(DETAIL).json()["user_args"] == '{"jbig2_lossy": true}'
    client.patch(DETAIL, {"user_args": '{"optimize": 2}'}, format="json")
    assert app_config().user_args == {"optimize": 2}


def test_empty_strings_mean_null(admin: User, client_for: ClientFor) -> None:
    """GIVEN stored user_args, language and tag mapping
    WHEN each is PATCHed with ""
    THEN each is null again."""
    row = app_config()
    row.user_args, row.language, row.barcode_tag_mapping = {"a": 1}, "deu", {"x": "y"}
    row.save()
    response = client_for(admin).patch(
        DETAIL, {"user_args": "", "language": "", "barcode_tag_mapping": ""}, format="json"
    )
    assert response.status_code == 200
    row.refresh_from_db()
    assert (row.user_args, row.language, row.barcode_tag_mapping) == (None, None, None)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("mode", "sometimes", '"sometimes" is not a valid choice.'),
        ("output_type", "pdfx", '"pdfx" is not a valid choice.'),
        ("pages", 0, "Ensure this value is greater than or equal to 1."),
        ("image_dpi", -5, "Ensure this value is greater than or equal to 1."),
        ("rotate_pages_threshold", -1, "Ensure this value is greater than or equal to 0.0."),
        ("barcode_upscale", 0.5, "Ensure this value is greater than or equal to 1.0."),
        ("user_args", "{not json", "Value must be valid JSON."),
        ("user_args", "[1, 2]", "Must be a JSON object."),
        ("app_title", "x" * 49, "Ensure this field has no more than 48 characters."),
        ("llm_endpoint", "ftp://example.org",
         "Invalid LLM endpoint: Invalid URL scheme or hostname., see logs for details"),
    ],
)  # fmt: skip
def test_invalid_values_are_refused_per_field(
    admin: User, client_for: ClientFor, field: str, value: object, message: str
) -> None:
    """GIVEN a value outside a field's rules
    WHEN it is PATCHed
    THEN the answer is 400 `{field: [message]}` and nothing is stored."""
    response = client_for(admin).patch(DETAIL, {field: value}, format="json")
    assert response.status_code == 400
    assert response.json() == {field: [message]}
    assert getattr(app_config(), field) in (None, False)


def test_the_llm_api_key_is_shown_obfuscated_and_kept_when_sent_back(admin: User, client_for: ClientFor) -> None:
    """GIVEN a stored LLM API key
    WHEN it is read, then PATCHed with asterisks, then with ""
    THEN it reads as asterisks, the asterisks keep it, and "" clears it."""
    row = app_config()
    row.llm_api_key = "1234567890abcd"
    row.save()
    client = client_for(admin)
    assert client.get(DETAIL).json()["llm_api_key"] == "*" * 14
    client.patch(DETAIL, {"llm_api_key": "*" * 32}, format="json")
    assert app_config().llm_api_key == "1234567890abcd"
    client.patch(DETAIL, {"llm_api_key": ""}, format="json")
    assert app_config().llm_api_key is None


def test_post_is_not_allowed_and_creates_nothing(admin: User, client_for: ClientFor) -> None:
    """GIVEN the configuration
    WHEN a superuser POSTs to the list
    THEN the answer is 405 and there is still one row."""
    response = client_for(admin).post(URL, {"output_type": "pdf"}, format="json")
    assert response.status_code == 405
    assert ApplicationConfiguration.objects.count() == 1


def test_delete_is_not_allowed(admin: User, client_for: ClientFor) -> None:
    """GIVEN the configuration
    WHEN a superuser DELETEs it
    THEN the answer is 405 and the row stays."""
    app_config()
    assert client_for(admin).delete(DETAIL).status_code == 405
    assert ApplicationConfiguration.objects.filter(pk=1).exists()


def test_a_user_with_view_permission_reads_but_cannot_change(
    make_user: Callable[..., User], client_for: ClientFor
) -> None:
    """GIVEN a user holding only view_applicationconfiguration
    WHEN they read and then PATCH the configuration
    THEN the read answers 200 and the PATCH 403, leaving the value unchanged."""
    user = make_user("viewer", perms=("documents.view_applicationconfiguration",))
    client = client_for(user)
    assert client.get(URL).status_code == 200
    assert client.get(DETAIL).status_code == 200
    assert client.patch(DETAIL, {"app_title": "Mine"}, format="json").status_code == 403
    assert app_config().app_title is None


def test_a_user_with_change_permission_changes_it(make_user: Callable[..., User], client_for: ClientFor) -> None:
    """GIVEN a user holding view and change_applicationconfiguration (not superuser)
    WHEN they PATCH the title
    THEN the answer is 200 and the title is stored."""
    user = make_user(
        "editor", perms=("documents.view_applicationconfiguration", "documents.change_applicationconfiguration")
    )
    assert client_for(user).patch(DETAIL, {"app_title": "Team archive"}, format="json").status_code == 200
    assert app_config().app_title == "Team archive"


def test_a_user_without_the_permission_is_refused(make_user: Callable[..., User], client_for: ClientFor) -> None:
    """GIVEN a user with every document permission but none on the configuration
    WHEN they read or change it
    THEN each answer is 403."""
    user = make_user("plain", perms=("documents.view_document", "documents.change_document"))
    client = client_for(user)
    assert client.get(URL).status_code == 403
    assert client.get(DETAIL).status_code == 403
    assert client.patch(DETAIL, {"app_title": "x"}, format="json").status_code == 403


def test_anonymous_requests_are_unauthorised(db: None) -> None:
    """GIVEN no credentials
    WHEN the configuration is read
    THEN the answer is 401."""
    from rest_framework.test import APIClient

    assert APIClient().get(URL).status_code == 401


def test_user_args_that_name_files_or_code_are_refused(admin: User, client_for: ClientFor) -> None:
    """GIVEN a user who may change the stored configuration (not necessarily the operator)
    WHEN they set OCRmyPDF user_args that load a plugin or write a sidecar file anywhere
    THEN 400 naming the refused options, nothing stored; a row stored before (e.g. by an older version) loses
         those keys when the parse options are built, and keeps its harmless ones."""
    from paperkeep.documents.appconfig import parse_options, update_app_config

    client = client_for(admin)
    response = client.patch(DETAIL, {"user_args": {"plugins": ["/tmp/x.py"], "sidecar": "/etc/x", "optimize": 1}},
                            format="json")  # fmt: skip
    assert response.status_code == 400
    assert "plugins, sidecar" in str(response.json()["user_args"])
    assert app_config().user_args is None
    update_app_config(app_config(), {"user_args": {"plugins": ["/tmp/x.py"], "optimize": 1}})
    assert dict(parse_options().user_args) == {"optimize": 1}
