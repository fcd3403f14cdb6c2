"""Office documents (Word, Writer, Excel, Calc, PowerPoint, Impress, RTF) via headless LibreOffice."""

from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import tempfile
import threading
from pathlib import Path

from paperkeep.parsers import pdf
from paperkeep.parsers.errors import ConversionFailed, EncryptedFile
from paperkeep.parsers.guards import check_file, check_zip
from paperkeep.parsers.options import ParseOptions, ParseResult

logger = logging.getLogger(__name__)

SOFFICE = "soffice"

_WRITER = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.oasis.opendocument.text": ".odt",
    "application/msword": ".doc",
    "application/rtf": ".rtf",
    "text/rtf": ".rtf",
}
_CALC = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.oasis.opendocument.spreadsheet": ".ods",
    "application/vnd.ms-excel": ".xls",
}
_IMPRESS = {
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": ".pptx",
    "application/vnd.openxmlformats-officedocument.presentationml.slideshow": ".ppsx",
    "application/vnd.oasis.opendocument.presentation": ".odp",
    "application/vnd.ms-powerpoint": ".ppt",
}
_EXPORT_FILTERS = (
    (_WRITER, "writer_pdf_Export"),
    (_CALC, "calc_pdf_Export"),
    (_IMPRESS, "impress_pdf_Export"),
)
_PDFA_VERSION = {"pdfa": 2, "pdfa-1": 1, "pdfa-2": 2, "pdfa-3": 3}

_template_lock = threading.Lock()


class OfficeParser:
    """Converts office files to PDF (PDF/A when asked) with LibreOffice, and reads the text from it."""

    name = "paperkeep.office"
    mime_types = {**_WRITER, **_CALC, **_IMPRESS}
    can_produce_archive = True
    requires_pdf_rendition = True

    def score(self, mime: str, path: Path | None = None) -> int | None:
        """Return 10 for office types when LibreOffice is installed."""
        if mime not in self.mime_types or shutil.which(SOFFICE) is None:
            return None
        return 10

    def parse(self, path: Path, mime: str, options: ParseOptions, workdir: Path) -> ParseResult:
        """Convert to PDF with LibreOffice; the PDF is the archive and the source of the text."""
        path, workdir = Path(path), Path(workdir)
        check_file(path, options)
        if _head(path, 4) == b"PK\x03\x04":
            check_zip(path)
        archive = convert_to_pdf(path, mime, options, workdir)
        text, pages = pdf.extract_text(archive)
        return ParseResult(text=text, archive_path=archive, page_count=pages)


def convert_to_pdf(path: Path, mime: str, options: ParseOptions, workdir: Path) -> Path:
    """Run ``soffice --convert-to pdf`` with a private profile and return the PDF written in ``workdir``."""
    # LibreOffice picks its import filter by extension; give it the one the content says.
    source = workdir / f"office-source{OfficeParser.mime_types.get(mime, path.suffix)}"
    shutil.copyfile(path, source)
    outdir = workdir / "office-out"
    outdir.mkdir(exist_ok=True)
    profile = workdir / "lo-profile"
    _copy_template_profile(profile)
    command = [SOFFICE, "--headless", "--norestore", "--nolockcheck", f"-env:UserInstallation={profile.as_uri()}",
               "--convert-to", _target(mime, options), "--outdir", str(outdir), str(source)]
    _run(command, options.office_timeout)
    result = outdir / f"{source.stem}.pdf"
    if not result.exists() or result.stat().st_size == 0:
        if _is_encrypted_office(path):
            raise EncryptedFile()
        raise ConversionFailed("LibreOffice could not convert the document to PDF; it may be damaged.")
    archive = workdir / "archive.pdf"
    result.replace(archive)
    return archive


def _target(mime: str, options: ParseOptions) -> str:
    export = next((name for types, name in _EXPORT_FILTERS if mime in types), "writer_pdf_Export")
    version = _PDFA_VERSION.get(options.output_type)
    if version is None:
        return f"pdf:{export}"
    return f'pdf:{export}:{{"SelectPdfVersion":{{"type":"long","value":"{version}"}}}}'


def _run(command: list[str], timeout: float) -> None:
    # Its own session, so a timeout can kill soffice.bin with the launcher.
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True) as proc:
        try:
            output, _ = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise ConversionFailed(f"LibreOffice did not finish converting the document within {timeout:.0f} s.") \
                from exc
    if proc.returncode != 0:
        logger.warning("soffice exited with %s: %s", proc.returncode, output.decode(errors="replace")[-2000:])


def _copy_template_profile(target: Path) -> None:
    """Give this run its own LibreOffice profile, copied from one made once (a fresh one is slow)."""
    template = Path(tempfile.gettempdir()) / f"paperkeep-lo-profile-{os.getuid()}"
    with _template_lock:
        if not (template / "user").is_dir():
            _make_template(template)
    if (template / "user").is_dir():
        shutil.copytree(template, target, symlinks=True, dirs_exist_ok=True)


def _make_template(template: Path) -> None:
    building = Path(tempfile.mkdtemp(prefix="paperkeep-lo-building-"))
    try:
        subprocess.run([SOFFICE, "--headless", "--norestore", "--terminate_after_init",
                        f"-env:UserInstallation={building.as_uri()}"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120, check=False)
        if (building / "user").is_dir():
            try:
                building.rename(template)
            except OSError:  # another process made it first
                pass
    except subprocess.TimeoutExpired:
        logger.warning("Making a LibreOffice profile timed out")
    finally:
        shutil.rmtree(building, ignore_errors=True)


def _is_encrypted_office(path: Path) -> bool:
    # Password-protected OOXML files are OLE compound files holding an "EncryptedPackage" stream.
    head = _head(path, 2_000_000)
    return head.startswith(b"\xd0\xcf\x11\xe0") and "EncryptedPackage".encode("utf-16-le") in head


def _head(path: Path, size: int) -> bytes:
    with path.open("rb") as fh:
        return fh.read(size)
