"""`GET /api/documents/{id}/history/`: audit log entries in Paperless-ngx's shape, its permission rules."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Permission

from paperkeep.documents.models import DocumentHistory
from tests.api import factories
from tests.api.conftest import ClientFor
from tests.conftest import ConfigOverride, Dirs


def test_patch_is_listed_with_changes_and_actor(
    cast: factories.People, client_for: ClientFor, paperkeep_dirs: Dirs
) -> None:
    """GIVEN alice's document WHEN she patches its title through the API
    THEN its history lists an "update" with [old, new] and alice as the actor."""
    doc = factories.document(owner=cast.owner, title="Old")
    client = client_for(cast.owner)
    assert client.patch(f"/api/documents/{doc.pk}/", {"title": "New"}, format="json").status_code == 200
    [entry] = client.get(f"/api/documents/{doc.pk}/history/").json()
    assert entry["action"] == "update"
    assert entry["changes"] == {"title": ["Old", "New"]}
    assert entry["actor"] == {"id": cast.owner.pk, "username": cast.owner.username}
    assert set(entry) == {"id", "timestamp", "action", "changes", "actor"}


def test_hidden_document_is_404(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN alice's private document WHEN dave asks for its history THEN 404."""
    doc = factories.document(owner=cast.owner)
    assert client_for(cast.stranger).get(f"/api/documents/{doc.pk}/history/").status_code == 404


def test_viewer_who_is_not_the_owner_is_forbidden(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN alice's document shared with bob WHEN bob asks for its history THEN 403 (owner only, as Paperless)."""
    doc = factories.document(owner=cast.owner)
    factories.share(doc, cast, change=True)
    assert client_for(cast.granted).get(f"/api/documents/{doc.pk}/history/").status_code == 403


def test_superuser_reads_anyones_history(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN alice's document WHEN root asks for its history THEN 200."""
    doc = factories.document(owner=cast.owner)
    assert client_for(cast.admin).get(f"/api/documents/{doc.pk}/history/").status_code == 200


def test_owner_without_view_logentry_is_forbidden(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN alice lacks the view_logentry permission WHEN she asks for her document's history THEN 403."""
    doc = factories.document(owner=cast.owner)
    cast.owner.user_permissions.remove(
        Permission.objects.get(content_type__app_label="documents", codename="view_logentry")
    )
    assert client_for(cast.owner).get(f"/api/documents/{doc.pk}/history/").status_code == 403


def test_disabled_audit_log_answers_400_and_records_nothing(
    cast: factories.People, client_for: ClientFor, override_config: ConfigOverride, paperkeep_dirs: Dirs
) -> None:
    """GIVEN PAPERLESS_AUDIT_LOG_ENABLED=false WHEN alice patches her document and asks for its history
    THEN 400 "Audit log is disabled" and no entry was written."""
    override_config("core", audit_log_enabled=False)
    doc = factories.document(owner=cast.owner, title="Old")
    client = client_for(cast.owner)
    client.patch(f"/api/documents/{doc.pk}/", {"title": "New"}, format="json")
    response = client.get(f"/api/documents/{doc.pk}/history/")
    assert (response.status_code, response.content) == (400, b"Audit log is disabled")
    assert not DocumentHistory.objects.exists()


def test_ui_settings_report_the_audit_log_setting(
    cast: factories.People, client_for: ClientFor, override_config: ConfigOverride
) -> None:
    """GIVEN the audit log on, then off WHEN ui_settings are read THEN auditlog_enabled follows the setting."""
    client = client_for(cast.owner)
    enabled: Any = client.get("/api/ui_settings/").json()["settings"]["auditlog_enabled"]
    override_config("core", audit_log_enabled=False)
    disabled: Any = client.get("/api/ui_settings/").json()["settings"]["auditlog_enabled"]
    assert (enabled, disabled) == (True, False)
