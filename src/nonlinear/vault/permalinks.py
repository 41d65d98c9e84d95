"""Permalinks: a note's ``permalink`` property gives it a URL of its own choosing.

Where it sits: Obsidian Publish reads ``permalink: relu`` to serve a note at ``/relu`` whatever
its folder and name, so a vault moving from Publish keeps its addresses, and a teacher can cite
a URL that survives reorganising the vault. :func:`plan_permalinks` runs inside
:meth:`nonlinear.vault.engine.Engine.build`, before any URL is handed out; ``hooks/wikilinks.py``
moves the MkDocs files accordingly, and ``hooks/redirects.py`` keeps the note's path URL
working with a redirect page. Pure: no MkDocs, no file system.

Rules: the value is a site path (``relu``, ``/functions/relu/``: slashes at either end are
ignored; ``/`` alone is the site's root, the home page); it may not climb (``..``), carry ``?``
or ``#``, a scheme, or a backslash, and it may not take the URL of another page or of another
note's permalink, or a page or file the site generates (:data:`GENERATED`: ``graph``,
``tags``, ``print_page``, ``sitemap.xml``...). A bad one is reported at the property's line and
the note keeps its path URL.

The home page (:func:`plan_home`): a site always has one. In order, the first that exists:

1. ``index.md`` at the vault root (any letter case), as MkDocs serves it;
2. the note whose ``permalink`` is ``/``;
3. the note named by the ``home_page`` setting (``HOME_PAGE=`` for ``make site``): Obsidian
   Publish's *Homepage file* option lives on Publish's servers, not in the vault, so a vault
   moving from Publish names the same note here;
4. ``README.md`` at the vault root, any letter case (``Readme.md``, ``readme.md``);
5. none: the hook generates a page listing the vault's top folders and notes
   (:mod:`nonlinear.site.home`).

A note chosen in steps 3–4 is served at the root and its path URL becomes a redirect, as a
permalink's does.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Final
from urllib.parse import quote, unquote

from nonlinear.vault.diagnostics import Diagnostic
from nonlinear.vault.index import Note
from nonlinear.vault.paths import NOTE_SUFFIX, SrcUri, is_note, nfc, slug_path, slug_segment


@dataclass(frozen=True, slots=True)
class Move:
    """Where a note with a permalink is written and served."""

    dest_uri: str
    """Path of the HTML file in the site (``relu/index.html``, or ``relu.html``)."""
    url: str
    """Site-root-relative URL, percent-encoded as MkDocs' ``File.url`` (``relu/``)."""


@dataclass(frozen=True, slots=True)
class PermalinkPlan:
    """The notes that move, and the permalinks refused."""

    moves: Mapping[SrcUri, Move]
    diagnostics: tuple[Diagnostic, ...]


def _property_line(note: Note, key: str) -> int:
    """1-based file line of the top-level property *key* (1 when it cannot be found)."""
    for number, text in enumerate(note.head, start=1):
        if text.startswith(key + ":"):
            return number
    return 1


GENERATED_FILES: Final = (
    "404.html",
    "sitemap.xml",
    "sitemap.xml.gz",
    "search/search_index.json",
    "graph.json",
    "link-report.json",
    "CITATION.cff",
    "changelog.xml",
)
"""Files MkDocs, Material and our hooks write into the site."""

GENERATED_PAGES: Final = ("tags", "graph", "how-to-cite", "changelog", "print_page")
"""Pages our hooks generate (their Markdown names without ``.md``)."""

GENERATED_FOLDERS: Final = ("print_page",)
"""Folders whose pages are generated (the handout's parts of a large vault)."""


def generated_clash(path: str) -> str | None:
    """The generated file or page that site path *path* would collide with, if any.

    Letter case is ignored (a case-insensitive file system has one ``Graph/`` and ``graph/``).
    ``graph`` is the graph page; ``sitemap.xml/x`` needs a folder named like a generated file;
    ``print_page/part`` is inside the handout's folder. A page at ``search/`` beside
    ``search/search_index.json`` is no clash.
    """
    wanted = path.strip("/").casefold()
    for name in GENERATED_FILES:
        key = name.casefold()
        if wanted == key or wanted.startswith(key + "/"):
            return name
    for name in GENERATED_PAGES:
        if wanted == name.casefold():
            return name
    for name in GENERATED_FOLDERS:
        if wanted.startswith(name.casefold() + "/"):
            return name
    return None


def _problem(value: str) -> str | None:
    """Why *value* cannot be a permalink, or ``None`` if it can."""
    path = value.strip().strip("/")
    if not path:
        return None if value.strip() == "/" else "is empty"
    if (clash := generated_clash(path)) is not None:
        return f"is taken by '{clash}', which the site generates"
    if any(c in path for c in "?#\\") or "://" in path:
        return "must be a plain site path (no '?', '#', '\\' or scheme)"
    if any(part in {"", ".", ".."} for part in path.split("/")):
        return "must not contain '.', '..' or '//' segments"
    return None


def path_dest_uri(src_uri: str, *, directory_urls: bool = True) -> str:
    """The file MkDocs writes a note to when nothing moves it (``A/B.md`` → ``A/B/index.html``)."""
    parent, name = posixpath.split(src_uri)
    stem = "index" if name in {"index.md", "README.md"} else name.rsplit(".", 1)[0]
    if not directory_urls or stem == "index":
        return posixpath.join(parent, stem + ".html")
    return posixpath.join(parent, stem, "index.html")


def move_for(path: str, *, directory_urls: bool = True) -> Move:
    """The file and URL of a page served at site path *path* (``functions/relu``; ``""`` is
    the root, where MkDocs serves ``index.md``)."""
    if not path:
        return Move("index.html", "./" if directory_urls else "index.html")
    if directory_urls:
        return Move(posixpath.join(path, "index.html"), quote(path) + "/")
    return Move(path + ".html", quote(path + ".html"))


def url_key(url: str) -> str:
    """A URL as a case-insensitive file system stores it: decoded, NFC, case-folded, without
    the final ``/`` (a page's folder ``x.svg/`` and a file ``x.svg`` cannot both exist)."""
    return nfc(unquote(url)).casefold().removesuffix("/")


def plan_urls(
    notes: Iterable[Note], urls: Mapping[str, str], *, directory_urls: bool = True
) -> PermalinkPlan:
    """Give every published note its URL by the URL rule (:func:`~nonlinear.vault.paths.slug_path`).

    Two notes whose names write the same URL (``C++ notes`` and ``C plus plus notes``, or
    ``Relu`` and ``ReLU`` in one folder, which a case-insensitive host cannot tell apart) are
    told apart deterministically: a note whose URL does not change keeps it, then the others
    in path order; a later one gets ``-2``, ``-3``... and is reported (``url-collision``). A URL
    that a file of the site already has (an attachment) or that the site generates (``graph``,
    ``sitemap.xml``...) is taken too.

    Args:
        notes: The indexed notes (unpublished ones are ignored).
        urls: ``src_uri`` → MkDocs' URL of every published file.
        directory_urls: MkDocs' ``use_directory_urls``.

    Returns:
        A move for every note whose URL is not MkDocs' path URL, and the collisions.
    """
    pages = [n for n in notes if n.published and is_note(n.src_uri) and n.src_uri in urls]
    with_index = {posixpath.dirname(n.src_uri) for n in pages if _stem(n.src_uri) == "index"}
    planned = {n.src_uri: _natural_path(n.src_uri, with_index) for n in pages}
    taken: dict[str, str] = {url_key(url): uri for uri, url in urls.items() if uri not in planned}
    # Paths the site writes as files (an attachment, sitemap.xml) or generates as a folder of
    # its own (print_page/): no note can be served inside one of them.
    not_folders = set(_site_files(urls.values()))
    not_folders.update(
        _site_files(move_for(p, directory_urls=directory_urls).url for p in planned.values())
    )
    not_folders.update(url_key(name) for name in (*GENERATED_FILES, *GENERATED_FOLDERS))

    def free(uri: str, path: str) -> Move | None:
        move = move_for(path, directory_urls=directory_urls)
        if _blocked_folder(path, not_folders) is not None:
            return None
        if directory_urls and url_key(path) in not_folders:
            return None  # the page's own folder would be a file (A/index.html.md)
        clash = generated_clash(path) if path else None
        if clash is not None and not _own_generated(uri, clash):
            return None
        return None if url_key(move.url) in taken else move

    # A note whose URL does not change keeps it; then the others, in path order.
    unchanged = {
        uri
        for uri, path in planned.items()
        if move_for(path, directory_urls=directory_urls).url == urls[uri]
    }
    moves: dict[SrcUri, Move] = {}
    diagnostics: list[Diagnostic] = []
    for uri in sorted(planned, key=lambda uri: (uri not in unchanged, uri)):
        path = planned[uri]
        n = 1
        move = free(uri, path)
        while move is None:
            n += 1
            move = free(uri, _numbered(path, n, not_folders))
        if n > 1:
            first = move_for(path, directory_urls=directory_urls).url
            other = taken.get(url_key(first))
            blocked = _blocked_folder(path, not_folders)
            way_out = "rename one of the notes to choose their URLs"
            if blocked is not None:
                whose = f"inside '{blocked}', which the site writes as a file or generates"
                way_out = "rename the folder to choose its URL"
            elif other:
                whose = f"the URL of '{other}'"
            elif generated_clash(path) is None and url_key(path) in not_folders:
                whose = "the path of a file of the site"
            else:
                whose = "taken by a file the site generates"
            diagnostics.append(
                Diagnostic(
                    SrcUri(uri),
                    1,
                    1,
                    "url-collision",
                    f"its URL '{unquote(first)}' is {whose}; it is served at "
                    f"'{unquote(move.url)}' instead ({way_out})",
                )
            )
        taken[url_key(move.url)] = uri
        if move.url != urls[uri]:
            moves[SrcUri(uri)] = move
    return PermalinkPlan(moves, tuple(sorted(diagnostics)))


def _site_files(urls: Iterable[str]) -> dict[str, str]:
    """The files the site writes for these URLs, as :func:`url_key` keys → as a reader reads
    them: a page's ``index.html`` (``A/`` → ``A/index.html``, ``./`` → ``index.html``), any
    other file itself (an attachment, a theme file, a page without directory URLs)."""
    files: dict[str, str] = {}
    for url in urls:
        if url in {"", "./"}:
            files["index.html"] = "index.html"
        elif url.endswith("/"):
            files[url_key(url) + "/index.html"] = unquote(url) + "index.html"
        else:
            files[url_key(url)] = unquote(url)
    return files


def _inside_file(dest_uri: str, files: Mapping[str, str]) -> str | None:
    """The file of the site that a folder of *dest_uri* would have to be, if any."""
    parts = dest_uri.split("/")
    for end in range(1, len(parts)):
        key = url_key("/".join(parts[:end]))
        if key in files:
            return files[key]
    return None


def _blocked_folder(path: str, not_folders: set[str]) -> str | None:
    """The leading folders of site path *path* that the site writes as a file, or generates,
    if any (a note at ``sitemap.xml/x`` or ``print_page/x`` cannot be written there)."""
    parts = path.split("/")
    for end in range(1, len(parts)):
        folder = "/".join(parts[:end])
        if url_key(folder) in not_folders:
            return folder
    return None


def _numbered(path: str, n: int, not_folders: set[str]) -> str:
    """*path* with ``-n`` after the name that keeps it from its URL: the folder the site cannot
    make (so every note in it moves alike), else the note's own name."""
    blocked = _blocked_folder(path, not_folders)
    if blocked is None:
        return f"{path}-{n}"
    return f"{blocked}-{n}{path[len(blocked) :]}"


def _stem(src_uri: str) -> str:
    return posixpath.basename(src_uri).rsplit(".", 1)[0]


def _natural_path(src_uri: str, with_index: set[str]) -> str:
    """A note's site path by the URL rule. A root ``README.md`` is a note like any other
    here (the home page is chosen by :func:`plan_home`), whatever MkDocs made of it; so is a
    ``README.md`` beside an ``index.md`` (folders in *with_index*), which has the folder's
    address otherwise."""
    folder = posixpath.dirname(src_uri)
    if src_uri.casefold() == "readme.md" or (_stem(src_uri) == "README" and folder in with_index):
        name = slug_segment(_stem(src_uri))
        return f"{slug_path(folder + '/index.md')}/{name}" if folder else name
    return slug_path(src_uri)


def _own_generated(src_uri: str, generated: str) -> bool:
    """Whether *src_uri* is the vault's own page for a generated one (``graph.md``): the hook
    that generates it keeps the vault's page instead."""
    return generated in GENERATED_PAGES and src_uri == generated + NOTE_SUFFIX


def plan_permalinks(
    notes: Iterable[Note], urls: Mapping[str, str], *, directory_urls: bool = True
) -> PermalinkPlan:
    """Decide which published notes move to their ``permalink``.

    Args:
        notes: The indexed notes (unpublished ones are ignored).
        urls: ``src_uri`` → URL every published file has before any move.
        directory_urls: MkDocs' ``use_directory_urls``.

    Returns:
        The moves, and a ``bad-permalink`` diagnostic for every permalink refused.
    """
    wanted = sorted(
        (n for n in notes if n.published and n.frontmatter.permalink is not None),
        key=lambda n: n.src_uri,
    )
    moving = {n.src_uri for n in wanted}
    taken = {url_key(url): uri for uri, url in urls.items() if uri not in moving}
    files = _site_files(url for uri, url in urls.items() if uri not in moving)
    moves: dict[SrcUri, Move] = {}
    diagnostics: list[Diagnostic] = []
    for note in wanted:
        value = str(note.frontmatter.permalink)
        line = _property_line(note, "permalink")
        problem = _problem(value)
        path = "/".join(slug_segment(part) for part in value.strip().strip("/").split("/") if part)
        move = move_for(path, directory_urls=directory_urls)
        if problem is None and url_key(move.url) in taken:
            problem = f"is the URL of '{taken[url_key(move.url)]}'"
        if problem is None and (inside := _inside_file(move.dest_uri, files)) is not None:
            problem = f"is inside '{inside}', a file of the site"
        if problem is not None:
            diagnostics.append(
                Diagnostic(
                    note.src_uri,
                    line,
                    1,
                    "bad-permalink",
                    f"permalink '{value}' {problem}; the note keeps its URL "
                    f"'{urls.get(note.src_uri, '')}' (choose another permalink or remove it)",
                )
            )
            continue
        moves[note.src_uri] = move
        taken[url_key(move.url)] = note.src_uri
        files.update(_site_files([move.url]))
    return PermalinkPlan(moves, tuple(diagnostics))


HOME_NAMES = ("index.md", "readme.md")
"""Root notes that are the home page without any setting (letter case ignored), in order."""


@dataclass(frozen=True, slots=True)
class HomePlan:
    """Which note is the home page, and whether it has to move to the root."""

    home: SrcUri | None
    """The home note; ``None`` when no note is, and a page is generated."""
    move: Move | None
    """Set when the home note is not at the root by itself (setting, ``Readme.md``)."""
    diagnostics: tuple[Diagnostic, ...] = ()


def plan_home(
    notes: Mapping[SrcUri, Note],
    urls: Mapping[str, str],
    *,
    setting: str | None = None,
    directory_urls: bool = True,
) -> HomePlan:
    """Choose the home page (see the module's docstring for the order).

    Args:
        notes: The indexed notes.
        urls: ``src_uri`` → URL of every published file, permalinks applied.
        setting: The ``home_page`` setting: a vault path, ``.md`` optional, any letter case.
        directory_urls: MkDocs' ``use_directory_urls``.

    Returns:
        The plan; a ``home-page`` diagnostic when the setting names no published note.
    """
    root = move_for("", directory_urls=directory_urls)
    at_root = sorted(uri for uri, url in urls.items() if url == root.url)
    if at_root:
        return HomePlan(SrcUri(at_root[0]), None)
    published = {uri: note for uri, note in notes.items() if note.published}
    by_key = {uri.casefold(): uri for uri in sorted(published, reverse=True)}
    diagnostics: list[Diagnostic] = []
    for name in HOME_NAMES[:1]:  # index.md in another case (Index.md)
        if name in by_key:
            return HomePlan(by_key[name], root)
    if setting is not None and setting.strip():
        wanted = setting.strip().strip("/").casefold()
        found = by_key.get(wanted) or by_key.get(wanted + ".md")
        if found is not None:
            return HomePlan(found, root)
        diagnostics.append(
            Diagnostic(
                "mkdocs.yml",
                1,
                1,
                "home-page",
                f"home_page '{setting}' names no published note; give the note's vault path "
                "(Folder/Note.md). The home page is chosen without it",
            )
        )
    for name in HOME_NAMES[1:]:
        if name in by_key:
            return HomePlan(by_key[name], root, tuple(diagnostics))
    return HomePlan(None, None, tuple(diagnostics))
