"""The application configuration edited in the UI (`/api/config/`): one row, Paperless-ngx's fields.

Every field is nullable: null (or an empty value) means "use the PAPERLESS_* setting". The OCR family overrides
the parse options of ingest and reprocess (`documents.appconfig.parse_options`); app title and logo are shown by
the clients; the barcode and AI fields are stored and returned so clients round-trip them, but Paperkeep has no
barcode or AI feature for them to drive.
"""

from __future__ import annotations

from typing import Any

from django.core.validators import FileExtensionValidator, MinValueValidator
from django.db import models

SINGLETON_ID = 1
LOGO_EXTENSIONS = ("jpg", "png", "gif", "svg")


class OutputType(models.TextChoices):
    PDF = "pdf", "pdf"
    PDF_A = "pdfa", "pdfa"
    PDF_A1 = "pdfa-1", "pdfa-1"
    PDF_A2 = "pdfa-2", "pdfa-2"
    PDF_A3 = "pdfa-3", "pdfa-3"


class OcrMode(models.TextChoices):
    AUTO = "auto", "auto"
    FORCE = "force", "force"
    REDO = "redo", "redo"
    OFF = "off", "off"


class ArchiveGeneration(models.TextChoices):
    AUTO = "auto", "auto"
    ALWAYS = "always", "always"
    NEVER = "never", "never"


class CleanMode(models.TextChoices):
    CLEAN = "clean", "clean"
    FINAL = "clean-final", "clean-final"
    NONE = "none", "none"


class ColorStrategy(models.TextChoices):
    UNCHANGED = "LeaveColorUnchanged", "LeaveColorUnchanged"
    RGB = "RGB", "RGB"
    INDEPENDENT = "UseDeviceIndependentColor", "UseDeviceIndependentColor"
    GRAY = "Gray", "Gray"
    CMYK = "CMYK", "CMYK"


class EmbeddingBackend(models.TextChoices):
    OPENAI_LIKE = "openai-like", "OpenAI-compatible"
    HUGGINGFACE = "huggingface", "Huggingface"
    OLLAMA = "ollama", "Ollama"


class LlmBackend(models.TextChoices):
    OPENAI_LIKE = "openai-like", "OpenAI-compatible"
    OLLAMA = "ollama", "Ollama"


def _text(label: str, length: int, choices: Any = None) -> Any:
    return models.CharField(label, max_length=length, null=True, blank=True, choices=choices)


def _float(label: str, minimum: float) -> Any:
    return models.FloatField(label, null=True, validators=[MinValueValidator(minimum)])


def _small(label: str) -> Any:
    return models.PositiveSmallIntegerField(label, null=True, validators=[MinValueValidator(1)])


class ApplicationConfiguration(models.Model):
    """The single row of UI-edited settings; `save()` always writes row 1. Field order is the API's order."""

    # OCR (field names as Paperless-ngx's; `unpaper_clean` because `clean` is a model method)
    output_type = _text("PDF output type", 8, OutputType.choices)
    pages = _small("OCR from page 1 to this page")
    language = _text("OCR languages", 32)
    mode = _text("OCR mode", 16, OcrMode.choices)
    archive_file_generation = _text("Archive file generation", 8, ArchiveGeneration.choices)
    image_dpi = _small("Image DPI fallback")
    unpaper_clean = _text("unpaper cleaning", 16, CleanMode.choices)
    deskew = models.BooleanField("Deskew", null=True)
    rotate_pages = models.BooleanField("Rotate pages", null=True)
    rotate_pages_threshold = _float("Page rotation threshold", 0.0)
    max_image_pixels = _float("Largest image to decompress", 0.0)
    color_conversion_strategy = _text("Ghostscript colour conversion strategy", 32, ColorStrategy.choices)
    user_args = models.JSONField("Extra OCRmyPDF arguments", null=True)

    # Application
    app_title = _text("Application title", 48)
    app_logo = models.FileField(
        "Application logo",
        null=True,
        blank=True,
        upload_to="logo/",
        validators=[FileExtensionValidator(allowed_extensions=list(LOGO_EXTENSIONS))],
    )

    # Barcodes (stored and returned only)
    barcodes_enabled = models.BooleanField("Barcode scanning", null=True)
    barcode_enable_tiff_support = models.BooleanField("Barcodes in TIFF files", null=True)
    barcode_string = _text("Separator barcode string", 32)
    barcode_retain_split_pages = models.BooleanField("Keep split pages", null=True)
    barcode_enable_asn = models.BooleanField("ASN barcodes", null=True)
    barcode_asn_prefix = _text("ASN barcode prefix", 32)
    barcode_upscale = _float("Barcode upscale factor", 1.0)
    barcode_dpi = _small("Barcode DPI")
    barcode_max_pages = _small("Pages searched for barcodes")
    barcode_enable_tag = models.BooleanField("Tag barcodes", null=True)
    barcode_tag_mapping = models.JSONField("Tag barcode mapping", null=True)
    barcode_tag_split = models.BooleanField("Split on tag barcodes", null=True)

    # AI (stored and returned only)
    ai_enabled = models.BooleanField("AI features", null=True, default=False)
    llm_embedding_backend = _text("LLM embedding backend", 128, EmbeddingBackend.choices)
    llm_embedding_model = _text("LLM embedding model", 128)
    llm_embedding_endpoint = _text("LLM embedding endpoint", 256)
    llm_embedding_chunk_size = _small("LLM embedding chunk size")
    llm_context_size = models.PositiveIntegerField("LLM context size", null=True, validators=[MinValueValidator(1)])
    llm_backend = _text("LLM backend", 128, LlmBackend.choices)
    llm_model = _text("LLM model", 128)
    llm_api_key = _text("LLM API key", 1024)
    llm_endpoint = _text("LLM endpoint", 256)
    llm_output_language = _text("LLM output language", 32)
    llm_request_timeout = _small("LLM request timeout (seconds)")

    class Meta:
        verbose_name = "application configuration"

    def __str__(self) -> str:
        return "ApplicationConfiguration"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Save as the one row, whatever primary key the instance had."""
        self.pk = SINGLETON_ID
        super().save(*args, **kwargs)
