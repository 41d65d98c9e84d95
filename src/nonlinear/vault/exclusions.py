"""Which files of the vault folder are the vault: exclusions, symbolic links, unreadable notes.

Where it sits: first thing in ``on_files`` (``hooks/vault.py``), before the index is built, so
that a file left out here is neither published nor indexed: no link resolves into it, and no
problem inside it is reported. What is left out, as Obsidian leaves it out:

* **Hidden files and folders** (a path part starting with ``.``: ``.obsidian/``, ``.trash/``,
  ``.git/``, ``.github/``): Obsidian never shows them, and MkDocs' default ``exclude_docs``
  (``.*``) agrees. A vault that is a git repository therefore has no ``[[index]]`` in
  ``.git/index``.
* **The templates folder** named by the core Templates plugin (``.obsidian/templates.json``,
  ``"folder"``) or by Templater (``.obsidian/plugins/templater-obsidian/data.json``,
  ``"templates_folder"``): templates hold placeholders (``{{date}}``) and links to notes that
  exist only once a template is used.
* **Excluded files** (Settings → Files and links, ``userIgnoreFilters`` in
  ``.obsidian/app.json``): a plain entry is a path prefix (``Private/``, ``Drafts/old``), an entry
  written ``/…/`` a regular expression searched in the path; both ignore case (as the app, and
  the advanced-exclude plugin that mirrors it: mnaoumov/obsidian-advanced-exclude,
  ``src/IgnorePatterns.ts``).
* **Symbolic links** are never followed: a linked folder or note could publish text from
  outside the vault (issue 8, item 4), or publish one note twice. Each link is reported once,
  with where it points.
* **Notes that are not UTF-8 text** (MkDocs reads UTF-8, as Obsidian writes it): reported at
  the first byte that cannot be read, and skipped; a file holding NUL bytes is binary data.
  Likewise a ``.ipynb`` that is not a readable notebook (mkdocs-jupyter would render it).
* Nothing else: MkDocs drops a file whose page has the address of another (``README.md``
  beside ``index.md``, a folder note ``X.md`` beside ``X/index.md``), while in Obsidian each is
  a note. :func:`unlisted_files` finds them so that the hook lists them again; the URL planner
  (:func:`nonlinear.vault.permalinks.plan_urls`) then gives each an address of its own.
* **Files the site serves itself**: a vault file at the path of a theme file
  (``assets/javascripts/…``, which MkDocs lets a ``docs_dir`` file replace: a vault could swap
  the script every page loads), of a file or page the site generates (``404.html``,
  ``sitemap.xml``, ``search/search_index.json``, ``graph.json``, ``tags.json``, the root
  ``index.html``, ``graph/index.html``...), or inside a folder named like one of them
  (``sitemap.xml/pic.png``, which no site can hold beside the file) is reported
  (``url-collision``) and left out; letter case is ignored, as a case-insensitive host does.

Pure apart from reading the folder it is given; nothing here logs or imports MkDocs.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Literal

from nonlinear.vault.diagnostics import Diagnostic
from nonlinear.vault.obsidian_config import APP_JSON, OfmDiagnostic
from nonlinear.vault.paths import nfc
from nonlinear.vault.permalinks import GENERATED_FILES, GENERATED_FOLDERS, GENERATED_PAGES
from nonlinear.vault.safety import ACTIVE_FILE_SUFFIXES, find_unsafe_file_markup

__all__ = [
    "ExclusionRules",
    "IgnoreFilter",
    "check_active_file",
    "check_notebook",
    "decode_note",
    "parse_ignore_filters",
    "site_file_clash",
    "site_file_problem",
    "site_owned_files",
    "symlinked",
    "theme_static_files",
    "unlisted_files",
]

# Files the site writes itself besides its theme's (a vault's own CITATION.cff is published).
_SITE_FILES = (
    *(name for name in GENERATED_FILES if name != "CITATION.cff"),
    "tags.json",  # Material's tags plugin
    "index.html",  # the home page, whichever note (or listing) it is
    *(f"{page}/index.html" for page in GENERATED_PAGES),
)

Reason = Literal["hidden", "templates", "excluded"]

# A group holding a quantifier, itself quantified: "(a+)+", "(\w*)*", "(x{2,})+" — the shape
# that backtracks exponentially. A vault is untrusted input; its patterns must not hang a build.
RE_NESTED_QUANTIFIER = re.compile(r"\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)[+*{]")


@dataclass(frozen=True, slots=True)
class IgnoreFilter:
    """One entry of Obsidian's *Excluded files*."""

    text: str
    """The entry as written in ``userIgnoreFilters``."""
    pattern: re.Pattern[str]
    """A case-insensitive prefix match, or the ``/regex/`` searched anywhere in the path."""

    def matches(self, src_uri: str) -> bool:
        """Whether the vault path *src_uri* is excluded by this entry."""
        return self.pattern.search(src_uri) is not None


def parse_ignore_filters(
    entries: Iterable[str], src_uri: str = APP_JSON
) -> tuple[tuple[IgnoreFilter, ...], list[OfmDiagnostic]]:
    """Read the *Excluded files* entries of ``app.json``.

    Args:
        entries: The ``userIgnoreFilters`` strings.
        src_uri: Where they come from, for diagnostics.

    Returns:
        The filters, and an ``obsidian-config`` diagnostic for each entry that is skipped
        (an invalid regular expression, or one that could take exponential time).
    """
    filters: list[IgnoreFilter] = []
    problems: list[OfmDiagnostic] = []
    for entry in entries:
        if not entry.strip():
            continue
        if len(entry) > 2 and entry.startswith("/") and entry.endswith("/"):
            body = entry[1:-1]
            if RE_NESTED_QUANTIFIER.search(body):
                problems.append(_skipped(src_uri, entry, "a quantified group that repeats"))
                continue
            try:
                pattern = re.compile(body, re.IGNORECASE)
            except re.error as error:
                problems.append(_skipped(src_uri, entry, f"not a valid expression ({error})"))
                continue
        else:
            pattern = re.compile("^" + re.escape(entry), re.IGNORECASE)
        filters.append(IgnoreFilter(entry, pattern))
    return tuple(filters), problems


def _skipped(src_uri: str, entry: str, why: str) -> OfmDiagnostic:
    return OfmDiagnostic(
        src_uri,
        1,
        1,
        "obsidian-config",
        f"excluded-files entry '{entry}' is skipped: {why}; write a path prefix such as "
        "'Private/' or a simpler /expression/",
    )


@dataclass(frozen=True, slots=True)
class ExclusionRules:
    """What Obsidian leaves out of the vault, for one build."""

    template_folders: tuple[str, ...] = ()
    """Folders of the templates plugins (vault paths, no slashes at either end)."""
    ignore_filters: tuple[IgnoreFilter, ...] = ()
    """The vault's *Excluded files*."""

    def reason(self, src_uri: str) -> tuple[Reason, str] | None:
        """Why *src_uri* is not part of the vault, or ``None`` when it is.

        Returns:
            The reason and what caused it (the hidden part, the folder, the filter).
        """
        parts = PurePosixPath(src_uri).parts
        hidden = next((part for part in parts if part.startswith(".")), None)
        if hidden is not None:
            return "hidden", hidden
        lowered = src_uri.casefold()
        for folder in self.template_folders:
            if lowered.startswith(folder.casefold() + "/"):
                return "templates", folder
        for entry in self.ignore_filters:
            if entry.matches(src_uri):
                return "excluded", entry.text
        return None


@dataclass(frozen=True, slots=True)
class Symlink:
    """A symbolic link met inside the vault folder."""

    src_uri: str
    """The link's own vault path (a file or a folder)."""
    target: str
    """Where it points, as the link says."""
    inside: str | None
    """The vault path it resolves to when that is inside the vault, else ``None``."""

    def diagnostic(self, files: int) -> Diagnostic:
        """The ``symlink`` problem for this link, which hid *files* files."""
        if self.inside is None:
            where = f"to '{self.target}', outside the vault"
            why = "text from outside the vault is never published"
        else:
            where = f"to '{self.inside}' inside the vault"
            why = "the target is published at its own path only"
        count = f"{files} file" + ("" if files == 1 else "s")
        return Diagnostic(
            self.src_uri,
            1,
            1,
            "symlink",
            f"a symbolic link {where}; not followed ({count} left out: {why}). "
            "Move or copy the files into the vault to publish them",
        )


def symlinked(vault: Path, src_uris: Iterable[str]) -> dict[str, Symlink]:
    """Map each file reached through a symbolic link to the outermost link on its path.

    Args:
        vault: The vault folder (MkDocs' ``docs_dir``); it may itself be a link.
        src_uris: Vault paths of the files MkDocs found (it follows links).

    Returns:
        ``src_uri`` → the link, for every file whose path passes through one.
    """
    root = Path(os.path.realpath(vault))
    cache: dict[str, Symlink | None] = {}

    def link_at(prefix: str) -> Symlink | None:
        if prefix not in cache:
            path = vault / prefix
            found: Symlink | None = None
            if path.is_symlink():
                target = os.readlink(path)
                real = Path(os.path.realpath(path))
                inside = real.relative_to(root).as_posix() if real.is_relative_to(root) else None
                found = Symlink(prefix, target, inside)
            cache[prefix] = found
        return cache[prefix]

    result: dict[str, Symlink] = {}
    for uri in src_uris:
        parts = uri.split("/")
        for size in range(1, len(parts) + 1):
            link = link_at("/".join(parts[:size]))
            if link is not None:
                result[uri] = link
                break
    return result


def decode_note(src_uri: str, data: bytes) -> str | Diagnostic:
    """The text of a note, or the ``encoding`` problem that keeps it out of the site.

    UTF-8, with or without a byte order mark (what MkDocs accepts). The problem names the line
    and column of the first byte that cannot be read.

    Args:
        src_uri: The note's vault path.
        data: The file's bytes.
    """
    nul = data.find(b"\x00")
    if nul >= 0:
        line, col = _position(data, nul)
        return Diagnostic(
            src_uri,
            line,
            col,
            "encoding",
            "binary data (a NUL byte), not a Markdown note; the file is left out. "
            "Remove it or give it another extension than .md",
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        start = error.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0)
        line, col = _position(data, start)
        byte = data[start : start + 1].hex()
        return Diagnostic(
            src_uri,
            line,
            col,
            "encoding",
            f"not UTF-8 text (byte 0x{byte} cannot be read); the note is left out. "
            "Save it again as UTF-8 (Obsidian writes UTF-8)",
        )


def check_notebook(src_uri: str, data: bytes) -> Diagnostic | None:
    """The problem that keeps a vault's ``.ipynb`` out of the site, or ``None``.

    mkdocs-jupyter renders a vault's notebooks; one that is not UTF-8 JSON holding a notebook
    (an object with a ``cells`` list) stopped the build with a traceback. Reported at the
    place the file stops being readable: the bad byte, or JSON's line and column.
    """
    text = decode_note(src_uri, data)
    if isinstance(text, Diagnostic):
        return text
    try:
        notebook = json.loads(text)
    except json.JSONDecodeError as error:
        return Diagnostic(
            src_uri,
            error.lineno,
            error.colno,
            "bad-notebook",
            f"not a notebook: invalid JSON ({error.msg}); the file is left out. Open and save "
            "it again in Jupyter",
        )
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        return Diagnostic(
            src_uri,
            1,
            1,
            "bad-notebook",
            "not a notebook: JSON without a list of 'cells'; the file is left out. Open and "
            "save it again in Jupyter",
        )
    return None


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters of the readable text before it) of *offset*."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    before = data[line_start:offset].decode("utf-8", errors="replace")
    if data.startswith(b"\xef\xbb\xbf") and line_start == 0:
        before = before.removeprefix("\ufeff")
    return data.count(b"\n", 0, offset) + 1, len(before) + 1


def _key(path: str) -> str:
    return nfc(path).casefold()


def theme_static_files(theme_dirs: Iterable[str]) -> dict[str, str]:
    """The files a theme copies into the site, as MkDocs picks them: vault path → theme folder
    (the first folder holding it). Templates (``*.html``), Python files, ``mkdocs_theme.yml``,
    translations and hidden files and folders are not copied, so they are not listed."""
    found: dict[str, str] = {}
    for folder in theme_dirs:
        for root, dirs, names in os.walk(folder):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            rel = PurePosixPath(Path(root).relative_to(folder).as_posix())
            if rel.parts[:1] == ("locales",):
                continue
            for name in names:
                lower = name.lower()
                if name.startswith(".") or lower.endswith((".html", ".py", ".pyc")):
                    continue
                if "readme" in lower or name == "mkdocs_theme.yml":
                    continue
                path = (rel / name).as_posix().removeprefix("./")
                found.setdefault(path, folder)
    return found


def site_owned_files(theme_files: Iterable[str]) -> frozenset[str]:
    """Paths (case-folded) of the files the site serves itself: the theme's static files
    (*theme_files*) and what the build generates. See :func:`site_file_clash`."""
    return frozenset(_key(path) for path in (*theme_files, *_SITE_FILES, *GENERATED_FOLDERS))


def site_file_clash(src_uri: str, site_files: frozenset[str]) -> str | None:
    """The file of the site's own that vault file *src_uri* would replace, if any.

    Args:
        src_uri: The vault path of a file that is copied as it is (not a note).
        site_files: From :func:`site_owned_files`.

    Returns:
        The site's path it clashes with: the same path, or a folder of *src_uri* where the site
        writes a file or generates a folder (letter case ignored); ``None`` when it is the
        vault's to publish.
    """
    key = _key(src_uri)
    parts = key.split("/")
    for size in range(1, len(parts) + 1):
        prefix = "/".join(parts[:size])
        if prefix in site_files:
            return prefix
    return None


def site_file_problem(src_uri: str, clash: str) -> Diagnostic:
    """The ``url-collision`` problem of a vault file left out for clashing with *clash*."""
    where = "is" if _key(src_uri) == clash else "is inside"
    return Diagnostic(
        src_uri,
        1,
        1,
        "url-collision",
        f"'{src_uri}' {where} '{clash}', a file the site serves itself (its theme's, or one "
        "the build writes); it is left out, since it would replace that file or cannot be "
        "written beside it (rename or move it to publish it)",
    )


def unlisted_files(vault: Path, listed: Iterable[str]) -> list[str]:
    """Vault paths of the files in *vault* that are not in *listed* (MkDocs' file list).

    MkDocs walks the folder as this does (following links, which the hook then reports) and
    lists every file, except one whose page would have the address of another's.

    Returns:
        The missing paths, sorted.
    """
    known = set(listed)
    missing: list[str] = []
    for root, dirs, names in os.walk(vault, followlinks=True):
        dirs.sort()
        rel = Path(root).relative_to(vault).as_posix()
        for name in names:
            uri = name if rel == "." else f"{rel}/{name}"
            if uri not in known:
                missing.append(uri)
    return sorted(missing)


def check_active_file(src_uri: str, data: bytes) -> list[Diagnostic]:
    """``unsafe-html`` problems of an HTML, SVG or XML file of the vault that can run a script.

    Published as it is (an attachment is the vault's, as raw HTML in a note is), but a reader
    who opens it runs its scripts on the site's address: each active start tag is reported
    at its line, as raw HTML in a note is, so ``STRICT=1`` fails on it.

    The answer is remembered under a digest of the file's bytes (not the bytes): under
    ``mkdocs serve`` every rebuild checks every file again, and the knowledge base's 35
    figures (2 MB of SVG) took 0.13 s CPU of each rebuild, most of it for unchanged figures.
    """
    if not src_uri.lower().endswith(ACTIVE_FILE_SUFFIXES) or b"<" not in data:
        return []
    key = (src_uri, hashlib.blake2b(data, digest_size=20).digest())
    known = _CHECKED.get(key)
    if known is None:
        if len(_CHECKED) >= _CHECKED_MAX:
            _CHECKED.clear()
        known = _CHECKED[key] = _active_file_problems(src_uri, data)
    return list(known)


_CHECKED: dict[tuple[str, bytes], tuple[Diagnostic, ...]] = {}
"""Answers of :func:`check_active_file` by path and digest of the bytes."""
_CHECKED_MAX = 4096


def _active_file_problems(src_uri: str, data: bytes) -> tuple[Diagnostic, ...]:
    text = data.decode("utf-8", errors="replace")
    problems: list[Diagnostic] = []
    for found in find_unsafe_file_markup(text):
        line = text.count("\n", 0, found.offset) + 1
        col = found.offset - (text.rfind("\n", 0, found.offset) + 1) + 1
        problems.append(
            Diagnostic(
                src_uri,
                line,
                col,
                "unsafe-html",
                f"{found.raw} can run a script ({found.detail}) when a reader opens this file, "
                "which the site publishes as it is: delete it unless you trust it",
            )
        )
    return tuple(problems)
