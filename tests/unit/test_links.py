"""parse_wikilink / format_wikilink and the code-aware scanner (scan_note, scan_links)."""

from __future__ import annotations

import pytest

from nonlinear.vault.engine import render_note
from nonlinear.vault.links import (
    MAX_DESTINATION,
    WikiLink,
    format_wikilink,
    parse_wikilink,
    scan_links,
    scan_note,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[[Note]]", WikiLink("Note")),
        ("[[Note.md]]", WikiLink("Note.md")),
        ("[[Note|alias]]", WikiLink("Note", alias="alias")),
        ("[[folder/Note]]", WikiLink("folder/Note")),
        ("[[../up/Note]]", WikiLink("../up/Note")),
        ("[[Note#Heading]]", WikiLink("Note", ("Heading",))),
        ("[[Note#H1#H2]]", WikiLink("Note", ("H1", "H2"))),
        ("[[#Heading]]", WikiLink("", ("Heading",))),
        ("[[Note#^block-1]]", WikiLink("Note", (), "block-1")),
        ("[[#^id]]", WikiLink("", (), "id")),
        ("[[paper.pdf]]", WikiLink("paper.pdf")),
        ("[[Note\\|shown]]", WikiLink("Note", alias="shown")),
        ("[[ A | B ]]", WikiLink("A", alias="B")),
        ("[[Note|]]", WikiLink("Note")),
        ("![[x.png|300x200]]", WikiLink("x.png", alias="300x200", embed=True)),
        ("![[Note#Part]]", WikiLink("Note", ("Part",), embed=True)),
        ("[[a|b|c]]", WikiLink("a", alias="b|c")),
    ],
)
def test_parse_wikilink(text: str, expected: WikiLink) -> None:
    assert parse_wikilink(text) == expected


@pytest.mark.parametrize("text", ["[[]]", "[Note]", "[[a]] b", "[[a\nb]]", "\\[[a]]"])
def test_not_a_wikilink(text: str) -> None:
    assert parse_wikilink(text) is None


@pytest.mark.parametrize(
    "text", ["[[Note]]", "![[a/b.png|300]]", "[[N#H1#H2|x]]", "[[#^id]]", "[[a|b|c]]"]
)
def test_format_round_trips(text: str) -> None:
    link = parse_wikilink(text)
    assert link is not None
    assert format_wikilink(link) == text


@pytest.mark.parametrize(
    ("link", "shown"),
    [
        (WikiLink("Note"), "Note"),
        (WikiLink("Note", alias="x"), "x"),
        (WikiLink("Note", ("A", "B")), "Note > A > B"),
        (WikiLink("", ("A",)), "A"),
        (WikiLink("Note", (), "id"), "Note > ^id"),
    ],
)
def test_text_shown(link: WikiLink, shown: str) -> None:
    assert link.text == shown


def targets(body: str) -> list[str]:
    return [link.target for link in scan_links(body)]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("a [[A]] b", ["A"]),
        ("inline `[[code]]` and [[A]]", ["A"]),
        ("double ``x [[code]] `` [[A]]", ["A"]),
        ("```\n[[fenced]]\n```\n[[A]]", ["A"]),
        ("~~~\n[[tilde]]\n~~~\n[[A]]", ["A"]),
        ("````\n```\n[[nested]]\n```\n````\n[[A]]", ["A"]),
        ("- item\n\n  ```\n  [[in list]]\n  ```\n\n[[A]]", ["A"]),
        ("> ```\n> [[quoted fence]]\n> ```\n\n[[A]]", ["A"]),
        ("para\n\n    [[indented]]\n\n[[A]]", ["A"]),
        ("- list\n\n    [[continuation]]", ["continuation"]),
        ("- list\n\n```\n[[fenced]]\n```\n\n    [[code after fence]]", []),
        # An HTML comment or block at the margin ends the list: what follows indented is code
        # (found by the scan = render property test: '- item [[Alpha]]\n- other\n\n<!-- x -->').
        ("- list [[A]]\n\n<!-- x -->\n\n    [[code after comment]]", ["A"]),
        ("- list [[A]]\n<!-- x -->\n\n    [[code after comment]]", ["A"]),
        ("- list [[A]]\n\n<div>x</div>\n\n    [[code after html]]", ["A"]),
        ("- list [[A]]\n  <!-- lazy -->\n\n    [[continuation]]", ["A", "continuation"]),
        ("$[[math]]$ and [[A]]", ["A"]),
        ("$$\n[[block math]]\n$$\n\n[[A]]", ["A"]),
        ("costs $5 and [[A]] costs $6", ["A"]),
        ("<!-- [[comment]] -->\n\n[[A]]", ["A"]),
        ("text <!-- [[inline comment]] --> [[A]]", ["A"]),
        ("<!--\n[[multi]]\n-->\n\n[[A]]", ["A"]),
        ("%% [[obsidian comment]] %% [[A]]", ["A"]),
        ("%%\n[[block comment]]\n%%\n[[A]]", ["A"]),
        ("\\[[escaped]] [[A]]", ["A"]),
        ("<div>\n[[raw html]]\n</div>\n\n[[A]]", ["A"]),
        ("| a | b |\n|---|---|\n| [[A\\|x]] | [[B|y]] |", ["A"]),
        ("```\nunclosed [[A]]", ["A"]),
        ("x = data[[0]]", ["0"]),
    ],
)
def test_scan_skips_what_markdown_skips(body: str, expected: list[str]) -> None:
    assert targets(body) == expected


def test_scan_positions_are_file_lines_and_columns() -> None:
    links = scan_links("first\n\nsee [[A]] and ![[b.png]]", first_line=5)
    assert [(link.line, link.col, link.embed) for link in links] == [
        (7, 5, False),
        (7, 15, True),
    ]


def test_scan_headings_and_blocks() -> None:
    scan = scan_note(
        "# Top\n\nSetext\n------\n\npara line\nend ^p1\n\n- a ^i1\n- b\n\n^list\n\n```\n# no\n```\n"
    )
    assert [(h.level, h.text, h.line) for h in scan.headings] == [
        (1, "Top", 1),
        (2, "Setext", 3),
    ]
    assert [(b.block_id, b.kind, b.start, b.end) for b in scan.blocks] == [
        ("p1", "paragraph", 6, 7),
        ("i1", "item", 9, 9),
        ("list", "block", 9, 10),
    ]


@pytest.mark.parametrize(
    ("body", "count"),
    [
        ("```\n" * 3001, 0),  # thousands of unclosed fences
        ("`" * 20001 + " [[A]]", 1),  # one huge unmatched backtick run
        ("` x " * 5001 + "[[A]]", 1),  # 2500 code spans; the odd last backtick is literal
        ("<!-- [[A]] " * 3000, 3000),  # never closed: text and links, as Python-Markdown renders
        ("<!-- a --> [[A]] " * 3000, 3000),  # a comment at the margin: the rest is a paragraph
        ("$ a [[A]] " * 3000, 3000),  # "$ a" never opens math (space after $)
        ("[[" * 10000, 0),
    ],
)
def test_hostile_input_is_scanned(body: str, count: int) -> None:
    # The scanner is linear (no backtracking regex over a whole paragraph); these would take
    # minutes with a quadratic one.
    assert len(scan_links(body)) == count


# -- Markdown links: the same scan records them, so they reach the report, backlinks, graph ---


def markdown_rows(body: str) -> list[tuple[str, tuple[str, ...], str | None, bool, int, int]]:
    return [
        (link.target, link.headings, link.alias, link.embed, link.line, link.col)
        for link in scan_links(body)
        if link.markdown
    ]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("[a](Note%20Name.md)", [("Note Name.md", (), "a", False, 1, 1)]),
        ("x [a](<Note Name.md>)", [("Note Name.md", (), "a", False, 1, 3)]),
        ("[a](My Note.md)", [("My Note.md", (), "a", False, 1, 1)]),  # Python-Markdown reads it
        ('[a](Note.md "title")', [("Note.md", (), "a", False, 1, 1)]),
        ("[a](Note.md 'title')", [("Note.md", (), "a", False, 1, 1)]),
        # Python-Markdown's titles: from the first quote to a last one just before ')', quotes
        # inside allowed, no space needed; parentheses are no title (they stay in the path).
        ('[a](Note.md "say \\"hi\\"")', [("Note.md", (), "a", False, 1, 1)]),
        ("[a](Note.md 'it's')", [("Note.md", (), "a", False, 1, 1)]),
        ('[a](Note.md"t")', [("Note.md", (), "a", False, 1, 1)]),
        ("[a](Note.md 'x\"y')", [("Note.md", (), "a", False, 1, 1)]),
        ("[a](Note.md (paren))", [("Note.md (paren)", (), "a", False, 1, 1)]),
        ('[a](Note.md "t" )', [("Note.md", (), "a", False, 1, 1)]),
        ('[a](No"te.md)', [('No"te.md', (), "a", False, 1, 1)]),
        ("[a](x(1).md)", [("x(1).md", (), "a", False, 1, 1)]),
        ("![alt](img/pic.png)", [("img/pic.png", (), "alt", True, 1, 1)]),
        ("[a](Note.md#Part%201)", [("Note.md", ("Part 1",), "a", False, 1, 1)]),
        ("[a](Note.md#part-1)", [("Note.md", ("part-1",), "a", False, 1, 1)]),
        ("[a](../up/Note.md)", [("../up/Note.md", (), "a", False, 1, 1)]),
        ("[*it* and `code`](N.md)", [("N.md", (), "*it* and `code`", False, 1, 1)]),
        (
            "[![img](p.png)](N.md)",
            [("N.md", (), "![img](p.png)", False, 1, 1), ("p.png", (), "img", True, 1, 2)],
        ),
        ("text\n\n[r]: Ref%20Note.md\n", [("Ref Note.md", (), "r", False, 3, 1)]),
        ('> [r]: <Ref Note.md> "t"', [("Ref Note.md", (), "r", False, 1, 3)]),
    ],
)
def test_scan_reads_markdown_links(
    body: str, expected: list[tuple[str, tuple[str, ...], str | None, bool, int, int]]
) -> None:
    assert markdown_rows(body) == expected


@pytest.mark.parametrize(
    "body",
    [
        "[a](https://example.org/Note.md)",
        "[a](mailto:x@example.org)",
        "[a](//host/Note.md)",
        "[a](/abs/Note.md)",
        "[a](#same-page)",
        "[a]()",
        "`[a](Note.md)`",
        "```\n[a](Note.md)\n```",
        "    [a](Note.md)",
        "$[a](Note.md)$",
        "<!-- [a](Note.md) -->",
        "%% [a](Note.md) %%",
        "\\[a](Note.md)",
        "[a](Note\n.md)",
        "[^1]: a footnote, not a reference\n",
        "[a](`Note.md`)",
    ],
)
def test_scan_leaves_what_is_no_markdown_link_into_the_vault(body: str) -> None:
    assert markdown_rows(body) == []


def test_a_wiki_link_followed_by_parentheses_is_only_a_wiki_link() -> None:
    # [[A]](b) — the wiki link pattern runs first, so "(b)" is plain text, not a destination.
    links = scan_links("[[A]](b.md) and [x](C.md)")
    assert [(link.target, link.markdown) for link in links] == [("A", False), ("C.md", True)]


def test_scanned_links_keep_document_order_across_both_syntaxes() -> None:
    links = scan_links("[m](M.md) [[W]]\n![i](i.png) ![[E]]")
    assert [(link.raw, link.line, link.col) for link in links] == [
        ("[m](M.md)", 1, 1),
        ("[[W]]", 1, 11),
        ("![i](i.png)", 2, 1),
        ("![[E]]", 2, 13),
    ]


@pytest.mark.parametrize(
    ("body", "count"),
    [
        ("[" * 20000 + "](x)", 1),
        ("[a](" * 20000, 0),
        ("[x" * 10000 + "](a)" * 10000, 10000),
    ],
)
def test_hostile_markdown_links_are_scanned(body: str, count: int) -> None:
    assert len([link for link in scan_links(body) if link.markdown]) == count


def test_nested_destinations_longer_than_a_path_are_not_links() -> None:
    links = scan_links("![x](" * 10000 + ")" * 10000)
    # The innermost ones are read; the outer ones, longer than any path, are not.
    assert links
    assert all(len(link.target) < MAX_DESTINATION for link in links)
    assert links[-1].target == "![x]()"
    assert len(links) < 10000


@pytest.mark.parametrize(
    "body",
    [
        "<!-- c -->[[A]] more\nline [[A]]",  # text after a comment at the margin: a paragraph
        "text\n<div>\n[[A]]\n</div>\nafter [[A]]",  # an HTML block interrupts a paragraph
        "<div>a</div> [[A]]\n\np",  # text after the closing tag: a paragraph
        "<div><div></div>\n[[A]]\n</div> [[A]]",  # nested tags of the same name
        "<audio>\n[[A]]\n</audio>",  # not a block-level tag for Python-Markdown: prose
        "<!-- never closed [[A]]\n\n[[A]]",  # an unclosed comment is text
        "<div>\n[[A]]\n</div>\n    [[A]]",  # indented after an HTML block: code
        "```\nc\n```\n    [[A]]",  # indented right after a fence: the paragraph goes on
        "a `x\n```\n[[A]]\n```\n` [[A]]",  # a code span pairs across a fence's placeholder
        "text [[A]]\n- [[A]]",  # a list never interrupts a paragraph
        "quoted [[A|a]]\n|",  # a lone pipe under it makes a table (the cell splits the link)
    ],
)
def test_scan_equals_render_on_fragments_the_widened_generator_found(body: str) -> None:
    html = render_note({"A.md": "x", "P.md": body}, "P.md").html
    rendered = html.count('class="wikilink')
    assert len(scan_links(body)) == rendered


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # Lines starting with a letter continue what is open, as any other text line does.
        ("- item [[A]]\nlazy [[B]]\n\n    indented [[C]]", ["A", "B", "C"]),
        ("para [[A]]\nmore [[B|b]] text", ["A", "B"]),
        ("> quoted [[A]]\nlazy [[B]]", ["A", "B"]),
        ("| a | b |\n|---|---|\nrow [[A\\|x]] | [[B|y]]", ["A"]),  # a letter row of a table
        ("\tcode [[A]]\n\n[[B]]", ["B"]),  # a tab indents like four spaces
        ("Ü [[A]]\n日本 [[B]]", ["A", "B"]),  # letters beyond ASCII
        # No pipe in the first row: a paragraph, and the alias pipe stays in the link.
        ("header [[A]]\n| [[B|b]]", ["A", "B"]),
        ("head | [[A|shown]]\n--- | --- | ---", []),  # a table: the pipe splits the link
    ],
)
def test_scan_reads_text_lines_as_markdown_does(body: str, expected: list[str]) -> None:
    assert targets(body) == expected
    # The page renders the same links (the scanner's shortcuts change nothing).
    html = render_note({"N.md": body, "A.md": "", "B.md": "", "C.md": ""}, "N.md").html
    assert html.count('class="wikilink') == len(expected)
