"""unpaper's clean-up, as OCRmyPDF's ``--clean`` runs it, done in-process on grayscale pages.

OCRmyPDF calls ``unpaper --layout none --no-mask-center --no-border-align --no-grayfilter --no-blackfilter
--no-deskew --mask-scan-size 100``. With no layout there is no mask or border to scan for, so only two of
unpaper's filters change pixels, and both only ever turn dark pixels white:

* the noise filter: every pixel darker than the white threshold (229) whose dark neighbourhood, grown ring
  by ring until a ring is empty (at most 4 rings), holds at most 4 pixels is cleared with that cluster;
* the blur filter: every 100 x 100 block whose own count, and its diagonal neighbours' (counted on the
  same 100-pixel grid shifted by 50 rows, 150 rows tall), of pixels at or below the threshold is at most 1%
  of the block is cleared.

unpaper runs both pixel by pixel through generic accessors on an RGB copy of the page (about half a second
for an A4 page at 300 dpi). Here the noise filter visits only the pixels that can qualify (a dark pixel with
at most 3 dark neighbours: no other dark pixel ever becomes one, and no clearing changes a surviving pixel's
3 x 3 neighbourhood, as a cleared cluster is ringed by light pixels), in unpaper's order and with its
ring arithmetic, and the blur filter counts once per cell of 100 x 50 pixels (clearing never touches a
block's count before it is read) and replays unpaper's block walk, including its bookkeeping quirks. The
result is pixel for pixel unpaper's (tests compare them on generated pages).
"""

from __future__ import annotations

from PIL import Image, ImageFilter, ImageOps

WHITE = 255
# unpaper's absolute white threshold: (unsigned) (255 * 0.9).
THRESHOLD = 229
NOISE_INTENSITY = 4
BLOCK = 100  # blur filter block size, both directions
STEP = 50  # blur filter step (the row offset of the neighbour counts)
BLUR_INTENSITY = 0.01

# 10 for a dark centre plus one per dark neighbour: a candidate has 10..13.
_CENTRE_KERNEL = ImageFilter.Kernel((3, 3), [1, 1, 1, 1, 10, 1, 1, 1, 1], scale=1)


def clean(image: Image.Image) -> Image.Image:
    """Return the page as ``unpaper`` with OCRmyPDF's arguments would (grayscale or 1-bit pages)."""
    if image.mode == "1":
        cleaned = clean(image.convert("L"))
        return cleaned.point(lambda v: 255 if v >= 128 else 0).convert("1", dither=Image.Dither.NONE)
    if image.mode != "L":
        raise ValueError(f"only grayscale and 1-bit pages are cleaned in-process, not {image.mode}")
    pixels = bytearray(image.tobytes())
    _noise_filter(pixels, image.width, image.height, _candidates(image))
    page = Image.frombytes("L", image.size, bytes(pixels))
    _blur_filter(page)
    return page


def _candidates(image: Image.Image) -> list[int]:
    """Offsets, in raster order, of dark pixels with at most 3 dark neighbours (outside the page is light)."""
    dark = image.point([1 if value < THRESHOLD else 0 for value in range(256)])
    framed = ImageOps.expand(dark, border=1, fill=0).filter(_CENTRE_KERNEL)
    marks = framed.crop((1, 1, image.width + 1, image.height + 1)).point(
        [255 if 10 <= value <= 13 else 0 for value in range(256)])
    data = marks.tobytes()
    offsets = []
    offset = data.find(255)
    while offset >= 0:
        offsets.append(offset)
        offset = data.find(255, offset + 1)
    return offsets


def _noise_filter(pixels: bytearray, width: int, height: int, candidates: list[int]) -> None:
    for offset in candidates:
        if pixels[offset] >= THRESHOLD:
            continue  # cleared with an earlier cluster
        y, x = divmod(offset, width)
        count, level, found = 1, 1, -1
        while found != 0 and level <= NOISE_INTENSITY and count <= NOISE_INTENSITY:
            found = _ring(pixels, width, height, x, y, level, clear=False)
            count += found
            level += 1
        if count <= NOISE_INTENSITY:
            pixels[offset] = WHITE
            level = 1
            while _ring(pixels, width, height, x, y, level, clear=True):
                level += 1


def _ring(pixels: bytearray, width: int, height: int, x: int, y: int, level: int, clear: bool) -> int:
    """Count (and optionally clear) the dark pixels at Chebyshev distance ``level`` from (x, y)."""
    count = 0
    points = [(xx, y - level) for xx in range(x - level, x + level + 1)]
    points += [(xx, y + level) for xx in range(x - level, x + level + 1)]
    points += [(x - level, yy) for yy in range(y - level + 1, y + level)]
    points += [(x + level, yy) for yy in range(y - level + 1, y + level)]
    for px, py in points:
        if 0 <= px < width and 0 <= py < height:
            offset = py * width + px
            if pixels[offset] < THRESHOLD:
                count += 1
                if clear:
                    pixels[offset] = WHITE
    return count


def _blur_filter(page: Image.Image) -> None:
    width, height = page.size
    per_row = width // BLOCK
    if per_row < 1 or height < BLOCK:
        return
    cells = _cell_counts(page)
    total = BLOCK * BLOCK

    def rect(column: int, top: int, rows: int) -> int:
        # Dark pixels in columns [column*100, +100) and rows [top, top+rows); outside the page counts nothing.
        return sum(cells.get((column, (top + dy) // STEP), 0) for dy in range(0, rows, STEP))

    prev = [0] * (per_row + 2)
    cur = [0] * (per_row + 2)
    nxt = [0] * (per_row + 2)
    for block in range(1, per_row + 1):
        cur[block] = rect(block - 1, 0, BLOCK)
    cur[0] = total
    cur[per_row] = total  # sic: unpaper overwrites the last block's count
    nxt[0] = total
    nxt[per_row] = total
    clear = []
    for top in range(0, height - BLOCK + 1, BLOCK):
        nxt[0] = rect(0, top + STEP, BLOCK + STEP)
        for block in range(1, per_row + 1):
            nxt[block + 1] = rect(block, top + STEP, BLOCK + STEP)
            darkest = max(nxt[block - 1], nxt[block + 1], prev[block - 1], prev[block + 1], cur[block])
            if darkest / total <= BLUR_INTENSITY:
                clear.append(((block - 1) * BLOCK, top))
                cur[block] = total
        prev, cur, nxt = cur, nxt, prev
    for left, top in clear:
        page.paste(WHITE, (left, top, left + BLOCK, top + BLOCK))


def _cell_counts(page: Image.Image) -> dict[tuple[int, int], int]:
    """Count pixels at or below the threshold in every cell of 100 columns by 50 rows."""
    dark = page.point([255 if value <= THRESHOLD else 0 for value in range(256)])
    counts = {}
    for row in range((page.height + STEP - 1) // STEP):
        for column in range((page.width + BLOCK - 1) // BLOCK):
            left, top = column * BLOCK, row * STEP
            box = (left, top, min(page.width, left + BLOCK), min(page.height, top + STEP))
            counts[(column, row)] = dark.crop(box).histogram()[255]
    return counts
