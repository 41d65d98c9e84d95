"""What ``make serve`` adds for the author: a preview that never stops.

Pure and MkDocs-free; ``hooks/serve.py`` wires it into ``mkdocs serve``:

* :mod:`~nonlinear.serve.problems`: the problems of a build (read from its log lines), the
  panel each served page shows, the vault-wide problems page, and the banner or page that shows
  a build which could not finish.

Imports point one way: this package may use :mod:`nonlinear.vault` and :mod:`nonlinear.site`,
never the reverse.
"""
