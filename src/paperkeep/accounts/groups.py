"""Group sync from the provider's groups claim: map values to local groups (optionally creating them), grant
and take back staff and superuser, and take back only what sync itself granted."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from paperkeep.accounts.conf import auth
from paperkeep.accounts.models import GroupSyncState
from paperkeep.accounts.permissions import forget_cached_permissions

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SyncResult:
    """What one sync changed."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()  # groups named by the claim that do not exist here (and were not created)
    staff: bool | None = None  # the new is_staff when sync changed it
    superuser: bool | None = None
    kept_last_superuser: bool = False


def claim_values(value: Any) -> list[str] | None:
    """Return the claim as a list of names: a list of strings, or one string; None when absent or unusable."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [str(item) for item in value if isinstance(item, str | int)]
    return None


def local_group_names(values: Iterable[str]) -> list[str]:
    """Map claim values to local group names through PAPERLESS_SOCIAL_ACCOUNT_GROUP_MAP (by name otherwise)."""
    mapping = auth().group_map
    names: list[str] = []
    for value in values:
        for name in mapping.get(value, (value,)):
            if name not in names:
                names.append(name)
    return names


def _groups(names: list[str]) -> tuple[list[Group], list[str]]:
    existing = {group.name: group for group in Group.objects.filter(name__in=names)}
    missing = [name for name in names if name not in existing]
    if missing and auth().sync_groups_create:
        for name in missing:
            existing[name] = Group.objects.get_or_create(name=name)[0]
        logger.info("Created groups %s from the provider's groups claim", ", ".join(missing))
        missing = []
    return [existing[name] for name in names if name in existing], missing


def _other_active_superusers(user: Any) -> bool:
    return get_user_model().objects.filter(is_superuser=True, is_active=True).exclude(pk=user.pk).exists()


def _sync_flags(user: Any, state: GroupSyncState, values: list[str]) -> dict[str, Any]:
    cfg = auth()
    out: dict[str, Any] = {}
    want_super = bool(cfg.sync_superuser_group) and cfg.sync_superuser_group in values
    want_staff = want_super or (bool(cfg.sync_staff_group) and cfg.sync_staff_group in values)
    if want_super and not user.is_superuser:
        user.is_superuser, state.granted_superuser, out["superuser"] = True, True, True
    elif not want_super and state.granted_superuser and user.is_superuser:
        if _other_active_superusers(user):
            user.is_superuser, state.granted_superuser, out["superuser"] = False, False, False
        else:
            logger.warning("Kept %s a superuser although the provider no longer says so: it is the last one", user)
            out["kept_last_superuser"] = True
            want_staff = True
    if want_staff and not user.is_staff:
        user.is_staff, state.granted_staff, out["staff"] = True, True, True
    elif not want_staff and state.granted_staff and user.is_staff and not user.is_superuser:
        user.is_staff, state.granted_staff, out["staff"] = False, False, False
    return out


def sync_user_groups(user: Any, claim: Any) -> SyncResult | None:
    """Apply the groups claim to the user; None when group sync is off or the claim is absent."""
    if not auth().sync_groups:
        return None
    values = claim_values(claim)
    if values is None:
        return None
    with transaction.atomic():
        state, _ = GroupSyncState.objects.select_for_update().get_or_create(user=user)
        wanted, missing = _groups(local_group_names(values))
        current = set(user.groups.all())
        managed = set(state.groups.all())
        to_add = [group for group in wanted if group not in current]
        to_remove = [group for group in managed if group not in wanted]
        user.groups.add(*to_add)
        user.groups.remove(*to_remove)
        state.groups.set((managed - set(to_remove)) | set(to_add))
        flags = _sync_flags(user, state, values)
        user.save(update_fields=["is_staff", "is_superuser"])
        state.save()
    forget_cached_permissions(user)
    result = SyncResult(tuple(g.name for g in to_add), tuple(g.name for g in to_remove), tuple(missing), **flags)
    logger.info("Group sync for %s: %s", user, result)
    return result
