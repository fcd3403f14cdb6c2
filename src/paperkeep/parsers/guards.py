"""Cheap safety checks that run before any decoding: empty, too large, decompression bombs."""

from __future__ import annotations

import warnings
import zipfile
from pathlib import Path

from PIL import Image

from paperkeep.parsers.errors import CorruptFile, DecompressionBomb, EmptyFile, TooLarge
from paperkeep.parsers.options import ParseOptions

# A zip (office file) may expand to at most this many bytes, and at most this many times its size.
ZIP_MAX_EXPANDED = 2 * 2**30
ZIP_MAX_RATIO = 200
# Frames of a multi-page image, in total, may hold this many times the per-image pixel limit.
FRAMES_PIXEL_FACTOR = 20


def check_file(path: Path, options: ParseOptions) -> int:
    """Reject empty files and files over the size limit; return the size in bytes."""
    size = Path(path).stat().st_size
    if size == 0:
        raise EmptyFile()
    if size > options.max_file_size:
        raise TooLarge.for_size(size, options.max_file_size)
    return size


def check_image(path: Path, options: ParseOptions) -> tuple[int, int, int]:
    """Read only the image header and reject decompression bombs; return width, height and frames."""
    limit = options.pixel_limit
    _raise_pillow_limit(limit)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as im:
                width, height = im.size
                frames = getattr(im, "n_frames", 1)
    except Image.DecompressionBombError as exc:
        raise DecompressionBomb("The image would expand to an unsafe size when decoded.") from exc
    except (OSError, SyntaxError, ValueError) as exc:
        raise CorruptFile("The image is damaged or in a format that cannot be read.") from exc
    if width * height > limit:
        raise DecompressionBomb.for_pixels(width, height, limit)
    if width * height * frames > limit * FRAMES_PIXEL_FACTOR:
        raise DecompressionBomb(f"The image has {frames} frames of {width} x {height} pixels, too many to decode.")
    return width, height, frames


def check_zip(path: Path) -> None:
    """Reject zip containers (office documents) that would expand to an unsafe size."""
    size = max(Path(path).stat().st_size, 1)
    try:
        with zipfile.ZipFile(path) as zf:
            expanded = sum(info.file_size for info in zf.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise CorruptFile("The document's zip container is damaged.") from exc
    if expanded > ZIP_MAX_EXPANDED or (expanded > 64 * 2**20 and expanded / size > ZIP_MAX_RATIO):
        raise DecompressionBomb(
            f"The document would expand from {size / 2**20:.1f} MiB to {expanded / 2**20:.0f} MiB when opened."
        )


def _raise_pillow_limit(limit: int) -> None:
    # Pillow refuses images over twice its global limit; keep that above ours so our check,
    # with its clearer message, decides. OCRmyPDF sets the same global from max_image_mpixels.
    current = Image.MAX_IMAGE_PIXELS
    if current is not None and current * 2 < limit:
        Image.MAX_IMAGE_PIXELS = limit
