"""The Configuration page: the stored OCR settings, application title and logo, with the API's rules."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from paperkeep.documents.appconfig import app_config, parse_options
from tests.api import factories
from tests.conftest import Dirs
from tests.web.conftest import BrowserFor, text_of

pytestmark = pytest.mark.django_db

SCRIPTED_SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def form(**changes: Any) -> dict[str, Any]:
    """Every field of the page left blank ("use the setting"), with `changes`."""
    fields = [
        "output_type",
        "pages",
        "language",
        "mode",
        "archive_file_generation",
        "image_dpi",
        "unpaper_clean",
        "deskew",
        "rotate_pages",
        "rotate_pages_threshold",
        "max_image_pixels",
        "color_conversion_strategy",
        "user_args",
        "app_title",
    ]
    return {**dict.fromkeys(fields, ""), **changes}


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(out, format="PNG")
    return out.getvalue()


def test_saving_ocr_settings_changes_the_parse_options(cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN the configuration page WHEN a superuser saves mode "redo", 2 pages and language deu
    THEN the stored row holds them and the parse options of new uploads use them."""
    response = browser_for(cast.admin).post("/manage/config/", form(mode="redo", pages="2", language="deu"))
    assert response.status_code == 302
    options = parse_options()
    assert (options.mode, options.pages, options.language) == ("redo", 2, "deu")


def test_a_blank_field_clears_the_stored_value(cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN a stored OCR language WHEN the form is saved with the field blank THEN the row holds null again."""
    row = app_config()
    row.language = "deu"
    row.save()
    browser_for(cast.admin).post("/manage/config/", form())
    assert app_config().language is None


def test_the_setting_is_shown_as_placeholder(cast: factories.People, browser_for: BrowserFor, settings: Any) -> None:
    """GIVEN PAPERLESS_OCR_LANGUAGE in force and nothing stored WHEN the page opens
    THEN the language field is empty with the setting's value as its placeholder."""
    page = text_of(browser_for(cast.admin).get("/manage/config/"))
    expected = settings.CONFIG.ocr.language
    assert f'name="language" value="" placeholder="{expected}"' in page


def test_a_bad_value_is_shown_next_to_its_field(cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN the form WHEN pages is 0 and user_args is a JSON list
    THEN 400, both errors are shown at their fields, what was typed stays, and nothing is stored."""
    response = browser_for(cast.admin).post("/manage/config/", form(pages="0", user_args="[1, 2]", language="deu"))
    page = text_of(response)
    assert response.status_code == 400
    assert 'id="err-pages"' in page and 'id="err-user_args"' in page
    assert "Must be a JSON object." in page
    assert 'name="language" value="deu"' in page
    assert app_config().language is None


def test_typed_values_are_escaped(cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN a title holding markup WHEN it is saved and the page shows it again THEN it is text, not a tag."""
    browser = browser_for(cast.admin)
    browser.post("/manage/config/", form(app_title='"><b>x</b>'))
    page = text_of(browser.get("/manage/config/"))
    assert "&quot;&gt;&lt;b&gt;x&lt;/b&gt;" in page and "<b>x</b>" not in page


def test_a_png_logo_is_stored_and_can_be_removed(
    paperkeep_dirs: Dirs, cast: factories.People, browser_for: BrowserFor
) -> None:
    """GIVEN a PNG upload WHEN it is saved THEN the row has a logo; WHEN "remove the logo" is saved THEN it has none."""
    browser = browser_for(cast.admin)
    browser.post("/manage/config/", {**form(), "app_logo": SimpleUploadedFile("brand.png", png(), "image/png")})
    assert app_config().app_logo.name == "logo/brand.png"
    browser.post("/manage/config/", {**form(), "clear_logo": "1"})
    assert not app_config().app_logo


def test_an_svg_with_a_script_is_refused(paperkeep_dirs: Dirs, cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN an SVG holding a script WHEN it is uploaded as the logo THEN the logo check's message is shown at the
    logo field and no logo is stored."""
    upload = SimpleUploadedFile("evil.svg", SCRIPTED_SVG, "image/svg+xml")
    response = browser_for(cast.admin).post("/manage/config/", {**form(), "app_logo": upload})
    assert response.status_code == 400
    assert "Disallowed SVG tag: &lt;script&gt;" in text_of(response)
    assert not app_config().app_logo


def test_users_without_the_permission_are_refused(cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN a user lacking change_applicationconfiguration WHEN they open or post the page
    THEN 403 both times and nothing changes."""
    cast.owner.user_permissions.remove(Permission.objects.get(codename="change_applicationconfiguration"))
    browser = browser_for(cast.owner)
    assert browser.get("/manage/config/").status_code == 403
    assert browser.post("/manage/config/", form(language="deu")).status_code == 403
    assert app_config().language is None


def test_saving_needs_the_csrf_token(cast: factories.People, browser_for: BrowserFor) -> None:
    """GIVEN a browser that enforces CSRF WHEN the form is posted without the token THEN 403 and nothing changes."""
    response = browser_for(cast.admin, csrf=True).post("/manage/config/", form(language="deu"))
    assert response.status_code == 403
    assert app_config().language is None


def test_the_manage_page_links_to_configuration_only_with_permission(
    cast: factories.People, browser_for: BrowserFor
) -> None:
    """GIVEN a user without the permission and a superuser WHEN each opens Manage THEN only the superuser sees
    the Configuration link."""
    cast.stranger.user_permissions.remove(Permission.objects.get(codename="change_applicationconfiguration"))
    assert 'id="config-link"' in text_of(browser_for(cast.admin).get("/manage/"))
    assert 'id="config-link"' not in text_of(browser_for(cast.stranger).get("/manage/"))
