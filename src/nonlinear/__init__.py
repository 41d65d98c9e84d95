"""Nonlinear: publish an Obsidian vault as a cross-linked MkDocs site.

The package is the typed, MkDocs-free core of the project. MkDocs hooks in ``hooks/``
translate build events into calls of this library and log what it returns:

* the vault engine (parse the vault once, resolve wiki links once, report problems);
* :mod:`nonlinear.activations`, the NumPy activation functions the notebooks plot.
"""

from __future__ import annotations

__version__ = "0.1.0"
