"""What ``make serve`` adds for the author: a preview that never stops.

Pure and MkDocs-free; ``hooks/serve.py`` and ``hooks/incremental.py`` wire it into
``mkdocs serve``:

* :mod:`~nonlinear.serve.problems`: the problems of a build (read from its log lines), the
  panel each served page shows, the vault-wide problems page, and the banner or page that shows
  a build which could not finish;
* :mod:`~nonlinear.serve.cache` and :mod:`~nonlinear.serve.templates`: the incremental
  rebuild of ``hooks/incremental.py`` — per-page results kept under a digest of what they
  read, and which context variables a page template can read at all;
* :mod:`~nonlinear.serve.output`: the site folder written only where a rebuild changed it.

Imports point one way: this package may use :mod:`nonlinear.vault` and :mod:`nonlinear.site`,
never the reverse.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

INCREMENTAL_SWITCH = "NONLINEAR_INCREMENTAL"
"""``NONLINEAR_INCREMENTAL=0`` makes ``mkdocs serve`` rebuild and write everything on every save
(to compare, or to rule the kept results out when something looks wrong)."""


def incremental(environ: Mapping[str, str] = os.environ) -> bool:
    """Whether ``mkdocs serve`` keeps results between rebuilds (unless switched off)."""
    return environ.get(INCREMENTAL_SWITCH, "1").strip() != "0"
