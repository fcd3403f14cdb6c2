"""Thumbnails: the first page as a WebP about 500 pixels wide."""

from __future__ import annotations

import logging
from pathlib import Path

from PIL import Image, ImageOps

from paperkeep.parsers.guards import check_image
from paperkeep.parsers.options import ParseOptions
from paperkeep.parsers.render import placeholder_page, text_page
from paperkeep.parsers.textutil import decode_bytes

logger = logging.getLogger(__name__)

THUMB_WIDTH = 500
THUMB_MAX_HEIGHT = 5000
WEBP_QUALITY = 85
# Encoder effort 2 of 6: a third of the default's time for a file 2-3 % larger.
WEBP_METHOD = 2
TEXT_PREVIEW_BYTES = 16_384


def make_thumbnail(path: Path, mime: str, workdir: Path, options: ParseOptions | None = None) -> Path:
    """Write ``workdir/thumbnail.webp`` from the first page of ``path``; a placeholder if rendering fails.

    Pass the archive PDF (with mime ``application/pdf``) for documents whose parser made one,
    such as office files and mail.
    """
    path, workdir = Path(path), Path(workdir)
    out = workdir / "thumbnail.webp"
    try:
        if mime == "application/pdf":
            image = _pdf_first_page(path)
        elif mime.startswith("image/"):
            image = _image_first_frame(path, options or ParseOptions())
        elif mime.startswith("text/") or mime == "application/csv":
            image = text_page(decode_bytes(_head(path)), THUMB_WIDTH)
        else:
            image = placeholder_page(path.suffix.lstrip(".") or mime.rsplit("/", 1)[-1], THUMB_WIDTH)
    except Exception:  # a thumbnail must never fail a document; show a placeholder instead
        logger.warning("Could not render a thumbnail of %s; using a placeholder", path.name, exc_info=True)
        image = placeholder_page(path.suffix.lstrip("."), THUMB_WIDTH)
    _fit(image).save(out, "WEBP", quality=WEBP_QUALITY, method=WEBP_METHOD)
    return out


def _pdf_first_page(path: Path) -> Image.Image:
    from paperkeep.parsers.pdf import open_pdf

    with open_pdf(path) as doc:
        page = doc[0]
        try:
            width, height = page.get_size()
            scale = min(THUMB_WIDTH / max(width, 1.0), THUMB_MAX_HEIGHT / max(height, 1.0))
            bitmap = page.render(scale=scale, may_draw_forms=True)
            try:
                return bitmap.to_pil().convert("RGB")
            finally:
                bitmap.close()
        finally:
            page.close()


def _image_first_frame(path: Path, options: ParseOptions) -> Image.Image:
    check_image(path, options)
    with Image.open(path) as im:
        im.draft("RGB", (THUMB_WIDTH * 2, THUMB_MAX_HEIGHT))
        frame = ImageOps.exif_transpose(im)
        if frame.mode in ("RGBA", "LA", "PA") or (frame.mode == "P" and "transparency" in frame.info):
            rgba = frame.convert("RGBA")
            flat = Image.new("RGB", rgba.size, "white")
            flat.paste(rgba, mask=rgba.getchannel("A"))
            return flat
        return frame.convert("RGB")


def _fit(image: Image.Image) -> Image.Image:
    if image.width > THUMB_WIDTH or image.height > THUMB_MAX_HEIGHT:
        image.thumbnail((THUMB_WIDTH, THUMB_MAX_HEIGHT), Image.Resampling.LANCZOS)
    return image


def _head(path: Path) -> bytes:
    with path.open("rb") as fh:
        return fh.read(TEXT_PREVIEW_BYTES)
