"""Notes indexed by earlier builds, kept under ``.cache/index/`` for the next one.

Where it sits: indexing a note (:func:`nonlinear.vault.index.index_note`: its properties,
links, headings, block ids) costs about half a millisecond, and between two builds most notes do
not change: 0.9 s CPU of every warm build of the 2,000-note bench vault went to indexing the same
texts again. ``hooks/wikilinks.py`` hands the index a :class:`NoteStore`; a note whose path and
text the last build indexed is taken from it, any other is indexed and kept for the next build.

A note's entry is keyed by a digest of its path and text. The file is named after the vault's
folder (each vault built from this checkout keeps its own) and a digest of everything else a
result depends on: the source of the vault modules (``nonlinear.vault``), the versions
of PyYAML and Python-Markdown (properties, and the HTML rules the link scanner follows) and the
slugify heading anchors are made with (its name and what it makes of a few titles). Another
version of any of them reads another file; the :data:`KEPT` newest are kept. A file that
cannot be read is ignored: every note is indexed again.

The entries are pickled ``Note`` objects. The folder sits next to ``mkdocs.yml`` (never in a
vault, whose content is untrusted input), so it is as trusted as the project's own hooks.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import pickle
from collections.abc import Callable
from pathlib import Path

from nonlinear.site.disk_cache import installed_version, store
from nonlinear.vault import index as vault_index
from nonlinear.vault.index import Note, Slugify, SourceNote, index_note

__all__ = ["NoteStore", "defer_saves", "flush", "store_path"]

FORMAT = 1
"""Bumped when an entry's layout changes without a change of the code's digest."""
KEPT = 4
"""Files kept in the folder, the newest first: one per vault built lately (and per version)."""
_PROBES = ("Hello World", "Ünïcödé & co: 3.5 %", "a--b_c", "日本語 ✨", "  x  ", "<b>x</b>")
"""Titles whose anchors tell two slugify functions apart."""


def store_path(folder: Path, vault: str, slugify: Slugify) -> Path:
    """The file of *folder* (``.cache/index``) for the vault at *vault* (its folder), this code,
    these libraries and *slugify*."""
    digest = hashlib.sha256(f"{FORMAT}\0{vault}\0{_code()}".encode())
    name = f"{getattr(slugify, '__module__', '?')}.{getattr(slugify, '__qualname__', '?')}"
    digest.update(name.encode())
    for probe in _PROBES:
        digest.update(f"\0{slugify(probe, '-')}".encode())
    return folder / f"{digest.hexdigest()[:20]}.pickle"


@functools.cache
def _code() -> str:
    """A digest of the vault modules' source and of the libraries they follow (once per
    process: the modules a process runs never change under it)."""
    digest = hashlib.sha256()
    modules = Path(vault_index.__file__).parent
    for source in sorted(modules.glob("*.py")):
        digest.update(source.name.encode())
        digest.update(source.read_bytes())
    for distribution in ("PyYAML", "Markdown"):
        digest.update(installed_version(distribution))
    return digest.hexdigest()


class NoteStore:
    """The notes of the last build, and this build's, for :meth:`index`.

    Args:
        path: The store's file (:func:`store_path`), or None to keep nothing.
        index: How a note not kept is indexed.
    """

    def __init__(
        self,
        path: Path | None,
        index: Callable[[SourceNote, Slugify], Note] = index_note,
    ) -> None:
        self.path = path
        self._index = index
        self._kept = _read(path) if path is not None else {}
        self._used: dict[str, Note] = {}
        self.indexed = 0
        """Notes indexed anew by this build (not found in the store)."""

    def index(self, source: SourceNote, slugify: Slugify) -> Note:
        """The note indexed: as kept, when the last build indexed this path and text."""
        key = _key(source)
        note = self._kept.get(key)
        if note is None:
            note = self._index(source, slugify)
            self.indexed += 1
        self._used[key] = note
        return note

    def save(self) -> None:
        """Keep this build's notes for the next build, when they differ from those kept."""
        if self.path is None:
            return
        if self.indexed == 0 and len(self._used) == len(self._kept):
            return
        if _PENDING is not None:  # make serve: written when it stops (flush)
            _PENDING[self.path] = self._used
            _remember(self.path, self._used)
            return
        _write(self.path, self._used)


_PENDING: dict[Path, dict[str, Note]] | None = None
"""Stores to write when ``make serve`` stops, while saves are deferred (:func:`defer_saves`)."""


def defer_saves(deferred: bool) -> None:
    """Keep the notes of each save in memory, to write when :func:`flush` is called.

    ``make serve`` saves after every edit, and pickling every note took 24 ms of each rebuild of
    the knowledge base; its rebuilds read the notes from memory anyway. Switching deferral off
    writes what is pending.
    """
    global _PENDING  # noqa: PLW0603  (one switch for the process)
    if not deferred:
        flush()
    _PENDING = {} if deferred else None


def flush() -> None:
    """Write the stores whose saves were deferred."""
    if _PENDING:
        for path, used in list(_PENDING.items()):
            _write(path, used)
        _PENDING.clear()


def _write(path: Path, used: dict[str, Note]) -> None:
    with contextlib.suppress(pickle.PicklingError, TypeError, AttributeError):
        store(path, lambda f: pickle.dump(used, f, pickle.HIGHEST_PROTOCOL), kept=KEPT)
        _remember(path, used)


def _key(source: SourceNote) -> str:
    digest = hashlib.sha256(source.src_uri.encode())
    digest.update(b"\0")
    digest.update(source.text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:32]


_LAST: dict[Path, tuple[tuple[int, int] | None, dict[str, Note]]] = {}
"""The entries this process last read from or wrote to each file, with the file's size and
time then: ``make serve`` rebuilds read them from here (unpickling took 16 ms of each rebuild
of the knowledge base), unless another process wrote the file since."""


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_size, status.st_mtime_ns


def _remember(path: Path, entries: dict[str, Note]) -> None:
    _LAST.clear()  # one vault at a time: a process building several keeps only the last
    _LAST[path] = (_stamp(path), entries)  # (no file yet: kept until one appears)


def _read(path: Path) -> dict[str, Note]:
    """The entries of *path* (none when it is missing or not a file this module wrote)."""
    last = _LAST.get(path)
    if last is not None and last[0] == _stamp(path):
        return dict(last[1])
    entries = _load(path)
    _remember(path, entries)
    return entries


def _load(path: Path) -> dict[str, Note]:
    try:
        with path.open("rb") as file:
            entries = pickle.load(file)  # noqa: S301 - our own file, next to mkdocs.yml
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        return {}
    except Exception:  # noqa: BLE001 - any damage only means the notes are indexed again
        return {}
    if not isinstance(entries, dict) or not all(isinstance(n, Note) for n in entries.values()):
        return {}
    return entries
