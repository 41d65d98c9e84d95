"""MkDocs hook: run the notebooks, publish their pages and figures, check the vault's copies.

``on_files`` runs first among our hooks, so the vault engine indexes the notebook pages and
can resolve ``![[relu.svg]]`` to ``figures/relu.svg``. All work is in
:mod:`nonlinear.notebooks.run` and :mod:`nonlinear.notebooks.vault_outputs`; this module
translates their results into MkDocs files and log records, and a failing notebook into a
``PluginError``, which stops ``mkdocs build`` (strict or not) and is shown by ``mkdocs serve``
without killing the server.

The vault holds a committed copy of the outputs (for Obsidian); the build never writes it. It
publishes what the notebooks produce *now*, in place of the copies, and reports every copy
that differs as ``stale-output`` (a warning: ``--strict`` fails), naming ``make notebooks``.
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
    notebooks_folder,
    run_notebooks,
)
from nonlinear.notebooks.vault_outputs import (
    FIGURES_URI,
    MANIFEST,
    check_vault,
    page_src_uri,
    plan_outputs,
    read_manifest,
)
from nonlinear.vault.diagnostics import parse_levels

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

    from nonlinear.notebooks.vault_outputs import OutputProblem

log = get_plugin_logger("nonlinear")


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Execute (or take from the cache) every notebook; add its page and figures."""
    config_file = config.config_file_path
    root = Path(config_file).resolve().parent if config_file else Path.cwd()
    vault = Path(config.docs_dir)
    started = time.perf_counter()
    try:
        folder = notebooks_folder(root, os.environ)
        if folder is None:
            _unchecked(vault)
            return files
        executed = run_notebooks(
            find_notebooks(folder), root=root, cache_dir=root / ".cache/notebooks"
        )
        figures = collect_figures(executed)
    except NotebookError as error:
        raise PluginError(str(error)) from error
    outputs = plan_outputs(executed, figures)
    # The site shows what the notebooks produce now; a vault copy at the same path (the
    # committed one, for Obsidian) is replaced in the build, never written.
    for name, path in figures.items():
        uri = f"{FIGURES_URI}/{name}"
        _add(files, File.generated(config, uri, abs_src_path=str(path)), expected=uri in outputs)
    for notebook in executed:
        uri = page_src_uri(notebook)
        page = File.generated(config, uri, content=outputs[uri].data.decode("utf-8"))
        # The edit button opens the notebook itself (edit_uri is relative to docs_dir).
        page.edit_uri = Path(os.path.relpath(notebook.source, config.docs_dir)).as_posix()
        _add(files, page, expected=True)
    _report(check_vault(outputs, vault), config)
    fresh = sum(not notebook.from_cache for notebook in executed)
    log.info(
        "notebooks: %d executed, %d from cache, %d figure files (%.1f s)",
        fresh,
        len(executed) - fresh,
        len(figures),
        time.perf_counter() - started,
    )
    return files


def _report(problems: list[OutputProblem], config: MkDocsConfig) -> None:
    """Log the vault copies' problems at the level of ``stale-output`` (default: warn)."""
    settings = (config.extra.get("nonlinear") or {}).get("validation")
    try:
        level = parse_levels(settings)["stale-output"]
    except ValueError as error:
        raise PluginError(f"mkdocs.yml: {error}") from error
    for problem in problems:
        if level == "warn":
            log.warning("%s", problem)
        elif level == "info":
            log.info("%s", problem)


def _unchecked(vault: Path) -> None:
    """Say that the committed outputs are published as they are when notebooks are off."""
    listed, _ = read_manifest(vault)
    if listed:
        log.info(
            "notebooks are off: the %d notebook outputs committed in the vault (%s) are "
            "published as they are, not checked against the notebooks",
            len(listed),
            MANIFEST,
        )


def _add(files: Files, file: File, *, expected: bool) -> None:
    """Add a generated file in place of a vault file at the same src_uri.

    ``expected``: the vault file is the committed copy of this output (compared by
    :func:`check_vault`); otherwise replacing it is a surprise worth a warning.
    """
    existing = files.get_file_from_path(file.src_uri)
    if existing is not None:
        if not expected:
            log.warning("%s: replaced by the file the notebooks generate", file.src_uri)
        files.remove(existing)
    files.append(file)
