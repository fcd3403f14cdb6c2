"""Fixtures for the configuration tests: a private install dir, working dir and filesystem root per test."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

from paperkeep.config import Config, diagnose, load_config
from paperkeep.config.loader import Diagnosis


@dataclass(frozen=True)
class Site:
    """A machine in miniature: `base_dir` is the install dir, `cwd` a working dir, `root` stands for `/`."""

    base_dir: Path
    cwd: Path
    root: Path

    def write(self, path: Path, text: str) -> Path:
        """Write a file (creating its directories) and return its path."""
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def load(self, env: Mapping[str, str] | None = None) -> Config:
        """Load the configuration of this site with exactly `env` as the environment."""
        return load_config(dict(env or {}), cwd=self.cwd, root=self.root, base_dir=self.base_dir)

    def diagnose(self, env: Mapping[str, str] | None = None) -> Diagnosis:
        """Diagnose the configuration of this site with exactly `env` as the environment."""
        return diagnose(dict(env or {}), cwd=self.cwd, root=self.root, base_dir=self.base_dir)


@pytest.fixture
def site(tmp_path: Path) -> Site:
    """An empty site: no paperless.conf anywhere, cwd's parent differs from the install dir."""
    base_dir = tmp_path / "install"
    cwd = tmp_path / "work" / "src"
    root = tmp_path / "root"
    for directory in (base_dir, cwd, root):
        directory.mkdir(parents=True)
    return Site(base_dir=base_dir, cwd=cwd, root=root)
