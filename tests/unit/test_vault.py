"""VaultIndex, frontmatter, heading anchors, and the data built from the index."""

from __future__ import annotations

import gc
import json
import posixpath
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup
from markdown.extensions.toc import slugify

from nonlinear.vault.backlinks import Backlink
from nonlinear.vault.diagnostics import parse_levels
from nonlinear.vault.engine import DEFAULT_EXTENSIONS, Engine, render_note
from nonlinear.vault.frontmatter import read_frontmatter, split_frontmatter
from nonlinear.vault.index import SourceNote, VaultIndex, heading_plain_text
from nonlinear.vault.paths import SrcUri, relative_href, relative_url

VAULT = {
    "index.md": "# Home\n\nStart at [[A]] and [[B|bee]].",
    "Topic/A.md": (
        "---\naliases: [Alpha]\ntitle: The A\n---\n## Intro\n\nLinks to [[B]] twice [[B]]."
    ),
    "Topic/B.md": "- a list item mentions [[A#Intro]] here",
    "Hidden.md": "---\npublish: false\n---\n[[A]] secret",
}


def backlinks(eng: Engine, src_uri: str) -> list[dict[str, str]]:
    """Title, URL and plain-text snippet of each backlink (spans are tested in test_backlinks)."""
    return [{k: b[k] for k in ("title", "url", "snippet")} for b in eng.backlinks(src_uri)]


def engine() -> Engine:
    notes = [SourceNote(SrcUri(uri), text) for uri, text in VAULT.items()]
    urls = {uri: uri.removesuffix(".md") + "/" for uri in VAULT}
    return Engine.build(notes, [], slugify, urls)


def test_split_frontmatter_matches_mkdocs_and_counts_lines() -> None:
    split = split_frontmatter("---\ntitle: X\n---\n\n\nbody\n")
    assert (dict(split.meta), split.body, split.body_line) == ({"title": "X"}, "body\n", 6)
    assert split_frontmatter("no meta").body_line == 1


def test_read_frontmatter() -> None:
    fm = read_frontmatter({"aliases": "Swish", "cssclasses": ["wide"], "publish": "false"})
    assert (fm.aliases, fm.cssclasses, fm.publish, fm.title) == (("Swish",), ("wide",), False, None)


@pytest.mark.parametrize(
    ("markdown", "text"),
    [
        ("Part 1: Basics", "Part 1: Basics"),
        ("**Bold** and `code`", "Bold and code"),
        ("See [[Note|alias]] and [[Other]]", "See alias and Other"),
        ("[link](x.md) <em>x</em>", "link x"),
    ],
)
def test_heading_plain_text(markdown: str, text: str) -> None:
    assert heading_plain_text(markdown) == text


def test_anchors_repeat_like_toc() -> None:
    index = VaultIndex.build(
        [SourceNote(SrcUri("N.md"), "## Intro\n\n## Intro\n\n# Intro")], slugify
    )
    assert [h.anchor for h in index.notes[SrcUri("N.md")].headings] == [
        "intro",
        "intro_1",
        "intro_2",
    ]


def test_index_lines_are_file_lines() -> None:
    note = engine().index.notes[SrcUri("Topic/A.md")]
    assert [(link.target, link.line, link.col) for link in note.links] == [
        ("B", 7, 10),
        ("B", 7, 22),
    ]


def test_backlinks_one_per_source_with_snippet_and_no_unpublished_sources() -> None:
    eng = engine()
    assert backlinks(eng, "Topic/A.md") == [
        {"title": "B", "url": "Topic/B/", "snippet": "a list item mentions A > Intro here"},
        {"title": "Home", "url": "./", "snippet": "Start at A and bee."},  # the home page
    ]
    assert backlinks(eng, "Hidden.md") == []


def test_backlinks_are_cut_per_page_and_kept_by_nobody() -> None:
    """A page's snippets are made when it asks and let go with its answer: a build holds the
    snippets of the page being rendered, not every page's at once."""
    eng = engine()
    eng.prepare_backlinks()
    first = eng.backlinks("Topic/A.md")
    assert [b["mutual"] for b in first] == [True, False]  # B links back to A; Home does not
    del first
    gc.collect()
    assert not [o for o in gc.get_objects() if isinstance(o, Backlink)]
    assert backlinks(eng, "Topic/B.md") == [  # asked again, the same answer is cut again
        {"title": "Home", "url": "./", "snippet": "Start at A and bee."},
        {"title": "The A", "url": "Topic/A/", "snippet": "Links to B twice B."},
    ]


def test_graph_has_published_notes_and_unique_edges() -> None:
    graph = engine().graph()
    assert [n["id"] for n in graph["nodes"]] == ["Topic/A.md", "Topic/B.md", "index.md"]
    assert graph["nodes"][0] == {
        "id": "Topic/A.md",
        "title": "The A",
        "url": "Topic/A/",
        "group": "Topic",
    }
    assert graph["edges"] == [
        {"source": "Topic/A.md", "target": "Topic/B.md"},
        {"source": "Topic/B.md", "target": "Topic/A.md"},
        {"source": "index.md", "target": "Topic/A.md"},
        {"source": "index.md", "target": "Topic/B.md"},
    ]


def test_link_report_rows() -> None:
    report = json.loads(engine().report_json())
    assert report["counts"] == {"resolved": 5}
    assert report["links"][0] == {
        "source": "Topic/A.md",
        "line": 7,
        "col": 10,
        "raw": "[[B]]",
        "kind": "link",
        "syntax": "wiki",
        "status": "resolved",
        "target": "Topic/B.md",
        "anchor": None,
    }


def test_markdown_links_count_like_wiki_links_everywhere() -> None:
    # A vault written with Obsidian's "Use [[Wikilinks]]" off: the same backlinks, graph edges,
    # report rows and diagnostics as the wiki-link vault above.
    vault = {
        "index.md": "# Home\n\nStart at [A](Topic/A.md) and ![fig](Topic/fig.png).",
        "Topic/A.md": "Links to [B](B.md#Intro) and [gone](../Hidden.md).",
        "Topic/B.md": "## Intro\n\n- a list item mentions [the A](A.md) here",
        "Hidden.md": "---\npublish: false\n---\n[A](Topic/A.md) secret",
    }
    notes = [SourceNote(SrcUri(uri), text) for uri, text in vault.items()]
    urls = {uri: uri.removesuffix(".md") + "/" for uri in vault} | {
        "Topic/fig.png": "Topic/fig.png"
    }
    eng = Engine.build(notes, ["Topic/fig.png"], slugify, urls)
    assert backlinks(eng, "Topic/A.md") == [
        {"title": "B", "url": "Topic/B/", "snippet": "a list item mentions the A here"},
        {"title": "Home", "url": "./", "snippet": "Start at A and fig."},
    ]
    assert eng.graph()["edges"] == [
        {"source": "Topic/A.md", "target": "Topic/B.md"},
        {"source": "Topic/B.md", "target": "Topic/A.md"},
        {"source": "index.md", "target": "Topic/A.md"},
    ]
    report = json.loads(eng.report_json())
    assert report["counts"] == {"resolved": 4, "unresolved": 1}  # public: not "unpublished"
    assert {(row["raw"], row["kind"], row["syntax"], row["anchor"]) for row in report["links"]} == {
        ("[A](Topic/A.md)", "link", "markdown", None),
        ("![fig](Topic/fig.png)", "embed", "markdown", None),
        ("[B](B.md#Intro)", "link", "markdown", "intro"),
        ("[gone](../Hidden.md)", "link", "markdown", None),
        ("[the A](A.md)", "link", "markdown", None),
    }
    # The link to the unpublished note no longer slips through silently (it did before the
    # scan read Markdown links): it is reported at its line, so --strict fails on it.
    assert [str(d) for d in eng.diagnostics] == [
        "Topic/A.md:1:30: unresolved-link: [gone](../Hidden.md) points to 'Hidden.md', which has "
        "'publish: false'; it renders as plain text (publish that note or remove the link)"
    ]


def test_links_in_properties_are_checked_and_counted() -> None:
    # Obsidian tracks [[links]] in properties (quoted, as it requires) like links in the text.
    vault = {
        "A.md": (
            '---\nup: "[[B]]"\nrelated:\n  - "[[C#Intro]]"\n  # - "[[Commented]]"\n'
            '  - "[[Nope]]"\ntitle: Not a [link]\n---\n\nBody [[B]].'
        ),
        "B.md": "",
        "C.md": "# Intro",
        "Hidden.md": '---\npublish: false\nup: "[[C]]"\n---\nsecret',
    }
    notes = [SourceNote(SrcUri(uri), text) for uri, text in vault.items()]
    eng = Engine.build(notes, [], slugify, {uri: uri.removesuffix(".md") + "/" for uri in vault})
    links = eng.index.notes[SrcUri("A.md")].links
    assert [(link.target, link.headings, link.line, link.col) for link in links] == [
        ("B", (), 2, 6),
        ("C", ("Intro",), 4, 6),
        ("Nope", (), 6, 6),
        ("B", (), 10, 6),
    ]
    assert [str(d) for d in eng.diagnostics] == [
        "A.md:6:6: unresolved-link: [[Nope]] matches no note; create the note or correct the name"
    ]
    assert backlinks(eng, "C.md") == [
        {"title": "Not a [link]", "url": "A/", "snippet": "related: C > Intro"}
    ]
    assert backlinks(eng, "B.md") == [{"title": "Not a [link]", "url": "A/", "snippet": "up: B"}]
    assert eng.graph()["edges"] == [
        {"source": "A.md", "target": "B.md"},
        {"source": "A.md", "target": "C.md"},
    ]


def test_titles_follow_obsidian() -> None:
    eng = engine()
    assert [eng.title_for(u) for u in ("Topic/A.md", "Topic/B.md", "index.md")] == [
        "The A",
        "B",
        "Home",  # its own H1, as plain text (MkDocs' render title kept inline code's raw text)
    ]


@pytest.mark.parametrize(
    ("src", "dst", "anchor", "href"),
    [
        ("A.md", "B.md", None, "B.md"),
        ("x/A.md", "y/C# & 100%?.md", "h", "../y/C%23%20%26%20100%25%3F.md#h"),
        ("A.md", "日本.md", "^b", "%E6%97%A5%E6%9C%AC.md#^b"),
    ],
)
def test_relative_href_is_quoted(src: str, dst: str, anchor: str | None, href: str) -> None:
    assert relative_href(src, dst, anchor) == href


@pytest.mark.parametrize(
    ("src", "dst"),
    [
        ("A.md", "A.md"),
        ("a/b/c/A.md", "a/b/c/B.md"),
        ("a/b/c/A.md", "a/x y/B.md"),
        ("a/b/A.md", "a/b/c/d/B e.md"),
        ("deep/er/A.md", "Top 100%.md"),
        ("Top.md", "f/o/l/d/e/r/#?.png"),
        ("a/same/A.md", "b/same/A.md"),  # a folder of the same name elsewhere is not shared
        ("Café/A.md", "Cafe\u0301/B.md"),  # composed and decomposed: two folders
    ],
)
def test_relative_href_is_the_quoted_relative_path(src: str, dst: str) -> None:
    # Quoted name by name (and each name once per build): the same as quoting the whole path.
    expected = quote(posixpath.relpath(dst, posixpath.dirname(src) or "."), safe="/")
    for anchor in (None, "part-1", "^b/x y"):
        tail = "" if anchor is None else "#" + quote(anchor, safe="^-_.~!$'()*+,;=:@")
        assert relative_href(src, dst, anchor) == expected + tail


def test_relative_url() -> None:
    assert relative_url("Activations/ReLU/", "figures/relu.svg") == "../../figures/relu.svg"
    assert relative_url("", "figures/relu.svg") == "figures/relu.svg"


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"unresolved-link": "loud"}, "unresolved-link: 'loud' is not a level"),
        ({"typo-link": "warn"}, "typo-link: unknown diagnostic kind"),
        ("warn", "must be a mapping"),
    ],
)
def test_levels_are_validated(settings: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_levels(settings)


def test_notebook_pages_get_backlinks() -> None:
    notes = [SourceNote(SrcUri("A.md"), "see [[nb.ipynb|the notebook]]")]
    urls = {"A.md": "A/", "notebooks/nb.ipynb": "notebooks/nb/"}
    eng = Engine.build(notes, ["notebooks/nb.ipynb"], slugify, urls)
    assert backlinks(eng, "notebooks/nb.ipynb") == [
        {"title": "A", "url": "A/", "snippet": "see the notebook"}
    ]


def test_heading_anchors_equal_the_ids_toc_renders() -> None:
    headings = [
        "Part 1: Basics",
        "Part 1: Basics",
        "**Bold** _it_ and `code`",
        "See [[Note#Sub]] and [[Other|shown]]",
        "Q&amp;A: 100% (really?)",
        "Café — naïve",
        "日本語 ✨",
        "A [link](x.md) here",
        "x_y_z ==mark==",
    ]
    body = "\n\n".join(f"## {h}\n\ntext" for h in headings)
    index = VaultIndex.build([SourceNote(SrcUri("N.md"), body)], slugify)
    anchors = [h.anchor for h in index.notes[SrcUri("N.md")].headings]
    vault = {"N.md": body, "Note.md": "## Sub", "Other.md": ""}
    html = render_note(vault, "N.md", extensions=[*DEFAULT_EXTENSIONS, "pymdownx.mark"]).html
    soup = BeautifulSoup(html, "html.parser")
    assert anchors == [h["id"] for h in soup.find_all("h2")]


@pytest.mark.parametrize("src_uri", ["index.md", "graph.md", "tags.md", "print_page.md"])
def test_a_page_generated_under_a_withheld_note_s_name_gets_nothing_of_it(src_uri: str) -> None:
    # The site generates a home page, the graph, the tags index and the handout under these
    # names; a withheld note of the same name must not lend them its title, body or properties
    # (it did: the whole note was published as the generated page).
    secret = "---\npublish: false\ntitle: SENTINEL-TITLE\ntags: [secret]\n---\nSENTINEL-BODY\n"
    notes = [SourceNote(SrcUri(src_uri), secret), SourceNote(SrcUri("V.md"), "visible\n")]
    urls = {src_uri: src_uri.removesuffix(".md") + "/", "V.md": "V/"}
    eng = Engine.build(notes, [], slugify, urls)
    assert eng.unpublished() == [src_uri]
    assert eng.markdown_for(src_uri, "GENERATED") == "GENERATED"
    assert eng.body_for(src_uri) is None
    assert eng.title_for(src_uri) is None
    assert eng.meta_for(src_uri) is None
    assert eng.backlinks(src_uri) == []
