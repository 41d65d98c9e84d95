"""The vault's git history, read once per build: revisions of every note and a changelog.

Where it sits: ``hooks/citing.py`` calls :func:`read_history` once in ``on_config`` (one
``git log`` over the vault folder, plus two small calls for HEAD and the folder's place in
the repository). Everything else asks the returned :class:`History`:

* :meth:`History.file` — when a note was first published (its oldest commit, followed
  across renames) and last revised (its newest commit): the cite box, the citation meta tags
  and Material's "last update" line use them;
* :attr:`History.commits` — every commit that touched the vault, newest first, with what
  it did to each file: the changelog page and its Atom feed are built from it.

A folder outside any git work tree, or a machine without git, gives an empty history: pages
then show no revision, and nothing fails. A shallow clone gives the history it holds (the
oldest visible commit then stands for "first published").
"""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

__all__ = [
    "Change",
    "ChangeKind",
    "Commit",
    "FileHistory",
    "History",
    "Revision",
    "parse_log",
    "read_head",
    "read_history",
]

ChangeKind = Literal["added", "modified", "renamed", "deleted"]
_STATUS: dict[str, ChangeKind] = {"A": "added", "M": "modified", "R": "renamed", "D": "deleted"}
# The log format: \x01 opens a commit, then hash, strict ISO committer date and subject,
# NUL-separated as -z separates the name-status fields that follow.
_FORMAT = "--format=%x01%H%x00%cI%x00%s"


@dataclass(frozen=True, slots=True)
class Revision:
    """One commit, as a citation shows it."""

    commit: str
    """Full hash."""
    time: dt.datetime
    """Committer time, with its UTC offset."""

    @property
    def short(self) -> str:
        """The abbreviated hash readers see (seven characters, as git prints it)."""
        return self.commit[:7]

    @property
    def date(self) -> dt.date:
        """Committer date."""
        return self.time.date()


@dataclass(frozen=True, slots=True)
class Change:
    """What one commit did to one file."""

    kind: ChangeKind
    """Added, modified, renamed (possibly with edits) or deleted."""
    path: str
    """POSIX path relative to the folder read; for a deletion, the path removed."""
    old_path: str | None = None
    """The path before a rename."""


@dataclass(frozen=True, slots=True)
class Commit:
    """A commit that touched the folder."""

    revision: Revision
    """Hash and time."""
    subject: str
    """First line of the message."""
    changes: tuple[Change, ...]
    """Files of the folder it changed, in git's order."""


@dataclass(frozen=True, slots=True)
class FileHistory:
    """The two dates a citation of one file needs."""

    first: Revision
    """The commit that added the file (under this path or an earlier one)."""
    last: Revision
    """The newest commit that changed it."""


@dataclass(frozen=True, slots=True)
class History:
    """Git's answers about one folder (a vault)."""

    head: Revision | None = None
    """The repository's HEAD; None outside git."""
    prefix: str = ""
    """The folder's path inside its repository, with a trailing ``/`` ("" at the top)."""
    commits: tuple[Commit, ...] = ()
    """Commits that touched the folder, newest first."""
    files: Mapping[str, FileHistory] = field(default_factory=dict)
    """First and last revision of every file present at HEAD, by path relative to the folder."""

    def file(self, path: str) -> FileHistory | None:
        """First and last revision of ``path`` (relative to the folder); None if git has none."""
        return self.files.get(path)


def read_history(folder: Path, *, timeout: float = 60) -> History:
    """Ask git about ``folder``: HEAD, the folder's prefix, and its whole log.

    Args:
        folder: A folder inside a git work tree (the vault).
        timeout: Seconds each git call may take.

    Returns:
        The history; empty when ``folder`` is not in a work tree, the repository has no
        commit yet, or git is missing.
    """
    head, prefix = read_head(folder, timeout=timeout)
    if head is None:
        return History()
    try:
        log_out = _git(
            folder, timeout, "log", "-z", "-M", "--name-status", "--relative", _FORMAT, "--", "."
        )
    except (OSError, subprocess.SubprocessError):
        return History(head=head, prefix=prefix)
    commits = parse_log(log_out)
    return History(head=head, prefix=prefix, commits=commits, files=_file_histories(commits))


def read_head(folder: Path, *, timeout: float = 60) -> tuple[Revision | None, str]:
    """Only HEAD and the folder's prefix in its repository (two quick calls, no log).

    Args:
        folder: A folder inside a git work tree.
        timeout: Seconds each git call may take.

    Returns:
        ``(head, prefix)``; ``(None, "")`` outside git.
    """
    try:
        prefix = _git(folder, timeout, "rev-parse", "--show-prefix").strip()
        out = _git(folder, timeout, "log", "-1", "--format=%H%x00%cI").strip()
    except (OSError, subprocess.SubprocessError):
        return None, ""
    commit, _, time = out.partition("\x00")
    head = _revision(commit, time)
    return head, prefix if head else ""


def _git(folder: Path, timeout: float, *args: str) -> str:
    # core.quotePath=false keeps non-ASCII names readable; -z output is never quoted anyway.
    completed = subprocess.run(
        ["git", "-c", "core.quotePath=false", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="surrogateescape",
        check=True,
        timeout=timeout,
    )
    return completed.stdout


def _revision(commit: str, time: str) -> Revision | None:
    try:
        return Revision(commit=commit, time=dt.datetime.fromisoformat(time))
    except ValueError:
        return None


def parse_log(text: str) -> tuple[Commit, ...]:
    """Read ``git log -z --name-status`` output written with this module's format.

    Args:
        text: The output: per commit ``\\x01<hash>\\0<ISO time>\\0<subject>\\0``, a newline,
            then ``<status>\\0<path>\\0`` (``R<score>\\0<old>\\0<new>\\0`` for renames).

    Returns:
        The commits in the order given (git's: newest first). Copies count as additions;
        statuses this module does not know (type changes, unmerged) as modifications.
    """
    commits: list[Commit] = []
    for block in text.split("\x01")[1:]:
        fields = block.split("\x00")
        if len(fields) < 3:
            continue
        revision = _revision(fields[0], fields[1])
        if revision is None:
            continue
        changes: list[Change] = []
        tokens = [token.lstrip("\n") for token in fields[3:]]
        i = 0
        while i < len(tokens):
            status = tokens[i]
            if not status:
                i += 1
                continue
            letter = status[0]
            if letter in "RC" and i + 2 < len(tokens):
                old, new = tokens[i + 1], tokens[i + 2]
                change = Change("renamed", new, old) if letter == "R" else Change("added", new)
                changes.append(change)
                i += 3
                continue
            if i + 1 < len(tokens):
                changes.append(Change(_STATUS.get(letter, "modified"), tokens[i + 1]))
            i += 2
        commits.append(Commit(revision, fields[2], tuple(changes)))
    return tuple(commits)


def _file_histories(commits: Iterable[Commit]) -> dict[str, FileHistory]:
    """Replay the log from the oldest commit: who added each file, who changed it last."""
    first: dict[str, Revision] = {}
    last: dict[str, Revision] = {}
    for commit in reversed(tuple(commits)):
        revision = commit.revision
        for change in commit.changes:
            if change.kind == "deleted":
                first.pop(change.path, None)
                last.pop(change.path, None)
                continue
            if change.kind == "renamed" and change.old_path is not None:
                # A note keeps its first publication across a rename (Obsidian renames in place).
                first[change.path] = first.pop(change.old_path, revision)
                last.pop(change.old_path, None)
            elif change.kind == "added":
                first[change.path] = revision
            else:
                first.setdefault(change.path, revision)  # a shallow clone's oldest commit
            last[change.path] = revision
    return {path: FileHistory(first[path], last[path]) for path in last}
