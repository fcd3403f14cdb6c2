"""`/api/saved_views/`: rules, display fields, v9 dashboard/sidebar flags, visibility."""

from __future__ import annotations

from tests.api import factories
from tests.api.conftest import ClientFor

VIEW = {
    "name": "Inbox",
    "sort_field": "created",
    "sort_reverse": True,
    "filter_rules": [{"rule_type": 6, "value": "1"}],
}


def test_create_and_read(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a saved view WHEN created THEN it reads back with its rules, owned by its creator."""
    client = client_for(cast.owner)
    created = client.post("/api/saved_views/", VIEW, format="json").json()
    body = client.get(f"/api/saved_views/{created['id']}/").json()
    assert body["filter_rules"] == [{"rule_type": 6, "value": "1"}]
    assert (body["owner"], body["sort_reverse"]) == (cast.owner.pk, True)
    assert "show_on_dashboard" not in body


def test_other_users_do_not_see_private_views(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN alice's view WHEN dave lists saved views THEN it is absent, and its detail is 404."""
    created = client_for(cast.owner).post("/api/saved_views/", VIEW, format="json").json()
    client = client_for(cast.stranger)
    assert client.get("/api/saved_views/").json()["count"] == 0
    assert client.get(f"/api/saved_views/{created['id']}/").status_code == 404


def test_v9_visibility_flags_round_trip(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a v9 client WHEN creating a view with show_on_dashboard THEN it reads back true (stored in ui settings)."""
    client = client_for(cast.owner, 9)
    created = client.post("/api/saved_views/", {**VIEW, "show_on_dashboard": True}, format="json").json()
    assert created["show_on_dashboard"] is True
    assert created["show_in_sidebar"] is False
    settings = client_for(cast.owner).get("/api/ui_settings/").json()["settings"]
    assert settings["saved_views"]["dashboard_views_visible_ids"] == [created["id"]]


def test_rules_are_replaced_on_update(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a view WHEN patched with new rules THEN only the new rules remain."""
    client = client_for(cast.owner)
    created = client.post("/api/saved_views/", VIEW, format="json").json()
    body = client.patch(
        f"/api/saved_views/{created['id']}/", {"filter_rules": [{"rule_type": 0, "value": "bill"}]}, format="json"
    ).json()
    assert body["filter_rules"] == [{"rule_type": 0, "value": "bill"}]


def test_invalid_display_field_is_refused(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN an unknown display field WHEN creating THEN 400."""
    response = client_for(cast.owner).post("/api/saved_views/", {**VIEW, "display_fields": ["bogus"]}, format="json")
    assert response.status_code == 400


def test_unknown_rule_type_is_not_a_valid_choice(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a filter rule of type 99 WHEN creating a saved view THEN 400 with DRF's choice message
    (Paperless-ngx's rule_type is a choice field), and a rule type sent as a string is accepted as its number."""
    client = client_for(cast.owner)
    bad = {"name": "v", "filter_rules": [{"rule_type": 99, "value": "x"}]}
    response = client.post("/api/saved_views/", bad, format="json")
    assert response.status_code == 400
    assert "rule_type" in str(response.json()) and '\\"99\\" is not a valid choice.' in response.content.decode()
    good = client.post(
        "/api/saved_views/", {"name": "v", "filter_rules": [{"rule_type": "6", "value": "1"}]}, format="json"
    )
    assert good.json()["filter_rules"] == [{"rule_type": 6, "value": "1"}]


def test_errors_of_filter_rules_come_as_a_list_per_rule(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a saved view with a good rule then a bad one WHEN it is created
    THEN the errors come as a list, one entry per rule (an empty one for the good rule), as Paperless-ngx answers."""
    rules = [{"rule_type": 6, "value": "1"}, {"rule_type": 99, "value": "x"}]
    response = client_for(cast.owner).post("/api/saved_views/", {"name": "v", "filter_rules": rules}, format="json")
    assert response.status_code == 400
    errors = response.json()["filter_rules"]
    assert isinstance(errors, list) and len(errors) == 2
    assert errors[0] == {} and "rule_type" in errors[1]
