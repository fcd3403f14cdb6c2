"""Filters by Paperless names <-> saved-view rules by Paperless numbers: the two must mean the same."""

from __future__ import annotations

from paperkeep.web import filtervars
from paperkeep.web.listing import ListState


def test_list_filters_become_one_rule_per_id_and_back() -> None:
    """GIVEN filter pairs with a list of tags, a date and a search
    WHEN they are stored as rules and read back
    THEN each tag is its own rule (Paperless's form) and reading them back gives the same pairs."""
    pairs = [("tags__id__all", "3,5"), ("created__date__gte", "2024-01-01"), ("query", "invoice")]
    rules = filtervars.to_rules(pairs)
    assert rules == [{"rule_type": 6, "value": "3"}, {"rule_type": 6, "value": "5"},
                     {"rule_type": 44, "value": "2024-01-01"}, {"rule_type": 20, "value": "invoice"}]
    assert sorted(filtervars.from_rules((r["rule_type"], r["value"]) for r in rules)) == sorted(pairs)


def test_a_null_correspondent_rule_means_not_assigned() -> None:
    """GIVEN Paperless's rule 3 (correspondent is) with a null value, and an unknown rule number
    WHEN the rules are read
    THEN the first becomes correspondent__isnull and the unknown one is ignored."""
    assert filtervars.from_rules([(3, None), (99, "x")]) == [("correspondent__isnull", "1")]


def test_the_form_state_survives_a_round_trip_through_rules() -> None:
    """GIVEN a documents-page state with tags (any), an excluded correspondent, a created range and owner = me
    WHEN it is turned into rules and the state is rebuilt from them
    THEN the form fields come back the same and nothing is left over."""
    from django.http import QueryDict

    state = ListState.from_params(QueryDict("tag=1&tag=2&tag_mode=any&correspondent=7&correspondent_mode=none"
                                            "&created_from=2024-01-01&created_to=2024-02-01&owner=me&inbox=1"))
    rules = state.saved_view_fields(user_id=9)["rules"]
    back = ListState.from_pairs(filtervars.from_rules((r["rule_type"], r["value"]) for r in rules), 9)
    assert (back.tags, back.tag_mode, back.objects, back.modes, back.owner, back.inbox, back.extra) == (
        (1, 2), "any", {"correspondent": (7,)}, {"correspondent": "none"}, "me", True, ())
    assert (back.created_from, back.created_to) == (state.created_from, state.created_to)
