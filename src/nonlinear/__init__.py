"""Nonlinear: publish an Obsidian vault as a cross-linked MkDocs site.

The package is the typed, MkDocs-free core of the project. MkDocs hooks in ``hooks/``
translate build events into calls of this library and log what it returns:

* :mod:`nonlinear.vault`, the vault engine (parse the vault once, resolve links once, report
  problems);
* :mod:`nonlinear.site`, what the reader's pages add (math, figures, citations, graphs,
  redirects), built on the engine;
* :mod:`nonlinear.notebooks`, the notebooks executed at build time that draw every figure;
* the science: :mod:`nonlinear.activations` (NumPy activation functions and derivatives),
  :mod:`nonlinear.registry` (facts about each of them) and :mod:`nonlinear.lint` (the
  knowledge base's content lint).
"""

from __future__ import annotations

__version__ = "0.1.0"
