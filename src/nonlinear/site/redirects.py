"""Redirect pages that keep old URLs working after a note is renamed.

Where it sits: after every page is rendered, ``hooks/redirects.py`` hands this module each
published note (its ``src_uri``, its URL and its frontmatter ``aliases``) and writes the pages it
plans into the built site. Pure: no MkDocs, no file system.

The rule (Obsidian Publish's convention, extended to plain names):

* A note's URL is its vault path written for typing (:func:`nonlinear.vault.paths.slug_path`:
  ``Activations/Leaky ReLU.md`` → ``Activations/Leaky-ReLU/``). The address MkDocs would have
  given it (``Activations/Leaky%20ReLU/``, every URL of the site before the rule) becomes a
  redirect, as does the path URL of a note served at its ``permalink``.
* Renaming a note changes its URL; to keep the old one, keep the old name in ``aliases``. An
  alias that is a vault path (it contains ``/``, e.g. ``Notes/Leaky ReLU``) is taken from the
  vault root; a plain alias (``Leaky ReLU``) from the note's own folder. The old name gets a
  redirect as written (``Leaky Relu/``) and as today's rule writes it (``Leaky-Relu/``), where
  nothing else is; the page sends the reader (with the ``#section`` of the old link) and
  search engines, through ``rel=canonical``, to the note.
* A redirect never replaces a real page, another redirect, or a file of the built site
  (sitemap, 404 page, graph.json, print page, an attachment); such an alias is skipped and
  reported at its line, so no alias can hijack or break a URL.
"""

from __future__ import annotations

import html
import json
import posixpath
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from nonlinear.vault.paths import NOTE_SUFFIX, fits_file_name, nfc, slug_segment


@dataclass(frozen=True, slots=True)
class PublishedNote:
    """What the redirect planner needs to know of one published note."""

    src_uri: str
    """Vault path of the note (``Activations/ReLU.md``)."""
    url: str
    """Site-root-relative URL of the note, percent-encoded as MkDocs' ``page.url``."""
    aliases: tuple[str, ...]
    """The note's frontmatter ``aliases``, and :attr:`moved_from` when it is set."""
    moved_from: str | None = None
    """The note's file name when it is served elsewhere than its path (a ``permalink``, a URL
    collision): its path URL gets a redirect like an alias, but it is no alias of the note's."""


@dataclass(frozen=True, slots=True)
class Redirect:
    """One redirect page to write."""

    path: str
    """Site-relative path of the HTML file to write (``Activations/Leaky Relu/index.html``)."""
    url: str
    """Site-root-relative URL the old address now stands for (``Activations/Leaky Relu/``)."""
    target: PublishedNote
    """The note the page sends readers to."""


@dataclass(frozen=True, slots=True)
class SkippedAlias:
    """An alias that gets no redirect, and why."""

    src_uri: str
    alias: str
    reason: str
    own: bool = False
    """The old URL is the note's own (its name in another letter case): nothing is lost."""
    path_url: bool = False
    """The old URL is the note's path URL (:attr:`PublishedNote.moved_from`), not an alias:
    why the note moved is reported where it moved (a permalink, a URL collision)."""

    def __str__(self) -> str:
        if self.path_url:
            return f"{self.src_uri}: redirect: its path URL gets no page: {self.reason}"
        return f"{self.src_uri}: redirect: alias '{self.alias}' gets no page: {self.reason}"

    def message(self) -> str:
        """The problem's message for a ``bad-alias`` diagnostic, with the way out."""
        return (
            f"alias '{self.alias}' keeps no old URL: {self.reason}; it still names the note "
            "in links and search (rename or remove the alias if an old URL must work)"
        )


def old_url(note: PublishedNote, alias: str, *, directory_urls: bool = True) -> str:
    """Return the URL a note named *alias* would have had.

    Args:
        note: The note that carries the alias.
        alias: A plain name (taken from the note's folder) or a vault path with ``/``.
        directory_urls: MkDocs' ``use_directory_urls``.

    Returns:
        A site-root-relative URL, not percent-encoded (``Activations/Rectifier/``).
    """
    name = nfc(alias.strip().strip("/"))
    if name.lower().endswith(NOTE_SUFFIX):
        name = name[: -len(NOTE_SUFFIX)]
    path = name if "/" in name else posixpath.join(posixpath.dirname(note.src_uri), name)
    path = posixpath.normpath(path).lstrip("/")
    return f"{path}/" if directory_urls else f"{path}.html"


def plan_redirects(
    notes: Iterable[PublishedNote],
    taken_urls: Iterable[str],
    *,
    directory_urls: bool = True,
    occupied: Callable[[str], str | None] = lambda path: None,
) -> tuple[list[Redirect], list[SkippedAlias]]:
    """Plan one redirect page per alias of every note.

    Args:
        notes: The published notes.
        taken_urls: URLs of every file of the site (pages, assets), percent-encoded as
            MkDocs' ``File.url``: never overwritten.
        directory_urls: MkDocs' ``use_directory_urls``.
        occupied: For a site path to write (``sitemap.xml/index.html``), the file already in
            the built site that writing it would replace or need as a folder, or ``None``
            (the sitemap, the 404 page, graph.json, the handout, an attachment...).

    Returns:
        The redirects, sorted by path, and the aliases skipped with the reason.
    """
    taken = {nfc(unquote(url)).casefold() for url in taken_urls}
    planned: dict[str, Redirect] = {}
    skipped: list[SkippedAlias] = []
    typed: list[tuple[PublishedNote, str]] = []
    for note in sorted(notes, key=lambda n: n.src_uri):
        for alias in note.aliases:
            url = old_url(note, alias, directory_urls=directory_urls)
            typed.append((note, url))
            key = url.casefold()
            path = url + "index.html" if url.endswith("/") else url
            moved = alias == note.moved_from
            if url.startswith("../") or url in {"./", "/", ".html"}:
                reason = "it points outside the site"
                skipped.append(SkippedAlias(note.src_uri, alias, reason, path_url=moved))
            elif not fits_file_name(url.removesuffix("/")):
                reason = "a part of it is longer than a file name may be (255 bytes)"
                skipped.append(SkippedAlias(note.src_uri, alias, reason, path_url=moved))
            elif key in taken:
                own = key == nfc(unquote(note.url)).casefold()
                reason = (
                    f"'{url}' differs from the note's own URL only in letter case"
                    if own
                    else f"'{url}' is a page already"
                )
                skipped.append(SkippedAlias(note.src_uri, alias, reason, own, moved))
            elif (clash := occupied(path)) is not None:
                reason = f"'{url}' would replace '{clash}', which the site has"
                skipped.append(SkippedAlias(note.src_uri, alias, reason, path_url=moved))
            elif key in planned:
                other = planned[key].target.src_uri
                if other != note.src_uri:
                    reason = f"'{other}' has the same alias"
                    skipped.append(SkippedAlias(note.src_uri, alias, reason, path_url=moved))
            else:
                planned[key] = Redirect(path=path, url=url, target=note)
    for note, url in typed:  # after every alias as written: those come first
        _plan_typed_form(note, url, planned, taken, occupied, directory_urls=directory_urls)
    return sorted(planned.values(), key=lambda r: r.path), skipped


def typed_url(url: str, *, directory_urls: bool = True) -> str:
    """An old URL written by today's URL rule (``Old Name/`` → ``Old-Name/``)."""
    path = url.removesuffix("/") if directory_urls else url.removesuffix(".html")
    typed = "/".join(slug_segment(part) for part in path.split("/"))
    return f"{typed}/" if directory_urls else f"{typed}.html"


def _plan_typed_form(
    note: PublishedNote,
    url: str,
    planned: dict[str, Redirect],
    taken: set[str],
    occupied: Callable[[str], str | None],
    *,
    directory_urls: bool,
) -> None:
    """Also keep the old name as today's rule would write it (``Leaky-Rectifier/``), where
    nothing else is: a reader typing an old name from a slide types it so. Never reported."""
    if url.startswith("../") or url in {"./", "/", ".html"}:
        return
    typed = typed_url(url, directory_urls=directory_urls)
    key = typed.casefold()
    path = typed + "index.html" if typed.endswith("/") else typed
    if key == url.casefold() or key in taken or key in planned or occupied(path) is not None:
        return
    planned[key] = Redirect(path=path, url=typed, target=note)


def render_redirect(redirect: Redirect, *, site_url: str, title: str) -> str:
    """Return the HTML of a redirect page: meta refresh, canonical link and a plain link.

    Args:
        redirect: The planned redirect.
        site_url: The configured ``site_url`` (may be empty): used for ``rel=canonical``.
        title: Title of the target note.

    Returns:
        A small standalone HTML document that works without JavaScript.
    """
    depth = redirect.url.rstrip("/").count("/") + (1 if redirect.url.endswith("/") else 0)
    relative = "../" * depth + redirect.target.url
    href = html.escape(relative, quote=True)
    # The script keeps the old address's #section (a meta refresh drops it); the meta refresh
    # is for readers without scripts.
    script = json.dumps(relative).replace("<", "\\u003c")
    canonical = ""
    if site_url:
        full = html.escape(site_url.rstrip("/") + "/" + redirect.target.url, quote=True)
        canonical = f'\n<link rel="canonical" href="{full}">'
    name = html.escape(title)
    return (
        "<!doctype html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{name}</title>\n"
        '<meta name="robots" content="noindex">\n'
        f"<script>location.replace(new URL({script}, location.href).href.split('#')[0]"
        " + location.hash)</script>\n"
        f'<meta http-equiv="refresh" content="0; url={href}">{canonical}\n'
        "</head>\n<body>\n"
        f'<p>This address leads to the note <a href="{href}">{name}</a>.</p>\n'
        "</body>\n</html>\n"
    )


def aliases_of(meta: object) -> tuple[str, ...]:
    """Return the ``aliases`` of a page's frontmatter as strings (a lone string counts too)."""
    if not isinstance(meta, dict):
        return ()
    value = meta.get("aliases")
    items: Sequence[object] = [value] if isinstance(value, str) else value or []
    if not isinstance(items, list | tuple):
        return ()
    return tuple(str(item) for item in items if isinstance(item, str | int | float) and item != "")


def occupied_in(
    site: Path, files: Collection[str] | None = None
) -> Callable[[str], str | None]:
    """An ``occupied`` test over a built site folder for :func:`plan_redirects`.

    A redirect at ``a/b/index.html`` is refused when that file exists, or when ``a`` or
    ``a/b`` is a file (writing would need a folder there): ``sitemap.xml``, ``404.html``,
    ``graph.json``, an attachment such as ``assets/diagram.svg``. Letter case is ignored, as a
    case-insensitive host would. Each folder is listed once.

    Args:
        site: The site folder.
        files: The site's files (relative POSIX paths) when the folder does not hold them yet:
            ``make serve`` moves a build's files into it only once the build has finished
            (:mod:`nonlinear.serve.output`).
    """
    if files is None:

        def names(parent: str) -> list[str]:
            folder = site / parent if parent else site
            return sorted(e.name for e in folder.iterdir()) if folder.is_dir() else []

        def is_file(rel: str) -> bool:
            return (site / rel).is_file()

    else:
        known = set(files)
        folders: dict[str, set[str]] = {}
        for rel in known:
            parent, _, name = rel.rpartition("/")
            while True:
                folders.setdefault(parent, set()).add(name)
                if not parent:
                    break
                parent, _, name = parent.rpartition("/")

        def names(parent: str) -> list[str]:
            return sorted(folders.get(parent, ()))

        def is_file(rel: str) -> bool:
            return rel in known

    listings: dict[str, dict[str, str]] = {}

    def existing(rel: str) -> str | None:
        parent, _, name = rel.rpartition("/")
        if parent not in listings:
            listings[parent] = {nfc(n).casefold(): n for n in reversed(names(parent))}
        found = listings[parent].get(nfc(name).casefold())
        if found is None:
            return None
        return f"{parent}/{found}" if parent else found

    def occupied(path: str) -> str | None:
        parts = path.split("/")
        current = ""
        for size, part in enumerate(parts, start=1):
            found = existing(f"{current}/{part}" if current else part)
            if found is None:
                return None  # nothing further down can exist
            if size == len(parts) or is_file(found):
                return found
            current = found
        return None

    return occupied


def alias_line(text: str, alias: str, key: str = "aliases") -> int:
    """The 1-based line of *alias* in a note's frontmatter (1 when it cannot be found).

    Args:
        text: The whole note.
        alias: The alias as read from the properties.
        key: The property that holds it (``permalink`` for a note's moved path URL).
    """
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return 1
    inside = False
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() in {"---", "..."}:
            break
        if not line.startswith((" ", "\t", "-")):
            inside = line.split(":", 1)[0].strip() == key
            if inside and (key != "aliases" or alias in line.split(":", 1)[-1]):
                return number
        elif inside and alias in line:
            return number
    return 1
