"""Check an uploaded application logo: a real JPEG, PNG or GIF (re-encoded, so no metadata or trailing payload
survives), or an SVG made only of drawing elements (refused otherwise: no scripts, handlers, foreign content or
outside resources). The messages follow Paperless-ngx's, so its web UI shows the same errors.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET  # DOCTYPEs are refused before parsing, and expat fetches nothing
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import InMemoryUploadedFile, UploadedFile
from rest_framework import serializers

MAX_LOGO_BYTES = 5 * 2**20
MAX_LOGO_PIXELS = 25_000_000  # when PAPERLESS_MAX_IMAGE_PIXELS is not set
RASTER_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/gif": "GIF"}

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"

_TAG_WORDS = (
    "svg g defs symbol use title desc metadata style path rect circle ellipse line polyline polygon text tspan "
    "textpath lineargradient radialgradient stop pattern clippath mask marker"
)
_ATTRIBUTE_WORDS = (
    "id class style lang version baseprofile viewbox preserveaspectratio x y x1 y1 x2 y2 cx cy r rx ry fx fy fr "
    "width height d points dx dy rotate transform fill fill-opacity fill-rule stroke stroke-width stroke-opacity "
    "stroke-linecap stroke-linejoin stroke-miterlimit stroke-dasharray stroke-dashoffset opacity color clip-rule "
    "clip-path mask vector-effect overflow display visibility offset stop-color stop-opacity gradientunits "
    "gradienttransform spreadmethod patternunits patterncontentunits patterntransform maskunits maskcontentunits "
    "clippathunits markerwidth markerheight markerunits refx refy orient marker-start marker-mid marker-end "
    "font-family font-size font-weight font-style font-variant text-anchor dominant-baseline alignment-baseline "
    "text-decoration letter-spacing word-spacing text-rendering shape-rendering image-rendering "
    "color-interpolation color-interpolation-filters startoffset method spacing textlength lengthadjust "
    "href xlink:href xlink:title xml:space xml:lang aria-label aria-hidden role focusable type media"
)
SVG_TAGS = frozenset(_TAG_WORDS.split())
SVG_ATTRIBUTES = frozenset(_ATTRIBUTE_WORDS.split())
# Text that must not appear in CSS (a style attribute or a <style> element) or a link target.
DANGEROUS_PATTERNS = (
    "javascript:", "vbscript:", "data:text/html", "data:application/", "expression(", "@import", "-moz-binding",
    "behavior:", "behaviour:", "url(http", "url('http", 'url("http', "url(//", "url('//", 'url("//',
)  # fmt: skip
SAFE_HREF_PREFIXES = ("#", "data:image/png", "data:image/jpeg", "data:image/gif", "data:image/webp")


def _fail(message: str) -> serializers.ValidationError:
    return serializers.ValidationError(message)


def _attribute_name(raw: str) -> str:
    """`{xlink-ns}href` -> `xlink:href`; other namespaced names keep their `{ns}` form (and fail the allowlist)."""
    if raw.startswith("{"):
        namespace, _, local = raw[1:].partition("}")
        prefix = {XLINK_NS: "xlink", XML_NS: "xml"}.get(namespace)
        return f"{prefix}:{local}".lower() if prefix else raw
    return raw.lower()


def _check_css(text: str, where: str) -> None:
    if "\\" in text:
        raise _fail(f"Disallowed pattern in {where}: CSS escapes")
    lowered = "".join(text.lower().split())
    for pattern in DANGEROUS_PATTERNS:
        if pattern.replace(" ", "") in lowered:
            raise _fail(f"Disallowed pattern in {where}: {pattern}")


def _check_element(element: ET.Element) -> None:
    namespace, _, local = element.tag[1:].partition("}") if element.tag.startswith("{") else ("", "", element.tag)
    tag = local.lower()
    if namespace not in ("", SVG_NS) or tag not in SVG_TAGS:
        raise _fail(f"Disallowed SVG tag: <{tag}>")
    if tag == "style":
        _check_css("".join(element.itertext()), "<style> content")
    for raw_name, value in element.attrib.items():
        name = _attribute_name(raw_name)
        if name not in SVG_ATTRIBUTES:
            raise _fail(f"Disallowed SVG attribute: {raw_name}")
        if name == "style":
            _check_css(value, "style attribute")
        if name in ("href", "xlink:href"):
            target = value.strip().lower()
            for pattern in DANGEROUS_PATTERNS[:4]:
                if target.startswith(pattern):
                    raise _fail(f"Disallowed URI scheme in {name}: {pattern}")
            if target and not target.startswith(SAFE_HREF_PREFIXES):
                raise _fail(f"URI scheme not allowed in {name}: must be #anchor or data:image/*")


def check_svg(data: bytes) -> bytes:
    """Refuse an SVG holding anything but drawing elements and safe attributes; return it written out again from
    what was checked (no comments, processing instructions or XML declaration tricks survive)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _fail("Invalid SVG file.") from exc  # UTF-8 only, so the checks below see what the parser sees
    if "<!DOCTYPE" in text.upper() or "<!ENTITY" in text.upper():
        raise _fail("Invalid SVG file.")
    try:
        root = ET.fromstring(text)  # noqa: S314 (DOCTYPEs are refused above: no entities to expand)
    except ET.ParseError as exc:
        raise _fail("Invalid SVG file.") from exc
    if root.tag not in (f"{{{SVG_NS}}}svg", "svg"):
        raise _fail("Invalid SVG file.")
    for element in root.iter():
        _check_element(element)
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", XLINK_NS)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _pixel_limit() -> int:
    limit = getattr(settings.CONFIG.ocr, "pil_max_image_pixels", None)
    return int(limit) if limit and limit > 0 else MAX_LOGO_PIXELS


def clean_raster(data: bytes, fmt: str) -> bytes:
    """Check a JPEG/PNG/GIF decodes within the pixel limit; return it re-encoded without metadata."""
    from PIL import Image  # Pillow and libmagic load when a logo is uploaded, not in every web worker at start

    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format != fmt:
                raise _fail("Invalid logo image.")
            if probe.width * probe.height > _pixel_limit():
                raise _fail("Uploaded logo exceeds the maximum allowed image size.")
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            out = io.BytesIO()
            options: dict[str, Any] = {"save_all": True} if fmt == "GIF" else {}
            if fmt == "JPEG":
                options["quality"] = 95
            image.save(out, format=fmt, **options)
            return out.getvalue()
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise _fail("Invalid logo image.") from exc


def clean_logo(upload: UploadedFile) -> UploadedFile:
    """Return the upload ready to store, or raise a ValidationError saying why it is refused."""
    if upload.size is not None and upload.size > MAX_LOGO_BYTES:
        raise _fail(f"Uploaded logo is larger than {MAX_LOGO_BYTES // 2**20} MiB.")
    upload.seek(0)
    data = upload.read(MAX_LOGO_BYTES + 1)
    if len(data) > MAX_LOGO_BYTES:
        raise _fail(f"Uploaded logo is larger than {MAX_LOGO_BYTES // 2**20} MiB.")
    import magic

    mime = magic.from_buffer(data[:4096], mime=True)
    name = upload.name or "logo"
    if mime == "image/svg+xml" or name.lower().endswith(".svg"):
        cleaned, content_type = check_svg(data), "image/svg+xml"
    elif mime in RASTER_FORMATS:
        cleaned, content_type = clean_raster(data, RASTER_FORMATS[mime]), mime
    else:
        raise _fail("Invalid logo image.")
    return InMemoryUploadedFile(io.BytesIO(cleaned), "app_logo", name, content_type, len(cleaned), None)
