"""Object ownership and per-object view/change grants, shared by every owned model.

Grants are four plain many-to-many tables per model (`<model>_view_users`, `<model>_view_groups`,
`<model>_change_users`, `<model>_change_groups`), each with a unique (object, user|group) index, so the
visibility test in `documents.queries` is an indexed EXISTS per row and never a DISTINCT over a join.
A change grant always comes with the view grant (`documents.actions.permissions` keeps that true), so
visibility only ever looks at the view tables.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class OwnedModel(models.Model):
    """An object with an optional owner and view/change grants for users and groups.

    An object without an owner is visible to every user, as in Paperless-ngx.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, default=None, on_delete=models.SET_NULL, related_name="+"
    )
    view_users = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    view_groups = models.ManyToManyField("auth.Group", blank=True, related_name="+")
    change_users = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    change_groups = models.ManyToManyField("auth.Group", blank=True, related_name="+")

    class Meta:
        abstract = True


GRANT_FIELDS = ("view_users", "view_groups", "change_users", "change_groups")
