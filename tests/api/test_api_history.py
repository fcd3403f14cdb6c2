"""`GET /api/documents/{id}/history/`: audit log entries in Paperless-ngx's shape, its permission rules."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth.models import Permission

from paperkeep.documents.actions.objects import create_object
from paperkeep.documents.models import Correspondent, CustomField, DocumentHistory
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


def _entries(client: Any, doc_id: int) -> list[dict[str, Any]]:
    response = client.get(f"/api/documents/{doc_id}/history/")
    assert response.status_code == 200
    entries: list[dict[str, Any]] = response.json()
    return entries


def test_content_edit_is_recorded(cast: factories.People, client_for: ClientFor, paperkeep_dirs: Dirs) -> None:
    """GIVEN alice's document WHEN she patches its content THEN the history shows content [old, new]
    (Paperless-ngx's audit log tracks every document field but content_length and modified)."""
    doc = factories.document(owner=cast.owner, content="old text")
    client = client_for(cast.owner)
    assert client.patch(f"/api/documents/{doc.pk}/", {"content": "new text"}, format="json").status_code == 200
    [entry] = _entries(client, doc.pk)
    assert entry["changes"] == {"content": ["old text", "new text"]}


def test_first_custom_field_value_is_a_create_entry(
    cast: factories.People, client_for: ClientFor, paperkeep_dirs: Dirs
) -> None:
    """GIVEN a string custom field WHEN alice sets it on her document and then changes it
    THEN the history shows a "create" entry, then an "update" one, each naming the field and value."""
    field = CustomField.objects.create(name="Ref", data_type="string")
    doc = factories.document(owner=cast.owner)
    client = client_for(cast.owner)
    for value in ("A-1", "A-2"):
        body = {"custom_fields": [{"field": field.pk, "value": value}]}
        assert client.patch(f"/api/documents/{doc.pk}/", body, format="json").status_code == 200
    newest, oldest = _entries(client, doc.pk)
    assert (oldest["action"], newest["action"]) == ("create", "update")
    assert newest["changes"] == {"custom_fields": {"type": "custom_field", "field": "Ref", "value": "A-2"}}


def test_select_custom_field_shows_the_option_label(
    cast: factories.People, client_for: ClientFor, paperkeep_dirs: Dirs
) -> None:
    """GIVEN a select custom field WHEN alice picks an option on her document THEN the entry shows its label."""
    options = [{"id": "opt-a", "label": "Paid"}, {"id": "opt-b", "label": "Open"}]
    field = CustomField.objects.create(name="State", data_type="select", extra_data={"select_options": options})
    doc = factories.document(owner=cast.owner)
    client = client_for(cast.owner)
    body = {"custom_fields": [{"field": field.pk, "value": "opt-b"}]}
    assert client.patch(f"/api/documents/{doc.pk}/", body, format="json").status_code == 200
    [entry] = _entries(client, doc.pk)
    assert entry["changes"]["custom_fields"]["value"] == "Open"


def test_trash_and_restore_times_are_naive_utc(
    cast: factories.People, client_for: ClientFor, paperkeep_dirs: Dirs
) -> None:
    """GIVEN alice's document WHEN she trashes and restores it THEN the entries hold deleted_at and restored_at
    as django-auditlog writes date-times (naive UTC, no offset)."""
    doc = factories.document(owner=cast.owner)
    client = client_for(cast.owner)
    assert client.delete(f"/api/documents/{doc.pk}/").status_code == 204
    assert client.post("/api/trash/", {"documents": [doc.pk], "action": "restore"}, format="json").status_code == 200
    restored, trashed = _entries(client, doc.pk)
    naive = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?$")
    assert trashed["changes"]["deleted_at"][0] == "None" and naive.match(trashed["changes"]["deleted_at"][1])
    assert restored["changes"]["deleted_at"] == [trashed["changes"]["deleted_at"][1], "None"]
    assert restored["changes"]["restored_at"][0] == "None" and naive.match(restored["changes"]["restored_at"][1])


def test_bulk_set_correspondent_is_recorded(
    cast: factories.People, client_for: ClientFor, paperkeep_dirs: Dirs
) -> None:
    """GIVEN two of alice's documents WHEN she bulk-sets a correspondent THEN each history shows it with her name."""
    acme = create_object(Correspondent, name="ACME")
    docs = [factories.document(owner=cast.owner), factories.document(owner=cast.owner)]
    client = client_for(cast.owner)
    payload = {
        "documents": [d.pk for d in docs],
        "method": "set_correspondent",
        "parameters": {"correspondent": acme.pk},
    }
    assert client.post("/api/documents/bulk_edit/", payload, format="json").status_code == 200
    for doc in docs:
        [entry] = _entries(client, doc.pk)
        assert entry["changes"] == {"correspondent": ["None", str(acme.pk)]}
        assert entry["actor"] == {"id": cast.owner.pk, "username": cast.owner.username}


def test_notes_are_logged_by_id_as_paperless_does(
    cast: factories.People, client_for: ClientFor, paperkeep_dirs: Dirs
) -> None:
    """GIVEN alice's document WHEN she adds a note and deletes it THEN the history holds "Note Added" and
    "Note Deleted" entries with the note's id (not its text), each by her."""
    doc = factories.document(owner=cast.owner)
    client = client_for(cast.owner)
    [note] = client.post(f"/api/documents/{doc.pk}/notes/", {"note": "secret text"}, format="json").json()
    assert client.delete(f"/api/documents/{doc.pk}/notes/?id={note['id']}").status_code == 200
    deleted, added = _entries(client, doc.pk)
    assert (added["action"], added["changes"]) == ("update", {"Note Added": ["None", note["id"]]})
    assert (deleted["action"], deleted["changes"]) == ("update", {"Note Deleted": [note["id"], "None"]})
    assert deleted["actor"] == {"id": cast.owner.pk, "username": cast.owner.username}
