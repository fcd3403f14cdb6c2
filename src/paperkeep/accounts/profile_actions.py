"""My Profile writes: the user's own name and e-mail, and whether (and how) they may change their password.

The REST API's `/api/profile/` writes the user directly too; this is the same small write for the web page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.db import transaction

from paperkeep.accounts.conf import password_login_allowed


@dataclass(frozen=True)
class Details:
    """The editable parts of a user's own profile."""

    first_name: str
    last_name: str
    email: str


class DetailsForm(forms.Form):
    """First name, last name and e-mail, with the same limits as Django's user model."""

    first_name = forms.CharField(max_length=150, required=False)
    last_name = forms.CharField(max_length=150, required=False)
    email = forms.EmailField(max_length=254, required=False)

    def details(self) -> Details:
        data = self.cleaned_data
        return Details(data["first_name"].strip(), data["last_name"].strip(), data["email"].strip())


def update_details(user: Any, details: Details) -> None:
    """Save the user's new name and e-mail."""
    with transaction.atomic():
        user.first_name = details.first_name
        user.last_name = details.last_name
        user.email = details.email
        user.save(update_fields=["first_name", "last_name", "email"])


def password_change_allowed(user: Any) -> bool:
    """Tell whether the user may change a local password: they have one, and password sign-in is open to them
    (not SSO-only mode, unless they are the break-glass user)."""
    return bool(user.has_usable_password() and password_login_allowed(user.get_username()))
