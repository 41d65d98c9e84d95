"""The changelog: which commits changed which published notes, as a page and an Atom feed."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from nonlinear.site.changelog import (
    Entry,
    Item,
    Published,
    atom_feed,
    changelog_entries,
    changelog_markdown,
    render_changelog_html,
)
from nonlinear.site.cite import SourceLinks
from nonlinear.site.history import Change, Commit, Revision

ATOM = "{http://www.w3.org/2005/Atom}"


def _rev(n: int, day: int) -> Revision:
    return Revision(f"{n:x}" * 40, dt.datetime(2026, 5, day, 12, tzinfo=dt.UTC))


# Newest first, as git log lists them.
COMMITS = (
    Commit(_rev(6, 9), "Edit <Renamed> & more", (Change("modified", "Notes/New.md"),)),
    Commit(
        _rev(5, 8),
        "Rename Old to New, drop Gone",
        (Change("renamed", "Notes/New.md", "Old.md"), Change("deleted", "Gone.md")),
    ),
    Commit(_rev(4, 8), "Private notes", (Change("modified", "Secret.md"),)),
    Commit(_rev(3, 7), "Settings", (Change("modified", ".obsidian/app.json"),)),
    Commit(_rev(2, 6), "Edit Old", (Change("modified", "Old.md"), Change("added", "img.png"))),
    Commit(
        _rev(1, 5),
        "Start",
        (Change("added", "Old.md"), Change("added", "Gone.md"), Change("added", "Secret.md")),
    ),
)
PUBLISHED = {
    "Notes/New.md": Published('New <"name">', "Notes/New/"),
    "index.md": Published("Home", ""),
}


def test_entries_name_published_notes_under_their_current_title() -> None:
    entries = changelog_entries(COMMITS, PUBLISHED)
    assert [e.subject for e in entries] == [
        "Edit <Renamed> & more",
        "Rename Old to New, drop Gone",
        "Edit Old",
        "Start",
    ]
    new = PUBLISHED["Notes/New.md"]
    assert entries[0].items == (Item("modified", "Notes/New.md", new),)
    assert entries[1].items == (Item("renamed", "Notes/New.md", new, "Old"),)
    assert entries[1].removed == 1
    # Before the rename the note was Old.md: listed under the name it has now.
    assert entries[2].items == (Item("modified", "Old.md", new),)
    assert entries[3].items == (Item("added", "Old.md", new),)
    # Gone.md was added in "Start" but never published now: counted nowhere but its removal.
    assert entries[3].removed == 0
    # Secret.md (not published) and settings or attachments never appear.
    text = repr(entries)
    assert "Secret" not in text
    assert "app.json" not in text
    assert "img.png" not in text


def test_a_note_removed_and_added_again_is_a_new_note() -> None:
    commits = (
        Commit(_rev(3, 3), "again", (Change("added", "A.md"),)),
        Commit(_rev(2, 2), "drop", (Change("deleted", "A.md"),)),
        Commit(_rev(1, 1), "first", (Change("added", "A.md"),)),
    )
    entries = changelog_entries(commits, {"A.md": Published("A", "A/")})
    assert [(e.subject, len(e.items), e.removed) for e in entries] == [
        ("again", 1, 0),
        ("drop", 0, 1),
    ]


def test_hidden_paths_are_not_even_counted() -> None:
    commits = (Commit(_rev(1, 1), "x", (Change("deleted", ".trash/A.md"),)),)
    assert changelog_entries(commits, {}, hidden=lambda p: p.startswith(".")) == []


LINKS = SourceLinks("https://git.example.org/o/r")


def test_page_groups_by_day_links_notes_and_sources_and_escapes() -> None:
    entries = changelog_entries(COMMITS, PUBLISHED)
    html = render_changelog_html(entries, href=lambda url: "../" + url, links=LINKS, prefix="docs/")
    assert html.count("<h2 ") == 4  # 9, 8, 6 and 5 May
    assert '<h2 id="day-2026-05-08">8 May 2026</h2>' in html
    assert "Edit &lt;Renamed&gt; &amp; more" in html
    assert "<Renamed>" not in html
    assert '<a href="../Notes/New/">New &lt;&quot;name&quot;&gt;</a> renamed from “Old”' in html
    source = f"https://git.example.org/o/r/blob/{'2' * 40}/docs/Old.md"
    assert f'<a href="{source}">source at this revision</a>' in html
    assert (
        f'<a href="https://git.example.org/o/r/commit/{"6" * 40}"><code>6666666</code></a>' in html
    )
    assert "1 note removed" in html
    assert f'id="rev-{"5" * 7}"' in html


def test_page_limit_points_at_the_repository() -> None:
    entries = changelog_entries(COMMITS, PUBLISHED)
    html = render_changelog_html(entries, href=str, links=LINKS, limit=1)
    assert html.count("<li id=") == 1
    assert "3 older revisions are in the history of the repository" in html
    assert render_changelog_html([], href=str).startswith('<p class="nl-changelog__empty">')


def test_atom_feed_is_valid_xml_with_one_entry_per_commit() -> None:
    entries = changelog_entries(COMMITS, PUBLISHED)
    xml = atom_feed(
        entries,
        title="KB & co: changelog",
        site_url="https://example.org/kb/",
        page_url="https://example.org/kb/changelog/",
        feed_url="https://example.org/kb/changelog.xml",
        authors=["A <x>"],
        links=LINKS,
        prefix="docs/",
    )
    root = ET.fromstring(xml)
    assert root.tag == f"{ATOM}feed"
    assert root.findtext(f"{ATOM}title") == "KB & co: changelog"
    assert root.findtext(f"{ATOM}updated") == "2026-05-09T12:00:00+00:00"
    assert root.findtext(f"{ATOM}author/{ATOM}name") == "A <x>"
    items = root.findall(f"{ATOM}entry")
    assert len(items) == len(entries) == 4
    ids = [e.findtext(f"{ATOM}id") for e in items]
    assert len(set(ids)) == 4
    assert ids[0] == "https://example.org/kb/changelog/#rev-6666666"
    content = items[0].findtext(f"{ATOM}content") or ""
    assert '<a href="https://example.org/kb/Notes/New/">' in content  # absolute in a feed
    assert items[0].findtext(f"{ATOM}title") == "Edit <Renamed> & more"
    again = atom_feed(
        entries,
        title="KB & co: changelog",
        site_url="https://example.org/kb/",
        page_url="https://example.org/kb/changelog/",
        feed_url="https://example.org/kb/changelog.xml",
        authors=["A <x>"],
        links=LINKS,
        prefix="docs/",
    )
    assert again == xml  # no build time inside: same commit, same bytes


def test_changelog_page_source_is_kept_out_of_search() -> None:
    markdown = changelog_markdown(work="KB <1>", feed_href="../changelog.xml")
    assert "search:\n  exclude: true\n" in markdown
    assert "KB &lt;1&gt;" in markdown
    assert '<a href="../changelog.xml">Atom feed</a>' in markdown


def test_entry_anchor() -> None:
    assert Entry(_rev(10, 1), "s", ()).anchor == "rev-aaaaaaa"
