"""The web app in a real browser (Debian's Chromium through Playwright) against a live `paperkeep serve`: sign in,
upload with progress, search, edit, bulk edit, save a view, share, a second user's view, escaping, screenshots."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests import filegen
from tests.web.live import CHROMIUM_ARGS, SCREENSHOTS, Server, running_server, sign_in

pytestmark = [pytest.mark.slow, pytest.mark.e2e]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running_server(tmp_path_factory.mktemp("serve")) as running:
        yield running


@pytest.fixture(scope="module")
def library(server: Server, tmp_path_factory: pytest.TempPathFactory) -> dict[str, int]:
    """Three documents uploaded through the API by the administrator, consumed by the real worker."""
    folder = tmp_path_factory.mktemp("library")
    texts = {
        "gas": ["Northwind Energy", "Gas bill for March 2024", "Amount due 81.20 EUR"],
        "rent": ["Contoso Housing", "Rent increase notice", "from 1 May 2024 the rent is 900 EUR"],
        "car": ["Fabrikam Motors", "Repair invoice for the car", "brake pads replaced"],
    }
    tasks = {name: server.post_document(filegen.text_pdf(folder / f"{name}.pdf", [lines]), title=f"{name} letter")
             for name, lines in texts.items()}  # fmt: skip
    return {name: server.wait_for_document(task) for name, task in tasks.items()}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.set_default_timeout(20_000)
    yield context.new_page()
    context.close()


def test_sign_in_locally_and_sign_out(page: Any, server: Server) -> None:
    """GIVEN the login page
    WHEN the administrator signs in with the form, then signs out from the profile menu
    THEN the dashboard says who is signed in, and signing out lands on the login page saying so."""
    sign_in(page, server)
    assert page.locator("#signed-in-as").text_content() == "Signed in as admin"
    page.locator("#profile-menu summary").click()
    page.locator("#sign-out").click()
    page.wait_for_url(f"{server.url}/accounts/login/**")
    assert page.locator("#signed-out").is_visible()


def test_upload_with_progress_then_find_it_by_a_word(page: Any, server: Server, tmp_path: Path) -> None:
    """GIVEN the signed-in dashboard
    WHEN a PDF is chosen with the upload button and a text file is dropped onto the page
    THEN each shows a progress bar, then a link to its new document; the PDF is then found by a word in it."""
    sign_in(page, server)
    pdf = filegen.text_pdf(tmp_path / "quokka.pdf", [["Adoption papers for a quokka", "Rottnest Island 2024"]])
    page.set_input_files("#upload-input", str(pdf))
    page.wait_for_selector(".upload-item progress", state="attached")
    page.evaluate("""() => {
        const data = new DataTransfer();
        data.items.add(new File(["Minutes of the wombat society meeting"], "wombat.txt", {type: "text/plain"}));
        for (const kind of ["dragenter", "dragover", "drop"])
            window.dispatchEvent(new DragEvent(kind, {dataTransfer: data, bubbles: true, cancelable: true}));
    }""")
    page.wait_for_function("document.querySelectorAll('.upload-document').length === 2", timeout=180_000)
    names = page.locator(".upload-item strong").all_inner_texts()
    assert sorted(names) == ["quokka.pdf", "wombat.txt"]
    page.locator(".upload-item", has_text="quokka.pdf").locator(".upload-document").click()
    page.wait_for_url(re.compile(r".*/documents/\d+/$"))
    assert page.locator("#document-title").inner_text() == "quokka"
    page.goto(f"{server.url}/documents/?q=quokka")
    assert page.locator("#results .doc-title").all_inner_texts() == ["quokka"]


def test_search_with_a_field_query(page: Any, server: Server, library: dict[str, int]) -> None:
    """GIVEN the library with a gas bill tagged "energy"
    WHEN the user searches "tag:energy bill" in the search box
    THEN only the gas bill is listed."""
    energy = server.create("tags", name="energy")
    server.api.patch(f"{server.url}/api/documents/{library['gas']}/", json={"tags": [energy]}).raise_for_status()
    sign_in(page, server)
    page.goto(f"{server.url}/documents/")
    page.fill("#q", "tag:energy bill")
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_url("**q=tag%3Aenergy+bill**")
    assert page.locator("#results .doc-title").all_inner_texts() == ["gas letter"]


def test_edit_metadata_on_the_document_page(page: Any, server: Server, library: dict[str, int]) -> None:
    """GIVEN the rent letter and a tag housing
    WHEN the user changes its title, date and ASN, types a new correspondent, ticks housing in the tag list,
    types a new tag "lease", and saves
    THEN the page says Saved and shows the new values after a reload."""
    server.create("tags", name="housing")
    sign_in(page, server)
    page.goto(f"{server.url}/documents/{library['rent']}/")
    page.fill("#f-title", "Rent increase 2024")
    page.fill("#f-created", "2024-04-02")
    page.fill("#f-new-correspondent", "Contoso Housing")
    page.fill("#f-new-tags", "lease")
    page.fill("#f-asn", "77")
    page.locator("#edit-form .multi-option", has_text="housing").locator("input").check()
    page.click("#save-document")
    page.wait_for_selector("text=Saved.")
    page.reload()
    assert page.locator("#document-title").inner_text() == "Rent increase 2024"
    assert page.input_value("#f-created") == "2024-04-02" and page.input_value("#f-asn") == "77"
    assert page.locator("#f-correspondent option:checked").inner_text() == "Contoso Housing"
    for tag in ("housing", "lease"):
        assert page.locator("#edit-form .multi-option", has_text=tag).locator("input").is_checked()


def test_bulk_edit_adds_a_tag_to_the_selected_documents(page: Any, server: Server, library: dict[str, int]) -> None:
    """GIVEN the library
    WHEN the user ticks the gas and car letters and adds the tag "to-pay" from the bulk bar
    THEN the page confirms two documents changed and both rows show the tag."""
    server.create("tags", name="to-pay")
    sign_in(page, server)
    page.goto(f"{server.url}/documents/?q=letter&sort=title")
    assert page.locator("#bulkbar").is_hidden()
    for name in ("car letter", "gas letter"):
        page.get_by_label(f"Select {name}").check()
    assert page.locator("#selected-count").inner_text() == "2"
    page.locator("#bulkbar .multi-option", has_text="to-pay").locator("input").check()
    page.get_by_role("button", name="Add tags").click()
    page.wait_for_selector("text=Added 1 tag(s) on 2 document(s).")
    tagged = page.locator("#results tr", has=page.locator(".tag", has_text="to-pay")).locator(".doc-title")
    assert sorted(tagged.all_inner_texts()) == ["car letter", "gas letter"]


def test_save_a_view_and_see_it_on_the_dashboard(page: Any, server: Server, library: dict[str, int]) -> None:
    """GIVEN the library
    WHEN the user searches "repair", opens Save view, names it and saves it for the dashboard
    THEN the view is listed on the documents page and its panel on the dashboard shows the car letter."""
    sign_in(page, server)
    page.goto(f"{server.url}/documents/?q=repair")
    page.locator("#save-view summary").click()
    page.fill("#view-name", "Car repairs")
    page.click("#save-view-button")
    page.wait_for_selector("text=Saved the view “Car repairs”.")
    assert page.get_by_role("navigation", name="Saved views").get_by_role("link", name="Car repairs").is_visible()
    page.goto(f"{server.url}/")
    panel = page.locator("section.saved-view", has_text="Car repairs")
    assert panel.locator(".title").all_inner_texts() == ["car letter"]


def test_a_share_link_opens_in_a_fresh_browser(page: Any, browser: Any, server: Server,
                                               library: dict[str, int]) -> None:
    """GIVEN the gas letter's page
    WHEN the user creates a share link and someone else opens that address in a fresh browser (no session)
    THEN they get the PDF."""
    sign_in(page, server)
    page.goto(f"{server.url}/documents/{library['gas']}/")
    page.click("#create-share-link")
    url = page.locator("code.share").first.inner_text()
    assert "/share/" in url
    stranger = browser.new_context()
    try:
        answer = stranger.request.get(url)
        assert answer.status == 200 and answer.headers["content-type"] == "application/pdf"
        assert answer.body().startswith(b"%PDF")
    finally:
        stranger.close()


def test_a_title_with_markup_is_shown_as_text(page: Any, server: Server, library: dict[str, int]) -> None:
    """GIVEN the car letter
    WHEN the user gives it a title holding an image element with an onerror script
    THEN the document page and the list show the title as text and the script never runs."""
    evil = '<img src=x onerror="window.__xss=1">'
    sign_in(page, server)
    page.goto(f"{server.url}/documents/{library['car']}/")
    page.fill("#f-title", evil)
    page.click("#save-document")
    page.wait_for_selector("text=Saved.")
    assert page.locator("#document-title").inner_text() == evil
    page.goto(f"{server.url}/documents/?q=repair")
    assert page.locator("#results .doc-title").all_inner_texts() == [evil]
    assert page.evaluate("window.__xss") is None


def test_a_second_user_sees_only_what_is_theirs(page: Any, browser: Any, server: Server,
                                                library: dict[str, int]) -> None:
    """GIVEN the administrator's documents
    WHEN the administrator creates bob in Manage with permission to view and add documents, and bob signs in
    THEN bob's documents page is empty and the administrator's document answers not found."""
    sign_in(page, server)
    page.goto(f"{server.url}/manage/people/users/new/")
    page.fill("#u-username", "bob")
    page.fill("#u-password", "bobs-long-password-1")
    page.get_by_label("view documents").check()
    page.get_by_label("add documents").check()
    page.click("#save-user")
    page.wait_for_selector("text=Saved the user bob.")
    bob = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        bobs = bob.new_page()
        sign_in(bobs, server, "bob", "bobs-long-password-1")
        bobs.goto(f"{server.url}/documents/")
        assert bobs.locator("#no-results").is_visible()
        assert bobs.goto(f"{server.url}/documents/{library['gas']}/").status == 404
    finally:
        bob.close()


PAGES = {
    "dashboard": "/", "documents": "/documents/", "documents-cards": "/documents/?display=cards",
    "document": "/documents/{gas}/", "manage": "/manage/", "tags": "/manage/tags/",
    "storage-paths": "/manage/storage_paths/", "custom-fields": "/manage/custom_fields/",
    "users": "/manage/people/", "tasks": "/tasks/?tab=all", "trash": "/trash/",
}  # fmt: skip


def test_screenshots_of_the_main_pages_on_desktop_and_phone(page: Any, server: Server,
                                                            library: dict[str, int]) -> None:
    """GIVEN the library
    WHEN each main page is opened at 1280x800 and at 375x812 (and the dashboard in the dark theme)
    THEN no page is wider than the phone's screen, and a screenshot of each is saved as a test artifact."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    sign_in(page, server)
    for width, height in ((1280, 800), (375, 812)):
        page.set_viewport_size({"width": width, "height": height})
        for name, path in PAGES.items():
            page.goto(server.url + path.format(**library))
            assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{name} overflows at {width}px"
            page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}x{height}.png"))
    page.goto(f"{server.url}/")
    before = page.evaluate("getComputedStyle(document.body).backgroundColor")
    page.click("#theme-toggle")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") != before
    page.screenshot(path=str(SCREENSHOTS / "dashboard-toggled-theme-375x812.png"))
