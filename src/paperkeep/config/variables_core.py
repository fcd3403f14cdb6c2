"""Registry tables: web and security, paths, database, tasks and caches, logging."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from paperkeep.config import formats as f
from paperkeep.config import values as v
from paperkeep.config.registry import Derived, Var, var
from paperkeep.config.values import Context

_REDIS_URL = v.url("redis", "rediss", "unix", "redis+socket")
_DEPRECATED_DB = "is deprecated (Paperless-ngx removes it in v3.2); put it in PAPERLESS_DB_OPTIONS instead"


def _origin(ctx: Context) -> str | None:
    public: str | None = ctx.value("PAPERLESS_URL")
    if not public:
        return None
    parts = urlsplit(public)
    return f"{parts.scheme}://{parts.netloc}"


def _hosts(value: tuple[str, ...], ctx: Context) -> tuple[str, ...]:
    hosts = list(value)
    if hosts != ["*"] and "localhost" not in hosts:
        hosts.append("localhost")  # the health check and local tools always reach Paperkeep as localhost
    public = ctx.value("PAPERLESS_URL")
    host = urlsplit(public).hostname if public else None
    if host and host not in hosts:
        hosts.append(host)
    return tuple(hosts)


def _with_origin(value: tuple[str, ...], ctx: Context) -> tuple[str, ...]:
    origin = _origin(ctx)
    return (*value, origin) if origin and origin not in value else value


def _static_url(ctx: Context) -> str:
    return (ctx.value("PAPERLESS_FORCE_SCRIPT_NAME") or "") + "/static/"


def _install(ctx: Context, *parts: str) -> Path:
    return ctx.base_dir.joinpath(*parts)


def _threads(ctx: Context) -> int:
    return max(1, (os.cpu_count() or 1) // ctx.value("PAPERLESS_TASK_WORKERS"))


def _read_cache_ttl(value: int, ctx: Context) -> int:
    return min(value, 31_536_000) if value > 0 else 3600


def _engine(ctx: Context) -> str:
    return "postgresql" if ctx.value("PAPERLESS_DBHOST") else "sqlite"


def _int(minimum: int | None = None, maximum: int | None = None) -> Any:
    return v.integer(minimum, maximum)


CORE = (
    var("SECRET_KEY", "core", "secret_key", f.secret_key, None, secret=True, keep_whitespace=True),
    var("DEBUG", "core", "debug", v.boolean, False),
    var("URL", "core", "url", f.public_url, None),
    var("ALLOWED_HOSTS", "core", "allowed_hosts", v.comma_list, ("*",), finish=_hosts),
    var("CSRF_TRUSTED_ORIGINS", "core", "csrf_trusted_origins", v.comma_list, (), finish=_with_origin),
    var("CORS_ALLOWED_HOSTS", "core", "cors_allowed_hosts", v.comma_list, ("http://localhost:8000",),
        finish=_with_origin),
    var("TRUSTED_PROXIES", "core", "trusted_proxies", v.comma_list, ()),
    var("USE_X_FORWARD_HOST", "core", "use_x_forwarded_host", v.boolean, False),
    var("USE_X_FORWARD_PORT", "core", "use_x_forwarded_port", v.boolean, False),
    var("PROXY_SSL_HEADER", "core", "proxy_ssl_header", f.proxy_ssl_header, None),
    var("FORCE_SCRIPT_NAME", "core", "force_script_name", f.script_name, None),
    var("STATIC_URL", "core", "static_url", v.string, Derived("<base url>static/", _static_url)),
    var("COOKIE_PREFIX", "core", "cookie_prefix", v.string, ""),
    var("TIME_ZONE", "core", "time_zone", f.time_zone, "UTC"),
    var("ENABLE_COMPRESSION", "core", "enable_compression", v.boolean, True),
    var("APP_TITLE", "core", "app_title", v.string, None),
    var("APP_LOGO", "core", "app_logo", v.string, None),
    var("AUDIT_LOG_ENABLED", "core", "audit_log_enabled", v.boolean, True, feature="audit_log"),
    var("TOKEN_THROTTLE_RATE", "core", "token_throttle_rate", f.throttle_rate, "5/min"),
    var("ENABLE_UPDATE_CHECK", "core", "enable_update_check", f.update_check, "default", feature="update_check"),
    var("AUTO_LOGIN_USERNAME", "core", "auto_login_username", v.string, None, feature="auth"),
    var("WEBSERVER_WORKERS", "core", "webserver_workers", _int(1), 1),
    var("BIND_ADDR", "core", "bind_addr", f.bind_address, "127.0.0.1"),
    var("PORT", "core", "port", _int(1, 65535), 8000),
    var("CONFIGURATION_PATH", "core", None, v.path, None),
)

PATHS = (
    var("STATICDIR", "paths", "static_dir", v.path, Derived("<install dir>/static", lambda c: _install(c, "static"))),
    var("MEDIA_ROOT", "paths", "media_root", v.path, Derived("<install dir>/media", lambda c: _install(c, "media"))),
    var("DATA_DIR", "paths", "data_dir", v.path, Derived("<install dir>/data", lambda c: _install(c, "data"))),
    var("CONSUMPTION_DIR", "paths", "consumption_dir", v.path,
        Derived("<install dir>/consume", lambda c: _install(c, "consume"))),
    var("SCRATCH_DIR", "paths", "scratch_dir", v.path,
        Derived("<temp dir>/paperless", lambda c: Path(tempfile.gettempdir()) / "paperless")),
    var("LOGGING_DIR", "paths", "logging_dir", v.path,
        Derived("PAPERLESS_DATA_DIR/log", lambda c: c.value("PAPERLESS_DATA_DIR") / "log")),
    var("MODEL_FILE", "paths", "model_file", v.path,
        Derived("PAPERLESS_DATA_DIR/classification_model.pickle",
                lambda c: c.value("PAPERLESS_DATA_DIR") / "classification_model.pickle"),
        feature="classifier"),
    var("NLTK_DIR", "paths", "nltk_dir", v.path, Path("/usr/share/nltk_data"), feature="classifier"),
    var("EMPTY_TRASH_DIR", "paths", "empty_trash_dir", v.path, None, feature="trash",
        aliases=("PAPERLESS_TRASH_DIR",)),
)

DATABASE = (
    var("DBENGINE", "db", "engine", v.choice("sqlite", "postgresql", "mariadb"),
        Derived("postgresql when PAPERLESS_DBHOST is set, else sqlite", _engine)),
    var("DBHOST", "db", "host", v.string, None),
    var("DBPORT", "db", "port", _int(1, 65535), None),
    var("DBNAME", "db", "name", v.string, "paperless"),
    var("DBUSER", "db", "user", v.string, "paperless"),
    var("DBPASS", "db", "password", v.string, "paperless", secret=True, keep_whitespace=True),
    var("DB_OPTIONS", "db", "options", v.key_values(("timeout", "connect_timeout", "pool.min_size", "pool.max_size")),
        {}),
    var("DBSSLMODE", "db", "sslmode", v.string, None, deprecated=_DEPRECATED_DB),
    var("DBSSLROOTCERT", "db", "sslrootcert", v.path, None, deprecated=_DEPRECATED_DB),
    var("DBSSLCERT", "db", "sslcert", v.path, None, deprecated=_DEPRECATED_DB),
    var("DBSSLKEY", "db", "sslkey", v.path, None, deprecated=_DEPRECATED_DB),
    var("DB_POOLSIZE", "db", "poolsize", _int(1), None, deprecated=_DEPRECATED_DB),
    var("DB_TIMEOUT", "db", "timeout", _int(0), None, deprecated=_DEPRECATED_DB),
)

# Scheduled tasks: short name -> (variable, default cron, feature). "disable" turns one off.
CRONS: dict[str, tuple[str, str, str]] = {
    "email": ("EMAIL_TASK_CRON", "*/10 * * * *", "mail"),
    "train": ("TRAIN_TASK_CRON", "5 */1 * * *", "classifier"),
    "index": ("INDEX_TASK_CRON", "0 0 * * *", "core"),
    "sanity": ("SANITY_TASK_CRON", "30 0 * * sun", "core"),
    "empty_trash": ("EMPTY_TRASH_TASK_CRON", "0 1 * * *", "trash"),
    "workflow_scheduled": ("WORKFLOW_SCHEDULED_TASK_CRON", "5 */1 * * *", "workflows"),
    "llm_index": ("LLM_INDEX_TASK_CRON", "10 2 * * *", "ai"),
    "share_link_bundle_cleanup": ("SHARE_LINK_BUNDLE_CLEANUP_CRON", "0 2 * * *", "share_link_bundles"),
}

TASKS = (
    var("REDIS", "tasks", "redis", _REDIS_URL, None),
    var("REDIS_PREFIX", "tasks", "redis_prefix", v.string, ""),
    var("TASK_WORKERS", "tasks", "task_workers", _int(1), 1),
    var("THREADS_PER_WORKER", "tasks", "threads_per_worker", _int(1),
        Derived("CPU count / PAPERLESS_TASK_WORKERS (at least 1)", _threads)),
    var("WORKER_TIMEOUT", "tasks", "worker_timeout", _int(1), 1800),
    # Paperkeep extension: without Redis, `paperkeep serve` starts the worker when there is work and lets it exit
    # after this many idle seconds, so an idle installation holds no worker in memory. 0 keeps it running.
    var("WORKER_IDLE_TIMEOUT", "tasks", "worker_idle_timeout", _int(0), 60),
    *(var(name, "tasks", None, f.cron, default, feature=feature) for name, default, feature in CRONS.values()),
    var("CACHE_BACKEND", "tasks", "cache_backend", v.string, None),
    var("CHANNELS_BACKEND", "tasks", "channels_backend", v.string, None, feature="channels"),
    var("DB_READ_CACHE_ENABLED", "tasks", "db_read_cache_enabled", v.boolean, False, feature="db_read_cache"),
    var("READ_CACHE_TTL", "tasks", "read_cache_ttl", _int(), 3600, feature="db_read_cache", finish=_read_cache_ttl),
    var("READ_CACHE_REDIS_URL", "tasks", "read_cache_redis_url", _REDIS_URL,
        Derived("PAPERLESS_REDIS", lambda c: c.value("PAPERLESS_REDIS")), feature="db_read_cache"),
    var("ENABLE_FLOWER", "tasks", "enable_flower", v.boolean, False, feature="flower"),
)

LOGGING = (
    var("LOGROTATE_MAX_SIZE", "logging", "max_size", v.size, 1024 * 1024),
    var("LOGROTATE_MAX_BACKUPS", "logging", "max_backups", _int(0), 20),
)

TABLES: tuple[tuple[Var, ...], ...] = (CORE, PATHS, DATABASE, TASKS, LOGGING)
