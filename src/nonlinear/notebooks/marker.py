"""What a figure leaves in a notebook, and how the build reads it back: no Matplotlib needed.

:mod:`nonlinear.notebooks.figures` (which imports Matplotlib) writes the marker when a notebook
saves a figure; :mod:`nonlinear.notebooks.run` reads it while turning a cached notebook into a
page. Kept apart so that a build whose notebooks all come from the cache never imports
Matplotlib.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Final

__all__ = ["FIGURES_DIR_ENV", "FIGURE_MIME", "RE_FIGURE_NAME", "read_marker"]

FIGURES_DIR_ENV: Final = "NONLINEAR_FIGURES_DIR"
"""Environment variable naming the folder figures are saved into (set by the build)."""

FIGURE_MIME: Final = "application/vnd.nonlinear.figure+json"
"""MIME type of the output a saved figure leaves in a notebook; the page converter in
:mod:`nonlinear.notebooks.run` turns it into a link to ``figures/<name>.svg``."""

RE_FIGURE_NAME: Final = re.compile(r"[a-z0-9][a-z0-9_-]*")
"""A figure's name: lower case, digits, ``-`` and ``_`` (it becomes a file name and a URL)."""


def read_marker(data: Mapping[str, object]) -> tuple[str, str] | None:
    """Return ``(name, alt)`` from a notebook output's data bundle, if a saved figure made it.

    Args:
        data: The ``data`` dict of a ``display_data`` or ``execute_result`` output.

    Returns:
        The figure's name and alternative text, or None when the output is not a saved figure.
    """
    marker = data.get(FIGURE_MIME)
    if isinstance(marker, str):  # nbformat may store JSON mimetypes as text
        marker = json.loads(marker)
    if not isinstance(marker, dict):
        return None
    name, alt = marker.get("name"), marker.get("alt")
    if not isinstance(name, str) or not RE_FIGURE_NAME.fullmatch(name):
        return None
    return name, alt if isinstance(alt, str) else name
