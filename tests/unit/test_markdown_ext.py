"""Rendering: every test states the HTML it expects and the exact diagnostics (often none)."""

from __future__ import annotations

import re

import markdown
import pytest

from nonlinear.vault.engine import render_note
from nonlinear.vault.markdown_ext import Trace, WikiLinkExtension
from nonlinear.vault.paths import SrcUri

VAULT = {
    "ReLU.md": "## Formulation\n\nmax ^def\n",
    "Sub/Leaky ReLU.md": "text",
    "Secret.md": "---\npublish: false\n---\nsecret",
}
ATTACHMENTS = ("img/Pasted image 20240216101652.png", "media/talk.mp3", "media/clip.mp4", "doc.pdf")


def render(source: str) -> tuple[str, list[str]]:
    result = render_note({**VAULT, "Page.md": source}, "Page.md", attachments=ATTACHMENTS)
    return result.html, [str(d) for d in result.diagnostics]


@pytest.mark.parametrize(
    ("source", "html"),
    [
        ("[[ReLU]]", '<p><a class="wikilink" href="ReLU.md">ReLU</a></p>'),
        ("[[ReLU|the rectifier]]", '<p><a class="wikilink" href="ReLU.md">the rectifier</a></p>'),
        (
            "[[Leaky ReLU]]",
            '<p><a class="wikilink" href="Sub/Leaky%20ReLU.md">Leaky ReLU</a></p>',
        ),
        (
            "[[ReLU#Formulation]]",
            '<p><a class="wikilink" href="ReLU.md#formulation">ReLU &gt; Formulation</a></p>',
        ),
        ("[[ReLU#^def]]", '<p><a class="wikilink" href="ReLU.md#^def">ReLU &gt; ^def</a></p>'),
        ("`[[ReLU]]`", "<p><code>[[ReLU]]</code></p>"),
        ("$[[ReLU]]$", '<p><span class="arithmatex">\\([[ReLU]]\\)</span></p>'),
        (
            "![[Pasted image 20240216101652.png]]",
            '<p><img alt="Pasted image 20240216101652.png" class="wikilink-embed" '
            'src="img/Pasted%20image%2020240216101652.png" /></p>',
        ),
        (
            "![[Pasted image 20240216101652.png|300x200]]",
            '<p><img alt="Pasted image 20240216101652.png" class="wikilink-embed" height="200" '
            'src="img/Pasted%20image%2020240216101652.png" width="300" /></p>',
        ),
        (
            "![[talk.mp3]]",
            '<p><audio class="wikilink-embed" controls="" src="../media/talk.mp3"></audio></p>',
        ),
        (
            "![[doc.pdf#page=3]]",
            '<p>\n<iframe class="wikilink-embed wikilink-embed--pdf" src="../doc.pdf#page=3" '
            'title="doc.pdf"></iframe>\n</p>',
        ),
        (
            "[[ReLU|<img src=x onerror=alert(1)>]]",
            '<p><a class="wikilink" href="ReLU.md">&lt;img src=x onerror=alert(1)&gt;</a></p>',
        ),
        (
            "| a |\n|---|\n| [[ReLU\\|r]] |",
            "<table>\n<thead>\n<tr>\n<th>a</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n"
            '<td><a class="wikilink" href="ReLU.md">r</a></td>\n</tr>\n</tbody>\n</table>',
        ),
        ("para ^my-id", '<p id="^my-id">para</p>'),
        ("- a ^i\n- b", '<ul>\n<li id="^i">a</li>\n<li>b</li>\n</ul>'),
        ("> quote\n\n^q", '<blockquote id="^q">\n<p>quote</p>\n</blockquote>'),
    ],
)
def test_renders_without_diagnostics(source: str, html: str) -> None:
    assert render(source) == (html, [])


@pytest.mark.parametrize(
    ("source", "html", "diagnostics"),
    [
        (
            "[[Leaky Relu x]]",
            '<p><span class="wikilink wikilink--broken" title="No note or file named '
            "'Leaky Relu x' (did you mean 'Leaky ReLU'?)\">Leaky Relu x</span></p>",
            [
                "Page.md:1:1: unresolved-link: [[Leaky Relu x]] matches no note; "
                "did you mean 'Leaky ReLU'?"
            ],
        ),
        (
            "see [[Secret|it]]",
            '<p>see <span class="wikilink wikilink--broken" '
            "title=\"No note or file named 'Secret'\">it</span></p>",
            [
                "Page.md:1:5: unresolved-link: [[Secret|it]] points to 'Secret.md', which has "
                "'publish: false'; it renders as plain text (publish that note or remove the link)"
            ],
        ),
        (
            "[[ReLU#Nope]]",
            '<p><a class="wikilink wikilink--broken" href="ReLU.md" title="No heading '
            "'Nope' in 'ReLU': the link opens the top of the note\">ReLU &gt; Nope</a></p>",
            [
                "Page.md:1:1: missing-heading: [[ReLU#Nope]]: 'ReLU.md' has no heading 'Nope'; "
                "its headings are 'Formulation'"
            ],
        ),
        (
            "[[ReLU#^gone|see]]",
            '<p><a class="wikilink wikilink--broken" href="ReLU.md" title="No block ^gone in '
            "'ReLU': the link opens the top of the note\">see</a></p>",
            [
                "Page.md:1:1: missing-block: [[ReLU#^gone|see]]: 'ReLU.md' has no block "
                "'^gone'; its block ids are '^def'"
            ],
        ),
        (
            "![[ReLU#Nope]]",
            '<p><a class="wikilink wikilink--embed wikilink--broken" href="ReLU.md" '
            "title=\"No heading 'Nope' in 'ReLU': the link opens the top of the note\">"
            "ReLU &gt; Nope</a></p>",
            [
                "Page.md:1:1: missing-heading: ![[ReLU#Nope]]: 'ReLU.md' has no heading 'Nope'; "
                "its headings are 'Formulation'"
            ],
        ),
        (
            "[text](ReLU.md#Nope)",
            '<p><a class="wikilink--broken" href="ReLU.md" title="No heading '
            "'Nope' in 'ReLU': the link opens the top of the note\">text</a></p>",
            [
                "Page.md:1:1: missing-heading: [text](ReLU.md#Nope): 'ReLU.md' has no heading "
                "'Nope'; its headings are 'Formulation'"
            ],
        ),
        (
            "![[missing.png]]",
            '<p><span class="wikilink wikilink--broken" title="No note or file named '
            "'missing.png'\">missing.png</span></p>",
            [
                "Page.md:1:1: missing-embed: ![[missing.png]] matches no file; create the file or "
                "correct the name"
            ],
        ),
    ],
)
def test_problems_render_safely_and_are_reported(
    source: str, html: str, diagnostics: list[str]
) -> None:
    assert render(source) == (html, diagnostics)


def test_links_inside_code_blocks_and_comments_stay_text() -> None:
    source = (
        "```python\nx = data[[0]]\n```\n\n~~~~\n[[ReLU]]\n~~~~\n\n    [[ReLU]]\n\n"
        "<!-- [[Nope]] -->\n\n$$\n[[Nope]]\n$$\n"
    )
    html, diagnostics = render(source)
    assert "wikilink" not in html
    assert diagnostics == []


def test_markdown_links_resolve_like_obsidian() -> None:
    vault = {
        "Deep/Page.md": (
            "[a](Other%20Note.md) [b](Other%20Note) [c](../Top/Other%20Note.md#x) "
            "![i](pic.png) [d](https://x.org) [e](Missing.md) [f](#local)"
        ),
        "Top/Other Note.md": "# x",
    }
    rendered = render_note(vault, "Deep/Page.md", attachments=["img/pic.png"])
    assert rendered.html == (
        '<p><a href="../Top/Other%20Note.md">a</a> <a href="../Top/Other%20Note.md">b</a> '
        '<a href="../Top/Other%20Note.md#x">c</a> <img alt="i" src="../img/pic.png" /> '
        '<a href="https://x.org">d</a> <span class="wikilink wikilink--broken" '
        'title="No note or file at this path">e</span> <a href="#local">f</a></p>'
    )
    # The broken one is reported where it is written, like a broken wiki link.
    assert [str(d) for d in rendered.diagnostics] == [
        "Deep/Page.md:1:103: unresolved-link: [e](Missing.md) matches no note; "
        "create the note or correct the name"
    ]


def test_obsidian_uri_links_are_marked_not_resolved() -> None:
    vault = {
        "Page.md": '[open](obsidian://open?vault=V&file=Note.md) and [t](obsidian://x "mine")',
        "Note.md": "",
    }
    rendered = render_note(vault, "Page.md")
    assert rendered.html == (
        '<p><a class="obsidian-uri" href="obsidian://open?vault=V&amp;file=Note.md" '
        'title="Opens the Obsidian app (needs the vault on this computer)">open</a> and '
        '<a class="obsidian-uri" href="obsidian://x" title="mine">t</a></p>'
    )
    assert rendered.diagnostics == ()
    assert rendered.engine.index.notes[SrcUri("Page.md")].links == ()


def test_markdown_link_fragments_name_headings_as_written_or_by_anchor() -> None:
    vault = {
        "Page.md": (
            "[a](Other.md#Part%201:%20Basics) [b](Other.md#part-1-basics) "
            "[c](<Other.md#Part 1: Basics>) [d](Other.md#intro_1) [e](Other.md#^blk) "
            "[f](Other.md#nope)"
        ),
        "Other.md": "# Intro\n\n# Intro\n\n## Part 1: Basics\n\nparagraph ^blk\n",
    }
    rendered = render_note(vault, "Page.md")
    soup_hrefs = re.findall(r'href="([^"]+)"', rendered.html)
    assert soup_hrefs == [
        "Other.md#part-1-basics",
        "Other.md#part-1-basics",
        "Other.md#part-1-basics",
        "Other.md#intro_1",
        "Other.md#^blk",
        "Other.md",
    ]
    assert [(d.col, d.kind) for d in rendered.diagnostics] == [(134, "missing-heading")]


@pytest.mark.parametrize(
    ("page", "source", "html"),
    [
        (
            "Page.md",
            "see [md](Secret.md) and ![x](Secret.md)",
            '<p>see <span class="wikilink wikilink--broken" title="No note or file at this path">'
            'md</span> and <span class="wikilink wikilink--broken" '
            'title="No note or file at this path">x</span></p>',
        ),
        (
            "Sub/Page.md",
            '[*it*](../Secret.md#part "t") [y](Secret) [z](./../Secret.md)',
            '<p><span class="wikilink wikilink--broken" title="No note or file at this path">'
            "<em>it</em></span> "
            '<span class="wikilink wikilink--broken" title="No note or file at this path">y</span> '
            '<span class="wikilink wikilink--broken" title="No note or file at this path">z</span>'
            "</p>",
        ),
    ],
)
def test_markdown_links_to_unpublished_notes_render_broken(
    page: str, source: str, html: str
) -> None:
    # A dead <a href="Secret.md"> would leak the private note's file name.
    result = render_note({**VAULT, page: source}, page, attachments=ATTACHMENTS)
    assert result.html == html
    assert "Secret" not in result.html


def test_markdown_links_to_published_notes_are_unchanged() -> None:
    html, diagnostics = render("[r](ReLU.md#formulation) ![i](ReLU.md) [l](Sub/Leaky%20ReLU.md)")
    assert html == (
        '<p><a href="ReLU.md#formulation">r</a> <img alt="i" src="ReLU.md" /> '
        '<a href="Sub/Leaky%20ReLU.md">l</a></p>'
    )
    assert diagnostics == []


LINK = '\n<p><a class="wikilink" href="#^b">^b</a></p>'


@pytest.mark.parametrize(
    ("source", "html"),
    [
        (
            "| a | b |\n|---|---|\n| 1 | 2 |\n^b",
            '<table id="^b">\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n</thead>\n<tbody>\n'
            "<tr>\n<td>1</td>\n<td>2</td>\n</tr>\n</tbody>\n</table>",
        ),
        (
            "| a |\n|---|\n| 1 |\n^b",
            '<table id="^b">\n<thead>\n<tr>\n<th>a</th>\n</tr>\n</thead>\n<tbody>\n'
            "<tr>\n<td>1</td>\n</tr>\n</tbody>\n</table>",
        ),
        ("> q\n^b", '<blockquote id="^b">\n<p>q</p>\n</blockquote>'),
        ("> q\n> r\n^b", '<blockquote id="^b">\n<p>q\nr</p>\n</blockquote>'),
        ("text\n^b", '<p id="^b">text</p>'),
        ("- a\n- b\n^b", '<ul>\n<li>a</li>\n<li id="^b">b</li>\n</ul>'),
        # A list item's id ends its first line, an indented continuation line follows.
        (
            "1. Design.\n4. Next. ^b\n\tmore text\n5. Launch.",
            '<ol>\n<li>Design.</li>\n<li id="^b">Next.\n    more text</li>\n'
            "<li>Launch.</li>\n</ol>",
        ),
        (
            "- a\n\n- next ^b\n    more\n\n- c",
            '<ul>\n<li>\n<p>a</p>\n</li>\n<li>\n<p id="^b">next\n    more</p>\n</li>\n'
            "<li>\n<p>c</p>\n</li>\n</ul>",
        ),
    ],
)
def test_block_id_right_after_a_block_names_what_the_index_says(source: str, html: str) -> None:
    # The index counts these ids; the page must carry them, or [[#^b]] is a dead anchor.
    result = render_note({"Page.md": source + "\n\n[[#^b]]"}, "Page.md")
    assert (result.html, result.diagnostics) == (html + LINK, ())
    assert "b" in result.engine.index.notes["Page.md"].blocks


def test_a_paragraph_id_must_end_the_paragraph() -> None:
    # Outside a list item, "^id" ending a first line is text (Obsidian's ids end a block).
    result = render_note({"Page.md": "text ^b\nmore\n\n[[#^b]]"}, "Page.md")
    assert result.html.startswith("<p>text ^b\nmore</p>")
    assert [d.kind for d in result.diagnostics] == ["missing-block"]


@pytest.mark.parametrize(
    ("source", "html"),
    [
        (
            "[[ReLU#Formulation|`max(0, x)`]]",
            '<p><a class="wikilink" href="ReLU.md#formulation"><code>max(0, x)</code></a></p>',
        ),
        (
            "[[ReLU|the `relu` and `max`!]]",
            '<p><a class="wikilink" href="ReLU.md">the <code>relu</code> and <code>max</code>!'
            "</a></p>",
        ),
        ("[[ReLU|`a|b`]]", '<p><a class="wikilink" href="ReLU.md"><code>a|b</code></a></p>'),
        (
            "[[ReLU|$x^2$ wins]]",
            '<p><a class="wikilink" href="ReLU.md"><span class="arithmatex">\\(x^2\\)</span> wins'
            "</a></p>",
        ),
        ("[[`ReLU`]]", "<p>[[<code>ReLU</code>]]</p>"),
    ],
)
def test_code_and_math_in_display_text_render_inside_the_link(source: str, html: str) -> None:
    # Before, [[Funcs#hasTag|`hasTag`]] was dropped: no link, and no row in the link report.
    result = render_note({**VAULT, "Page.md": source}, "Page.md")
    assert (result.html, [str(d) for d in result.diagnostics]) == (html, [])
    rows = [r.link.raw for r in result.engine.check.records if r.source == "Page.md"]
    assert rows == ([] if source.startswith("[[`") else [source])


def test_code_in_the_display_text_of_a_broken_link_stays_code_and_is_reported() -> None:
    html, problems = render("[[Nowhere|`hasTag`]]")
    assert html == (
        '<p><span class="wikilink wikilink--broken" title="No note or file named \'Nowhere\'">'
        "<code>hasTag</code></span></p>"
    )
    assert problems == [
        "Page.md:1:1: unresolved-link: [[Nowhere|`hasTag`]] matches no note; create the note "
        "or correct the name"
    ]


def test_block_id_line_inside_code_is_left_alone() -> None:
    source = "```\n| a |\n^b\n```\n\n    > q\n    ^b"
    html = render_note({"Page.md": source}, "Page.md").html
    assert html.count("| a |\n^b\n</code></pre>") == 1
    assert html.endswith("<pre><code>&gt; q\n^b\n</code></pre>")


def test_trace_records_what_rendering_resolved_and_tells_when_it_changes() -> None:
    vault = {"Page.md": "[[ReLU#Formulation]] and [x](Other.md#Nope) `[[Code]]`", **VAULT}
    first = render_note(vault, "Page.md")
    context = first.engine.context
    context.trace = Trace()
    context.src_uri = "Page.md"
    md = markdown.Markdown(extensions=[WikiLinkExtension(lambda: context)])
    md.convert(vault["Page.md"])
    assert [(link.target, source) for link, source, _ in context.trace.links] == [
        ("ReLU", "Page.md"),
        ("Other.md", "Page.md"),
    ]
    trace, context.trace = context.trace, None
    assert context.still_answers(trace)
    # Same Markdown, but the vault changed where the page links: the trace no longer holds.
    assert not render_note({**vault, "Other.md": "# x"}, "Page.md").engine.context.still_answers(
        trace
    )
    renamed = {**vault, "ReLU.md": "## Definition\n"}
    assert not render_note(renamed, "Page.md").engine.context.still_answers(trace)
    unrelated = {**vault, "Unrelated.md": "text"}
    assert render_note(unrelated, "Page.md").engine.context.still_answers(trace)


@pytest.mark.parametrize(
    "body",
    [
        "*" * 2000 + "x" + "*" * 2000 + "\n",  # emphasis nested thousands deep
        "".join("    " * i + "- item\n" for i in range(250)),  # a list 250 levels deep
    ],
)
def test_a_note_nested_beyond_the_recursion_limit_is_shown_as_text(body: str) -> None:
    # Python-Markdown (and toc) recurse once per level: such a note stopped the whole build
    # with a RecursionError. It is shown as text, escaped, and reported.
    result = render_note({"Deep.md": "Before <b>x</b>\n\n" + body}, "Deep.md")
    assert result.html.startswith('<pre class="nl-too-deep"><code>Before &lt;b&gt;x&lt;/b&gt;')
    assert result.engine.context.too_deep == ["Deep.md"]
