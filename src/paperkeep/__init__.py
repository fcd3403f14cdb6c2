"""Paperkeep: self-hosted document management, compatible with Paperless-ngx."""

__version__ = "0.1.0"
# The Paperless-ngx version whose REST API and settings we are compatible with.
PAPERLESS_COMPAT_VERSION = "3.0.5"
