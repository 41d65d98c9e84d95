"""The package installs and exposes its version."""

from __future__ import annotations

import nonlinear


def test_version_is_a_string() -> None:
    assert nonlinear.__version__.count(".") == 2
