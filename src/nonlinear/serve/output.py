"""Under ``mkdocs serve``, a rebuild writes only the files of the site that changed.

MkDocs empties the site folder on every rebuild and writes every page, every theme asset and
every attachment again; the redirect pages and the other files our hooks write come on top. For
the knowledge base that is about 600 files and 300 folders per save, and then the previous site
has to be removed: a third of a rebuild, on a machine whose file system is slow. A
:class:`StagedSite` takes the writes of one build instead (hooks/serve.py routes MkDocs'
``write_file``, ``copy_file`` and ``File.copy_file`` to it while the build runs):

* a write whose bytes are those the site already holds, or a copy of a source whose path, size
  and modification time are those copied last time, costs no file operation;
* any other write goes to a staging folder next to the site;
* when the build finishes (:meth:`StagedSite.commit`), each staged file is moved into the site
  (one rename), and every file of the site that this build did not write is removed, folders
  left empty too: the site is then exactly what a clean build writes;
* when the build fails (:meth:`StagedSite.abort`), the staging folder goes and the site stays
  the last good build, untouched, while the browser keeps reading it.

Code that writes straight into the site folder (MkDocs' ``sitemap.xml.gz``, mkdocs-jupyter's
copies of notebook sources) is allowed for: the site's files when the build begins are known
(as the last commit left them, or listed), and a file whose size or modification time changed
since, or that is new, counts as written by this build. What this cannot allow for is code
that *reads* the site folder while the build runs (it would read the last build's files):
hooks/serve.py stages only when every plugin is known not to.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path

Fingerprint = tuple[str, ...]
"""What a file of the site was made from: the digest of its bytes, or the copied source's path,
size and modification time."""


@dataclass(frozen=True, slots=True)
class Committed:
    """What one commit did to the site folder."""

    written: int
    """Files moved in from the staging folder (new or changed)."""
    unchanged: int
    """Files this build wrote with the bytes the site already held (no file operation)."""
    removed: int
    """Files of the previous build this one did not write."""

    def __str__(self) -> str:
        return f"{self.written} written, {self.unchanged} unchanged, {self.removed} removed"


@dataclass
class _Build:
    """The build in progress."""

    site: Path
    staging: Path
    before: dict[str, tuple[int, int]]
    """Every file in the site when the build began (its size and modification time)."""
    made: dict[str, Fingerprint] = field(default_factory=dict)
    """Each file this build wrote through :meth:`StagedSite.write` or :meth:`StagedSite.copy`."""
    staged: set[str] = field(default_factory=set)
    """The files of :attr:`made` that differ from the site's and wait in the staging folder."""
    prune: bool = True
    """Files the build did not write are removed when it is committed."""
    direct: bool = False
    """No build of this site has finished here: there is no last good site to keep, so the
    files go straight into it (staging them would only cost a rename each)."""


class StagedSite:
    """The site folder of a ``mkdocs serve`` process, written only where a rebuild changed it.

    One object serves every build of the process: it remembers what each file of the site was
    made from. Paths given to :meth:`write` and :meth:`copy` are absolute (as MkDocs gives
    them); :meth:`owns` says whether one lies in the site (others are not staged).
    """

    def __init__(self) -> None:
        self._site: Path | None = None
        self._held: dict[str, Fingerprint] = {}
        """What each file written through this object was made from, as it is in the site."""
        self._build: _Build | None = None
        self._listed: dict[str, tuple[int, int]] | None = None
        """The site's files after the last commit (so the next build need not list them)."""

    def begin(self, site: Path, *, prune: bool = True) -> None:
        """Start a build into *site* (created if missing). A site other than the last one is
        taken as unknown: every file is written, and whatever it held is removed at commit.

        Args:
            site: The site folder.
            prune: Remove at commit the files this build did not write (``mkdocs serve
                --dirty`` writes only the pages whose source changed: the others stay).
        """
        site = Path(os.path.abspath(site))
        if site != self._site:
            self._site, self._held, self._listed = site, {}, None
        site.mkdir(parents=True, exist_ok=True)
        staging = site.with_name(site.name + ".staging")
        shutil.rmtree(staging, ignore_errors=True)
        direct = not self._held
        if not direct:
            staging.mkdir()
        before = self._listed if self._listed is not None else _listing(site)
        self._listed = None  # until this build is committed
        self._build = _Build(site, staging, before, direct=direct, prune=prune)

    def is_site(self, path: str | os.PathLike[str]) -> bool:
        """*path* is the site folder of the build in progress."""
        return self._build is not None and Path(os.path.abspath(path)) == self._build.site

    def owns(self, path: str | os.PathLike[str]) -> bool:
        """*path* (absolute) is in the site folder of the build in progress."""
        if self._build is None:
            return False
        return _relative(str(self._build.site), path) is not None

    def write(self, path: str | os.PathLike[str], content: bytes) -> None:
        """Write *content* to *path* in the site (staged when it differs from the site's)."""
        self._put(path, ("bytes", hashlib.blake2b(content, digest_size=16).hexdigest()), content)

    def copy(self, source: str | os.PathLike[str], path: str | os.PathLike[str]) -> None:
        """Copy the file *source* to *path* in the site (staged when it differs)."""
        status = os.stat(source)
        name = os.path.abspath(source)
        self._put(path, ("copy", name, str(status.st_size), str(status.st_mtime_ns)), Path(name))

    def paths(self) -> set[str]:
        """The files of the site as this build has made it so far (relative, POSIX): those it
        wrote through this object and those written straight into the site since it began."""
        build = self._require()
        return set(build.made) | _touched(build.before, _listing(build.site))

    def commit(self) -> Committed:
        """The build finished: move its changed files into the site, remove the files it did
        not write, and remember what each file was made from."""
        build = self._require()
        now = _listing(build.site)
        keep = set(build.made) | _touched(build.before, now)
        removed = [rel for rel in now if rel not in keep and not _hidden(rel) and build.prune]
        for rel in removed:
            _remove_file(build.site, rel)
            del now[rel]
        cleared = False
        if not build.direct:
            for rel in sorted(build.staged):
                cleared |= _clear_way(build.site, rel)
                os.replace(build.staging / rel, build.site / rel)
                status = os.stat(build.site / rel)
                now[rel] = (status.st_size, status.st_mtime_ns)
            shutil.rmtree(build.staging, ignore_errors=True)
        self._held = dict(build.made) if build.prune else {**self._held, **build.made}
        self._listed = None if cleared else now  # (a folder that made way held more files)
        self._build = None
        return Committed(len(build.staged), len(build.made) - len(build.staged), len(removed))

    def abort(self) -> bool:
        """The build failed: forget its writes. Returns whether the site is still the last
        good build (files written straight into it meanwhile stay, and go at the next commit);
        it is not when no build had finished, since the files then went straight in."""
        build, self._build = self._build, None
        if build is None:
            return bool(self._held)
        shutil.rmtree(build.staging, ignore_errors=True)
        return not build.direct

    def _put(
        self, path: str | os.PathLike[str], fingerprint: Fingerprint, data: bytes | Path
    ) -> None:
        build = self._require()
        rel = _relative(str(build.site), path)
        if rel is None:
            raise ValueError(f"{path} is not in the site folder {build.site}")
        build.made[rel] = fingerprint
        if build.direct:
            target = build.site / rel
            _clear_way(build.site, rel)
        else:
            target = build.staging / rel
            if self._held.get(rel) == fingerprint and rel in build.before:
                if rel in build.staged:  # written twice in one build, back to the site's bytes
                    build.staged.discard(rel)
                    target.unlink(missing_ok=True)
                return
            target.parent.mkdir(parents=True, exist_ok=True)
        build.staged.add(rel)
        if isinstance(data, Path):
            shutil.copyfile(data, target)
        else:
            target.write_bytes(data)

    def _require(self) -> _Build:
        if self._build is None:
            raise RuntimeError("no build in progress: call begin() first")
        return self._build


def _relative(site: str, path: str | os.PathLike[str]) -> str | None:
    """*path* relative to the folder *site* (POSIX), or ``None`` when it lies outside (or is
    the site). String work only: this runs for every file of every rebuild."""
    full = os.path.abspath(path)
    prefix = site if site.endswith(os.sep) else site + os.sep
    if not full.startswith(prefix) or len(full) == len(prefix):
        return None
    rel = full[len(prefix) :]
    return rel if os.sep == "/" else rel.replace(os.sep, "/")


def _listing(site: Path) -> dict[str, tuple[int, int]]:
    """Every file under *site* (relative, POSIX) with its size and modification time."""
    found: dict[str, tuple[int, int]] = {}
    pending = [(site, "")]
    while pending:
        folder, prefix = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            rel = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                pending.append((Path(entry.path), rel + "/"))
            else:
                status = entry.stat(follow_symlinks=False)
                found[rel] = (status.st_size, status.st_mtime_ns)
    return found


def _touched(before: dict[str, tuple[int, int]], now: dict[str, tuple[int, int]]) -> set[str]:
    """Files that are new or whose size or modification time changed."""
    return {rel for rel, status in now.items() if before.get(rel) != status}


def _hidden(rel: str) -> bool:
    """A hidden entry at the top of the site (MkDocs never writes these, nor removes them)."""
    return rel.startswith(".")


def _remove_file(site: Path, rel: str) -> None:
    """Remove a file of the site, then the folders it leaves empty."""
    path = site / rel
    path.unlink(missing_ok=True)
    for parent in path.parents:
        if parent == site or site not in parent.parents:
            break
        try:
            parent.rmdir()
        except OSError:
            break  # not empty


def _clear_way(site: Path, rel: str) -> bool:
    """Make room for the file *rel* in the site: its folders exist, and no folder stands where
    the file goes nor a file where one of its folders goes (a note renamed to a folder's name).
    Returns whether anything had to go."""
    target = site / rel
    cleared = False
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        for parent in reversed(target.parents):
            if site in parent.parents and parent.is_file():
                parent.unlink()
                cleared = True
        target.parent.mkdir(parents=True, exist_ok=True)
    if target.is_dir() and not target.is_symlink():
        shutil.rmtree(target)
        cleared = True
    return cleared


staged_site: ContextVar[StagedSite | None] = ContextVar("staged_site", default=None)
"""The staged site of the build in progress (set by hooks/serve.py), for the code that must
know which files the build has made so far (the redirects, which avoid every file of the site:
:meth:`StagedSite.paths`)."""


def write_site_file(path: Path, chunks: Iterable[str]) -> None:
    """Write a text file of the site (UTF-8) that a hook makes: to the staged site of the build
    in progress under ``make serve``, else straight to disk, piece by piece (a large vault's
    graph or link report is never held whole)."""
    staged = staged_site.get()
    if staged is not None and staged.owns(path):
        staged.write(path, "".join(chunks).encode("utf-8"))
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        out.writelines(chunks)
