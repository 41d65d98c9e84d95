"""The knowledge base (docs/ with the repository's mkdocs.yml) built once per test session.

Not strict: `make site` is the strict build; these tests check what the reading features put
in the site, and report content problems of others through their own tests.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

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


@dataclass(frozen=True)
class BuiltVault:
    """A vault built as ``make site VAULT=…`` builds it, and what the build reported."""

    site: Path
    problems: list[str]
    """Every warning, as printed (``path:line:col: kind: message``, logger prefix removed)."""
    infos: list[str]
    aborted: bool
    """Whether a strict build stopped on the problems."""


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def build_other_vault(
    vault: Path,
    site: Path,
    *,
    strict: bool = False,
    site_name: str | None = None,
    site_url: str | None = None,
) -> BuiltVault:
    """Build *vault* with mkdocs.vault.yml, exactly as the Makefile does for another vault."""
    env = {
        "NO_MKDOCS_2_WARNING": "1",
        "NONLINEAR_VAULT": str(vault),
        "NONLINEAR_NOTEBOOKS": "",
        "NONLINEAR_SITE_NAME": site_name,
        "SITE_URL": site_url,
    }
    saved = {key: os.environ.get(key) for key in env}
    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    level = logger.level
    logger.setLevel(logging.INFO)
    logger.addHandler(collect)
    try:
        for key, value in env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        aborted = False
        try:
            build(load_config(str(ROOT / "mkdocs.vault.yml"), site_dir=str(site), strict=strict))
        except Abort:
            aborted = True
    finally:
        logger.removeHandler(collect)
        logger.setLevel(level)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value

    def text(record: logging.LogRecord) -> str:
        return record.getMessage().removeprefix("nonlinear: ")

    return BuiltVault(
        site,
        [text(r) for r in collect.records if r.levelno >= logging.WARNING],
        [text(r) for r in collect.records if r.levelno == logging.INFO],
        aborted,
    )


BuildVault = Callable[..., BuiltVault]


@pytest.fixture
def build_vault() -> BuildVault:
    """:func:`build_other_vault`: build a vault as ``make site VAULT=…`` does."""
    return build_other_vault
