"""Formulas converted by earlier builds, kept under ``.cache/math/`` for the next one.

Where it sits: converting a formula to MathML (:func:`nonlinear.site.math.latex_to_mathml`) is
pure and costs about 0.2 ms, and the formulas of a vault barely change between two builds: the
knowledge base's 830 took 0.15 s CPU of every warm ``make site``. ``hooks/speed.py`` loads the
results of the last build before any page is rendered and stores this build's when it converted
a formula the file did not hold.

The file is named after a digest of what decides a result: the source of
:mod:`nonlinear.site.math` (its repairs) and the installed latex2mathml's version. Another
version of either reads another file, so a result is never reused across them; the two newest
files are kept. A file that cannot be read is ignored: the formulas are converted again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path

from nonlinear.site import math
from nonlinear.site.disk_cache import installed_version, store
from nonlinear.site.math import MathResult

__all__ = ["load", "save", "store_path"]

Results = Mapping[tuple[str, bool], MathResult]
"""Results of :func:`nonlinear.site.math.latex_to_mathml` by (LaTeX, display)."""


def store_path(folder: Path) -> Path:
    """The file of *folder* (``.cache/math``) for this converter and this latex2mathml."""
    digest = hashlib.sha256(Path(math.__file__).read_bytes())
    digest.update(installed_version("latex2mathml"))
    return folder / f"{digest.hexdigest()[:20]}.json"


def load(path: Path) -> dict[tuple[str, bool], MathResult]:
    """The results kept in *path* (none when it is missing or not a file this module wrote)."""
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
        return {
            (latex, bool(display)): MathResult(html, tuple(problems), tuple(unsafe))
            for latex, display, html, problems, unsafe in rows
        }
    except (OSError, ValueError, TypeError):
        return {}


def save(path: Path, results: Results) -> None:
    """Keep *results* in *path* (the two newest files of the folder stay)."""
    rows = [
        [latex, display, result.html, list(result.problems), list(result.unsafe)]
        for (latex, display), result in sorted(results.items())
    ]
    store(path, json.dumps(rows, ensure_ascii=False).encode("utf-8"), kept=2)
