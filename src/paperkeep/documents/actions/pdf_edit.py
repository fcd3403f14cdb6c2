"""Free-form PDF editing of a stored document (bulk_edit / v10 `edit_pdf`) and password removal (`remove_password`).

`edit_pdf` takes a list of page operations, each naming an original page, an optional clockwise turn and the output
document it goes to; pages that no operation names are left out. The result is either new PDF files (the caller
queues them for consumption) or, for a single output, the document's own files replaced in place (crash-safe, as
`pages.rotate` does).

`remove_password` opens an encrypted original with the given password and writes it without encryption, again as a
new file or in place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from paperkeep.documents.actions import pages
from paperkeep.documents.errors import InvalidValue
from paperkeep.documents.models import Document
from paperkeep.documents.storage.layout import archive_path, original_path

if TYPE_CHECKING:
    import pikepdf


class WrongPassword(InvalidValue):
    """The password given to remove a PDF's protection does not open it."""

    code = "wrong_password"


@dataclass(frozen=True)
class PageOperation:
    """One page of the edited result: original page `page` (1-based), turned by `rotate` degrees, in output `doc`."""

    page: int
    rotate: int = 0
    doc: int = 0


def check_operations(operations: Sequence[PageOperation], page_count: int | None) -> None:
    """Raise BadPages for an empty list, a page outside 1..page_count, a turn that is not a multiple of 90,
    or a negative output index."""
    if not operations:
        raise pages.BadPages("operations must name at least one page.", field="operations")
    for operation in operations:
        if operation.page < 1 or (page_count and operation.page > page_count):
            raise pages.BadPages(
                f"Page {operation.page} is out of bounds for document with {page_count} pages.", field="operations"
            )
        if operation.rotate % 90:
            raise pages.BadPages("rotate must be a multiple of 90.", field="operations")
        if operation.doc < 0:
            raise pages.BadPages("doc must not be negative.", field="operations")


def output_groups(operations: Sequence[PageOperation]) -> list[list[PageOperation]]:
    """The operations of each output document, by ascending `doc` index (indexes with no page are skipped)."""
    by_doc: dict[int, list[PageOperation]] = {}
    for operation in operations:
        by_doc.setdefault(operation.doc, []).append(operation)
    return [by_doc[index] for index in sorted(by_doc)]


def _assemble(source: pikepdf.Pdf, operations: Sequence[PageOperation]) -> pikepdf.Pdf:
    import pikepdf

    result = pikepdf.Pdf.new()
    count = len(source.pages)
    for operation in operations:
        if not 1 <= operation.page <= count:
            raise pages.BadPages(
                f"Page {operation.page} is out of bounds for document with {count} pages.", field="operations"
            )
        result.pages.append(source.pages[operation.page - 1])
        if operation.rotate:
            result.pages[-1].rotate(operation.rotate, relative=True)
    result.remove_unreferenced_resources()
    return result


def _editing(operations: Sequence[PageOperation]) -> pages.Transform:
    import pikepdf

    def transform(source: Path, target: Path) -> int:
        with pikepdf.open(source) as pdf, _assemble(pdf, operations) as result:
            result.save(target)
            return len(result.pages)

    return transform


def edit_to_files(document: Document, operations: Sequence[PageOperation], work: Path) -> list[Path]:
    """Write one new PDF per output document (from the original) into `work`; return their paths in order."""
    import pikepdf

    pages.check_pdfs([document])
    check_operations(operations, document.page_count)
    outputs: list[Path] = []
    with pikepdf.open(original_path(document.filename or "")) as source:
        for index, group in enumerate(output_groups(operations), start=1):
            target = work / f"{document.pk}_edit_{index}.pdf"
            with _assemble(source, group) as result:
                result.save(target)
            outputs.append(target)
    return outputs


def edit_in_place(document: Document, operations: Sequence[PageOperation]) -> None:
    """Replace the document's original (and archive) with the edited pages; every operation goes to one output."""
    pages.check_pdfs([document])
    check_operations(operations, document.page_count)
    if len(output_groups(operations)) != 1:
        raise pages.BadPages("update_document only allowed with a single output document", field="operations")
    pages.rewrite(document, _editing(operations), refresh_text=True)


def is_encrypted(path: Path) -> bool:
    """Whether the PDF is encrypted (with or without a password needed to open it)."""
    import pikepdf

    try:
        with pikepdf.open(path) as pdf:
            return bool(pdf.is_encrypted)
    except pikepdf.PasswordError:
        return True


def _decrypting(password: str) -> pages.Transform:
    import pikepdf

    def transform(source: Path, target: Path) -> int:
        try:
            with pikepdf.open(source, password=password) as pdf:
                pdf.save(target, encryption=False)
                return len(pdf.pages)
        except pikepdf.PasswordError:
            raise WrongPassword("The password does not open the PDF.", field="password") from None

    return transform


def check_password(document: Document, password: str) -> bool:
    """Return whether the document's original is encrypted; raise WrongPassword if `password` does not open it."""
    import pikepdf

    pages.check_pdfs([document])
    source = original_path(document.filename or "")
    if not is_encrypted(source):
        return False
    try:
        with pikepdf.open(source, password=password):
            return True
    except pikepdf.PasswordError:
        raise WrongPassword(f"The password does not open document {document.pk}.", field="password") from None


def decrypt_to_file(document: Document, password: str, work: Path) -> Path:
    """Write the document's original without its encryption into `work`; return the new file."""
    target = work / f"{document.pk}_unprotected.pdf"
    _decrypting(password)(original_path(document.filename or ""), target)
    return target


def decrypt_in_place(document: Document, password: str) -> None:
    """Replace the document's original (and its archive, when that is encrypted too) with unencrypted copies."""
    decrypt = _decrypting(password)
    archive_encrypted = bool(document.archive_filename) and is_encrypted(archive_path(document.archive_filename or ""))

    def transform(source: Path, target: Path) -> int:
        if source == original_path(document.filename or "") or archive_encrypted:
            return decrypt(source, target)
        return pages.changing(lambda pdf: None)(source, target)

    pages.rewrite(document, transform, refresh_text=True)
