"""Note transclusion: sections, blocks, recursion, cycles (keyed on note and section), privacy."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from nonlinear.vault.engine import DEFAULT_EXTENSIONS, render_note

NOTE = (
    "Intro line.\n\n"
    "## Alpha\n\nalpha text\n\n### Alpha child\n\nchild text\n\n"
    "## Beta\n\nbeta text ^beta-id\n\n- one\n- two\n\n^list-id\n"
)


def render(
    vault: dict[str, str], page: str = "Page.md", *, callouts: bool = False
) -> tuple[BeautifulSoup, list[str]]:
    extensions = (
        (*DEFAULT_EXTENSIONS, "nonlinear.vault.callouts") if callouts else DEFAULT_EXTENSIONS
    )
    result = render_note(vault, page, extensions=extensions)
    return BeautifulSoup(result.html, "html.parser"), [str(d) for d in result.diagnostics]


def texts(soup: BeautifulSoup) -> list[str]:
    return [div.get_text(" ", strip=True) for div in soup.select("div.transclusion")]


def test_heading_section_runs_to_next_heading_of_same_level_with_subsections() -> None:
    soup, diagnostics = render({"Page.md": "![[Note#Alpha]]", "Note.md": NOTE})
    assert texts(soup) == ["Note > Alpha Alpha alpha text Alpha child child text"]
    assert diagnostics == []
    # Embedded headings are not headings of the host page (no toc entry, no duplicate id).
    assert soup.find(["h2", "h3"]) is None


def test_block_embeds_name_a_paragraph_or_the_list_before_a_marker_line() -> None:
    soup, diagnostics = render(
        {"Page.md": "![[Note#^beta-id]]\n\n![[Note#^list-id]]", "Note.md": NOTE}
    )
    assert texts(soup) == ["Note > ^beta-id beta text", "Note > ^list-id one two"]
    assert "^" not in soup.get_text().replace("> ^", "")  # markers are not shown
    assert diagnostics == []


def test_whole_note_embed_and_source_link() -> None:
    soup, _ = render({"Page.md": "![[Note]]", "Note.md": "just this"})
    source = soup.select_one("div.transclusion p.transclusion__source a.wikilink")
    assert source is not None
    assert source["href"] == "Note.md"
    assert texts(soup) == ["Note just this"]


def test_links_inside_embedded_text_keep_their_authors_meaning() -> None:
    vault = {
        "Page.md": "![[Deep/Note]]",
        "Deep/Note.md": "see [[./Other]] and [[#Sec]]\n\n## Sec\n",
        "Deep/Other.md": "",
    }
    soup, diagnostics = render(vault)
    hrefs = [a["href"] for a in soup.select("div.transclusion a.wikilink")]
    assert hrefs == ["Deep/Note.md", "Deep/Other.md", "Deep/Note.md#sec"]
    assert diagnostics == []


def test_recursive_embeds_and_diamonds_are_not_cycles() -> None:
    vault = {
        "Page.md": "![[B]]\n\n![[C]]",
        "B.md": "b says\n\n![[D]]",
        "C.md": "c says\n\n![[D]]\n\n![[D]]",
        "D.md": "d text",
    }
    soup, diagnostics = render(vault)
    assert soup.get_text().count("d text") == 3
    assert diagnostics == []


def test_a_real_cycle_is_cut_and_reported_once_with_its_chain() -> None:
    vault = {"A.md": "a\n\n![[B]]", "B.md": "b\n\n![[A]]"}
    soup, diagnostics = render(vault, "A.md")
    assert soup.get_text().count("b") == 1
    broken = soup.select("span.wikilink--broken")
    assert [s.get_text() for s in broken] == ["A"]
    assert diagnostics == [
        "B.md:3:1: embed-cycle: ![[A]] closes an embed cycle A.md → B.md → A.md; it is shown as "
        "a plain reference (remove one embed of the chain)"
    ]


def test_two_sections_of_one_note_are_not_a_cycle() -> None:
    vault = {"A.md": "## One\n\n![[A#Two]]\n\n## Two\n\ntwo text"}
    soup, diagnostics = render(vault, "A.md")
    assert "two text" in texts(soup)[0]
    assert diagnostics == []


def test_self_embed_is_a_cycle() -> None:
    _, diagnostics = render({"A.md": "![[A]]"}, "A.md")
    assert [d.split(": ")[1] for d in diagnostics] == ["embed-cycle"]


def test_unpublished_notes_never_leak_through_embeds() -> None:
    vault = {"Page.md": "![[Secret]]", "Secret.md": "---\npublish: false\n---\nTOP SECRET"}
    soup, diagnostics = render(vault)
    assert "TOP SECRET" not in str(soup)
    assert [d.split(": ")[1] for d in diagnostics] == ["missing-embed"]


def test_embed_inside_a_quote_keeps_the_quote() -> None:
    soup, diagnostics = render({"Page.md": "> ![[Note]]", "Note.md": "line one\n\nline two"})
    quote = soup.find("blockquote")
    assert quote is not None
    assert [div.parent for div in soup.select("div.transclusion")] == [quote]
    assert texts(soup) == ["Note line one line two"]
    assert diagnostics == []


TARGET = "Intro.\n\n## Sec\n\nsec text\n\n### Sub\n\nsub text\n"
HOST_HEADINGS = "\n\n## Sec\n\nhost text, see [[Page#Sec]]\n"


@pytest.mark.parametrize(
    ("source", "container"),
    [
        ("> [!note]\n> ![[Target#Sec]]", "div.admonition.note"),
        ("> quote\n> ![[Target#Sec]]", "blockquote"),
        ("- item\n  ![[Target#Sec]]\n- next", "ul > li"),
        ("1. ![[Target#Sec]]\n2. next", "ol > li"),
        ("> - item\n>   ![[Target#Sec]]", "blockquote > ul > li"),
    ],
)
def test_nested_embed_is_wrapped_like_a_top_level_one(source: str, container: str) -> None:
    soup, diagnostics = render(
        {"Page.md": source + HOST_HEADINGS, "Target.md": TARGET}, callouts=True
    )
    assert diagnostics == []
    box = soup.select_one(container)
    assert box is not None
    assert [div.parent for div in soup.select("div.transclusion")] == [box]
    assert texts(soup) == ["Target > Sec Sec sec text Sub sub text"]
    assert "div>" not in soup.get_text()  # the wrapper is HTML, not text
    items = [li.get_text(" ", strip=True) for li in soup.select("li")]
    assert items[1:] == (["next"] if "next" in source else [])
    source_link = soup.select_one("div.transclusion > p.transclusion__source > a.wikilink")
    assert source_link is not None
    assert source_link["href"] == "Target.md#sec"
    # Transcluded headings are styled paragraphs: the page's only heading is its own, which
    # keeps its anchor, so links to it land there.
    headings = soup.find_all(re.compile(r"^h[1-6]$"))
    assert [(h.name, h.get("id")) for h in headings] == [("h2", "sec")]
    styled = soup.select("div.transclusion p.transclusion__heading")
    assert [(p["role"], p["aria-level"], p.get_text()) for p in styled] == [
        ("heading", "2", "Sec"),
        ("heading", "3", "Sub"),
    ]
    assert [a["href"] for a in soup.select("a.wikilink") if "Page" in a.get_text()] == ["#sec"]


def test_nested_embeds_inside_a_quoted_embed_are_wrapped_too() -> None:
    vault = {"Page.md": "> ![[Mid]]", "Mid.md": "mid\n\n![[Leaf]]", "Leaf.md": "## Leaf h\n\nleaf"}
    soup, diagnostics = render(vault)
    assert diagnostics == []
    assert texts(soup) == ["Mid mid Leaf Leaf h leaf", "Leaf Leaf h leaf"]
    assert soup.find(re.compile(r"^h[1-6]$")) is None
    assert "markdown=" not in str(soup)


def test_demoted_headings_do_not_turn_into_other_blocks() -> None:
    target = "## 1. First\n\none\n\n## - Dash ##\n\ntwo\n\nSetext\n------\n\nthree"
    soup, diagnostics = render({"Page.md": "![[Target]]", "Target.md": target})
    assert diagnostics == []
    styled = soup.select("div.transclusion p.transclusion__heading")
    assert [p.get_text() for p in styled] == ["1. First", "- Dash", "Setext"]
    assert soup.find(["ol", "ul", "hr", "h2"]) is None


@pytest.mark.parametrize(
    ("source", "container", "outside"),
    [
        ("left ![[Leaf]] right", "[document]", ["left", "right"]),
        ("![[Leaf]] right", "[document]", ["right"]),
        ("- left ![[Leaf]] right\n- next", "ul > li", ["left", "right"]),
        ("> left ![[Leaf]] right", "blockquote", ["left", "right"]),
        ("> left ![[Leaf]]\n\nafter", "blockquote", ["left"]),
    ],
)
def test_note_embed_inside_a_paragraph_is_transcluded_as_a_block(
    source: str, container: str, outside: list[str]
) -> None:
    # Obsidian shows the note as a block where the embed stands, breaking the paragraph.
    soup, diagnostics = render({"Page.md": source, "Leaf.md": "## Head\n\nleaf body"})
    assert diagnostics == []
    assert texts(soup) == ["Leaf Head leaf body"]
    assert "div>" not in soup.get_text()
    assert [li.get_text(" ", strip=True) for li in soup.select("li")][1:] == (
        ["next"] if "next" in source else []
    )
    box = soup if container == "[document]" else soup.select_one(container)
    assert box is not None
    div = soup.select_one("div.transclusion")
    assert div is not None
    assert div.parent is box
    around = [p.get_text(" ", strip=True) for p in box.find_all("p", recursive=False)]
    assert around == outside
    assert soup.find(re.compile(r"^h[1-6]$")) is None


def test_note_embed_in_a_table_cell_stays_a_link_named_like_the_note() -> None:
    table = "| a | b |\n|---|---|\n| [[Leaf\\|named]] | ![[Leaf]] |\n"
    vault = {"Page.md": table + "\n![[Mid]]", "Mid.md": table, "Leaf.md": "leaf body"}
    soup, diagnostics = render(vault)
    assert diagnostics == []
    links = soup.select("td a.wikilink--embed")
    assert [(a["href"], a.get_text()) for a in links] == [("Leaf.md", "Leaf"), ("Leaf.md", "Leaf")]
    named = soup.select("td a.wikilink:not(.wikilink--embed)")
    assert [(a["href"], a.get_text()) for a in named] == [
        ("Leaf.md", "named"),
        ("Leaf.md", "named"),
    ]
    assert "leaf body" not in soup.get_text()


@pytest.mark.parametrize(
    "heading",
    ["## See ![[Leaf]] here", "See ![[Leaf]] here\n---", "See ![[Leaf]] here\n===="],
)
def test_note_embed_in_a_heading_stays_a_link(heading: str) -> None:
    # A block cannot go inside a heading, ATX or setext: splitting the line would leave the
    # underline under the second half and turn the transcluded text into a heading.
    soup, diagnostics = render({"Page.md": heading + "\n\nafter", "Leaf.md": "leaf body"})
    assert diagnostics == []
    (h,) = soup.find_all(re.compile(r"^h[12]$"))
    assert h.get_text(" ", strip=True) == "See Leaf here"
    assert [a["href"] for a in h.select("a.wikilink--embed")] == ["Leaf.md"]
    assert "leaf body" not in soup.get_text()


def test_relative_markdown_links_in_embedded_text_are_rebased_to_the_host() -> None:
    embedded = (
        "[rel](../../Top.md) [sibling](F.md#x) [ext](https://example.org/a.md) [here](#sec)\n"
        '![pic](pic.png) `[code](../../Top.md)` [angle](<../../Top.md> "t") [name](Top.md)\n\n'
        "[by ref][r]\n\n[r]: ../../Top.md\n\n```\n[fenced](../../Top.md)\n```\n"
    )
    vault = {
        "index.md": "![[E]]",
        "sub/deep/E.md": embedded,
        "sub/deep/F.md": "# x",
        "Top.md": "",
    }
    result = render_note(vault, "index.md", attachments=["sub/deep/pic.png"])
    soup = BeautifulSoup(result.html, "html.parser")
    hrefs = [a["href"] for a in soup.select("div.transclusion a:not(.wikilink)")]
    assert hrefs == [
        "Top.md",
        "sub/deep/F.md#x",
        "https://example.org/a.md",
        "#sec",
        "Top.md",
        "Top.md",
        "Top.md",
    ]
    assert [img["src"] for img in soup.select("div.transclusion img")] == ["sub/deep/pic.png"]
    assert "[code](../../Top.md)" in soup.get_text()
    assert "[fenced](../../Top.md)" in soup.get_text()
    # The embedded note's own page keeps its links as written.
    own = BeautifulSoup(
        render_note(vault, "sub/deep/E.md", attachments=["sub/deep/pic.png"]).html, "html.parser"
    )
    assert own.select_one("a")["href"] == "../../Top.md"  # type: ignore[index]


@pytest.mark.parametrize(
    ("heading", "anchor"),
    [("Sec", "sec"), ("日本語の見出し", "_1"), ("Part 1: Basics", "part-1-basics")],
)
def test_source_link_of_a_section_embed_keeps_the_anchor(heading: str, anchor: str) -> None:
    vault = {"Page.md": f"![[N#{heading}]]\n\n> ![[N#{heading}]]", "N.md": f"## {heading}\n\nt"}
    soup, diagnostics = render(vault)
    assert diagnostics == []
    sources = soup.select("a.transclusion__source, p.transclusion__source > a")
    assert [(a["href"], a.get_text()) for a in sources] == [
        (f"N.md#{anchor}", f"N > {heading}")
    ] * 2
