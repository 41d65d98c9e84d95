"""MkDocs hook: run the notebooks and publish their pages and figures.

``on_files`` runs first among our hooks, so the vault engine indexes the notebook pages and
can resolve ``![[relu.svg]]`` to ``figures/relu.svg``. All work is in
:mod:`nonlinear.notebooks.run`; this module translates its results into MkDocs files and its
errors into a ``PluginError``, which stops ``mkdocs build`` (strict or not) and is shown
by ``mkdocs serve`` without killing the server.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File

from nonlinear.notebooks.run import (
    NotebookError,
    collect_figures,
    find_notebooks,
    notebook_markdown,
    notebooks_folder,
    run_notebooks,
)

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

log = get_plugin_logger("nonlinear")

PAGES_URI = "notebooks"  # notebook pages: notebooks/<name>.ipynb
FIGURES_URI = "figures"  # figures: figures/<name>.svg and .png


class NotebookPage(File):
    """A generated page whose src_uri keeps the ``.ipynb`` name but whose content is Markdown."""

    def is_documentation_page(self) -> bool:
        """Render as a page, although the extension is not ``.md``."""
        return True


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Execute (or take from the cache) every notebook; add its page and figures."""
    config_file = config.config_file_path
    root = Path(config_file).resolve().parent if config_file else Path.cwd()
    started = time.perf_counter()
    try:
        folder = notebooks_folder(root, os.environ)
        if folder is None:
            return files
        executed = run_notebooks(
            find_notebooks(folder), root=root, cache_dir=root / ".cache/notebooks"
        )
        figures = collect_figures(executed)
    except NotebookError as error:
        raise PluginError(str(error)) from error
    for name, path in figures.items():
        _add(files, File.generated(config, f"{FIGURES_URI}/{name}", abs_src_path=str(path)))
    for notebook in executed:
        src_uri = f"{PAGES_URI}/{notebook.source.name}"
        markdown = notebook_markdown(notebook, src_uri=src_uri, figures_uri=FIGURES_URI)
        page = NotebookPage.generated(config, src_uri, content=markdown)
        # The edit button opens the notebook itself (edit_uri is relative to docs_dir).
        page.edit_uri = Path(os.path.relpath(notebook.source, config.docs_dir)).as_posix()
        _add(files, page)
    fresh = sum(not notebook.from_cache for notebook in executed)
    log.info(
        "notebooks: %d executed, %d from cache, %d figure files (%.1f s)",
        fresh,
        len(executed) - fresh,
        len(figures),
        time.perf_counter() - started,
    )
    return files


def _add(files: Files, file: File) -> None:
    """Add a generated file; one at the same src_uri in the vault is replaced, with a warning."""
    existing = files.get_file_from_path(file.src_uri)
    if existing is not None:
        log.warning("%s: replaced by the file the notebooks generate", file.src_uri)
        files.remove(existing)
    files.append(file)
