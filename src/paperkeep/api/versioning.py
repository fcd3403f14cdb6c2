"""API versions negotiated from the Accept header, as Paperless-ngx does (`Accept: application/json; version=N`).

Versions 9 and 10 are Paperless-ngx 3's; 10 is the default. Paperkeep also answers versions 1-8 (older clients
such as pypaperless 3.1.15 send `version=2`) in the version-9 shapes; anything above 10, or not a number, is 406.
"""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.utils.mediatypes import _MediaType
from rest_framework.versioning import AcceptHeaderVersioning

DEFAULT_VERSION = 10
LATEST_VERSION = 10
OLDEST_SHAPE = 9


class PaperlessVersioning(AcceptHeaderVersioning):
    """Accept-header versioning that maps versions 1-8 onto 9 and refuses versions above 10."""

    default_version = str(DEFAULT_VERSION)
    allowed_versions = ("9", "10")
    version_param = "version"

    def determine_version(self, request: Request, *args: Any, **kwargs: Any) -> str:
        media_type = _MediaType(request.accepted_media_type)
        raw = media_type.params.get(self.version_param)
        if raw is None:
            return self.default_version
        text = raw.decode() if isinstance(raw, bytes) else str(raw)
        try:
            number = int(text.strip())
        except ValueError:
            raise exceptions.NotAcceptable(self.invalid_version_message) from None
        if number < 1 or number > LATEST_VERSION:
            raise exceptions.NotAcceptable(self.invalid_version_message)
        return str(max(number, OLDEST_SHAPE))


def api_version(request: Request | None) -> int:
    """Return the negotiated API version of a DRF request as an int (the default outside a request)."""
    version = getattr(request, "version", None)
    try:
        return int(version) if version is not None else DEFAULT_VERSION
    except (TypeError, ValueError):
        return DEFAULT_VERSION
