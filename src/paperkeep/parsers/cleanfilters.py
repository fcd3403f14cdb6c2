"""unpaper's clean-up, as OCRmyPDF's ``--clean`` runs it, done in-process.

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
ring arithmetic (a candidate's first ring is known from the neighbour count; rings are counted on byte
slices), and the blur filter counts once per cell of 100 x 50 pixels, before the noise filter and then
corrected for the pixels it cleared (clearing never touches a block's count before it is read), and replays
unpaper's block walk, including its bookkeeping quirks. The whole-page passes can run in two bands on two
cores. The result is pixel for pixel unpaper's (tests compare them on generated pages).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from PIL import Image, ImageChops, ImageColor, ImageFilter, ImageOps

WHITE = 255
# unpaper's absolute white threshold: (unsigned) (255 * 0.9).
THRESHOLD = 229
NOISE_INTENSITY = 4
BLOCK = 100  # blur filter block size, both directions
STEP = 50  # blur filter step (the row offset of the neighbour counts)
BLUR_INTENSITY = 0.01

# One per dark neighbour (the centre does not count).
_RING_KERNEL = ImageFilter.Kernel((3, 3), [1, 1, 1, 1, 0, 1, 1, 1, 1], scale=1)
_BELOW = [1 if value < THRESHOLD else 0 for value in range(256)]
_STARTS = [16 if value < THRESHOLD else 0 for value in range(256)]
# A start with n <= 3 dark neighbours is marked n + 1 (found by bytes.find, in C).
_MARKS = [value - 15 if 16 <= value <= 19 else 0 for value in range(256)]
_DARK = bytes(range(THRESHOLD))
_AT_MOST = [1 if value <= THRESHOLD else 0 for value in range(256)]


def clean(image: Image.Image, spare_core: bool = False) -> Image.Image:
    """Return the page as ``unpaper`` with OCRmyPDF's arguments would (grayscale, 1-bit or RGB pages).

    unpaper judges a pixel by its darkest channel when it starts a cluster, by its lightest channel when it
    counts it as a neighbour, and by the mean of its channels in the blur filter; on gray pages all three
    are the pixel's value. With ``spare_core`` the whole-page passes run in two threads (Pillow releases the
    GIL while it works on pixels).
    """
    if image.mode == "1":
        cleaned = clean(image.convert("L"), spare_core)
        return cleaned.point(lambda v: 255 if v >= 128 else 0).convert("1", dither=Image.Dither.NONE)
    if image.mode == "L":
        lightest = darkest = image
    elif image.mode == "RGB":
        red, green, blue = image.split()
        darkest = ImageChops.lighter(ImageChops.lighter(red, green), blue)  # unpaper's "darkness inverse"
        lightest = ImageChops.darker(ImageChops.darker(red, green), blue)  # unpaper's "lightness"
    else:
        raise ValueError(f"only grayscale, 1-bit and RGB pages are cleaned in-process, not {image.mode}")
    gray = image.convert("L", (1 / 3, 1 / 3, 1 / 3, -1 / 3)) if image.mode == "RGB" else image
    # The blur filter's counts are taken before the noise filter and corrected for the pixels it clears
    # (white after, counted before when they were dark): the same counts, with no wait for the noise filter.
    middle = image.height // 2 if spare_core and image.height >= 64 else image.height
    with ThreadPoolExecutor(max_workers=2 if middle < image.height else 1) as pool:
        counts = pool.submit(_cell_counts, gray)
        lower = pool.submit(_candidates, darkest, lightest, middle, image.height) if middle < image.height else None
        candidates = _candidates(darkest, lightest, 0, middle)
        if lower is not None:
            candidates += lower.result()
        cleared = _noise_filter(darkest, lightest, candidates)
        cells = counts.result()
    page = image.copy()
    if cleared:
        mask = Image.new("1", image.size, 0)
        before = gray.load()
        for offset in cleared:
            y, x = divmod(offset, image.width)
            mask.putpixel((x, y), 1)
            if before[x, y] <= THRESHOLD:  # type: ignore[index,operator]
                cells[(x // BLOCK, y // STEP)] -= 1
        page.paste(ImageColor.getcolor("white", image.mode), mask=mask)
    _blur_filter(page, cells)
    return page


def _noise_filter(darkest: Image.Image, lightest: Image.Image, candidates: list[tuple[int, int]]) -> list[int]:
    """Run unpaper's noise filter over its candidates; return the offsets of the pixels it clears."""
    width, height = darkest.size
    starts = bytearray(darkest.tobytes())
    pixels = starts if lightest is darkest else bytearray(lightest.tobytes())
    cleared: list[int] = []
    # On a gray page no clearing ever changes a surviving pixel's 3 x 3 neighbourhood (a cleared cluster is
    # ringed by light pixels), so a candidate's first ring holds the dark neighbours counted up front.
    gray = pixels is starts
    for offset, neighbours in candidates:
        if starts[offset] >= THRESHOLD:
            continue  # cleared with an earlier cluster
        if neighbours == 0:
            # No dark neighbour (clearing elsewhere never adds one): a cluster of one, as unpaper finds it.
            pixels[offset] = starts[offset] = WHITE
            cleared.append(offset)
            continue
        y, x = divmod(offset, width)
        count, level, found = 1, 1, -1
        if gray:
            count, level, found = 1 + neighbours, 2, neighbours
        while found != 0 and level <= NOISE_INTENSITY and count <= NOISE_INTENSITY:
            found = _ring(pixels, width, height, x, y, level, None)
            count += found
            level += 1
        if count <= NOISE_INTENSITY:
            ring: list[int] = [offset]
            level = 1
            while _ring(pixels, width, height, x, y, level, ring):
                level += 1
            for done in ring:
                pixels[done] = starts[done] = WHITE
            cleared += ring
    return cleared


def _candidates(darkest: Image.Image, lightest: Image.Image, top: int, bottom: int) -> list[tuple[int, int]]:
    """Offsets, in raster order, of pixels in rows [top, bottom) that start a cluster and have at most 3 dark
    neighbours, each with its number of dark neighbours.

    No other pixel can ever be cleared as a cluster's start or member, and clearing a cluster (ringed by
    light pixels) never adds a dark neighbour to a surviving pixel.
    """
    width = lightest.width
    above, under = max(0, top - 1), min(lightest.height, bottom + 1)  # the rows the 3 x 3 sums need
    band = lightest.crop((0, above, width, under)).point(_BELOW)
    neighbours = ImageOps.expand(band, border=1, fill=0).filter(_RING_KERNEL)
    neighbours = neighbours.crop((1, top - above + 1, width + 1, bottom - above + 1))
    starts = darkest.crop((0, top, width, bottom)).point(_STARTS)
    data = ImageChops.add(neighbours, starts).point(_MARKS).tobytes()
    base = top * width
    return sorted((base + offset, mark - 1) for mark in (1, 2, 3, 4) for offset in _offsets(data, mark))


def _offsets(data: bytes, value: int) -> list[int]:
    offsets = []
    offset = data.find(value)
    while offset >= 0:
        offsets.append(offset)
        offset = data.find(value, offset + 1)
    return offsets


def _ring(pixels: bytearray, width: int, height: int, x: int, y: int, level: int, clear: list[int] | None) -> int:
    """Count the dark pixels at Chebyshev distance ``level`` from (x, y); clear them too if ``clear`` is a list."""
    if clear is None:
        return _count_ring(pixels, width, height, x, y, level)
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
                pixels[offset] = WHITE
                clear.append(offset)
    return count


def _count_ring(pixels: bytearray, width: int, height: int, x: int, y: int, level: int) -> int:
    # The ring's two rows and two columns (corners once) as slices, their dark bytes counted in C.
    left, right = max(0, x - level), min(width - 1, x + level)
    count = 0
    for row in (y - level, y + level):
        if 0 <= row < height:
            side = pixels[row * width + left:row * width + right + 1]
            count += len(side) - len(side.translate(None, _DARK))
    top, bottom = max(0, y - level + 1), min(height - 1, y + level - 1)
    if top <= bottom:
        for column in (x - level, x + level):
            if 0 <= column < width:
                side = pixels[top * width + column:bottom * width + column + 1:width]
                count += len(side) - len(side.translate(None, _DARK))
    return count


def _blur_filter(page: Image.Image, cells: dict[tuple[int, int], int]) -> None:
    width, height = page.size
    per_row = width // BLOCK
    if per_row < 1 or height < BLOCK:
        return
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
        page.paste(ImageColor.getcolor("white", page.mode), (left, top, left + BLOCK, top + BLOCK))


def _cell_counts(gray: Image.Image) -> dict[tuple[int, int], int]:
    """Count pixels at or below the threshold (by the mean of their channels) in every 100 x 50 cell."""
    # unpaper's gray is (r + g + b) / 3 in integers; Pillow's rounded (r + g + b - 1) / 3 is at most 229
    # exactly when that is (checked over all 16.7 million colours). The mean of 0/1 values over a cell, in
    # 32-bit floats, times the cell's area rounds back to the count (a cell holds at most 5000 pixels).
    means = gray.point(_AT_MOST).convert("F").reduce((BLOCK, STEP))
    counts = {}
    for row in range(means.height):
        for column in range(means.width):
            area = (min(gray.width, (column + 1) * BLOCK) - column * BLOCK) * (min(gray.height, (row + 1) * STEP)
                                                                            - row * STEP)
            mean = means.getpixel((column, row))
            assert isinstance(mean, float)
            counts[(column, row)] = round(mean * area)
    return counts
