"""`/api/logs/` and `/api/logs/<name>/?limit=N`: Paperless-ngx's log endpoints, for staff only."""

from __future__ import annotations

import logging
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from tests.api import factories
from tests.api.conftest import ClientFor


@pytest.fixture
def log_dir(tmp_path: Path, settings: Any) -> Path:
    settings.LOGGING_DIR = tmp_path
    return tmp_path


@pytest.fixture
def staff(db: None) -> User:
    """A staff user who is not a superuser and holds no other permission."""
    return User.objects.create_user("sam", "sam@example.org", "password", is_staff=True)


def test_list_names_the_logs_that_exist(log_dir: Path, cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN paperless.log and celery.log, but no mail.log
    WHEN a superuser lists the logs
    THEN the answer is the plain list of their names."""
    (log_dir / "paperless.log").write_text("a\n")
    (log_dir / "celery.log").write_text("b\n")
    response = client_for(cast.admin).get("/api/logs/")
    assert response.status_code == 200
    assert response.json() == ["paperless", "celery"]


def test_list_is_empty_without_log_files(log_dir: Path, cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN an empty log directory WHEN a superuser lists the logs THEN the list is empty."""
    assert client_for(cast.admin).get("/api/logs/").json() == []


def test_staff_without_superuser_may_read_logs(log_dir: Path, staff: User, client_for: ClientFor) -> None:
    """GIVEN a staff user with no permissions WHEN they list and read logs THEN both answer 200."""
    (log_dir / "paperless.log").write_text("hello\n")
    client = client_for(staff)
    assert client.get("/api/logs/").status_code == 200
    assert client.get("/api/logs/paperless/").json() == ["hello"]


def test_non_staff_users_are_refused(log_dir: Path, cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN alice, who has every ordinary document permission but is not staff
    WHEN she lists or reads logs
    THEN both answer Paperless-ngx's 403."""
    (log_dir / "paperless.log").write_text("secret\n")
    client = client_for(cast.owner)
    for url in ("/api/logs/", "/api/logs/paperless/"):
        response = client.get(url)
        assert response.status_code == 403
        assert response.json() == {"detail": "You do not have permission to perform this action."}


def test_anonymous_requests_are_unauthorized(log_dir: Path, db: None) -> None:
    """GIVEN no credentials WHEN the logs are listed or read THEN the answer is 401."""
    (log_dir / "paperless.log").write_text("secret\n")
    for url in ("/api/logs/", "/api/logs/paperless/"):
        assert APIClient().get(url).status_code == 401


def test_read_returns_every_line(log_dir: Path, cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a log of two lines WHEN it is read without a limit THEN both lines come back, without line breaks."""
    (log_dir / "paperless.log").write_text("test\ntest2\n")
    response = client_for(cast.admin).get("/api/logs/paperless/")
    assert response.status_code == 200
    assert response.json() == ["test", "test2"]


def test_limit_returns_the_last_lines(log_dir: Path, cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a log of three lines WHEN it is read with limit=2 THEN the last two come back."""
    (log_dir / "celery.log").write_text("test1\ntest2\ntest3\n")
    assert client_for(cast.admin).get("/api/logs/celery/?limit=2").json() == ["test2", "test3"]


@pytest.mark.parametrize("limit", ["abc", "-5", "0", "1.5", ""])
def test_a_bad_limit_is_a_400(log_dir: Path, cast: factories.People, client_for: ClientFor, limit: str) -> None:
    """GIVEN a log WHEN it is read with a limit that is not a positive integer THEN 400 names the limit."""
    (log_dir / "paperless.log").write_text("a\n")
    response = client_for(cast.admin).get(f"/api/logs/paperless/?limit={limit}")
    assert response.status_code == 400
    assert response.json() == {"limit": "Must be a positive integer"}


def test_an_unknown_name_is_a_404(log_dir: Path, cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN a file bogus.log in the log directory WHEN /api/logs/bogus/ is read THEN 404."""
    (log_dir / "bogus.log").write_text("a\n")
    response = client_for(cast.admin).get("/api/logs/bogus/")
    assert response.status_code == 404
    assert "detail" in response.json()


def test_a_known_name_without_its_file_is_a_404(log_dir: Path, cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN no mail.log (Paperkeep has no mail feature) WHEN /api/logs/mail/ is read THEN 404."""
    assert client_for(cast.admin).get("/api/logs/mail/").status_code == 404


@pytest.mark.parametrize("name", [
    "..%2Fsecret", "%2E%2E%2Fsecret", "..%2F..%2F..%2Fetc%2Fpasswd", "%2Fetc%2Fpasswd", "secret.log", "..",
    "paperless.log", "paperless%00", ".__paperless.lock", "paperless%2F..%2F..%2Fsecret",
])  # fmt: skip
def test_path_tricks_never_reach_outside(tmp_path: Path, settings: Any, cast: factories.People,
                                         client_for: ClientFor, name: str) -> None:
    """GIVEN a secret file next to the log directory and in it
    WHEN a staff user asks for a log named with a path trick
    THEN the answer is a 404 and holds no secret."""
    log_dir = tmp_path / "log"
    log_dir.mkdir()
    settings.LOGGING_DIR = log_dir
    (tmp_path / "secret").write_text("TOP SECRET\n")
    (log_dir / "secret.log").write_text("TOP SECRET\n")
    (log_dir / "paperless.log").write_text("fine\n")
    response = client_for(cast.admin).get(f"/api/logs/{name}/")
    assert response.status_code == 404
    assert b"TOP SECRET" not in response.content


def test_a_line_logged_by_the_web_process_is_shown(cast: factories.People, client_for: ClientFor) -> None:
    """GIVEN the test process's real logging set-up (paperless.log under PAPERLESS_LOGGING_DIR)
    WHEN a Paperkeep logger logs a line
    THEN the paperless log lists it, and it is the last line read with limit=1."""
    marker = f"api-log-probe {uuid.uuid4()}"
    logging.getLogger("paperkeep.api.probe").warning("%s", marker)
    client = client_for(cast.admin)
    assert "paperless" in client.get("/api/logs/").json()
    last = client.get("/api/logs/paperless/?limit=1").json()
    assert len(last) == 1 and last[0].endswith(f"[WARNING] [paperkeep.api.probe] {marker}")
