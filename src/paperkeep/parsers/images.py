"""Image helpers for OCR: resolution, alpha removal, metadata."""

from __future__ import annotations

import logging
from pathlib import Path

from PIL import Image, ImageSequence
from PIL.ExifTags import TAGS

logger = logging.getLogger(__name__)

A4_SHORT_SIDE_INCHES = 21.0 / 2.54
MIN_PLAUSIBLE_DPI = 10


def image_dpi(path: Path) -> int | None:
    """Return the resolution stored in the image, or None if it has none (or a silly one)."""
    with Image.open(path) as im:
        dpi = im.info.get("dpi")
        if not dpi and im.info.get("jfif_unit") == 1:
            dpi = im.info.get("jfif_density")
    try:
        value = round(float(dpi[0])) if dpi else 0
    except (TypeError, ValueError, IndexError):
        value = 0
    return value if value >= MIN_PLAUSIBLE_DPI else None


def estimate_dpi(width: int, height: int) -> int:
    """Estimate a resolution by assuming the image's short side is the width of an A4 page."""
    return max(MIN_PLAUSIBLE_DPI, round(min(width, height) / A4_SHORT_SIDE_INCHES))


def has_alpha(path: Path) -> bool:
    """Return whether the image has an alpha channel or a transparent palette entry."""
    with Image.open(path) as im:
        return im.mode in ("RGBA", "LA", "PA", "La", "RGBa") or (im.mode == "P" and "transparency" in im.info)


def flatten_alpha(path: Path, workdir: Path) -> Path:
    """Write a copy of the image with its transparency composited onto white (OCRmyPDF refuses alpha)."""
    with Image.open(path) as im:
        dpi = im.info.get("dpi")
        frames = [_on_white(frame) for frame in ImageSequence.Iterator(im)]
    if len(frames) > 1:
        out = workdir / "flattened.tiff"
        frames[0].save(out, "TIFF", save_all=True, append_images=frames[1:], compression="tiff_deflate",
                       **({"dpi": dpi} if dpi else {}))
    else:
        out = workdir / "flattened.png"
        frames[0].save(out, "PNG", **({"dpi": dpi} if dpi else {}))
    return out


def _on_white(frame: Image.Image) -> Image.Image:
    rgba = frame.convert("RGBA")
    background = Image.new("RGB", rgba.size, (255, 255, 255))
    background.paste(rgba, mask=rgba.getchannel("A"))
    return background


def extract_metadata(path: Path) -> list[dict[str, str]]:
    """Return the image's EXIF tags and text chunks as namespace/prefix/key/value records."""
    try:
        with Image.open(path) as im:
            return metadata_records(im)
    except Exception:  # metadata is a nicety; an odd EXIF block must not fail the document
        logger.warning("Could not read the metadata of %s", path, exc_info=True)
        return []


def metadata_records(im: Image.Image) -> list[dict[str, str]]:
    """Return the records of an opened image (its first frame), as ``extract_metadata`` does.

    Reading a PNG's EXIF and text chunks decodes the whole image (they may follow the pixels): on an image
    whose first frame was just decoded anyway, this costs nothing more.
    """
    records: list[dict[str, str]] = []
    for tag, value in im.getexif().items():
        name = TAGS.get(tag, str(tag))
        if isinstance(value, bytes):
            continue
        records.append({"namespace": "exif", "prefix": "exif", "key": name, "value": str(value)})
    for key, value in getattr(im, "text", {}).items():
        records.append({"namespace": "png", "prefix": "png", "key": key, "value": str(value)})
    return records
