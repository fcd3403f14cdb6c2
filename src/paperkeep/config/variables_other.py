"""Registry tables: outgoing e-mail, trash, mail fetching, webhooks, AI, and names kept only for compatibility."""

from __future__ import annotations

from typing import Any

from paperkeep.config import formats as f
from paperkeep.config import values as v
from paperkeep.config.errors import Invalid
from paperkeep.config.registry import Derived, Var, var
from paperkeep.config.values import Context

_HTTP_URL = v.url("http", "https")


def _use_ssl(text: str, ctx: Context) -> bool:
    value = v.to_bool(text)
    if value and ctx.value("PAPERLESS_EMAIL_USE_TLS"):
        raise Invalid("cannot be true together with PAPERLESS_EMAIL_USE_TLS",
                      "only one of PAPERLESS_EMAIL_USE_TLS (STARTTLS, port 587) and PAPERLESS_EMAIL_USE_SSL "
                      "(implicit TLS, port 465)", code="config.conflict")
    return value


def _trash_delay(value: int, ctx: Context) -> int:
    if value < 1:
        ctx.warn(f"PAPERLESS_EMPTY_TRASH_DELAY={value} is below 1; using 1 day (as Paperless-ngx)")
        return 1
    return value


def _text(name: str, area: str, attr: str, default: Any, feature: str, **options: Any) -> Var:
    return var(name, area, attr, v.string, default, feature=feature, **options)


def _secret(name: str, area: str, attr: str, feature: str) -> Var:
    return var(name, area, attr, v.string, None, feature=feature, secret=True, keep_whitespace=True)


EMAIL = (
    _text("EMAIL_HOST", "email", "host", "localhost", "smtp"),
    var("EMAIL_PORT", "email", "port", v.integer(1, 65535), 25, feature="smtp"),
    _text("EMAIL_HOST_USER", "email", "host_user", "", "smtp"),
    var("EMAIL_HOST_PASSWORD", "email", "host_password", v.string, "", feature="smtp", secret=True,
        keep_whitespace=True),
    _text("EMAIL_FROM", "email", "from_addr", Derived("PAPERLESS_EMAIL_HOST_USER",
                                                      lambda c: c.value("PAPERLESS_EMAIL_HOST_USER")), "smtp"),
    var("EMAIL_USE_TLS", "email", "use_tls", v.boolean, False, feature="smtp"),
    var("EMAIL_USE_SSL", "email", "use_ssl", _use_ssl, False, feature="smtp"),
)

TRASH = (
    var("EMPTY_TRASH_DELAY", "trash", "empty_trash_delay", v.integer(), 30, feature="trash", finish=_trash_delay),
)

MAIL = (
    var("OAUTH_CALLBACK_BASE_URL", "mail", "oauth_callback_base_url", _HTTP_URL, None, feature="mail"),
    _text("GMAIL_OAUTH_CLIENT_ID", "mail", "gmail_oauth_client_id", None, "mail"),
    _secret("GMAIL_OAUTH_CLIENT_SECRET", "mail", "gmail_oauth_client_secret", "mail"),
    _text("OUTLOOK_OAUTH_CLIENT_ID", "mail", "outlook_oauth_client_id", None, "mail"),
    _secret("OUTLOOK_OAUTH_CLIENT_SECRET", "mail", "outlook_oauth_client_secret", "mail"),
    var("EMAIL_CERTIFICATE_LOCATION", "mail", "certificate_location", v.path, None, feature="mail"),
    var("EMAIL_ALLOW_INTERNAL_HOSTS", "mail", "allow_internal_hosts", v.boolean, True, feature="mail"),
    var("EMAIL_GNUPG_HOME", "mail", "gnupg_home", v.path, None, feature="gpg"),
    var("ENABLE_GPG_DECRYPTOR", "mail", "enable_gpg_decryptor", v.boolean, False, feature="gpg"),
    var("EMAIL_PARSE_DEFAULT_LAYOUT", "mail", "parse_default_layout", v.integer(1, 4), 1, feature="mail"),
)

WEBHOOKS = (
    var("WEBHOOKS_ALLOWED_SCHEMES", "webhooks", "allowed_schemes", f.lower_set, frozenset({"http", "https"}),
        feature="webhooks"),
    var("WEBHOOKS_ALLOWED_PORTS", "webhooks", "allowed_ports", f.port_list, frozenset(), feature="webhooks"),
    var("WEBHOOKS_ALLOW_INTERNAL_REQUESTS", "webhooks", "allow_internal_requests", v.boolean, True,
        feature="webhooks"),
)

AI = (
    var("AI_ENABLED", "ai", "enabled", v.boolean, False, feature="ai"),
    var("AI_LLM_BACKEND", "ai", "llm_backend", v.choice("ollama", "openai-like"), None, feature="ai"),
    _text("AI_LLM_MODEL", "ai", "llm_model", None, "ai"),
    _secret("AI_LLM_API_KEY", "ai", "llm_api_key", "ai"),
    var("AI_LLM_ENDPOINT", "ai", "llm_endpoint", _HTTP_URL, None, feature="ai"),
    _text("AI_LLM_OUTPUT_LANGUAGE", "ai", "llm_output_language", None, "ai"),
    var("AI_LLM_EMBEDDING_BACKEND", "ai", "llm_embedding_backend", v.choice("huggingface", "openai-like", "ollama"),
        None, feature="ai"),
    _text("AI_LLM_EMBEDDING_MODEL", "ai", "llm_embedding_model", None, "ai"),
    var("AI_LLM_EMBEDDING_ENDPOINT", "ai", "llm_embedding_endpoint", _HTTP_URL, None, feature="ai"),
    var("AI_LLM_EMBEDDING_CHUNK_SIZE", "ai", "llm_embedding_chunk_size", v.integer(1), 1024, feature="ai"),
    var("AI_LLM_CONTEXT_SIZE", "ai", "llm_context_size", v.integer(1), 8192, feature="ai"),
    var("AI_LLM_REQUEST_TIMEOUT", "ai", "llm_request_timeout", v.integer(1), 120, feature="ai"),
    var("AI_LLM_ALLOW_INTERNAL_ENDPOINTS", "ai", "llm_allow_internal_endpoints", v.boolean, True, feature="ai"),
)

COMPATIBILITY = (
    var("CI_TEST", "misc", None, v.string, None, feature="testing",
        deprecated="only switches on Paperless-ngx's live tests; Paperkeep ignores it"),
    var("DISABLE_DBHANDLER", "misc", None, v.string, None, feature="obsolete",
        deprecated="is not read by Paperless-ngx 3 any more; Paperkeep ignores it"),
)

TABLES: tuple[tuple[Var, ...], ...] = (EMAIL, TRASH, MAIL, WEBHOOKS, AI, COMPATIBILITY)
