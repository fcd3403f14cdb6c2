"""The Logs page: the last lines of paperless.log or celery.log, for staff users only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.api import factories
from tests.web.conftest import BrowserFor, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_dir(tmp_path: Path, settings: Any) -> Path:
    settings.LOGGING_DIR = tmp_path
    return tmp_path


def test_staff_sees_the_last_lines_newest_at_the_bottom(
    log_dir: Path, cast: factories.People, browser_for: BrowserFor
) -> None:
    """GIVEN a paperless.log of 600 numbered lines
    WHEN a superuser opens the Logs page asking for the last 100
    THEN lines 501 to 600 are shown in file order and line 500 is not."""
    (log_dir / "paperless.log").write_text("".join(f"entry {n:04}\n" for n in range(1, 601)))
    page = text_of(browser_for(cast.admin).get("/manage/logs/?log=paperless&lines=100"))
    assert "entry 0500" not in page
    assert page.index("entry 0501") < page.index("entry 0600")


def test_the_celery_log_can_be_picked(log_dir: Path, cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN a paperless.log and a celery.log WHEN the celery log is picked THEN only its lines are shown."""
    (log_dir / "paperless.log").write_text("from paperless\n")
    (log_dir / "celery.log").write_text("from celery\n")
    page = text_of(browser_for(cast.admin).get("/manage/logs/?log=celery"))
    assert "from celery" in page and "from paperless" not in page


def test_log_lines_are_escaped(log_dir: Path, cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN a log line holding markup WHEN the page shows it THEN it is text, not a tag."""
    (log_dir / "paperless.log").write_text("<script>alert(1)</script>\n")
    page = text_of(browser_for(cast.admin).get("/manage/logs/"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page


def test_a_staff_user_who_is_not_superuser_may_read(log_dir: Path, browser_for: BrowserFor) -> None:
    """GIVEN a staff user who is not a superuser WHEN they open the Logs page THEN they see the log."""
    staff = factories.user("sam")
    staff.is_staff = True
    staff.save()
    (log_dir / "paperless.log").write_text("visible to staff\n")
    assert "visible to staff" in text_of(browser_for(staff).get("/manage/logs/"))


def test_a_user_who_is_not_staff_is_refused(log_dir: Path, cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN a user with every document permission but no staff flag WHEN they open the Logs page
    THEN 403 and no line of the log is shown."""
    (log_dir / "paperless.log").write_text("secret line\n")
    response = browser_for(cast.owner).get("/manage/logs/")
    assert response.status_code == 403 and "secret line" not in text_of(response)


def test_an_unknown_log_name_shows_the_paperless_log(
    log_dir: Path, cast: factories.People, browser_for: BrowserFor
) -> None:
    """GIVEN a paperless.log WHEN the page is asked for a name outside the list (a path)
    THEN the paperless log is shown and nothing else is read."""
    (log_dir / "paperless.log").write_text("the paperless log\n")
    page = text_of(browser_for(cast.admin).get("/manage/logs/?log=../../etc/passwd"))
    assert "the paperless log" in page and "root:" not in page


def test_a_missing_log_says_so(log_dir: Path, cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN no celery.log WHEN the celery log is picked THEN the page says there is none yet."""
    assert "There is no celery log yet." in text_of(browser_for(cast.admin).get("/manage/logs/?log=celery"))


def test_the_manage_page_links_to_logs_only_for_staff(cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN a superuser and an ordinary user WHEN each opens Manage THEN only the superuser sees the Logs link."""
    assert 'id="logs-link"' in text_of(browser_for(cast.admin).get("/manage/"))
    assert 'id="logs-link"' not in text_of(browser_for(cast.owner).get("/manage/"))


def test_anonymous_visitors_are_sent_to_sign_in(db: None, client: Any) -> None:
    """GIVEN nobody signed in WHEN the Logs page is opened THEN the browser is sent to the sign-in page."""
    response = client.get("/manage/logs/")
    assert response.status_code == 302 and "login" in response["Location"]
