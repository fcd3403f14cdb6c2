"""Django settings for the test run: every directory in a fresh temporary folder, then the real settings."""

import os
import tempfile
from pathlib import Path

_root = Path(tempfile.mkdtemp(prefix="paperkeep-tests-"))
for _name, _sub in (
    ("PAPERLESS_DATA_DIR", "data"),
    ("PAPERLESS_MEDIA_ROOT", "media"),
    ("PAPERLESS_CONSUMPTION_DIR", "consume"),
    ("PAPERLESS_SCRATCH_DIR", "scratch"),
    ("PAPERLESS_STATICDIR", "static"),
):
    os.environ[_name] = str(_root / _sub)
    (_root / _sub).mkdir(parents=True, exist_ok=True)
os.environ.setdefault("PAPERLESS_SECRET_KEY", "test-secret-key-not-for-production")
# The tests must not pick up a paperless.conf from the machine or the checkout.
# An empty file that exists wins the lookup, so /etc/paperless.conf and friends are never read.
_empty_conf = _root / "paperless.conf"
_empty_conf.write_text("", encoding="utf-8")
os.environ["PAPERLESS_CONFIGURATION_PATH"] = str(_empty_conf)
os.environ.pop("PAPERLESS_REDIS", None)
os.environ.pop("PAPERLESS_DBHOST", None)
os.environ.pop("PAPERLESS_DBENGINE", None)

from paperkeep.settings import *  # noqa: E402,F403

TEST_ROOT = _root
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
