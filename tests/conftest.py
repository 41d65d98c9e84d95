"""Shared pytest configuration."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--update-golden`` rewrites tests/golden/*.html from the current output (vault engine)."""
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite the expected HTML of tests/golden/ instead of comparing with it",
    )
