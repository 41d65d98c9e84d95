"""The changelog of the notes: a page and an Atom feed built from the vault's git history.

Where it sits: ``hooks/citing.py`` reads the history once (:mod:`nonlinear.site.history`),
and once every page is rendered (their titles known) asks :func:`changelog_entries` which
commits changed which published notes, then renders them as the changelog page's body
(:func:`render_changelog_html`) and as ``changelog.xml`` (:func:`atom_feed`), so readers can
watch the knowledge base in a feed reader.

Only published notes appear by name, under their current title and URL: a change made before
a later rename is listed under the note's current name, and a note that is not published
(``publish: false``, a hidden folder) never shows up. A removed note is only counted, since
its name may never have been public.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from html import escape

from nonlinear.site.cite import SourceLinks
from nonlinear.site.history import ChangeKind, Commit, Revision
from nonlinear.vault.paths import is_note

__all__ = [
    "FEED_LIMIT",
    "PAGE_LIMIT",
    "Entry",
    "Item",
    "MARKER",
    "Published",
    "atom_feed",
    "changelog_entries",
    "changelog_markdown",
    "render_changelog_html",
]

PAGE_LIMIT = 500
"""Commits listed on the changelog page; older ones are in the repository."""
FEED_LIMIT = 50
"""Entries in the Atom feed (feed readers keep what they have seen)."""
_VERBS: dict[ChangeKind, str] = {
    "added": "added",
    "modified": "revised",
    "renamed": "renamed",
    "deleted": "removed",
}


@dataclass(frozen=True, slots=True)
class Published:
    """A published page as the changelog names it."""

    title: str
    """Its title."""
    url: str
    """Its URL relative to the site root (``page.url``)."""


@dataclass(frozen=True, slots=True)
class Item:
    """One published note changed by one commit."""

    kind: ChangeKind
    """What happened (never ``deleted``: removed notes are only counted)."""
    path: str
    """The file's path at that commit, relative to the vault."""
    page: Published
    """The note as it is published now."""
    old_title: str | None = None
    """For a rename: the name before it."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One commit of the changelog."""

    revision: Revision
    """The commit."""
    subject: str
    """Its message's first line."""
    items: tuple[Item, ...]
    """Published notes it changed."""
    removed: int = 0
    """Notes it removed."""

    @property
    def anchor(self) -> str:
        """The entry's id on the changelog page."""
        return f"rev-{self.revision.short}"


def _old_name(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    return name[:-3] if name.lower().endswith(".md") else name


def changelog_entries(
    commits: Iterable[Commit],
    published: Mapping[str, Published],
    *,
    hidden: Callable[[str], bool] = lambda path: False,
) -> list[Entry]:
    """Which commits changed which published notes, newest first.

    Args:
        commits: The vault's history, newest first (:attr:`History.commits`).
        published: Published pages by vault path (``src_uri``) as they are now.
        hidden: Paths that never show up, even as a count (excluded or hidden folders).

    Returns:
        One entry per commit that changed at least one published note or removed a note.
    """
    # Where the file a commit touched lives now: renames after that commit moved it, and a
    # deletion after it removed it. Walked newest first, so the map always holds the later
    # commits' renames and deletions when an older commit is read.
    now: dict[str, str | None] = {}
    entries: list[Entry] = []
    for commit in commits:
        items: list[Item] = []
        removed = 0
        for change in commit.changes:
            if not is_note(change.path) or hidden(change.path):
                continue
            if change.kind == "deleted":
                removed += 1
                continue
            current = now.get(change.path, change.path)
            page = published.get(current) if current is not None else None
            if page is None:
                continue
            old = _old_name(change.old_path) if change.old_path else None
            items.append(Item(change.kind, change.path, page, old))
        for change in commit.changes:
            if change.kind == "renamed" and change.old_path is not None:
                now[change.old_path] = now.get(change.path, change.path)
            elif change.kind == "deleted":
                now[change.path] = None
            elif change.kind == "added":
                now[change.path] = None  # older commits touched an earlier, removed file
        if items or removed:
            entries.append(Entry(commit.revision, commit.subject, tuple(items), removed))
    return entries


def _item_html(
    item: Item,
    revision: Revision,
    *,
    href: Callable[[str], str],
    links: SourceLinks | None,
    prefix: str,
) -> str:
    title = f'<a href="{escape(href(item.page.url))}">{escape(item.page.title)}</a>'
    what = _VERBS[item.kind]
    if item.kind == "renamed" and item.old_title is not None:
        what = f"renamed from “{escape(item.old_title)}”"
    source = ""
    if links is not None:
        url = links.source(revision.commit, prefix + item.path)
        source = f' · <a href="{escape(url)}">source at this revision</a>'
    return f"<li>{title} {what}{source}</li>"


def _entry_html(
    entry: Entry,
    *,
    href: Callable[[str], str],
    links: SourceLinks | None,
    prefix: str,
) -> str:
    revision = entry.revision
    short = f"<code>{revision.short}</code>"
    if links is not None:
        short = f'<a href="{escape(links.commit(revision.commit))}">{short}</a>'
    items = [_item_html(i, revision, href=href, links=links, prefix=prefix) for i in entry.items]
    if entry.removed:
        notes = "note" if entry.removed == 1 else "notes"
        items.append(f'<li class="nl-changelog__removed">{entry.removed} {notes} removed</li>')
    return (
        f'<li id="{entry.anchor}"><p>{short} {escape(entry.subject)}</p>\n'
        f"<ul>\n" + "\n".join(items) + "\n</ul></li>"
    )


def render_changelog_html(
    entries: Iterable[Entry],
    *,
    href: Callable[[str], str],
    links: SourceLinks | None = None,
    prefix: str = "",
    limit: int = PAGE_LIMIT,
) -> str:
    """The changelog page's body: commits grouped by day, newest first.

    Args:
        entries: From :func:`changelog_entries`.
        href: Turns a page URL (relative to the site root) into an href from this page.
        links: The repository's URL shapes, for the commit and the source at each revision.
        prefix: The vault's folder in the repository (``docs/``).
        limit: Commits shown; a line says where the rest is.

    Returns:
        HTML (headings, lists), every text escaped.
    """
    entries = list(entries)
    if not entries:
        return '<p class="nl-changelog__empty">No revision of a published note yet.</p>'
    parts: list[str] = []
    day: dt.date | None = None
    for entry in entries[:limit]:
        if entry.revision.date != day:
            if day is not None:
                parts.append("</ul>")
            day = entry.revision.date
            label = f"{day.day} {day:%B} {day.year}"
            parts.append(f'<h2 id="day-{day.isoformat()}">{label}</h2>\n<ul class="nl-changelog">')
        parts.append(_entry_html(entry, href=href, links=links, prefix=prefix))
    parts.append("</ul>")
    if len(entries) > limit:
        rest = len(entries) - limit
        where = f' (<a href="{escape(links.repository)}">repository</a>)' if links else ""
        parts.append(
            f'<p class="nl-changelog__more">{rest} older revisions are in the history of '
            f"the repository{where}.</p>"
        )
    return "\n".join(parts)


def _xml(text: str) -> str:
    return escape(text, quote=True)


def atom_feed(
    entries: Iterable[Entry],
    *,
    title: str,
    site_url: str,
    page_url: str,
    feed_url: str,
    authors: Iterable[str],
    links: SourceLinks | None = None,
    prefix: str = "",
    limit: int = FEED_LIMIT,
) -> str:
    """The changelog as an Atom 1.0 feed (RFC 4287): one entry per commit.

    Args:
        entries: From :func:`changelog_entries`, newest first.
        title: The feed's title.
        site_url: Absolute site URL ending in ``/``: note links in entries are absolute.
        page_url: Absolute URL of the changelog page (entries link to their anchor there).
        feed_url: Absolute URL of the feed itself.
        authors: The work's authors (Atom requires one at least).
        links: The repository's URL shapes.
        prefix: The vault's folder in the repository.
        limit: Entries kept.

    Returns:
        The feed's XML. Its ``updated`` is the newest commit's time, so building the same
        commit twice writes the same bytes.
    """
    entries = list(entries)[:limit]
    names = list(authors) or [title]
    updated = entries[0].revision.time if entries else dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"  <title>{_xml(title)}</title>",
        f"  <id>{_xml(page_url)}</id>",
        f'  <link rel="self" type="application/atom+xml" href="{_xml(feed_url)}"/>',
        f'  <link rel="alternate" type="text/html" href="{_xml(page_url)}"/>',
        f"  <updated>{updated.isoformat()}</updated>",
        *(f"  <author><name>{_xml(name)}</name></author>" for name in names),
    ]
    for entry in entries:
        body = _entry_html(
            entry, href=lambda url: site_url + url, links=links, prefix=prefix
        ).removeprefix(f'<li id="{entry.anchor}">')
        lines += [
            "  <entry>",
            f"    <title>{_xml(entry.subject)}</title>",
            f"    <id>{_xml(page_url)}#{entry.anchor}</id>",
            f'    <link rel="alternate" type="text/html" href="{_xml(page_url)}#{entry.anchor}"/>',
            f"    <updated>{entry.revision.time.isoformat()}</updated>",
            f'    <content type="html">{_xml(body.removesuffix("</li>"))}</content>',
            "  </entry>",
        ]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


MARKER = "<!-- nonlinear:changelog -->"
"""Where :func:`render_changelog_html` goes in the changelog page (replaced once every page
is rendered and every title is known)."""


def changelog_markdown(*, work: str, feed_href: str | None, title: str = "Changelog") -> str:
    """The changelog page's source: an introduction and the marker its body replaces.

    Kept out of the search index: commit messages would outrank the notes they describe.
    """
    feed = (
        f' Follow it in a feed reader: <a href="{escape(feed_href)}">Atom feed</a>.'
        if feed_href
        else ""
    )
    return (
        "---\n"
        f"title: {title}\n"
        "search:\n  exclude: true\n"
        "---\n\n"
        f"<p>Every revision of the published notes of <em>{escape(work)}</em>, newest first, "
        f"from the history of its repository.{feed}</p>\n\n"
        f"{MARKER}\n"
    )
