"""The notebooks' outputs kept in the vault, so that Obsidian shows what the site shows.

Where it sits: the notes embed figures (``![[relu.svg]]``) and link notebooks
(``[[activation-gallery.ipynb|…]]``) that the notebooks in ``notebooks/`` produce. The site
executes the notebooks at every build; an author reading the vault in Obsidian has no build,
so the vault carries a committed copy of what the notebooks produce:

* ``figures/<name>.svg``: every figure, as the site shows it (the PNG copies are downloads
  on the site only);
* ``notebooks/<notebook>.ipynb.md``: each executed notebook as a note, the same Markdown the
  site renders as its page. Obsidian resolves ``[[x.ipynb]]`` to it (a link without a known
  extension also matches the note ``x.ipynb.md``), and so does the site's resolver: the link
  resolves to the same file in both. Its ``permalink`` keeps the page at ``notebooks/x/``;
* ``.nonlinear-outputs.json``: the list of these files and the notebook behind each, so that
  a file no notebook draws any more is known to be an old output, not an author's file.

Nothing here writes on its own: the build only *checks* (:func:`check_vault`; the build never
writes into the vault) and publishes the fresh outputs; ``make notebooks`` runs
:func:`write_vault`, which writes only files listed here or absent, never an authored one.

Flow::

    plan_outputs(executed, figures)  ->  {src_uri: Output(data, source)}   (manifest included)
    check_vault(outputs, vault)      ->  [Located problems: missing, stale, old, authored]
    write_vault(outputs, vault)      ->  WriteResult(written, removed, refused)
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, Literal

from nonlinear.notebooks.run import ExecutedNotebook, notebook_markdown
from nonlinear.vault.diagnostics import Located

__all__ = [
    "FIGURES_URI",
    "FIX_COMMAND",
    "MANIFEST",
    "PAGES_URI",
    "Output",
    "OutputKind",
    "OutputProblem",
    "WriteResult",
    "check_vault",
    "page_src_uri",
    "plan_outputs",
    "read_manifest",
    "write_vault",
]

FIGURES_URI: Final = "figures"
"""Folder of the figures, in the vault and on the site."""
PAGES_URI: Final = "notebooks"
"""Folder of the executed notebooks' notes, in the vault and on the site."""
MANIFEST: Final = ".nonlinear-outputs.json"
"""The list of outputs at the vault root (a dot-file: neither Obsidian nor MkDocs shows it)."""
VAULT_FIGURE_SUFFIXES: Final = (".svg",)
"""Figure files copied into the vault: what the pages show (PNGs are site downloads only)."""
FIX_COMMAND: Final = "make notebooks"
"""The command every staleness problem names."""

OutputKind = Literal["stale-output"]


class OutputProblem(Located[OutputKind]):
    """A vault copy that does not match what the notebooks produce now."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class Output:
    """One file the vault must hold."""

    data: bytes
    """Its exact bytes."""
    source: str
    """The notebook that produces it, as shown to the author (``notebooks/x.ipynb``)."""


def page_src_uri(notebook: ExecutedNotebook) -> str:
    """Return the note of an executed notebook: ``notebooks/<name>.ipynb.md``."""
    return f"{PAGES_URI}/{notebook.source.name}.md"


def page_markdown(notebook: ExecutedNotebook) -> str:
    """Return the note of an executed notebook: the site's page, marked as generated.

    The header adds a ``permalink`` (the page keeps its URL ``notebooks/<stem>/``) and an
    Obsidian comment, visible while editing the note and dropped from the site, that says
    where the text comes from.
    """
    src_uri = page_src_uri(notebook)
    markdown = notebook_markdown(notebook, src_uri=src_uri, figures_uri=FIGURES_URI)
    header, separator, body = markdown.partition("\n---\n")
    permalink = f"{PAGES_URI}/{notebook.source.stem}"
    comment = (
        f"%% Generated from {notebook.label} by `{FIX_COMMAND}`: edit the notebook, then run "
        f"`{FIX_COMMAND}`. Changes made here are overwritten. %%\n"
    )
    return f"{header}\npermalink: {json.dumps(permalink)}{separator}{comment}{body}"


def plan_outputs(
    executed: Iterable[ExecutedNotebook], figures: Mapping[str, Path]
) -> dict[str, Output]:
    """Return every file the vault must hold, by ``src_uri``, the manifest included.

    Args:
        executed: The executed notebooks.
        figures: Every figure file by file name (:func:`~nonlinear.notebooks.run.collect_figures`).

    Returns:
        ``{"figures/relu.svg": Output(...), "notebooks/x.ipynb.md": ..., MANIFEST: ...}``,
        sorted by ``src_uri``.
    """
    notebooks = list(executed)
    drawn_by = {path: notebook.label for notebook in notebooks for path in notebook.figures}
    outputs: dict[str, Output] = {}
    for name, path in figures.items():
        if posixpath.splitext(name)[1] in VAULT_FIGURE_SUFFIXES:
            outputs[f"{FIGURES_URI}/{name}"] = Output(path.read_bytes(), drawn_by.get(path, ""))
    for notebook in notebooks:
        outputs[page_src_uri(notebook)] = Output(
            page_markdown(notebook).encode("utf-8"), notebook.label
        )
    listing = {uri: output.source for uri, output in sorted(outputs.items())}
    manifest = {
        "about": (
            f"Files written into this vault by `{FIX_COMMAND}` from the notebooks, and the "
            "notebook behind each. Do not edit them: edit the notebook and run the command."
        ),
        "files": listing,
    }
    text = json.dumps(manifest, indent=1, ensure_ascii=False) + "\n"
    outputs[MANIFEST] = Output(text.encode("utf-8"), "")
    return dict(sorted(outputs.items()))


def read_manifest(vault: Path) -> tuple[dict[str, str], str | None]:
    """Return the outputs the vault's manifest lists (``src_uri -> notebook``), and a problem.

    Args:
        vault: The vault folder.

    Returns:
        The listing (empty when there is no manifest) and, when the file exists but is not a
        manifest, what is wrong with it.
    """
    path = vault / MANIFEST
    if not path.is_file():
        return {}, None
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return {}, f"is not valid JSON ({error})"
    files = loaded.get("files") if isinstance(loaded, dict) else None
    if not isinstance(files, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in files.items()
    ):
        return {}, 'has no "files" mapping of path to notebook'
    return {k: v for k, v in files.items() if _inside(k)}, None


def check_vault(outputs: Mapping[str, Output], vault: Path) -> list[OutputProblem]:
    """Compare the vault's copies with the outputs; return every difference, with the fix.

    Problems, each at line 1 of the vault file (``src_uri``):

    * an output missing from the vault (Obsidian cannot show it);
    * a copy that differs from what its notebook produces now (stale);
    * a file the manifest lists that no notebook produces any more (an old output);
    * an authored file where a notebook writes an output (``make notebooks`` won't overwrite);
    * a manifest that is unreadable or lists other files (only when nothing else differs).

    Args:
        outputs: What the vault must hold (:func:`plan_outputs`).
        vault: The vault folder.

    Returns:
        The problems, sorted by path.
    """
    listed, manifest_error = read_manifest(vault)
    problems: list[OutputProblem] = []

    def report(src_uri: str, message: str) -> None:
        problems.append(OutputProblem(src_uri, 1, 1, "stale-output", message))

    fix = f"run `{FIX_COMMAND}` and commit what it writes"
    for src_uri, output in outputs.items():
        if src_uri == MANIFEST:
            continue
        path = vault / src_uri
        if not path.is_file():
            report(
                src_uri,
                f"{output.source} produces this file but the vault has no copy, so Obsidian "
                f"cannot show it; {fix}",
            )
        elif path.read_bytes() != output.data:
            if src_uri in listed:
                report(src_uri, f"differs from what {output.source} produces now; {fix}")
            else:
                report(src_uri, _authored_message(output.source))
    for src_uri, source in listed.items():
        if src_uri not in outputs and (vault / src_uri).is_file():
            was = f" (was from {source})" if source else ""
            report(
                src_uri,
                f"no notebook produces this file any more{was}; run `{FIX_COMMAND}`, which "
                "deletes it, and commit the deletion",
            )
    if not problems and MANIFEST in outputs:
        path = vault / MANIFEST
        if manifest_error is not None:
            report(MANIFEST, f"{manifest_error}; {fix}")
        elif not path.is_file() or path.read_bytes() != outputs[MANIFEST].data:
            report(MANIFEST, f"does not list the files the notebooks produce now; {fix}")
    return sorted(problems)


@dataclass(frozen=True, slots=True)
class WriteResult:
    """What :func:`write_vault` did."""

    written: tuple[str, ...] = ()
    """Files created or replaced."""
    removed: tuple[str, ...] = ()
    """Old outputs deleted."""
    unchanged: int = 0
    """Outputs that were already up to date."""
    refused: tuple[OutputProblem, ...] = field(default=())
    """Authored files in the way; nothing was written when this is not empty."""


def write_vault(outputs: Mapping[str, Output], vault: Path) -> WriteResult:
    """Bring the vault's copies up to date: write, replace, delete old outputs.

    Only files the manifest lists (earlier outputs) or absent files are written or deleted;
    an authored file in the way stops everything before any write, and is returned.

    Args:
        outputs: What the vault must hold (:func:`plan_outputs`).
        vault: The vault folder.

    Returns:
        What was written, removed and refused.
    """
    listed, _ = read_manifest(vault)
    refused = tuple(
        OutputProblem(src_uri, 1, 1, "stale-output", _authored_message(output.source))
        for src_uri, output in outputs.items()
        if src_uri != MANIFEST
        and src_uri not in listed
        and (vault / src_uri).is_file()
        and (vault / src_uri).read_bytes() != output.data
    )
    if refused:
        return WriteResult(refused=refused)
    written, unchanged = [], 0
    for src_uri, output in outputs.items():
        path = vault / src_uri
        if path.is_file() and path.read_bytes() == output.data:
            unchanged += 1
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(output.data)
        written.append(src_uri)
    removed = []
    for src_uri in listed:
        path = vault / src_uri
        if src_uri not in outputs and path.is_file():
            path.unlink()
            removed.append(src_uri)
            _remove_empty_folders(path.parent, vault)
    return WriteResult(tuple(written), tuple(removed), unchanged)


def _authored_message(source: str) -> str:
    return (
        f"{source} produces a file of this name, but this one was not written by "
        f"`{FIX_COMMAND}` (the vault's {MANIFEST} does not list it), so it is never "
        "overwritten: rename the figure in the notebook, or move this file elsewhere"
    )


def _inside(src_uri: str) -> bool:
    """Whether a listed path stays inside the vault (a hand-edited manifest is not trusted)."""
    parts = src_uri.split("/")
    return bool(src_uri) and not src_uri.startswith("/") and ".." not in parts and "" not in parts


def _remove_empty_folders(folder: Path, vault: Path) -> None:
    """Remove ``folder`` and its parents up to the vault while they are empty."""
    while folder != vault and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
