"""The schema class of every API view, kept light until somebody asks for the OpenAPI schema.

DRF touches `view.schema` whenever a router lists a viewset's extra actions, which happens as the URLs load. Were
drf-spectacular's AutoSchema the default class, that would load it, and with it django.test, unittest and jinja2
(~20 MiB), in every web worker at start. `DeferredSchema` costs nothing; the schema views switch the default to
drf-spectacular's class on first use, and views made from then on describe themselves with it.
"""

from __future__ import annotations

from rest_framework.schemas.inspectors import ViewInspector


class DeferredSchema(ViewInspector):
    """A schema inspector that does nothing; it stands in until `use_spectacular()` runs."""


def use_spectacular() -> None:
    """Make drf-spectacular's AutoSchema the schema class of the views created from now on."""
    from drf_spectacular.openapi import AutoSchema
    from rest_framework.settings import api_settings

    if api_settings.DEFAULT_SCHEMA_CLASS is not AutoSchema:
        setattr(api_settings, "DEFAULT_SCHEMA_CLASS", AutoSchema)  # noqa: B010 (the stubs type it as a str)
