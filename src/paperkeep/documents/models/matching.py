"""The four matching models: correspondents, tags, document types and storage paths."""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Lower

from paperkeep.documents.models.ownership import OwnedModel

DEFAULT_TAG_COLOR = "#a6cee3"
MAX_TAG_DEPTH = 5


class MatchingAlgorithm(models.IntegerChoices):
    """How a matching object's `match` text is tested against a document's content (Paperless's numbers)."""

    NONE = 0, "None"
    ANY = 1, "Any word"
    ALL = 2, "All words"
    LITERAL = 3, "Exact match"
    REGEX = 4, "Regular expression"
    FUZZY = 5, "Fuzzy word"
    AUTO = 6, "Automatic"


class MatchingModel(OwnedModel):
    """A named object that can be assigned automatically by matching the document's content."""

    name = models.CharField(max_length=128)
    match = models.CharField(max_length=256, blank=True, default="")
    matching_algorithm = models.PositiveSmallIntegerField(
        choices=MatchingAlgorithm.choices, default=MatchingAlgorithm.ANY
    )
    is_insensitive = models.BooleanField(default=True)

    class Meta:
        abstract = True
        ordering = (Lower("name"),)
        constraints = [
            # Names are unique per owner, and unique among unowned objects (Paperless's rule).
            models.UniqueConstraint(fields=["name", "owner"], name="%(app_label)s_%(class)s_unique_name_owner"),
            models.UniqueConstraint(
                fields=["name"],
                condition=models.Q(owner__isnull=True),
                name="%(app_label)s_%(class)s_name_uniq",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Correspondent(MatchingModel):
    """Who sent or received a document."""

    class Meta(MatchingModel.Meta):
        verbose_name = "correspondent"


class Tag(MatchingModel):
    """A label; tags form a tree at most five levels deep."""

    color = models.CharField(max_length=7, default=DEFAULT_TAG_COLOR)
    is_inbox_tag = models.BooleanField(
        default=False, help_text="Marks this tag as an inbox tag: new documents are tagged with inbox tags."
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, default=None, on_delete=models.SET_NULL, related_name="children"
    )

    class Meta(MatchingModel.Meta):
        verbose_name = "tag"

    @property
    def text_color(self) -> str:
        """Return black or white, whichever reads better on `color` (Paperless's rule of thumb)."""
        try:
            red, green, blue = (int(self.color[i : i + 2], 16) / 255 for i in (1, 3, 5))
        except ValueError:
            return "#000000"
        luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
        return "#ffffff" if luminance < 0.53 else "#000000"


class DocumentType(MatchingModel):
    """What kind of document it is (invoice, letter, contract...)."""

    class Meta(MatchingModel.Meta):
        verbose_name = "document type"


class StoragePath(MatchingModel):
    """A filename template that decides where a document's files are stored under the media root."""

    path = models.TextField()

    class Meta(MatchingModel.Meta):
        verbose_name = "storage path"
