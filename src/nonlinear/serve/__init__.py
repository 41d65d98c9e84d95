"""What ``make serve`` adds for the author: a preview that never stops.

Pure and MkDocs-free; ``hooks/serve.py`` and ``hooks/incremental.py`` wire it into
``mkdocs serve``:

* :mod:`~nonlinear.serve.problems`: the problems of a build (read from its log lines), the
  panel each served page shows, the vault-wide problems page, and the banner or page that shows
  a build which could not finish;
* :mod:`~nonlinear.serve.cache` and :mod:`~nonlinear.serve.templates`: the incremental
  rebuild of ``hooks/incremental.py`` — per-page results kept under a digest of what they
  read, and which context variables a page template can read at all.

Imports point one way: this package may use :mod:`nonlinear.vault` and :mod:`nonlinear.site`,
never the reverse.
"""
