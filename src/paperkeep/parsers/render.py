"""Draw pages with Pillow: text pages (for text thumbnails) and a generic placeholder page."""

from __future__ import annotations

import textwrap
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT_DIR = Path("/usr/share/fonts/truetype/liberation")
MONO_FONT = FONT_DIR / "LiberationMono-Regular.ttf"
SANS_FONT = FONT_DIR / "LiberationSans-Regular.ttf"
SANS_BOLD_FONT = FONT_DIR / "LiberationSans-Bold.ttf"

A4_RATIO = 297 / 210


@lru_cache(maxsize=16)
def font(path: Path, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """Return a TrueType font, or Pillow's built-in font when the file is missing."""
    try:
        return ImageFont.truetype(str(path), size)
    except OSError:
        return ImageFont.load_default(size)


def text_page(text: str, width: int = 500) -> Image.Image:
    """Draw the start of ``text`` on a white A4-shaped page ``width`` pixels wide."""
    height = round(width * A4_RATIO)
    margin = max(8, width // 20)
    size = max(6, width // 45)
    face = font(MONO_FONT, size)
    char_width = max(1.0, face.getlength("M"))
    columns = max(10, int((width - 2 * margin) / char_width))
    line_height = round(size * 1.3)
    max_lines = max(1, (height - 2 * margin) // line_height)
    lines: list[str] = []
    for raw in text.replace("\t", "    ").splitlines():
        lines.extend(textwrap.wrap(raw, columns, replace_whitespace=False, drop_whitespace=False) or [""])
        if len(lines) >= max_lines:
            break
    page = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(page)
    for index, line in enumerate(lines[:max_lines]):
        draw.text((margin, margin + index * line_height), line, fill=(30, 30, 30), font=face)
    return page


def placeholder_page(label: str, width: int = 500) -> Image.Image:
    """Draw a plain document icon with a short label (such as the file extension)."""
    height = round(width * A4_RATIO)
    page = Image.new("RGB", (width, height), (245, 245, 245))
    draw = ImageDraw.Draw(page)
    inset = width // 6
    fold = width // 6
    outline = [(inset, inset), (width - inset - fold, inset), (width - inset, inset + fold),
               (width - inset, height - inset), (inset, height - inset)]
    draw.polygon(outline, fill="white", outline=(160, 160, 160), width=3)
    draw.line([(width - inset - fold, inset), (width - inset - fold, inset + fold), (width - inset, inset + fold)],
              fill=(160, 160, 160), width=3)
    face = font(SANS_BOLD_FONT, width // 8)
    label = label.upper()[:6] or "FILE"
    box = draw.textbbox((0, 0), label, font=face)
    draw.text(((width - (box[2] - box[0])) / 2, (height - (box[3] - box[1])) / 2), label, fill=(110, 110, 110),
              font=face)
    return page
