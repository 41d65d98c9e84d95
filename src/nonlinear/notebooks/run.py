"""Run the notebooks at build time, cache what they produce, and turn them into pages.

Where it sits: ``hooks/notebooks.py`` calls this module in ``on_files``, before the vault is
indexed, and publishes what it returns: each executed notebook as a Markdown page (src_uri
``notebooks/<name>.ipynb``) and each figure as ``figures/<file>``. Nothing here imports MkDocs
or logs; problems are raised as :class:`NotebookError` with a message ready to print.

Flow::

    find_notebooks(folder) ──> run_notebooks(paths, root=, cache_dir=)
        per notebook: cache_key(notebook bytes, versions) names the entry; its deps.json
        lists the nonlinear modules the run imported, with their digests
            hit  ──> every recorded module unchanged: ExecutedNotebook(from_cache=True)
            miss ──> nbclient in a fresh python3 kernel of *this* interpreter, all misses at
                     once; figures land in $NONLINEAR_FIGURES_DIR = <entry>/figures; the
                     kernel reports the nonlinear modules it loaded; the entry is renamed
                     into place only when every cell succeeded
    collect_figures(executed)      name -> file, one figure name per site
    notebook_markdown(executed)    executed cells -> Markdown page (code, text, figure links)

Why a Markdown page rather than mkdocs-jupyter's HTML: mkdocs-jupyter inlines ~575 KB of
JupyterLab CSS into every notebook page; as Markdown, a notebook page weighs what a note
weighs, is themed by Material like every other page, and its Markdown cells may use the
vault's ``[[wiki links]]``.

Cache layout (``<cache_dir>/<stem>-<key>/``): ``notebook.ipynb`` (executed), ``figures/``
and ``deps.json``. What the output depends on: the notebook's bytes and the Python, NumPy and
Matplotlib versions (in the key), and the source of every ``nonlinear`` module the run
imported (recorded by the kernel itself after the last cell, checked on every build), the way
a compiler's depfile works. An edit of a module no notebook imports (the vault engine, the
site) keeps the figures; an edit of one they import, directly or through another module,
runs them again. When the kernel cannot say what it loaded, every module of the package is
recorded, so an entry is never trusted on less than it depends on.

The heavy libraries (nbclient, nbformat, jupyter_client; Matplotlib through the notebooks)
are imported only when a notebook has to run: a build that takes everything from the cache
never loads them.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
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
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from nbclient.exceptions import CellExecutionError

from nonlinear.notebooks.marker import FIGURES_DIR_ENV, read_marker

__all__ = [
    "CACHE_FORMAT",
    "NOTEBOOKS_ENV",
    "CellFailure",
    "ExecutedNotebook",
    "NotebookError",
    "cache_key",
    "collect_figures",
    "dependencies_current",
    "find_notebooks",
    "library_sources",
    "notebook_markdown",
    "notebooks_folder",
    "run_notebooks",
    "runtime_versions",
    "to_markdown",
]

CACHE_FORMAT: Final = "nonlinear-notebooks-2"
"""Bumped when the cache layout changes; part of every key."""

NOTEBOOKS_ENV: Final = "NONLINEAR_NOTEBOOKS"
"""Environment variable: the notebooks folder (relative to the config file); empty = none."""

CACHE_KEY_LENGTH: Final = 20
"""Hex digits of the key in an entry's folder name (80 bits: collisions are not a concern)."""

DEFAULT_TIMEOUT: Final = 300
"""Seconds one cell may run before the build fails."""

DEPS_FILE: Final = "deps.json"
"""The entry's record of the ``nonlinear`` modules the run imported, with their digests."""

# Run in the kernel after the last cell: the files of the nonlinear modules it loaded. Printed
# behind a marker so that nothing the notebook printed can be taken for it.
DEPS_MARKER: Final = "\x00nonlinear-deps\x00"
DEPS_CELL: Final = (
    "import json as _nl_json, sys as _nl_sys\n"
    "print(" + repr(DEPS_MARKER) + " + _nl_json.dumps(sorted({\n"
    "    _m.__file__ for _n, _m in list(_nl_sys.modules.items())\n"
    "    if _n.split('.')[0] == 'nonlinear' and getattr(_m, '__file__', None)\n"
    "})))\n"
)

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
    """Return the versions that change figures: Python, NumPy, Matplotlib.

    Read once per process (the packages' metadata took 13 ms of every ``make serve``
    rebuild); an upgrade while ``make serve`` runs is seen at its next start, as MkDocs itself
    loads its plugins and hooks only once.
    """
    return dict(_runtime_versions())


@functools.cache
def _runtime_versions() -> tuple[tuple[str, str], ...]:
    versions = [("python", sys.version)]
    versions += [(name, metadata.version(name)) for name in ("numpy", "matplotlib")]
    return tuple(versions)


def cache_key(notebook: bytes, versions: Mapping[str, str]) -> str:
    """Return the cache key of a notebook run: a SHA-256 hex digest.

    The ``nonlinear`` modules the run imports are not part of the key: they are recorded in
    the entry after the run and checked on every build (:func:`dependencies_current`).

    Args:
        notebook: The notebook file's bytes.
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
    for name in sorted(versions):
        feed(f"version:{name}", versions[name].encode())
    return digest.hexdigest()


def source_digest(path: Path) -> str:
    """SHA-256 of a source file, or ``"missing"`` when it cannot be read."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "missing"


def record_dependencies(files: Iterable[str], package_dir: Path) -> dict[str, str]:
    """Digest of each module file a run loaded, keyed by its path relative to the package.

    Args:
        files: Absolute paths of the loaded ``nonlinear`` modules (as the kernel reports them).
        package_dir: The ``nonlinear`` package folder; files outside it keep their full path.

    Returns:
        ``{"notebooks/figures.py": "<sha256>", ...}``, sorted.
    """
    recorded: dict[str, str] = {}
    root = package_dir.resolve()
    for name in files:
        path = Path(name).resolve()
        try:
            key = path.relative_to(root).as_posix()
        except ValueError:
            key = path.as_posix()
        recorded[key] = source_digest(path)
    return dict(sorted(recorded.items()))


def dependencies_current(recorded: Mapping[str, str], package_dir: Path) -> bool:
    """True when every recorded module still has the digest the run saw.

    Args:
        recorded: From :func:`record_dependencies` (stored in the entry's ``deps.json``).
        package_dir: The ``nonlinear`` package folder the relative paths start from.
    """
    for name, digest in recorded.items():
        path = Path(name) if Path(name).is_absolute() else package_dir / name
        if source_digest(path) != digest:
            return False
    return True


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
    versions = runtime_versions()
    package_dir = _package_dir()
    entries = {
        path: cache_dir / f"{path.stem}-{cache_key(path.read_bytes(), versions)[:CACHE_KEY_LENGTH]}"
        for path in paths
    }
    misses = [path for path in paths if not _entry_current(entries[path], package_dir)]
    if misses:
        cache_dir.mkdir(parents=True, exist_ok=True)
        jobs = [(path, _label(path, root), entries[path]) for path in misses]
        # A thread of our own gets a fresh event loop even if the caller runs one.
        with ThreadPoolExecutor(max_workers=1) as pool:
            failures = pool.submit(asyncio.run, _execute_all(jobs, timeout, package_dir)).result()
        if failures:
            raise NotebookError(failures)
    return [
        _from_entry(path, _label(path, root), entries[path], from_cache=path not in misses)
        for path in paths
    ]


def _package_dir() -> Path:
    """The folder of the ``nonlinear`` package this module belongs to."""
    return Path(__file__).resolve().parent.parent


def _entry_current(entry: Path, package_dir: Path) -> bool:
    """True when the entry holds a finished run whose recorded modules are unchanged."""
    if not (entry / "notebook.ipynb").is_file():
        return False
    try:
        recorded = json.loads((entry / DEPS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False  # no record (or a broken one): never trust the entry
    modules = recorded.get("modules") if isinstance(recorded, dict) else None
    if not isinstance(modules, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in modules.items()
    ):
        return False
    return dependencies_current(modules, package_dir)


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
    status = notebook.executed.stat()
    stamp = (status.st_size, status.st_mtime_ns)
    return _notebook_markdown(notebook.executed, stamp, notebook.source.stem, src_uri, figures_uri)


@functools.lru_cache(maxsize=64)
def _notebook_markdown(
    executed: Path, stamp: tuple[int, int], stem: str, src_uri: str, figures_uri: str
) -> str:
    # Kept while the executed file is unchanged (its size and time are the stamp): every
    # `make serve` rebuild asks again, and reading the JSON cost 28 ms of each.
    page_dir = PurePosixPath(src_uri).parent
    content = json.loads(executed.read_text(encoding="utf-8"))

    def href(file_name: str) -> str:
        return posixpath.relpath(f"{figures_uri}/{file_name}", page_dir)

    return to_markdown(content, title=_title_from_stem(stem), figure_href=href)


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


def _kernel_spec_manager() -> Any:
    """A kernelspec manager that always starts ``python3`` as this interpreter.

    A user-wide ``python3`` kernelspec may point at another Python without ``nonlinear``.
    Defined here, not at module level, so that jupyter_client is imported only to run.
    """
    from jupyter_client.kernelspec import KernelSpec, KernelSpecManager  # noqa: PLC0415

    class InterpreterKernelSpecManager(KernelSpecManager):
        def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
            """Return a spec that runs ``ipykernel`` under ``sys.executable``."""
            return KernelSpec(
                argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                display_name=f"Python 3 ({sys.prefix})",
                language="python",
                name=kernel_name,
            )

    return InterpreterKernelSpecManager()


async def _execute_all(
    jobs: Sequence[tuple[Path, str, Path]], timeout: int, package_dir: Path
) -> list[CellFailure]:
    """Execute every job concurrently; return the failures in job order."""
    results = await asyncio.gather(
        *(_execute(*job, timeout=timeout, package_dir=package_dir) for job in jobs)
    )
    return [failure for failure in results if failure is not None]


async def _execute(
    path: Path, label: str, entry: Path, *, timeout: int, package_dir: Path
) -> CellFailure | None:
    """Execute one notebook into a scratch folder, then move it to ``entry``."""
    # The heavy part of the stack, imported only when a notebook has to run.
    import nbformat  # noqa: PLC0415
    from jupyter_client.manager import AsyncKernelManager  # noqa: PLC0415
    from nbclient import NotebookClient  # noqa: PLC0415
    from nbclient.exceptions import (  # noqa: PLC0415
        CellExecutionError,
        CellTimeoutError,
        DeadKernelError,
    )

    scratch = Path(tempfile.mkdtemp(prefix=f".{path.stem}-", dir=entry.parent))
    # Unix sockets instead of TCP: nothing listens on the network, and the kernel does not
    # warn about unencrypted TCP. Socket paths are short-lived and short (< 108 bytes).
    sockets = tempfile.TemporaryDirectory(prefix="nonlinear-kernel-")
    try:
        notebook = nbformat.read(path, as_version=4)  # type: ignore[no-untyped-call]
        cells = len(notebook.cells)
        # One more cell, removed again below: the kernel reports the modules it loaded.
        notebook.cells.append(nbformat.v4.new_code_cell(DEPS_CELL))  # type: ignore[no-untyped-call]
        current: list[int] = []
        client = NotebookClient(
            notebook,
            km=AsyncKernelManager(
                kernel_name="python3",
                kernel_spec_manager=_kernel_spec_manager(),
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
        loaded = _loaded_modules(notebook.cells.pop())
        del notebook.cells[cells:]
        if loaded is None:  # no report: depend on the whole package rather than on nothing
            loaded = [str(package_dir / name) for name in library_sources(package_dir)]
        deps = {"format": CACHE_FORMAT, "modules": record_dependencies(loaded, package_dir)}
        (scratch / "figures").mkdir(exist_ok=True)
        nbformat.write(notebook, scratch / "notebook.ipynb")  # type: ignore[no-untyped-call]
        (scratch / DEPS_FILE).write_text(json.dumps(deps, indent=1) + "\n", encoding="utf-8")
        _install(scratch, entry, package_dir)
        return None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        sockets.cleanup()


def _loaded_modules(cell: Any) -> list[str] | None:
    """The module files the dependency cell printed, or None if it printed no report."""
    for output in cell.get("outputs", []):
        text = _joined(output.get("text", "")) if output.get("output_type") == "stream" else ""
        if DEPS_MARKER in text:
            try:
                files = json.loads(text.split(DEPS_MARKER, 1)[1].strip())
            except ValueError:
                return None
            if isinstance(files, list) and all(isinstance(f, str) for f in files):
                return files
    return None


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


def _install(scratch: Path, entry: Path, package_dir: Path) -> None:
    """Move a finished run into place and drop older entries of the same notebook.

    An entry under the same key whose recorded modules changed is stale: it is replaced.

    Raises:
        OSError: The entry could not be put in place, and the one there is not current (so a
            stale result is never used in its stead).
    """
    if entry.exists():
        stale = entry.with_name(f".{entry.name}-stale-{os.getpid()}")
        with contextlib.suppress(OSError):
            entry.rename(stale)
        shutil.rmtree(stale, ignore_errors=True)
    try:
        scratch.rename(entry)
    except OSError:
        if not _entry_current(entry, package_dir):
            raise
        return  # another build finished the same run first; its result is equal
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
