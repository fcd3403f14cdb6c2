"""Django settings derived from PAPERLESS_* values: URLs, hosts, proxies, database and broker."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

PROBE = """
import json
from paperkeep import settings as s
from paperkeep.worker import broker_settings
print(json.dumps({
    "ALLOWED_HOSTS": s.ALLOWED_HOSTS, "CSRF_TRUSTED_ORIGINS": s.CSRF_TRUSTED_ORIGINS,
    "CORS_ALLOWED_ORIGINS": s.CORS_ALLOWED_ORIGINS, "USE_X_FORWARDED_HOST": s.USE_X_FORWARDED_HOST,
    "USE_X_FORWARDED_PORT": s.USE_X_FORWARDED_PORT, "SECURE_PROXY_SSL_HEADER": s.SECURE_PROXY_SSL_HEADER,
    "FORCE_SCRIPT_NAME": s.FORCE_SCRIPT_NAME, "STATIC_URL": s.STATIC_URL, "LOGIN_URL": s.LOGIN_URL,
    "PUBLIC_ORIGIN": s.PUBLIC_ORIGIN, "SESSION_COOKIE_NAME": s.SESSION_COOKIE_NAME,
    "CSRF_COOKIE_NAME": s.CSRF_COOKIE_NAME, "TIME_ZONE": s.TIME_ZONE,
    "DB": {k: str(v) for k, v in s.DATABASES["default"].items() if k != "OPTIONS"},
    "BROKER": broker_settings(s.CONFIG)["broker_url"],
}))
"""


def derived(tmp_path: Path, **values: str) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PAPERLESS_", "DJANGO_"))}
    conf = tmp_path / "paperless.conf"
    conf.touch()
    env.update(PAPERLESS_CONFIGURATION_PATH=str(conf), PAPERLESS_DATA_DIR=str(tmp_path / "data"),
               PAPERLESS_SECRET_KEY="k" * 40, **values)
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_public_url_feeds_hosts_csrf_and_cors(tmp_path: Path) -> None:
    """
    GIVEN PAPERLESS_URL=https://paperless.company and PAPERLESS_ALLOWED_HOSTS=paperless.company
    WHEN the Django settings are derived
    THEN the host is allowed (with localhost), and the origin is trusted for CSRF and CORS
    """
    s = derived(tmp_path, PAPERLESS_URL="https://paperless.company", PAPERLESS_ALLOWED_HOSTS="paperless.company")
    assert s["ALLOWED_HOSTS"] == ["paperless.company", "localhost"]
    assert "https://paperless.company" in s["CSRF_TRUSTED_ORIGINS"]
    assert "https://paperless.company" in s["CORS_ALLOWED_ORIGINS"]
    assert s["PUBLIC_ORIGIN"] == "https://paperless.company"


def test_proxy_settings(tmp_path: Path) -> None:
    """
    GIVEN the proxy settings a reverse-proxied install uses
    WHEN the Django settings are derived
    THEN forwarded host and port are trusted and the SSL header is a pair
    """
    s = derived(tmp_path, PAPERLESS_USE_X_FORWARD_HOST="true", PAPERLESS_USE_X_FORWARD_PORT="yes",
                PAPERLESS_PROXY_SSL_HEADER='["HTTP_X_FORWARDED_PROTO", "https"]')
    assert s["USE_X_FORWARDED_HOST"] is True and s["USE_X_FORWARDED_PORT"] is True
    assert s["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_script_name_moves_every_url(tmp_path: Path) -> None:
    """
    GIVEN PAPERLESS_FORCE_SCRIPT_NAME=/paperless and a cookie prefix
    WHEN the Django settings are derived
    THEN static files, the login page and the cookies follow
    """
    s = derived(tmp_path, PAPERLESS_FORCE_SCRIPT_NAME="/paperless", PAPERLESS_COOKIE_PREFIX="pk_",
                PAPERLESS_TIME_ZONE="Europe/Berlin")
    assert s["FORCE_SCRIPT_NAME"] == "/paperless"
    assert s["STATIC_URL"] == "/paperless/static/"
    assert s["LOGIN_URL"] == "/paperless/accounts/login/"
    assert s["SESSION_COOKIE_NAME"] == "pk_sessionid" and s["CSRF_COOKIE_NAME"] == "pk_csrftoken"
    assert s["TIME_ZONE"] == "Europe/Berlin"


def test_database_defaults_to_sqlite_and_follows_dbhost(tmp_path: Path) -> None:
    """
    GIVEN no database settings, then PAPERLESS_DBHOST with credentials
    WHEN the Django settings are derived
    THEN the first is SQLite in the data directory, the second PostgreSQL as Paperless-ngx infers it
    """
    sqlite = derived(tmp_path)
    assert sqlite["DB"]["ENGINE"] == "django.db.backends.sqlite3"
    assert sqlite["DB"]["NAME"] == str(tmp_path / "data" / "db.sqlite3")
    pg = derived(tmp_path, PAPERLESS_DBHOST="db.local", PAPERLESS_DBPORT="5433", PAPERLESS_DBNAME="docs",
                 PAPERLESS_DBUSER="keeper", PAPERLESS_DBPASS="pw")
    assert pg["DB"]["ENGINE"] == "django.db.backends.postgresql"
    assert (pg["DB"]["HOST"], pg["DB"]["PORT"], pg["DB"]["NAME"], pg["DB"]["USER"]) == ("db.local", "5433", "docs",
                                                                                        "keeper")


def test_broker_is_a_folder_without_redis_and_redis_with_it(tmp_path: Path) -> None:
    """
    GIVEN no PAPERLESS_REDIS, then PAPERLESS_REDIS=redis://127.0.0.1:6390
    WHEN the Celery settings are derived
    THEN the first uses the filesystem transport, the second Redis
    """
    assert derived(tmp_path)["BROKER"] == "filesystem://"
    assert derived(tmp_path, PAPERLESS_REDIS="redis://127.0.0.1:6390")["BROKER"] == "redis://127.0.0.1:6390"
