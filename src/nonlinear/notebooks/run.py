"""Run the notebooks at build time, cache what they produce, and turn them into pages.

Where it sits: ``hooks/notebooks.py`` calls this module in ``on_files``, before the vault is
indexed, and publishes what it returns: each executed notebook as a Markdown page (src_uri
``notebooks/<name>.ipynb``) and each figure as ``figures/<file>``. Nothing here imports MkDocs
or logs; problems are raised as :class:`NotebookError` with a message ready to print.

Flow::

    find_notebooks(folder) ──> run_notebooks(paths, root=, cache_dir=)
        per notebook: cache_key(notebook bytes, nonlinear sources, versions)
            hit  ──> ExecutedNotebook(from_cache=True)
            miss ──> nbclient in a fresh python3 kernel of *this* interpreter, all misses at
                     once; figures land in $NONLINEAR_FIGURES_DIR = <entry>/figures;
                     the entry is renamed into place only when every cell succeeded
    collect_figures(executed)      name -> file, one figure name per site
    notebook_markdown(executed)    executed cells -> Markdown page (code, text, figure links)

Why a Markdown page rather than mkdocs-jupyter's HTML: mkdocs-jupyter inlines ~575 KB of
JupyterLab CSS into every notebook page; as Markdown, a notebook page weighs what a note
weighs, is themed by Material like every other page, and its Markdown cells may use the
vault's ``[[wiki links]]``.

Cache layout (``<cache_dir>/<stem>-<key>/``): ``notebook.ipynb`` (executed) and
``figures/``. The key covers everything the output depends on: the notebook's bytes, the
source of the installed ``nonlinear`` package, and the Python, NumPy and Matplotlib versions.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import posixpath
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import Any, Final

import nbformat
from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

from nonlinear.notebooks.figures import FIGURES_DIR_ENV, read_marker

__all__ = [
    "CACHE_FORMAT",
    "NOTEBOOKS_ENV",
    "CellFailure",
    "ExecutedNotebook",
    "NotebookError",
    "cache_key",
    "collect_figures",
    "find_notebooks",
    "library_sources",
    "notebook_markdown",
    "notebooks_folder",
    "run_notebooks",
    "runtime_versions",
    "to_markdown",
]

CACHE_FORMAT: Final = "nonlinear-notebooks-1"
"""Bumped when the cache layout changes; part of every key."""

NOTEBOOKS_ENV: Final = "NONLINEAR_NOTEBOOKS"
"""Environment variable: the notebooks folder (relative to the config file); empty = none."""

CACHE_KEY_LENGTH: Final = 20
"""Hex digits of the key in an entry's folder name (80 bits: collisions are not a concern)."""

DEFAULT_TIMEOUT: Final = 300
"""Seconds one cell may run before the build fails."""

# "Cell In[3], line 7" — IPython's header of a traceback frame that lies in the cell itself;
# the first one names the cell's failing line (later frames are library code).
RE_CELL_FRAME = re.compile(r"Cell In\[\d*\], line (?P<line>\d+)")
# ANSI colour codes in IPython tracebacks and streamed output.
RE_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# A longest run of backticks, to fence code that itself contains fences.
RE_BACKTICKS = re.compile(r"`+")


@dataclass(frozen=True, slots=True)
class CellFailure:
    """One notebook that could not be executed, and where."""

    label: str
    """The notebook's path as shown to the author, e.g. ``notebooks/comparisons.ipynb``."""
    cell_index: int | None
    """Index of the failing cell in the notebook's cell list (from 0), None if no cell ran."""
    line: int | None
    """Line of the cell (from 1) that raised, when the traceback names it."""
    error: str
    """Exception class name, e.g. ``ZeroDivisionError``, or ``Timeout``."""
    message: str
    """Exception message."""
    source_line: str = ""
    """The text of the failing line, if known."""

    def __str__(self) -> str:
        """Return ``path: cell N, line L: notebook-error: Error: message`` plus the line."""
        where = "" if self.cell_index is None else f" cell {self.cell_index} (counted from 0)"
        if self.line is not None:
            where += f", line {self.line}"
        location = f"{self.label}:{where}" if where else self.label
        text = f"{location}: notebook-error: {self.error}: {self.message}"
        if self.source_line:
            text += f"\n    > {self.source_line.strip()}"
        return text


class NotebookError(Exception):
    """One or more notebooks failed; ``str()`` lists each failure and the way out."""

    def __init__(self, failures: Sequence[CellFailure]) -> None:
        """Keep the failures.

        Args:
            failures: What failed, in notebook order.
        """
        self.failures = tuple(failures)
        super().__init__(self.failures)

    def __str__(self) -> str:
        """Return every failure, then how to debug or skip the notebooks."""
        lines = [str(failure) for failure in self.failures]
        if any(failure.cell_index is not None for failure in self.failures):
            lines.append(
                "Run the notebook in Jupyter to debug it (cells are counted from 0, Markdown "
                f"cells included); set {NOTEBOOKS_ENV}= (empty) to build without notebooks."
            )
        return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class ExecutedNotebook:
    """A notebook that ran to the end, as stored in the cache."""

    source: Path
    """The notebook as committed (without outputs)."""
    label: str
    """Its path as shown to the author (relative to the project root, POSIX)."""
    executed: Path
    """The executed copy, with outputs, in the cache."""
    figures: tuple[Path, ...]
    """Files the notebook saved through :func:`nonlinear.notebooks.figures.save`, sorted by name."""
    from_cache: bool
    """True when the cache already held this result."""


def notebooks_folder(config_dir: Path, environ: Mapping[str, str]) -> Path | None:
    """Return the notebooks folder to build, or None for a site without notebooks.

    Args:
        config_dir: Folder of ``mkdocs.yml``; relative settings are taken from here.
        environ: The environment; :data:`NOTEBOOKS_ENV` unset means ``notebooks``, empty means
            no notebooks (``make site VAULT=...`` sets it empty for a foreign vault).

    Returns:
        The folder, or None when notebooks are switched off or the default folder is absent.

    Raises:
        NotebookError: The folder was set explicitly but does not exist.
    """
    setting = environ.get(NOTEBOOKS_ENV)
    if setting is not None and not setting.strip():
        return None
    folder = config_dir / (setting or "notebooks")
    if folder.is_dir():
        return folder
    if setting is None:
        return None
    failure = CellFailure(
        label=str(folder),
        cell_index=None,
        line=None,
        error="NotADirectoryError",
        message=(
            f"{NOTEBOOKS_ENV}={setting!r} is not a folder next to the config file; create it, "
            f"or set {NOTEBOOKS_ENV}= (empty) to build without notebooks"
        ),
    )
    raise NotebookError([failure])


def find_notebooks(folder: Path) -> list[Path]:
    """Return the ``*.ipynb`` files directly in ``folder``, sorted by name."""
    return sorted(path for path in folder.glob("*.ipynb") if path.is_file())


def library_sources(package_dir: Path | None = None) -> dict[str, bytes]:
    """Return every ``.py`` file of the installed ``nonlinear`` package, keyed by POSIX path.

    Args:
        package_dir: The package folder; defaults to the ``nonlinear`` package this module is in.

    Returns:
        ``{"figures.py": b"...", ...}``, keys relative to ``package_dir``.
    """
    folder = package_dir if package_dir is not None else Path(__file__).resolve().parent.parent
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*.py"))
        if "__pycache__" not in path.parts
    }


def runtime_versions() -> dict[str, str]:
    """Return the versions that change figures: Python, NumPy, Matplotlib."""
    versions = {"python": sys.version}
    for distribution in ("numpy", "matplotlib"):
        versions[distribution] = metadata.version(distribution)
    return versions


def cache_key(notebook: bytes, library: Mapping[str, bytes], versions: Mapping[str, str]) -> str:
    """Return the cache key of a notebook run: a SHA-256 hex digest.

    Args:
        notebook: The notebook file's bytes.
        library: Source files of the package the notebook imports (:func:`library_sources`).
        versions: Runtime versions (:func:`runtime_versions`).

    Returns:
        A digest that changes whenever any input changes.
    """
    digest = hashlib.sha256(CACHE_FORMAT.encode())

    def feed(label: str, data: bytes) -> None:
        # Length-prefixed, so moving bytes from one part to the next changes the key.
        digest.update(f"\0{label}\0{len(data)}\0".encode())
        digest.update(data)

    feed("notebook", notebook)
    for path in sorted(library):
        feed(f"library:{path}", library[path])
    for name in sorted(versions):
        feed(f"version:{name}", versions[name].encode())
    return digest.hexdigest()


def run_notebooks(
    paths: Sequence[Path],
    *,
    root: Path,
    cache_dir: Path,
    timeout: int = DEFAULT_TIMEOUT,
) -> list[ExecutedNotebook]:
    """Execute the notebooks that are not cached yet; return all of them, in order.

    Misses run concurrently, each in its own kernel of this interpreter (the virtualenv's
    python3, whatever kernelspecs the user has installed), with the notebook's folder as the
    working directory and :data:`~nonlinear.notebooks.figures.FIGURES_DIR_ENV` set. A notebook is
    cached only when every cell succeeded; the other entries of the same notebook are removed.

    Args:
        paths: The notebooks.
        root: Folder labels are relative to (the project root).
        cache_dir: Cache folder, created if needed.
        timeout: Seconds one cell may run.

    Returns:
        One :class:`ExecutedNotebook` per path.

    Raises:
        NotebookError: A cell raised, timed out or killed its kernel; names every such notebook.
    """
    library, versions = library_sources(), runtime_versions()
    entries = {
        path: cache_dir
        / f"{path.stem}-{cache_key(path.read_bytes(), library, versions)[:CACHE_KEY_LENGTH]}"
        for path in paths
    }
    misses = [path for path in paths if not (entries[path] / "notebook.ipynb").is_file()]
    if misses:
        cache_dir.mkdir(parents=True, exist_ok=True)
        jobs = [(path, _label(path, root), entries[path]) for path in misses]
        # A thread of our own gets a fresh event loop even if the caller runs one.
        with ThreadPoolExecutor(max_workers=1) as pool:
            failures = pool.submit(asyncio.run, _execute_all(jobs, timeout)).result()
        if failures:
            raise NotebookError(failures)
    return [
        _from_entry(path, _label(path, root), entries[path], from_cache=path not in misses)
        for path in paths
    ]


def collect_figures(executed: Iterable[ExecutedNotebook]) -> dict[str, Path]:
    """Return every figure file by file name, checking that no two notebooks share one.

    Raises:
        NotebookError: Two notebooks saved a figure of the same name.
    """
    found: dict[str, tuple[Path, str]] = {}
    failures: list[CellFailure] = []
    for notebook in executed:
        for figure in notebook.figures:
            if figure.name in found and found[figure.name][1] != notebook.label:
                message = (
                    f"figure {figure.name} is also drawn by {found[figure.name][1]}; "
                    "rename one of them (figure names are global to the site)"
                )
                failures.append(CellFailure(notebook.label, None, None, "DuplicateFigure", message))
            found.setdefault(figure.name, (figure, notebook.label))
    if failures:
        raise NotebookError(failures)
    return {name: path for name, (path, _) in sorted(found.items())}


def notebook_markdown(notebook: ExecutedNotebook, *, src_uri: str, figures_uri: str) -> str:
    """Return the Markdown page of an executed notebook (see :func:`to_markdown`).

    Args:
        notebook: The executed notebook.
        src_uri: Where the page sits in the site's sources, e.g.
            ``notebooks/comparisons.ipynb``; figure links are made relative to it.
        figures_uri: Folder of the figures in the site's sources, e.g. ``figures``.
    """
    page_dir = PurePosixPath(src_uri).parent
    content = json.loads(notebook.executed.read_text(encoding="utf-8"))

    def href(file_name: str) -> str:
        return posixpath.relpath(f"{figures_uri}/{file_name}", page_dir)

    return to_markdown(content, title=_title_from_stem(notebook.source.stem), figure_href=href)


def to_markdown(
    notebook: Mapping[str, Any], *, title: str, figure_href: Callable[[str], str]
) -> str:
    """Convert an executed notebook (nbformat 4 JSON) to a Markdown page.

    * The first line of the first cell, if it is a ``# Heading``, becomes the page title
      (frontmatter ``title``), as notes carry no H1 of their own.
    * Markdown cells are copied; code cells become fenced ``python`` blocks.
    * An output of :func:`nonlinear.notebooks.figures.save` becomes
      ``![alt](figure_href("x.svg"))``; Markdown and HTML outputs are copied; other images are
      inlined; text is fenced.
    * Cell tags ``remove-cell``, ``remove-input`` and ``remove-output`` hide those parts.

    Args:
        notebook: The notebook as parsed JSON.
        title: Title used when the notebook does not open with a ``# Heading``.
        figure_href: Maps a figure file name to the link written in the page.

    Returns:
        The page, starting with YAML frontmatter.
    """
    parts: list[str] = []
    cells: Sequence[Mapping[str, Any]] = notebook.get("cells", [])
    for index, cell in enumerate(cells):
        tags = set(cell.get("metadata", {}).get("tags", []))
        if "remove-cell" in tags:
            continue
        source = _joined(cell.get("source", ""))
        if cell.get("cell_type") == "markdown":
            if index == 0 and source.startswith("# "):
                heading, _, source = source.partition("\n")
                title = heading[2:].strip().rstrip("#").strip() or title
            parts.append(source)
        elif cell.get("cell_type") == "code":
            if source.strip() and "remove-input" not in tags:
                parts.append(_fence(source, "python"))
            if "remove-output" not in tags:
                parts.extend(_output(out, figure_href) for out in cell.get("outputs", []))
    body = "\n\n".join(part.strip("\n") for part in parts if part.strip())
    return f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n---\n\n{body}\n"


# --- execution -------------------------------------------------------------------------------


class _InterpreterKernelSpecManager(KernelSpecManager):
    """Always start ``python3`` as this interpreter, ignoring installed kernelspecs.

    A user-wide ``python3`` kernelspec may point at another Python without ``nonlinear``.
    """

    def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
        """Return a spec that runs ``ipykernel`` under ``sys.executable``."""
        return KernelSpec(
            argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            display_name=f"Python 3 ({sys.prefix})",
            language="python",
            name=kernel_name,
        )


async def _execute_all(jobs: Sequence[tuple[Path, str, Path]], timeout: int) -> list[CellFailure]:
    """Execute every job concurrently; return the failures in job order."""
    results = await asyncio.gather(*(_execute(*job, timeout=timeout) for job in jobs))
    return [failure for failure in results if failure is not None]


async def _execute(path: Path, label: str, entry: Path, *, timeout: int) -> CellFailure | None:
    """Execute one notebook into a scratch folder, then move it to ``entry``."""
    scratch = Path(tempfile.mkdtemp(prefix=f".{path.stem}-", dir=entry.parent))
    # Unix sockets instead of TCP: nothing listens on the network, and the kernel does not
    # warn about unencrypted TCP. Socket paths are short-lived and short (< 108 bytes).
    sockets = tempfile.TemporaryDirectory(prefix="nonlinear-kernel-")
    try:
        notebook = nbformat.read(path, as_version=4)  # type: ignore[no-untyped-call]
        current: list[int] = []
        client = NotebookClient(
            notebook,
            km=AsyncKernelManager(
                kernel_name="python3",
                kernel_spec_manager=_InterpreterKernelSpecManager(),
                transport="ipc",
                ip=str(Path(sockets.name) / "kernel"),
            ),
            timeout=timeout,
            allow_errors=False,
            record_timing=False,
            on_cell_execute=lambda cell, cell_index: current.append(cell_index),
        )
        env = {
            **os.environ,
            FIGURES_DIR_ENV: str(scratch / "figures"),
            "MPLBACKEND": "Agg",  # no inline PNGs: figures reach the page through save()
            "PYTHONHASHSEED": "0",
        }
        try:
            await client.async_execute(cleanup_kc=True, cwd=str(path.parent), env=env)
        except CellExecutionError as error:
            return _failure(label, notebook, current[-1] if current else None, error)
        except CellTimeoutError:
            cell_index = current[-1] if current else None
            message = f"the cell ran longer than {timeout} s"
            return CellFailure(label, cell_index, None, "Timeout", message)
        except (DeadKernelError, RuntimeError, OSError) as error:
            # The kernel died or could not start (e.g. ipykernel missing): report, don't crash.
            cell_index = current[-1] if current else None
            message = (str(error).strip().splitlines() or [""])[0] or "no message"
            return CellFailure(label, cell_index, None, type(error).__name__, message)
        (scratch / "figures").mkdir(exist_ok=True)
        nbformat.write(notebook, scratch / "notebook.ipynb")  # type: ignore[no-untyped-call]
        _install(scratch, entry)
        return None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        sockets.cleanup()


def _failure(
    label: str, notebook: Any, cell_index: int | None, error: CellExecutionError
) -> CellFailure:
    """Describe a failed cell: its index, the failing line of the cell and the exception."""
    traceback = RE_ANSI.sub("", str(error))
    match = RE_CELL_FRAME.search(traceback)
    line = int(match["line"]) if match else None
    source_line = ""
    if line is not None and cell_index is not None:
        lines = _joined(notebook.cells[cell_index].source).splitlines()
        source_line = lines[line - 1] if 0 < line <= len(lines) else ""
    return CellFailure(label, cell_index, line, error.ename, error.evalue, source_line)


def _install(scratch: Path, entry: Path) -> None:
    """Move a finished run into place and drop older entries of the same notebook."""
    try:
        scratch.rename(entry)
    except OSError:  # another build finished the same key first; its result is equal
        return
    stem = entry.name[: -(CACHE_KEY_LENGTH + 1)]
    entry_name = re.compile(re.escape(stem) + f"-[0-9a-f]{{{CACHE_KEY_LENGTH}}}")
    for old in entry.parent.iterdir():
        if old != entry and entry_name.fullmatch(old.name):
            shutil.rmtree(old, ignore_errors=True)


def _from_entry(path: Path, label: str, entry: Path, *, from_cache: bool) -> ExecutedNotebook:
    """Read a cache entry's file list."""
    figures = tuple(sorted((entry / "figures").iterdir(), key=lambda figure: figure.name))
    return ExecutedNotebook(path, label, entry / "notebook.ipynb", figures, from_cache)


def _label(path: Path, root: Path) -> str:
    """Return ``path`` relative to ``root`` (POSIX) when inside it, else as given."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


# --- Markdown --------------------------------------------------------------------------------


def _joined(source: str | Sequence[str]) -> str:
    """Return a cell source or output text, which nbformat may store as a list of lines."""
    return source if isinstance(source, str) else "".join(source)


def _fence(text: str, language: str) -> str:
    """Fence ``text`` with more backticks than it contains in a row."""
    longest = max((len(run) for run in RE_BACKTICKS.findall(text)), default=0)
    ticks = "`" * max(3, longest + 1)
    return f"{ticks}{language}\n{text.rstrip()}\n{ticks}"


def _output(output: Mapping[str, Any], figure_href: Callable[[str], str]) -> str:
    """Return the Markdown of one cell output."""
    kind = output.get("output_type")
    if kind == "stream":
        return _fence(RE_ANSI.sub("", _joined(output.get("text", ""))), "text")
    if kind == "error":  # only cells tagged raises-exception get here
        return _fence(RE_ANSI.sub("", "\n".join(output.get("traceback", []))), "text")
    data: Mapping[str, Any] = output.get("data", {})
    figure = read_marker(data)
    if figure is not None:
        name, alt = figure
        alt_text = alt.replace("[", "\\[").replace("]", "\\]")
        return f"![{alt_text}]({figure_href(name + '.svg')})"
    if "text/markdown" in data:
        return _joined(data["text/markdown"])
    if "text/html" in data:
        return f'<div class="nb-output">\n{_joined(data["text/html"]).strip()}\n</div>'
    if "image/svg+xml" in data:
        return f'<div class="nb-output">\n{_joined(data["image/svg+xml"]).strip()}\n</div>'
    for mime in ("image/png", "image/jpeg"):
        if mime in data:
            payload = _joined(data[mime]).replace("\n", "")
            return f'<img class="nb-output" alt="" src="data:{mime};base64,{payload}">'
    if "text/plain" in data:
        return _fence(RE_ANSI.sub("", _joined(data["text/plain"])), "text")
    return ""


def _title_from_stem(stem: str) -> str:
    """Return ``Activation gallery`` for ``activation-gallery``."""
    words = stem.replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:] if words else stem
