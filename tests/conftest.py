"""Shared fixtures: private media/data/consume folders per test, configuration overrides, users."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest


@dataclass(frozen=True)
class Dirs:
    """The folders a test's Paperkeep uses."""

    root: Path
    data: Path
    media: Path
    consume: Path
    scratch: Path


@pytest.fixture
def paperkeep_dirs(tmp_path: Path, settings: Any) -> Dirs:
    """Point DATA_DIR, MEDIA_ROOT, CONSUMPTION_DIR and SCRATCH_DIR at fresh folders for this test."""
    dirs = Dirs(tmp_path, tmp_path / "data", tmp_path / "media", tmp_path / "consume", tmp_path / "scratch")
    for folder in (dirs.data, dirs.media, dirs.consume, dirs.scratch):
        folder.mkdir()
    settings.DATA_DIR = dirs.data
    settings.MEDIA_ROOT = dirs.media
    settings.CONSUMPTION_DIR = dirs.consume
    settings.SCRATCH_DIR = dirs.scratch
    return dirs


ConfigOverride = Callable[..., Any]


@pytest.fixture
def override_config(settings: Any) -> Iterator[ConfigOverride]:
    """Return `override(area, **values)`, which replaces fields of `settings.CONFIG.<area>` for this test.

    Example: `override_config("consumer", delete_duplicates=True)`.
    """

    def override(area: str, **values: Any) -> Any:
        config = settings.CONFIG
        changed = dataclasses.replace(getattr(config, area), **values)
        settings.CONFIG = dataclasses.replace(config, **{area: changed})
        return settings.CONFIG

    yield override


@pytest.fixture
def make_user(django_user_model: Any) -> Callable[..., Any]:
    """Return `make_user(name, *, superuser=False, groups=(), perms=())` creating an active user."""
    from django.contrib.auth.models import Permission

    def make(name: str, *, superuser: bool = False, groups: tuple[Any, ...] = (), perms: tuple[str, ...] = ()) -> Any:
        user = django_user_model.objects.create_user(name, f"{name}@example.org", "password", is_superuser=superuser)
        if groups:
            user.groups.add(*groups)
        for perm in perms:
            app_label, codename = perm.split(".")
            user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        return user

    return make
