"""File names from templates: whitelisted variables only, sandboxed, never outside the media root."""

from __future__ import annotations

from datetime import date

import pytest

from paperkeep.documents.storage.naming import clean_path, render_template

CONTEXT: dict[str, object] = {
    "title": "Invoice March",
    "correspondent": "ACME Corp",
    "document_type": "-none-",
    "created_year": "2024",
    "created_month": "03",
    "created": "2024-03-05",
    "tag_name_list": ["bills", "home"],
    "custom_fields": {"Amount": {"type": "monetary", "value": "EUR12.50"}},
    "document": {"id": 7, "title": "Invoice March"},
}


def test_jinja_template_renders_the_whitelisted_variables() -> None:
    """GIVEN a Jinja template using correspondent, year and title
    WHEN it is rendered
    THEN the path has those values."""
    rendered = render_template("{{ correspondent }}/{{ created_year }}/{{ title }}", CONTEXT)
    assert rendered == "ACME Corp/2024/Invoice March"


def test_old_style_placeholders_are_converted() -> None:
    """GIVEN an old-style template `{correspondent}/{title}`
    WHEN it is rendered
    THEN it works like the Jinja form."""
    assert render_template("{correspondent}/{title}", CONTEXT) == "ACME Corp/Invoice March"


def test_missing_values_become_none_or_disappear() -> None:
    """GIVEN a template with a value that is missing (-none-)
    WHEN it is rendered normally, and with FILENAME_FORMAT_REMOVE_NONE
    THEN the value reads `none`, or the empty folder disappears."""
    assert render_template("{{ document_type }}/{{ title }}", CONTEXT) == "none/Invoice March"
    assert render_template("{{ document_type }}/{{ title }}", CONTEXT, remove_none=True) == "Invoice March"


def test_filters_and_custom_fields_work() -> None:
    """GIVEN a template using the datetime, slugify and get_cf_value filters
    WHEN it is rendered
    THEN each filter applies."""
    template = "{{ created | datetime('%Y-%m') }}/{{ title | slugify }}-{{ custom_fields | get_cf_value('Amount') }}"
    assert render_template(template, CONTEXT) == "2024-03/invoice-march-EUR12.50"


@pytest.mark.parametrize(
    "template",
    [
        "{{ ''.__class__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ title.__class__ }}",
        "{{ document.__class__ }}",
        "{{ custom_fields.__init__ }}",
        "{{ title.format }}",
        "{{ range(10) }}",
        "{{ cycler }}",
        "{{ 'a' * 100000 }}",
        "{{ 9 ** 99999 }}",
        "{% for i in tag_name_list %}{{ i.__class__ }}{% endfor %}",
    ],
)
def test_hostile_templates_fall_back_to_the_default_name(template: str) -> None:
    """GIVEN a template that walks attributes, calls globals or blows up
    WHEN it is rendered
    THEN it yields nothing (the caller then uses the default name)."""
    assert render_template(template, CONTEXT) is None


@pytest.mark.parametrize(
    "rendered",
    ["../etc/passwd", "a/../../b", "/etc/passwd", "a/./b", "..", "  /x", "a\\..\\b", "a\x00b"],
)
def test_paths_that_leave_the_folder_are_refused(rendered: str) -> None:
    """GIVEN a rendered path that is absolute or walks up
    WHEN it is cleaned
    THEN it is refused."""
    assert clean_path(rendered) is None


def test_a_title_with_separators_cannot_add_folders() -> None:
    """GIVEN a title value that contains `../` (values are sanitised before rendering)
    WHEN the filename context sanitises it
    THEN it has no separator left."""
    from paperkeep.documents.storage.naming import sanitize_value

    assert "/" not in sanitize_value("../../etc/passwd")
    assert sanitize_value("..") == "-"


def test_huge_names_are_cut_to_fit_the_filesystem() -> None:
    """GIVEN a template producing a 1000-character folder name
    WHEN it is cleaned
    THEN each component fits in 200 bytes (room for suffix and extension)."""
    cleaned = clean_path("x" * 1000 + "/" + "é" * 300)
    assert cleaned is not None
    assert all(len(part.encode()) <= 200 for part in cleaned.split("/"))


def test_too_long_paths_are_refused() -> None:
    """GIVEN a rendered path of many folders, over 1024 characters in total
    WHEN it is cleaned
    THEN it is refused."""
    assert clean_path("/".join(["folder" * 30] * 10)) is None


def test_hidden_components_lose_their_leading_dots() -> None:
    """GIVEN a rendered path whose folder starts with a dot
    WHEN it is cleaned
    THEN the dot is dropped (no hidden folders among the originals)."""
    assert clean_path(".hidden/name") == "hidden/name"


def test_month_names_and_dates() -> None:
    """GIVEN the date variables for 5 March 2024
    WHEN they are built
    THEN they have Paperless's names and forms."""
    from paperkeep.documents.storage.naming import date_variables

    values = date_variables("created", date(2024, 3, 5))
    assert values["created_year_short"] == "24"
    assert values["created_month_name"] == "March"
    assert values["created_day"] == "05"
