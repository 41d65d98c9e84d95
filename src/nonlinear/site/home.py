"""The home page of a vault that has none: its top folders and notes, linked.

Where it sits: :func:`nonlinear.vault.permalinks.plan_home` looks for a home note (``index.md``,
``permalink: /``, the ``home_page`` setting, ``README.md``); when the vault has none,
``hooks/wikilinks.py`` adds the page :func:`home_markdown` writes, so a site's root is never
missing. The page is a listing, not a note: it is not indexed, so it adds no backlink and no
edge to the graph.

The listing is written as one raw HTML block whose hrefs are the final URLs relative to the
root (MkDocs' ``File.url``), and whose texts are escaped: note titles may hold any character
(``*``, ``[``, ``$``, ``#tag``, ``%%``, ``<``) and none of it is read as Markdown, math, a tag
or markup. At most :data:`PER_FOLDER` notes are shown per folder and :data:`TOP_NOTES` at the
root, the most linked first, so that a vault of thousands of notes gets a page a reader can
use; the navigation and search hold the rest.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass

from nonlinear.vault.engine import Engine
from nonlinear.vault.paths import is_note

__all__ = ["HomeEntry", "home_entries", "home_markdown"]

PER_FOLDER = 5
"""Notes shown under each top folder."""
TOP_NOTES = 100
"""Notes shown from the vault root."""


@dataclass(frozen=True, slots=True)
class HomeEntry:
    """One published note, as the home page lists it."""

    src_uri: str
    """Vault path (``Daily notes/2024-01-02.md``)."""
    title: str
    """The title readers see."""
    url: str
    """``File.url``: relative to the site root, percent-encoded."""
    inbound: int = 0
    """How many notes link to it (the most linked are listed first)."""


def _ranked(entries: Iterable[HomeEntry], limit: int) -> tuple[list[HomeEntry], int]:
    """The *limit* most linked entries in title order, and how many were left out."""
    everything = list(entries)
    best = sorted(everything, key=lambda e: (-e.inbound, e.title.casefold(), e.src_uri))[:limit]
    best.sort(key=lambda e: (e.title.casefold(), e.src_uri))
    return best, len(everything) - len(best)


def _link(entry: HomeEntry) -> str:
    href = html.escape(entry.url or "./", quote=True)
    return f'<a href="{href}">{html.escape(entry.title)}</a>'


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def home_markdown(site_name: str, entries: Iterable[HomeEntry]) -> str:
    """The Markdown of a generated home page.

    Args:
        site_name: The site's name (its title and heading).
        entries: Every published note (notebook pages and other pages left out by the caller).

    Returns:
        A heading, one sentence, and the listing as a raw HTML block.
    """
    folders: dict[str, list[HomeEntry]] = {}
    top: list[HomeEntry] = []
    for entry in entries:
        if "/" in entry.src_uri:
            folders.setdefault(entry.src_uri.split("/", 1)[0], []).append(entry)
        else:
            top.append(entry)
    total = len(top) + sum(len(notes) for notes in folders.values())
    name = " ".join(site_name.split())
    # No title property: MkDocs calls the root page "Home" in the navigation, and Material
    # titles the home page with the site's name alone.
    lines = [f'<h1 id="home">{html.escape(name)}</h1>', ""]
    if not total:
        lines.append("<p>This vault has no published notes yet.</p>")
        return "\n".join(lines) + "\n"
    where = f" in {_count(len(folders), 'folder')}" if folders else ""
    lines.append(
        f"<p>{_count(total, 'note')}{where}. Start below, search, or browse the navigation."
        "</p>"
    )
    lines.append("")
    lines.append('<div class="nl-home">')
    if folders:
        lines.append('<h2 id="folders">Folders</h2>')
        lines.append('<ul class="nl-home__folders">')
        for folder in sorted(folders, key=lambda f: (f.casefold(), f)):
            notes = folders[folder]
            shown, more = _ranked(notes, PER_FOLDER)
            links = ", ".join(_link(e) for e in shown)
            rest = f" and {more} more" if more else ""
            lines.append(
                f"<li><strong>{html.escape(folder)}</strong> ({_count(len(notes), 'note')}): "
                f"{links}{rest}</li>"
            )
        lines.append("</ul>")
    if top:
        shown, more = _ranked(top, TOP_NOTES)
        lines.append('<h2 id="notes">Notes</h2>')
        lines.append('<ul class="nl-home__notes">')
        lines.extend(f"<li>{_link(e)}</li>" for e in shown)
        lines.append("</ul>")
        if more:
            lines.append(f"<p>And {_count(more, 'more note')} at the top of the vault.</p>")
    lines.append("</div>")
    return "\n".join(lines) + "\n"


def home_entries(engine: Engine) -> list[HomeEntry]:
    """Every published Markdown note of the build, as the home page lists it."""
    inbound = engine.inbound_counts()
    return [
        HomeEntry(uri, engine.title_for(uri) or note.title, engine.urls[uri], inbound.get(uri, 0))
        for uri, note in sorted(engine.index.notes.items())
        if note.published and is_note(uri) and uri in engine.urls
    ]
