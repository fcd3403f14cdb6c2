"""Generate sample input files at test time (no binary samples are committed).

Every function writes one file to the path it is given and returns that path. They are fast
(well under a second each) and deterministic for a given ``seed``.
"""

from __future__ import annotations

import io
import random
import struct
import zipfile
import zlib
from collections.abc import Sequence
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT_DIR = Path("/usr/share/fonts/truetype/liberation")
SANS = FONT_DIR / "LiberationSans-Regular.ttf"
SERIF = FONT_DIR / "LiberationSerif-Regular.ttf"

A4_300DPI = (2480, 3508)

Pages = Sequence[Sequence[str]]


# --- born-digital PDF -------------------------------------------------------------------------


def text_pdf(path: Path, pages: Pages, *, title: str | None = None, font_size: int = 12) -> Path:
    """Write a born-digital PDF with one list of text lines per page."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("LiberationSans", fname=str(SANS))
    pdf.set_font("LiberationSans", size=font_size)
    if title:
        pdf.set_title(title)
    pdf.set_creation_date(datetime(2024, 1, 1, tzinfo=UTC))
    for lines in pages:
        pdf.add_page()
        for line in lines:
            pdf.multi_cell(0, font_size * 0.6, line, new_x="LMARGIN", new_y="NEXT")
    path.write_bytes(bytes(pdf.output()))
    return path


PDF_PASSWORD = "secret"


def encrypted_pdf(path: Path, lines: Sequence[str], password: str | None = None) -> Path:
    """Write a born-digital PDF that needs a user password (default PDF_PASSWORD) to open."""
    import pikepdf

    password = password or PDF_PASSWORD
    buf = text_pdf(path.with_suffix(".plain.pdf"), [lines])
    with pikepdf.open(buf) as pdf:
        pdf.save(path, encryption=pikepdf.Encryption(user=password, owner=password + "-owner"))
    buf.unlink()
    return path


def corrupt_pdf(path: Path) -> Path:
    """Write a PDF cut off after its header and part of its first object."""
    whole = text_pdf(path.with_suffix(".whole.pdf"), [["This file will be truncated."]])
    data = whole.read_bytes()
    whole.unlink()
    path.write_bytes(data[: min(len(data) // 4, 400)])
    return path


# --- scanned-looking pages --------------------------------------------------------------------


def scan_image(
    lines: Sequence[str],
    *,
    size: tuple[int, int] = A4_300DPI,
    dpi: int = 300,
    font_pt: float = 14.0,
    angle: float = 0.8,
    noise: float = 12.0,
    seed: int = 0,
    mode: str = "L",
) -> Image.Image:
    """Render text lines like a 300 dpi scan: slightly rotated, with paper noise and specks."""
    rng = random.Random(seed)
    font_px = round(font_pt * dpi / 72)
    font = ImageFont.truetype(str(SERIF), font_px)
    page = Image.new("L", size, 255)
    draw = ImageDraw.Draw(page)
    margin = round(dpi * 0.8)
    y = margin
    for line in lines:
        draw.text((margin, y), line, fill=rng.randint(0, 40), font=font)
        y += round(font_px * 1.6)
    if angle:
        page = page.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=255, expand=False)
    if noise:
        grain = Image.effect_noise(size, noise)
        page = Image.blend(page, grain, 0.12).filter(ImageFilter.SMOOTH)
        page = page.point(lambda v: min(255, v + 30) if v > 150 else v)
        specks = ImageDraw.Draw(page)
        for _ in range(200):
            x, yy = rng.randrange(size[0]), rng.randrange(size[1])
            specks.point((x, yy), fill=rng.randint(0, 120))
    if mode != "L":
        page = page.convert(mode)
    page.info["dpi"] = (dpi, dpi)
    return page


def scan_file(path: Path, lines: Sequence[str], *, fmt: str | None = None, dpi: int | None = 300,
              **kwargs: object) -> Path:
    """Save one scanned-looking page as PNG/JPEG/TIFF/WebP/GIF/BMP (format from the suffix)."""
    image = scan_image(lines, dpi=dpi or 300, **kwargs)  # type: ignore[arg-type]
    fmt = fmt or _format_for(path)
    if fmt == "GIF":
        image = image.convert("P")
    save_kwargs: dict[str, object] = {}
    if dpi is not None and fmt in {"PNG", "JPEG", "TIFF", "BMP"}:
        save_kwargs["dpi"] = (dpi, dpi)
    if fmt == "JPEG":
        save_kwargs["quality"] = 85
    if fmt == "TIFF":
        save_kwargs["compression"] = "tiff_deflate"
    if fmt == "WEBP":
        save_kwargs["lossless"] = True
    image.save(path, fmt, **save_kwargs)
    return path


def scan_tiff(path: Path, pages: Pages, **kwargs: object) -> Path:
    """Save several scanned-looking pages as one multi-page TIFF."""
    images = [scan_image(lines, seed=i, **kwargs) for i, lines in enumerate(pages)]  # type: ignore[arg-type]
    images[0].save(path, "TIFF", save_all=True, append_images=images[1:], dpi=(300, 300),
                   compression="tiff_deflate")
    return path


def scan_pdf(path: Path, pages: Pages, *, hidden_text: str | None = None, **kwargs: object) -> Path:
    """Write a PDF of scanned-looking pages: image only, or with an invisible text layer ``hidden_text``."""
    blobs = []
    for i, lines in enumerate(pages):
        buf = io.BytesIO()
        scan_image(lines, seed=i, **kwargs).save(buf, "PNG", dpi=(300, 300))  # type: ignore[arg-type]
        blobs.append(buf.getvalue())
    if hidden_text is None:
        import img2pdf

        path.write_bytes(img2pdf.convert(blobs))
        return path
    from fpdf import FPDF
    from fpdf.enums import TextMode

    pdf = FPDF(unit="pt")
    pdf.add_font("LiberationSans", fname=str(SANS))
    for blob in blobs:
        with Image.open(io.BytesIO(blob)) as im:
            width, height = im.width * 72 / 300, im.height * 72 / 300
        pdf.add_page(format=(width, height))
        pdf.image(io.BytesIO(blob), x=0, y=0, w=width, h=height)
        pdf.set_font("LiberationSans", size=10)
        pdf.text_mode = TextMode.INVISIBLE
        pdf.text(20, 20, hidden_text)
    path.write_bytes(bytes(pdf.output()))
    return path


def alpha_png(path: Path, lines: Sequence[str], **kwargs: object) -> Path:
    """Save a scanned-looking page as an RGBA PNG with a partly transparent background."""
    image = scan_image(lines, **kwargs).convert("RGBA")  # type: ignore[arg-type]
    image.putalpha(image.getchannel("R").point(lambda v: 255 if v < 200 else 180))
    image.save(path, "PNG", dpi=(300, 300))
    return path


def bomb_png(path: Path, side: int = 30000) -> Path:
    """Write a tiny 1-bit PNG whose header declares ``side`` x ``side`` pixels (a decompression bomb)."""
    row = b"\x00" + b"\x00" * ((side + 7) // 8)
    compressor = zlib.compressobj(9)
    chunks = []
    block = row * 256
    for _ in range(side // 256):
        chunks.append(compressor.compress(block))
    chunks.append(compressor.compress(row * (side % 256)))
    chunks.append(compressor.flush())
    idat = b"".join(chunks)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b""))
    return path


def bomb_docx(path: Path, expanded_mib: int = 100) -> Path:
    """Write a small .docx whose document part expands to ``expanded_mib`` MiB of zeros (a zip bomb)."""
    chunk = b"\0" * 2**20
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as fh:
            for _ in range(expanded_mib):
                fh.write(chunk)
    return path


# --- other inputs -----------------------------------------------------------------------------


def empty_file(path: Path) -> Path:
    """Write a zero-byte file."""
    path.write_bytes(b"")
    return path


def text_file(path: Path, text: str, encoding: str = "utf-8") -> Path:
    """Write a text file (plain, CSV or Markdown: the caller picks content and suffix)."""
    path.write_bytes(text.encode(encoding))
    return path


def docx(path: Path, paragraphs: Sequence[str]) -> Path:
    """Write a minimal Word (OOXML) document built by hand."""
    body = "".join(f"<w:p><w:r><w:t xml:space=\"preserve\">{_xml(p)}</w:t></w:r></w:p>" for p in paragraphs)
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
        ),
        "word/document.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body>{body}</w:body></w:document>"
        ),
    }
    return _zip(path, parts)


def odt(path: Path, paragraphs: Sequence[str]) -> Path:
    """Write a minimal OpenDocument text file built by hand."""
    body = "".join(f"<text:p>{_xml(p)}</text:p>" for p in paragraphs)
    parts = {
        "mimetype": "application/vnd.oasis.opendocument.text",
        "META-INF/manifest.xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
            'manifest:version="1.2">'
            '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/'
            'vnd.oasis.opendocument.text"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>"
        ),
        "content.xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
            f"<office:body><office:text>{body}</office:text></office:body></office:document-content>"
        ),
    }
    return _zip(path, parts)


def odp(path: Path, slides: Sequence[str]) -> Path:
    """Write a minimal OpenDocument presentation, one text box per slide, built by hand."""
    pages = "".join(
        f'<draw:page draw:name="s{i}"><draw:frame svg:x="2cm" svg:y="2cm" svg:width="20cm" svg:height="4cm">'
        f"<draw:text-box><text:p>{_xml(text)}</text:p></draw:text-box></draw:frame></draw:page>"
        for i, text in enumerate(slides, start=1)
    )
    parts = {
        "mimetype": "application/vnd.oasis.opendocument.presentation",
        "META-INF/manifest.xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
            'manifest:version="1.2">'
            '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/'
            'vnd.oasis.opendocument.presentation"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>"
        ),
        "content.xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
            'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
            'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" office:version="1.2">'
            f"<office:body><office:presentation>{pages}</office:presentation></office:body>"
            "</office:document-content>"
        ),
    }
    return _zip(path, parts)


def office_convert(source: Path, extension: str) -> Path:
    """Convert an office file with LibreOffice (e.g. .docx to .doc) next to the source; return the new file."""
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            ["soffice", "--headless", f"-env:UserInstallation=file://{profile}", "--convert-to",
             extension.lstrip("."), "--outdir", str(source.parent), str(source)],
            check=True, capture_output=True, timeout=120,
        )
    return source.with_suffix(extension)


def xlsx(path: Path, rows: Sequence[Sequence[str]]) -> Path:
    """Write a minimal Excel (OOXML) workbook with inline-string cells, built by hand."""
    sheet_rows = "".join(
        f'<row r="{r}">'
        + "".join(f'<c t="inlineStr"><is><t>{_xml(v)}</t></is></c>' for v in row)
        + "</row>"
        for r, row in enumerate(rows, start=1)
    )
    ns = "http://schemas.openxmlformats.org"
    parts = {
        "[Content_Types].xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{ns}/package/2006/content-types">'
            f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
        ),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{ns}/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{ns}/spreadsheetml/2006/main" '
            f'xmlns:r="{ns}/officeDocument/2006/relationships">'
            '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{ns}/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/worksheet" '
            'Target="worksheets/sheet1.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{ns}/spreadsheetml/2006/main">'
            f"<sheetData>{sheet_rows}</sheetData></worksheet>"
        ),
    }
    return _zip(path, parts)


def rtf(path: Path, paragraphs: Sequence[str]) -> Path:
    """Write a plain RTF document."""
    body = "".join(p.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}") + "\\par\n" for p in paragraphs)
    path.write_text("{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Liberation Serif;}}\\f0\\fs24\n" + body + "}\n", "ascii")
    return path


def eml(
    path: Path,
    *,
    subject: str = "Your invoice",
    sender: str = "Billing <billing@example.com>",
    to: str = "Alice <alice@example.org>",
    body: str = "Hello Alice,\nplease find your invoice attached.\n",
    html: str | None = None,
    attachments: Sequence[tuple[str, bytes, str]] = (),
    date: datetime = datetime(2024, 3, 5, 9, 30, tzinfo=UTC),
) -> Path:
    """Write an RFC 822 mail with a text (and optional HTML) body and attachments (name, data, mime)."""
    msg = EmailMessage()
    msg["Subject"] = subject
    msg["From"] = sender
    msg["To"] = to
    msg["Date"] = format_datetime(date)
    msg["Message-ID"] = "<filegen-1@example.com>"
    msg.set_content(body)
    if html is not None:
        msg.add_alternative(html, subtype="html")
    for name, data, mime in attachments:
        maintype, subtype = mime.split("/", 1)
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    path.write_bytes(msg.as_bytes())
    return path


# --- helpers ----------------------------------------------------------------------------------


def _format_for(path: Path) -> str:
    return {
        ".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".tif": "TIFF", ".tiff": "TIFF",
        ".webp": "WEBP", ".gif": "GIF", ".bmp": "BMP",
    }[path.suffix.lower()]


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _zip(path: Path, parts: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, content in parts.items():
            method = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            zf.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), content, compress_type=method)
    return path
