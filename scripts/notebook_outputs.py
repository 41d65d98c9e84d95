"""Write the notebooks' outputs into the vault, so that Obsidian shows what the site shows.

``make notebooks`` runs this script. It executes the notebooks (or takes them from the build's
cache in ``.cache/notebooks/``, so after a build it takes a second) and brings the vault's copies
up to date (see :mod:`nonlinear.notebooks.vault_outputs`):

* ``<vault>/figures/<name>.svg``, every figure;
* ``<vault>/notebooks/<notebook>.ipynb.md``, each executed notebook as a note;
* ``<vault>/.nonlinear-outputs.json``, the list of both.

Only those files are written, and an old output no notebook produces any more is deleted; an
authored file in the way stops the script before it writes anything. The build never writes
into the vault: it checks the copies and fails ``--strict`` when one is missing or stale,
naming this command.

Usage (from the repository root)::

    make notebooks                                   # docs/ and notebooks/
    make notebooks VAULT=path/to/vault NONLINEAR_NOTEBOOKS=path/to/notebooks
    .venv/bin/python scripts/notebook_outputs.py --check   # report only; exit 1 if stale
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Final

from nonlinear.notebooks.run import (
    NOTEBOOKS_ENV,
    NotebookError,
    collect_figures,
    find_notebooks,
    notebooks_folder,
    run_notebooks,
)
from nonlinear.notebooks.vault_outputs import check_vault, plan_outputs, write_vault

ROOT: Final = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    """Write (or, with ``--check``, only compare) the vault's copies; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--project",
        type=Path,
        default=ROOT,
        help="folder of mkdocs.yml: notebooks and the cache are found from here (default: "
        "this repository)",
    )
    parser.add_argument(
        "--vault",
        type=Path,
        help="the vault to write into (default: $NONLINEAR_VAULT, else <project>/docs)",
    )
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if a copy is missing or stale"
    )
    args = parser.parse_args(argv)
    project: Path = args.project.resolve()
    vault_arg = args.vault or os.environ.get("NONLINEAR_VAULT") or project / "docs"
    vault = Path(vault_arg).resolve()
    if not vault.is_dir():
        print(f"{vault}: no such vault folder", file=sys.stderr)
        return 2
    try:
        folder = notebooks_folder(project, os.environ)
        if folder is None:
            print(
                f"no notebooks to run ({NOTEBOOKS_ENV} is empty, or there is no notebooks/ "
                "folder): nothing to write",
                file=sys.stderr,
            )
            return 0
        executed = run_notebooks(
            find_notebooks(folder), root=project, cache_dir=project / ".cache" / "notebooks"
        )
        outputs = plan_outputs(executed, collect_figures(executed))
    except NotebookError as error:
        print(error, file=sys.stderr)
        return 1
    where = _shown(vault, project)
    if args.check:
        problems = check_vault(outputs, vault)
        for problem in problems:
            print(f"{where}/{problem}")
        return 1 if problems else 0
    result = write_vault(outputs, vault)
    for problem in result.refused:
        print(f"{where}/{problem}", file=sys.stderr)
    if result.refused:
        print("nothing was written", file=sys.stderr)
        return 1
    for src_uri in result.written:
        print(f"wrote    {where}/{src_uri}")
    for src_uri in result.removed:
        print(f"removed  {where}/{src_uri}")
    print(
        f"{len(executed)} notebooks: {len(result.written)} files written, "
        f"{len(result.removed)} removed, {result.unchanged} already up to date in {where}/"
    )
    return 0


def _shown(vault: Path, project: Path) -> str:
    """The vault as the author sees it: relative to the project when inside it."""
    try:
        return vault.relative_to(project).as_posix()
    except ValueError:
        return vault.as_posix()


if __name__ == "__main__":
    sys.exit(main())
