"""Files a build keeps for the next one under ``.cache/`` (next to ``mkdocs.yml``, never a vault).

The math font's subset (:mod:`nonlinear.site.fonts`) and big graph layouts
(:mod:`nonlinear.site.graph_layout`) cost a second or so each to compute and come out the same
in every build whose input did not change, so each is stored under a digest of that input. The
callers own the key and check what they read back; this module only stores a file so that a
reader never sees half of it, and bounds how many are kept.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

__all__ = ["store"]


def store(path: Path, data: bytes, *, kept: int) -> None:
    """Write *data* at *path*, then keep only the *kept* newest files of that kind beside it.

    The bytes go to a temporary file that replaces *path* in one step, so a build running at
    the same time reads the old file or the new one, never a part. "Of that kind" means with
    the same suffix in the same folder. A disk that cannot be written (read-only, full) only
    means nothing is kept: no error.

    Args:
        path: Where to keep the file (its folder is created).
        data: Its bytes.
        kept: How many files of its suffix the folder may hold afterwards, the newest first.
    """
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(data)
        partial.replace(path)
        siblings = path.parent.glob(f"*{path.suffix}")
        newest = sorted(siblings, key=lambda p: p.stat().st_mtime, reverse=True)
        for old in newest[kept:]:
            old.unlink(missing_ok=True)
