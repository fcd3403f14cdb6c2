"""Django settings, derived from one `load_config()` call. No parsing happens here."""

from __future__ import annotations

import sys
import warnings
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from paperkeep.config import load_config
from paperkeep.logfiles import logging_settings, prepare_log_dir
from paperkeep.runtime import secret_key

CONFIG = load_config()
_core = CONFIG.core
_paths = CONFIG.paths
_db = CONFIG.db
_auth = CONFIG.auth

BASE_DIR = Path(_paths.base_dir)
DATA_DIR = Path(_paths.data_dir)
MEDIA_ROOT = Path(_paths.media_root)
CONSUMPTION_DIR = Path(_paths.consumption_dir)
SCRATCH_DIR = Path(_paths.scratch_dir)

SECRET_KEY = secret_key(CONFIG)
DEBUG = _core.debug

# --- Web, hosts, proxies --------------------------------------------------------------------------------------------
ALLOWED_HOSTS = list(_core.allowed_hosts)
CSRF_TRUSTED_ORIGINS = list(_core.csrf_trusted_origins)
CORS_ALLOWED_ORIGINS = [origin for origin in _core.cors_allowed_hosts if "://" in origin]
CORS_ALLOW_CREDENTIALS = True
USE_X_FORWARDED_HOST = _core.use_x_forwarded_host
USE_X_FORWARDED_PORT = _core.use_x_forwarded_port
SECURE_PROXY_SSL_HEADER = tuple(_core.proxy_ssl_header) if _core.proxy_ssl_header else None
FORCE_SCRIPT_NAME = _core.force_script_name or None
BASE_URL = _core.base_url
STATIC_URL = _core.static_url
STATIC_ROOT = Path(_paths.static_dir)
PAPERLESS_URL = _core.url
# Links we build (OIDC redirect URIs, mails) use the configured public URL, never the Host header.
PUBLIC_ORIGIN: str | None = "{0.scheme}://{0.netloc}".format(urlsplit(_core.url)) if _core.url else None

CSRF_COOKIE_NAME = f"{_core.cookie_prefix}csrftoken"
SESSION_COOKIE_NAME = f"{_core.cookie_prefix}sessionid"
LANGUAGE_COOKIE_NAME = f"{_core.cookie_prefix}django_language"
SESSION_COOKIE_AGE = _auth.session_cookie_age
SESSION_EXPIRE_AT_BROWSER_CLOSE = not _auth.session_remember
SESSION_ENGINE = "django.contrib.sessions.backends.db"
X_FRAME_OPTIONS = "SAMEORIGIN"

TIME_ZONE = _core.time_zone
USE_TZ = True
USE_I18N = True
LANGUAGE_CODE = "en-us"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Applications ---------------------------------------------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.admin",
    "corsheaders",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "paperkeep.accounts",
    "paperkeep.documents",
    "paperkeep.api",
    "paperkeep.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "paperkeep.api.history_actor.HistoryActorMiddleware",
]
if _core.enable_compression:
    MIDDLEWARE.insert(1, "paperkeep.compression.FastGZipMiddleware")

ROOT_URLCONF = "paperkeep.urls"
WSGI_APPLICATION = "paperkeep.wsgi.application"

TEMPLATES: list[dict[str, Any]] = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "paperkeep.web.context.branding",
            ],
        },
    },
]

# --- Accounts and SSO (paperkeep.accounts on django-allauth) ---------------------------------------------------------
# paperkeep.accounts replaces allauth's openid_connect provider app; other PAPERLESS_APPS entries are added as given.
_OIDC_APP = "allauth.socialaccount.providers.openid_connect"
INSTALLED_APPS += ["allauth", "allauth.account", "allauth.socialaccount", "allauth.mfa"]
INSTALLED_APPS += [app for app in _auth.apps if app != _OIDC_APP and app not in INSTALLED_APPS]
MIDDLEWARE.append("allauth.account.middleware.AccountMiddleware")
if _auth.enable_http_remote_user or _auth.enable_http_remote_user_api:
    MIDDLEWARE.insert(MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
                      "paperkeep.accounts.middleware.HttpRemoteUserMiddleware")
if _core.auto_login_username:
    MIDDLEWARE.insert(MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
                      "paperkeep.accounts.middleware.AutoLoginMiddleware")
AUTHENTICATION_BACKENDS = ["paperkeep.accounts.backends.PasswordBackend"]
if _auth.enable_http_remote_user or _auth.enable_http_remote_user_api:
    AUTHENTICATION_BACKENDS.insert(0, "paperkeep.accounts.backends.RemoteUserBackend")
AUTO_LOGIN_USERNAME = _core.auto_login_username
LOGIN_URL = f"{BASE_URL}accounts/login/"
LOGIN_REDIRECT_URL = BASE_URL
LOGOUT_REDIRECT_URL = _auth.logout_redirect_url or f"{BASE_URL}accounts/login/?loggedout=1"
ACCOUNT_ADAPTER = "paperkeep.accounts.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "paperkeep.accounts.adapters.SocialAccountAdapter"
SOCIALACCOUNT_PROVIDERS = dict(_auth.socialaccount_providers) if _auth.enable_allauth else {}
SOCIALACCOUNT_AUTO_SIGNUP = _auth.social_auto_signup or _auth.auto_create
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True  # a (rare, opt-in) e-mail link is made permanent
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_LOGIN_ON_GET = False
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = _auth.account_email_verification
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = _auth.account_email_unknown_accounts
ACCOUNT_DEFAULT_HTTP_PROTOCOL = _auth.account_default_http_protocol
ACCOUNT_SESSION_REMEMBER = _auth.session_remember
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Paperkeep] "
ALLAUTH_TRUSTED_PROXY_COUNT = _auth.allauth_trusted_proxy_count
if _auth.allauth_trusted_client_ip_header:
    ALLAUTH_TRUSTED_CLIENT_IP_HEADER = _auth.allauth_trusted_client_ip_header
MFA_TOTP_ISSUER = "Paperkeep"

# --- Database -------------------------------------------------------------------------------------------------------
if _db.engine != "postgresql":
    # Django REST framework imports django.contrib.postgres (and so the PostgreSQL driver) whenever the driver is
    # installed. Without PostgreSQL that costs every process ~10 MiB and 0.3 s for nothing; make it look absent.
    sys.modules.setdefault("django.contrib.postgres.fields", None)  # type: ignore[arg-type]

if _db.engine == "sqlite":
    DATABASES: dict[str, dict[str, Any]] = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "db.sqlite3",
            # A local file: keeping each thread's connection saves opening it and its PRAGMAs on every request.
            "CONN_MAX_AGE": 600,
            "OPTIONS": {
                "timeout": _db.timeout or 20,
                "transaction_mode": "IMMEDIATE",
                "init_command": (
                    "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA busy_timeout=20000;"
                    "PRAGMA temp_store=MEMORY;PRAGMA mmap_size=134217728;PRAGMA journal_size_limit=67108864;"
                    "PRAGMA cache_size=-8000"
                ),
                **_db.options,
            },
        }
    }
elif _db.engine == "postgresql":
    _pg_options: dict[str, Any] = {"application_name": "paperkeep", "sslmode": _db.sslmode or "prefer"}
    for _name in ("sslrootcert", "sslcert", "sslkey"):
        if getattr(_db, _name):
            _pg_options[_name] = str(getattr(_db, _name))
    if _db.timeout:
        _pg_options["connect_timeout"] = _db.timeout
    if _db.poolsize:
        _pg_options["pool"] = {"min_size": 1, "max_size": _db.poolsize}
    _pg_options.update(_db.options)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "HOST": _db.host or "localhost",
            "PORT": _db.port or 5432,
            "NAME": _db.name,
            "USER": _db.user,
            "PASSWORD": _db.password,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": _pg_options,
        }
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.mysql",
            "HOST": _db.host or "localhost",
            "PORT": _db.port or 3306,
            "NAME": _db.name,
            "USER": _db.user,
            "PASSWORD": _db.password,
            "OPTIONS": {"charset": "utf8mb4", "isolation_level": "read committed", **_db.options},
        }
    }

# --- Caches ---------------------------------------------------------------------------------------------------------
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if CONFIG.tasks.redis:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CONFIG.tasks.redis,
            "KEY_PREFIX": CONFIG.tasks.redis_prefix,
        }
    }

# --- REST framework -------------------------------------------------------------------------------------------------
REST_FRAMEWORK: dict[str, Any] = {
    # Paperless-ngx's order; the first class's challenge is the 401's WWW-Authenticate (`Token` unless Basic was sent).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "paperkeep.api.authentication.PaperlessBasicAuthentication",
        "paperkeep.accounts.drf.PersonalTokenAuthentication",  # before TokenAuthentication: it claims pkt_ keys
        "paperkeep.accounts.drf.OidcBearerAuthentication",
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_VERSIONING_CLASS": "paperkeep.api.versioning.PaperlessVersioning",
    "DEFAULT_VERSION": "10",
    "ALLOWED_VERSIONS": ["9", "10"],
    "DEFAULT_SCHEMA_CLASS": "paperkeep.api.schema.DeferredSchema",  # drf-spectacular's, on first use
    "EXCEPTION_HANDLER": "paperkeep.api.errors.exception_handler",
    # Errors of list items as a list, as Paperless-ngx (on DRF 3.16) answers; DRF warns that this format will go.
    "LIST_SERIALIZER_ERRORS_AS_DICT": False,
    "DEFAULT_THROTTLE_RATES": {"token": _core.token_throttle_rate, "login": _core.token_throttle_rate},
}
warnings.filterwarnings("ignore", message="The list-based error format for `ListSerializer` is deprecated")
if _auth.enable_http_remote_user_api:
    REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"].insert(
        0, "paperkeep.api.authentication.PaperlessRemoteUserAuthentication"
    )

# --- REST API (paperkeep.api) ---------------------------------------------------------------------------------------
INSTALLED_APPS.append("drf_spectacular")
MIDDLEWARE.append("paperkeep.api.middleware.ApiVersionMiddleware")
HTTP_REMOTE_USER_HEADER_NAME = _auth.http_remote_user_header_name
CORS_EXPOSE_HEADERS = ["Content-Disposition"]  # browser clients read download names, as with Paperless-ngx
SPECTACULAR_SETTINGS = {
    "TITLE": "Paperkeep REST API",
    "DESCRIPTION": "Compatible with the Paperless-ngx REST API, versions 9 and 10.",
    "VERSION": "6.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "DISABLE_ERRORS_AND_WARNINGS": True,
}

# --- Logging --------------------------------------------------------------------------------------------------------
# Stderr, plus paperless.log and celery.log under PAPERLESS_LOGGING_DIR (made here, as every process needs it).
LOGGING_DIR = prepare_log_dir(Path(_paths.logging_dir))
LOGGING = logging_settings(LOGGING_DIR, max_bytes=CONFIG.logging.max_size, backups=CONFIG.logging.max_backups,
                           debug=DEBUG)

# --- Documents and ingest -------------------------------------------------------------------------------------------
# paperkeep.tasks: the consume task, worker start-up (crash recovery, consume-folder watcher) and the document
# management commands (consume, document_sanity_checker, document_thumbnails, document_archiver).
INSTALLED_APPS.append("paperkeep.tasks")
