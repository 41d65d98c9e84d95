"""Files a build keeps for the next one under ``.cache/`` (next to ``mkdocs.yml``, never a vault).

The math font's subset (:mod:`nonlinear.site.fonts`) and big graph layouts
(:mod:`nonlinear.site.graph_layout`) cost a second or so each to compute and come out the same
in every build whose input did not change, so each is stored under a digest of that input. The
callers own the key and check what they read back; this module only stores a file so that a
reader never sees half of it, and bounds how many are kept.

What is not kept yet is computed by a separate process (:class:`Worker`): the libraries and the
memory that takes (NumPy, fontTools, a font's decoded tables) are never part of the build
process, whose peak memory stays that of a build that found everything kept.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any, BinaryIO

__all__ = ["Worker", "installed_version", "store", "worker_input"]


@functools.cache
def installed_version(distribution: str) -> bytes:
    """The installed version of *distribution*, for a cache file's name (``?`` when absent).

    Read once per process (the packages' metadata cost about 6 ms a read, on every ``make
    serve`` rebuild); an upgrade while ``make serve`` runs is seen at its next start, as MkDocs
    itself loads its plugins and hooks only once.
    """
    try:
        return metadata.version(distribution).encode()
    except metadata.PackageNotFoundError:
        return b"?"


def store(path: Path, data: bytes | Callable[[BinaryIO], object], *, kept: int) -> None:
    """Write *data* at *path*, then keep only the *kept* newest files of that kind beside it.

    The bytes go to a temporary file that replaces *path* in one step, so a build running at
    the same time reads the old file or the new one, never a part. "Of that kind" means with
    the same suffix in the same folder. A disk that cannot be written (read-only, full) only
    means nothing is kept: no error.

    Args:
        path: Where to keep the file (its folder is created).
        data: Its bytes, or what writes them to the open file: a large store is serialised
            straight into the file, never held whole in memory as well (at 5,000 notes the
            notes' index is 8 MB, and its search entries 10 MB of text).
        kept: How many files of its suffix the folder may hold afterwards, the newest first.

    Raises:
        Whatever *data* raises when it cannot write (nothing is kept then).
    """
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        try:
            with partial.open("wb") as file:
                if isinstance(data, bytes):
                    file.write(data)
                else:
                    data(file)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        partial.replace(path)
        siblings = path.parent.glob(f"*{path.suffix}")
        newest = sorted(siblings, key=lambda p: p.stat().st_mtime, reverse=True)
        for old in newest[kept:]:
            old.unlink(missing_ok=True)


class Worker:
    """``python -m MODULE INPUT`` of this interpreter: computes one cache entry and stores it.

    *payload* goes to the worker as a JSON file beside the entry (``INPUT``; the worker removes
    it with :func:`worker_input`). The worker runs while the build goes on; :meth:`wait` waits
    for it and says why it gave nothing, if it failed. Our package is put first on the
    worker's ``PYTHONPATH``, so it runs the same code as the build.
    """

    def __init__(self, module: str, payload: Any, entry: Path) -> None:
        """Start the worker; :attr:`started` is False when it could not be (then do the work
        here)."""
        self._process: subprocess.Popen[bytes] | None = None
        self._input = entry.with_suffix(f".{os.getpid()}.input")
        with contextlib.suppress(OSError):
            entry.parent.mkdir(parents=True, exist_ok=True)
            self._input.write_text(json.dumps(payload), encoding="utf-8")
            package_root = str(Path(__file__).resolve().parents[2])
            env = dict(os.environ)
            env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
            self._process = subprocess.Popen(  # noqa: S603 - this interpreter, our own module
                [sys.executable, "-m", module, str(self._input)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                env=env,
            )

    @property
    def started(self) -> bool:
        """Whether the worker process was started (and not waited for yet)."""
        return self._process is not None

    def wait(self) -> str | None:
        """Wait for the worker; None when it ended well, else the last line it printed."""
        error = None
        if self._process is not None:
            _, output = self._process.communicate()
            if self._process.returncode != 0:
                lines = output.decode("utf-8", "replace").strip().splitlines()
                error = lines[-1] if lines else f"exit status {self._process.returncode}"
            self._process = None
        self._input.unlink(missing_ok=True)
        return error


def worker_input(argv: Sequence[str]) -> Any:
    """The payload a :class:`Worker` gave (``argv[0]``), read once: the file is removed."""
    given = Path(argv[0])
    payload = json.loads(given.read_text(encoding="utf-8"))
    given.unlink(missing_ok=True)
    return payload
