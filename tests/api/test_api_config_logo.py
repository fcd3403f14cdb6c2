"""The application logo: uploaded through `/api/config/1/` (checked, cleaned), served at `/logo/`."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from paperkeep.api.serializers import logo as logo_rules
from paperkeep.documents.appconfig import app_config
from tests.api.conftest import ClientFor
from tests.conftest import Dirs

pytestmark = pytest.mark.django_db

DETAIL = "/api/config/1/"
SAFE_SVG = b"""<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">
  <defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs>
  <style>.a { fill: url(#g); }</style>
  <rect class="a" width="10" height="10" style="stroke: black"/><use xlink:href="#g"/>
</svg>"""


@pytest.fixture
def admin(db: None) -> User:
    return User.objects.create_superuser("root", "root@example.org", "password")


def png(*, size: int = 12, text: str | None = None) -> bytes:
    info = PngInfo()
    if text:
        info.add_text("Author", text)
    out = io.BytesIO()
    Image.new("RGB", (size, size), "green").save(out, format="PNG", pnginfo=info)
    return out.getvalue()


def upload(client: Any, name: str, content: bytes, content_type: str = "image/png") -> Any:
    file = SimpleUploadedFile(name, content, content_type=content_type)
    return client.patch(DETAIL, {"app_logo": file}, format="multipart")


def test_a_png_logo_is_stored_without_its_metadata(paperkeep_dirs: Dirs, admin: User, client_for: ClientFor) -> None:
    """GIVEN a PNG carrying a text chunk
    WHEN it is uploaded as the logo
    THEN the answer is 200 with the logo's absolute /logo/ URL, and the stored file is a PNG without the chunk."""
    response = upload(client_for(admin), "brand.png", png(text="Secret Author"))
    assert response.status_code == 200
    assert response.json()["app_logo"] == "http://testserver/logo/brand.png"
    stored = Path(app_config().app_logo.path)
    assert stored.parent == paperkeep_dirs.media / "logo"
    with Image.open(stored) as image:
        assert image.format == "PNG" and image.text == {}


def test_the_logo_is_served_as_an_attachment(paperkeep_dirs: Dirs, admin: User, client_for: ClientFor) -> None:
    """GIVEN an uploaded PNG logo
    WHEN /logo/brand.png is fetched without signing in
    THEN the answer is the image, typed image/png, as an attachment named brand.png."""
    upload(client_for(admin), "brand.png", png())
    response = Client().get("/logo/brand.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'attachment; filename="brand.png"'
    with Image.open(io.BytesIO(b"".join(response.streaming_content))) as image:
        assert image.size == (12, 12)


def test_without_a_logo_the_logo_url_is_not_found(paperkeep_dirs: Dirs) -> None:
    """GIVEN no logo configured
    WHEN /logo/ is fetched
    THEN the answer is 404."""
    assert Client().get("/logo/").status_code == 404


def test_replacing_the_logo_deletes_the_old_file(
    paperkeep_dirs: Dirs, admin: User, client_for: ClientFor, django_capture_on_commit_callbacks: Any
) -> None:
    """GIVEN an uploaded logo
    WHEN another is uploaded (and the change commits)
    THEN the first file is gone and the new one is served."""
    client = client_for(admin)
    upload(client, "first.png", png())
    first = Path(app_config().app_logo.path)
    out = io.BytesIO()
    Image.new("RGB", (20, 10), "red").save(out, format="GIF")
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, "second.gif", out.getvalue(), "image/gif")
    assert response.status_code == 200
    assert not first.exists()
    assert Client().get("/logo/")["Content-Type"] == "image/gif"


def test_clearing_the_logo_deletes_its_file(
    paperkeep_dirs: Dirs, admin: User, client_for: ClientFor, django_capture_on_commit_callbacks: Any
) -> None:
    """GIVEN an uploaded logo
    WHEN app_logo is PATCHed to null (and the change commits)
    THEN the configuration has no logo and the file is gone."""
    client = client_for(admin)
    upload(client, "brand.png", png())
    stored = Path(app_config().app_logo.path)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.patch(DETAIL, {"app_logo": None}, format="json")
    assert response.status_code == 200 and response.json()["app_logo"] is None
    assert not stored.exists() and not app_config().app_logo


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("fake.png", b"<script>alert('xss')</script>", "Invalid logo image."),
        ("truncated.png", png()[:60], "Invalid logo image."),
        ("brand.jpeg", png(), "File extension “jpeg” is not allowed. Allowed extensions are: jpg, png, gif, svg."),
        ("brand.bmp", png(), "File extension “bmp” is not allowed. Allowed extensions are: jpg, png, gif, svg."),
    ],
)
def test_files_that_are_not_allowed_images_are_refused(
    paperkeep_dirs: Dirs, admin: User, client_for: ClientFor, name: str, content: bytes, message: str
) -> None:
    """GIVEN a file that is not a JPEG/PNG/GIF/SVG image, or is named with another extension
    WHEN it is uploaded as the logo
    THEN the answer is 400 `{"app_logo": [message]}` and no logo is stored."""
    response = upload(client_for(admin), name, content)
    assert response.status_code == 400
    assert response.json() == {"app_logo": [message]}
    assert not app_config().app_logo


def test_a_logo_over_the_pixel_limit_is_refused(
    paperkeep_dirs: Dirs, admin: User, client_for: ClientFor, override_config: Any
) -> None:
    """GIVEN PAPERLESS_MAX_IMAGE_PIXELS=100
    WHEN a 12x12 PNG is uploaded
    THEN the answer is 400 with Paperless's "exceeds the maximum allowed image size"."""
    override_config("ocr", pil_max_image_pixels=100)
    response = upload(client_for(admin), "big.png", png())
    assert response.json() == {"app_logo": ["Uploaded logo exceeds the maximum allowed image size."]}


def test_a_logo_over_the_byte_limit_is_refused(
    paperkeep_dirs: Dirs, admin: User, client_for: ClientFor, monkeypatch: pytest.MonkeyPatch
) -> None:
    """GIVEN a byte limit smaller than the upload
    WHEN the PNG is uploaded
    THEN the answer is 400 naming the limit."""
    monkeypatch.setattr(logo_rules, "MAX_LOGO_BYTES", 2**20)
    noise = io.BytesIO()
    Image.frombytes("L", (1200, 1200), bytes(range(256)) * 5625).save(noise, format="PNG", compress_level=0)
    response = upload(client_for(admin), "huge.png", noise.getvalue())
    assert response.status_code == 400
    assert response.json() == {"app_logo": ["Uploaded logo is larger than 1 MiB."]}


def test_an_svg_keeps_no_processing_instruction_or_comment(paperkeep_dirs: Dirs, admin: User,
                                                            client_for: ClientFor) -> None:
    """GIVEN an SVG with a stylesheet processing instruction and a comment around a drawing
    WHEN it is uploaded
    THEN it is accepted, and what is stored has neither (only what was checked is written out)."""
    svg = (b'<?xml version="1.0"?>\n<?xml-stylesheet href="https://evil.example/x.css"?>\n'
           b'<svg xmlns="http://www.w3.org/2000/svg"><!-- hi --><rect width="1" height="1"/></svg>')
    assert upload(client_for(admin), "pi.svg", svg, "image/svg+xml").status_code == 200
    stored = Path(app_config().app_logo.path).read_bytes()
    assert b"xml-stylesheet" not in stored and b"<!--" not in stored and b"<rect" in stored


@pytest.mark.parametrize("svg", [
    '<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>'.encode("utf-16"),
    b'<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:\\75 rl(x)"/></svg>',
])  # fmt: skip
def test_an_svg_in_utf16_or_with_css_escapes_is_refused(paperkeep_dirs: Dirs, admin: User, client_for: ClientFor,
                                                        svg: bytes) -> None:
    """GIVEN an SVG in UTF-16 (which hides a DOCTYPE from a byte check) or with CSS escapes (which hide url())
    WHEN it is uploaded THEN 400 and nothing stored."""
    assert upload(client_for(admin), "x.svg", svg, "image/svg+xml").status_code == 400
    assert not app_config().app_logo


def test_a_drawing_only_svg_is_accepted_and_served_sandboxed(
    paperkeep_dirs: Dirs, admin: User, client_for: ClientFor
) -> None:
    """GIVEN an SVG of shapes, a gradient, a style element and an internal reference
    WHEN it is uploaded and then fetched from /logo/
    THEN it is stored as the same drawing, written out again from what was checked, and served as an
         image/svg+xml attachment with a sandboxing CSP."""
    assert upload(client_for(admin), "brand.svg", SAFE_SVG, "image/svg+xml").status_code == 200
    stored = Path(app_config().app_logo.path).read_bytes()
    assert ET.tostring(ET.fromstring(stored)) == ET.tostring(ET.fromstring(SAFE_SVG))  # noqa: S314 (our own test data)
    response = Client().get("/logo/brand.svg")
    assert response["Content-Type"] == "image/svg+xml"
    assert response["Content-Disposition"].startswith("attachment")
    assert "sandbox" in response["Content-Security-Policy"]


@pytest.mark.parametrize(
    ("svg", "message"),
    [
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "Disallowed SVG tag: <script>"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "Disallowed SVG attribute: onload"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>x</p></foreignObject></svg>',
         "Disallowed SVG tag: <foreignobject>"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><image href="https://evil.example/x.png"/></svg>',
         "Disallowed SVG tag: <image>"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
         b'<a x:href="javascript:alert(1)"><rect/></a></svg>', "Disallowed SVG tag: <a>"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
         b'<use x:href="javascript:alert(1)"/></svg>', "Disallowed URI scheme in xlink:href: javascript:"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><use href="https://evil.example/s.svg#a"/></svg>',
         "URI scheme not allowed in href: must be #anchor or data:image/*"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill: url(javascript:alert(1))"/></svg>',
         "Disallowed pattern in style attribute: javascript:"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(https://evil.example/a.css);</style></svg>',
         "Disallowed pattern in <style> content: @import"),
        (b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>',
         "Invalid SVG file."),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><rect></svg>', "Invalid SVG file."),
        (b'<html><body onload="alert(1)"></body></html>', "Invalid SVG file."),
    ],
)  # fmt: skip
def test_svgs_with_active_or_outside_content_are_refused(
    paperkeep_dirs: Dirs, admin: User, client_for: ClientFor, svg: bytes, message: str
) -> None:
    """GIVEN an SVG holding a script, an event handler, foreign content, an outside link or entities
    WHEN it is uploaded as the logo
    THEN the answer is 400 `{"app_logo": [message]}` and no logo is stored."""
    response = upload(client_for(admin), "evil.svg", svg, "image/svg+xml")
    assert response.status_code == 400
    assert response.json() == {"app_logo": [message]}
    assert not app_config().app_logo
