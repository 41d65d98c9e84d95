"""The knowledge base (docs/ with the repository's mkdocs.yml) built once per test session.

Not strict: `make site` is the strict build; these tests check what the reading features put
in the site, and report content problems of others through their own tests.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build docs/ into a temporary folder and return it."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    site_dir = tmp_path_factory.mktemp("real-site")
    config = load_config(
        str(ROOT / "mkdocs.yml"),
        site_dir=str(site_dir),
        docs_dir=str(ROOT / "docs"),
        strict=False,
    )
    build(config)
    return site_dir
