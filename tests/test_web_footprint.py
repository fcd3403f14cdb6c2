"""The web process stays small: heavy libraries load on first use, not when the web worker starts and routes a request.

The embedded runtime's idle memory target (the whole `paperkeep serve` tree at most 120 MiB) depends on it:
bench/serve.py measures the figure, this test keeps the libraries that cost it out of a freshly started web process.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.test_serve import free_port, serve_env

# Each is loaded where it is used: OCR and PDF work in the worker, the schema on /api/schema/, the index on a search.
HEAVY = (
    "PIL",
    "magic",
    "pikepdf",
    "pypdfium2",
    "ocrmypdf",
    "celery",
    "tantivy",
    "drf_spectacular.openapi",
    "django.test",
    "unittest",
    "jinja2",
    "psycopg",
    "regex",
)

PROBE = """
import io, json, sys
import paperkeep.wsgi as wsgi
from django.urls import reverse

def get(path):
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "SERVER_NAME": "localhost", "SERVER_PORT": "8000",
               "HTTP_HOST": "localhost", "QUERY_STRING": "", "wsgi.input": io.BytesIO(), "wsgi.url_scheme": "http"}
    status = []
    b"".join(wsgi.application(environ, lambda line, headers: status.append(line)))
    return status[0]

answers = [get("/healthz"), get("/accounts/login/"), get("/api/")]
reverse("api-token")  # every URL module is loaded now
print(json.dumps({"answers": answers, "loaded": [name for name in sys.argv[1:] if name in sys.modules]}))
"""


def test_a_started_web_process_has_not_loaded_heavy_libraries(tmp_path: Path) -> None:
    """
    GIVEN a fresh web process on a prepared database
    WHEN it answers the health check, the login page and the API index (so every URL module is loaded)
    THEN none of the heavy libraries (imaging, PDF, OCR, Celery, the search index, the schema generator) is loaded
    """
    env = serve_env(tmp_path, free_port(), PAPERLESS_SECRET_KEY="footprint-test-secret-key")
    migrate = subprocess.run(
        [sys.executable, "-m", "paperkeep.cli", "migrate", "--no-input"], env=env, capture_output=True, text=True,
        timeout=300,
    )
    assert migrate.returncode == 0, migrate.stderr
    probe = subprocess.run(
        [sys.executable, "-c", PROBE, *HEAVY], env=env, capture_output=True, text=True, timeout=120,
    )
    assert probe.returncode == 0, probe.stderr
    result = json.loads(probe.stdout.strip().splitlines()[-1])
    assert [line.split()[0] for line in result["answers"]] == ["200", "200", "401"], result["answers"]
    assert result["loaded"] == []
