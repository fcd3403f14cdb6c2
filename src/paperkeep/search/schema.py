"""The index schema; bump SCHEMA_VERSION whenever it or the analysis changes."""

from __future__ import annotations

import tantivy

from paperkeep.search.analysis import KEYWORD, PLAIN, TEXT

SCHEMA_VERSION = 2

# Stored text (snippets and more-like-this read these back).
ID = "id"
TITLE = "title"
CONTENT = "content"
NOTES = "notes"

# Searchable text, not stored.
TITLE_PLAIN = "title_plain"
CORRESPONDENT = "correspondent"
DOCUMENT_TYPE = "document_type"
STORAGE_PATH = "storage_path"
TAG = "tag"
CF_NAME = "custom_field_name"
CF_VALUE = "custom_field_value"
NOTE_USER = "note_user"
ORIGINAL_FILENAME = "original_filename"
MIME_TYPE = "mime_type"
OWNER = "owner"
CHECKSUM = "checksum"

# Every distinct word of the document (unstemmed): wildcards and substring search.
WORDS = "words"
# The same words once per access key ("u3|invoice"): autocomplete that never walks hidden documents.
KEYED_WORDS = "keyed_words"
# Each pair of the content's analyzed words at adjacent positions ("payment_remind"), with its count: a two-word
# phrase is one term lookup, and a longer one reads positions only where every pair of it occurs.
CONTENT_PAIRS = "content_pairs"
PAIR_JOINER = "_"  # never inside a word: the tokenizer splits at every character that is not a letter or digit
# Who may view: "public" for unowned documents, "u<id>" for the owner and user grants, "g<id>" for group grants.
ACCESS = "access"

# Numbers and ids, indexed and fast (filters, `field:` queries).
CORRESPONDENT_ID = "correspondent_id"
DOCUMENT_TYPE_ID = "document_type_id"
STORAGE_PATH_ID = "storage_path_id"
TAG_ID = "tag_id"
CUSTOM_FIELD_ID = "custom_field_id"
OWNER_ID = "owner_id"
ASN = "asn"
PAGE_COUNT = "page_count"
NUM_NOTES = "num_notes"

# Dates, indexed and fast. `created` is a calendar date stored as UTC midnight.
CREATED = "created"
ADDED = "added"
MODIFIED = "modified"

# Sort keys: the value in the high bits and the id in the low bits, so equal values fall back to id order.
CREATED_KEY = "created_key"
ADDED_KEY = "added_key"
MODIFIED_KEY = "modified_key"
ASN_KEY = "asn_key"
PAGE_COUNT_KEY = "page_count_key"
NUM_NOTES_KEY = "num_notes_key"
OWNER_KEY = "owner_key"
TITLE_SORT = "title_sort"
CORRESPONDENT_SORT = "correspondent_sort"
DOCUMENT_TYPE_SORT = "document_type_sort"
STORAGE_PATH_SORT = "storage_path_sort"

_STORED_TEXT = (TITLE, CONTENT, NOTES)
_TEXT = {
    TITLE_PLAIN: PLAIN,
    CORRESPONDENT: TEXT,
    DOCUMENT_TYPE: TEXT,
    STORAGE_PATH: TEXT,
    TAG: TEXT,
    CF_NAME: PLAIN,
    CF_VALUE: TEXT,
    NOTE_USER: KEYWORD,
    ORIGINAL_FILENAME: PLAIN,
    MIME_TYPE: KEYWORD,
    OWNER: KEYWORD,
    CHECKSUM: KEYWORD,
}
_IDS = (
    CORRESPONDENT_ID,
    DOCUMENT_TYPE_ID,
    STORAGE_PATH_ID,
    TAG_ID,
    CUSTOM_FIELD_ID,
    OWNER_ID,
    ASN,
    PAGE_COUNT,
    NUM_NOTES,
)
_DATES = (CREATED, ADDED, MODIFIED)
_KEYS = (CREATED_KEY, ADDED_KEY, MODIFIED_KEY, ASN_KEY, PAGE_COUNT_KEY, NUM_NOTES_KEY, OWNER_KEY)
_SORT_TEXT = (TITLE_SORT, CORRESPONDENT_SORT, DOCUMENT_TYPE_SORT, STORAGE_PATH_SORT)


def build_schema() -> tantivy.Schema:
    """Build the tantivy schema of the document index."""
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field(ID, stored=True, indexed=True, fast=True)
    for name in _STORED_TEXT:
        builder.add_text_field(name, stored=True, tokenizer_name=TEXT)
    for name, tokenizer in _TEXT.items():
        builder.add_text_field(name, tokenizer_name=tokenizer)
    for name in (WORDS, KEYED_WORDS):
        builder.add_text_field(name, tokenizer_name="whitespace", index_option="basic")
    builder.add_text_field(CONTENT_PAIRS, tokenizer_name="whitespace", index_option="freq")
    builder.add_text_field(ACCESS, tokenizer_name="raw", index_option="basic")
    for name in _IDS:
        builder.add_unsigned_field(name, indexed=True, fast=True)
    for name in _DATES:
        builder.add_date_field(name, indexed=True, fast=True)
    for name in _KEYS:
        builder.add_unsigned_field(name, fast=True)
    for name in _SORT_TEXT:
        builder.add_text_field(name, fast=True, tokenizer_name="raw", index_option="basic")
    return builder.build()
