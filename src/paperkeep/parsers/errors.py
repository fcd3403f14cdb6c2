"""Errors a parser raises: each has a stable ``code`` and a human message (``str(err)``)."""

from __future__ import annotations


class ParseError(Exception):
    """A document could not be parsed; ``code`` is stable, the message is for people."""

    code = "parse_error"
    default_message = "The document could not be read."

    def __init__(self, message: str | None = None) -> None:
        self.message = message or self.default_message
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


class UnsupportedType(ParseError):
    """No parser handles this kind of file."""

    code = "unsupported_type"
    default_message = "This file type is not supported."

    @classmethod
    def for_mime(cls, mime: str) -> UnsupportedType:
        """Build the error for a MIME type that no parser handles."""
        return cls(f"Files of type {mime} are not supported.")


class EmptyFile(ParseError):
    """The file has no content at all."""

    code = "empty_file"
    default_message = "The file is empty (0 bytes)."


class TooLarge(ParseError):
    """The file is bigger than the configured limit."""

    code = "file_too_large"
    default_message = "The file is larger than the configured limit."

    @classmethod
    def for_size(cls, size: int, limit: int) -> TooLarge:
        """Build the error naming the file's size and the limit."""
        return cls(f"The file is {_mib(size)}, larger than the limit of {_mib(limit)}.")


class DecompressionBomb(ParseError):
    """The file is small but would expand to an unreasonable size when decoded."""

    code = "decompression_bomb"
    default_message = "The file would expand to an unsafe size when decoded."

    @classmethod
    def for_pixels(cls, width: int, height: int, limit: int) -> DecompressionBomb:
        """Build the error for an image whose pixel count is over the limit."""
        return cls(
            f"The image would decode to {width} x {height} pixels "
            f"({width * height / 1e6:.0f} megapixels), more than the limit of {limit / 1e6:.0f} megapixels."
        )


class CorruptFile(ParseError):
    """The file is damaged or not what its type says."""

    code = "corrupt_file"
    default_message = "The file is damaged and cannot be read."


class EncryptedFile(ParseError):
    """The file is protected by a password."""

    code = "encrypted_file"
    default_message = "The file is protected by a password; remove the password and upload it again."


class OcrFailed(ParseError):
    """Text recognition or archive generation failed."""

    code = "ocr_failed"
    default_message = "Text recognition failed."


class ConversionFailed(ParseError):
    """Converting the document to PDF failed (office documents, mail)."""

    code = "conversion_failed"
    default_message = "The document could not be converted to PDF."


def _mib(size: int) -> str:
    return f"{size / 2**20:.1f} MiB"
