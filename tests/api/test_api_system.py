"""`/api/statistics/`, `/api/ui_settings/`, `/api/status/`, `/api/remote_version/` (§2.9, §2.12)."""

from __future__ import annotations

from paperkeep.documents.actions.objects import create_object
from paperkeep.documents.models import Tag
from tests.api import factories
from tests.api.conftest import ClientFor


def test_statistics_keys_and_counts(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN an inbox tag on one of two documents WHEN reading statistics THEN Paperless's keys and counts."""
    inbox = create_object(Tag, name="inbox", is_inbox_tag=True)
    factories.document(tags=[inbox], content="12345")
    factories.document(archive_serial_number=41)
    body = client_for(cast.owner).get("/api/statistics/").json()
    assert list(body) == [
        "documents_total", "documents_inbox", "inbox_tag", "inbox_tags", "document_file_type_counts",
        "character_count", "tag_count", "correspondent_count", "document_type_count", "storage_path_count",
        "current_asn",
    ]  # fmt: skip
    assert (body["documents_total"], body["documents_inbox"], body["inbox_tags"]) == (2, 1, [inbox.pk])
    assert body["document_file_type_counts"] == [{"mime_type": "application/pdf", "mime_type_count": 2}]
    assert (body["character_count"], body["current_asn"]) == (5, 41)


def test_statistics_count_only_what_the_user_sees(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN alice's private document and tag WHEN dave reads statistics THEN neither is counted."""
    create_object(Tag, name="secret", owner_id=cast.owner.pk)
    factories.document(owner=cast.owner)
    factories.document()
    body = client_for(cast.stranger).get("/api/statistics/").json()
    assert (body["documents_total"], body["tag_count"]) == (1, 0)
    assert client_for(cast.admin).get("/api/statistics/").json()["documents_total"] == 2


def test_global_statistics_permission(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN dave with view_global_statistics WHEN reading statistics THEN the whole library is counted."""
    from django.contrib.auth.models import Permission

    factories.document(owner=cast.owner)
    cast.stranger.user_permissions.add(Permission.objects.get(codename="view_global_statistics"))
    assert client_for(cast.stranger).get("/api/statistics/").json()["documents_total"] == 1


def test_ui_settings_shape_and_round_trip(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN alice WHEN she stores UI settings THEN they come back with the server's keys and her permissions."""
    client = client_for(cast.owner)
    assert client.post("/api/ui_settings/", {"settings": {"dark_mode": {"enabled": True}}}, format="json").json() == {
        "success": True
    }
    body = client.get("/api/ui_settings/").json()
    assert list(body) == ["user", "settings", "permissions"]
    assert body["user"] == {"id": cast.owner.pk, "username": "alice", "is_staff": False, "is_superuser": False,
                            "groups": []}  # fmt: skip
    assert body["settings"]["dark_mode"] == {"enabled": True}
    for key in ("update_checking", "trash_delay", "version", "app_title", "app_logo", "auditlog_enabled",
                "email_enabled", "ai_enabled"):  # fmt: skip
        assert key in body["settings"]
    assert "view_document" in body["permissions"]


def test_status_for_admins_only(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a plain user and the admin WHEN reading /api/status/ THEN 403 and Paperless's shape."""
    assert client_for(cast.owner).get("/api/status/").status_code == 403
    body = client_for(cast.admin).get("/api/status/").json()
    assert list(body) == ["pngx_version", "server_os", "install_type", "storage", "database", "tasks"]
    assert body["database"]["status"] == "OK"
    assert body["database"]["migration_status"]["unapplied_migrations"] == []
    assert body["tasks"]["summary"]["days"] == 30


def test_remote_version_without_network(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN no update check WHEN asking remote_version THEN Paperless's answer for a failed check."""
    body = client_for(cast.owner).get("/api/remote_version/").json()
    assert body == {"version": "0.0.0", "update_available": False}


def test_ui_settings_show_the_stored_application_title(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN no title, then a title stored through /api/config/
    WHEN /api/ui_settings/ is read
    THEN app_title is null first, then the stored one (it wins over PAPERLESS_APP_TITLE, as in Paperless-ngx)."""
    from paperkeep.documents.appconfig import app_config, update_app_config

    client = client_for(cast.owner)
    assert client.get("/api/ui_settings/").json()["settings"]["app_title"] is None
    update_app_config(app_config(), {"app_title": "Family archive"})
    assert client.get("/api/ui_settings/").json()["settings"]["app_title"] == "Family archive"
