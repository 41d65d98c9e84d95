"""Shared pytest configuration."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent

# No timing asserts (a shared, busy machine): Hypothesis' default 200 ms deadline per example
# failed a property test whose first example took 448 ms while the machine was loaded.
settings.register_profile("nonlinear", deadline=None)
settings.load_profile("nonlinear")


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--update-golden`` rewrites tests/golden/*.html from the current output (vault engine)."""
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite the expected HTML of tests/golden/ instead of comparing with it",
    )
