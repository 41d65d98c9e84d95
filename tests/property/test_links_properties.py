"""Property-based tests of the link engine (Hypothesis)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from bs4 import BeautifulSoup
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markdown.extensions.toc import slugify

from nonlinear.vault.engine import render_note
from nonlinear.vault.index import SourceNote, VaultIndex
from nonlinear.vault.links import WikiLink, format_wikilink, parse_wikilink, scan_links
from nonlinear.vault.paths import SrcUri
from nonlinear.vault.resolve import Resolved, Resolver

FORBIDDEN = "#|[]\n\r\\^`"
name_chars = st.characters(
    blacklist_characters=FORBIDDEN + "/", blacklist_categories=("Cs", "Cc", "Zl", "Zp")
)


def clean(min_size: int = 1) -> st.SearchStrategy[str]:
    return (
        st.text(name_chars, min_size=min_size, max_size=12)
        .map(str.strip)
        .filter(lambda s: len(s) >= min_size)
    )


block_ids = st.from_regex(r"[A-Za-z0-9-]{1,8}", fullmatch=True)


@st.composite
def wikilinks(draw: st.DrawFn) -> WikiLink:
    target = draw(st.one_of(st.just(""), clean()))
    headings = tuple(draw(st.lists(clean(), max_size=3)))
    block = draw(st.one_of(st.none(), block_ids))
    alias = draw(st.one_of(st.none(), clean().filter(lambda s: "|" not in s)))
    if not (target or headings or block or alias):
        target = "x"
    return WikiLink(target, headings, block, alias, draw(st.booleans()))


@given(wikilinks())
def test_parse_inverts_format(link: WikiLink) -> None:
    assert parse_wikilink(format_wikilink(link)) == link


@given(st.text(st.characters(blacklist_characters="`\n\r", blacklist_categories=("Cs",))))
def test_backtick_wrapped_text_yields_no_links(text: str) -> None:
    assert scan_links(f"`{text}`") == []


NOTES = ["Alpha", "Beta Gamma", "Café (1)", "x & y"]
link_texts = st.sampled_from([*NOTES, "Missing", "Alpha#Head", "Beta Gamma|shown"])
# Markdown links to the same notes, as Obsidian writes them (percent-encoded or in <>).
markdown_links = st.sampled_from(
    [
        "[shown](Alpha.md)",
        "[b](Beta%20Gamma.md#Head)",
        "[c](<Café (1).md>)",
        "[m](Missing.md)",
        "[x](x%20%26%20y.md)",
        '[t](Alpha.md "title")',
    ]
)
any_link = st.one_of(link_texts.map(lambda t: "[[" + t + "]]"), markdown_links)


@st.composite
def notes(draw: st.DrawFn) -> str:
    """A random note made of the constructs the engine must tell apart."""
    blocks: list[str] = []
    for _ in range(draw(st.integers(1, 8))):
        link = draw(any_link)
        words = draw(st.sampled_from(["some text", "a & b < c", "x_y *z*", "50% off"]))
        kind = draw(st.integers(0, 11))
        cell = link.replace("|", "\\|")
        blocks.append(
            [
                f"{words} {link} end",
                f"`{link}` and {link}",
                f"```\n{link}\n```",
                f"~~~~\n```\n{link}\n```\n~~~~",
                f"    {link}",
                f"$ {link} $ and ${link}$ then {link}",
                f"$$\n{link}\n$$",
                f"<!-- {link} -->",
                f"## Head {link}",
                f"- item {link}\n- other",
                f"> quoted {link}",
                f"| a | b |\n|---|---|\n| {cell} | x |",
            ][kind]
        )
    return "\n\n".join(blocks) + "\n"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(notes())
def test_scanned_links_equal_rendered_links_and_html_is_well_formed(body: str) -> None:
    vault = {f"{n}.md": "# Head\n" for n in NOTES}
    vault["Page.md"] = body
    result = render_note(vault, "Page.md")
    soup = BeautifulSoup(result.html, "html.parser")
    # Wiki links render as a.wikilink, Markdown links as plain <a>; a broken one of either
    # syntax as span.wikilink--broken. The scan must find exactly these, in order.
    rendered = [el.get_text() for el in soup.select("a, span.wikilink--broken")]
    scanned = [link.text for link in scan_links(body)]
    assert rendered == scanned
    ET.fromstring(f"<div>{result.html}</div>")  # well-formed (raises otherwise)


segment = (
    st.text(
        st.characters(blacklist_characters=FORBIDDEN + "/.", blacklist_categories=("Cs", "Cc")),
        min_size=1,
        max_size=10,
    )
    .map(str.strip)
    .filter(bool)
)


@given(st.lists(st.lists(segment, min_size=1, max_size=3).map("/".join), min_size=1, max_size=6))
def test_every_note_resolves_from_its_own_path(paths: list[str]) -> None:
    uris = sorted({p + ".md" for p in paths})
    index = VaultIndex.build([SourceNote(SrcUri(u), "") for u in uris], slugify)
    resolver = Resolver(index, slugify)
    for uri in uris:
        link = parse_wikilink(f"[[/{uri[:-3]}]]")
        assert link is not None
        result = resolver.resolve(link, uri)
        assert isinstance(result, Resolved)
        # Paths differing only by case are one path to Obsidian; exact case wins.
        assert result.src_uri == uri


WORDS = st.sampled_from(
    ["some text", "a & b < c", "x_y *z*", "50% off", "`code`", "<b>", "</b>", "**b**", "\\[", "|"]
)


@st.composite
def block_edges(draw: st.DrawFn) -> str:
    """Notes whose blocks meet without blank lines, at the edges of HTML, comments and fences.

    The generator that found scan != render (issue 8 item 14): a comment or an HTML block at
    the start of a line with text after it on the same line, an HTML block or a fence that
    interrupts a paragraph, a comment never closed, an indented line right after an HTML
    block (code) or after a fence (paragraph), a list item under a paragraph line (text), a
    quote opened inside a paragraph whose lines are a table (``>``-only lines split its blocks).
    """
    blocks: list[str] = []
    for _ in range(draw(st.integers(1, 6))):
        link = draw(any_link)
        w = draw(WORDS)
        kind = draw(st.integers(0, 15))
        blocks.append(
            [
                f"{w} {link} end",
                f"<!-- c -->{link} {w}",
                f"<!-- c\n{w} -->  {link}",
                f"<div>\n{link}\n</div> {link}",
                f"{w}\n<div>\n{link}\n</div>",
                f"<!-- unclosed {link}",
                f"{w}\n```\n{link}\n```\n{link}",
                f"```\nc\n```\n    {link}",
                f"<div>\n{link}\n</div>\n    {link}",
                f"{w} {link}\n- {link}",
                f"<section><div>\n</div>\n{link}\n</section> {link}",
                f"<p>{link}</p>",
                f"<span>{link}</span> {w}",
                f"> quoted {link}\n{w}",
                f"{w} {link}\n> {link} {w}\n> |\n> {link}",
                f"> {w}\n>\n> > {link}\n> > |\n>\n> {link}",
            ][kind]
        )
    separator = draw(st.sampled_from(["\n\n", "\n"]))
    return separator.join(blocks) + "\n"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(block_edges())
# Found by this test: a comment inside <b>…</b> is inline; "<!--" inside one does not open it.
@example("<b> [[Alpha]] end\n<!-- unclosed [shown](Alpha.md)\n<!-- c -->[[Alpha]] </b>\n")
@example("a <!-- x <!-- [[Alpha]] --> [[Beta]] <!-- --> <!--> [[Alpha]] -->\n")
def test_scan_equals_render_where_blocks_meet(body: str) -> None:
    vault = {f"{n}.md": "# Head\n" for n in NOTES}
    vault["Page.md"] = body
    result = render_note(vault, "Page.md")
    soup = BeautifulSoup(result.html, "html.parser")
    rendered = [el.get_text() for el in soup.select("a, span.wikilink--broken")]
    assert rendered == [link.text for link in scan_links(body)]
